"""Monthly accounts: one row per month, amounts in dollars, all or nothing.

Columns (header names exactly): `month` (YYYY-MM), the revenue, expense and balance columns of
gfj_core.metrics.finance.AMOUNT_COLUMNS, and optionally `budget_revenue`, `budget_expense` and
`total_assets`. A month already on file is replaced; the summary says how many months were new
and replaced.

Two kinds of finding, both named by row and column:
- problems (refused): a cell that is not a valid amount, a month twice, a balance sheet that does
  not balance (when `total_assets` is given: total assets − total liabilities must equal the two
  net-asset columns within a dollar, and the listed assets may not exceed total assets);
- unusual figures (held for the treasurer's confirmation, issue 22): an expense line or program
  revenue more than 3 times, or under a third of, its median over the previous 12 months; a
  gift or other-revenue line more than 3 times the largest of those months (they arrive in
  lumps); cash moving more than the organisation's `import_cash_move_share` in one month. The
  previous months are those on file with the file's own earlier rows laid over them. Nothing is
  written until the treasurer confirms them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from statistics import median

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core import formatting as fmt
from gfj_core.imports.columns import ImportColumn, contract
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
from gfj_core.metrics.finance import (
    EXPENSE_COLUMNS,
    REVENUE_COLUMNS,
    add_months,
)
from gfj_core.models.finance import MonthlyAccount
from gfj_core.schemas.finance import MonthlyAccountIn

_MONTH_END = "balance at month end"
# The columns, defined once (gfj_core.imports.columns); the names are those of
# gfj_core.metrics.finance (AMOUNT_COLUMNS, BUDGET_COLUMNS), which a test checks. The examples
# balance: assets 412,300 + 205,000 + 38,400 + 24,600 = 680,300 = total_assets;
# 680,300 − 67,000 liabilities = 613,300 = 481,800 + 131,500 net assets.
ACCOUNT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("month", True, "YYYY-MM, e.g. 2026-11; once per file", parse_month, "2026-11"),
    ImportColumn("contributions_unrestricted", True, "gifts without donor restrictions", parse_money, "98,500.00"),
    ImportColumn("contributions_restricted", True, "gifts with donor restrictions", parse_money, "12,000.00"),
    ImportColumn("program_revenue", True, "program-service revenue (fees, contracts)", parse_money, "4,800.00"),
    ImportColumn("other_revenue", True, "anything else; may be negative (investment losses)", parse_money, "650.00"),
    ImportColumn("expense_program", True, "program expenses", parse_money, "99,200.00"),
    ImportColumn("expense_management", True, "management and general expenses", parse_money, "16,100.00"),
    ImportColumn("expense_fundraising", True, "fundraising expenses", parse_money, "11,300.00"),
    ImportColumn("depreciation", True, "non-cash, already inside the three expense columns; not more than their total", parse_money, "1,050.00"),
    ImportColumn("cash", True, _MONTH_END, parse_money, "412,300.00"),
    ImportColumn("investments", True, _MONTH_END, parse_money, "205,000.00"),
    ImportColumn("receivables", True, _MONTH_END, parse_money, "38,400.00"),
    ImportColumn("fixed_assets_net", True, _MONTH_END, parse_money, "24,600.00"),
    ImportColumn("fixed_asset_debt", True, "debt on fixed assets, at month end", parse_money, "6,000.00"),
    ImportColumn("current_liabilities", True, _MONTH_END, parse_money, "61,000.00"),
    ImportColumn("total_liabilities", True, _MONTH_END, parse_money, "67,000.00"),
    ImportColumn("net_assets_without_restrictions", True, "at month end; may be negative", parse_money, "481,800.00"),
    ImportColumn("board_designated", True, "part of the above the board has set aside", parse_money, "100,000.00"),
    ImportColumn("net_assets_with_restrictions", True, "at month end; may be negative", parse_money, "131,500.00"),
    ImportColumn("budget_revenue", False, "the month's revenue budget", parse_money, "121,000.00"),
    ImportColumn("budget_expense", False, "the month's expense budget", parse_money, "126,000.00"),
    # total_assets is only checked (the balance sheet must balance), never stored.
    ImportColumn("total_assets", False, "balance at month end; when given, total assets − total liabilities must equal the two net-asset columns, within a dollar", parse_money, "680,300.00"),
)  # fmt: skip
REQUIRED, OPTIONAL, COLUMNS, PARSERS, TEMPLATE_ROWS = contract(ACCOUNT_COLUMNS)
LISTED_ASSETS = ("cash", "investments", "receivables", "fixed_assets_net")
NET_ASSETS = ("net_assets_without_restrictions", "net_assets_with_restrictions")
BALANCE_TOLERANCE_CENTS = 100  # "within a dollar": rounding in the books, not an error

# The plausibility rules (issue 22).
LINE_COLUMNS = (*REVENUE_COLUMNS, *EXPENSE_COLUMNS)
# Gifts and investment results arrive in lumps: a quarterly grant payment is several times a
# typical month and many months have none, so for these a month is unusual only when it is over
# 3 times the largest month of the previous twelve (a 10x slip still is; a grant arriving is not).
# The steady lines (expenses, program revenue) are compared with their median, both ways.
LUMPY_COLUMNS = frozenset(
    {"contributions_unrestricted", "contributions_restricted", "other_revenue"}
)
LINE_FACTOR = 3.0  # more than 3x, or under a third of, the line's median
HISTORY_MONTHS = 12  # the median is over the previous twelve months
MIN_HISTORY = 3  # fewer months before it: no median worth comparing with
# A line whose move from its median is under $1,000 is not worth a confirmation (a $650 "other
# revenue" becoming $2,100 is ordinary); the 10x slip of a real line always exceeds it.
MIN_DIFFERENCE_CENTS = 100_000


def month_label(month: date) -> str:
    return month.strftime("%Y-%m")


def parse_financials(
    table: Table, *, progress: Progress | None = None
) -> tuple[list[MonthlyAccountIn], Problems]:
    """Every row validated; every problem named by row and column. Nothing is written here."""
    numbered, problems = parse_numbered(table, progress=progress)
    return [r for _, r in numbered], problems


def balance_problems(number: int, values: Mapping[str, int | None], problems: Problems) -> None:
    """Total assets − total liabilities = net assets (within a dollar), and the assets the file
    lists (cash, investments, receivables, net fixed assets) are part of the total."""
    total = values.get("total_assets")
    if total is None:
        return
    net_assets = sum(values[c] for c in NET_ASSETS)
    difference = total - values["total_liabilities"] - net_assets
    if abs(difference) > BALANCE_TOLERANCE_CENTS:
        problems.add(
            number,
            "total_assets",
            f"the balance sheet does not balance: total assets {fmt.money_from_cents(total)} − "
            f"total liabilities {fmt.money_from_cents(values['total_liabilities'])} = "
            f"{fmt.money_from_cents(total - values['total_liabilities'])}, but net assets "
            f"(without + with donor restrictions) are {fmt.money_from_cents(net_assets)}; off "
            f"by {fmt.money_from_cents(abs(difference), show_cents=True)}",
        )
    listed = sum(values[c] for c in LISTED_ASSETS)
    if listed - total > BALANCE_TOLERANCE_CENTS:
        problems.add(
            number,
            "total_assets",
            f"is {fmt.money_from_cents(total)}, less than the assets listed in this row "
            f"(cash + investments + receivables + net fixed assets = "
            f"{fmt.money_from_cents(listed)})",
        )


def parse_numbered(
    table: Table, *, progress: Progress | None = None
) -> tuple[list[tuple[int, MonthlyAccountIn]], Problems]:
    """(spreadsheet row, month) pairs for the valid rows, and every problem."""
    problems = Problems()
    rows: list[tuple[int, MonthlyAccountIn]] = []
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
        total_assets = values.pop("total_assets", None)
        try:
            account = MonthlyAccountIn.model_validate(values)
        except ValidationError as exc:
            add_pydantic_problems(exc, number, problems)
            continue
        balance_problems(number, {**account.model_dump(), "total_assets": total_assets}, problems)
        rows.append((number, account))
    return rows, problems


def _unusual_line(column: str, value: int, before: Sequence[int]) -> str | None:
    """Why one line of one month looks unusual against the same line in the months before."""
    n = len(before)
    if column in LUMPY_COLUMNS:
        largest = max(abs(b) for b in before)
        if (
            largest > 0
            and abs(value) > LINE_FACTOR * largest
            and abs(value) - largest >= MIN_DIFFERENCE_CENTS
        ):
            return (
                f"{fmt.money_from_cents(value)} is {abs(value) / largest:.1f} times the "
                f"largest month of the previous {n} ({fmt.money_from_cents(largest)}): is a "
                "digit missing or extra?"
            )
        return None
    typical = median(before)
    if typical <= 0 or abs(value - typical) < MIN_DIFFERENCE_CENTS:
        return None
    if value > LINE_FACTOR * typical:
        how = f"{value / typical:.1f} times"
    elif value * LINE_FACTOR < typical:
        how = f"under a third of ({fmt.pct(value / typical)})"
    else:
        return None
    return (
        f"{fmt.money_from_cents(value)} is {how} its median of "
        f"{fmt.money_from_cents(round(typical))} over the previous {n} months: "
        "is a digit missing or extra?"
    )


def unusual_figures(
    rows: Sequence[tuple[int, MonthlyAccountIn]],
    on_file: Mapping[date, Mapping[str, int]],
    *,
    cash_move_share: float,
) -> Problems:
    """The figures a treasurer should look at twice before they are written, by row and column.

    History for each month is the months on file with the file's own rows laid over them (a
    month in the file replaces the one on file), so a multi-year file is checked month by month
    against what comes before it."""
    history: dict[date, Mapping[str, int]] = dict(on_file)
    for _, r in rows:
        history[r.month] = r.model_dump()
    found = Problems()
    for number, r in sorted(rows, key=lambda pair: pair[1].month):
        before = [
            history[m]
            for k in range(1, HISTORY_MONTHS + 1)
            if (m := add_months(r.month, -k)) in history
        ]
        for column in LINE_COLUMNS:
            if len(before) < MIN_HISTORY:
                break
            message = _unusual_line(column, getattr(r, column), [b[column] for b in before])
            if message:
                found.add(number, column, message)
        previous = history.get(add_months(r.month, -1))
        if previous is not None and previous["cash"] > 0:
            move = (r.cash - previous["cash"]) / previous["cash"]
            if abs(move) > cash_move_share:
                found.add(
                    number,
                    "cash",
                    f"cash moved from {fmt.money_from_cents(previous['cash'])} to "
                    f"{fmt.money_from_cents(r.cash)} ({fmt.pct(move, signed=True)}) in one month, "
                    f"more than the {fmt.pct(cash_move_share)} the settings call usual",
                )
    return found


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
