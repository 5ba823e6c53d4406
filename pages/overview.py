"""Board overview: the scorecard (vital few numbers with light, trend and drill-down), the
readiness index on demand, what changed since the last meeting, open actions, the packet."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.access import can
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.services.board_meetings import open_action_items
from gfj_core.services.board_reads import board_reads
from gfj_core.services.overview import getting_started
from ui.board import (
    ACTIONS_SHOWN,
    actions_frame,
    areas_note,
    attention_box,
    digest_block,
    index_explainer,
    scorecard_grid,
)
from ui.data import read
from ui.due import due_this_week_box
from ui.guard import require_page
from ui.nav import page_path
from ui.svg import progress_bars_html, readiness_bars_html
from ui.widgets import data_table, demo_notice, fmt_date, fmt_pct

actor = require_page("overview")

# `?present=1` opens presenter mode (the shared screen) straight away.
if st.query_params.get("present") == "1" and page_path(actor, "presenter"):
    st.switch_page("pages/presenter.py", query_params={"present": "1"})

today = date.today()
# One read for the scorecard and what is built on it (it is computed once for all three).
board = read(board_reads, actor, today=today)
card = board.scorecard
ov = card.overview

st.title(f"{md(ov.organisation_name)}: leadership transition")
phase_line = (
    f"Phase {ov.phase.position} of {ov.phase.phases_total}: **{md(ov.phase.name)}** "
    f"({fmt_date(ov.phase.start_date)} to {fmt_date(ov.phase.end_date)})"
    if ov.phase
    else "No transition phases recorded yet."
)
leader = md(f"{ov.departing_leader}, {ov.departing_leader_title}") if ov.departing_leader else "—"
st.markdown(f"As of **{fmt_date(ov.today)}** · Departing: {leader} · {phase_line}")
if ov.demo:
    demo_notice()
if missing := read(getting_started, actor):
    with st.container(border=True):
        st.markdown(
            "**Getting started.** Nothing is wrong: these are not recorded yet, so their "
            "lights read *No data* until they are."
        )
        for item in missing:
            if path := page_path(actor, item.page_key):
                st.page_link(path, label=item.what, icon=":material/arrow_forward:")
            else:
                st.markdown(f"- {item.what} (ask the administrator or the CEO)")

attention_box(board.attention, actor)

context = st.columns([1, 1, 2], gap="medium", vertical_alignment="center")
with context[0]:
    st.metric(
        "Days to planned handover",
        "—" if ov.days_to_handover is None else f"{ov.days_to_handover:,}",
        help=f"Handover {fmt_date(ov.planned_handover_date)}; "
        f"{fmt_pct(ov.transition_elapsed_share)} of the transition's time has passed.",
        border=True,
    )
with context[1]:
    st.metric(
        "Current phase",
        f"{ov.phase.position} of {ov.phase.phases_total}" if ov.phase else "—",
        help=f"{ov.phase.name}, ends {fmt_date(ov.phase.end_date)}" if ov.phase else None,
        border=True,
    )
with context[2]:
    presenter = page_path(actor, "presenter")
    if presenter:
        st.page_link(
            presenter,
            label="Present on the shared screen (privacy mode on)",
            icon=":material/co_present:",
            query_params={"present": "1"},
        )
    meetings = page_path(actor, "meetings")
    if meetings:
        st.page_link(meetings, label="Board meetings and action items", icon=":material/groups:")

due_this_week_box(actor, today)

st.subheader("Scorecard")
st.caption(areas_note(card))
scorecard_grid(card, actor)
index_explainer(card, actor)

m, c, r = ov.milestones, ov.checklist, ov.readiness
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Work done against time elapsed")
    # HTML, not plotly: two plotly charts were most of this page's time in the browser.
    st.html(
        progress_bars_html(
            [
                ("Milestones done", m.done_share),
                ("Exit checklist done", c.done_share),
                ("Authority transfers done", c.authority_done_share),
            ],
            marker=ov.transition_elapsed_share,
            marker_label=f"Time elapsed {fmt_pct(ov.transition_elapsed_share)}",
        )
    )
with right:
    st.subheader("Emerging leaders by readiness")
    counts = {
        "Ready now": r.ready_now,
        "Ready in 1-2 years": r.ready_1_2_years,
        "Ready in 3+ years": r.ready_3_plus_years,
    }
    if r.not_rated:
        counts["Not rated"] = r.not_rated
    st.html(readiness_bars_html(counts))

if can(actor.role, "meetings.read"):
    st.subheader("Since the last board meeting")
    digest_block(board.digest, actor, limit=5)

    actions = read(open_action_items, actor, as_of=today)
    st.subheader(f"Open action items ({len(actions)})")
    if actions:
        overdue = sum(1 for a in actions if a.overdue)
        more = len(actions) - ACTIONS_SHOWN
        st.caption(
            "Open items carry over to every later meeting until they are closed."
            + (f" {overdue} overdue." if overdue else "")
            + (
                f" The {ACTIONS_SHOWN} due soonest; {more} more on Board meetings."
                if more > 0
                else ""
            )
        )
        # The soonest due, as plain text for the shared screen (the whole list is on Board
        # meetings, as in presenter mode).
        data_table(actions_frame(actions[:ACTIONS_SHOWN]), static=True)
    else:
        st.caption("No open action items.")

if can(actor.role, "packet.export"):
    from ui.board import packet_section

    packet_section(actor, today)
