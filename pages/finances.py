"""Finances: the cushion, the treasurer's statements (activities and balance sheet), where the
money comes from and goes, how much of it still runs through the departing leader, what happens
if funders lapse, whether programs are funded, and the five-year history from the Form 990s."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_month as month_label
from gfj_core.measures import FINANCE_TILE_ROWS
from gfj_core.services.finance_measures import finance_dashboard, finance_months
from gfj_core.services.finance_statements import financial_statements
from gfj_core.services.finance_tables import (
    how_computed,
    threshold_rows,
)
from ui import finance_tabs as tabs
from ui.data import read
from ui.finance import (
    finance_tile,
    history_section,
    statements_section,
)
from ui.guard import require_page
from ui.nav import page_path
from ui.tile_grid import tile_grid_row
from ui.widgets import data_table, demo_notice, lazy_expander, lazy_tabs

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
        tabs.corrections(actor)
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
m = d.measures
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

for heading, keys in FINANCE_TILE_ROWS:
    st.subheader(heading)
    tile_grid_row([finance_tile(key, d, leader) for key in keys])

with lazy_expander(
    "How these are computed", icon=":material/functions:", key="fin_how_open"
) as shown:
    if shown:
        st.markdown(how_computed(m.months_in_window, leader))
        st.markdown("**Thresholds** (an administrator changes them on *Organization settings*)")
        data_table(pd.DataFrame(threshold_rows(d)), hide_index=True, width="stretch")


# The vital numbers above stay in view; each part below is drawn only while its tab is open.
lazy_tabs(
    {
        "Statements": lambda: statements_section(read(financial_statements, actor, as_of=as_of)),
        "Cover and history": lambda: tabs.cover_and_history(d, actor),
        "Money in and out": lambda: tabs.money_in_and_out(d),
        "Funders and runway": lambda: tabs.funders_and_runway(d, actor, as_of, leader),
        "Programs": lambda: tabs.programs(d, actor),
    }
    | ({"Correct the records": lambda: tabs.corrections(actor)} if may_correct else {}),
    key="fin_tab",
    keep={"Correct the records"},  # edits not yet saved survive a look at another tab
)
