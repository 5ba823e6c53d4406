"""Figures and small helpers for the Finances and Import data pages. Inputs are service results
(gfj_core.schemas.finance); nothing here computes a measure."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import (
    NO_DATA,
    fmt_month,
    money,
    months_with_unit,
    share,
    short_money,
    variance,
)
from gfj_core.formatting import months as months_text
from gfj_core.metrics.lights import Level
from gfj_core.schemas.board import Tile
from gfj_core.schemas.finance import (
    CashPoint,
    FinanceDashboard,
    FinanceMeasures,
    FinancialStatements,
    FunderShare,
    MonthRow,
    YtdPoint,
)
from gfj_core.schemas.financial_history import HistoryYear
from gfj_core.schemas.settings import Band
from gfj_core.schemas.transition import HANDOFF_WORDS
from ui.theme import BRAND, GRID, LIGHT_COLOURS, MUTED, SERIES
from ui.tile_grid import figure_tile
from ui.widgets import data_table

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
        "surplus": lambda: f"Revenue {money(m.total_revenue)} − expenses {money(m.total_expenses)}",
        "program_expense_ratio": lambda: "Share of expenses spent on programs",
        "admin_ratio": lambda: "Management and general ÷ total expenses",
        "fundraising_efficiency": lambda: (
            f"Fundraising spend per $1 of the {money(m.contributions)} given"
        ),
        "operating_reliance": lambda: (
            f"Program revenue {money(m.program_revenue)} ÷ total expenses"
        ),
        "budget_variance_expense_ytd": lambda: (
            f"{money(m.ytd_expenses)} spent of {money(m.ytd_budget_expense)} budgeted"
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
            f"{money(m.ytd_revenue)} received of {money(m.ytd_budget_revenue)} budgeted"
            if m.ytd_budget_revenue is not None
            else "A month this year has no revenue budget"
        ),
    }
    return captions[key]() if key in captions else None


def finance_tile(key: str, d: FinanceDashboard, leader: str) -> Tile:
    """A Finances measure as a tile of the scorecard's grid (ui.tile_grid): its name, figure
    and formula from the measure catalogue, its light, its line of context and its trend."""
    from gfj_core.measures import FINANCE

    measure, m = FINANCE[key], d.measures
    return figure_tile(
        key,
        measure.name,
        measure.text(getattr(m, key)),
        area="finance",
        light=m.lights.get(key),
        caption=tile_caption(key, d, leader),
        help=measure.help_text(d.bands.get(measure.band) if measure.band else None),
        trend=series(d.trend, key),
    )


LIGHT_CELL = {
    "Healthy": "background-color: #D9F2EA; color: #00573F",
    "Watch": "background-color: #FCEBCB; color: #6B4500",
    "Act": "background-color: #F9DCCB; color: #8A3200",
}
LIGHT_MARK = {"Healthy": "✓ Healthy", "Watch": "! Watch", "Act": "✕ Act", "No data": "No data"}


# --- five-year history from the Form 990s -------------------------------------------------------

PRIVACY_KEY = "presenter_privacy"  # set by Presenter mode; the shared screen never shows pay


def history_chart(years: Sequence[HistoryYear]) -> go.Figure:
    """Revenue and expenses by fiscal year, as the returns report them, with each year's surplus
    or deficit written above its pair (words and sign, never colour alone; the exact figures
    are in the hover and the table below)."""
    x = [str(y.tax_year) for y in years]
    fig = go.Figure()
    for key, label, colour in (
        ("total_revenue", "Revenue", SERIES[0]),
        ("total_expenses", "Expenses", SERIES[5]),
    ):
        fig.add_bar(
            x=x,
            y=[getattr(y, key) for y in years],
            name=label,
            marker_color=colour,
            hovertemplate=f"{label}, %{{x}}: $%{{y:,.0f}}<extra></extra>",
        )
    top = max([0, *(y.total_revenue for y in years), *(y.total_expenses for y in years)])
    # A text-only trace, not annotations: it shares the bars' category axis as they do.
    fig.add_scatter(
        x=x,
        y=[max(y.total_revenue, y.total_expenses) for y in years],
        mode="text",
        text=[
            # Two lines: three years' labels fit side by side on a phone.
            f"{'−' if y.surplus < 0 else '+'}{short_money(abs(y.surplus))}<br>"
            f"{'deficit' if y.surplus < 0 else 'surplus'}"
            for y in years
        ],
        textposition="top center",
        textfont=dict(
            size=14,
            color=[LIGHT_COLOURS[Level.red] if y.surplus < 0 else MUTED for y in years],
        ),
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(
        barmode="group",
        height=360,
        yaxis=dict(
            title="Per fiscal year", tickformat="$~s", gridcolor=GRID, range=[0, top * 1.15 or 1]
        ),  # fmt: skip
        xaxis=dict(type="category", title=None),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=50, b=10),
        bargap=0.25,
    )
    return fig


def _light_text(light) -> str:
    return LIGHT_MARK.get(light.word, light.word) if light is not None else ""


def _history_table(years: Sequence[HistoryYear]):
    import pandas as pd

    rows = []
    for y in reversed(years):  # newest first: the board reads the top line
        # The judged figures first: on a phone the later columns scroll off to the right.
        rows.append(
            {
                "Year": str(y.tax_year) + (" (amended)" if y.amended else ""),
                "Program expense ratio": share(y.program_expense_ratio),
                "Program light": _light_text(y.lights.get("program_expense_ratio")),
                "Months of cash, year end": months_text(y.months_of_cash_eoy),
                "Cash light": _light_text(y.lights.get("months_of_cash_eoy")),
                "Net assets, year end": money(y.net_assets_eoy),
                "Revenue": money(y.total_revenue),
                "Expenses": money(y.total_expenses),
                "Surplus": money(y.surplus),
                "Form": y.form,
            }
        )
    table = pd.DataFrame(rows)
    return table.style.map(
        lambda v: next((css for word, css in LIGHT_CELL.items() if word in str(v)), ""),
        subset=["Program light", "Cash light"],
    )


def _comparison_table(years: Sequence[HistoryYear]):
    import pandas as pd

    rows = []
    for y in reversed(years):
        c = y.monthly
        if c is None:
            continue
        rows.append(
            {
                "Year": str(y.tax_year),
                "Months on file": f"{c.months_on_file} of {c.months_in_period}",
                "Revenue, return": money(y.total_revenue),
                "Revenue, months": money(c.revenue_from_months) if c.complete else "partial",
                "Revenue difference": money(c.revenue_difference) if c.complete else "—",
                "Expenses, return": money(y.total_expenses),
                "Expenses, months": money(c.expenses_from_months) if c.complete else "partial",
                "Expenses difference": money(c.expenses_difference) if c.complete else "—",
            }
        )
    return pd.DataFrame(rows)


def history_section(actor, *, shown: int = 5) -> None:
    """The Finances page's five-year history from the Form 990s, with the monthly accounts set
    beside each year they cover, and (for the board and treasurer, outside presenter privacy
    mode) the departing leader's reported pay."""
    import streamlit as st

    from gfj_core.access import can
    from gfj_core.services.financial_history import (
        departing_leader_compensation,
        financial_history,
    )
    from ui.charts import show
    from ui.data import read
    from ui.nav import page_path

    st.subheader("Five-year history from the Form 990s")
    history = read(financial_history, actor)
    years = history.last(shown)
    if not years:
        st.caption(
            "No Form 990 returns imported yet. The treasurer or an administrator can bring in "
            "the organization's e-filed returns (XML, as the IRS publishes them) on the Import "
            "data page, or with `gfj import form990 FILE.xml`."
        )
        if can(actor.role, "history.import"):
            link = page_path(actor, "import_data")
            if link:
                st.page_link(link, label="Import Form 990s", icon=":material/upload_file:")
        return
    first, last = years[0], years[-1]
    st.caption(
        f"Fiscal years {first.tax_year} to {last.tax_year} as filed ({len(years)} of "
        f"{len(history.years)} on file), in whole dollars. Lights use the same thresholds as "
        "the monthly measures."
        + (" These returns are fictional demo data." if history.any_fictional else "")
    )
    left, right = st.columns([3, 2], gap="large")
    with left:
        show(history_chart(years))
    with right:
        ratio_light = last.lights.get("program_expense_ratio")
        cash_light = last.lights.get("months_of_cash_eoy")
        a, b = st.columns(2)
        with a, st.container(border=True, height="stretch"):
            st.metric(
                f"Program expense ratio, {last.tax_year}",
                share(last.program_expense_ratio),
                help="Program service expenses ÷ total expenses (Form 990 Part IX); not "
                "reported on a 990-EZ that leaves Part III's total blank",
            )
            if ratio_light is not None:
                from ui.widgets import light_badge

                light_badge(ratio_light)
        with b, st.container(border=True, height="stretch"):
            st.metric(
                f"Months of cash, end of {last.tax_year}",
                months_with_unit(last.months_of_cash_eoy),
                help="(cash + savings and temporary cash investments at year end) ÷ total "
                "expenses × 12",
            )
            if cash_light is not None:
                from ui.widgets import light_badge

                light_badge(cash_light)
        before = years[-2] if len(years) > 1 else None
        change = (
            None
            if before is None or before.net_assets_eoy is None or last.net_assets_eoy is None
            else last.net_assets_eoy - before.net_assets_eoy
        )
        st.metric(
            f"Net assets, end of {last.tax_year}",
            money(last.net_assets_eoy),
            # An ASCII minus first: that is how st.metric knows to draw the arrow down.
            delta=None
            if change is None
            else f"{'-' if change < 0 else '+'}${abs(change):,} since {before.tax_year}",
            border=True,
        )  # fmt: skip
    data_table(_history_table(years), hide_index=True, width="stretch", key="fin_history")
    if any(y.form == "990-EZ" for y in years):
        st.caption(
            "A 990-EZ reports no management or fundraising expenses (left blank, not zero), and "
            "its cash line includes investments."
        )
    comparison = _comparison_table(years)
    if not comparison.empty:
        st.markdown("**The returns beside the monthly accounts** (same fiscal years)")
        data_table(comparison, hide_index=True, width="stretch", key="fin_history_vs_months")
        st.caption(
            "Revenue and expenses summed from the monthly accounts for the return's period; the "
            "difference is the return minus the months (year-end audit adjustments show here). "
            "A year with months missing is marked partial."
        )
    if can(actor.role, "history.compensation"):
        privacy = bool(st.session_state.get(PRIVACY_KEY, False))
        pay = read(departing_leader_compensation, actor, privacy=privacy)
        if privacy:
            st.caption(
                ":material/visibility_off: The departing leader's pay is hidden while presenter "
                "privacy mode is on."
            )
        elif pay is not None:
            st.info(
                f"**Transition budget baseline:** {md(pay.name)} ({md(pay.title)}) reported "
                f"compensation from the organization of **{money(pay.reportable_comp)}** on the "
                f"{pay.tax_year} Form {pay.form}"
                + (" (fictional demo figure)." if pay.fictional else ".")
                + " Shown to the board and the treasurer only.",
                icon=":material/payments:",
            )


# --- the Form 990 import ------------------------------------------------------------------------

FORM990_KIND = "Form 990 returns"
MAX_RETURN_MB = 20


def form990_import(actor) -> None:
    """Upload one or more e-file XML returns, see what each holds (or every problem, by file),
    then import them all on confirm. Nothing is written until then, and then all or nothing."""
    import hashlib

    import pandas as pd
    import streamlit as st

    from gfj_core.errors import GfjError, ValidationFailed
    from gfj_core.services.financial_history import check_form990, import_form990
    from ui.data import write

    st.markdown(
        "The organization's own **Form 990 or 990-EZ** returns as the IRS publishes them: the "
        "e-file **XML** (ProPublica's Nonprofit Explorer and Candid link to the same files). "
        "Any schema year since 2009. Several files at once: **nothing is written unless every "
        "file is right**. A year already on file is replaced; an amended return replaces the "
        "original. Form 990-PF and 990-N are refused."
    )
    people = st.checkbox(
        "Also make the latest return's officers, directors and key employees people",
        key="imp_990_people",
        help="Matched by name to people already recorded (never duplicated); board seats from "
        "titles that say so (chair, vice chair, treasurer, secretary, director or trustee); key "
        "employees become staff. A seat or title already recorded is kept.",
    )
    nonce = st.session_state.setdefault("imp_nonce", 0)
    uploads = st.file_uploader(
        f"Form 990 XML files (up to {MAX_RETURN_MB} MB each)",
        type=["xml"],
        accept_multiple_files=True,
        max_upload_size=MAX_RETURN_MB,
        key=f"imp_990_files_{nonce}",
    )
    if not uploads:
        return
    files = [(u.name, u.getvalue()) for u in uploads]
    digest = hashlib.sha256(
        b"".join(name.encode() + b"\0" + content for name, content in files) + bytes([people])
    ).hexdigest()
    checks: dict = st.session_state.setdefault("imp_990_checks", {})
    check = checks.get(digest)
    if check is None:
        try:
            check = run_unwritten(check_form990, actor, files=files, people=people)
        except GfjError as exc:
            st.error(f"{exc} Nothing was imported.", icon=":material/block:")
            return
        checks.clear()
        checks[digest] = check
    if check.problems:
        n = len(check.problems)
        st.error(
            f"**{n} problem{'s' if n != 1 else ''} in these files. Nothing has been imported.** "
            "Remove or replace the files named, then try again.\n\n"
            + "\n".join(f"- {p}" for p in check.problems),
            icon=":material/error:",
        )
    if check.files:
        data_table(
            pd.DataFrame(
                [
                    {
                        "File": f.filename,
                        "Year": f.tax_year,
                        "Form": f.form + (" (amended)" if f.amended else ""),
                        "Organization": f.name,
                        "EIN": f.ein,
                        "Revenue": money(f.total_revenue),
                        "Expenses": money(f.total_expenses),
                        "People listed": f.officers,
                        "On file already": "replaced" if f.replaces else "new",
                    }
                    for f in check.files
                ]
            ),
            hide_index=True,
            width="stretch",
            key="imp_990_preview",
        )
    if check.problems:
        return
    lines = [f"Importing will add or change: {check.plan}."]
    if check.people is not None:
        p = check.people
        lines.append(
            f"People from the {p.tax_year} return: {len(p.added)} to add"
            + (f" ({', '.join(p.added)})" if p.added else "")
            + f", {len(p.matched)} already recorded"
            + (f"; former officers left out: {', '.join(p.skipped_former)}" if p.skipped_former else "")
            + "."
        )  # fmt: skip
    st.success(
        "**Every file checked: no problems.** " + " ".join(lines), icon=":material/fact_check:"
    )
    n = len(check.files)
    if st.button(
        f"Import {n} return{'s' if n != 1 else ''}",
        type="primary",
        icon=":material/upload:",
        key="imp_990_confirm",
    ):
        try:
            summary = write(import_form990, actor, files=files, people=people)
        except ValidationFailed as exc:
            st.error(f"{exc} " + "; ".join(f"{w}: {m}" for w, m in exc.problems[:20]))
        except GfjError as exc:
            st.error(str(exc))
        else:
            st.session_state["imp_done"] = summary.message
            st.session_state["imp_nonce"] = nonce + 1
            st.session_state["imp_990_checks"] = {}
            st.rerun()


# --- the treasurer's statements (issue 22) --------------------------------------------------------

SECTION_WORDS = {
    "revenue": "Revenue",
    "expenses": "Expenses",
    "assets": "Assets",
    "liabilities": "Liabilities",
    "net_assets": "Net assets",
}


def _with_headings(rows: list[dict], lines, label: str):
    """Rows under a heading per section; totals marked. (frame, each row's class: gfj-heading,
    gfj-total or none, for ui.widgets.html_table)"""
    import pandas as pd

    out, classes, seen = [], [], set()
    blank = dict.fromkeys(rows[0], "") if rows else {}
    for row, line in zip(rows, lines, strict=True):
        if line.section in SECTION_WORDS and line.section not in seen:
            seen.add(line.section)
            out.append({**blank, label: SECTION_WORDS[line.section]})
            classes.append("gfj-heading")
        out.append(row)
        classes.append("gfj-total" if line.total else "")
    return pd.DataFrame(out), classes


def statement_table(statements: FinancialStatements):
    """The statement of activities as a table: the month, the year to date, and the totals
    against budget. Money in full dollars, variances signed, one format each."""
    rows = []
    for r in statements.activities:
        light = f" · {LIGHT_MARK.get(r.light.word, r.light.word)}" if r.light else ""
        # A share of a net figure (a small budgeted surplus) reads as nonsense: money only.
        over = f" ({variance(r.ytd_variance_share)})" if r.section != "net" else ""
        rows.append(
            {
                "Line": r.label if r.total else f"    {r.label}",
                "This month": money(r.month),
                "Month budget": money(r.month_budget) if r.total else "",
                "Year to date": money(r.ytd),
                "Budget to date": money(r.ytd_budget) if r.total else "",
                "Against budget": (
                    f"{money(r.ytd_variance)}{over}{light}"
                    if r.total and r.ytd_variance is not None
                    else ("no budget" if r.total else "")
                ),
            }
        )
    return _with_headings(rows, statements.activities, "Line")


def balance_table(statements: FinancialStatements):
    """The balance-sheet summary beside the end of the last fiscal year."""
    before = f"End of {fmt_month(statements.year_start)}" if statements.year_start else "Year start"
    now = f"End of {fmt_month(statements.as_of)}"
    rows = []
    for r in statements.balance_sheet:
        indent = "        " if r.memo else "" if r.total else "    "
        rows.append(
            {
                "Line": indent + r.label,
                now: money(r.now),
                before: money(r.year_start) if r.year_start is not None else NO_DATA,
                "Change": money(r.change) if r.change is not None else NO_DATA,
            }
        )
    return _with_headings(rows, statements.balance_sheet, "Line")


def statements_section(statements: FinancialStatements) -> None:
    """Statement of activities beside the balance-sheet summary (stacked on a phone)."""
    import streamlit as st

    first, last = statements.ytd_start, statements.as_of
    st.subheader("Statement of activities")
    st.caption(
        f"Revenue and expenses for {fmt_month(last)} and the fiscal year to date "
        f"({fmt_month(first)} to {fmt_month(last)}, {statements.ytd_months} months), against "
        "budget. The monthly accounts carry budgets for total revenue and total expenses only, "
        "so those lines are the ones compared. Spending over budget is never marked Healthy."
    )
    # Plain tables, as a printed statement: every line's name whole, amounts right-aligned,
    # headings and totals in bold (a grid cut the longer names and took a Styler to bold them).
    table, classes = statement_table(statements)
    data_table(table, static=True, row_classes=classes, right=[c for c in table if c != "Line"])
    st.subheader("Balance sheet summary")
    st.caption(
        "At the month's end and at the end of the last fiscal year, from the monthly accounts. "
        "Total assets = total liabilities + net assets; other assets are what the listed "
        "assets leave of that total."
    )
    table, classes = balance_table(statements)
    data_table(table, static=True, row_classes=classes, right=[c for c in table if c != "Line"])
