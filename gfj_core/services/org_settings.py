"""Reading and changing organisation settings (stored as JSON per top-level key)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import ValidationFailed
from gfj_core.models import Person, Setting
from gfj_core.schemas.settings import OrgSettings


def load_org_settings(session: Session) -> OrgSettings:
    """The settings with defaults for anything never set. Readable by every role."""
    stored = {row.key: json.loads(row.value_json) for row in session.scalars(select(Setting))}
    known = {k: v for k, v in stored.items() if k in OrgSettings.model_fields}
    # Thresholds added by a newer version get their defaults; stored ones win.
    defaults = OrgSettings().model_dump(mode="json")["thresholds"]
    known["thresholds"] = {**defaults, **known.get("thresholds", {})}
    return OrgSettings.model_validate(known)


def _parse_scalar(raw: str) -> Any:
    """CLI values arrive as text: accept JSON (numbers, true, null, objects) or a bare string."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def write_settings(session: Session, settings: OrgSettings, keys: set[str]) -> None:
    dumped = settings.model_dump(mode="json")
    for key in keys:
        row = session.get(Setting, key)
        value = json.dumps(dumped[key], sort_keys=True)
        if row is None:
            session.add(Setting(key=key, value_json=value))
        elif row.value_json != value:
            row.value_json = value
    session.flush()


def set_org_setting(session: Session, dotted_key: str, raw_value: Any, *, actor) -> OrgSettings:
    """Set one setting; `thresholds.months_of_cash.red` reaches into nested values."""
    require(actor, "settings.write")
    current = load_org_settings(session).model_dump(mode="json")
    parts = dotted_key.split(".")
    if parts[0] not in OrgSettings.model_fields:
        known = ", ".join(sorted(OrgSettings.model_fields))
        raise ValidationFailed(f"Unknown setting '{parts[0]}'. Known settings: {known}.")
    value = _parse_scalar(raw_value) if isinstance(raw_value, str) else raw_value
    target = current
    for part in parts[:-1]:
        if not isinstance(target.get(part), dict):
            raise ValidationFailed(f"'{dotted_key}' does not name a setting.")
        target = target[part]
    if len(parts) > 1 and parts[-1] not in target:
        raise ValidationFailed(f"'{dotted_key}' does not name a setting.")
    target[parts[-1]] = value
    try:
        updated = OrgSettings.model_validate(current)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValidationFailed(f"{dotted_key}: {first['msg']}") from None
    if parts[0] == "departing_leader" and updated.departing_leader is not None:
        exists = session.scalar(
            select(Person.id).where(Person.full_name == updated.departing_leader)
        )
        if exists is None:
            raise ValidationFailed(
                f"departing_leader: no person named '{updated.departing_leader}'."
            )
    write_settings(session, updated, {parts[0]})
    return updated


def save_org_settings(session: Session, settings: OrgSettings, *, actor) -> None:
    require(actor, "settings.write")
    write_settings(session, settings, set(OrgSettings.model_fields))
