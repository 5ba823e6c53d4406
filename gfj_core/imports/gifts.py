"""Gifts and grant payments, all or nothing.

Columns: `reference` (the CRM or ledger id: re-importing a reference updates that gift), `date`
(YYYY-MM-DD), `funder` (a funder's name; an unknown funder is created), `amount` (dollars, more
than zero), `restricted` (true/false, yes/no, 1/0), optionally `note`.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.imports.columns import ImportColumn, contract
from gfj_core.imports.common import (
    Problems,
    Progress,
    Table,
    add_pydantic_problems,
    check_columns,
    parse_bool,
    parse_date,
    parse_money,
    parse_row,
    parse_text,
    report,
)
from gfj_core.imports.funders import existing_funders
from gfj_core.models.finance import Funder, Gift
from gfj_core.schemas.finance import GiftIn

GIFT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("reference", True, "the CRM or ledger id; once per file",
                 lambda c: parse_text(c, 80), ("GL-2026-1101", "GL-2026-1102")),
    ImportColumn("date", True, "YYYY-MM-DD", parse_date, ("2026-11-03", "2026-11-12")),
    ImportColumn("funder", True, "the funder's name", lambda c: parse_text(c, 160),
                 ("Hollis Park Foundation", "Sojourner Freedom Fund")),
    ImportColumn("amount", True, "dollars, more than zero", parse_money,
                 ("75,000.00", "$90,000.00")),
    ImportColumn("restricted", True, "true/false, yes/no or 1/0", parse_bool, ("no", "yes")),
    ImportColumn("note", False, "free text", lambda c: parse_text(c, 2000),
                 ("Q4 general operating", "Justice League NYC")),
)  # fmt: skip
REQUIRED, OPTIONAL, COLUMNS, PARSERS, TEMPLATE_ROWS = contract(GIFT_COLUMNS)


def parse_gifts(table: Table, *, progress: Progress | None = None) -> tuple[list[GiftIn], Problems]:
    problems = Problems()
    rows: list[GiftIn] = []
    if not check_columns(table, REQUIRED, OPTIONAL, problems):
        return rows, problems
    first_row_of: dict[str, int] = {}
    total = len(table)
    for done, (number, record) in enumerate(table.records(), start=1):
        report(progress, done, total, "Checked row")
        values = parse_row(number, record, PARSERS, REQUIRED, problems)
        if values is None:
            continue
        ref = values["reference"]
        if ref in first_row_of:
            problems.add(
                number,
                "reference",
                f"'{ref}' appears twice in this file (first on row {first_row_of[ref]})",
            )
            continue
        first_row_of[ref] = number
        if values["amount"] <= 0:
            problems.add(number, "amount", "must be more than zero")
            continue
        values["amount_cents"] = values.pop("amount")
        try:
            rows.append(GiftIn.model_validate(values))
        except ValidationError as exc:
            add_pydantic_problems(exc, number, problems, {"amount_cents": "amount"})
    return rows, problems


def existing_gifts(session: Session, references: list[str]) -> dict[str, Gift]:
    out: dict[str, Gift] = {}
    refs = sorted(set(references))
    for i in range(0, len(refs), 500):
        chunk = refs[i : i + 500]
        for g in session.scalars(select(Gift).where(Gift.reference.in_(chunk))):
            out[g.reference] = g
    return out


def existing_references(session: Session, references: list[str]) -> set[str]:
    out: set[str] = set()
    refs = sorted(set(references))
    for i in range(0, len(refs), 500):
        out.update(
            session.scalars(select(Gift.reference).where(Gift.reference.in_(refs[i : i + 500])))
        )
    return out


def new_funder_names(session: Session, rows: list[GiftIn]) -> list[str]:
    """Funder names in the file that match no funder on record (ignoring case)."""
    names = {r.funder.lower(): r.funder for r in rows}
    known = existing_funders(session, list(names.values()))
    return sorted(name for key, name in names.items() if key not in known)


def write_gifts(
    session: Session, rows: list[GiftIn], *, progress: Progress | None = None
) -> tuple[int, int, int]:
    """Create unknown funders, then insert or update each gift by reference.
    Returns (new gifts, updated gifts, funders created)."""
    funders = existing_funders(session, [r.funder for r in rows])
    created_funders = 0
    for row in rows:
        key = row.funder.lower()
        if key not in funders:
            funders[key] = Funder(name=row.funder, type="other")
            session.add(funders[key])
            created_funders += 1
    session.flush()
    existing = existing_gifts(session, [r.reference for r in rows])
    new = updated = 0
    for done, row in enumerate(rows, start=1):
        values = {
            "date": row.date,
            "funder_id": funders[row.funder.lower()].id,
            "amount_cents": row.amount_cents,
            "restricted": row.restricted,
            "note": row.note,
        }
        if "note" not in row.model_fields_set:
            del values["note"]  # a file without a note column keeps the notes on record
        gift = existing.get(row.reference)
        if gift is None:
            session.add(Gift(reference=row.reference, **values))
            new += 1
        else:
            for key, value in values.items():
                if getattr(gift, key) != value:
                    setattr(gift, key, value)
            updated += 1
        if done % 2000 == 0:
            session.flush()  # keeps the unit of work (and its audit batch) small
        report(progress, done, len(rows), "Saved gift")
    session.flush()
    return new, updated, created_funders
