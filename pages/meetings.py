"""Board meetings: the next meeting and what carries over to it, open action items, board
engagement, past meetings, and (for the board, the CEO and the admin) recording a meeting."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.formatting import date_grid_format, date_input_format
from gfj_core.schemas.board import (
    KIND_LABELS,
    ActionItemCreate,
    ActionItemUpdate,
    DecisionCreate,
    MeetingCreate,
)
from gfj_core.services.board_meetings import (
    carry_over_line,
    meeting_detail,
    meetings_book,
    people_choices,
    record_meeting,
    update_action_item,
)
from gfj_core.services.calendar_feed import meeting_ics
from ui.board import (
    actions_frame,
    engagement_figure,
    engagement_summary_line,
    md,
    wrap_metric_labels,
)
from ui.charts import show
from ui.data import read, write
from ui.guard import require_page
from ui.widgets import choose_many, demo_notice, fmt_date, fmt_pct

actor = require_page("meetings")
wrap_metric_labels()
today = date.today()
may_write = can(actor.role, "meetings.write")
book = read(meetings_book, actor, today=today)
people = read(people_choices, actor)
name_of = {p.id: p.name for p in people}

st.title("Board meetings")
st.caption(
    "Meetings of the board and its succession committee: who came, what was decided, and the "
    "action items, which carry over to every later meeting of the same body until closed."
)
if st.session_state.get("meetings_flash"):
    st.success(st.session_state.pop("meetings_flash"))

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
            f"in {(nxt.held_on - today).days} days"
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

# --- Open action items -------------------------------------------------------------------------
st.subheader(f"Open action items ({len(book.open_actions)})")
if not book.open_actions:
    st.caption("No open action items.")
elif may_write:
    st.caption("Change a status to done or dropped and save; closing stamps today's date.")
    frame = actions_frame(book.open_actions, with_status=True)
    edited = st.data_editor(
        frame,
        key="actions_editor",
        hide_index=True,
        width="stretch",
        disabled=[c for c in frame.columns if c != "Status"],
        column_config={
            "Status": st.column_config.SelectboxColumn(
                "Status", options=["open", "done", "dropped"], required=True
            )
        },
    )
    if st.button("Save action items", icon=":material/save:", key="save_actions"):
        changed = [
            (item, edited.iloc[i]["Status"])
            for i, item in enumerate(book.open_actions)
            if edited.iloc[i]["Status"] != item.status
        ]
        try:
            for item, status in changed:
                write(
                    update_action_item,
                    actor,
                    item_id=item.id,
                    data=ActionItemUpdate(status=status, expected_version=item.version),
                    today=today,
                )
        except GfjError as exc:
            st.error(str(exc))
        else:
            st.session_state.pop("actions_editor", None)
            st.session_state["meetings_flash"] = (
                f"{len(changed)} action item{'s' if len(changed) != 1 else ''} updated."
                if changed
                else "Nothing changed."
            )
            st.rerun()
else:
    st.dataframe(actions_frame(book.open_actions), hide_index=True, width="stretch")

# --- Attendance --------------------------------------------------------------------------------
if book.engagement.points:
    st.subheader("Attendance by meeting")
    show(engagement_figure(book.engagement.points), key="attendance_chart")

# --- Past meetings -----------------------------------------------------------------------------
held = [m for m in book.meetings if m.status == "held"]
st.subheader("Meeting record")
if not held:
    st.caption("No meeting recorded yet.")
else:
    labels = {m.id: f"{fmt_date(m.held_on)} · {m.title}" for m in held}
    chosen = st.selectbox(
        "Meeting", list(labels), format_func=labels.get, key="meeting_choice", index=0
    )
    m = read(meeting_detail, actor, meeting_id=chosen, today=today)
    cols = st.columns([2, 3], gap="large")
    with cols[0]:
        st.markdown(f"**{KIND_LABELS[m.kind]}**, {fmt_date(m.held_on)}")
        st.markdown(f"Attendance: **{m.present} of {m.invited}** ({fmt_pct(m.attendance_rate)})")
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
        if m.raised:
            st.dataframe(
                actions_frame(m.raised, with_status=True), hide_index=True, width="stretch"
            )
        else:
            st.caption("None.")
        if m.carried_in:
            st.markdown(f"**Carried over into this meeting ({len(m.carried_in)})**")
            st.dataframe(
                actions_frame(m.carried_in, with_status=True), hide_index=True, width="stretch"
            )

# --- Record or schedule a meeting --------------------------------------------------------------
if may_write:
    st.subheader("Record or schedule a meeting")
    board_ids = [p.id for p in people if p.board_role]
    with st.form("record_meeting", border=True):
        c1, c2, c3 = st.columns([1, 1, 2])
        kind = c1.selectbox("Body", list(KIND_LABELS), format_func=KIND_LABELS.get, key="rm_kind")
        status = c2.selectbox(
            "Record as",
            ["held", "scheduled"],
            format_func={"held": "Held (minutes)", "scheduled": "Scheduled"}.get,
            key="rm_status",
        )
        held_on = c1.date_input("Date", value=today, key="rm_date", format=date_input_format())
        title = c3.text_input("Title", key="rm_title", placeholder="Board meeting, December 2026")
        invited = choose_many(
            "Invited",
            list(name_of),
            default=board_ids,
            format_func=name_of.get,
            key="rm_invited",
        )
        attended = choose_many(
            "Attended (held meetings)",
            list(name_of),
            format_func=name_of.get,
            key="rm_attended",
            help="Anyone here who was not invited is added to the invited list.",
        )
        agenda = st.text_area("Agenda (one item per line)", key="rm_agenda")
        decisions = st.text_area(
            "Decisions (one per line; start with a reference in square brackets if it has one, "
            "e.g. [Resolution 2026-09] ...)",
            key="rm_decisions",
        )
        st.markdown("New action items")
        new_actions = st.data_editor(
            pd.DataFrame(
                {
                    "Action": pd.Series(dtype=str),
                    "Owner": pd.Series(dtype=str),
                    "Due": pd.Series(dtype="datetime64[ns]"),
                }
            ),
            key="rm_actions",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "Action": st.column_config.TextColumn("Action", required=True, max_chars=240),
                "Owner": st.column_config.SelectboxColumn(
                    "Owner", options=[p.name for p in people]
                ),
                "Due": st.column_config.DateColumn("Due", format=date_grid_format()),
            },
        )
        submitted = st.form_submit_button("Save the meeting", type="primary")
    if submitted:
        id_of = {p.name: p.id for p in people}
        decision_rows = []
        for line in (decisions or "").splitlines():
            line = line.strip()
            if not line:
                continue
            ref = None
            if line.startswith("[") and "]" in line:
                ref, line = line[1 : line.index("]")].strip(), line[line.index("]") + 1 :].strip()
            decision_rows.append({"text": line, "reference": ref or None})
        action_rows = [
            {
                "title": str(r["Action"]).strip(),
                "owner_person_id": id_of.get(r["Owner"]) if isinstance(r["Owner"], str) else None,
                "due_date": None if pd.isna(r["Due"]) else pd.Timestamp(r["Due"]).date(),
            }
            for _, r in new_actions.iterrows()
            if isinstance(r["Action"], str) and r["Action"].strip()
        ]
        try:
            data = MeetingCreate(
                held_on=held_on,
                kind=kind,
                title=title,
                status=status,
                agenda=(agenda or "").splitlines(),
                invited_person_ids=invited,
                attended_person_ids=attended,
                decisions=[DecisionCreate(**d) for d in decision_rows],
                actions=[ActionItemCreate(**a) for a in action_rows],
            )
            saved = write(record_meeting, actor, data=data, today=today)
        except ValidationFailed as exc:
            st.error(str(exc))
            for where, message in exc.problems:
                st.markdown(f"- **{md(where)}**: {md(message)}")
        except GfjError as exc:
            st.error(str(exc))
        except ValueError as exc:  # pydantic: a field too short or missing
            errors = getattr(exc, "errors", lambda: [])()
            st.error("The meeting was not saved.")
            for err in errors:
                where = ".".join(str(x) for x in err.get("loc", ()))
                st.markdown(f"- **{md(where or 'form')}**: {md(err.get('msg', ''))}")
        else:
            st.session_state["meetings_flash"] = (
                f"Saved: {md(saved.title)} ({fmt_date(saved.held_on)}), "
                f"{len(saved.raised)} new action items, {len(saved.carried_in)} carried over."
            )
            st.rerun()
