"""Correcting and removing records that were added once and could never be changed (issue 15):
community programmes and events, legacy items, stories, campaigns, influence items.

`correct_row` lays a row edit's changes over the record as it stands and checks the result with
the record's own create schema (every rule of the add form holds for a correction too); the
table services hand it to `tables.save_rows`, so a table is saved all or nothing.
`delete_row` removes a record nothing else points at, after the version check. Every change is
audited by the session's hooks (gfj_core.audit) and shows in the record's History panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.messages import friendly_message
from gfj_core.services.versioning import check_version

Problems = list[tuple[str, str]]


def pydantic_problems(exc: ValidationError) -> Problems:
    """(field, message) for each problem; a rule of the whole record names no field."""
    return [(str(e["loc"][0]) if e["loc"] else "record", friendly_message(e)) for e in exc.errors()]


def correct_row(
    session: Session,
    model: type,
    edit: RowEdit,
    *,
    create: type[BaseModel],
    current: Callable[[Any], dict],
    store: Callable[[Any, BaseModel, dict], Problems | None],
    what: str,
) -> tuple[Any, Problems]:
    """Apply one row edit: (the record, its problems). `current` gives the record as the create
    schema's fields; `store` writes the checked record back (with the edit-only fields, such as
    `archived`) and may return problems only the database can see (a name already taken)."""
    obj = session.get(model, edit.id)
    if obj is None:
        raise NotFound(f"That {what} no longer exists: reload the page.")
    check_version(session, obj, edit.expected_version, what)
    changed = edit.changes.model_fields_set
    merged = current(obj) | {
        k: getattr(edit.changes, k) for k in changed if k in create.model_fields
    }
    extra = {k: getattr(edit.changes, k) for k in changed if k not in create.model_fields}
    try:
        data = create.model_validate(merged)
    except ValidationError as exc:
        return obj, pydantic_problems(exc)
    with session.no_autoflush:
        problems = store(obj, data, extra) or []
    return obj, problems


def delete_row(
    session: Session,
    model: type,
    *,
    record_id: int,
    expected_version: int | None,
    what: str,
    blockers: Callable[[Any], str | None] | None = None,
) -> Any:
    """Delete one record after the version check; `blockers` says why it must be archived
    instead (something points at it), which refuses the delete."""
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFound(f"That {what} no longer exists: reload the page.")
    check_version(session, obj, expected_version, what)
    reason = blockers(obj) if blockers else None
    if reason:
        raise ValidationFailed(reason, [("record", reason)])
    session.delete(obj)
    session.flush()
    return obj
