"""The re-baseline form (board and admin) and the record of why dates moved, for the timeline.

Approved dates move only here (issue 22): the form asks for the new dates, the reason and the
board meeting or resolution the decision rests on, and confirms right under itself."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gfj_core.formatting import date_input_format, fmt_date
from gfj_core.schemas.transition import MilestoneRebaseline, TimelineView
from gfj_core.services.timeline import (
    milestone_date_changes,
    rebaseline_meetings,
    rebaseline_milestone,
)
from ui.data import read
from ui.forms import (
    form_values,
    pick_record,
    record_form,
    save_record,
    show_confirmation,
    show_field_problem,
)
from ui.widgets import data_table

# US style for typing dates, as the organisation reads them (issue 22, item 6's direction).


def rebaseline_panel(view: TimelineView, actor) -> None:
    """Board and admin: move a milestone's approved dates, with the reason and its basis."""
    if not view.can_rebaseline or not view.milestones:
        return
    by_id = {m.id: m for m in view.milestones}
    meetings = read(rebaseline_meetings, actor)
    with st.expander("Re-baseline a milestone (board decision)", icon=":material/gavel:"):
        st.caption(
            "The approved dates change only by the board's decision: give the new dates, why, "
            "and the board meeting or resolution it rests on. The change is listed in "
            "“since the last board meeting”."
        )
        m = pick_record(
            "Milestone",
            by_id,
            format_func=lambda r: f"{r.title} (approved finish {fmt_date(r.baseline_finish)})",
            key="rb_pick",
        )
        prefix = f"rb_{m.id}_"
        errors = record_form(
            prefix, {"baseline_start": m.baseline_start, "baseline_finish": m.forecast_finish}
        )
        with st.form(f"rb_form_{m.id}", border=True):
            a, b = st.columns(2)
            with a:
                st.date_input(
                    "New approved start", key=prefix + "baseline_start", format=date_input_format()
                )
            with b:
                st.date_input(
                    "New approved finish",
                    key=prefix + "baseline_finish",
                    format=date_input_format(),
                )
                show_field_problem(errors, "baseline_finish")
            st.text_input("Why the approved dates move", key=prefix + "reason")
            show_field_problem(errors, "reason")
            a, b = st.columns(2)
            with a:
                st.selectbox(
                    "Board meeting that decided it",
                    [None, *meetings],
                    format_func=lambda i: "— not recorded here —" if i is None else meetings[i],
                    key=prefix + "board_meeting_id",
                )
                show_field_problem(errors, "board_meeting_id")
            with b:
                st.text_input(
                    "Or the resolution or minutes",
                    key=prefix + "resolution",
                    placeholder="e.g. Resolution 2026-14",
                )
            show_field_problem(errors, "form")
            submitted = st.form_submit_button("Re-baseline", type="primary")
        if submitted:
            save_record(
                prefix,
                lambda: MilestoneRebaseline(
                    **form_values(
                        prefix,
                        [
                            "baseline_start",
                            "baseline_finish",
                            "reason",
                            "board_meeting_id",
                            "resolution",
                        ],
                    )
                ),
                rebaseline_milestone,
                actor,
                data_arg="data",
                confirm_key="rb_saved",
                confirm=lambda data: (
                    f"Re-baselined “{m.title}”: approved finish now "
                    f"{fmt_date(data.baseline_finish)}."
                ),
                milestone_id=m.id,
                expected_version=m.version,
            )
        show_confirmation("rb_saved")


def date_changes_table(actor) -> None:
    """Every recorded re-baseline and later forecast, newest first, with its reason."""
    changes = read(milestone_date_changes, actor)
    label = f"Why dates moved ({len(changes)})" if changes else "Why dates moved"
    with st.expander(label, icon=":material/history:"):
        if not changes:
            st.markdown("No approved date has been re-baselined and no forecast moved later.")
            return
        data_table(
            pd.DataFrame(
                {
                    "When": [fmt_date(c.changed_at.date()) for c in changes],
                    "Milestone": [c.milestone_title for c in changes],
                    "What moved": [
                        "Approved dates (re-baseline)" if c.kind == "rebaseline" else "Forecast"
                        for c in changes
                    ],
                    "Finish": [
                        f"{fmt_date(c.old_finish)} → {fmt_date(c.new_finish)}" for c in changes
                    ],
                    "Why": [c.reason for c in changes],
                    "Rests on": [c.basis or "" for c in changes],
                    "By": [c.changed_by or "" for c in changes],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def days_ago(day, today) -> str:
    n = (today - day).days
    return "today" if n == 0 else f"{n} day{'s' if n != 1 else ''} ago"
