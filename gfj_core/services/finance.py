"""Financial health: the board's measures, trends, funder concentration, the revenue still tied
to the departing leader, runway scenarios, programme continuity, and the three imports.

Reads fetch the monthly rows once and aggregate gifts in SQL (by funder, or by month and
funder), then hand plain values to gfj_core.metrics.finance. Nothing here commits."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from gfj_core import formatting as fmt
from gfj_core.access import require
from gfj_core.errors import UnusualFigures, ValidationFailed
from gfj_core.imports import financials as fin_import
from gfj_core.imports import funders as funder_import
from gfj_core.imports import gifts as gift_import
from gfj_core.imports.common import (
    Problems,
    Progress,
    Table,
    cell_text,
    read_table,
    template_csv,
    template_xlsx,
)
from gfj_core.measures import BOARD_FINANCE_KEYS
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.metrics.finance import (
    MONTH_FIELDS,
    Measures,
    MonthFigures,
    add_months,
    amount_in_period,
    balance_sheet_summary,
    compute_measures,
    fiscal_year_start,
    gift_window,
    measures_trend,
    next_twelve_months,
    projected_cash,
    ratio,
    runway,
    statement_of_activities,
)
from gfj_core.metrics.lights import light_for
from gfj_core.models import Person
from gfj_core.models.finance import (
    FinanceImport,
    Funder,
    Gift,
    MonthlyAccount,
    Programme,
    ProgrammeFunding,
)
from gfj_core.schemas.finance import (
    BalanceRow,
    BoardFigure,
    CashPoint,
    FinanceBoardFigures,
    FinanceDashboard,
    FinanceMeasures,
    FinancialStatements,
    FunderShare,
    ImportCheck,
    ImportKind,
    ImportLogEntry,
    ImportProblem,
    ImportSummary,
    MonthRow,
    ProgrammeContinuity,
    RunwayScenario,
    StatementRow,
    YtdPoint,
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


def _months(session: Session, start: date | None, end: date) -> list[MonthFigures]:
    cols = [getattr(MonthlyAccount, name) for name in MONTH_FIELDS]
    query = select(*cols).where(MonthlyAccount.month <= end).order_by(MonthlyAccount.month)
    if start is not None:
        query = query.where(MonthlyAccount.month >= start)
    return [MonthFigures(*row) for row in session.execute(query)]


def _month_range(session: Session) -> tuple[date | None, date | None]:
    return session.execute(
        select(func.min(MonthlyAccount.month), func.max(MonthlyAccount.month))
    ).one()


def _require_month(session: Session, as_of: date, months: Sequence[MonthFigures]) -> None:
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


def _gifts_by_funder(session: Session, start: date, end: date) -> dict[int, int]:
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


class _Context:
    """What every read needs once: settings, funders and who is founder-dependent."""

    def __init__(self, session: Session):
        self.settings = load_org_settings(session)
        self.departing_id = _departing_person_id(session, self.settings)
        self.funders = _funders(session)
        self.names = {f.id: f.name for f in self.funders}
        self.dependent = {
            f.name for f in self.funders if _is_founder_dependent(f, self.departing_id)
        }


def _to_schema(m: Measures, ctx: _Context) -> FinanceMeasures:
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


def _measures(session: Session, ctx: _Context, as_of: date) -> tuple[Measures, list[MonthFigures]]:
    months = _months(session, add_months(as_of, -11), as_of)
    _require_month(session, as_of, months)
    start, end = gift_window(months, as_of)
    by_id = _gifts_by_funder(session, start, end)
    measures = compute_measures(
        months,
        as_of,
        gifts_by_funder={ctx.names[fid]: cents for fid, cents in by_id.items()},
        founder_dependent=ctx.dependent,
        fiscal_year_start_month=ctx.settings.fiscal_year_start_month,
    )
    return measures, months


def _trend(
    session: Session, ctx: _Context, as_of: date
) -> tuple[list[Measures], list[MonthFigures]]:
    """The measures at each month present in the 36 months ending at as-of: the rows are read
    once (with the eleven months before, for the first windows) and gifts bucketed in SQL."""
    first_trend_month = add_months(as_of, -(TREND_MONTHS - 1))
    months = _months(session, add_months(first_trend_month, -11), as_of)
    _require_month(session, as_of, months)
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


# --- the services -----------------------------------------------------------------------------


def finance_months(session: Session, *, actor) -> list[date]:
    """Every month with accounts on file, newest first (for the as-of picker)."""
    require(actor, "finance.read")
    return list(session.scalars(select(MonthlyAccount.month).order_by(MonthlyAccount.month.desc())))


def finance_measures(session: Session, *, as_of: date, actor) -> FinanceMeasures:
    """The measures at one month, with lights: what `gfj metrics --json` prints."""
    require(actor, "finance.read")
    ctx = _Context(session)
    measures, _ = _measures(session, ctx, as_of.replace(day=1))
    return _to_schema(measures, ctx)


def _programmes(session: Session, ctx: _Context, as_of: date) -> list[ProgrammeContinuity]:
    start, end = next_twelve_months(as_of)
    lead, backup = aliased(Person), aliased(Person)
    programmes = session.execute(
        select(
            Programme.id,
            Programme.name,
            Programme.description,
            Programme.lead_person_id,
            lead.full_name,
            Programme.backup_person_id,
            backup.full_name,
            Programme.annual_cost_cents,
        )
        .outerjoin(lead, lead.id == Programme.lead_person_id)
        .outerjoin(backup, backup.id == Programme.backup_person_id)
        .where(Programme.status != "closed")
        .order_by(Programme.name)
    ).all()
    lines = session.execute(
        select(
            ProgrammeFunding.programme_id,
            ProgrammeFunding.funder_id,
            ProgrammeFunding.amount_cents,
            ProgrammeFunding.status,
            ProgrammeFunding.starts_on,
            ProgrammeFunding.ends_on,
        ).where(ProgrammeFunding.starts_on <= end, ProgrammeFunding.ends_on >= start)
    ).all()
    dependent_ids = {f.id for f in ctx.funders if f.name in ctx.dependent}
    band = ctx.settings.thresholds.get("programme_funding_secured")
    # Lines grouped by programme once: a scan of every line per programme is quadratic.
    lines_of: dict[int, list] = {}
    for line in lines:
        lines_of.setdefault(line.programme_id, []).append(line)
    out = []
    for p in programmes:
        secured = expected = via_leader = 0.0
        for line in lines_of.get(p.id, ()):
            part = amount_in_period(line.amount_cents, line.starts_on, line.ends_on, start, end)
            if line.status == "secured":
                secured += part
                if line.funder_id in dependent_ids:
                    via_leader += part
            else:
                expected += part
        share = ratio(secured, p.annual_cost_cents)
        out.append(
            ProgrammeContinuity(
                name=p.name,
                description=p.description,
                lead=p[4],
                backup=p[6],
                lead_is_departing_leader=p.lead_person_id is not None
                and p.lead_person_id == ctx.departing_id,
                backup_is_departing_leader=p.backup_person_id is not None
                and p.backup_person_id == ctx.departing_id,
                annual_cost=dollars(p.annual_cost_cents),
                secured_next_12_months=dollars(secured),
                expected_next_12_months=dollars(expected),
                secured_share=share,
                secured_via_departing_leader=dollars(via_leader),
                light=light_for(share, band) if band else light_for(None, band),
            )
        )
    return out


def programme_continuity(session: Session, *, as_of: date) -> list[ProgrammeContinuity]:
    """Each open programme's funding over the twelve months from `as_of`: the one computation
    the Finances page and Programs (gfj_core.services.programmes) both read. The caller has
    checked its own permission."""
    return _programmes(session, _Context(session), as_of)


def _funder_shares(session: Session, ctx: _Context, as_of: date, months) -> list[FunderShare]:
    start, end = gift_window(months, as_of)
    gifts = _gifts_by_funder(session, start, end)
    total = sum(gifts.values())
    rows = []
    for f in ctx.funders:
        held = ctx.departing_id is not None and f.relationship_owner_person_id == ctx.departing_id
        cents = gifts.get(f.id, 0)
        if not cents and not held:
            continue
        rows.append(
            FunderShare(
                id=f.id,
                name=f.name,
                type=f.type,
                relationship_owner=f.owner,
                successor_owner=f.successor,
                handoff_status=f.handoff_status,
                introduction_meeting_on=f.introduction_meeting_on,
                gifts=dollars(cents),
                share=ratio(cents, total),
                held_by_departing_leader=held,
                founder_dependent=f.name in ctx.dependent,
            )
        )
    rows.sort(key=lambda r: (-(r.share or 0), r.name))
    return rows


def _ytd_points(months: Sequence[MonthFigures], as_of: date, fy_start_month: int) -> list[YtdPoint]:
    start = fiscal_year_start(as_of, fy_start_month)
    points: list[YtdPoint] = []
    revenue = expenses = 0
    budget_rev: int | None = 0
    budget_exp: int | None = 0
    for m in months:
        if not start <= m.month <= as_of:
            continue
        revenue += m.revenue
        expenses += m.expenses
        budget_rev = (
            None
            if budget_rev is None or m.budget_revenue is None
            else budget_rev + m.budget_revenue
        )
        budget_exp = (
            None
            if budget_exp is None or m.budget_expense is None
            else budget_exp + m.budget_expense
        )
        points.append(
            YtdPoint(
                month=m.month,
                revenue=dollars(revenue),
                budget_revenue=dollars(budget_rev),
                expenses=dollars(expenses),
                budget_expense=dollars(budget_exp),
            )
        )
    return points


def finance_dashboard(session: Session, *, as_of: date, actor) -> FinanceDashboard:
    """Everything the Finances page shows for one as-of month."""
    require(actor, "finance.read")
    as_of = as_of.replace(day=1)
    ctx = _Context(session)
    trend, months = _trend(session, ctx, as_of)
    trend_schemas = [_to_schema(m, ctx) for m in trend]
    return FinanceDashboard(
        as_of=as_of,
        measures=trend_schemas[-1],
        trend=trend_schemas,
        months=[
            MonthRow(
                month=m.month,
                contributions_unrestricted=dollars(m.contributions_unrestricted),
                contributions_restricted=dollars(m.contributions_restricted),
                program_revenue=dollars(m.program_revenue),
                other_revenue=dollars(m.other_revenue),
                expense_program=dollars(m.expense_program),
                expense_management=dollars(m.expense_management),
                expense_fundraising=dollars(m.expense_fundraising),
                cash_and_investments=dollars(m.cash_and_investments),
                budget_revenue=dollars(m.budget_revenue),
                budget_expense=dollars(m.budget_expense),
            )
            for m in months
        ],
        ytd=_ytd_points(months, as_of, ctx.settings.fiscal_year_start_month),
        funders=_funder_shares(session, ctx, as_of, months),
        programmes=_programmes(session, ctx, as_of),
        next_12_months=next_twelve_months(as_of),
        bands=ctx.settings.thresholds,
        departing_leader=ctx.settings.departing_leader,
        fiscal_year_start_month=ctx.settings.fiscal_year_start_month,
        demo=ctx.settings.demo_loaded,
    )


def _match_funders(ctx: _Context, names: Iterable[str]) -> list[str]:
    by_lower = {f.name.lower(): f.name for f in ctx.funders}
    out = []
    for name in names:
        match = by_lower.get(name.strip().lower())
        if match is None:
            raise ValidationFailed(f"lapse: no funder named '{name}'.")
        if match not in out:
            out.append(match)
    return out


def runway_scenario(
    session: Session,
    *,
    as_of: date,
    lapse: Sequence[str] = (),
    lapse_founder_dependent: bool = False,
    lapse_top_funder: bool = False,
    horizon_months: int = 36,
    actor,
) -> RunwayScenario:
    """How long the cushion lasts if the named funders' gifts stop (all founder-dependent ones,
    and/or the top funder, when asked), with the projected cash curve against the baseline."""
    require(actor, "finance.read")
    as_of = as_of.replace(day=1)
    ctx = _Context(session)
    measures, months = _measures(session, ctx, as_of)
    lapsed = _match_funders(ctx, lapse)
    if lapse_founder_dependent:
        lapsed += sorted(n for n in ctx.dependent if n not in lapsed)
    if lapse_top_funder and measures.top_funder and measures.top_funder not in lapsed:
        lapsed.append(measures.top_funder)
    start, end = gift_window(months, as_of)
    gifts = _gifts_by_funder(session, start, end)
    lapsed_set = set(lapsed)
    lapsed_cents = sum(c for fid, c in gifts.items() if ctx.names[fid] in lapsed_set)
    n, e = measures.months_in_window, measures.average_monthly_cash_expenses
    base = runway(measures.total_revenue, 0, n, e, measures.cash_and_investments)
    scenario = runway(measures.total_revenue, lapsed_cents, n, e, measures.cash_and_investments)
    curve: list[CashPoint] = []
    if base.monthly_net is not None and scenario.monthly_net is not None:
        start_cash = measures.cash_and_investments
        baseline = projected_cash(start_cash, base.monthly_net, horizon_months)
        lapsed_curve = projected_cash(start_cash, scenario.monthly_net, horizon_months)
        curve = [
            CashPoint(month=add_months(as_of, k), baseline=dollars(b), scenario=dollars(s))
            for k, (b, s) in enumerate(zip(baseline, lapsed_curve, strict=True))
        ]
    words = cover_assumptions(
        months_of_cash=measures.months_of_cash,
        cash_and_investments=dollars(measures.cash_and_investments),
        monthly_cash_expenses=dollars(e),
        monthly_revenue=dollars(measures.total_revenue / n) if n else None,
        months_in_window=n,
        baseline_runway=base.runway_months,
        baseline_monthly_net=dollars(base.monthly_net),
        lapsed_funders=lapsed,
        lapsed_monthly=dollars(lapsed_cents / n) if n else None,
        runway_months=scenario.runway_months,
        monthly_net=dollars(scenario.monthly_net),
    )
    return RunwayScenario(
        **words,
        as_of=month_key(as_of),
        lapsed_funders=lapsed,
        lapsed_gifts=dollars(lapsed_cents),
        total_revenue=dollars(measures.total_revenue),
        months_in_window=n,
        average_monthly_cash_expenses=dollars(e),
        cash_and_investments=dollars(measures.cash_and_investments),
        baseline_monthly_net=dollars(base.monthly_net),
        monthly_net=dollars(scenario.monthly_net),
        baseline_runway_months=base.runway_months,
        runway_months=scenario.runway_months,
        curve=curve,
    )


def _lasts(runway_months: float | None, monthly_net: float | None) -> str:
    if runway_months is None:
        return "what comes in covers what goes out, so the cushion does not run down (Sustainable)"
    return (
        f"the cushion falls by {fmt.money(-(monthly_net or 0))} a month and lasts "
        f"{fmt.months_with_unit(runway_months)}"
    )


def cover_assumptions(
    *,
    months_of_cash: float | None,
    cash_and_investments: float,
    monthly_cash_expenses: float | None,
    monthly_revenue: float | None,
    months_in_window: int,
    baseline_runway: float | None,
    baseline_monthly_net: float | None,
    lapsed_funders: Sequence[str],
    lapsed_monthly: float | None,
    runway_months: float | None,
    monthly_net: float | None,
) -> dict[str, str]:
    """What months of cash and each runway take for granted, in words with the month's figures
    (issue 22: "Runway 98.8 months" beside "4.9 months of cash" needs saying why they differ)."""
    if monthly_cash_expenses is None or monthly_revenue is None:
        none = "No months of accounts in the window: nothing to assume."
        return {"months_of_cash_assumes": none, "baseline_assumes": none, "scenario_assumes": none}
    spend = fmt.money(monthly_cash_expenses)
    averages = f"the last {months_in_window} months' average"
    words = {
        "months_of_cash_assumes": (
            f"Months of cash ({fmt.months_with_unit(months_of_cash)}) assumes no money comes in "
            f"at all from today: {fmt.money(cash_and_investments)} of cash and investments spent "
            f"at {spend} a month ({averages} of cash expenses, depreciation left out)."
        ),
        "baseline_assumes": (
            f"Runway if nothing changes assumes revenue goes on at {fmt.money(monthly_revenue)} "
            f"a month and spending at {spend} a month ({averages}s): "
            f"{_lasts(baseline_runway, baseline_monthly_net)}."
        ),
    }
    if not lapsed_funders:
        words["scenario_assumes"] = "No funder chosen: the same as if nothing changes."
    else:
        rest = monthly_revenue - (lapsed_monthly or 0)
        verb = "stops" if len(lapsed_funders) == 1 else "stop"
        words["scenario_assumes"] = (
            f"Runway if they lapse assumes {', '.join(lapsed_funders)} {verb} giving from today "
            "and never return: "
            f"{fmt.money(lapsed_monthly)} a month less, so revenue of {fmt.money(rest)} a month "
            f"against spending of {spend} a month: {_lasts(runway_months, monthly_net)}."
        )
    return words


def financial_statements(session: Session, *, as_of: date, actor) -> FinancialStatements:
    """The statement of activities (the month and the fiscal year to date, totals against
    budget) and the balance-sheet summary (at as-of and at the end of the last fiscal year)."""
    require(actor, "finance.read")
    as_of = as_of.replace(day=1)
    settings = load_org_settings(session)
    fy = settings.fiscal_year_start_month
    start = fiscal_year_start(as_of, fy)
    months = _months(session, add_months(start, -1), as_of)
    _require_month(session, as_of, months)
    band = settings.thresholds.get("budget_variance_expense_ytd")
    expense_measure = FINANCE_MEASURES["budget_variance_expense_ytd"]
    activities = []
    for line in statement_of_activities(months, as_of, fy):
        light = None
        if line.key == "total_expenses" and band is not None:
            light = expense_measure.light(line.ytd_variance_share, band)
        activities.append(
            StatementRow(
                key=line.key,
                label=line.label,
                section=line.section,
                total=line.total,
                month=dollars(line.month),
                ytd=dollars(line.ytd),
                month_budget=dollars(line.month_budget),
                ytd_budget=dollars(line.ytd_budget),
                ytd_variance=dollars(line.ytd_variance),
                ytd_variance_share=line.ytd_variance_share,
                light=light,
            )
        )
    lines, year_start = balance_sheet_summary(months, as_of, fy)
    return FinancialStatements(
        as_of=as_of,
        ytd_start=start,
        ytd_months=sum(1 for m in months if start <= m.month <= as_of),
        year_start=year_start,
        activities=activities,
        balance_sheet=[
            BalanceRow(
                key=b.key,
                label=b.label,
                section=b.section,
                total=b.total,
                memo=b.memo,
                now=dollars(b.now),
                year_start=dollars(b.year_start),
                change=None if b.year_start is None else dollars(b.now - b.year_start),
            )
            for b in lines
        ],
    )


# The board's finance figures: names, units and formulas from the measure catalogue.
BOARD_FIGURES = {
    key: (FINANCE_MEASURES[key].name, FINANCE_MEASURES[key].unit, FINANCE_MEASURES[key].formula)
    for key in BOARD_FINANCE_KEYS
}


def finance_board_figures(
    session: Session, *, as_of: date | None = None, today: date | None = None, actor
) -> FinanceBoardFigures:
    """The board-level financial figures with lights and a monthly trend, for the scorecard and
    the board packet. as_of defaults to the newest month on file (not after `today`)."""
    require(actor, "finance.read")
    if as_of is None:
        query = select(func.max(MonthlyAccount.month))
        if today is not None:
            query = query.where(MonthlyAccount.month <= today)
        as_of = session.scalar(query)
        if as_of is None:
            return FinanceBoardFigures(as_of=None, figures={})
    as_of = as_of.replace(day=1)
    ctx = _Context(session)
    trend, _ = _trend(session, ctx, as_of)
    schemas = [_to_schema(m, ctx) for m in trend]
    now = schemas[-1]
    bands = ctx.settings.thresholds
    figures = {}
    for key, (label, unit, formula) in BOARD_FIGURES.items():
        figures[key] = BoardFigure(
            key=key,
            label=label,
            value=getattr(now, key),
            unit=unit,
            light=FINANCE_MEASURES[key].light(getattr(now, key), bands[key]),
            trend=[(date.fromisoformat(s.as_of + "-01"), getattr(s, key)) for s in schemas],
            formula=formula,
        )
    return FinanceBoardFigures(as_of=as_of, figures=figures)


# --- imports ----------------------------------------------------------------------------------

COLUMNS: dict[str, tuple[str, ...]] = {
    "financials": fin_import.COLUMNS,
    "funders": funder_import.COLUMNS,
    "gifts": gift_import.COLUMNS,
}
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "financials": fin_import.REQUIRED,
    "funders": (*funder_import.REQUIRED, "successor_owner"),
    "gifts": gift_import.REQUIRED,
}
TEMPLATE_ROWS = {
    "financials": fin_import.TEMPLATE_ROWS,
    "funders": funder_import.TEMPLATE_ROWS,
    "gifts": gift_import.TEMPLATE_ROWS,
}
WHAT = {"financials": "Monthly accounts", "funders": "Funders", "gifts": "Gifts"}
PREVIEW_ROWS = 20


def import_template(kind: ImportKind, file_type: str = "csv") -> bytes:
    """A template with the exact header and a worked example row (CSV or XLSX)."""
    if kind not in COLUMNS:
        raise ValidationFailed(f"Unknown import '{kind}'.")
    if file_type == "xlsx":
        return template_xlsx(COLUMNS[kind], TEMPLATE_ROWS[kind], title=WHAT[kind])
    return template_csv(COLUMNS[kind], TEMPLATE_ROWS[kind])


def _scaled(progress: Progress | None, low: float, high: float) -> Progress | None:
    if progress is None:
        return None
    return lambda fraction, text: progress(low + (high - low) * fraction, text)


def _preview(table: Table) -> tuple[list[str], list[dict[str, str]]]:
    columns = [c for c in table.header if c]
    rows = []
    for number, record in list(table.records())[:PREVIEW_ROWS]:
        rows.append({"row": str(number), **{c: cell_text(record.get(c)) for c in columns}})
    return columns, rows


def _problems(problems: Problems) -> list[ImportProblem]:
    return [ImportProblem(row=p.row, column=p.column, message=p.message) for p in problems]


def _parse(session: Session, kind: str, table: Table, create_people: bool, progress):
    """(rows, extra, problems) for any kind; extra is the people to create for funders."""
    if kind == "financials":
        numbered, problems = fin_import.parse_numbered(table, progress=progress)
        return numbered, [], problems
    if kind == "funders":
        return funder_import.parse_funders(
            table,
            funder_import.known_people(session),
            create_people=create_people,
            progress=progress,
        )
    if kind == "gifts":
        rows, problems = gift_import.parse_gifts(table, progress=progress)
        return rows, [], problems
    raise ValidationFailed(f"Unknown import '{kind}'.")


def _accounts_before(session: Session, rows) -> dict[date, dict[str, int]]:
    """The months on file the plausibility rules compare a file's months with."""
    if not rows:
        return {}
    months = [r.month for r in rows]
    start = add_months(min(months), -fin_import.HISTORY_MONTHS)
    return {
        m.month: {name: getattr(m, name) for name in MONTH_FIELDS}
        for m in _months(session, start, max(months))
    }


def _unusual(session: Session, numbered) -> Problems:
    settings = load_org_settings(session)
    return fin_import.unusual_figures(
        numbered,
        _accounts_before(session, [r for _, r in numbered]),
        cash_move_share=settings.import_cash_move_share,
    )


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def check_import(
    session: Session,
    *,
    kind: ImportKind,
    filename: str,
    content: bytes,
    create_people: bool = False,
    progress: Progress | None = None,
    actor,
) -> ImportCheck:
    """Read and validate a file and say what importing it would do. Writes nothing.
    A file that cannot be read at all (wrong type, too big) raises ValidationFailed."""
    require(actor, "finance.import")
    table = read_table(filename, content)
    rows, new_people, problems = _parse(session, kind, table, create_people, progress)
    columns, preview = _preview(table)
    new_funders: list[str] = []
    will_create = will_replace = 0
    plan = ""
    warnings = Problems()
    if kind == "financials":
        numbered, rows = rows, [r for _, r in rows]
        if not problems:
            warnings = _unusual(session, numbered)
        on_file = fin_import.months_on_file(session, [r.month for r in rows])
        new = [r.month for r in rows if r.month not in on_file]
        replaced = [r.month for r in rows if r.month in on_file]
        will_create, will_replace = len(new), len(replaced)
        plan = fin_import.plan_sentence(new, replaced)
    elif kind == "funders":
        existing = funder_import.existing_funders(session, [r.name for r in rows])
        will_replace = sum(1 for r in rows if r.name.lower() in existing)
        will_create = len(rows) - will_replace
        plan = f"{_plural(will_create, 'funder')} new, {will_replace:,} updated"
        if new_people:
            plan += f"; {_plural(len(new_people), 'person')} to add: {', '.join(new_people)}"
    else:
        refs = gift_import.existing_references(session, [r.reference for r in rows])
        will_replace = sum(1 for r in rows if r.reference in refs)
        will_create = len(rows) - will_replace
        new_funders = gift_import.new_funder_names(session, rows)
        plan = f"{_plural(will_create, 'gift')} new, {will_replace:,} updated"
        if new_funders:
            plan += f"; {_plural(len(new_funders), 'new funder')}: {', '.join(new_funders[:10])}"
            plan += " …" if len(new_funders) > 10 else ""
    return ImportCheck(
        kind=kind,
        filename=filename,
        rows=len(table),
        problems=_problems(problems),
        columns=columns,
        preview=preview,
        will_create=will_create,
        will_replace=will_replace,
        plan=plan,
        new_people=new_people,
        new_funders=new_funders,
        warnings=_problems(warnings),
    )


def run_import(
    session: Session,
    *,
    kind: ImportKind,
    filename: str,
    content: bytes,
    create_people: bool = False,
    confirm_unusual: bool = False,
    progress: Progress | None = None,
    actor,
) -> ImportSummary:
    """Validate every row, then write all of them or none: any problem raises ValidationFailed
    (with every problem listed) before a single row is written. Monthly accounts with unusual
    figures raise UnusualFigures (listing them) unless `confirm_unusual`: the treasurer has
    looked at them and says they are right."""
    require(actor, "finance.import")
    table = read_table(filename, content)
    rows, new_people, problems = _parse(
        session, kind, table, create_people, _scaled(progress, 0.0, 0.4)
    )
    problems.raise_if_any(f"{WHAT[kind]} from {filename}")
    writing = _scaled(progress, 0.4, 1.0)
    unusual = Problems()
    if kind == "financials":
        numbered, rows = rows, [r for _, r in rows]
        unusual = _unusual(session, numbered)
        if unusual and not confirm_unusual:
            n = len(unusual)
            raise UnusualFigures(
                f"{WHAT[kind]} from {filename}: nothing was imported; {n} figure"
                f"{' looks' if n == 1 else 's look'} unusual. Check "
                f"{'it' if n == 1 else 'them'}; if right, confirm and import again "
                "(--confirm-unusual on the command line).",
                unusual.as_pairs(),
            )
        created, replaced = fin_import.write_financials(session, rows, progress=writing)
        first, last = min(r.month for r in rows), max(r.month for r in rows)
        span = month_key(first) if first == last else f"{month_key(first)} to {month_key(last)}"
        message = (
            f"Imported {_plural(len(rows), 'month')} of accounts ({span}): "
            f"{created:,} new, {replaced:,} replaced."
        )
        if unusual:
            message += (
                f" {_plural(len(unusual), 'unusual figure')} confirmed as right by the importer."
            )
    elif kind == "funders":
        created, replaced = funder_import.write_funders(session, rows, new_people, progress=writing)
        message = f"Imported {_plural(len(rows), 'funder')}: {created:,} new, {replaced:,} updated."
        if new_people:
            message += f" Added {_plural(len(new_people), 'person')}: {', '.join(new_people)}."
    else:
        created, replaced, new_funders = gift_import.write_gifts(session, rows, progress=writing)
        message = f"Imported {_plural(len(rows), 'gift')}: {created:,} new, {replaced:,} updated."
        if new_funders:
            message += f" Created {_plural(new_funders, 'new funder')}."
    session.add(
        FinanceImport(
            kind=kind,
            filename=filename[:200],
            actor_user_id=getattr(actor, "user_id", None),
            actor_name=getattr(actor, "display_name", None) or "system",
            rows=len(rows),
            created=created,
            replaced=replaced,
            detail=message,
        )
    )
    session.flush()
    return ImportSummary(
        kind=kind,
        filename=filename,
        rows=len(rows),
        created=created,
        replaced=replaced,
        message=message,
    )


def recent_imports(session: Session, *, limit: int = 8, actor) -> list[ImportLogEntry]:
    require(actor, "finance.import")
    rows = session.scalars(
        select(FinanceImport)
        .order_by(FinanceImport.at.desc(), FinanceImport.id.desc())
        .limit(limit)
    )
    return [
        ImportLogEntry(
            kind=r.kind,
            filename=r.filename,
            at=r.at.isoformat(timespec="minutes"),
            actor_name=r.actor_name,
            rows=r.rows,
            created=r.created,
            replaced=r.replaced,
            detail=r.detail,
        )
        for r in rows
    ]


def runway_label(months: float | None) -> str:
    """'sustainable' or 'N.N months' (for messages)."""
    if months is None:
        return "sustainable"
    if math.isinf(months):
        return "unlimited"
    return f"{months:.1f} months"
