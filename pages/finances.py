"""Finances: the cushion, the treasurer's statements (activities and balance sheet), where the
money comes from and goes, how much of it still runs through the departing leader, what happens
if funders lapse, whether programs are funded, and the five-year history from the Form 990s."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_month as month_label
from gfj_core.formatting import money, share
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.measures import FINANCE_TILE_ROWS
from gfj_core.services.finance_measures import finance_dashboard, finance_months
from gfj_core.services.finance_scenarios import runway_scenario
from gfj_core.services.finance_statements import financial_statements
from gfj_core.services.finance_tables import (
    funder_rows,
    held_funder_rows,
    how_computed,
    programme_rows,
    threshold_rows,
    variance_notes,
    variance_rows,
)
from ui.charts import show
from ui.data import read
from ui.finance import (
    LIGHT_CELL,
    LIGHT_MARK,
    budget_vs_actual,
    expenses_by_function,
    finance_tile,
    funder_shares,
    history_section,
    months_trend,
    revenue_mix,
    runway_curve,
    series,
    statements_section,
    tile_caption,
)
from ui.finance_records import finance_corrections
from ui.guard import require_page
from ui.nav import page_path
from ui.theme import SERIES
from ui.tile_grid import tile_grid_row
from ui.widgets import data_table, demo_notice, lazy_expander, lazy_tabs, light_badge

actor = require_page("finances")
may_correct = can(actor.role, "finance.import")
months = read(finance_months, actor)

head, picker = st.columns([4, 1], vertical_alignment="bottom")
with head:
    st.title("Finances")
if not months:
    st.info(
        "No monthly accounts have been imported yet. The treasurer, the CEO or an administrator "
        "can bring them in on the Import data page, or with `gfj import financials FILE`."
    )
    link = page_path(actor, "import_data")
    if link:
        st.page_link(link, label="Import data", icon=":material/upload_file:")
    history_section(actor)  # a new organization's first picture: the returns it already filed
    if may_correct:
        st.subheader("Correct the records")
        finance_corrections(actor)
    st.stop()
with picker:
    as_of = st.selectbox(
        "As of month",
        months,
        format_func=month_label,
        key="fin_as_of",
        help="The measures cover the twelve months ending with this month.",
    )

d = read(finance_dashboard, actor, as_of=as_of)
m, trend, bands = d.measures, d.trend, d.bands
leader = md(d.departing_leader) if d.departing_leader else "the departing leader"
window_first = pd.Timestamp(m.window_start + "-01").date()
ytd_first = pd.Timestamp(m.ytd_start + "-01").date()
st.markdown(
    f"Twelve months **{month_label(window_first)} to {month_label(as_of)}** "
    f"({m.months_in_window} months of accounts) · fiscal year to date from "
    f"**{month_label(ytd_first)}** · departing leader: **{leader}**"
)
if m.months_in_window < 12:
    st.caption(
        f":material/warning: Only {m.months_in_window} months of accounts fall in this window; "
        "averages use the months present."
    )
if d.demo:
    demo_notice()

L = m.lights
E = m.average_monthly_cash_expenses
dependent = [f for f in d.funders if f.founder_dependent]

for heading, keys in FINANCE_TILE_ROWS:
    st.subheader(heading)
    tile_grid_row(
        [
            finance_tile(
                key,
                FINANCE_MEASURES[key].name,
                FINANCE_MEASURES[key].text(getattr(m, key)),
                light=L.get(key),
                caption=tile_caption(key, d, leader),
                help=FINANCE_MEASURES[key].help_text(
                    bands.get(FINANCE_MEASURES[key].band) if FINANCE_MEASURES[key].band else None
                ),
                trend=series(trend, key),
            )
            for key in keys
        ]
    )

with lazy_expander(
    "How these are computed", icon=":material/functions:", key="fin_how_open"
) as shown:
    if shown:
        st.markdown(how_computed(m.months_in_window, leader))
        st.markdown("**Thresholds** (an administrator changes them on *Organization settings*)")
        data_table(pd.DataFrame(threshold_rows(d)), hide_index=True, width="stretch")


def statements() -> None:
    statements_section(read(financial_statements, actor, as_of=as_of))


def cover_and_history() -> None:
    st.subheader("Months of cover over time")
    st.caption(
        "Shaded zones are the board's thresholds (Act / Watch / Healthy), changeable in the "
        "settings."
    )
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**Months of cash**")
        show(months_trend(trend, "months_of_cash", bands.get("months_of_cash"), "Cash", SERIES[0]))
    with right:
        st.markdown("**Months of LUNA** (liquid unrestricted net assets)")
        show(months_trend(trend, "months_of_luna", bands.get("months_of_luna"), "LUNA", SERIES[2]))
    history_section(actor)


def money_in_and_out() -> None:
    st.subheader("Where the money comes from and where it goes")
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**Revenue mix**")
        show(revenue_mix(d.months))
    with right:
        st.markdown("**Expenses by function**")
        show(expenses_by_function(d.months))

    st.subheader("Budget against actual, year to date")
    left, right = st.columns([3, 2], gap="large")
    with left:
        if d.ytd:
            show(budget_vs_actual(d.ytd))
    with right:
        data_table(pd.DataFrame(variance_rows(d)), hide_index=True, width="stretch")
        notes, calm = variance_notes(d)
        if "budget_variance_expense_ytd" in L:
            light_badge(L["budget_variance_expense_ytd"], label="Spending against budget")
        for note in notes:
            st.warning(note, icon=":material/priority_high:")
        if calm:
            st.caption(calm)


def funders_and_runway() -> None:
    st.subheader(f"Funders, and the relationships {leader} still holds")
    left, right = st.columns([1, 1], gap="large")
    with left:
        if any(f.share for f in d.funders):
            show(funder_shares(d.funders, d.departing_leader))
        else:
            st.info("No gifts recorded in this window.")
    with right:
        held = held_funder_rows(d)
        st.markdown(f"**Held by {leader}** ({len(held)} funders)")
        if held:
            data_table(pd.DataFrame(held), hide_index=True, width="stretch")
            st.caption(
                "Founder-dependent: held by the departing leader and not yet transferred. "
                "A transferred relationship no longer counts."
            )
        else:
            st.caption("No funder relationships are recorded against the departing leader.")
    with lazy_expander(
        f"All {len(d.funders)} funders in this window", key="fin_funders_open"
    ) as shown:
        if shown:
            data_table(pd.DataFrame(funder_rows(d)), hide_index=True, width="stretch")

    st.subheader("Runway if funders lapse")
    top_name = m.top_funder
    choices = {
        "top": f"The largest funder ({top_name})" if top_name else "The largest funder",
        "founder": f"Every founder-dependent funder ({len(dependent)})",
        "chosen": "Funders I choose",
    }
    pick = st.radio(
        "Which gifts stop?",
        list(choices),
        format_func=choices.get,
        horizontal=True,
        key="fin_lapse_mode",
    )
    chosen: list[str] = []
    if pick == "chosen":
        chosen = (
            st.pills(
                "Funders whose gifts stop",
                [f.name for f in d.funders if f.share],
                selection_mode="multi",
                key="fin_lapse_chosen",
            )
            or []
        )
    scenario = read(
        runway_scenario,
        actor,
        as_of=as_of,
        lapse=tuple(chosen),
        lapse_founder_dependent=pick == "founder",
        lapse_top_funder=pick == "top",
    )
    left, right = st.columns([1, 3], gap="large")
    with left:
        lapsed_share = scenario.lapsed_gifts / m.gifts_total if m.gifts_total else None
        for key, value in (
            ("runway_months", scenario.runway_months),
            ("monthly_net", scenario.monthly_net),
            ("baseline_runway_months", scenario.baseline_runway_months),
        ):
            measure = FINANCE_MEASURES[key]
            sustainable = (
                value is None and key != "monthly_net" and scenario.monthly_net is not None
            )
            st.metric(
                measure.name,
                "Sustainable" if sustainable else measure.text(value),
                help=measure.help_text(),
                border=True,
            )
        if scenario.lapsed_funders:
            st.caption(
                f"Lapsing {', '.join(scenario.lapsed_funders)}: {money(scenario.lapsed_gifts)} of "
                f"gifts in the last 12 months ({share(lapsed_share)})."
            )
        else:
            st.caption("Choose at least one funder to see the effect.")
    with right:
        if scenario.curve:
            show(runway_curve(scenario.curve, "If they lapse"))
        st.markdown("**What these assume**")
        st.markdown(
            f"- {scenario.months_of_cash_assumes}\n- {scenario.baseline_assumes}\n"
            f"- {scenario.scenario_assumes}"
        )


def programs() -> None:
    st.subheader("Program continuity")
    start, end = d.next_12_months
    st.caption(
        f"Who leads each program, who could step in, and how much of the next twelve months "
        f"({month_label(start)} to {month_label(end)}) is already paid for by secured grants "
        "(each grant spread evenly over its period)."
    )
    if d.programmes:
        table = pd.DataFrame(programme_rows(d, LIGHT_MARK))
        styled = table.style.map(
            lambda v: next((css for word, css in LIGHT_CELL.items() if word in str(v)), ""),
            subset=["Light"],
        )
        data_table(
            styled,
            hide_index=True,
            width="stretch",
            column_config={
                "Share secured": st.column_config.ProgressColumn(
                    format="%d%%", min_value=0, max_value=100, width="small"
                ),
                "Expected": st.column_config.TextColumn(help="Likely but not yet committed"),
            },
        )
        band = bands.get("programme_funding_secured")
        if band:
            st.caption(
                f"Light: Act under {band.red:.0%} secured, Watch under {band.amber:.0%}. "
                "⚠ marks a program with no backup, or whose backup is the departing leader."
            )
    else:
        st.caption("No programs recorded.")
        if link := page_path(actor, "programmes"):
            st.page_link(link, label="Add the first program", icon=":material/add:")


def corrections() -> None:
    st.caption("Funders, gifts and months of accounts: correct, archive or remove one.")
    finance_corrections(actor)


# The vital numbers above stay in view; each part below is drawn only while its tab is open.
lazy_tabs(
    {
        "Statements": statements,
        "Cover and history": cover_and_history,
        "Money in and out": money_in_and_out,
        "Funders and runway": funders_and_runway,
        "Programs": programs,
    }
    | ({"Correct the records": corrections} if may_correct else {}),
    key="fin_tab",
    keep={"Correct the records"},  # edits not yet saved survive a look at another tab
)
