"""The Finances page's tabs below its measures (pages/finances.py draws them through
ui.widgets.lazy_tabs, one at a time): each is drawn from the service's dashboard, with the reads
its own tab needs."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.formatting import fmt_month as month_label
from gfj_core.formatting import money, share
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.schemas.finance import FinanceDashboard
from gfj_core.services.finance_scenarios import runway_scenario
from gfj_core.services.finance_tables import (
    funder_rows,
    held_funder_rows,
    programme_rows,
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
    funder_shares,
    history_section,
    months_trend,
    revenue_mix,
    runway_curve,
)
from ui.finance_records import finance_corrections
from ui.nav import page_path
from ui.theme import SERIES
from ui.widgets import data_table, lazy_expander, light_badge


def cover_and_history(d: FinanceDashboard, actor) -> None:
    """Months of cash and of LUNA over time, with the board's zones, and the Form 990s."""
    trend, bands = d.trend, d.bands
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


def money_in_and_out(d: FinanceDashboard) -> None:
    """Revenue mix, expenses by function, and budget against actual for the year to date."""
    lights = d.measures.lights
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
        if "budget_variance_expense_ytd" in lights:
            light_badge(lights["budget_variance_expense_ytd"], label="Spending against budget")
        for note in notes:
            st.warning(note, icon=":material/priority_high:")
        if calm:
            st.caption(calm)


def funders_and_runway(d: FinanceDashboard, actor, as_of: date, leader: str) -> None:
    """The funders and the relationships the departing leader still holds, then how long the
    cushion lasts if the gifts the board picks stop."""
    m = d.measures
    dependent = [f for f in d.funders if f.founder_dependent]
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
                f"gifts in the last 12 months ({share(scenario.lapsed_share)})."
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


def programs(d: FinanceDashboard, actor) -> None:
    """Each program's lead and backup, and how much of the next twelve months is funded."""
    bands = d.bands
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


def corrections(actor) -> None:
    """Funders, gifts and months of accounts, for those who may correct them."""
    st.caption("Funders, gifts and months of accounts: correct, archive or remove one.")
    finance_corrections(actor)
