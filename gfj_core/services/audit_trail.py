"""Reading the audit trail: the admin's audit page, the History panel on a record, and the
activity summary the board-meeting digest reads.

The trail itself is written by gfj_core.audit (every audited table, same transaction, sensitive
columns redacted). Everything here discovers tables from the SQLAlchemy metadata, so a table an
area adds later is filterable and labelled without a change here; only who may read a record's
history needs one line in HISTORY_READ (unknown tables default to admins only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import groupby

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator
from sqlalchemy import Table, func, or_, select
from sqlalchemy.orm import Session

from gfj_core.access import PERMISSIONS, can, require
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.models import (
    AuditLog,
    Base,
    DevelopmentGoal,
    StrategicExposure,
    TrainingCompletion,
    UserAccount,
)
from gfj_core.services.leader_scope import leader_scope, mentors_now

# Columns the audit writer skips (gfj_core.audit._SKIPPED): not offered as field filters.
_UNRECORDED = {"created_at", "updated_at", "version"}
# The first of these a table has names its records in lists ("Milestone: Board approves plan").
LABEL_COLUMNS = ("full_name", "name", "title", "username", "label", "key")
# Rows written by operations on the whole database rather than on one record.
DATABASE_ENTITY = "database"
ACTIONS = ("insert", "update", "delete", "backup", "restore")
ACTION_WORDS = {
    "insert": "created",
    "update": "changed",
    "delete": "deleted",
    "backup": "backed up",
    "restore": "restored",
}

# Who may read the history of a record, by table: the permission that lets a role see the
# record itself. A table missing here is readable by admins only (audit.read), so a new table
# is never over-shared. A permission not (yet) defined in gfj_core.access falls back the same way.
# Tables whose rows are filtered per person (a mentor's mentees, private notes) must also register
# a row check in HISTORY_ROW_CHECKS, or stay admin-only.
HISTORY_READ: dict[str, str] = {
    "person": "people.read",
    "setting": "settings.read",
    "user_account": "users.manage",
    "phase": "transition.read",
    "milestone": "transition.read",
    "checklist_item": "transition.checklist.read",
    "backup_function": "transition.continuity.read",
    "knowledge_function": "transition.continuity.read",
    "key_relationship": "transition.continuity.read",
    "founder_role": "transition.continuity.read",
    "funder": "finance.read",
    # The pipeline (issue 15): who manages a record reads its history; a mentor only for the
    # goals of their current mentees (the row check below).
    "emerging_leader": "pipeline.manage",
    "mentorship": "pipeline.manage",
    "development_goal": "goals.manage",
    # Programmes and their funding (issue 15): who manages them reads their history.
    "programme": "programmes.manage",
    "programme_funding": "programmes.manage",
    # Evaluation records (issue 15): who corrects them reads their history; stories only their
    # editors (a story without consent is shown to nobody else).
    "community_programme": "evaluation.write",
    "community_event": "evaluation.write",
    "legacy_item": "evaluation.write",
    "campaign": "evaluation.write",
    "influence_item": "evaluation.write",
    "story": "stories.edit",
    "training_module": "training.manage",
    "training_completion": "development.record",
    "strategic_exposure": "development.record",
    "leader_outcome": "outcomes.manage",
}


def _of_own_mentee(model) -> Callable[[Session, object, str], bool]:
    """A row check for a table whose rows belong to a leader: a mentor sees the history of
    their current mentees' rows only."""

    def check(session: Session, actor, entity_id: str) -> bool:
        if leader_scope(actor) is None:
            return True
        leader_id = session.scalar(select(model.leader_id).where(model.id == int(entity_id)))
        return leader_id is not None and mentors_now(session, actor, leader_id)

    return check


# Optional per-row checks: (session, actor, entity_id) -> may this actor see this record?
HISTORY_ROW_CHECKS: dict[str, Callable[[Session, object, str], bool]] = {
    "development_goal": _of_own_mentee(DevelopmentGoal),
    "training_completion": _of_own_mentee(TrainingCompletion),
    "strategic_exposure": _of_own_mentee(StrategicExposure),
}


class AuditFilters(BaseModel):
    """What the audit page asks for. Every filter is optional; dates are UTC and inclusive."""

    model_config = ConfigDict(frozen=True)

    entity: str | None = None
    entity_id: str | None = None
    actor_name: str | None = None
    field: str | None = None
    actions: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = Field(None, max_length=200)  # found in the old or new value
    limit: int = Field(200, ge=1, le=5000)
    offset: int = Field(0, ge=0)

    @field_validator("entity", "entity_id", "actor_name", "field", "text", mode="before")
    @classmethod
    def _blank_is_none(cls, v):
        if isinstance(v, str):
            v = v.strip()
            return v or None
        return v

    @field_validator("actions")
    @classmethod
    def _known_actions(cls, v):
        unknown = sorted(set(v) - set(ACTIONS))
        if unknown:
            raise ValueError(f"unknown action(s): {', '.join(unknown)}")
        return tuple(v)


class AuditEntry(BaseModel):
    """One recorded field change (or one whole-record deletion / database operation)."""

    id: int
    at: datetime  # UTC
    actor_name: str
    actor_user_id: int | None
    action: str
    entity: str
    entity_label: str
    entity_id: str
    record_label: str | None  # the record's current name, when it has one and still exists
    field: str | None
    field_label: str | None
    old_value: str | None
    new_value: str | None
    # For foreign keys, the referenced record's name ("Rosa Delgado (#3)"); else the raw value.
    old_display: str | None
    new_display: str | None


class AuditPage(BaseModel):
    entries: list[AuditEntry]
    total: int
    offset: int
    limit: int


class AuditChoices(BaseModel):
    """Options for the audit page's filters, from the schema (no scan of the trail)."""

    entities: dict[str, str]  # table -> label
    fields: dict[str, list[str]]  # table -> recorded columns
    actors: list[str]
    actions: list[str]


class FieldChange(BaseModel):
    field: str | None
    field_label: str | None
    old_display: str | None
    new_display: str | None


class ChangeSet(BaseModel):
    """One save: everything one person changed in one record in one transaction."""

    at: datetime
    actor_name: str
    action: str
    entity: str
    entity_id: str
    changes: list[FieldChange]

    @property
    def summary(self) -> str:
        return f"{self.actor_name} {ACTION_WORDS.get(self.action, self.action)}"


class RecordHistory(BaseModel):
    entity: str
    entity_label: str
    entity_id: str
    record_label: str | None
    change_sets: list[ChangeSet]  # newest first
    truncated: bool  # older saves exist beyond the limit


class EntityActivity(BaseModel):
    """How much changed in one table over a period (for the board-meeting digest)."""

    entity: str
    entity_label: str
    created: int
    changed: int
    deleted: int
    records: int
    actors: list[str]
    last_at: datetime


# ---------------------------------------------------------------------------------------------
# Schema discovery


@cache
def _audited_tables() -> dict[str, Table]:
    """Every audited table by name (the mappers are all registered by gfj_core.models)."""
    tables = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__audited__", False) and isinstance(mapper.local_table, Table):
            tables[mapper.local_table.name] = mapper.local_table
    return dict(sorted(tables.items()))


@cache
def humanise(name: str | None) -> str | None:
    """`forecast_finish` -> `Forecast finish`; `owner_person_id` -> `Owner person`."""
    if name is None:
        return None
    words = name.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def entity_label(entity: str) -> str:
    return "Database" if entity == DATABASE_ENTITY else humanise(entity) or entity


def _recorded_columns(table: Table) -> list[str]:
    return [c.key for c in table.columns if c.key not in _UNRECORDED]


def _label_column(table: Table):
    for name in LABEL_COLUMNS:
        column = table.columns.get(name)
        if column is not None and not column.info.get("sensitive"):
            return column
    return None


def _single_pk(table: Table):
    pk = list(table.primary_key.columns)
    return pk[0] if len(pk) == 1 else None


def _labels_for(session: Session, table: Table, ids: Iterable[str]) -> dict[str, str]:
    """Current names of the given records of one table, in one query."""
    label, pk = _label_column(table), _single_pk(table)
    wanted = {i for i in ids if i is not None}
    if label is None or pk is None or not wanted:
        return {}
    keys: list = list(wanted)
    if pk.type.python_type is int:
        keys = [int(i) for i in wanted if i.lstrip("-").isdigit()]
    rows = session.connection().execute(select(pk, label).where(pk.in_(keys))).all()
    return {str(k): str(v) for k, v in rows if v is not None}


@cache
def _fk_targets(table: Table) -> dict[str, Table]:
    """Column -> the table it references, for single-column foreign keys."""
    out = {}
    for column in table.columns:
        fks = list(column.foreign_keys)
        if len(fks) == 1:
            out[column.key] = fks[0].column.table
    return out


class _Labeller:
    """Turns entity ids and foreign-key values into names, batching one query per table."""

    def __init__(self, session: Session, rows: list) -> None:
        tables = _audited_tables()
        wanted: dict[str, set[str]] = {}
        for r in rows:
            if r.entity in tables:
                wanted.setdefault(r.entity, set()).add(r.entity_id)
                target = _fk_targets(tables[r.entity]).get(r.field or "")
                if target is not None:
                    wanted.setdefault(target.name, set()).update(
                        v for v in (r.old_value, r.new_value) if v is not None
                    )
        all_tables = Base.metadata.tables
        self._labels = {
            name: _labels_for(session, all_tables[name], ids)
            for name, ids in wanted.items()
            if name in all_tables
        }
        self._tables = tables

    def record(self, entity: str, entity_id: str) -> str | None:
        return self.records(entity).get(entity_id)

    def records(self, entity: str) -> dict[str, str]:
        """The names of this table's records on the page, by id."""
        return self._labels.get(entity, {})

    def fk_labels(self, entity: str, field: str | None) -> dict[str, str] | None:
        """The names of the records a foreign-key field refers to; None if it is not one."""
        if field is None or entity not in self._tables:
            return None
        target = _fk_targets(self._tables[entity]).get(field)
        return None if target is None else self._labels.get(target.name, {})

    def value(self, entity: str, field: str | None, value: str | None) -> str | None:
        return _shown(value, self.fk_labels(entity, field))


def _shown(value: str | None, fk_labels: dict[str, str] | None) -> str | None:
    """A value as the trail shows it: a foreign key by the referenced record's name."""
    if value is None or fk_labels is None:
        return value
    name = fk_labels.get(value)
    return f"{name} (#{value})" if name else f"#{value}"


# ---------------------------------------------------------------------------------------------
# The audit page


def audit_filter_choices(session: Session, *, actor) -> AuditChoices:
    require(actor, "audit.read")
    tables = _audited_tables()
    usernames = session.scalars(select(UserAccount.username).order_by(UserAccount.username)).all()
    return AuditChoices(
        entities={name: entity_label(name) for name in tables} | {DATABASE_ENTITY: "Database"},
        fields={name: _recorded_columns(t) for name, t in tables.items()},
        actors=["system", *usernames],
        actions=list(ACTIONS),
    )


def _where(filters: AuditFilters) -> list:
    conditions = []
    if filters.entity:
        conditions.append(AuditLog.entity == filters.entity)
    if filters.entity_id:
        conditions.append(AuditLog.entity_id == filters.entity_id)
    if filters.actor_name:
        conditions.append(AuditLog.actor_name == filters.actor_name)
    if filters.field:
        conditions.append(AuditLog.field == filters.field)
    if filters.actions:
        conditions.append(AuditLog.action.in_(filters.actions))
    if filters.date_from:
        conditions.append(AuditLog.at >= datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        conditions.append(AuditLog.at < datetime.combine(filters.date_to + timedelta(1), time.min))
    if filters.text:
        pattern = f"%{filters.text}%"
        conditions.append(or_(AuditLog.old_value.like(pattern), AuditLog.new_value.like(pattern)))
    return conditions


def audit_entries(session: Session, *, filters: AuditFilters, actor) -> AuditPage:
    """The matching audit rows, newest first, one page at a time."""
    require(actor, "audit.read")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationFailed(
            "The date range is back to front.",
            [("date_to", "The end date is before the start date.")],
        )
    conditions = _where(filters)
    conn = session.connection()
    total = conn.scalar(select(func.count()).select_from(AuditLog).where(*conditions))
    # Columns through Core, not entities: the rows are only read, and never enter the identity
    # map (nor the ORM's result machinery).
    rows = conn.execute(
        select(*_ENTRY_COLUMNS)
        .where(*conditions)
        .order_by(AuditLog.id.desc())
        .limit(filters.limit)
        .offset(filters.offset)
    ).all()
    return AuditPage.model_construct(
        entries=_ENTRIES.validate_python(_page_entries(rows, _Labeller(session, rows))),
        total=total or 0,
        offset=filters.offset,
        limit=filters.limit,
    )


_ENTRY_COLUMNS = (
    AuditLog.id,
    AuditLog.at,
    AuditLog.actor_name,
    AuditLog.actor_user_id,
    AuditLog.action,
    AuditLog.entity,
    AuditLog.entity_id,
    AuditLog.field,
    AuditLog.old_value,
    AuditLog.new_value,
)


# One validation of the whole page in pydantic-core: several times faster than a model per row
# (and than model_construct, which is a Python loop).
_ENTRIES = TypeAdapter(list[AuditEntry])


def _page_entries(rows, labeller: _Labeller) -> list[dict]:
    """The page's entries from its audit rows, with what depends only on the table and the field
    (their words, whether the field is a foreign key) worked out once per (table, field), not per row."""
    fields: dict[tuple[str, str | None], tuple] = {}
    out = []
    for id_, at, actor_name, actor_user_id, action, entity, entity_id, field, old, new in rows:
        known = fields.get((entity, field))
        if known is None:
            known = fields[(entity, field)] = (
                entity_label(entity),
                humanise(field),
                labeller.fk_labels(entity, field),
                labeller.records(entity),
            )
        words, field_words, fk_labels, records = known
        out.append(
            {
                "id": id_,
                "at": at,
                "actor_name": actor_name,
                "actor_user_id": actor_user_id,
                "action": action,
                "entity": entity,
                "entity_label": words,
                "entity_id": entity_id,
                "record_label": records.get(entity_id),
                "field": field,
                "field_label": field_words,
                "old_value": old,
                "new_value": new,
                "old_display": _shown(old, fk_labels),
                "new_display": _shown(new, fk_labels),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# The History panel on a record


def history_permission(entity: str) -> str:
    permission = HISTORY_READ.get(entity, "audit.read")
    return permission if permission in PERMISSIONS else "audit.read"


def can_read_history(session: Session, actor, entity: str, entity_id: str) -> bool:
    if actor is None:
        return False
    if can(actor.role, "audit.read"):
        return True
    if not can(actor.role, history_permission(entity)):
        return False
    check = HISTORY_ROW_CHECKS.get(entity)
    return check is None or bool(check(session, actor, entity_id))


def record_history(
    session: Session, *, entity: str, entity_id: str | int, actor, limit: int = 50
) -> RecordHistory:
    """Every save of one record, newest first: who, when (UTC), which fields, from what to what."""
    entity_id = str(entity_id)
    if entity != DATABASE_ENTITY and entity not in _audited_tables():
        raise ValidationFailed(f"entity: '{entity}' is not a recorded table.")
    # Admins read every history; others need the record's own read permission, then any row
    # check its area registered (a mentor's own mentees, for instance).
    admin = actor is not None and can(actor.role, "audit.read")
    require(actor, "audit.read" if admin else history_permission(entity))
    if not can_read_history(session, actor, entity, entity_id):
        raise PermissionDenied("You may not see the history of this record.")
    # Fetch the newest rows of up to `limit` saves; a save is a handful of rows, so ask for a
    # generous number of rows and cut at whole saves.
    rows = session.scalars(
        select(AuditLog)
        .where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
        .order_by(AuditLog.id.desc())
        .limit(limit * 40 + 1)
    ).all()
    labeller = _Labeller(session, rows)
    sets = _change_sets(rows, labeller)
    return RecordHistory(
        entity=entity,
        entity_label=entity_label(entity),
        entity_id=entity_id,
        record_label=labeller.record(entity, entity_id),
        change_sets=sets[:limit],
        truncated=len(sets) > limit or len(rows) > limit * 40,
    )


def _change_sets(rows: list[AuditLog], labeller: _Labeller) -> list[ChangeSet]:
    """Rows newest first -> saves newest first, fields in the order they were recorded."""

    def key(r: AuditLog):
        return (r.at, r.actor_name, r.action, r.entity, r.entity_id)

    sets = []
    for (at, actor_name, action, entity, entity_id), group in groupby(rows, key=key):
        changes = sorted(group, key=lambda r: r.id)
        sets.append(
            ChangeSet(
                at=at,
                actor_name=actor_name,
                action=action,
                entity=entity,
                entity_id=entity_id,
                changes=[
                    FieldChange(
                        field=r.field,
                        field_label=humanise(r.field),
                        old_display=labeller.value(entity, r.field, r.old_value),
                        new_display=labeller.value(entity, r.field, r.new_value),
                    )
                    for r in changes
                    if r.field is not None or action not in ("insert", "update")
                ],
            )
        )
    return sets


# ---------------------------------------------------------------------------------------------
# The board-meeting digest


def activity_summary(
    session: Session, *, since: datetime, until: datetime, actor
) -> list[EntityActivity]:
    """Per table, how many records were created, changed and deleted in [since, until) (UTC),
    by whom, limited to the tables whose history this viewer may read. Counts saves, not
    fields: a save that changes three fields of one record counts once."""
    if until <= since:
        raise ValidationFailed("The period is empty.", [("until", "must be after since")])
    tables = _audited_tables()
    readable = [
        name
        for name in tables
        if can(actor.role, "audit.read") or can(actor.role, history_permission(name))
        if name not in HISTORY_ROW_CHECKS or can(actor.role, "audit.read")
    ]
    if not readable:
        return []
    saves = (
        select(
            AuditLog.entity,
            AuditLog.entity_id,
            AuditLog.action,
            AuditLog.actor_name,
            AuditLog.at,
        )
        .where(AuditLog.at >= since, AuditLog.at < until, AuditLog.entity.in_(readable))
        .distinct()
        .subquery()
    )
    rows = session.execute(
        select(
            saves.c.entity,
            func.count().filter(saves.c.action == "insert"),
            func.count().filter(saves.c.action == "update"),
            func.count().filter(saves.c.action == "delete"),
            func.count(func.distinct(saves.c.entity_id)),
            func.max(saves.c.at),
        ).group_by(saves.c.entity)
    ).all()
    actor_rows = session.execute(
        select(saves.c.entity, saves.c.actor_name).distinct().order_by(saves.c.actor_name)
    ).all()
    actors: dict[str, list[str]] = {}
    for entity, name in actor_rows:
        actors.setdefault(entity, []).append(name)
    out = [
        EntityActivity(
            entity=entity,
            entity_label=entity_label(entity),
            created=created,
            changed=changed,
            deleted=deleted,
            records=records,
            actors=actors.get(entity, []),
            last_at=last_at,
        )
        for entity, created, changed, deleted, records, last_at in rows
    ]
    return sorted(out, key=lambda a: (-(a.created + a.changed + a.deleted), a.entity))
