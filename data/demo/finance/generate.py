"""Writes the demo organisation's financial files (fictional figures) in the import formats.

    .venv/bin/python data/demo/finance/generate.py

Deterministic: a fixed seed, so running it again gives the same files byte for byte. The story:
a healthy cushion (about five months of cash) eroding slightly over three years while the
largest funder, whose relationship the departing President & CEO holds, cuts its general
operating grant from $480,000 to $300,000 a year. Expenses over the last twelve months come to
the organisation's real annual budget, $1,529,050; everything else is invented.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST_MONTH = date(2023, 11, 1)
MONTHS = 36
ANNUAL_EXPENSES_LAST_12 = 152_905_000  # cents: $1,529,050
CEO = "Carmen Perez-Jordan"

# name, type, relationship owner, successor, handoff, introduction meeting, restricted,
# {year: (amount per payment in dollars, payment months)}
FUNDERS = [
    ("Hollis Park Foundation", "foundation", CEO, "Jamal Whitaker", "not_started", "", False,
     {2024: (120_000, [1, 4, 7, 10]), 2025: (100_000, [1, 4, 7, 10]),
      2026: (75_000, [1, 4, 7, 10])}),
    ("Sojourner Freedom Fund", "foundation", CEO, "Malik Hassan", "introduced", "2026-09-15", True,
     {y: (90_000, [1, 7]) for y in (2024, 2025, 2026)}),
    ("Westbrook Arts & Justice Fund", "foundation", CEO, "Elena Marquez", "transferred",
     "2026-03-10", True, {y: (120_000, [3]) for y in (2024, 2025, 2026)}),
    ("Pacific Commons Foundation", "foundation", "Elena Marquez", "", "not_started", "", True,
     {y: (150_000, [6]) for y in (2024, 2025, 2026)}),
    ("Meridian Trust for Nonviolence", "foundation", "Jamal Whitaker", "", "not_started", "", True,
     {2024: (85_000, [9]), 2025: (90_000, [9]), 2026: (95_000, [9])}),
    ("Ruth and Calvin Ames", "individual", CEO, "Marisol Vega-Brooks", "not_started", "", False,
     {y: (75_000, [12]) for y in (2023, 2024, 2025)}),
    ("Dolores Hart", "individual", CEO, "", "not_started", "", False,
     {y: (25_000, [11]) for y in (2023, 2024, 2025)}),
    ("Brightline Media Group", "corporate", "Kiara Thompson", "", "not_started", "", False,
     {y: (40_000, [5]) for y in (2024, 2025, 2026)}),
    ("Harbor City Bank Community Fund", "corporate", "Malik Hassan", "", "not_started", "", True,
     {y: (30_000, [2]) for y in (2024, 2025, 2026)}),
    ("Empire State Youth Justice Initiative", "government", "Rosa Delgado", "", "not_started", "",
     True, {2023: (25_000, [12]), **{y: (25_000, [3, 6, 9, 12]) for y in (2024, 2025, 2026)}}),
    ("Oakland Community Safety Partnership", "government", "Sofia Benitez", "", "not_started", "",
     True, {2023: (15_000, [11]), **{y: (15_000, [2, 5, 8, 11]) for y in (2024, 2025, 2026)}}),
]  # fmt: skip
ONLINE = ("Online and event giving", "other", "Malik Hassan", "", "not_started", "", False)

ACCOUNT_COLUMNS = [
    "month", "contributions_unrestricted", "contributions_restricted", "program_revenue",
    "other_revenue", "expense_program", "expense_management", "expense_fundraising",
    "depreciation", "cash", "investments", "receivables", "fixed_assets_net", "fixed_asset_debt",
    "current_liabilities", "total_liabilities", "net_assets_without_restrictions",
    "board_designated", "net_assets_with_restrictions", "budget_revenue", "budget_expense",
]  # fmt: skip
# Annual budgets (dollars) by calendar (= fiscal) year.
BUDGET = {
    2023: (1_440_000, 1_430_000),
    2024: (1_500_000, 1_460_000),
    2025: (1_520_000, 1_500_000),
    2026: (1_470_000, 1_480_000),
}


def add_months(d: date, n: int) -> date:
    i = d.year * 12 + d.month - 1 + n
    return date(i // 12, i % 12 + 1, 1)


def money(cents: int) -> str:
    """Dollars as a treasurer's spreadsheet writes them: thousands separators, accounting
    negatives, so the demo files exercise the import's money parsing."""
    text = f"{abs(cents) / 100:,.2f}"
    return f"({text})" if cents < 0 else text


def phased_revenue_budget(months: list[date]) -> dict[date, int]:
    """The revenue budget phased by when gifts are expected, as a treasurer plans it (cents).
    The 2026 budget still assumed $400,000 from the largest funder; it sent $300,000."""
    budget = {}
    for year in sorted({m.year for m in months}):
        planned = dict.fromkeys(range(1, 13), 0)
        for name, *_rest, schedule in FUNDERS:
            amount, pay_months = schedule.get(year) or schedule[2024]
            if name == "Hollis Park Foundation" and year == 2026:
                amount = 100_000
            for m in pay_months:
                planned[m] += amount
        for m in planned:
            planned[m] += (34_000 if m == 12 else 9_000) + 5_000 + 700
        scale = BUDGET[year][0] * 100 / sum(planned.values())
        for m, amount in planned.items():
            budget[date(year, m, 1)] = int(round(amount * scale))
    return budget


def main() -> None:
    rng = random.Random(20261122)
    months = [add_months(FIRST_MONTH, k) for k in range(MONTHS)]
    last = months[-1]

    # --- gifts ---------------------------------------------------------------------------------
    gifts = []  # (reference, date, funder, cents, restricted, note)
    for name, _t, _o, _s, _h, _i, restricted, schedule in FUNDERS:
        for year, (amount, pay_months) in schedule.items():
            for m in pay_months:
                day = date(year, m, rng.randint(3, 24))
                if not FIRST_MONTH <= day.replace(day=1) <= last:
                    continue
                note = "restricted grant payment" if restricted else "general operating support"
                gifts.append([None, day, name, amount * 100, restricted, note])
    for month in months:
        base = 34_000 if month.month == 12 else 9_000
        cents = int(base * rng.uniform(0.85, 1.15)) * 100 + rng.randint(0, 99)
        gifts.append([None, month.replace(day=28), ONLINE[0], cents, False, "monthly batch"])
    gifts.sort(key=lambda g: (g[1], g[2]))
    for n, g in enumerate(gifts, start=1):
        g[0] = f"GL-{g[1]:%Y%m}-{n:04d}"

    by_month: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for _ref, day, _f, cents, restricted, _n in gifts:
        by_month[day.replace(day=1)][1 if restricted else 0] += cents

    # --- expenses: growing slowly, seasonal; the last twelve months sum to the real budget --
    raw = []
    for k, month in enumerate(months):
        trend = 1_250_000 + 600 * k  # relative sizes only: scaled below
        season = {12: 1.10, 6: 1.06, 7: 1.05, 8: 0.95, 1: 0.96}.get(month.month, 1.0)
        raw.append(trend * season * rng.uniform(0.97, 1.03))
    scale = ANNUAL_EXPENSES_LAST_12 / sum(raw[-12:])
    expenses = [int(round(r * scale)) for r in raw]
    expenses[-1] += ANNUAL_EXPENSES_LAST_12 - sum(expenses[-12:])

    budget_revenue = phased_revenue_budget(months)

    # --- the books, month by month (the balance sheet balances every month) -----------------
    na_free, na_restricted = 65_000_000, 15_000_000
    fixed_assets, debt = 3_600_000, 1_200_000
    investments = 20_000_000
    board_designated = 5_000_000  # the board's operating reserve
    rows = []
    for month, total_expense in zip(months, expenses, strict=True):
        unrestricted, restricted = by_month[month]
        program_revenue = int(5_000_00 * rng.uniform(0.7, 1.3))
        if month.month in (7, 10) and month.year == 2025:
            other = -rng.randint(150_000, 260_000)  # a market dip on the reserve fund
        else:
            other = rng.randint(55_000, 90_000)
        depreciation = 105_000
        if month == date(2025, 3, 1):
            fixed_assets += 900_000  # laptops and a van for the youth programme, paid in cash
        fixed_assets -= depreciation
        debt = max(0, debt - 50_000)
        management = int(total_expense * rng.uniform(0.125, 0.135))
        fundraising = int(total_expense * rng.uniform(0.085, 0.095))
        program = total_expense - management - fundraising
        release = int(na_restricted * 0.35)  # restricted grants spent as programmes run
        na_restricted += restricted - release
        na_free += unrestricted + program_revenue + other + release - total_expense
        investments += other
        receivables = int(8_000_000 * rng.uniform(0.85, 1.15))  # pledges due
        # Accounts payable, accrued payroll and deferred revenue.
        payables = int(total_expense * rng.uniform(0.95, 1.25))
        current_liabilities = payables + min(debt, 600_000)
        total_liabilities = payables + debt
        cash = (
            na_free + na_restricted + total_liabilities - receivables - investments - fixed_assets
        )
        budget_exp = BUDGET[month.year][1]
        rows.append(
            [
                month.strftime("%Y-%m"),
                money(unrestricted),
                money(restricted),
                money(program_revenue),
                money(other),
                money(program),
                money(management),
                money(fundraising),
                money(depreciation),
                money(cash),
                money(investments),
                money(receivables),
                money(fixed_assets),
                money(debt),
                money(current_liabilities),
                money(total_liabilities),
                money(na_free),
                money(board_designated),
                money(na_restricted),
                money(budget_revenue[month]),
                money(budget_exp * 100 // 12),
            ]
        )

    with open(HERE / "accounts.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(ACCOUNT_COLUMNS)
        w.writerows(rows)
    with open(HERE / "funders.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "type", "relationship_owner", "successor_owner", "handoff_status",
                    "introduction_meeting_on"])  # fmt: skip
        for name, kind, owner, successor, handoff, intro, _r, _s in FUNDERS:
            w.writerow([name, kind, owner, successor, handoff, intro])
        w.writerow(ONLINE[:6])
    with open(HERE / "gifts.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["reference", "date", "funder", "amount", "restricted", "note"])
        for ref, day, funder, cents, restricted, note in gifts:
            w.writerow([ref, day.isoformat(), funder, money(cents), "yes" if restricted else "no",
                        note])  # fmt: skip


if __name__ == "__main__":
    main()
