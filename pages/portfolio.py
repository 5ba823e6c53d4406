"""A supporter's home (issue 20): the organisations that share with it, side by side."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ui.guard import require_page
from ui.portfolio import aggregate_scorecard, comparison_table, portfolio_entries

actor = require_page("portfolio")
st.title("Portfolio")
st.caption(
    "The transitions you accompany, side by side: the figures each organization chose to share, "
    "as they stand now, with the change since its board meeting a quarter before. Most red "
    "lights first. Aggregates only: no names, notes or individual scores."
)
entries = portfolio_entries(actor, date.today())
if not entries:
    st.info(
        "No organization shares its figures with you yet. Each organization's administrator "
        "decides that on its settings page.",
        icon=":material/lock:",
    )
    st.stop()
comparison_table(entries)
names = {e.slug: e for e in entries}
chosen = st.selectbox(
    "Open an organization's scorecard",
    list(names),
    index=None,
    format_func=lambda s: names[s].name,
    placeholder="Choose an organization",
    key="portfolio_open",
)
if chosen in names:
    aggregate_scorecard(names[chosen])
