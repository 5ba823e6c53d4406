"""The people directory: board members, staff, mentors and everyone the transition touches.

The People page and `gfj person ...` call these, so both refuse the same things: a name or an
email already on file, term dates without a seat. A person who appears in any record is never
deleted, only marked as left (with the date); leaving also deactivates their account.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.exports.safety import safe_csv_bytes
from gfj_core.imports.common import read_table, template_csv
from gfj_core.imports.people import COLUMNS, TEMPLATE_ROWS, parse_people
from gfj_core.models import Base, Person, UserAccount
from gfj_core.schemas.people import (
    BOARD_SEAT_LABELS,
    PeopleFilter,
    PeopleImportResult,
    PersonCreate,
    PersonFields,
    PersonRead,
    PersonUpdate,
)
from gfj_core.services.versioning import check_version

EXPORT_COLUMNS = (
    "full_name",
    "email",
    "title",
    "board_seat",
    "board_term_start",
    "board_term_end",
    "staff",
    "status",
    "left_on",
    "username",
    "role",
)


def _read(person: Person, account: UserAccount | None) -> PersonRead:
    return PersonRead(
        id=person.id,
        full_name=person.full_name,
        email=person.email,
        title=person.title,
        board_role=person.board_role,
        board_term_start=person.board_term_start,
        board_term_end=person.board_term_end,
        is_staff=person.is_staff,
        active=person.active,
        left_on=person.left_on,
        is_fictional=person.is_fictional,
        version=person.version,
        username=account.username if account else None,
        account_role=account.role if account else None,
        account_active=account.active if account else None,
    )


def _accounts_by_person(session: Session) -> dict[int, UserAccount]:
    """Each person's account: the active one if any, else the latest."""
    out: dict[int, UserAccount] = {}
    for user in session.scalars(select(UserAccount).order_by(UserAccount.id)):
        current = out.get(user.person_id)
        if current is None or user.active or not current.active:
            out[user.person_id] = user
    return out


def list_people(
    session: Session, *, filters: PeopleFilter | None = None, actor
) -> list[PersonRead]:
    require(actor, "people.read")
    filters = filters or PeopleFilter()
    query = select(Person).order_by(func.lower(Person.full_name))
    if filters.status == "active":
        query = query.where(Person.active.is_(True))
    elif filters.status == "left":
        query = query.where(Person.active.is_(False))
    if filters.group == "board":
        query = query.where(Person.board_role.is_not(None))
    elif filters.group == "staff":
        query = query.where(Person.is_staff.is_(True))
    elif filters.group == "other":
        query = query.where(Person.board_role.is_(None), Person.is_staff.is_(False))
    if filters.search.strip():
        like = f"%{filters.search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Person.full_name).like(like),
                func.lower(func.coalesce(Person.email, "")).like(like),
                func.lower(func.coalesce(Person.title, "")).like(like),
            )
        )
    accounts = _accounts_by_person(session)
    return [_read(p, accounts.get(p.id)) for p in session.scalars(query)]


def get_person(session: Session, *, person_id: int, actor) -> PersonRead:
    require(actor, "people.read")
    person = _person(session, person_id)
    return _read(person, _accounts_by_person(session).get(person.id))


def _person(session: Session, person_id: int | None = None, name: str | None = None) -> Person:
    if person_id is not None:
        person = session.get(Person, person_id)
    else:
        person = session.scalar(
            select(Person).where(func.lower(Person.full_name) == (name or "").strip().lower())
        )
    if person is None:
        raise NotFound(f"No person named '{name or person_id}'.")
    return person


def find_person_id(session: Session, *, name: str, actor) -> int:
    require(actor, "people.read")
    return _person(session, name=name).id


def _uniqueness_problems(
    session: Session, data: PersonFields, own_id: int | None
) -> list[tuple[str, str]]:
    problems = []
    same_name = session.scalar(
        select(Person.id).where(
            func.lower(Person.full_name) == data.full_name.lower(),
            Person.id != (own_id or 0),
        )
    )
    if same_name is not None:
        problems.append(("full_name", f"'{data.full_name}' is already in the directory."))
    if data.email:
        same_email = session.scalar(
            select(Person.full_name).where(
                func.lower(Person.email) == data.email.lower(), Person.id != (own_id or 0)
            )
        )
        if same_email is not None:
            problems.append(("email", f"{data.email} is already {same_email}'s email."))
    return problems


def _refuse(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise ValidationFailed("; ".join(f"{f}: {m}" for f, m in problems), problems)


def _apply(person: Person, data: PersonFields) -> None:
    person.full_name = data.full_name
    person.email = data.email
    person.title = data.title
    person.board_role = data.board_role
    person.board_term_start = data.board_term_start if data.board_role else None
    person.board_term_end = data.board_term_end if data.board_role else None
    person.is_staff = data.is_staff


def add_person(session: Session, *, data: PersonCreate, actor) -> PersonRead:
    require(actor, "people.write")
    _refuse(_uniqueness_problems(session, data, None))
    person = Person(full_name=data.full_name)
    _apply(person, data)
    session.add(person)
    session.flush()
    return _read(person, None)


def update_person(session: Session, *, person_id: int, data: PersonUpdate, actor) -> PersonRead:
    """Edit a person; refused if someone else saved them since the form was loaded. A rename is
    followed through to the settings' departing leader, which names a person."""
    require(actor, "people.write")
    person = _person(session, person_id)
    check_version(session, person, data.version, "person")
    _refuse(_uniqueness_problems(session, data, person.id))
    old_name = person.full_name
    _apply(person, data)
    session.flush()
    if old_name != person.full_name:
        _follow_rename(session, old_name, person.full_name)
    return _read(person, _accounts_by_person(session).get(person.id))


def _follow_rename(session: Session, old: str, new: str) -> None:
    from gfj_core.services.org_settings import load_org_settings, write_settings

    settings = load_org_settings(session)
    if settings.departing_leader == old:
        settings.departing_leader = new
        write_settings(session, settings, {"departing_leader"})


def mark_left(session: Session, *, person_id: int, left_on: date, actor) -> PersonRead:
    """They left on that day: kept in every record, shown as left, and their account ends."""
    require(actor, "people.write")
    from gfj_core.services.accounts import deactivate_accounts_of_person

    person = _person(session, person_id)
    person.active = False
    person.left_on = left_on
    deactivate_accounts_of_person(session, person)
    session.flush()
    return _read(person, _accounts_by_person(session).get(person.id))


def mark_returned(session: Session, *, person_id: int, actor) -> PersonRead:
    """Undo "left" (a mistake, or someone back). Their account stays off until an admin acts."""
    require(actor, "people.write")
    person = _person(session, person_id)
    person.active = True
    person.left_on = None
    session.flush()
    return _read(person, _accounts_by_person(session).get(person.id))


def records_naming(session: Session, person_id: int) -> dict[str, int]:
    """Table -> how many of its rows point at this person (every foreign key to person.id)."""
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "person" and fk.column.name == "id":
                n = session.scalar(
                    select(func.count()).select_from(table).where(fk.parent == person_id)
                )
                if n:
                    counts[table.name] = counts.get(table.name, 0) + n
    return counts


def remove_person(session: Session, *, person_id: int, actor) -> None:
    """Delete someone added by mistake; refused once any record names them (mark as left)."""
    require(actor, "people.write")
    from gfj_core.services.org_settings import load_org_settings

    person = _person(session, person_id)
    used = records_naming(session, person.id)
    if load_org_settings(session).departing_leader == person.full_name:
        used["settings (departing leader)"] = 1
    if used:
        where = ", ".join(t.replace("_", " ") for t in sorted(used))
        raise ValidationFailed(
            f"{person.full_name} appears in records ({where}), so they cannot be removed: "
            "mark them as left instead.",
            [("person", "appears in records")],
        )
    session.delete(person)
    session.flush()


def import_people(session: Session, *, filename: str, content: bytes, actor) -> PeopleImportResult:
    """All or nothing: every row is checked (and against the directory) before any is written.
    A name already on file updates that person with the file's values."""
    require(actor, "people.write")
    table = read_table(filename, content)
    rows, problems = parse_people(table)
    existing = {p.full_name.lower(): p for p in session.scalars(select(Person))}
    by_email = {p.email.lower(): p for p in existing.values() if p.email}
    for number, data in rows:
        if data.email and data.email in by_email:
            holder = by_email[data.email]
            if holder.full_name.lower() != data.full_name.lower():
                problems.add(number, "email", f"{data.email} is already {holder.full_name}'s email")
    problems.raise_if_any("people")
    added = updated = 0
    for _, data in rows:
        person = existing.get(data.full_name.lower())
        if person is None:
            person = Person(full_name=data.full_name)
            session.add(person)
            added += 1
        else:
            updated += 1
        _apply(person, data)
    session.flush()
    return PeopleImportResult(added=added, updated=updated)


def people_template() -> bytes:
    return template_csv(COLUMNS, TEMPLATE_ROWS)


def export_people_csv(session: Session, *, actor) -> bytes:
    """The directory as CSV, every text cell formula-neutralised (see exports/safety.py)."""
    require(actor, "people.write")
    people = list_people(session, filters=PeopleFilter(status="all"), actor=actor)
    frame = pd.DataFrame(
        [
            {
                "full_name": p.full_name,
                "email": p.email or "",
                "title": p.title or "",
                "board_seat": BOARD_SEAT_LABELS.get(p.board_role or "", ""),
                "board_term_start": p.board_term_start.isoformat() if p.board_term_start else "",
                "board_term_end": p.board_term_end.isoformat() if p.board_term_end else "",
                "staff": "yes" if p.is_staff else "no",
                "status": "active" if p.active else "left",
                "left_on": p.left_on.isoformat() if p.left_on else "",
                "username": p.username or "",
                "role": p.account_role or "",
            }
            for p in people
        ],
        columns=list(EXPORT_COLUMNS),
    )
    return safe_csv_bytes(frame)


def validate_person(raw: dict) -> PersonFields:
    """Raise ValidationFailed with (field, message) problems for a form's raw values."""
    try:
        return PersonFields.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            msg = e["msg"].removeprefix("Value error, ")
            if e["loc"]:
                problems.append((str(e["loc"][0]), msg))
            else:
                field, sep, rest = msg.partition(": ")
                problems.append((field, rest) if sep else ("form", msg))
        raise ValidationFailed("; ".join(f"{f}: {m}" for f, m in problems), problems) from None
