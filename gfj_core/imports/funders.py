"""Funders and who holds each relationship, all or nothing.

Columns: `name`, `type` (foundation / individual / corporate / government / other),
`relationship_owner`, `successor_owner` (may be empty), `handoff_status` (not_started /
introduced / transferred), optionally `introduction_meeting_on` (YYYY-MM-DD). Owners are people's
full names and must be known unless people may be created. A funder already on file (same name,
any case) is updated.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.imports.columns import ImportColumn, contract
from gfj_core.imports.common import (
    Problems,
    Progress,
    Table,
    add_pydantic_problems,
    check_columns,
    choice,
    parse_date,
    parse_row,
    parse_text,
    report,
)
from gfj_core.models import Person
from gfj_core.models.finance import FUNDER_TYPES, HANDOFF_STATUSES, Funder
from gfj_core.schemas.finance import FunderIn

# successor_owner is in the header of every file, but its cells may be empty: optional to the
# parser, "may be empty" in the column table.
FUNDER_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("name", True, "the funder's name; once per file", lambda c: parse_text(c, 160),
                 ("Hollis Park Foundation", "Harbor City Bank Community Fund")),
    ImportColumn("type", True, "foundation, individual, corporate, government or other",
                 choice(FUNDER_TYPES), ("foundation", "corporate")),
    ImportColumn("relationship_owner", True, "who holds the relationship now",
                 lambda c: parse_text(c, 120), ("Carmen Perez-Jordan", "Malik Hassan")),
    ImportColumn("successor_owner", False, "who is taking it over", lambda c: parse_text(c, 120),
                 ("Jamal Whitaker", ""), required_word="may be empty"),
    ImportColumn("handoff_status", True, "not_started, introduced or transferred (the last two "
                 "need a successor)", choice(HANDOFF_STATUSES), ("introduced", "not_started")),
    ImportColumn("introduction_meeting_on", False, "YYYY-MM-DD of the introduction meeting",
                 parse_date, ("2026-09-15", "")),
)  # fmt: skip
REQUIRED, OPTIONAL, COLUMNS, PARSERS, TEMPLATE_ROWS = contract(FUNDER_COLUMNS)


def known_people(session: Session) -> dict[str, str]:
    """lower-cased full name -> full name as recorded."""
    return {n.lower(): n for n in session.scalars(select(Person.full_name))}


def parse_funders(
    table: Table,
    people: dict[str, str],
    *,
    create_people: bool = False,
    progress: Progress | None = None,
) -> tuple[list[FunderIn], list[str], Problems]:
    """(funders, people to create, problems). Names of people are matched ignoring case."""
    problems = Problems()
    rows: list[FunderIn] = []
    new_people: dict[str, str] = {}
    if not check_columns(table, REQUIRED, OPTIONAL, problems):
        return rows, [], problems
    first_row_of: dict[str, int] = {}
    total = len(table)
    for done, (number, record) in enumerate(table.records(), start=1):
        report(progress, done, total, "Checked row")
        values = parse_row(number, record, PARSERS, REQUIRED, problems)
        if values is None:
            continue
        key = values["name"].lower()
        if key in first_row_of:
            problems.add(
                number,
                "name",
                f"'{values['name']}' appears twice in this file (first on row {first_row_of[key]})",
            )
            continue
        first_row_of[key] = number
        bad = False
        for column in ("relationship_owner", "successor_owner"):
            name = values.get(column)
            if not name:
                continue
            if name.lower() in people:
                values[column] = people[name.lower()]
            elif create_people:
                values[column] = new_people.setdefault(name.lower(), name)
            else:
                problems.add(
                    number,
                    column,
                    f"no person named '{name}' (check the spelling, or allow new people to be "
                    "created)",
                )
                bad = True
        status = values["handoff_status"]
        if (
            status != "not_started"
            and "successor_owner" in values
            and not values["successor_owner"]
        ):
            problems.add(number, "successor_owner", f"a '{status}' handoff needs a successor")
            bad = True
        if bad:
            continue
        try:
            rows.append(FunderIn.model_validate(values))
        except ValidationError as exc:
            add_pydantic_problems(exc, number, problems)
    return rows, sorted(new_people.values()), problems


def existing_funders(session: Session, names: list[str]) -> dict[str, Funder]:
    """lower-cased name -> Funder, for the names given."""
    lowered = sorted({n.lower() for n in names})
    out: dict[str, Funder] = {}
    for i in range(0, len(lowered), 500):
        chunk = lowered[i : i + 500]
        for f in session.scalars(select(Funder).where(func.lower(Funder.name).in_(chunk))):
            out[f.name.lower()] = f
    return out


def write_funders(
    session: Session,
    rows: list[FunderIn],
    new_people: list[str],
    *,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Create the new people, then create or update each funder; returns (new, updated)."""
    for name in new_people:
        session.add(Person(full_name=name))
    session.flush()
    ids = {n.lower(): i for n, i in session.execute(select(Person.full_name, Person.id)).all()}
    existing = existing_funders(session, [r.name for r in rows])
    new = updated = 0
    for done, row in enumerate(rows, start=1):
        values = {
            "type": row.type,
            "relationship_owner_person_id": ids[row.relationship_owner.lower()],
            "handoff_status": row.handoff_status,
        }
        # An optional column left out of the file keeps what is on record (the handover
        # ledger may have set it); a column present but empty clears it.
        if "successor_owner" in row.model_fields_set:
            successor = row.successor_owner
            values["successor_owner_person_id"] = ids[successor.lower()] if successor else None
        if "introduction_meeting_on" in row.model_fields_set:
            values["introduction_meeting_on"] = row.introduction_meeting_on
        funder = existing.get(row.name.lower())
        if funder is None:
            session.add(Funder(name=row.name, **values))
            new += 1
        else:
            for key, value in values.items():
                if getattr(funder, key) != value:
                    setattr(funder, key, value)
            updated += 1
        report(progress, done, len(rows), "Saved funder", every=100)
    session.flush()
    return new, updated
