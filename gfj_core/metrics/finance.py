"""Financial-health measures on plain values: months as `MonthFigures` (integer cents), gifts as
{funder name: cents}. No database, no rounding: the services round money to the cent for show.

The formulas are the contract of issue 4 and are shown to the board on "How these are computed":

- window: the months present in the data from eleven months before `as_of` to `as_of`.
- E (average monthly cash expenses) = (Σ expenses − Σ depreciation) ÷ months in the window.
- months of cash = (cash + investments) ÷ E;  defensive interval = (cash + investments +
  receivables) ÷ E;  LUNA = net assets without restrictions − board designated − (fixed assets
  net − fixed-asset debt);  months of LUNA = LUNA ÷ E.
- operating reliance = Σ program revenue ÷ Σ expenses; program / admin ratio = Σ program /
  management expense ÷ Σ expenses; fundraising efficiency = Σ fundraising ÷ Σ contributions.
- budget variance year to date = (Σ actual − Σ budget) ÷ Σ budget, over the months present from
  the fiscal-year start; None when one of them has no budget.
- funder shares s = a funder's gifts ÷ all gifts in the window; HHI = Σ s²; founder-dependent
  share = gifts from the departing leader's not-yet-transferred funders ÷ all gifts.
- runway: monthly net = (revenue − lapsed funders' gifts) ÷ months − E; None (sustainable) when
  it is ≥ 0, else (cash + investments) ÷ (−monthly net).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta

REVENUE_COLUMNS = (
    "contributions_unrestricted",
    "contributions_restricted",
    "program_revenue",
    "other_revenue",
)
EXPENSE_COLUMNS = ("expense_program", "expense_management", "expense_fundraising")
BALANCE_COLUMNS = (
    "cash",
    "investments",
    "receivables",
    "fixed_assets_net",
    "fixed_asset_debt",
    "current_liabilities",
    "total_liabilities",
    "net_assets_without_restrictions",
    "board_designated",
    "net_assets_with_restrictions",
)
# Every required amount of the monthly-accounts format, in the template's column order.
AMOUNT_COLUMNS = (*REVENUE_COLUMNS, *EXPENSE_COLUMNS, "depreciation", *BALANCE_COLUMNS)
BUDGET_COLUMNS = ("budget_revenue", "budget_expense")


class MonthNotInData(LookupError):
    """The requested as-of month has no accounts."""


@dataclass(frozen=True)
class MonthFigures:
    """One month's accounts in integer cents: flows for the month, balances at its end."""

    month: date  # the first day of the month
    contributions_unrestricted: int = 0
    contributions_restricted: int = 0
    program_revenue: int = 0
    other_revenue: int = 0
    expense_program: int = 0
    expense_management: int = 0
    expense_fundraising: int = 0
    depreciation: int = 0
    cash: int = 0
    investments: int = 0
    receivables: int = 0
    fixed_assets_net: int = 0
    fixed_asset_debt: int = 0
    current_liabilities: int = 0
    total_liabilities: int = 0
    net_assets_without_restrictions: int = 0
    board_designated: int = 0
    net_assets_with_restrictions: int = 0
    budget_revenue: int | None = None
    budget_expense: int | None = None

    @property
    def revenue(self) -> int:
        return sum(getattr(self, c) for c in REVENUE_COLUMNS)

    @property
    def expenses(self) -> int:
        return sum(getattr(self, c) for c in EXPENSE_COLUMNS)

    @property
    def contributions(self) -> int:
        return self.contributions_unrestricted + self.contributions_restricted

    @property
    def cash_and_investments(self) -> int:
        return self.cash + self.investments


MONTH_FIELDS = tuple(f.name for f in fields(MonthFigures))


# --- calendar helpers -------------------------------------------------------------------------


def add_months(month: date, n: int) -> date:
    """The first day of the month n months after `month`'s month (n may be negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def fiscal_year_start(as_of: date, fiscal_year_start_month: int) -> date:
    """The first month of the fiscal year that contains `as_of`."""
    year = as_of.year if as_of.month >= fiscal_year_start_month else as_of.year - 1
    return date(year, fiscal_year_start_month, 1)


# --- the measures -----------------------------------------------------------------------------


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator ÷ denominator, or None when either is missing or the divisor is zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def window(months: Iterable[MonthFigures], as_of: date) -> list[MonthFigures]:
    """The months present from eleven months before as-of to as-of, oldest first."""
    start = add_months(as_of, -11)
    return sorted((m for m in months if start <= m.month <= as_of), key=lambda m: m.month)


def year_to_date(
    months: Iterable[MonthFigures], as_of: date, fiscal_year_start_month: int = 1
) -> list[MonthFigures]:
    start = fiscal_year_start(as_of, fiscal_year_start_month)
    return sorted((m for m in months if start <= m.month <= as_of), key=lambda m: m.month)


def average_monthly_cash_expenses(months: Sequence[MonthFigures]) -> float | None:
    """E = (Σ expenses − Σ depreciation) ÷ number of months, in cents."""
    if not months:
        return None
    return (sum(m.expenses for m in months) - sum(m.depreciation for m in months)) / len(months)


def luna(m: MonthFigures) -> int:
    """Liquid unrestricted net assets at the month's end."""
    return (
        m.net_assets_without_restrictions
        - m.board_designated
        - (m.fixed_assets_net - m.fixed_asset_debt)
    )


def budget_variance(actual: Sequence[int], budget: Sequence[int | None]) -> float | None:
    """(Σ actual − Σ budget) ÷ Σ budget; None when any month lacks a budget or there is none."""
    if not budget or any(b is None for b in budget):
        return None
    total_budget = sum(budget)  # type: ignore[arg-type]
    return ratio(sum(actual) - total_budget, total_budget)


@dataclass(frozen=True)
class Concentration:
    gifts_total: int
    top_funder: str | None
    top_funder_share: float | None
    funder_hhi: float | None
    founder_dependent_gift_share: float | None
    founder_dependent_gifts: int


def concentration(
    gifts_by_funder: Mapping[str, int], founder_dependent: Collection[str]
) -> Concentration:
    """Shares of all gifts by funder. Ties for the top go to the name first in alphabetical order,
    so the answer never depends on the order rows arrived in."""
    positive = {name: cents for name, cents in gifts_by_funder.items() if cents}
    total = sum(positive.values())
    dependent = sum(cents for name, cents in positive.items() if name in founder_dependent)
    if total == 0:
        return Concentration(0, None, None, None, None, 0)
    top = min(positive, key=lambda name: (-positive[name], name))
    shares = [cents / total for cents in positive.values()]
    return Concentration(
        gifts_total=total,
        top_funder=top,
        top_funder_share=positive[top] / total,
        # fsum is correctly rounded, so the index is the same whatever order rows arrived in
        # (PostgreSQL and SQLite return grouped rows in different orders).
        funder_hhi=math.fsum(s * s for s in shares),
        founder_dependent_gift_share=dependent / total,
        founder_dependent_gifts=dependent,
    )


@dataclass(frozen=True)
class Measures:
    """Every measure for one as-of month. Money in cents (E may be fractional), ratios unrounded."""

    as_of: date
    window_start: date
    months_in_window: int
    ytd_start: date
    ytd_months: int
    total_revenue: int
    total_expenses: int
    surplus: int
    depreciation: int
    program_revenue: int
    contributions: int
    average_monthly_cash_expenses: float | None
    cash_and_investments: int
    months_of_cash: float | None
    luna: int
    months_of_luna: float | None
    operating_reliance: float | None
    defensive_interval_months: float | None
    current_ratio: float | None
    program_expense_ratio: float | None
    admin_ratio: float | None
    fundraising_efficiency: float | None
    ytd_revenue: int
    ytd_expenses: int
    ytd_budget_revenue: int | None
    ytd_budget_expense: int | None
    budget_variance_revenue_ytd: float | None
    budget_variance_expense_ytd: float | None
    gifts_total: int
    top_funder: str | None
    top_funder_share: float | None
    funder_hhi: float | None
    founder_dependent_gift_share: float | None
    founder_dependent_gifts: int


def gift_window(months: Iterable[MonthFigures], as_of: date) -> tuple[date, date]:
    """Gifts count from the first day of the window's first month to the last day of as-of."""
    present = window(months, as_of)
    start = present[0].month if present else as_of
    return start, month_end(as_of)


def compute_measures(
    months: Iterable[MonthFigures],
    as_of: date,
    *,
    gifts_by_funder: Mapping[str, int],
    founder_dependent: Collection[str] = (),
    fiscal_year_start_month: int = 1,
) -> Measures:
    """All the measures at `as_of` (a first-of-month date that must be present in `months`).

    `gifts_by_funder` must already be limited to `gift_window(months, as_of)`."""
    months = list(months)
    by_month = {m.month: m for m in months}
    if as_of not in by_month:
        raise MonthNotInData(as_of)
    now = by_month[as_of]
    w = window(months, as_of)
    n = len(w)
    revenue = sum(m.revenue for m in w)
    expenses = sum(m.expenses for m in w)
    e = average_monthly_cash_expenses(w)
    ytd = year_to_date(months, as_of, fiscal_year_start_month)
    budgets_rev = [m.budget_revenue for m in ytd]
    budgets_exp = [m.budget_expense for m in ytd]
    conc = concentration(gifts_by_funder, founder_dependent)
    liquid = now.cash_and_investments
    return Measures(
        as_of=as_of,
        window_start=w[0].month,
        months_in_window=n,
        ytd_start=fiscal_year_start(as_of, fiscal_year_start_month),
        ytd_months=len(ytd),
        total_revenue=revenue,
        total_expenses=expenses,
        surplus=revenue - expenses,
        depreciation=sum(m.depreciation for m in w),
        program_revenue=sum(m.program_revenue for m in w),
        contributions=sum(m.contributions for m in w),
        average_monthly_cash_expenses=e,
        cash_and_investments=liquid,
        months_of_cash=ratio(liquid, e),
        luna=luna(now),
        months_of_luna=ratio(luna(now), e),
        operating_reliance=ratio(sum(m.program_revenue for m in w), expenses),
        defensive_interval_months=ratio(liquid + now.receivables, e),
        current_ratio=ratio(liquid + now.receivables, now.current_liabilities),
        program_expense_ratio=ratio(sum(m.expense_program for m in w), expenses),
        admin_ratio=ratio(sum(m.expense_management for m in w), expenses),
        fundraising_efficiency=ratio(
            sum(m.expense_fundraising for m in w), sum(m.contributions for m in w)
        ),
        ytd_revenue=sum(m.revenue for m in ytd),
        ytd_expenses=sum(m.expenses for m in ytd),
        ytd_budget_revenue=None if None in budgets_rev else sum(budgets_rev),  # type: ignore[arg-type]
        ytd_budget_expense=None if None in budgets_exp else sum(budgets_exp),  # type: ignore[arg-type]
        budget_variance_revenue_ytd=budget_variance([m.revenue for m in ytd], budgets_rev),
        budget_variance_expense_ytd=budget_variance([m.expenses for m in ytd], budgets_exp),
        gifts_total=conc.gifts_total,
        top_funder=conc.top_funder,
        top_funder_share=conc.top_funder_share,
        funder_hhi=conc.funder_hhi,
        founder_dependent_gift_share=conc.founder_dependent_gift_share,
        founder_dependent_gifts=conc.founder_dependent_gifts,
    )


def gifts_between(
    gifts_by_month: Mapping[date, Mapping[str, int]], start: date, end: date
) -> dict[str, int]:
    """Sum monthly gift buckets ({month: {funder: cents}}) whose month lies in [start, end]."""
    out: dict[str, int] = {}
    for month, by_funder in gifts_by_month.items():
        if start <= month <= end:
            for name, cents in by_funder.items():
                out[name] = out.get(name, 0) + cents
    return out


def measures_trend(
    months: Sequence[MonthFigures],
    as_of_months: Iterable[date],
    *,
    gifts_by_month: Mapping[date, Mapping[str, int]],
    founder_dependent: Collection[str] = (),
    fiscal_year_start_month: int = 1,
) -> list[Measures]:
    """The measures at each of `as_of_months` (each present in `months`), from gifts bucketed by
    month: one pass over rows fetched once, not a query per month."""
    out = []
    for as_of in as_of_months:
        start, _ = gift_window(months, as_of)
        gifts = gifts_between(gifts_by_month, start, as_of)
        out.append(
            compute_measures(
                months,
                as_of,
                gifts_by_funder=gifts,
                founder_dependent=founder_dependent,
                fiscal_year_start_month=fiscal_year_start_month,
            )
        )
    return out


# --- runway scenarios -------------------------------------------------------------------------


@dataclass(frozen=True)
class Runway:
    monthly_net: float | None  # cents per month; negative means the cushion is being spent
    runway_months: float | None  # None: sustainable (monthly net ≥ 0) or no data


def runway(
    total_revenue: int,
    lapsed_gifts: int,
    months_in_window: int,
    average_cash_expenses: float | None,
    cash_and_investments: int,
) -> Runway:
    """monthly net = (revenue − lapsed gifts) ÷ months − E; runway = cushion ÷ (−monthly net)."""
    if not months_in_window or average_cash_expenses is None:
        return Runway(None, None)
    net = (total_revenue - lapsed_gifts) / months_in_window - average_cash_expenses
    if net >= 0:
        return Runway(net, None)
    return Runway(net, cash_and_investments / -net)


def projected_cash(start: float, monthly_net: float, months: int) -> list[float]:
    """Cash and investments at the end of each of the next `months` months (index 0 = now)."""
    return [start + k * monthly_net for k in range(months + 1)]


# --- programme continuity ---------------------------------------------------------------------


def next_twelve_months(as_of: date) -> tuple[date, date]:
    """The twelve months after as-of: first and last day."""
    start = add_months(as_of, 1)
    return start, add_months(start, 12) - timedelta(days=1)


def amount_in_period(amount: int, starts_on: date, ends_on: date, start: date, end: date) -> float:
    """The part of a grant spread evenly over its days (both ends included) that falls in
    [start, end]."""
    days = (ends_on - starts_on).days + 1
    overlap = (min(ends_on, end) - max(starts_on, start)).days + 1
    if days <= 0 or overlap <= 0:
        return 0.0
    return amount * overlap / days


# --- the treasurer's statements (issue 22) ----------------------------------------------------

# (column, line name) for the statement of activities, in the order a treasurer reads them.
REVENUE_LINES = (
    ("contributions_unrestricted", "Contributions without donor restrictions"),
    ("contributions_restricted", "Contributions with donor restrictions"),
    ("program_revenue", "Program service revenue"),
    ("other_revenue", "Other revenue (incl. investment results)"),
)
EXPENSE_LINES = (
    ("expense_program", "Program services"),
    ("expense_management", "Management and general"),
    ("expense_fundraising", "Fundraising"),
)


@dataclass(frozen=True)
class StatementLine:
    """One line of the statement of activities, in cents. The accounts carry a budget for total
    revenue and total expenses only, so only the total lines (and the change in net assets)
    have one; None there means a month of the year has no budget."""

    key: str
    label: str
    section: str  # revenue / expenses / net
    month: int
    ytd: int
    total: bool = False
    month_budget: int | None = None
    ytd_budget: int | None = None

    @property
    def ytd_variance(self) -> int | None:
        return None if self.ytd_budget is None else self.ytd - self.ytd_budget

    @property
    def ytd_variance_share(self) -> float | None:
        """Against the budget's size (a negative budget net still reads the right way)."""
        if self.ytd_budget is None or self.ytd_budget == 0:
            return None
        return self.ytd_variance / abs(self.ytd_budget)


def _budget_sum(values: Sequence[int | None]) -> int | None:
    return None if not values or any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def statement_of_activities(
    months: Iterable[MonthFigures], as_of: date, fiscal_year_start_month: int = 1
) -> list[StatementLine]:
    """Revenue and expense lines for the as-of month and the fiscal year to date, the totals
    against budget, and the change in net assets (revenue − expenses)."""
    months = list(months)
    now = next((m for m in months if m.month == as_of), None)
    if now is None:
        raise MonthNotInData(as_of)
    ytd = year_to_date(months, as_of, fiscal_year_start_month)
    lines: list[StatementLine] = []
    for section, spec, total_key, total_label, budget in (
        ("revenue", REVENUE_LINES, "total_revenue", "Total revenue", "budget_revenue"),
        ("expenses", EXPENSE_LINES, "total_expenses", "Total expenses", "budget_expense"),
    ):
        for key, label in spec:
            lines.append(
                StatementLine(
                    key, label, section, getattr(now, key), sum(getattr(m, key) for m in ytd)
                )
            )
        attr = "revenue" if section == "revenue" else "expenses"
        lines.append(
            StatementLine(
                total_key,
                total_label,
                section,
                getattr(now, attr),
                sum(getattr(m, attr) for m in ytd),
                total=True,
                month_budget=getattr(now, budget),
                ytd_budget=_budget_sum([getattr(m, budget) for m in ytd]),
            )
        )
    rev, exp = lines[len(REVENUE_LINES)], lines[-1]
    both = (
        None
        if rev.ytd_budget is None or exp.ytd_budget is None
        else rev.ytd_budget - exp.ytd_budget
    )
    month_both = (
        None
        if rev.month_budget is None or exp.month_budget is None
        else rev.month_budget - exp.month_budget
    )
    lines.append(
        StatementLine(
            "change_in_net_assets",
            "Change in net assets (revenue − expenses)",
            "net",
            rev.month - exp.month,
            rev.ytd - exp.ytd,
            total=True,
            month_budget=month_both,
            ytd_budget=both,
        )
    )
    return lines


@dataclass(frozen=True)
class BalanceLine:
    """One line of the balance-sheet summary, in cents, at the as-of month's end and at the end
    of the previous fiscal year (None when that month is not on file)."""

    key: str
    label: str
    section: str  # assets / liabilities / net_assets
    now: int
    year_start: int | None
    total: bool = False
    memo: bool = False  # "of which": part of the line above, not added again


def _balance_values(m: MonthFigures) -> dict[str, int]:
    liabilities = m.total_liabilities
    net_assets = m.net_assets_without_restrictions + m.net_assets_with_restrictions
    total_assets = liabilities + net_assets  # the accounting identity: assets = L + NA
    listed = m.cash + m.investments + m.receivables + m.fixed_assets_net
    return {
        "cash": m.cash,
        "investments": m.investments,
        "receivables": m.receivables,
        "fixed_assets_net": m.fixed_assets_net,
        "other_assets": total_assets - listed,
        "total_assets": total_assets,
        "current_liabilities": m.current_liabilities,
        "long_term_liabilities": liabilities - m.current_liabilities,
        "total_liabilities": liabilities,
        "net_assets_without_restrictions": m.net_assets_without_restrictions,
        "board_designated": m.board_designated,
        "net_assets_with_restrictions": m.net_assets_with_restrictions,
        "total_net_assets": net_assets,
        "total_liabilities_and_net_assets": liabilities + net_assets,
    }


BALANCE_LINES = (
    ("cash", "Cash", "assets", False, False),
    ("investments", "Investments", "assets", False, False),
    ("receivables", "Receivables (owed to the organization)", "assets", False, False),
    ("fixed_assets_net", "Fixed assets, net of depreciation", "assets", False, False),
    ("other_assets", "Other assets (prepaid and the rest)", "assets", False, False),
    ("total_assets", "Total assets", "assets", True, False),
    ("current_liabilities", "Current liabilities (due within a year)", "liabilities", False, False),
    ("long_term_liabilities", "Long-term liabilities", "liabilities", False, False),
    ("total_liabilities", "Total liabilities", "liabilities", True, False),
    ("net_assets_without_restrictions", "Without donor restrictions", "net_assets", False, False),
    ("board_designated", "of which board-designated", "net_assets", False, True),
    ("net_assets_with_restrictions", "With donor restrictions", "net_assets", False, False),
    ("total_net_assets", "Total net assets", "net_assets", True, False),
    ("total_liabilities_and_net_assets", "Total liabilities and net assets", "net_assets", True,
     False),
)  # fmt: skip


def balance_sheet_summary(
    months: Iterable[MonthFigures], as_of: date, fiscal_year_start_month: int = 1
) -> tuple[list[BalanceLine], date | None]:
    """The balance sheet at as-of from the monthly accounts' balance columns, beside the end of
    the previous fiscal year. Total assets are liabilities + net assets (the accounts do not
    store them); 'other assets' is what the listed assets leave of that total."""
    by_month = {m.month: m for m in months}
    if as_of not in by_month:
        raise MonthNotInData(as_of)
    before_month = add_months(fiscal_year_start(as_of, fiscal_year_start_month), -1)
    now = _balance_values(by_month[as_of])
    before = _balance_values(by_month[before_month]) if before_month in by_month else None
    lines = [
        BalanceLine(key, label, section, now[key], None if before is None else before[key],
                    total=total, memo=memo)
        for key, label, section, total, memo in BALANCE_LINES
    ]  # fmt: skip
    return lines, (before_month if before is not None else None)
