"""Transition timeline: milestones against the approved baseline, the chain that drives the
handover date, what is overdue and what is due next; the CEO and admin update the plan here.
The lists are drawn by ui/timeline_lists.py and the editing tabs by ui/timeline_edit.py."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.metrics.plan import (
    handover_caption,
    handover_light,
    late_light,
    schedule_caption,
    slip_caption,
    slipped_light,
)
from gfj_core.services.timeline import (
    gantt_phase_choices,
    listed_counts,
    people_options,
    timeline_view,
)
from ui.charts import show
from ui.data import read
from ui.guard import require_page
from ui.plan_changes import date_changes_table, rebaseline_panel
from ui.tile_grid import figure_tile, tile_grid_row
from ui.timeline_edit import milestone_tab, new_milestone_tab, phases_tab, table_tab
from ui.timeline_lists import all_milestones, driving_chain, due_lists, slips
from ui.transition import gantt
from ui.widgets import demo_notice, fmt_date

actor = require_page("timeline")
today = date.today()
# A plan of more milestones than this keeps what the board acts on (the driving chain, overdue,
# due soon, the largest slips, then the earliest); the counts cover every milestone. The demo's
# 19 all show.
LIMIT = 150
view = read(timeline_view, actor, today=today, limit=LIMIT)
n_late, n_soon, n_slipped = listed_counts(view)
by_id = {m.id: m for m in view.milestones}

st.title("Transition timeline")
st.markdown(
    f"As of **{fmt_date(today)}** · Planned handover **{fmt_date(view.planned_handover_date)}** · "
    f"{len(view.phases)} phases, {view.counts.total} milestones"
    + (
        f" ({view.hidden_from_viewer} internal milestones are not shown to the board)"
        if view.hidden_from_viewer and not view.can_edit
        else ""
    )
)
if view.trimmed:
    st.caption(
        f"Showing the {len(view.milestones)} milestones that matter most now (the chain that "
        f"drives the handover, overdue, due soon, the largest slips, then the earliest); "
        f"{view.trimmed} more are in the counts but not listed."
    )
if view.demo:
    demo_notice()

# --- Headline figures ---------------------------------------------------------------------------
c = view.counts
h = view.handover
tile_grid_row(
    [
        figure_tile(
            "done",
            "Milestones done",
            f"{c.done} of {c.total}",
            area="transition",
            caption=schedule_caption(c),
        ),
        figure_tile(
            "late",
            "Late",
            str(c.late),
            area="transition",
            light=late_light(c.late),
            caption="Not done and the forecast finish has passed.",
        ),
        figure_tile(
            "slipped",
            "Slipped, not late",
            str(c.slipped_not_late),
            area="transition",
            light=slipped_light(c.slipped_not_late),
            caption=slip_caption(c.slipped, max((m.slip_days for m in view.slipped), default=0)),
        ),
        figure_tile(
            "handover",
            "Handover forecast",
            fmt_date(h.forecast_finish) if h else "—",
            area="transition",
            light=handover_light(view.handover_gap_days, view.chain_late) if h else None,
            caption=handover_caption(
                view.handover_gap_days, view.planned_handover_date, view.chain_late
            )
            if h
            else "No milestone is marked as the handover.",
        ),
    ]
)

# --- Gantt ----------------------------------------------------------------------------------------
st.subheader("Baseline against forecast")
choices, default = gantt_phase_choices(view, today)
pick = st.segmented_control("Show", choices, default=default, key="tl_phase_filter")
shown = [m for m in view.milestones if pick in (None, "All phases") or m.phase_name == pick]
if shown:
    show(gantt(view, shown, today=today), key="tl_gantt")
    st.caption(
        "Thin grey bars: the dates the board approved. Coloured bars: today's forecast (the actual "
        "dates once done), each labelled with its status and any slip. Outlined bars, bold names "
        "and thick arrows: the chain of milestones that drives the handover date. Dotted arrows: "
        "other dependencies."
    )
else:
    st.info("No milestones yet." + (" Add the first one below." if view.can_edit else ""))

due_lists(view, n_late, n_soon, today)
slips(view, n_slipped)
driving_chain(view, by_id)
all_milestones(view, by_id)
rebaseline_panel(view, actor)
date_changes_table(actor)

if not view.can_edit:
    st.stop()

# --- Editing (CEO and admin) ---------------------------------------------------------------------
st.divider()
st.header("Update the plan")
person_names = {p.id: p.name for p in read(people_options, actor)}

# Keyed: a save reruns the page and the same tab stays open (issue 22).
tab_one, tab_table, tab_new, tab_phases = st.tabs(
    ["Update a milestone", "Edit in a table", "Add a milestone", "Phases"],
    key="tl_tabs",
    on_change="rerun",
)
with tab_one:
    milestone_tab(view, person_names, actor, today)
with tab_table:
    table_tab(view, person_names, actor, today)
with tab_new:
    new_milestone_tab(view, person_names, actor, today)
with tab_phases:
    phases_tab(view, actor, today)
