"""Board meetings: the next meeting and what carries over to it, open action items, board
engagement, past meetings, and (for the board, the CEO and the admin) recording a meeting."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.access import can
from gfj_core.formatting import days_away
from gfj_core.schemas.board import KIND_LABELS
from gfj_core.services.board_meetings import (
    carry_over_line,
    meeting_detail,
    meetings_book,
    people_choices,
)
from gfj_core.services.calendar_feed import meeting_ics
from ui.board import (
    actions_frame,
    engagement_figure,
    engagement_summary_line,
    md,
)
from ui.charts import show
from ui.data import read
from ui.finder import narrow_codes
from ui.forms import show_confirmation
from ui.guard import require_page
from ui.meeting_forms import (
    action_history,
    action_items_editor,
    add_action_form,
    correct_meeting_form,
    person_words,
    record_meeting_form,
)
from ui.meeting_lifecycle import manage_meetings, upcoming_and_cancelled
from ui.widgets import data_table, demo_notice, fmt_date, fmt_pct, lazy_tabs

actor = require_page("meetings")
today = date.today()
may_write = can(actor.role, "meetings.write")
book = read(meetings_book, actor, today=today)
people = read(people_choices, actor)
who = person_words(people)  # id -> the name shown, worked out once for every form below

st.title("Board meetings")
st.caption(
    "Meetings of the board and its succession committee: who came, what was decided, and the "
    "action items, which carry over to every later meeting of the same body until closed."
)
show_confirmation("meetings_flash")

# --- The next meeting and the last one ---------------------------------------------------------
nxt, last = book.next_scheduled, book.last_held
left, right = st.columns(2, gap="large")
with left, st.container(border=True):
    st.markdown("**Next meeting**")
    if nxt is None:
        st.markdown("None scheduled.")
    else:
        detail = read(meeting_detail, actor, meeting_id=nxt.id, today=today)
        st.markdown(
            f"### {md(nxt.title)}\n{fmt_date(nxt.held_on)} · {KIND_LABELS[nxt.kind]} · "
            f"{days_away((nxt.held_on - today).days)}"
        )
        if detail.agenda:
            st.markdown("\n".join(f"{i}. {md(a)}" for i, a in enumerate(detail.agenda, 1)))
        st.markdown(carry_over_line(len(detail.carried_in), len(book.open_actions), nxt.kind))
        st.download_button(
            "Add to calendar (.ics)",
            data=read(meeting_ics, actor, meeting_id=nxt.id),
            file_name=f"{nxt.held_on.isoformat()}-{nxt.kind}.ics",
            mime="text/calendar",
            icon=":material/event:",
            key="next_meeting_ics",
        )
with right, st.container(border=True):
    st.markdown("**Board engagement (last 12 months)**")
    e = book.engagement
    a, b, c = st.columns(3)
    a.metric("Board attendance", fmt_pct(e.board_attendance_rate))
    b.metric("Committee participation", fmt_pct(e.committee_participation_rate))
    c.metric(
        "Board members in committee work",
        f"{e.board_members_in_committee_work} of {e.board_members}",
    )
    st.caption(engagement_summary_line(e))
if book.demo:
    demo_notice()


def action_items() -> None:
    st.subheader(f"Open action items ({len(book.open_actions)})")
    if not book.open_actions:
        st.caption(
            "No open action items."
            + (
                " Add one below, or with the next meeting you record."
                if may_write and book.last_held
                else " They are agreed at a meeting you record on the tab Record or schedule a "
                "meeting."
                if may_write
                else ""
            )
        )
    elif may_write:
        action_items_editor(actor, book.open_actions, who, today)
    else:
        data_table(actions_frame(book.open_actions), hide_index=True, width="stretch")
    if may_write and book.last_held is not None:
        add_action_form(actor, who, today)
    if may_write:
        action_history(actor, book.open_actions)


def attendance() -> None:
    st.subheader("Attendance by meeting")
    if book.engagement.points:
        show(engagement_figure(book.engagement.points), key="attendance_chart")
    else:
        st.caption("No meeting in the last 12 months has its attendance recorded yet.")


def meeting_record() -> None:
    held = [m for m in book.meetings if m.status == "held"]
    st.subheader("Meeting record")
    if not held:
        st.caption(
            "No meeting recorded yet."
            + (
                " Record the first one on the tab Record or schedule a meeting."
                if may_write
                else ""
            )
        )
    else:
        by_id = {m.id: m for m in held}
        labels = narrow_codes(
            "meeting_find",
            list(by_id),
            lambda i: f"{fmt_date(by_id[i].held_on)} · {by_id[i].title}",
            label="Find a meeting",
            noun="meetings",
            keep=[st.session_state.get("meeting_choice")],
        )
        chosen = st.selectbox(
            "Meeting", list(labels), format_func=labels.get, key="meeting_choice", index=0
        )
        m = read(meeting_detail, actor, meeting_id=chosen, today=today)
        cols = st.columns([2, 3], gap="large")
        with cols[0]:
            st.markdown(f"**{KIND_LABELS[m.kind]}**, {fmt_date(m.held_on)}")
            st.markdown(
                f"Attendance: **{m.present} of {m.invited}** ({fmt_pct(m.attendance_rate)})"
            )
            present = [a.name for a in m.attendees if a.attended]
            absent = [a.name for a in m.attendees if not a.attended]
            st.markdown("Present: " + (", ".join(md(n) for n in present) or "—"))
            st.markdown("Absent: " + (", ".join(md(n) for n in absent) or "nobody"))
            if m.agenda:
                st.markdown("**Agenda**\n\n" + "\n".join(f"1. {md(a)}" for a in m.agenda))
        with cols[1]:
            st.markdown("**Decisions**")
            if m.decision_list:
                for d in m.decision_list:
                    ref = f"**{md(d.reference)}**: " if d.reference else ""
                    st.markdown(f"- {ref}{md(d.text)}")
            else:
                st.caption("No decisions recorded.")
            st.markdown("**Action items raised**")
            # Plain tables: a meeting's few items read whole, every column in view (a grid cut
            # off the Status column in this half-width column).
            if m.raised:
                data_table(actions_frame(m.raised, with_status=True), static=True)
            else:
                st.caption("None.")
            if m.carried_in:
                st.markdown(f"**Carried over into this meeting ({len(m.carried_in)})**")
                data_table(actions_frame(m.carried_in, with_status=True), static=True)
        if may_write:
            correct_meeting_form(actor, m, who, today)


def upcoming() -> None:
    st.subheader("Scheduled and cancelled meetings")
    upcoming_and_cancelled(book.meetings, today)
    if may_write:
        manage_meetings(actor, book.meetings, today)


def record_or_schedule() -> None:
    st.subheader("Record or schedule a meeting")
    record_meeting_form(actor, people, who, today)


# Each part is drawn only while its tab is open: the secretary recording action items in the
# meeting does not pay for the attendance chart or the meeting record on every save.
lazy_tabs(
    {
        "Action items": action_items,
        "Meeting record": meeting_record,
        "Attendance": attendance,
        "Upcoming and cancelled": upcoming,
    }
    | ({"Record or schedule a meeting": record_or_schedule} if may_write else {}),
    key="meetings_tab",
    keep={"Record or schedule a meeting"},  # a form half filled in survives a look elsewhere
)
