"""Monthly accounts: one row per month, amounts in dollars, all or nothing.

Columns (header names exactly): `month` (YYYY-MM), the revenue, expense and balance columns of
gfj_core.metrics.finance.AMOUNT_COLUMNS, and optionally `budget_revenue` and `budget_expense`.
A month already on file is replaced; the summary says how many months were new and replaced.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.imports.common import (
    Problems,
    Progress,
    Table,
    add_pydantic_problems,
    check_columns,
    parse_money,
    parse_month,
    parse_row,
    report,
)
from gfj_core.metrics.finance import AMOUNT_COLUMNS, BUDGET_COLUMNS
from gfj_core.models.finance import MonthlyAccount
from gfj_core.schemas.finance import MonthlyAccountIn

REQUIRED = ("month", *AMOUNT_COLUMNS)
OPTIONAL = BUDGET_COLUMNS
COLUMNS = (*REQUIRED, *OPTIONAL)
PARSERS = {"month": parse_month, **{c: parse_money for c in (*AMOUNT_COLUMNS, *BUDGET_COLUMNS)}}

# A worked example for the downloadable template (dollars, as a treasurer would type them).
TEMPLATE_ROWS = [
    [
        "2026-11", "98,500.00", "12,000.00", "4,800.00", "650.00",
        "99,200.00", "16,100.00", "11,300.00", "1,050.00",
        "412,300.00", "205,000.00", "38,400.00", "24,600.00", "6,000.00",
        "61,000.00", "67,000.00", "432,000.00", "100,000.00", "131,500.00",
        "121,000.00", "126,000.00",
    ]
]  # fmt: skip


def month_label(month: date) -> str:
    return month.strftime("%Y-%m")


def parse_financials(
    table: Table, *, progress: Progress | None = None
) -> tuple[list[MonthlyAccountIn], Problems]:
    """Every row validated; every problem named by row and column. Nothing is written here."""
    problems = Problems()
    rows: list[MonthlyAccountIn] = []
    if not check_columns(table, REQUIRED, OPTIONAL, problems):
        return rows, problems
    first_row_of: dict[date, int] = {}
    total = len(table)
    for done, (number, record) in enumerate(table.records(), start=1):
        report(progress, done, total, "Checked row")
        values = parse_row(number, record, PARSERS, REQUIRED, problems)
        if values is None:
            continue
        month = values["month"]
        if month in first_row_of:
            problems.add(
                number,
                "month",
                f"{month_label(month)} appears twice in this file (first on row "
                f"{first_row_of[month]})",
            )
            continue
        first_row_of[month] = number
        try:
            rows.append(MonthlyAccountIn.model_validate(values))
        except ValidationError as exc:
            add_pydantic_problems(exc, number, problems)
    return rows, problems


def months_on_file(session: Session, months: list[date]) -> set[date]:
    if not months:
        return set()
    return set(
        session.scalars(select(MonthlyAccount.month).where(MonthlyAccount.month.in_(months)))
    )


def plan_sentence(new: list[date], replaced: list[date]) -> str:
    def describe(months: list[date]) -> str:
        months = sorted(months)
        if not months:
            return ""
        if len(months) <= 3:
            return " (" + ", ".join(month_label(m) for m in months) + ")"
        return f" ({month_label(months[0])} to {month_label(months[-1])})"

    n, r = len(new), len(replaced)
    return f"{n} month{'s' if n != 1 else ''} new{describe(new)}, {r} replaced{describe(replaced)}"


def write_financials(
    session: Session, rows: list[MonthlyAccountIn], *, progress: Progress | None = None
) -> tuple[int, int]:
    """Insert new months and replace existing ones; returns (new, replaced). Flushes, never
    commits: the caller's transaction makes it all or nothing."""
    existing = {
        a.month: a
        for a in session.scalars(
            select(MonthlyAccount).where(MonthlyAccount.month.in_([r.month for r in rows]))
        )
    }
    new = replaced = 0
    for done, row in enumerate(rows, start=1):
        values = row.model_dump()
        account = existing.get(row.month)
        if account is None:
            session.add(MonthlyAccount(**values))
            new += 1
        else:
            for key, value in values.items():
                setattr(account, key, value)
            replaced += 1
        report(progress, done, len(rows), "Saved month", every=50)
    session.flush()
    return new, replaced
