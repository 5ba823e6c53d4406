"""Reading the financial data once for every finance read (issue 13 split `services/finance.py`
by concern): the monthly rows, the funders and who is founder-dependent, gifts aggregated in SQL
(by funder, or by month and funder), and the measures at one month or over a trend, handed to
gfj_core.metrics.finance as plain values. Nothing here checks a permission: the services of
`finance_measures`, `finance_scenarios`, `finance_statements` and `finance_imports` do."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from gfj_core.errors import ValidationFailed
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.metrics.finance import (
    MONTH_FIELDS,
    Measures,
    MonthFigures,
    add_months,
    compute_measures,
    gift_window,
    measures_trend,
)
from gfj_core.models import Person
from gfj_core.models.finance import (
    Funder,
    Gift,
    MonthlyAccount,
)
from gfj_core.schemas.finance import (
    FinanceMeasures,
    dollars,
)
from gfj_core.schemas.settings import OrgSettings
from gfj_core.services.org_settings import load_org_settings

# Measures judged by a traffic light; the keys are both the measure and its threshold setting.
LIGHT_KEYS = (
    "months_of_cash",
    "months_of_luna",
    "program_expense_ratio",
    "admin_ratio",
    "fundraising_efficiency",
    "top_funder_share",
    "founder_dependent_gift_share",
    "budget_variance_expense_ytd",
)
MONEY_FIELDS = (
    "total_revenue",
    "total_expenses",
    "surplus",
    "depreciation",
    "program_revenue",
    "contributions",
    "average_monthly_cash_expenses",
    "cash_and_investments",
    "luna",
    "ytd_revenue",
    "ytd_expenses",
    "ytd_budget_revenue",
    "ytd_budget_expense",
    "gifts_total",
    "founder_dependent_gifts",
)
TREND_MONTHS = 36


def month_key(month: date) -> str:
    return month.strftime("%Y-%m")


def parse_as_of(text: str) -> date:
    """'YYYY-MM' to the month's first day, or a ValidationFailed naming the expected form."""
    try:
        year, month = text.strip().split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return date(int(year), int(month), 1)
    except ValueError:
        raise ValidationFailed(
            f"as-of: '{text}' is not a month; write YYYY-MM, e.g. 2026-10."
        ) from None


# --- reading the data -------------------------------------------------------------------------


def month_figures(session: Session, start: date | None, end: date) -> list[MonthFigures]:
    cols = [getattr(MonthlyAccount, name) for name in MONTH_FIELDS]
    query = select(*cols).where(MonthlyAccount.month <= end).order_by(MonthlyAccount.month)
    if start is not None:
        query = query.where(MonthlyAccount.month >= start)
    return [MonthFigures(*row) for row in session.execute(query)]


def _month_range(session: Session) -> tuple[date | None, date | None]:
    return session.execute(
        select(func.min(MonthlyAccount.month), func.max(MonthlyAccount.month))
    ).one()


def require_month(session: Session, as_of: date, months: Sequence[MonthFigures]) -> None:
    if any(m.month == as_of for m in months):
        return
    first, last = _month_range(session)
    on_file = (
        f" Months on file: {month_key(first)} to {month_key(last)}."
        if first
        else " No monthly accounts have been imported yet."
    )
    raise ValidationFailed(f"No monthly accounts for {month_key(as_of)}.{on_file}")


def _departing_person_id(session: Session, settings: OrgSettings) -> int | None:
    if not settings.departing_leader:
        return None
    return session.scalar(select(Person.id).where(Person.full_name == settings.departing_leader))


def _funders(session: Session) -> list:
    """Every funder with its owners' names (one query; a few thousand rows at most)."""
    owner, successor = aliased(Person), aliased(Person)
    return session.execute(
        select(
            Funder.id,
            Funder.name,
            Funder.type,
            Funder.relationship_owner_person_id,
            owner.full_name.label("owner"),
            successor.full_name.label("successor"),
            Funder.handoff_status,
            Funder.introduction_meeting_on,
        )
        .outerjoin(owner, owner.id == Funder.relationship_owner_person_id)
        .outerjoin(successor, successor.id == Funder.successor_owner_person_id)
    ).all()


def _is_founder_dependent(funder, departing_id: int | None) -> bool:
    """Held by the departing leader and not yet transferred to a successor."""
    return (
        departing_id is not None
        and funder.relationship_owner_person_id == departing_id
        and funder.handoff_status != "transferred"
    )


def gifts_by_funder(session: Session, start: date, end: date) -> dict[int, int]:
    rows = session.execute(
        select(Gift.funder_id, func.sum(Gift.amount_cents))
        .where(Gift.date >= start, Gift.date <= end)
        .group_by(Gift.funder_id)
    )
    return {fid: int(total) for fid, total in rows}


def _gifts_by_month(
    session: Session, start: date, end: date, names: dict[int, str]
) -> dict[date, dict[str, int]]:
    year, month = func.extract("year", Gift.date), func.extract("month", Gift.date)
    rows = session.execute(
        select(year, month, Gift.funder_id, func.sum(Gift.amount_cents))
        .where(Gift.date >= start, Gift.date <= end)
        .group_by(year, month, Gift.funder_id)
    )
    out: dict[date, dict[str, int]] = {}
    for y, m, fid, total in rows:
        out.setdefault(date(int(y), int(m), 1), {})[names[fid]] = int(total)
    return out


class FinanceContext:
    """What every read needs once: settings, funders and who is founder-dependent."""

    def __init__(self, session: Session):
        self.settings = load_org_settings(session)
        self.departing_id = _departing_person_id(session, self.settings)
        self.funders = _funders(session)
        self.names = {f.id: f.name for f in self.funders}
        self.dependent = {
            f.name for f in self.funders if _is_founder_dependent(f, self.departing_id)
        }


def measures_schema(m: Measures, ctx: FinanceContext) -> FinanceMeasures:
    data = {
        name: getattr(m, name)
        for name in FinanceMeasures.model_fields
        if name not in ("lights",) and hasattr(m, name)
    }
    for name in MONEY_FIELDS:
        data[name] = dollars(getattr(m, name))
    for name in ("as_of", "window_start", "ytd_start"):
        data[name] = month_key(getattr(m, name))
    if ctx.departing_id is None:
        # No departing leader recorded: founder dependence cannot be judged.
        data["founder_dependent_gift_share"] = None
    bands = ctx.settings.thresholds
    measures = FinanceMeasures(**data)
    # The catalogue judges: the band is the organisation's, the direction and limits are the
    # measure's (overspending is never green).
    measures.lights = {
        key: FINANCE_MEASURES[key].light(getattr(measures, key), bands[key])
        for key in LIGHT_KEYS
        if key in bands
    }
    return measures


def measures_at(
    session: Session, ctx: FinanceContext, as_of: date
) -> tuple[Measures, list[MonthFigures]]:
    months = month_figures(session, add_months(as_of, -11), as_of)
    require_month(session, as_of, months)
    start, end = gift_window(months, as_of)
    by_id = gifts_by_funder(session, start, end)
    measures = compute_measures(
        months,
        as_of,
        gifts_by_funder={ctx.names[fid]: cents for fid, cents in by_id.items()},
        founder_dependent=ctx.dependent,
        fiscal_year_start_month=ctx.settings.fiscal_year_start_month,
    )
    return measures, months


def trend_to(
    session: Session, ctx: FinanceContext, as_of: date
) -> tuple[list[Measures], list[MonthFigures]]:
    """The measures at each month present in the 36 months ending at as-of: the rows are read
    once (with the eleven months before, for the first windows) and gifts bucketed in SQL."""
    first_trend_month = add_months(as_of, -(TREND_MONTHS - 1))
    months = month_figures(session, add_months(first_trend_month, -11), as_of)
    require_month(session, as_of, months)
    trend_months = [m.month for m in months if m.month >= first_trend_month]
    buckets = _gifts_by_month(session, months[0].month, gift_window(months, as_of)[1], ctx.names)
    trend = measures_trend(
        months,
        trend_months,
        gifts_by_month=buckets,
        founder_dependent=ctx.dependent,
        fiscal_year_start_month=ctx.settings.fiscal_year_start_month,
    )
    return trend, [m for m in months if m.month >= first_trend_month]
