"""Financial-health tiles (issue 4): months of LUNA and the share of gifts that depend on the
departing leader's relationships, with the financial-cushion and founder-dependent-revenue
components of the index. Skipped when the finance service is not built; absent when no monthly
accounts are on file."""

from __future__ import annotations

from gfj_core.formatting import fmt_month, money
from gfj_core.measures import FINANCE
from gfj_core.schemas.board import Drill, DrillRow, Tile
from gfj_core.scorecard import ScorecardContext, component, tile, who
from gfj_core.scorecard.index import (
    ComponentScore,
    financial_cushion_score,
    founder_independence_score,
)

REQUIRES = "gfj_core.services.finance_measures:finance_board_figures"
TREND_POINTS = 6


def figures(ctx: ScorecardContext):
    from gfj_core.services.finance_measures import finance_board_figures

    return ctx.once(
        "finance", lambda: finance_board_figures(ctx.session, today=ctx.as_of, actor=ctx.actor)
    )


def _figure(ctx: ScorecardContext, key: str):
    f = figures(ctx)
    if f is None or f.as_of is None:
        return None, None
    fig = f.figures.get(key)
    if fig is None or fig.value is None:
        return f, None
    return f, fig


def _threshold(ctx: ScorecardContext, key: str) -> str:
    m = FINANCE[key]
    return "Threshold: " + m.threshold_words(
        ctx.settings.thresholds.get(m.band) if m.band else None
    )


def founder_dependent_funders(ctx: ScorecardContext, as_of):
    """The funders behind the founder-dependent share: held by the departing leader and not yet
    handed over, with their gifts over the same 12 months (the finance service's own rows)."""
    from gfj_core.metrics.finance import add_months
    from gfj_core.services.finance_measures import funder_shares
    from gfj_core.services.finance_reads import FinanceContext, month_figures

    def read():
        fc = FinanceContext(ctx.session)
        months = month_figures(ctx.session, add_months(as_of, -11), as_of)
        return [f for f in funder_shares(ctx.session, fc, as_of, months) if f.founder_dependent]

    return ctx.once("founder_dependent_funders", read)


def _help(ctx: ScorecardContext, key: str) -> str:
    m = FINANCE[key]
    return m.help_text(ctx.settings.thresholds.get(m.band) if m.band else None)


def _trend(fig, scale: float = 1.0) -> list[float]:
    points = [v for _, v in fig.trend if v is not None][-TREND_POINTS:]
    return [round(v * scale, 2) for v in points]


def _others(f, *keys: str) -> list[DrillRow]:
    rows = []
    for key in keys:
        other = f.figures.get(key)
        if other is None or other.value is None:
            continue
        value = f"{other.value:.0%}" if other.unit == "share" else f"{other.value:.1f}"
        rows.append(DrillRow(label=other.label, value=f"{value} ({other.light.word})"))
    return rows


@tile
def months_of_luna(ctx: ScorecardContext) -> Tile | None:
    f, fig = _figure(ctx, "months_of_luna")
    if fig is None:
        return None
    return Tile(
        key="months_of_luna",
        area="finance",
        label=FINANCE["months_of_luna"].name,
        value_text=f"{fig.value:.1f}",
        value=round(fig.value, 2),
        light=fig.light,
        caption=f"Liquid unrestricted net assets in months of spending · accounts to "
        f"{fmt_month(f.as_of)} · target 3-6",
        help=_help(ctx, fig.key),
        trend=_trend(fig),
        trend_label="months of LUNA at each month end",
        page_key="finances",
        drill=[
            Drill(
                title="Financial cushion",
                rows=[
                    DrillRow(label="Months of LUNA", value=f"{fig.value:.1f}"),
                    *_others(f, "months_of_cash", "budget_variance_expense_ytd"),
                ],
                note=f"{fig.label} = {fig.formula}. {_threshold(ctx, fig.key)}",
            )
        ],
        order=50,
    )


@tile
def founder_dependent_gifts(ctx: ScorecardContext) -> Tile | None:
    f, fig = _figure(ctx, "founder_dependent_gift_share")
    if fig is None:
        return None
    return Tile(
        key="founder_dependent_gifts",
        area="finance",
        label=FINANCE["founder_dependent_gift_share"].name,
        value_text=f"{fig.value * 100:.0f}%",
        value=round(fig.value * 100, 1),
        light=fig.light,
        caption="Gifts from funders whose relationship the departing leader holds and has not "
        f"yet handed over · last 12 months to {fmt_month(f.as_of)}",
        help=_help(ctx, fig.key),
        trend=_trend(fig, 100),
        trend_label="% at each month end",
        page_key="finances",
        drill=[
            Drill(
                title="Revenue concentration",
                rows=[
                    DrillRow(label=fig.label, value=f"{fig.value:.0%}"),
                    *_others(f, "top_funder_share"),
                ],
                note=f"{fig.label} = {fig.formula}. {_threshold(ctx, fig.key)}",
            ),
            Drill(
                title="Funders behind it",
                columns=["Funder", "Gifts, 12 months", "Share of gifts", "Successor", "Handoff"],
                table=[
                    [
                        d.name,
                        money(d.gifts),
                        "—" if d.share is None else f"{d.share:.0%}",
                        who(ctx, d.successor_owner),
                        d.handoff_status.replace("_", " "),
                    ]
                    for d in founder_dependent_funders(ctx, f.as_of)
                ],
                note="Relationships the departing leader holds that are not yet transferred.",
            ),
        ],
        order=60,
    )


@component("financial_cushion")
def financial_cushion(ctx: ScorecardContext) -> ComponentScore | None:
    _, fig = _figure(ctx, "months_of_luna")
    if fig is None:
        return None
    target = ctx.settings.readiness_index.cushion_target_months
    return ComponentScore(
        score=financial_cushion_score(fig.value, target),
        formula=f"months of LUNA ÷ target = {fig.value:.1f} ÷ {target:g}, at most 1",
        inputs=[
            DrillRow(label="Months of LUNA", value=f"{fig.value:.1f}"),
            DrillRow(label="Target months (setting)", value=f"{target:g}"),
        ],
        page_key="finances",
    )


@component("founder_dependent_revenue")
def founder_dependent_revenue(ctx: ScorecardContext) -> ComponentScore | None:
    _, fig = _figure(ctx, "founder_dependent_gift_share")
    if fig is None:
        return None
    return ComponentScore(
        score=founder_independence_score(fig.value),
        formula=f"1 − founder-dependent share of gifts = 1 − {fig.value:.2f}",
        inputs=[DrillRow(label="Founder-dependent share of gifts", value=f"{fig.value:.0%}")],
        page_key="finances",
    )
