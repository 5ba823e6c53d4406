"""Continuity and handover: the emergency backup plan, the knowledge register (who can do each
critical function), the relationship-handover ledger (funders from the finance area's `funder`
table plus partners, officials and vendors) and the founder-CEO's role after departure. Also the
transition's board-level figures for the scorecard."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from pydantic import TypeAdapter
from sqlalchemy import and_, false, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from gfj_core.access import can, require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.metrics import transition as rules
from gfj_core.models import (
    BackupFunction,
    FounderRole,
    Funder,
    KeyRelationship,
    KnowledgeCapability,
    KnowledgeFunction,
    Milestone,
    Person,
)
from gfj_core.models.base import utcnow
from gfj_core.schemas.transition import (
    BOARD_ROLE_WORDS,
    BackupFunctionCreate,
    BackupFunctionRead,
    BackupFunctionRowEdit,
    BackupFunctionUpdate,
    EmergencyPlanView,
    FounderRoleRead,
    FounderRoleSave,
    KeyPersonCounts,
    KeyRelationshipCreate,
    KnowledgeFunctionCreate,
    KnowledgeFunctionRead,
    KnowledgeFunctionUpdate,
    KnowledgeRegisterView,
    KnowledgeRowEdit,
    LedgerCounts,
    LedgerRow,
    LedgerRowEdit,
    LedgerView,
    PersonOption,
    Saved,
    TransitionBoardFigures,
    TriggerRead,
)
from gfj_core.services.checklist import checklist_totals
from gfj_core.services.corrections import delete_row
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.tables import save_rows
from gfj_core.services.timeline import (
    departing_person_id,
    handover_forecast,
    milestone_counts,
    refuse,
    require_people_exist,
)
from gfj_core.services.versioning import check_still_absent, check_version
from gfj_core.visibility import milestones_visible

# --- Emergency backup plan ----------------------------------------------------------------------


def emergency_triggers(session: Session) -> list[TriggerRead]:
    """Who triggers the plan, in the order the settings give (chair, then vice chair), mapped to
    the people who hold those board seats now."""
    order = load_org_settings(session).emergency_triggers
    holders: dict[str, tuple[str, int]] = {}
    for seat, name, pid in session.execute(
        select(Person.board_role, Person.full_name, Person.id)
        .where(Person.active.is_(True), Person.board_role.in_(order))
        .order_by(Person.id)
    ):
        holders.setdefault(seat, (name, pid))
    return [
        TriggerRead(
            order=position,
            board_role=seat,
            label=BOARD_ROLE_WORDS.get(seat, seat),
            person_id=holders[seat][1] if seat in holders else None,
            person_name=holders[seat][0] if seat in holders else None,
        )
        for position, seat in enumerate(order, start=1)
    ]


def _backup_rows(session: Session, today: date) -> list[BackupFunctionRead]:
    rows = session.execute(
        select(BackupFunction, Person.full_name)
        .outerjoin(Person, Person.id == BackupFunction.backup_person_id)
        .order_by(BackupFunction.position, BackupFunction.id)
    ).all()
    return [
        BackupFunctionRead(
            id=f.id,
            version=f.version,
            position=f.position,
            name=f.name,
            description=f.description,
            backup_person_id=f.backup_person_id,
            backup_name=name,
            cross_training=f.cross_training,
            last_rehearsed_on=f.last_rehearsed_on,
            notes=f.notes,
            gaps=rules.backup_gaps(f.backup_person_id is not None, f.last_rehearsed_on, today),
        )
        for f, name in rows
    ]


def functions_with_gaps(session: Session, today: date) -> int:
    """How many priority functions have any gap of rules.backup_gaps (no backup, never
    rehearsed, rehearsed over a year ago), counted in SQL: the scorecard needs the count, and
    building every function's row for it was half the scorecard's cold time at 100x."""
    f = BackupFunction
    gap = or_(
        f.backup_person_id.is_(None),
        f.last_rehearsed_on.is_(None),
        f.last_rehearsed_on < rules.one_year_before(today),
    )
    return session.scalar(select(func.count()).select_from(f).where(gap)) or 0


def emergency_plan(session: Session, *, today: date, actor) -> EmergencyPlanView:
    """The CEO's priority functions with their backups and gaps, as of `today`."""
    require(actor, "transition.continuity.read")
    functions = _backup_rows(session, today)
    return EmergencyPlanView(
        today=today,
        triggers=emergency_triggers(session),
        functions=functions,
        functions_with_gaps=sum(1 for f in functions if f.gaps),
        no_backup=sum(1 for f in functions if rules.GAP_NO_BACKUP in f.gaps),
        never_rehearsed=sum(1 for f in functions if rules.GAP_NEVER_REHEARSED in f.gaps),
        rehearsal_stale=sum(1 for f in functions if rules.GAP_STALE_REHEARSAL in f.gaps),
        can_edit=can(actor.role, "transition.write"),
        demo=load_org_settings(session).demo_loaded,
    )


def _validate_backup(session: Session, f: BackupFunction, today: date, problems: list) -> None:
    require_people_exist(session, [f.backup_person_id], "backup_person_id", problems)
    if f.last_rehearsed_on and f.last_rehearsed_on > today:
        problems.append(("last_rehearsed_on", "A rehearsal date cannot be in the future."))
    clash = select(BackupFunction.id).where(BackupFunction.name == f.name)
    if f.id is not None:
        clash = clash.where(BackupFunction.id != f.id)
    if session.scalar(clash) is not None:
        problems.append(("name", f"There is already a function called “{f.name}”."))


def create_backup_function(
    session: Session, data: BackupFunctionCreate, *, today: date, actor
) -> Saved:
    require(actor, "transition.write")
    f = BackupFunction(
        **data.model_dump(),
        position=(session.scalar(select(func.max(BackupFunction.position))) or 0) + 1,
    )
    problems: list[tuple[str, str]] = []
    _validate_backup(session, f, today, problems)
    refuse(problems, "function")
    session.add(f)
    session.flush()
    return Saved(id=f.id, version=f.version)


def _apply_backup_update(session, function_id, changes, expected_version, today):
    f = session.get(BackupFunction, function_id)
    if f is None:
        raise NotFound(f"No priority function with id {function_id}.")
    check_version(session, f, expected_version, f"function “{f.name}”")
    problems: list[tuple[str, str]] = []
    with session.no_autoflush:
        for name in changes.model_fields_set:
            value = getattr(changes, name)
            if value is None and name in {"name", "cross_training"}:
                problems.append((name, "This field cannot be empty."))
                continue
            setattr(f, name, value)
        if not problems:
            _validate_backup(session, f, today, problems)
    return f, problems


def update_backup_function(
    session: Session,
    function_id: int,
    changes: BackupFunctionUpdate,
    *,
    expected_version: int | None,
    today: date,
    actor,
) -> Saved:
    require(actor, "transition.write")
    f, problems = _apply_backup_update(session, function_id, changes, expected_version, today)
    refuse(problems, "function")
    session.flush()
    return Saved(id=f.id, version=f.version)


def save_backup_table(
    session: Session, edits: list[BackupFunctionRowEdit], *, today: date, actor
) -> int:
    """Save the edited rows of the emergency plan table: all of them, or none."""
    require(actor, "transition.write")
    return save_rows(
        session,
        edits,
        lambda e: _apply_backup_update(session, e.id, e.changes, e.expected_version, today),
        name=lambda f: f.name,
    )


def delete_backup_function(
    session: Session, function_id: int, *, expected_version: int | None, actor
) -> None:
    require(actor, "transition.write")
    f = session.get(BackupFunction, function_id)
    if f is None:
        raise NotFound(f"No priority function with id {function_id}.")
    check_version(session, f, expected_version, f"function “{f.name}”")
    session.delete(f)
    session.flush()


# --- Knowledge register -------------------------------------------------------------------------


def _capability_counts_query(departing: int | None):
    """Per function: how many people can do it (can do or expert), and how many of them are not
    the departing leader; the inputs of rules.function_risk, as a subquery."""
    K = KnowledgeCapability
    capable = K.level.in_(rules.CAPABLE_LEVELS)
    others = capable if departing is None else and_(capable, K.person_id != departing)
    return (
        select(
            K.function_id,
            func.count().filter(capable).label("capable"),
            func.count().filter(others).label("others"),
        )
        .group_by(K.function_id)
        .subquery()
    )


def _capability_counts(session: Session, departing: int | None):
    """function id -> (capable people, capable people other than the departing leader), in SQL."""
    return {
        fid: (n, o) for fid, n, o in session.execute(select(_capability_counts_query(departing)))
    }


def key_person_counts(session: Session) -> KeyPersonCounts:
    """How many functions only the departing leader can do, nobody can do, one other person can
    do, or two or more others can do."""
    departing = departing_person_id(session)
    counts = _capability_counts(session, departing)
    ids = session.scalars(select(KnowledgeFunction.id)).all()
    risks = (rules.function_risk(*counts.get(fid, (0, 0))) for fid in ids)
    return KeyPersonCounts(**rules.key_person_counts(risks))


def knowledge_register(session: Session, *, actor) -> KnowledgeRegisterView:
    require(actor, "transition.continuity.read")
    settings = load_org_settings(session)
    departing = departing_person_id(session, settings)
    K, F = KnowledgeCapability, KnowledgeFunction
    # Through Core (no ORM objects or ORM result rows): loading 1,400 functions as entities was
    # most of the time at 100x. The counts behind each risk come from the levels read anyway
    # (rules.capable_counts), not from a grouped join: SQLite built a temporary index for that
    # join at every read, 2 of the service's 16 ms at 100x.
    conn = session.connection()
    functions = conn.execute(
        select(
            F.id, F.version, F.name, F.area, F.documentation, F.documentation_location, F.notes
        ).order_by(F.area, F.name)
    ).all()
    matrix: dict[int, dict[int, str]] = {}
    # .all(): one fetch of every row; iterating the result fetched them one by one.
    for fid, pid, level in conn.execute(select(K.function_id, K.person_id, K.level)).all():
        matrix.setdefault(fid, {})[pid] = level

    # Columns: the departing leader, then staff, then anyone else named in the register.
    people = conn.execute(
        select(Person.id, Person.full_name, Person.board_role, Person.is_staff).where(
            or_(
                Person.id.in_(select(K.person_id)),
                and_(Person.is_staff.is_(True), Person.active.is_(True)),
            )
        )
    ).all()
    people = sorted(people, key=lambda p: (p[0] != departing, not p[3], p[1]))
    # The red risks first, so the board reads them before the covered ones (a stable sort: by
    # area and name within a risk).
    severity = {"only_departing": 0, "nobody": 1, "single": 2, "covered": 3}
    rows = []
    for fid, version, name, area, documentation, location, notes in functions:
        levels = matrix.get(fid, {})
        n, n_others = rules.capable_counts(levels, departing)
        rows.append(
            {
                "id": fid,
                "version": version,
                "name": name,
                "area": area,
                "documentation": documentation,
                "documentation_location": location,
                "notes": notes,
                "capabilities": levels,
                "capable_count": n,
                "risk": rules.function_risk(n, n_others),
            }
        )
    rows.sort(key=lambda r: severity[r["risk"]])
    documentation = {"none": 0, "draft": 0, "reviewed": 0, "handed_over": 0}
    for f in functions:
        documentation[f[4]] = documentation.get(f[4], 0) + 1
    return KnowledgeRegisterView(
        people=_PEOPLE.validate_python(
            [
                {"id": i, "name": name, "is_departing": i == departing, "board_role": role}
                for i, name, role, _ in people
            ]
        ),
        # Checked in one pydantic-core pass over the list.
        functions=_FUNCTION_ROWS.validate_python(rows),
        counts=KeyPersonCounts(**rules.key_person_counts(r["risk"] for r in rows)),
        documentation=documentation,
        departing_leader=settings.departing_leader,
        can_edit=can(actor.role, "transition.write"),
    )


_FUNCTION_ROWS = TypeAdapter(list[KnowledgeFunctionRead])
_PEOPLE = TypeAdapter(list[PersonOption])


def _set_capabilities(session: Session, f: KnowledgeFunction, wanted: dict[int, str]) -> bool:
    current = {
        c.person_id: c
        for c in session.scalars(
            select(KnowledgeCapability).where(KnowledgeCapability.function_id == f.id)
        )
    }
    changed = False
    for pid, row in current.items():
        if pid not in wanted:
            session.delete(row)
            changed = True
        elif row.level != wanted[pid]:
            row.level = wanted[pid]
            changed = True
    for pid, level in wanted.items():
        if pid not in current:
            session.add(KnowledgeCapability(function_id=f.id, person_id=pid, level=level))
            changed = True
    return changed


def _validate_function(session: Session, f: KnowledgeFunction, caps, problems: list) -> None:
    clash = select(KnowledgeFunction.id).where(KnowledgeFunction.name == f.name)
    if f.id is not None:
        clash = clash.where(KnowledgeFunction.id != f.id)
    if session.scalar(clash) is not None:
        problems.append(("name", f"There is already a function called “{f.name}”."))
    if caps:
        require_people_exist(session, caps.keys(), "capabilities", problems)


def create_knowledge_function(session: Session, data: KnowledgeFunctionCreate, *, actor) -> Saved:
    require(actor, "transition.write")
    f = KnowledgeFunction(**data.model_dump(exclude={"capabilities"}))
    problems: list[tuple[str, str]] = []
    _validate_function(session, f, data.capabilities, problems)
    refuse(problems, "function")
    session.add(f)
    session.flush()
    _set_capabilities(session, f, dict(data.capabilities))
    session.flush()
    return Saved(id=f.id, version=f.version)


def _apply_function_update(session, function_id, changes, expected_version):
    f = session.get(KnowledgeFunction, function_id)
    if f is None:
        raise NotFound(f"No function with id {function_id}.")
    check_version(session, f, expected_version, f"function “{f.name}”")
    problems: list[tuple[str, str]] = []
    fields = changes.model_fields_set
    with session.no_autoflush:
        for name in fields - {"capabilities"}:
            value = getattr(changes, name)
            if value is None and name in {"name", "area", "documentation"}:
                problems.append((name, "This field cannot be empty."))
                continue
            setattr(f, name, value)
        caps = changes.capabilities if "capabilities" in fields else None
        if not problems:
            _validate_function(session, f, caps, problems)
    if not problems and caps is not None and _set_capabilities(session, f, dict(caps)):
        # Who can do it is part of the function: a change there is a save of the function.
        f.updated_at = utcnow()
    return f, problems


def update_knowledge_function(
    session: Session,
    function_id: int,
    changes: KnowledgeFunctionUpdate,
    *,
    expected_version: int | None,
    actor,
) -> Saved:
    require(actor, "transition.write")
    f, problems = _apply_function_update(session, function_id, changes, expected_version)
    refuse(problems, "function")
    session.flush()
    return Saved(id=f.id, version=f.version)


def save_knowledge_table(session: Session, edits: list[KnowledgeRowEdit], *, actor) -> int:
    """Save edited rows of the knowledge register (fields and who can do each): all or none."""
    require(actor, "transition.write")
    return save_rows(
        session,
        edits,
        lambda e: _apply_function_update(session, e.id, e.changes, e.expected_version),
        name=lambda f: f.name,
    )


def delete_knowledge_function(
    session: Session, function_id: int, *, expected_version: int | None, actor
) -> None:
    require(actor, "transition.write")
    f = session.get(KnowledgeFunction, function_id)
    if f is None:
        raise NotFound(f"No function with id {function_id}.")
    check_version(session, f, expected_version, f"function “{f.name}”")
    _set_capabilities(session, f, {})
    session.flush()
    session.delete(f)
    session.flush()


# --- Relationship handover ledger ---------------------------------------------------------------


def _held_only_by_departing(owner, successor, status, departing: int | None):
    """SQL: the departing leader owns it and no one else is in it yet (not introduced, or no
    successor named). One definition for the ledger's flag and the board's share."""
    if departing is None:
        return false()
    return and_(owner == departing, or_(status == "not_started", successor.is_(None)))


def _ledger_select(departing: int | None):
    funders = select(
        literal("funder").label("source"),
        Funder.id.label("id"),
        Funder.version.label("version"),
        Funder.name.label("name"),
        literal("funder").label("kind"),
        Funder.type.label("funder_type"),
        Funder.relationship_owner_person_id.label("owner_id"),
        Funder.successor_owner_person_id.label("successor_id"),
        Funder.introduction_meeting_on.label("intro_on"),
        Funder.handoff_status.label("status"),
        literal(None).label("notes"),
        _held_only_by_departing(
            Funder.relationship_owner_person_id,
            Funder.successor_owner_person_id,
            Funder.handoff_status,
            departing,
        ).label("only_departing"),
    )
    others = select(
        literal("relationship"),
        KeyRelationship.id,
        KeyRelationship.version,
        KeyRelationship.name,
        KeyRelationship.kind,
        literal(None),
        KeyRelationship.owner_person_id,
        KeyRelationship.successor_person_id,
        KeyRelationship.introduction_meeting_on,
        KeyRelationship.handoff_status,
        KeyRelationship.notes,
        _held_only_by_departing(
            KeyRelationship.owner_person_id,
            KeyRelationship.successor_person_id,
            KeyRelationship.handoff_status,
            departing,
        ),
    )
    return union_all(funders, others).subquery("ledger")


def _ledger_counts(session: Session, departing: int | None) -> tuple[LedgerCounts, dict]:
    ledger = _ledger_select(departing)
    rows = session.execute(
        select(
            ledger.c.kind,
            func.count(),
            func.count().filter(ledger.c.only_departing),
            func.count().filter(ledger.c.status == "introduced"),
            func.count().filter(ledger.c.status == "transferred"),
        ).group_by(ledger.c.kind)
    ).all()
    by_kind = {
        kind: LedgerCounts(
            total=n,
            held_only_by_departing=o,
            introduced=i,
            transferred=t,
            funders=n if kind == "funder" else 0,
        )
        for kind, n, o, i, t in rows
    }
    total = LedgerCounts(
        total=sum(c.total for c in by_kind.values()),
        held_only_by_departing=sum(c.held_only_by_departing for c in by_kind.values()),
        introduced=sum(c.introduced for c in by_kind.values()),
        transferred=sum(c.transferred for c in by_kind.values()),
        funders=by_kind["funder"].total if "funder" in by_kind else 0,
    )
    return total, by_kind


class OnlyDepartingFunction(NamedTuple):
    name: str
    area: str
    documentation: str


class OnlyDepartingRelationship(NamedTuple):
    name: str
    kind: str
    successor_name: str | None
    handoff_status: str


def functions_only_departing(session: Session, *, actor) -> list[OnlyDepartingFunction]:
    """The functions only the departing leader can do (rules.function_risk "only_departing"),
    in the register's order (area, name): the scorecard's drill-down names them without
    building the whole register (1,400 functions and 1,000 people at 100x)."""
    require(actor, "transition.continuity.read")
    departing = departing_person_id(session)
    if departing is None:
        return []
    F = KnowledgeFunction
    counts = _capability_counts_query(departing)
    # rules.function_risk's "only_departing": someone can do it, and nobody but her.
    rows = session.execute(
        select(F.name, F.area, F.documentation)
        .join(counts, counts.c.function_id == F.id)
        .where(counts.c.capable > 0, counts.c.others == 0)
        .order_by(F.area, F.name)
    )
    return [OnlyDepartingFunction(*r) for r in rows]


def relationships_only_departing(session: Session, *, actor) -> list[OnlyDepartingRelationship]:
    """The key relationships held only by the departing leader, in the ledger's order."""
    require(actor, "transition.continuity.read")
    ledger = _ledger_select(departing_person_id(session))
    successor = aliased(Person)
    rows = session.execute(
        select(ledger.c.name, ledger.c.kind, successor.full_name, ledger.c.status)
        .outerjoin(successor, successor.id == ledger.c.successor_id)
        .where(ledger.c.only_departing)
        .order_by(ledger.c.kind, ledger.c.name)
    )
    return [OnlyDepartingRelationship(*r) for r in rows]


def relationship_ledger(session: Session, *, actor) -> LedgerView:
    """Funders (the finance area's rows: one list, not two) and other relationships, with who
    holds each now, the successor, the introduction meeting and the handover status."""
    require(actor, "transition.continuity.read")
    departing = departing_person_id(session)
    ledger = _ledger_select(departing)
    owner, successor = aliased(Person), aliased(Person)
    rows = session.execute(
        select(ledger, owner.full_name, successor.full_name)
        .outerjoin(owner, owner.id == ledger.c.owner_id)
        .outerjoin(successor, successor.id == ledger.c.successor_id)
        .order_by(ledger.c.only_departing.desc(), ledger.c.kind, ledger.c.name)
    ).all()
    counts, by_kind = _ledger_counts(session, departing)
    return LedgerView(
        rows=[
            LedgerRow(
                source=r.source,
                id=r.id,
                version=r.version,
                name=r.name,
                kind=r.kind,
                funder_type=r.funder_type,
                owner_person_id=r.owner_id,
                owner_name=r[-2],
                successor_person_id=r.successor_id,
                successor_name=r[-1],
                introduction_meeting_on=r.intro_on,
                handoff_status=r.status,
                notes=r.notes,
                held_only_by_departing=bool(r.only_departing),
            )
            for r in rows
        ],
        counts=counts,
        by_kind=by_kind,
        departing_leader=load_org_settings(session).departing_leader,
        can_edit=can(actor.role, "transition.write"),
    )


def _validate_handoff(session, owner_id, successor_id, intro_on, status, today, problems):
    require_people_exist(session, [owner_id, successor_id], "successor_person_id", problems)
    if status in ("introduced", "transferred") and successor_id is None:
        problems.append(("successor_person_id", "Name the successor before marking it introduced."))
    if status == "introduced" and intro_on is None:
        problems.append(("introduction_meeting_on", "Give the date of the introduction meeting."))
    if successor_id is not None and successor_id == owner_id and status != "transferred":
        problems.append(("successor_person_id", "The successor is already the owner."))
    del today  # future introduction dates are allowed: a meeting may be booked


def create_relationship(
    session: Session, data: KeyRelationshipCreate, *, today: date, actor
) -> Saved:
    require(actor, "transition.write")
    problems: list[tuple[str, str]] = []
    if session.scalar(select(KeyRelationship.id).where(KeyRelationship.name == data.name)):
        problems.append(("name", f"“{data.name}” is already in the ledger."))
    if session.scalar(select(Funder.id).where(Funder.name == data.name)):
        problems.append(("name", f"“{data.name}” is a funder: edit it in the funder list."))
    _validate_handoff(
        session,
        data.owner_person_id,
        data.successor_person_id,
        data.introduction_meeting_on,
        data.handoff_status,
        today,
        problems,
    )
    refuse(problems, "relationship")
    r = KeyRelationship(**data.model_dump())
    session.add(r)
    session.flush()
    return Saved(id=r.id, version=r.version)


_FUNDER_FIELDS = {
    "owner_person_id": "relationship_owner_person_id",
    "successor_person_id": "successor_owner_person_id",
    "introduction_meeting_on": "introduction_meeting_on",
    "handoff_status": "handoff_status",
}
_RELATIONSHIP_FIELDS = {
    "owner_person_id": "owner_person_id",
    "successor_person_id": "successor_person_id",
    "introduction_meeting_on": "introduction_meeting_on",
    "handoff_status": "handoff_status",
    "notes": "notes",
}


def _apply_handoff(session, edit: LedgerRowEdit, today: date):
    if edit.source == "funder":
        row, fields, what = session.get(Funder, edit.id), _FUNDER_FIELDS, "funder"
    else:
        row, fields, what = (
            session.get(KeyRelationship, edit.id),
            _RELATIONSHIP_FIELDS,
            "relationship",
        )
    if row is None:
        raise NotFound(f"No {what} with id {edit.id}.")
    check_version(session, row, edit.expected_version, f"{what} “{row.name}”")
    problems: list[tuple[str, str]] = []
    with session.no_autoflush:
        for name in edit.changes.model_fields_set:
            if name not in fields:
                continue
            value = getattr(edit.changes, name)
            if value is None and name == "handoff_status":
                problems.append((name, "This field cannot be empty."))
                continue
            setattr(row, fields[name], value)
        get = lambda n: getattr(row, fields[n])  # noqa: E731
        _validate_handoff(
            session,
            get("owner_person_id"),
            get("successor_person_id"),
            get("introduction_meeting_on"),
            get("handoff_status"),
            today,
            problems,
        )
    return row, problems


def update_handoff(session: Session, edit: LedgerRowEdit, *, today: date, actor) -> Saved:
    """Change who holds a relationship and how far its handover has gone. Funders are updated in
    place (owner, successor, introduction meeting, status), so the finance pages see it too."""
    require(actor, "transition.write")
    row, problems = _apply_handoff(session, edit, today)
    refuse(problems, "relationship")
    session.flush()
    return Saved(id=row.id, version=row.version)


def save_ledger_table(session: Session, edits: list[LedgerRowEdit], *, today: date, actor) -> int:
    """Save the edited rows of the ledger: all of them, or none."""
    require(actor, "transition.write")
    return save_rows(
        session, edits, lambda e: _apply_handoff(session, e, today), name=lambda row: row.name
    )


def delete_relationship(
    session: Session, relationship_id: int, *, expected_version: int | None, actor
) -> None:
    """Remove a non-funder relationship (funders are removed from the funder list)."""
    require(actor, "transition.write")
    r = session.get(KeyRelationship, relationship_id)
    if r is None:
        raise NotFound(f"No relationship with id {relationship_id}.")
    check_version(session, r, expected_version, f"relationship “{r.name}”")
    session.delete(r)
    session.flush()


# --- The founder-CEO's role after departure ---------------------------------------------------


def founder_role(session: Session, *, actor) -> FounderRoleRead:
    """The departing leader's role after departure; an empty draft when none is recorded."""
    require(actor, "transition.continuity.read")
    departing = departing_person_id(session)
    name = load_org_settings(session).departing_leader
    row = (
        session.scalar(select(FounderRole).where(FounderRole.person_id == departing))
        if departing is not None
        else None
    )
    editable = can(actor.role, "transition.write")
    if row is None:
        return FounderRoleRead(
            id=None,
            version=None,
            person_id=departing,
            person_name=name,
            conditions_met=0,
            can_edit=editable,
        )
    data = {k: getattr(row, k) for k in FounderRoleSave.model_fields}
    return FounderRoleRead(
        **data,
        id=row.id,
        version=row.version,
        person_id=row.person_id,
        person_name=name,
        conditions_met=sum(
            v == "met"
            for v in (row.condition_smaller, row.condition_valued, row.condition_welcomed)
        ),
        can_edit=editable,
    )


def save_founder_role(
    session: Session, data: FounderRoleSave, *, expected_version: int | None, today: date, actor
) -> Saved:
    """Record the role after departure. Marking it agreed by the board needs the review date."""
    require(actor, "transition.write")
    departing = departing_person_id(session)
    if departing is None:
        raise ValidationFailed(
            "Name the departing leader in the settings first.",
            [("person", "No departing leader is set.")],
        )
    problems: list[tuple[str, str]] = []
    if data.board_status == "agreed" and data.board_reviewed_on is None:
        problems.append(
            ("board_reviewed_on", "Give the date the board reviewed and agreed the role.")
        )
    if data.board_reviewed_on and data.board_reviewed_on > today:
        problems.append(("board_reviewed_on", "The board review date cannot be in the future."))
    refuse(problems, "role")
    row = session.scalar(select(FounderRole).where(FounderRole.person_id == departing))
    if expected_version is None:
        # The form saw no role: one saved since then is someone else's, never replaced unseen.
        check_still_absent(row, "role after departure")
    if row is None:
        row = FounderRole(person_id=departing, **data.model_dump())
        session.add(row)
    else:
        check_version(session, row, expected_version, "role after departure")
        for k, v in data.model_dump().items():
            setattr(row, k, v)
    session.flush()
    return Saved(id=row.id, version=row.version)


def withdraw_founder_role(
    session: Session, *, record_id: int, expected_version: int | None, actor
) -> str:
    """Withdraw the recorded role after departure (nothing points at it: deleted after the
    version check, in the audit trail and the role's History). Recording it again restores it."""
    require(actor, "transition.write")
    delete_row(
        session,
        FounderRole,
        record_id=record_id,
        expected_version=expected_version,
        what="role after departure",
    )
    return "the role after departure"


# --- Board-level figures --------------------------------------------------------------------------


def transition_board_figures(session: Session, *, today: date, actor) -> TransitionBoardFigures:
    """The transition's vital few for the board scorecard, every count aggregated in SQL."""
    require(actor, "transition.read")
    settings = load_org_settings(session)
    m = milestone_counts(session, today, actor)
    on_schedule = _on_schedule(session, today, actor)
    checklist = checklist_totals(session, today)
    departing = departing_person_id(session)
    ledger, _ = _ledger_counts(session, departing)
    key_person = key_person_counts(session)
    handover = handover_forecast(session)
    planned = settings.planned_handover_date
    gaps = functions_with_gaps(session, today)
    return TransitionBoardFigures(
        as_of=today,
        milestones_total=m.total,
        milestones_done=m.done,
        milestones_on_schedule=on_schedule,
        milestones_slipped=m.slipped,
        milestones_late=m.late,
        planned_handover_date=planned,
        handover_forecast=handover,
        handover_gap_days=(handover - planned).days if handover and planned else None,
        checklist_applicable=checklist.applicable,
        checklist_done=checklist.done,
        authority_total=checklist.authority_total,
        authority_done=checklist.authority_done,
        functions_total=key_person.total,
        functions_only_departing=key_person.only_departing,
        relationships_total=ledger.total,
        relationships_only_departing=ledger.held_only_by_departing,
        emergency_functions_with_gaps=gaps,
    )


def _on_schedule(session: Session, today: date, actor=None) -> int:
    """Milestones this actor may see neither slipped past the approved date nor late."""
    late = and_(Milestone.status != "done", Milestone.forecast_finish < today)
    slipped = Milestone.forecast_finish > Milestone.baseline_finish
    return (
        session.scalar(select(func.count()).where(~or_(late, slipped), milestones_visible(actor)))
        or 0
    )


# --- Long registers on the page -------------------------------------------------------------------


def attention_first(
    plan: EmergencyPlanView,
    register: KnowledgeRegisterView,
    ledger: LedgerView,
    limit: int,
) -> tuple[EmergencyPlanView, KnowledgeRegisterView, LedgerView]:
    """The three registers cut to `limit` rows each when longer, what needs the board's attention
    first (gaps; functions only the departing leader, or nobody, can do; relationships only they
    hold). Shorter registers keep their usual order. The views' counts always cover every row."""
    if len(plan.functions) > limit:
        rows = sorted(plan.functions, key=lambda f: not f.gaps)[:limit]
        plan = plan.model_copy(update={"functions": rows})
    if len(register.functions) > limit:
        rows = sorted(register.functions, key=lambda f: f.risk not in ("only_departing", "nobody"))[
            :limit
        ]
        register = register.model_copy(update={"functions": rows})
    if len(ledger.rows) > limit:
        rows = sorted(ledger.rows, key=lambda r: not r.held_only_by_departing)[:limit]
        ledger = ledger.model_copy(update={"rows": rows})
    return plan, register, ledger
