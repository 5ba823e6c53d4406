"""Financial health for the board: the measures at one month with their lights, the Finances
page's dashboard (trend, year to date, funder concentration, programme continuity) and the
board's finance figures for the scorecard and the packet. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from gfj_core.access import require
from gfj_core.measures import BOARD_FINANCE_KEYS
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.metrics.finance import (
    MonthFigures,
    amount_in_period,
    fiscal_year_start,
    gift_window,
    next_twelve_months,
    ratio,
)
from gfj_core.metrics.lights import light_for
from gfj_core.models import Person
from gfj_core.models.finance import (
    MonthlyAccount,
    Programme,
    ProgrammeFunding,
)
from gfj_core.schemas.finance import (
    BoardFigure,
    FinanceBoardFigures,
    FinanceDashboard,
    FinanceMeasures,
    FunderShare,
    MonthRow,
    ProgrammeContinuity,
    YtdPoint,
    dollars,
)
from gfj_core.services.finance_reads import (
    FinanceContext,
    gifts_by_funder,
    measures_at,
    measures_schema,
    trend_to,
)
from gfj_core.viewers import same_for_role

# --- the services -----------------------------------------------------------------------------


@same_for_role
def finance_months(session: Session, *, actor) -> list[date]:
    """Every month with accounts on file, newest first (for the as-of picker)."""
    require(actor, "finance.read")
    return list(session.scalars(select(MonthlyAccount.month).order_by(MonthlyAccount.month.desc())))


def finance_measures(session: Session, *, as_of: date, actor) -> FinanceMeasures:
    """The measures at one month, with lights: what `gfj metrics --json` prints."""
    require(actor, "finance.read")
    ctx = FinanceContext(session)
    measures, _ = measures_at(session, ctx, as_of.replace(day=1))
    return measures_schema(measures, ctx)


def _programmes(session: Session, ctx: FinanceContext, as_of: date) -> list[ProgrammeContinuity]:
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
    return _programmes(session, FinanceContext(session), as_of)


def funder_shares(session: Session, ctx: FinanceContext, as_of: date, months) -> list[FunderShare]:
    start, end = gift_window(months, as_of)
    gifts = gifts_by_funder(session, start, end)
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


@same_for_role
def finance_dashboard(session: Session, *, as_of: date, actor) -> FinanceDashboard:
    """Everything the Finances page shows for one as-of month."""
    require(actor, "finance.read")
    as_of = as_of.replace(day=1)
    ctx = FinanceContext(session)
    trend, months = trend_to(session, ctx, as_of)
    trend_schemas = [measures_schema(m, ctx) for m in trend]
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
        funders=funder_shares(session, ctx, as_of, months),
        programmes=_programmes(session, ctx, as_of),
        next_12_months=next_twelve_months(as_of),
        bands=ctx.settings.thresholds,
        departing_leader=ctx.settings.departing_leader,
        fiscal_year_start_month=ctx.settings.fiscal_year_start_month,
        demo=ctx.settings.demo_loaded,
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
    ctx = FinanceContext(session)
    trend, _ = trend_to(session, ctx, as_of)
    schemas = [measures_schema(m, ctx) for m in trend]
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
