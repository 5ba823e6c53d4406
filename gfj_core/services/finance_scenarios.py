"""Runway scenarios: how long the cushion lasts if named funders' gifts stop (the founder-
dependent ones, the top funder), and what months of cash and each runway take for granted, in
words with the month's figures."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy.orm import Session

from gfj_core import formatting as fmt
from gfj_core.access import require
from gfj_core.errors import ValidationFailed
from gfj_core.metrics.finance import (
    add_months,
    gift_window,
    projected_cash,
    runway,
)
from gfj_core.schemas.finance import (
    CashPoint,
    RunwayScenario,
    dollars,
)
from gfj_core.services.finance_reads import FinanceContext, gifts_by_funder, measures_at, month_key
from gfj_core.viewers import same_for_role


def _match_funders(ctx: FinanceContext, names: Iterable[str]) -> list[str]:
    by_lower = {f.name.lower(): f.name for f in ctx.funders}
    out = []
    for name in names:
        match = by_lower.get(name.strip().lower())
        if match is None:
            raise ValidationFailed(f"lapse: no funder named '{name}'.")
        if match not in out:
            out.append(match)
    return out


@same_for_role
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
    ctx = FinanceContext(session)
    measures, months = measures_at(session, ctx, as_of)
    lapsed = _match_funders(ctx, lapse)
    if lapse_founder_dependent:
        lapsed += sorted(n for n in ctx.dependent if n not in lapsed)
    if lapse_top_funder and measures.top_funder and measures.top_funder not in lapsed:
        lapsed.append(measures.top_funder)
    start, end = gift_window(months, as_of)
    gifts = gifts_by_funder(session, start, end)
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
        lapsed_share=lapsed_cents / measures.gifts_total if measures.gifts_total else None,
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


def runway_label(months: float | None) -> str:
    """'sustainable' or 'N.N months' (for messages)."""
    if months is None:
        return "sustainable"
    if math.isinf(months):
        return "unlimited"
    return f"{months:.1f} months"
