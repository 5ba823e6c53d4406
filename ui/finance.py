"""Figures and small helpers for the Finances and Import data pages. Inputs are service results
(gfj_core.schemas.finance); nothing here computes a measure."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from gfj_core.formatting import money, short_money
from gfj_core.metrics.lights import Level
from gfj_core.schemas.finance import (
    CashPoint,
    FinanceDashboard,
    FinanceMeasures,
    FunderShare,
    MonthRow,
    YtdPoint,
)
from gfj_core.schemas.settings import Band
from gfj_core.schemas.transition import HANDOFF_WORDS
from ui.theme import BRAND, GRID, LIGHT_COLOURS, MUTED, SERIES

REVENUE_SERIES = (
    ("contributions_unrestricted", "Unrestricted gifts", SERIES[0]),
    ("contributions_restricted", "Restricted gifts", SERIES[4]),
    ("program_revenue", "Program revenue", SERIES[2]),
    ("other_revenue", "Other (incl. investment results)", SERIES[6]),
)
EXPENSE_SERIES = (
    ("expense_program", "Programs", SERIES[0]),
    ("expense_management", "Management & general", SERIES[1]),
    ("expense_fundraising", "Fundraising", SERIES[3]),
)
# Muted fills for the threshold zones behind a trend line (the line itself stays strong).
ZONE_FILL = {
    Level.red: "rgba(213, 94, 0, 0.13)",
    Level.amber: "rgba(230, 159, 0, 0.13)",
    Level.green: "rgba(0, 158, 115, 0.08)",
}


# Sums over the window: a window shorter than twelve months (at the start of the data) would
# look like a collapse, so their sparklines start at the first full window.
WINDOW_SUMS = frozenset({"surplus", "gifts_total", "total_revenue", "total_expenses"})


def series(trend: Sequence[FinanceMeasures], key: str) -> list[float]:
    """A measure's monthly values for a sparkline; months without a value are left out."""
    full = key not in WINDOW_SUMS or not any(m.months_in_window == 12 for m in trend)
    points = (m for m in trend if full or m.months_in_window == 12)
    return [v for v in (getattr(m, key) for m in points) if v is not None]


def _months(trend: Sequence[FinanceMeasures]) -> list[str]:
    return [m.as_of + "-01" for m in trend]


def _band_zones(fig: go.Figure, band: Band, top: float) -> None:
    """Shade the Act / Watch / Healthy zones of a higher-is-better band and label them."""
    zones = [
        (0, band.red, Level.red, f"Act: under {band.red:g}"),
        (band.red, band.amber, Level.amber, f"Watch: under {band.amber:g}"),
        (band.amber, top, Level.green, "Healthy"),
    ]
    for low, high, level, label in zones:
        if high <= low:
            continue
        fig.add_hrect(y0=low, y1=high, fillcolor=ZONE_FILL[level], line_width=0, layer="below")
        fig.add_annotation(
            xref="paper",
            x=1.0,
            y=(low + high) / 2 if level != Level.green else high - (high - low) * 0.08,
            xanchor="right",
            text=label,
            showarrow=False,
            font=dict(size=14, color=LIGHT_COLOURS[level] if level != Level.amber else "#8A5A00"),
        )


def months_trend(
    trend: Sequence[FinanceMeasures], key: str, band: Band | None, name: str, colour: str
) -> go.Figure:
    """A months-of-cover trend (cash or LUNA) over the threshold zones."""
    values = [getattr(m, key) for m in trend]
    known = [v for v in values if v is not None]
    top = max([*known, (band.amber if band else 0) * 1.6, 1.0]) * 1.12
    fig = go.Figure(
        go.Scatter(
            x=_months(trend),
            y=values,
            name=name,
            mode="lines+markers",
            line=dict(color=colour, width=4),
            marker=dict(size=6),
            hovertemplate="%{x|%b %Y}: %{y:.1f} months<extra></extra>",
        )
    )
    if band is not None and band.higher_is_better:
        _band_zones(fig, band, top)
    fig.update_layout(
        height=330,
        showlegend=False,
        yaxis=dict(title="Months", range=[0, top], gridcolor=GRID),
        xaxis=dict(tickformat="%b %Y", dtick="M6"),
        margin=dict(l=10, r=10, t=20, b=10),
    )
    return fig


def _stacked(rows: Sequence[MonthRow], spec, title: str) -> go.Figure:
    x = [r.month.isoformat() for r in rows]
    fig = go.Figure()
    for key, label, colour in spec:
        fig.add_bar(
            x=x,
            y=[getattr(r, key) for r in rows],
            name=label,
            marker_color=colour,
            hovertemplate=f"{label}<br>%{{x|%b %Y}}: $%{{y:,.0f}}<extra></extra>",
        )
    fig.update_layout(
        barmode="relative",
        height=380,
        yaxis=dict(title=title, tickformat="$~s", gridcolor=GRID),
        xaxis=dict(tickformat="%b %Y", dtick="M6"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=60, b=10),
        bargap=0.15,
    )
    return fig


def revenue_mix(rows: Sequence[MonthRow]) -> go.Figure:
    return _stacked(rows, REVENUE_SERIES, "Revenue per month")


def expenses_by_function(rows: Sequence[MonthRow]) -> go.Figure:
    return _stacked(rows, EXPENSE_SERIES, "Expenses per month")


def budget_vs_actual(points: Sequence[YtdPoint]) -> go.Figure:
    """Cumulative actual against cumulative budget, fiscal year to date."""
    x = [p.month.isoformat() for p in points]
    fig = go.Figure()
    lines = (
        ("revenue", "Revenue, actual", SERIES[0], "solid"),
        ("budget_revenue", "Revenue, budget", SERIES[0], "dash"),
        ("expenses", "Expenses, actual", SERIES[5], "solid"),
        ("budget_expense", "Expenses, budget", SERIES[5], "dash"),
    )
    for key, label, colour, dash in lines:
        fig.add_scatter(
            x=x,
            y=[getattr(p, key) for p in points],
            name=label,
            mode="lines+markers",
            line=dict(color=colour, width=4 if dash == "solid" else 3, dash=dash),
            marker=dict(size=7),
            hovertemplate=f"{label}<br>%{{x|%b %Y}}: $%{{y:,.0f}}<extra></extra>",
        )
    fig.update_layout(
        height=380,
        yaxis=dict(title="Year to date", tickformat="$~s", gridcolor=GRID),
        xaxis=dict(tickformat="%b", dtick="M1"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=60, b=10),
    )
    return fig


def funder_shares(funders: Sequence[FunderShare], leader: str | None, limit: int = 12) -> go.Figure:
    """Largest funders by share of gifts; the departing leader's relationships in the brand
    colour with a hatch and their handoff status written on the bar (never colour alone)."""
    rows = [f for f in funders if f.share][:limit]
    held_colour, other_colour = BRAND, SERIES[0]
    fig = go.Figure()
    for held in (True, False):
        subset = [f for f in rows if f.held_by_departing_leader == held]
        if not subset:
            continue
        name = f"Held by {leader}: handoff status on the bar" if held else "Held by someone else"
        fig.add_bar(
            x=[f.share * 100 for f in subset],
            y=[f.name for f in subset],
            orientation="h",
            name=name,
            marker=dict(
                color=held_colour if held else other_colour,
                pattern=dict(shape="/" if held else "", fgcolor="rgba(255,255,255,0.55)"),
            ),
            text=[
                f"{f.share * 100:.0f}% · {HANDOFF_WORDS.word(f.handoff_status, f.handoff_status).lower()}"
                if held
                else f"{f.share * 100:.0f}%"
                for f in subset
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f}% of gifts<extra></extra>",
        )
    order = [f.name for f in rows]
    top = max((f.share for f in rows), default=0.1) * 100
    fig.update_layout(
        height=110 + 44 * len(rows),
        barmode="overlay",
        xaxis=dict(
            title="Share of gifts, last 12 months",
            ticksuffix="%",
            range=[0, top * 1.75],  # room for "23% · not started" after the bar
            gridcolor=GRID,
        ),  # fmt: skip
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(order))),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=60, b=10),
        bargap=0.3,
    )
    return fig


def runway_curve(curve: Sequence[CashPoint], scenario_label: str) -> go.Figure:
    """Cash and investments month by month, now and if the chosen funders lapse."""
    x = [p.month.isoformat() for p in curve]
    fig = go.Figure()
    fig.add_scatter(
        x=x,
        y=[p.baseline for p in curve],
        name="If nothing changes",
        mode="lines",
        line=dict(color=SERIES[0], width=4),
        hovertemplate="If nothing changes<br>%{x|%b %Y}: $%{y:,.0f}<extra></extra>",
    )
    fig.add_scatter(
        x=x,
        y=[p.scenario for p in curve],
        name=scenario_label,
        mode="lines",
        line=dict(color=LIGHT_COLOURS[Level.red], width=4, dash="dash"),
        hovertemplate="If they lapse<br>%{x|%b %Y}: $%{y:,.0f}<extra></extra>",
    )
    low = min([0.0, *(p.scenario for p in curve), *(p.baseline for p in curve)])
    if low < 0:
        fig.add_hrect(y0=low * 1.1, y1=0, fillcolor=ZONE_FILL[Level.red], line_width=0,
                      layer="below")  # fmt: skip
        fig.add_annotation(
            xref="paper", x=0.01, y=low * 0.55, xanchor="left", text="Cash runs out",
            showarrow=False, font=dict(size=15, color=LIGHT_COLOURS[Level.red]),
        )  # fmt: skip
    fig.add_hline(y=0, line_color=MUTED, line_width=2)
    fig.update_layout(
        height=380,
        yaxis=dict(title="Cash and investments", tickformat="$~s", gridcolor=GRID),
        xaxis=dict(tickformat="%b %Y", dtick="M6"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=60, b=10),
    )
    return fig


def run_unwritten(service: Callable, actor, **kwargs):
    """Call a service that writes nothing, outside the cache: an import check carries a
    progress callback and the file's bytes, neither of which belongs in a cache key."""
    from gfj_core.db import session_scope
    from ui.state import engine

    with session_scope(engine()) as session:
        return service(session, actor=actor, **kwargs)


# --- the import page --------------------------------------------------------------------------

IMPORT_KINDS = {"financials": "Monthly accounts", "funders": "Funders", "gifts": "Gifts"}
# (column, required, what goes in it) for each import format: shown next to the uploader.
IMPORT_FORMATS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "financials": (
        "One row per month. Amounts in dollars (1234.5, 1,234.50, $1,234.50, or (1,234.50) "
        "for a negative). A month already on file is replaced; the summary says how many "
        "months were new and how many replaced.",
        [
            ("month", "yes", "YYYY-MM, e.g. 2026-11; once per file"),
            ("contributions_unrestricted", "yes", "gifts without donor restrictions"),
            ("contributions_restricted", "yes", "gifts with donor restrictions"),
            ("program_revenue", "yes", "program-service revenue (fees, contracts)"),
            ("other_revenue", "yes", "anything else; may be negative (investment losses)"),
            ("expense_program", "yes", "program expenses"),
            ("expense_management", "yes", "management and general expenses"),
            ("expense_fundraising", "yes", "fundraising expenses"),
            ("depreciation", "yes", "non-cash, already inside the three expense columns; "
             "not more than their total"),
            ("cash", "yes", "balance at month end"),
            ("investments", "yes", "balance at month end"),
            ("receivables", "yes", "balance at month end"),
            ("fixed_assets_net", "yes", "balance at month end"),
            ("fixed_asset_debt", "yes", "debt on fixed assets, at month end"),
            ("current_liabilities", "yes", "balance at month end"),
            ("total_liabilities", "yes", "balance at month end"),
            ("net_assets_without_restrictions", "yes", "at month end; may be negative"),
            ("board_designated", "yes", "part of the above the board has set aside"),
            ("net_assets_with_restrictions", "yes", "at month end; may be negative"),
            ("budget_revenue", "no", "the month's revenue budget"),
            ("budget_expense", "no", "the month's expense budget"),
        ],
    ),
    "funders": (
        "One row per funder. A funder already on file (same name, any capitalisation) is "
        "updated. Owners are people's full names as recorded here.",
        [
            ("name", "yes", "the funder's name; once per file"),
            ("type", "yes", "foundation, individual, corporate, government or other"),
            ("relationship_owner", "yes", "who holds the relationship now"),
            ("successor_owner", "may be empty", "who is taking it over"),
            ("handoff_status", "yes", "not_started, introduced or transferred (the last two "
             "need a successor)"),
            ("introduction_meeting_on", "no", "YYYY-MM-DD of the introduction meeting"),
        ],
    ),
    "gifts": (
        "One row per gift or grant payment. Re-importing a reference updates that gift; a "
        "funder not yet on file is created.",
        [
            ("reference", "yes", "the CRM or ledger id; once per file"),
            ("date", "yes", "YYYY-MM-DD"),
            ("funder", "yes", "the funder's name"),
            ("amount", "yes", "dollars, more than zero"),
            ("restricted", "yes", "true/false, yes/no or 1/0"),
            ("note", "no", "free text"),
        ],
    ),
}  # fmt: skip


def tile_caption(key: str, d: FinanceDashboard, leader: str) -> str | None:
    """The line under a Finances tile: the figures the measure is made of, in words."""
    m = d.measures
    dependent = [f for f in d.funders if f.founder_dependent]
    hhi = m.funder_hhi
    captions = {
        "months_of_cash": lambda: (
            f"{money(m.cash_and_investments)} cash and investments ÷ "
            f"{money(m.average_monthly_cash_expenses)} a month"
        ),
        "months_of_luna": lambda: f"Liquid unrestricted net assets {money(m.luna)}",
        "defensive_interval_months": lambda: "Months covered by cash, investments and receivables",
        "current_ratio": lambda: "Liquid assets for each $1 of current liabilities",
        "surplus": lambda: (
            f"Revenue {short_money(m.total_revenue)} − expenses {short_money(m.total_expenses)}"
        ),
        "program_expense_ratio": lambda: "Share of expenses spent on programs",
        "admin_ratio": lambda: "Management and general ÷ total expenses",
        "fundraising_efficiency": lambda: (
            f"Fundraising spend per $1 of the {short_money(m.contributions)} given"
        ),
        "operating_reliance": lambda: (
            f"Program revenue {short_money(m.program_revenue)} ÷ total expenses"
        ),
        "budget_variance_expense_ytd": lambda: (
            f"{short_money(m.ytd_expenses)} spent of {short_money(m.ytd_budget_expense)} budgeted"
            if m.ytd_budget_expense is not None
            else "A month this year has no expense budget"
        ),
        "founder_dependent_gift_share": lambda: (
            f"{money(m.founder_dependent_gifts)} from "
            f"{len(dependent)} funders {leader} holds and has not yet handed over"
        ),
        "top_funder_share": lambda: m.top_funder or "No gifts in the window",
        "funder_hhi": lambda: (
            "—" if not hhi else f"As concentrated as {1 / hhi:.1f} equal-sized funders"
        ),
        "gifts_total": lambda: f"From {sum(1 for f in d.funders if f.share)} funders",
        "budget_variance_revenue_ytd": lambda: (
            f"{short_money(m.ytd_revenue)} received of {short_money(m.ytd_budget_revenue)} budgeted"
            if m.ytd_budget_revenue is not None
            else "A month this year has no revenue budget"
        ),
    }
    return captions[key]() if key in captions else None


def fin_tile(
    label: str,
    value: str,
    *,
    light=None,
    caption: str | None = None,
    help: str | None = None,
    trend: Sequence[float] | None = None,
) -> None:
    """A Finances tile: like ui.widgets.tile, but every tile in a row stretches to the same
    height, so a row of five reads as one band on a projector."""
    import streamlit as st

    from ui.widgets import light_badge

    with st.container(border=True, height="stretch"):
        st.metric(label, value, help=help, chart_data=list(trend) if trend else None)
        if light is not None:
            light_badge(light)
        if caption:
            st.caption(caption)


LIGHT_CELL = {
    "Healthy": "background-color: #D9F2EA; color: #00573F",
    "Watch": "background-color: #FCEBCB; color: #6B4500",
    "Act": "background-color: #F9DCCB; color: #8A3200",
}
LIGHT_MARK = {"Healthy": "✓ Healthy", "Watch": "! Watch", "Act": "✕ Act", "No data": "No data"}
