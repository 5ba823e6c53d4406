"""Automatic audit trail: every insert, update and delete of an audited table is recorded in
audit_log by the same flush, so a rolled-back change leaves no audit row behind.

Columns marked `info={"sensitive": True}` (password hashes, private notes) are recorded as
changed but their values are never written: the audit page must not leak what the role rules hide.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from gfj_core.models.audit import AuditLog
from gfj_core.models.base import utcnow

_SKIPPED = {"created_at", "updated_at", "version"}
REDACTED = "(redacted)"


def _fmt(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _is_audited(obj) -> bool:
    return getattr(type(obj), "__audited__", False)


def _entity_id(obj) -> str:
    # After the INSERT the primary key is on the instance, though not yet in its identity key.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(v) for v in key)


def _columns(obj):
    mapper = inspect(obj).mapper
    for attr in mapper.column_attrs:
        if attr.key in _SKIPPED:
            continue
        column = attr.columns[0]
        yield attr.key, bool(column.info.get("sensitive"))


def _changes(obj, action: str):
    state = inspect(obj)
    for key, sensitive in _columns(obj):
        if action == "insert":
            new = getattr(obj, key)
            if new is None:
                continue
            yield key, None, REDACTED if sensitive else _fmt(new)
        elif action == "delete":
            old = getattr(obj, key)
            if old is None:
                continue
            yield key, REDACTED if sensitive else _fmt(old), None
        else:
            hist = state.attrs[key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if _fmt(old) == _fmt(new):
                continue
            if sensitive:
                old, new = (REDACTED if old is not None else None), REDACTED
            yield key, _fmt(old), _fmt(new)


def _collect(session: Session) -> list[dict]:
    actor = session.info.get("actor")
    actor_user_id = getattr(actor, "user_id", None)
    actor_name = getattr(actor, "username", None) or "system"
    at = session.info.get("audit_at") or utcnow()
    rows: list[dict] = []
    groups = (("insert", session.new), ("update", session.dirty), ("delete", session.deleted))
    for action, objects in groups:
        for obj in objects:
            if not _is_audited(obj):
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            base = {
                "at": at,
                "actor_user_id": actor_user_id,
                "actor_name": actor_name,
                "action": action,
                "entity": type(obj).__tablename__,
                "entity_id": None,
                "_obj": obj,
            }
            changes = list(_changes(obj, action))
            if action == "delete" and not changes:
                changes = [(None, None, None)]
            for field, old, new in changes:
                rows.append({**base, "field": field, "old_value": old, "new_value": new})
    return rows


@event.listens_for(Session, "before_flush")
def _capture_before_flush(session: Session, _ctx, _instances) -> None:
    if session.info.get("audit", True):
        session.info.setdefault("_pending_audit", []).extend(_collect(session))


@event.listens_for(Session, "after_flush")
def _write_after_flush(session: Session, _ctx) -> None:
    pending = session.info.pop("_pending_audit", None)
    if not pending:
        return
    for row in pending:
        obj = row.pop("_obj")
        row["entity_id"] = _entity_id(obj)
    session.connection().execute(insert(AuditLog), pending)
