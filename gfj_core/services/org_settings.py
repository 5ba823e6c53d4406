"""Reading and changing organisation settings (stored as JSON per top-level key)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.areas import reads
from gfj_core.errors import ValidationFailed
from gfj_core.formatting import using_date_style
from gfj_core.models import Person, Setting
from gfj_core.schemas.settings import OrgSettings


@functools.cache
def _default_thresholds_json() -> dict[str, Any]:
    """The default thresholds as stored JSON, built once: read only (validation copies them)."""
    return OrgSettings().model_dump(mode="json")["thresholds"]


def load_org_settings(session: Session) -> OrgSettings:
    """The settings with defaults for anything never set. Readable by every role. Nearly every
    service reads them: the rows as plain columns and the defaults built once keep that cheap."""
    stored = {
        key: json.loads(value)
        for key, value in session.execute(select(Setting.key, Setting.value_json))
    }
    known = {k: v for k, v in stored.items() if k in OrgSettings.model_fields}
    # Thresholds added by a newer version get their defaults; stored ones win.
    known["thresholds"] = {**_default_thresholds_json(), **known.get("thresholds", {})}
    return OrgSettings.model_validate(known)


@reads("setting")
def org_date_style(session: Session, *, actor) -> str:
    """The organisation's date style key (pages read it once per script run, cached)."""
    require(actor, "settings.read")
    return load_org_settings(session).date_style


F = TypeVar("F", bound=Callable[..., Any])


def in_org_date_style(fn: F) -> F:
    """Run a service that writes dates into text (emails, the packet) in the organisation's date
    style, wherever it is called from (a page, the CLI, the nightly timer)."""

    @functools.wraps(fn)
    def wrapper(session: Session, *args, **kwargs):
        with using_date_style(load_org_settings(session).date_style):
            return fn(session, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


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
    """Set one setting; `thresholds.months_of_cash.red` reaches into nested values. The CEO
    may set the transition settings only; the rest are the admin's."""
    _require_for_keys([dotted_key.split(".")[0]], actor=actor)
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
    require(actor, "settings.manage")
    write_settings(session, settings, set(OrgSettings.model_fields))


# --- the Organization settings page -----------------------------------------------------------

# Every field of OrgSettings but demo_loaded (set by the demo loader only), grouped as the page
# shows them. The CEO may change the transition group; every other group is the admin's.
SETTING_GROUPS: dict[str, tuple[str, ...]] = {
    "organisation": ("organisation_name", "founder_name", "date_style"),
    "transition": (
        "departing_leader",
        "departing_leader_title",
        "transition_start_date",
        "planned_handover_date",
    ),
    "fiscal_year": ("fiscal_year_start_month",),
    "thresholds": ("thresholds",),
    "readiness_index": ("readiness_index",),
    "mentoring": ("session_stale_days",),
    "emergency": ("emergency_triggers",),
}
CEO_GROUPS = frozenset({"transition"})
_GROUP_OF = {key: group for group, keys in SETTING_GROUPS.items() for key in keys}


def _require_for_keys(keys, *, actor) -> None:
    require(actor, "settings.write")
    if any(_GROUP_OF.get(k) not in CEO_GROUPS for k in keys):
        require(actor, "settings.manage")


def settings_group(session: Session, *, group: str, actor) -> dict[str, Any]:
    """The group's current values as JSON-ready data: what the form loads (and hands back on
    save as `loaded`, so a save from a stale copy is refused)."""
    require(actor, "settings.read")
    dumped = load_org_settings(session).model_dump(mode="json")
    return {key: dumped[key] for key in SETTING_GROUPS[group]}


def save_settings_group(
    session: Session, *, group: str, values: dict[str, Any], loaded: dict[str, Any], actor
) -> OrgSettings:
    """Validate the group with OrgSettings itself and save it. Refused, with what changed, when
    someone else saved one of these settings after the form was loaded."""
    from gfj_core.errors import StaleEdit

    if group not in SETTING_GROUPS:
        raise ValidationFailed(f"Unknown settings group '{group}'.")
    keys = SETTING_GROUPS[group]
    _require_for_keys(keys, actor=actor)
    current = load_org_settings(session).model_dump(mode="json")
    changed = {
        k: (loaded.get(k), current[k]) for k in keys if k in loaded and loaded[k] != current[k]
    }
    if changed:
        detail = "; ".join(f"{k} is now {new!r}" for k, (_, new) in changed.items())
        raise StaleEdit(
            "Someone else saved these settings after you opened them, so yours were not saved "
            f"(they are still in the form). {detail}. Review and save again.",
            changed,
        )
    merged = {**current, **{k: values[k] for k in keys if k in values}}
    try:
        updated = OrgSettings.model_validate(merged)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or group
            problems.append((where, err["msg"].removeprefix("Value error, ")))
        raise ValidationFailed(
            "The settings were not saved: " + "; ".join(f"{w}: {m}" for w, m in problems),
            problems,
        ) from None
    if "departing_leader" in keys and updated.departing_leader is not None:
        exists = session.scalar(
            select(Person.id).where(Person.full_name == updated.departing_leader)
        )
        if exists is None:
            message = f"No person named '{updated.departing_leader}': add them on People first."
            raise ValidationFailed(message, [("departing_leader", message)])
    if (
        "planned_handover_date" in keys
        and updated.transition_start_date
        and updated.planned_handover_date
        and updated.planned_handover_date < updated.transition_start_date
    ):
        message = "The handover cannot come before the transition starts."
        raise ValidationFailed(message, [("planned_handover_date", message)])
    write_settings(session, updated, set(keys))
    return updated
