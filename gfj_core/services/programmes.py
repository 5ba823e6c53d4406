"""Programmes and their funding (issue 15): the CEO, the treasurer and admins create and correct
programmes, move their status (maintained, expanded, reduced, closed) and record each one's
funding lines; the board reads the figures on Finances and Succession targets.

A programme is never deleted: its funding lines and its audit history point at it, so it is
retired by closing it (hidden by default, restored by setting it back to maintained). A funding
line points at nothing, so one typed by mistake is deleted (with a confirmation on the page).
Every change is audited by the session hooks; every edit carries the version its form loaded,
and a create whose form saw no such programme is refused when someone else added it meanwhile.

The share of next year's cost that is secured comes from the one programme-continuity
computation (gfj_core.services.finance_measures.programme_continuity), never from a second formula."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.models import Person
from gfj_core.models.finance import Funder, Programme, ProgrammeFunding
from gfj_core.schemas.programmes import (
    Choice,
    FundingCreate,
    FundingDelete,
    FundingRow,
    FundingRowEdit,
    ProgrammeCreate,
    ProgrammeRow,
    ProgrammeRowEdit,
    ProgrammesAdmin,
    ProgrammesKept,
    cents,
)
from gfj_core.services.finance_measures import programme_continuity
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.tables import save_rows
from gfj_core.services.versioning import check_still_absent, check_version

Problems = list[tuple[str, str]]
KEPT = ("maintained", "expanded")


def _refuse(problems: Problems, what: str) -> None:
    if problems:
        raise ValidationFailed(f"The {what} was not saved: {problems[0][1]}", problems)


# ---------------------------------------------------------------- the KPI


def count_kept(
    programmes: list[tuple[str, date | None]], transition_start: date | None
) -> ProgrammesKept:
    """The KPI from each programme's (status, the day it took effect). A programme closed
    before the transition started is not counted: it was not the transition's to keep."""
    by_status = {"maintained": 0, "expanded": 0, "reduced": 0, "closed": 0}
    before = 0
    for status, status_on in programmes:
        if (
            status == "closed"
            and transition_start is not None
            and status_on is not None
            and status_on < transition_start
        ):
            before += 1
            continue
        by_status[status] += 1
    counted = sum(by_status.values())
    kept = by_status["maintained"] + by_status["expanded"]
    return ProgrammesKept(
        **by_status,
        counted=counted,
        closed_before_transition=before,
        share=kept / counted if counted else None,
    )


def programmes_kept(session: Session, as_of: date | None = None) -> ProgrammesKept:
    """ "Programmes maintained or expanded during the transition", from the programme records:
    the figure the Succession targets KPI, the Programs page and the board all read. It reads
    each programme's current status (`as_of` is accepted for the KPI registry's signature)."""
    settings = load_org_settings(session)
    rows = session.execute(select(Programme.status, Programme.status_on)).all()
    return count_kept([(r.status, r.status_on) for r in rows], settings.transition_start_date)


# ---------------------------------------------------------------- reading


def programmes_admin(session: Session, *, as_of: date, actor) -> ProgrammesAdmin:
    """Everything the Programs page lists, in a fixed few queries."""
    require(actor, "programmes.manage")
    continuity = {c.name: c for c in programme_continuity(session, as_of=as_of)}
    n_lines = (
        select(func.count()).where(ProgrammeFunding.programme_id == Programme.id).scalar_subquery()
    )
    names = dict(session.execute(select(Person.id, Person.full_name)).all())
    programmes = [
        _programme_read(p, names, continuity.get(p.name), n)
        for p, n in session.execute(
            select(Programme, n_lines).order_by(Programme.status == "closed", Programme.name)
        )
    ]
    funder_names = dict(session.execute(select(Funder.id, Funder.name)).all())
    programme_names = {p.id: p.name for p in programmes}
    funding = [
        _funding_read(line, programme_names[line.programme_id], funder_names)
        for line in session.scalars(
            select(ProgrammeFunding).order_by(
                ProgrammeFunding.programme_id, ProgrammeFunding.starts_on, ProgrammeFunding.id
            )
        )
    ]
    people = [
        Choice(id=i, name=n)
        for i, n in session.execute(
            select(Person.id, Person.full_name)
            .where(
                # Everyone still here, and anyone who still leads or backs up a programme.
                or_(
                    Person.active.is_(True),
                    Person.id.in_(select(Programme.lead_person_id)),
                    Person.id.in_(select(Programme.backup_person_id)),
                )
            )
            .order_by(Person.full_name)
        )
    ]
    funders = [Choice(id=i, name=n) for i, n in sorted(funder_names.items(), key=lambda x: x[1])]
    return ProgrammesAdmin(
        as_of=as_of,
        programmes=programmes,
        funding=funding,
        people=people,
        funders=funders,
        kept=programmes_kept(session, as_of),
    )


def _programme_read(p: Programme, names: dict[int, str], c, lines: int) -> ProgrammeRow:
    return ProgrammeRow(
        id=p.id,
        name=p.name,
        description=p.description,
        lead_person_id=p.lead_person_id,
        lead=names.get(p.lead_person_id),
        backup_person_id=p.backup_person_id,
        backup=names.get(p.backup_person_id),
        annual_cost=p.annual_cost_cents / 100,
        status=p.status,
        status_on=p.status_on,
        secured_share=c.secured_share if c else None,
        secured_next_12_months=c.secured_next_12_months if c else None,
        expected_next_12_months=c.expected_next_12_months if c else None,
        funding_lines=lines or 0,
        version=p.version,
    )


def _funding_read(line: ProgrammeFunding, programme: str, funders: dict[int, str]) -> FundingRow:
    return FundingRow(
        id=line.id,
        programme_id=line.programme_id,
        programme=programme,
        funder_id=line.funder_id,
        funder=funders.get(line.funder_id),
        source=line.source,
        amount=line.amount_cents / 100,
        status=line.status,
        starts_on=line.starts_on,
        ends_on=line.ends_on,
        version=line.version,
    )


# ---------------------------------------------------------------- programmes


def _check_people(session: Session, lead: int | None, backup: int | None) -> Problems:
    problems: Problems = []
    for field, pid in (("lead_person_id", lead), ("backup_person_id", backup)):
        if pid is not None and session.get(Person, pid) is None:
            problems.append((field, "No such person."))
    if lead is not None and lead == backup:
        problems.append(("backup_person_id", "The backup must be someone other than the lead."))
    return problems


def create_programme(session: Session, data: ProgrammeCreate, *, today: date, actor) -> int:
    """Add a programme. A name already on file is refused: the other person's programme is
    edited instead (the create's version check, as the form saw no such programme)."""
    require(actor, "programmes.manage")
    _refuse(_check_people(session, data.lead_person_id, data.backup_person_id), "program")
    check_still_absent(
        session.scalar(select(Programme).where(func.lower(Programme.name) == data.name.lower())),
        f"program ({data.name})",
    )
    programme = Programme(
        name=data.name,
        description=data.description,
        lead_person_id=data.lead_person_id,
        backup_person_id=data.backup_person_id,
        annual_cost_cents=cents(data.annual_cost),
        status=data.status,
        status_on=data.status_on or (today if data.status != "maintained" else None),
    )
    session.add(programme)
    session.flush()
    return programme.id


def _apply_programme(
    session: Session, edit: ProgrammeRowEdit, today: date
) -> tuple[Programme, Problems]:
    p = session.get(Programme, edit.id)
    if p is None:
        raise NotFound("That program no longer exists.")
    check_version(session, p, edit.expected_version, "program")
    problems: Problems = []
    changes = edit.changes
    with session.no_autoflush:
        for name in changes.model_fields_set:
            value = getattr(changes, name)
            if value is None and name in {"name", "annual_cost", "status"}:
                problems.append((name, "This is required."))
                continue
            if name == "annual_cost":
                p.annual_cost_cents = cents(value)
            elif name == "name" and value.lower() != p.name.lower():
                taken = session.scalar(
                    select(Programme.id).where(
                        func.lower(Programme.name) == value.lower(), Programme.id != p.id
                    )
                )
                if taken is not None:
                    problems.append((name, "Another program already has this name."))
                p.name = value
            else:
                setattr(p, name, value)
        if "status" in changes.model_fields_set and "status_on" not in changes.model_fields_set:
            # A status change takes effect the day it is saved unless a date was given.
            p.status_on = today
        problems.extend(_check_people(session, p.lead_person_id, p.backup_person_id))
    return p, problems


def update_programme(session: Session, edit: ProgrammeRowEdit, *, today: date, actor) -> int:
    """Correct a programme, change its status, close it (retire) or restore it."""
    require(actor, "programmes.manage")
    p, problems = _apply_programme(session, edit, today)
    _refuse(problems, "program")
    session.flush()
    return p.id


def save_programme_table(
    session: Session, edits: list[ProgrammeRowEdit], *, today: date, actor
) -> int:
    """Save the edited rows of the programmes table: all of them, or none."""
    require(actor, "programmes.manage")
    return save_rows(
        session, edits, lambda e: _apply_programme(session, e, today), name=lambda p: p.name
    )


# ---------------------------------------------------------------- funding lines


def _line_problems(session: Session, line: ProgrammeFunding) -> Problems:
    problems: Problems = []
    if line.funder_id is not None and session.get(Funder, line.funder_id) is None:
        problems.append(("funder_id", "No such funder."))
    if (line.funder_id is None) == (not line.source):
        problems.append(("funder_id", "Choose a funder, or name another source (not both)."))
    if line.starts_on and line.ends_on and line.ends_on < line.starts_on:
        problems.append(("ends_on", "The period cannot end before it starts."))
    return problems


def add_funding(session: Session, data: FundingCreate, *, actor) -> int:
    """Add a funding line to a programme."""
    require(actor, "programmes.manage")
    if session.get(Programme, data.programme_id) is None:
        raise ValidationFailed("No such program.", [("programme_id", "No such program.")])
    line = ProgrammeFunding(
        programme_id=data.programme_id,
        funder_id=data.funder_id,
        source=data.source,
        amount_cents=cents(data.amount),
        status=data.status,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    _refuse(_line_problems(session, line), "funding line")
    session.add(line)
    session.flush()
    return line.id


def _apply_funding(session: Session, edit: FundingRowEdit) -> tuple[ProgrammeFunding, Problems]:
    line = session.get(ProgrammeFunding, edit.id)
    if line is None:
        raise NotFound("That funding line no longer exists.")
    check_version(session, line, edit.expected_version, "funding line")
    problems: Problems = []
    with session.no_autoflush:
        for name in edit.changes.model_fields_set:
            value = getattr(edit.changes, name)
            if value is None and name in {"amount", "status", "starts_on", "ends_on"}:
                problems.append((name, "This is required."))
                continue
            if name == "amount":
                line.amount_cents = cents(value)
            else:
                setattr(line, name, value)
        problems.extend(_line_problems(session, line))
    return line, problems


def save_funding_table(session: Session, edits: list[FundingRowEdit], *, actor) -> int:
    """Save the edited funding lines: all of them, or none."""
    require(actor, "programmes.manage")
    return save_rows(
        session, edits, lambda e: _apply_funding(session, e), name=lambda x: _line_name(session, x)
    )


def _line_name(session: Session, line: ProgrammeFunding) -> str:
    # Named before the refused row is flushed (a flush would trip the table's own checks).
    with session.no_autoflush:
        funder = session.get(Funder, line.funder_id) if line.funder_id else None
    who = funder.name if funder else line.source
    return f"{who}, from {line.starts_on}"


def delete_funding(session: Session, data: FundingDelete, *, actor) -> None:
    """Delete a funding line typed by mistake. Nothing points at a line; the audit trail keeps
    what it said. A line someone changed after the form was opened is not deleted."""
    require(actor, "programmes.manage")
    line = session.get(ProgrammeFunding, data.id)
    if line is None:
        raise NotFound("That funding line no longer exists.")
    check_version(session, line, data.expected_version, "funding line")
    session.delete(line)
    session.flush()


__all__ = [
    "add_funding",
    "count_kept",
    "create_programme",
    "delete_funding",
    "programmes_admin",
    "programmes_kept",
    "save_funding_table",
    "save_programme_table",
    "update_programme",
]
