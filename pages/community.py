"""Community engagement: participation in programmes and events (new and returning people),
feedback, where and how; staff record events one by one or import a file of them."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_grid_format, date_input_format
from gfj_core.imports.common import template_csv
from gfj_core.imports.events import COLUMNS as EVENT_COLUMNS
from gfj_core.imports.events import TEMPLATE_ROWS as EVENT_TEMPLATE_ROWS
from gfj_core.schemas.evaluation import (
    EVENT_KIND_LABELS,
    EVENT_KINDS,
    STATE_LABELS,
    STATES,
    EventCreate,
    ProgrammeCreate,
)
from gfj_core.services.community import (
    add_programme,
    engagement_summary,
    import_events,
    list_events,
    list_programmes,
    record_event,
    twelve_months_to,
    years_to,
)
from gfj_core.services.surveys import evaluation_context
from ui.charts import show
from ui.data import read, write
from ui.evaluation import count_bars, fmt_score, participation_chart, show_problems
from ui.guard import require_page
from ui.widgets import demo_notice, fmt_date, fmt_pct

actor = require_page("community")
can_edit = can(actor.role, "evaluation.write")
today = date.today()
ctx = read(evaluation_context, actor)

st.title("Community engagement")
st.markdown(
    "Who takes part in the programmes and events, whether they come back, and what they "
    "thought of it (feedback forms, 1-5)."
)
if ctx.demo:
    demo_notice()

done = st.session_state.pop("cm_done", None)
if done:
    st.success(done, icon=":material/task_alt:")

PERIODS = {
    "12m": "Last 12 months",
    "transition": "Since the transition began",
    "24m": "Last 24 months",
}
# The two choices sit side by side, and one under the other when the screen is narrow.
filters = st.container(horizontal=True, wrap=True, gap="large")
c1 = c2 = filters
period = (
    c1.segmented_control(
        "Period", list(PERIODS), format_func=PERIODS.get, default="12m", key="cm_period"
    )
    or "12m"
)
state = (
    c2.segmented_control(
        "State",
        ["all", *STATES],
        format_func=lambda s: "All" if s == "all" else STATE_LABELS[s],
        default="all",
        key="cm_state",
    )
    or "all"
)
if period == "transition" and ctx.transition_start_date:
    start, end = ctx.transition_start_date, today
elif period == "24m":
    start, end = years_to(today, 2)
else:
    start, end = twelve_months_to(today)
state_arg = None if state == "all" else state
s = read(engagement_summary, actor, start=start, end=end, state=state_arg)
t, p = s.totals, s.previous
st.caption(
    f"{fmt_date(start)} to {fmt_date(end)}, compared with the same length of time before "
    f"({fmt_date(s.previous_start)} to {fmt_date(s.previous_end)})."
)


def _delta(now: float | None, before: float | None, *, pct_points: bool = False) -> str | None:
    if now is None or before is None:
        return None
    if pct_points:
        return f"{(now - before) * 100:+.0f} points"
    if not before:
        return None
    return f"{(now - before) / before:+.0%} on the period before"


# Tiles of a fixed width that wrap onto a second row on a laptop screen, so no label is cut.
tiles = st.container(horizontal=True, wrap=True, gap="medium")
cols = [tiles] * 4
with cols[0], st.container(border=True, width=320, height="stretch"):
    st.metric("Participants", f"{t.participants:,}", delta=_delta(t.participants, p.participants))
    st.caption(f"{t.new_participants:,} new · {t.returning_participants:,} returning")
with cols[1], st.container(border=True, width=320, height="stretch"):
    st.metric("Events", f"{t.events:,}", delta=_delta(t.events, p.events))
    st.caption(f"{p.events:,} in the period before")
with cols[2], st.container(border=True, width=320, height="stretch"):
    st.metric(
        "Returning participants",
        fmt_pct(t.returning_share),
        delta=_delta(t.returning_share, p.returning_share, pct_points=True),
        help="Share of participants who had taken part in an earlier event.",
    )
    st.caption("Came back after an earlier event")
with cols[3], st.container(border=True, width=320, height="stretch"):
    st.metric(
        "Feedback (1-5)",
        fmt_score(t.feedback_average),
        delta=None
        if t.feedback_average is None or p.feedback_average is None
        else f"{t.feedback_average - p.feedback_average:+.2f}",
        help="Average of the feedback forms, weighting each event by how many forms it had.",
    )
    st.caption(f"From {t.feedback_forms:,} feedback forms")

st.subheader("Participation by month")
show(participation_chart(s.trend), key="cm_trend")

left, mid, right = st.columns(3, gap="large")
with left:
    st.markdown("**By state**")
    show(
        count_bars([(r.label, r.participants, None) for r in s.by_state], unit="Participants"),
        key="cm_state_chart",
    )
with mid:
    st.markdown("**By kind of event**")
    show(
        count_bars([(r.label, r.participants, None) for r in s.by_kind], unit="Participants"),
        key="cm_kind_chart",
    )
with right:
    st.markdown("**By programme**")
    show(
        count_bars([(r.label, r.participants, None) for r in s.by_programme], unit="Participants"),
        key="cm_prog_chart",
    )

st.subheader("Programmes")
st.dataframe(
    pd.DataFrame(
        [
            {
                "Programme": r.label,
                "Events": r.events,
                "Participants": r.participants,
                "Returning": None if r.returning_share is None else r.returning_share * 100,
                "Feedback (1-5)": fmt_score(r.feedback_average),
            }
            for r in s.by_programme
        ]
    ),
    hide_index=True,
    width="stretch",
    column_config={
        "Events": st.column_config.NumberColumn(format="localized"),
        "Participants": st.column_config.NumberColumn(format="localized"),
        "Returning": st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100),
    },
    key="cm_programmes",
)

st.subheader("Events")
events = read(list_events, actor, start=start, end=end, state=state_arg, limit=500)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Date": e.held_on,
                "Event": e.name,
                "Kind": EVENT_KIND_LABELS.get(e.kind, e.kind),
                "State": e.state,
                "Programme": e.programme or "—",
                "Participants": e.participants,
                "New": e.new_participants,
                "Returning": e.returning_participants,
                "Feedback": "—" if e.feedback_score is None else f"{e.feedback_score:.1f}",
            }
            for e in events
        ]
    ),
    hide_index=True,
    width="stretch",
    height=420,
    column_config={
        "Date": st.column_config.DateColumn(format=date_grid_format()),
        "Event": st.column_config.TextColumn(width="large"),
    },
    key="cm_events",
)

if can_edit:
    programmes = read(list_programmes, actor)
    st.subheader("Add events")
    e1, e2 = st.columns(2, gap="large")
    with e1, st.expander("Record one event", icon=":material/event:"):
        with st.form("cm_event", border=False):
            name = st.text_input("Event", key="cm_ev_name", max_chars=200)
            a, b = st.columns(2)
            held_on = a.date_input(
                "Date", value=today, max_value=today, key="cm_ev_date", format=date_input_format()
            )
            kind = b.selectbox(
                "Kind", EVENT_KINDS, format_func=EVENT_KIND_LABELS.get, key="cm_ev_kind"
            )
            a, b = st.columns(2)
            ev_state = a.selectbox("State", STATES, format_func=STATE_LABELS.get, key="cm_ev_state")
            programme = b.selectbox(
                "Programme",
                [None] + [pr.name for pr in programmes],
                format_func=lambda x: "(none)" if x is None else x,
                key="cm_ev_programme",
            )
            a, b = st.columns(2)
            participants = a.number_input(
                "Participants", min_value=0, step=1, key="cm_ev_participants"
            )
            new = b.number_input("Of whom new", min_value=0, step=1, key="cm_ev_new")
            a, b = st.columns(2)
            score = a.number_input(
                "Feedback average (1-5, blank if none)",
                min_value=1.0,
                max_value=5.0,
                value=None,
                step=0.1,
                key="cm_ev_score",
            )
            forms = b.number_input("Feedback forms", min_value=0, step=1, key="cm_ev_forms")
            notes = st.text_area("Notes", key="cm_ev_notes", max_chars=2000)
            saved = st.form_submit_button("Save event", type="primary")
        if saved:
            try:
                data = EventCreate(
                    name=name,
                    held_on=held_on,
                    kind=kind,
                    state=ev_state,
                    programme=programme,
                    participants=int(participants),
                    new_participants=int(new),
                    feedback_score=score,
                    feedback_count=int(forms),
                    notes=notes,
                )
                result = write(record_event, actor, data=data)
            except ValidationFailed as exc:
                show_problems(exc, key="cm_ev_problems")
            except GfjError as exc:
                st.error(str(exc))
            except ValueError as exc:  # pydantic: a field the form could not catch
                st.error(
                    "The event was not saved: "
                    + "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
                )
            else:
                st.session_state["cm_done"] = (
                    f"Saved: {md(result.name)} on {fmt_date(result.held_on)}."
                )
                st.rerun()
    with e2, st.expander("Import a file of events", icon=":material/upload_file:"):
        st.markdown(
            "A CSV or Excel file, first row: `" + "`, `".join(EVENT_COLUMNS) + "`. "
            "Give new and/or returning participants; programmes named for the first time are "
            "added. All rows or none."
        )
        st.download_button(
            "CSV template",
            template_csv(EVENT_COLUMNS, EVENT_TEMPLATE_ROWS),
            file_name="events-template.csv",
            mime="text/csv",
            icon=":material/download:",
            key="cm_template",
        )
        nonce = st.session_state.setdefault("cm_nonce", 0)
        upload = st.file_uploader("Events file", type=["csv", "xlsx"], key=f"cm_file_{nonce}")
        if upload is not None and st.button("Import events", type="primary", key="cm_import"):
            try:
                result = write(
                    import_events, actor, filename=upload.name, content=upload.getvalue()
                )
            except ValidationFailed as exc:
                show_problems(exc, key="cm_import_problems")
            except GfjError as exc:
                st.error(str(exc))
            else:
                extra = (
                    f" New programmes: {', '.join(result.programmes_created)}."
                    if result.programmes_created
                    else ""
                )
                st.session_state["cm_done"] = (
                    f"Imported {result.events} events ({result.participants:,} participants).{extra}"
                )
                st.session_state["cm_nonce"] = nonce + 1
                st.rerun()
    with st.expander("Add a programme", icon=":material/add_circle:"):
        with st.form("cm_programme", border=False):
            a, b = st.columns([3, 1])
            pname = a.text_input("Programme name", key="cm_pr_name", max_chars=120)
            pstate = b.selectbox(
                "State",
                [None, *STATES],
                format_func=lambda x: "—" if x is None else STATE_LABELS[x],
                key="cm_pr_state",
            )
            pdesc = st.text_area("What it is", key="cm_pr_desc", max_chars=2000)
            padd = st.form_submit_button("Add programme")
        if padd:
            try:
                pr = write(
                    add_programme,
                    actor,
                    data=ProgrammeCreate(name=pname, state=pstate, description=pdesc or None),
                )
            except ValidationFailed as exc:
                show_problems(exc, key="cm_pr_problems")
            except ValueError:
                st.error("Give the programme a name.")
            else:
                st.session_state["cm_done"] = f"Programme added: {md(pr.name)}."
                st.rerun()
