"""No lost updates: an edit carries the version it was made from; a stale one is refused and
told what the other person changed (read from the audit trail)."""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from gfj_core.errors import StaleEdit
from gfj_core.models import AuditLog


def changes_since(
    session: Session, obj, since_version: int
) -> dict[str, tuple[str | None, str | None]]:
    """Field -> (value the user saw, value now), over the saves made after `since_version`.

    Each save is one flush, and every audit row of a flush shares its timestamp, so the last
    (current version - since_version) timestamps are the other people's saves."""
    saves_missed = obj.version - since_version
    if saves_missed <= 0:
        return {}
    entity_id = ",".join(str(v) for v in inspect(obj).mapper.primary_key_from_instance(obj))
    rows = session.execute(
        select(AuditLog.at, AuditLog.field, AuditLog.old_value, AuditLog.new_value)
        .where(
            AuditLog.entity == type(obj).__tablename__,
            AuditLog.entity_id == entity_id,
            AuditLog.action == "update",
        )
        .order_by(AuditLog.id)
    ).all()
    saves = [list(group) for _, group in groupby(rows, key=lambda r: r.at)]
    out: dict[str, tuple[str | None, str | None]] = {}
    for save in saves[-saves_missed:]:
        for row in save:
            seen = out[row.field][0] if row.field in out else row.old_value
            out[row.field] = (seen, row.new_value)
    return out


def check_version(session: Session, obj, expected_version: int | None, what: str) -> None:
    """Raise StaleEdit when `obj` was saved by someone else after the user loaded it."""
    if expected_version is None or obj.version == expected_version:
        return
    changes = changes_since(session, obj, expected_version)
    detail = "; ".join(f"{field} from {old!r} to {new!r}" for field, (old, new) in changes.items())
    raise StaleEdit(
        f"Someone else saved this {what} after you opened it, so your changes were not saved "
        "(they are still in the form)."
        + (f" They changed {detail}." if detail else "")
        + " Review their change and save again.",
        changes,
    )


def check_still_absent(existing, what: str) -> None:
    """Refuse a create whose form saw no such row when one now exists: someone else added it
    after the form was opened (the create's version check, where there was nothing to load)."""
    if existing is not None:
        raise StaleEdit(
            f"Someone else added this {what} after you opened the page, so yours was not saved "
            "(it is still in the form). Review theirs and edit it instead."
        )
