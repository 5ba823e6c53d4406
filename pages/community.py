"""Community engagement: participation in programs and events (new and returning people),
feedback, where and how. Staff record events one by one or import a file of them, correct them
in the table, delete one recorded by mistake; programs are corrected, archived (events and
stories keep them) or, with nothing recorded against them, deleted."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.access import can
from gfj_core.imports.common import template_csv
from gfj_core.imports.events import COLUMNS as EVENT_COLUMNS
from gfj_core.imports.events import TEMPLATE_ROWS as EVENT_TEMPLATE_ROWS
from gfj_core.schemas.evaluation import (
    EVENT_KIND_LABELS,
    STATE_LABELS,
    STATES,
    EventChanges,
    EventCreate,
    ProgrammeChanges,
    ProgrammeCreate,
)
from gfj_core.services.community import (
    PERIODS,
    add_programme,
    delete_event,
    delete_programme,
    engagement_figures,
    engagement_summary,
    import_events,
    list_events,
    list_programmes,
    period_bounds,
    record_event,
    save_event_table,
    save_programme_table,
)
from gfj_core.services.surveys import evaluation_context
from ui.charts import show
from ui.data import read
from ui.evaluation import count_bars, fmt_score, participation_chart
from ui.forms import Column, Input, input_form
from ui.guard import require_page
from ui.records import (
    empty_state,
    import_box,
    records_table,
)
from ui.removal import rows_removal
from ui.tiles import tile_row
from ui.widgets import demo_notice, fmt_date, fmt_pct

actor = require_page("community")
can_edit = can(actor.role, "evaluation.write")
today = date.today()
ctx = read(evaluation_context, actor)

st.title("Community engagement")
st.markdown(
    "Who takes part in the programs and events, whether they come back, and what they "
    "thought of it (feedback forms, 1-5)."
)
if ctx.demo:
    demo_notice()
# The two choices sit side by side, and one under the other when the screen is narrow.
filters = st.container(horizontal=True, wrap=True, gap="large")
period = (
    filters.segmented_control(
        "Period", list(PERIODS), format_func=PERIODS.get, default="12m", key="cm_period"
    )
    or "12m"
)
state = (
    filters.segmented_control(
        "State",
        ["all", *STATES],
        format_func=lambda s: "All" if s == "all" else STATE_LABELS[s],
        default="all",
        key="cm_state",
    )
    or "all"
)
start, end = period_bounds(period, today, ctx.transition_start_date)
state_arg = None if state == "all" else state
s = read(engagement_summary, actor, start=start, end=end, state=state_arg)
st.caption(
    f"{fmt_date(start)} to {fmt_date(end)}, compared with the same length of time before "
    f"({fmt_date(s.previous_start)} to {fmt_date(s.previous_end)})."
)
tile_row(engagement_figures(s))

st.subheader("Participation by month")
show(participation_chart(s.trend), key="cm_trend")
for where, (title, rows, key) in zip(
    st.columns(3, gap="large"),
    [
        ("By state", s.by_state, "cm_state_chart"),
        ("By kind of event", s.by_kind, "cm_kind_chart"),
        ("By program", s.by_programme, "cm_prog_chart"),
    ],
    strict=True,
):
    with where:
        st.markdown(f"**{title}**")
        show(
            count_bars([(r.label, r.participants, None) for r in rows], unit="Participants"),
            key=key,
        )

st.subheader("Programs")
records_table(
    "cm_programmes",
    rows=s.by_programme,
    columns=[
        Column("Program", value=lambda r: r.label, width="medium"),
        Column("Events", kind="number", value=lambda r: r.events),
        Column("Participants", kind="number", value=lambda r: r.participants),
        Column("Returning", value=lambda r: fmt_pct(r.returning_share)),
        Column("Feedback (1-5)", value=lambda r: fmt_score(r.feedback_average)),
    ],
)

programmes = read(list_programmes, actor, include_archived=True)
names = {pr.name: pr.name for pr in programmes}
st.subheader("Events")
events = read(list_events, actor, start=start, end=end, state=state_arg, limit=500)
if not events:
    empty_state(
        "No events in this period. "
        + (
            "Record the first one under “Add events” below, or import a file of them."
            if can_edit
            else "Staff record events on this page."
        ),
        icon=":material/event:",
    )
else:
    if can_edit:
        st.caption(
            "Correct any cell and save the table; delete an event recorded by mistake below."
        )
    records_table(
        "cm_events",
        rows=events,
        columns=[
            Column("Date", "held_on", "date", required=True),
            Column("Event", "name", required=True, width="large"),
            Column("Kind", "kind", "choice", EVENT_KIND_LABELS, required=True),
            Column("State", "state", "choice", STATE_LABELS, required=True),
            Column("Program", "programme", "choice", names),
            Column("Participants", "participants", "number", required=True, min_value=0),
            Column("New", "new_participants", "number", required=True, min_value=0),
            Column("Returning", None, "number", value=lambda e: e.returning_participants),
            Column("Feedback (1-5)", "feedback_score", "number", min_value=1, step=0.1),
            Column("Forms", "feedback_count", "number", min_value=0),
            Column("Notes", "notes", width="medium"),
        ],
        editable=can_edit,
        changes=EventChanges,
        save=save_event_table,
        actor=actor,
        noun="event",
        row_name=lambda e: e.name,
        height=420,
    )

if can_edit:
    named = {e.id: f"{e.name} ({fmt_date(e.held_on)})" for e in events}
    rows_removal(
        "cm_del_event", rows=events, name_of=lambda e: named[e.id], service=delete_event,
        actor=actor, what="event", history="community_event", finder="cm_events_find",
    )  # fmt: skip
    active = {pr.name: pr.name for pr in programmes if pr.active}
    st.subheader("Add events")
    input_form(
        "cm_event",
        title="Record one event",
        rows=[
            [Input("name", "Event", max_chars=200)],
            [
                Input("held_on", "Date", "date", value=today, max_value=today),
                Input("kind", "Kind", "choice", EVENT_KIND_LABELS),
            ],
            [
                Input("state", "State", "choice", STATE_LABELS),
                Input("programme", "Program", "choice", {None: "(none)", **active}),
            ],
            [
                Input("participants", "Participants", "int", min_value=0),
                Input("new_participants", "Of whom new", "int", min_value=0),
            ],
            [
                Input(
                    "feedback_score",
                    "Feedback average (1-5, blank if none)",
                    "float",
                    None,
                    min_value=1.0,
                    max_value=5.0,
                ),
                Input("feedback_count", "Feedback forms", "int", min_value=0),
            ],
            [Input("notes", "Notes", "area", max_chars=2000)],
        ],
        schema=EventCreate,
        service=record_event,
        actor=actor,
        confirm=lambda d: f"Saved: {d.name} on {fmt_date(d.held_on)}.",
        button="Save event",
    )
    with st.expander("Import a file of events", icon=":material/upload_file:"):
        import_box(
            "cm_events_file",
            label="Events file",
            intro="A CSV or Excel file, first row: `"
            + "`, `".join(EVENT_COLUMNS)
            + "`. Give new and/or returning participants; programs named for the first time "
            "are added. All rows or none.",
            template=template_csv(EVENT_COLUMNS, EVENT_TEMPLATE_ROWS),
            template_name="events-template.csv",
            service=import_events,
            actor=actor,
            confirm=lambda r: (
                f"Imported {r.events} events ({r.participants:,} participants)."
                + (
                    f" New programs: {', '.join(r.programmes_created)}."
                    if r.programmes_created
                    else ""
                )
            ),
        )

    st.subheader("Manage programs")
    show_archived = st.toggle("Show archived programs", key="cm_show_archived")
    shown = [pr for pr in programmes if pr.active or show_archived]
    if not shown:
        empty_state("No programs yet: add the first one below.", icon=":material/add_circle:")
    else:
        st.caption(
            "Tick Archived to retire a program (its events and stories keep it); untick to "
            "restore it. A program with nothing recorded against it can be deleted."
        )
        records_table(
            "cm_programme_table",
            rows=shown,
            columns=[
                Column("Program", "name", required=True, width="medium"),
                Column("State", "state", "choice", STATE_LABELS),
                Column("What it is", "description", width="large"),
                Column("Events", None, "number", value=lambda r: r.events),
                Column("Stories", None, "number", value=lambda r: r.stories),
                Column("Archived", "archived", "bool", value=lambda r: r.archived),
            ],
            editable=True,
            changes=ProgrammeChanges,
            save=save_programme_table,
            actor=actor,
            noun="program",
            row_name=lambda r: r.name,
        )
    rows_removal(
        "cm_del_programme", rows=shown, name_of=lambda r: r.name, service=delete_programme,
        actor=actor, what="program", history="community_programme",
        blocked=lambda r: f"“{r.name}” has events or stories recorded against it: archive it "
        "instead." if r.events or r.stories else None,
    )  # fmt: skip
    input_form(
        "cm_programme",
        title="Add a program",
        rows=[
            [
                Input("name", "Program name", max_chars=120),
                Input("state", "State", "choice", {None: "—", **STATE_LABELS}),
            ],
            [Input("description", "What it is", "area", max_chars=2000)],
        ],
        schema=ProgrammeCreate,
        service=add_programme,
        actor=actor,
        confirm=lambda d: f"Program added: {d.name}.",
        button="Add program",
    )
