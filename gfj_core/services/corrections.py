"""Correcting and removing records that were added once and could never be changed (issue 15):
community programmes and events, legacy items, stories, campaigns, influence items.

`correct_row` lays a row edit's changes over the record as it stands and checks the result with
the record's own create schema (every rule of the add form holds for a correction too).
`CORRECTIONS` declares, for each kind of record a table editor corrects this way, its create and
changes schemas (which fields a row edit may change), the permission, its audit area (the table
its audit rows name), what a row is called and the rules only the database can check; the one
helper `save_corrections` applies a whole table of row edits through `tables.save_rows`, all or
nothing.
`delete_row` removes a record nothing else points at, after the version check. Every change is
audited by the session's hooks (gfj_core.audit) and shows in the record's History panel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.models import (
    Campaign,
    CommunityEvent,
    CommunityProgramme,
    InfluenceItem,
    LegacyItem,
    Story,
    StoryValue,
)
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.evaluation import (
    CampaignChanges,
    CampaignCreate,
    EventChanges,
    EventCreate,
    InfluenceChanges,
    InfluenceCreate,
    LegacyItemChanges,
    LegacyItemCreate,
    ProgrammeChanges,
    ProgrammeCreate,
    StoryChanges,
    StoryCreate,
)
from gfj_core.schemas.messages import friendly_message
from gfj_core.services.tables import save_rows
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


# --------------------------------------------------------------------------- the declared table


@dataclass(frozen=True)
class Correctable:
    """How a table editor corrects one kind of record. The create schema's fields are the ones
    a row edit may change (copied to the model's attributes of the same name); `changes` is the
    row edit's model (those fields, optional, plus edit-only ones such as `archived`)."""

    model: type
    create: type[BaseModel]
    changes: type[BaseModel]
    permission: str
    what: str  # the record in messages: "That programme no longer exists"
    title: str = "name"  # the attribute that names a row in the table's problems
    # Columns that together may not repeat (text compared without case), and the problem then.
    unique: tuple[str, ...] = ()
    taken: str = "'{name}' is already recorded"
    # `programme` is a programme's name in the form and `programme_id` on the record.
    programme: bool = False
    # The edit-only `archived` tick sets `active` to its opposite.
    archivable: bool = False
    # Fields read and written by a rule of their own (story values, consent dates).
    special: tuple[str, ...] = ()
    read_special: Callable[[Any], dict] | None = None
    write_special: Callable[[Any, BaseModel], None] | None = None
    plain: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        skip = {"programme", *self.special}
        object.__setattr__(
            self, "plain", tuple(f for f in self.create.model_fields if f not in skip)
        )

    @property
    def area(self) -> str:
        """The table its audit rows name (`audit_log.entity`), whose version a save moves."""
        return self.model.__tablename__


def _story_read_special(s: Story) -> dict:
    return {"values": [v.value_name for v in s.values], "consent_on": s.consent_on}


def _story_write_special(s: Story, data: StoryCreate) -> None:
    # Withdrawn consent: the story leaves every view but its editors' at once (the date goes).
    s.consent_on = data.consent_on if data.consent else None
    # Only what changed, so a kept tag is never deleted and re-inserted in one flush.
    kept = {v.value_name for v in s.values}
    s.values = [v for v in s.values if v.value_name in data.values] + [
        StoryValue(value_name=v) for v in data.values if v not in kept
    ]


CORRECTIONS: dict[type, Correctable] = {
    c.model: c
    for c in (
        Correctable(
            CommunityProgramme,
            ProgrammeCreate,
            ProgrammeChanges,
            "evaluation.write",
            "programme",
            unique=("name",),
            archivable=True,
        ),
        Correctable(
            CommunityEvent,
            EventCreate,
            EventChanges,
            "evaluation.write",
            "event",
            unique=("held_on", "name"),
            taken="'{name}' on {held_on} is already recorded",
            programme=True,
        ),
        Correctable(
            LegacyItem,
            LegacyItemCreate,
            LegacyItemChanges,
            "evaluation.write",
            "register entry",
            title="title",
        ),
        Correctable(
            Story,
            StoryCreate,
            StoryChanges,
            "stories.edit",
            "story",
            title="title",
            programme=True,
            special=("values", "consent_on"),
            read_special=_story_read_special,
            write_special=_story_write_special,
        ),
        Correctable(
            Campaign,
            CampaignCreate,
            CampaignChanges,
            "evaluation.write",
            "campaign",
            unique=("name",),
            taken="'{name}' already exists",
        ),
        Correctable(
            InfluenceItem,
            InfluenceCreate,
            InfluenceChanges,
            "evaluation.write",
            "influence item",
            title="title",
        ),
    )
}


def _current(spec: Correctable, obj) -> dict:
    out = {f: getattr(obj, f) for f in spec.plain}
    if spec.programme:
        out["programme"] = obj.programme.name if obj.programme else None
    if spec.read_special:
        out |= spec.read_special(obj)
    return out


def _programme_id(session: Session, name: str) -> int | None:
    return session.scalar(
        select(CommunityProgramme.id).where(
            func.lower(CommunityProgramme.name) == name.strip().lower()
        )
    )


def _taken(session: Session, spec: Correctable, obj, data: BaseModel) -> bool:
    def same(column: str):
        value = getattr(data, column)
        attr = getattr(spec.model, column)
        return func.lower(attr) == value.lower() if isinstance(value, str) else attr == value

    return (
        session.scalar(
            select(spec.model.id).where(*(same(c) for c in spec.unique), spec.model.id != obj.id)
        )
        is not None
    )


def _store(session: Session, spec: Correctable, obj, data: BaseModel, extra: dict) -> Problems:
    """Write the checked record back, or say what only the database can see is wrong."""
    problems: Problems = []
    programme_id = None
    if spec.programme and data.programme:
        programme_id = _programme_id(session, data.programme)
        if programme_id is None:
            problems.append(("programme", f"no program named '{data.programme}'"))
    if spec.unique and _taken(session, spec, obj, data):
        shown = {
            k: fmt_date(v) if hasattr(v, "isoformat") else v for k, v in data.model_dump().items()
        }
        problems.append((spec.unique[-1], spec.taken.format(**shown)))
    if problems:
        return problems
    for f in spec.plain:
        setattr(obj, f, getattr(data, f))
    if spec.programme:
        obj.programme_id = programme_id
    if spec.write_special:
        spec.write_special(obj, data)
    if spec.archivable and extra.get("archived") is not None:
        obj.active = not extra["archived"]
    return problems


def save_corrections(session: Session, model: type, edits: list[RowEdit], *, actor) -> int:
    """Correct a whole table of `model` records (as `CORRECTIONS` declares it): every row is
    checked by the add form's rules and the database's, then all rows are saved or none."""
    spec = CORRECTIONS[model]
    require(actor, spec.permission)
    return save_rows(
        session,
        edits,
        lambda e: correct_row(
            session,
            model,
            e,
            create=spec.create,
            current=lambda obj: _current(spec, obj),
            store=lambda obj, data, extra: _store(session, spec, obj, data, extra),
            what=spec.what,
        ),
        name=lambda obj: getattr(obj, spec.title),
    )
