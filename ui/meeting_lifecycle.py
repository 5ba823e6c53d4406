"""The Board meetings page's upcoming and cancelled meetings (issue 15): everyone who reads
meetings sees the scheduled ones and the cancelled ones (kept, with the reason); whoever writes
meetings reschedules or cancels a scheduled meeting, restores a cancelled one, and deletes a
meeting recorded or scheduled by mistake (only while nothing points at it). Built on ui.forms:
problems next to their field, the input kept on refusal, a confirmation under the form."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_grid_format, date_input_format, fmt_date
from gfj_core.schemas.board import KIND_LABELS, MeetingSummary
from gfj_core.schemas.board_records import MeetingCancel, MeetingReschedule, MeetingRestore
from gfj_core.services.meeting_lifecycle import (
    cancel_meeting,
    delete_meeting,
    removable_meetings,
    reschedule_meeting,
    restore_meeting,
)
from ui.data import read
from ui.forms import (
    pick_record,
    record_form,
    save_record,
    show_confirmation,
    show_field_problem,
    show_other_problems,
)
from ui.removal import rows_removal
from ui.widgets import data_table, lazy_expander

STATUS_WORDS = {"scheduled": "Scheduled", "cancelled": "Cancelled", "held": "Held"}
DONE = "ml_saved"


def _label(m) -> str:
    return f"{fmt_date(m.held_on)} · {m.title}"


def upcoming_and_cancelled(meetings: list[MeetingSummary], today: date) -> None:
    """The scheduled meetings still ahead and every cancelled meeting, as a read-only table."""
    rows = [
        m
        for m in meetings
        if m.status == "cancelled" or (m.status == "scheduled" and m.held_on >= today)
    ]
    if not rows:
        st.caption("No meeting is scheduled, and none was cancelled.")
        return
    data_table(
        pd.DataFrame(
            [
                {
                    "Date": m.held_on,
                    "Body": KIND_LABELS[m.kind],
                    "Title": m.title,
                    "Status": STATUS_WORDS[m.status],
                    "Cancelled on": fmt_date(m.cancelled_on) if m.cancelled_on else "",
                    "Reason": m.cancel_reason or "",
                }
                for m in sorted(rows, key=lambda m: m.held_on)
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={"Date": st.column_config.DateColumn(format=date_grid_format())},
    )


def _reschedule_form(actor, m: MeetingSummary, today: date) -> None:
    p = f"ml_move_{m.id}_{m.version}_"
    errors = record_form(p, {"held_on": m.held_on, "title": m.title})
    with st.form(f"ml_move_{m.id}", border=True):
        st.markdown("**Reschedule**")
        a, b = st.columns([1, 2])
        a.date_input("Date", key=p + "held_on", format=date_input_format())
        with a:
            show_field_problem(errors, "held_on")
        b.text_input("Title", key=p + "title", max_chars=160)
        with b:
            show_field_problem(errors, "title")
        show_other_problems(errors, ["held_on", "title"])
        moved = st.form_submit_button("Save the new date and title", type="primary")
    if moved:
        save_record(
            p,
            lambda: MeetingReschedule(
                expected_version=m.version,
                held_on=st.session_state[p + "held_on"],
                title=st.session_state[p + "title"],
            ),
            reschedule_meeting,
            actor,
            confirm_key=DONE,
            confirm=lambda d: f"Rescheduled {md(d.title)} to {fmt_date(d.held_on)}.",
            meeting_id=m.id,
            today=today,
        )


def _cancel_form(actor, m: MeetingSummary, today: date) -> None:
    p = f"ml_cancel_{m.id}_{m.version}_"
    errors = record_form(p, {"reason": ""})
    with st.form(f"ml_cancel_{m.id}", border=True):
        st.markdown("**Cancel this meeting**")
        st.caption(
            "It stays on record as cancelled, with your reason; calendars that hold it are told "
            "it is cancelled. You can restore it while its date is ahead."
        )
        st.text_input("Reason", key=p + "reason", max_chars=500, placeholder="No quorum")
        show_field_problem(errors, "reason")
        show_other_problems(errors, ["reason"])
        cancelled = st.form_submit_button("Cancel the meeting")
    if cancelled:
        save_record(
            p,
            lambda: MeetingCancel(
                expected_version=m.version, reason=st.session_state[p + "reason"]
            ),
            cancel_meeting,
            actor,
            confirm_key=DONE,
            confirm=lambda _d: f"Cancelled {md(m.title)} ({fmt_date(m.held_on)}).",
            meeting_id=m.id,
            today=today,
        )


def _restore_form(actor, m: MeetingSummary, today: date) -> None:
    p = f"ml_restore_{m.id}_{m.version}_"
    errors = record_form(p, {})
    with st.form(f"ml_restore_{m.id}", border=True):
        st.markdown(
            f"Cancelled on {fmt_date(m.cancelled_on)}: {md(m.cancel_reason or 'no reason given')}"
        )
        show_other_problems(errors, [])
        restored = st.form_submit_button("Restore: it takes place after all", type="primary")
    if restored:
        save_record(
            p,
            lambda: MeetingRestore(expected_version=m.version),
            restore_meeting,
            actor,
            confirm_key=DONE,
            confirm=lambda _d: f"Restored {md(m.title)} ({fmt_date(m.held_on)}) as scheduled.",
            meeting_id=m.id,
            today=today,
        )


def manage_meetings(actor, meetings: list[MeetingSummary], today: date) -> None:
    """Reschedule, cancel or restore a meeting; delete one recorded or scheduled by mistake."""
    open_ones = {
        m.id: m
        for m in meetings
        if m.status == "cancelled" or (m.status == "scheduled" and m.held_on >= today)
    }
    with lazy_expander(
        "Reschedule, cancel or restore a meeting", icon=":material/event_busy:", key="ml_open"
    ) as shown:
        if shown:
            if not open_ones:
                st.caption(
                    "No scheduled or cancelled meeting. Schedule one under Record or schedule."
                )
            else:
                m = pick_record(
                    "Meeting",
                    open_ones,
                    key="ml_pick",
                    format_func=lambda m: f"{_label(m)} ({STATUS_WORDS[m.status].lower()})",
                )
                if m.status == "scheduled":
                    _reschedule_form(actor, m, today)
                    _cancel_form(actor, m, today)
                else:
                    _restore_form(actor, m, today)
            show_confirmation(DONE)
    removable = read(removable_meetings, actor)
    rows_removal(
        "ml_delete",
        rows=removable,
        name_of=lambda r: f"{_label(r)} ({STATUS_WORDS[r.status].lower()})",
        service=delete_meeting,
        actor=actor,
        what="meeting",
        history="board_meeting",
        goes_with=lambda r: r.goes_with,
        blocked=lambda r: (
            f"This meeting is kept: {r.kept_because}. Drop or move those first, or cancel "
            "a scheduled meeting instead."
            if r.kept_because
            else None
        ),
    )
