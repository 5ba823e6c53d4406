"""Board overview: where the transition stands, in a few vital numbers."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.services.overview import board_overview
from ui.charts import progress_bars, readiness_bar, show
from ui.data import read
from ui.guard import require_page
from ui.nav import page_path
from ui.widgets import demo_notice, fmt_date, fmt_pct, tile

actor = require_page("overview")
today = date.today()
ov = read(board_overview, actor, today=today)

st.title(f"{ov.organisation_name}: leadership transition")
phase_line = (
    f"Phase {ov.phase.position} of {ov.phase.phases_total}: **{ov.phase.name}** "
    f"({fmt_date(ov.phase.start_date)} to {fmt_date(ov.phase.end_date)})"
    if ov.phase
    else "No transition phases recorded yet."
)
leader = f"{ov.departing_leader}, {ov.departing_leader_title}" if ov.departing_leader else "—"
st.markdown(f"As of **{fmt_date(ov.today)}** · Departing: {leader} · {phase_line}")
if ov.demo:
    demo_notice()

m, c, r = ov.milestones, ov.checklist, ov.readiness
cols = st.columns(5, gap="medium")
with cols[0]:
    tile(
        "Days to planned handover",
        "—" if ov.days_to_handover is None else f"{ov.days_to_handover:,}",
        caption=f"Handover {fmt_date(ov.planned_handover_date)} · "
        f"{fmt_pct(ov.transition_elapsed_share)} of the transition's time has passed",
    )
with cols[1]:
    tile(
        "Current phase",
        f"{ov.phase.position} of {ov.phase.phases_total}" if ov.phase else "—",
        caption=f"**{ov.phase.name}**, ends {fmt_date(ov.phase.end_date)}" if ov.phase else None,
    )
with cols[2]:
    tile(
        "Milestones done",
        f"{m.done} of {m.total}",
        light=ov.lights["milestones"],
        caption=f"{m.late} late · {m.slipped} slipped past the approved date · "
        f"{m.due_next_30_days} due in the next 30 days",
        help="Late: not done and its forecast finish has passed. Slipped: forecast finish later "
        "than the date the board approved.",
        page=page_path(actor, "timeline"),
    )
with cols[3]:
    gap = ov.checklist_pace_gap
    pace = (
        "—"
        if gap is None
        else f"{abs(gap) * 100:.0f} points {'behind' if gap > 0 else 'ahead of'} time elapsed"
    )
    tile(
        "Exit checklist done",
        fmt_pct(c.done_share),
        light=ov.lights["checklist"],
        caption=f"{c.done} of {c.applicable} items · authority transfers "
        f"{c.authority_done} of {c.authority_total} · {pace}",
        help="Share of applicable exit-checklist items marked done, compared with the share of "
        "time elapsed between the transition's start and the planned handover.",
        page=page_path(actor, "checklist"),
    )
with cols[4]:
    tile(
        "Leaders ready now",
        str(r.ready_now),
        light=ov.lights["readiness"],
        caption=f"{r.ready_1_2_years} ready in 1-2 years · {r.ready_3_plus_years} in 3+ years"
        + (f" · {r.not_rated} not rated" if r.not_rated else ""),
        help="Latest readiness rating of each active emerging leader.",
        page=page_path(actor, "leaders"),
    )

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Work done against time elapsed")
    show(
        progress_bars(
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
    show(readiness_bar(counts))
