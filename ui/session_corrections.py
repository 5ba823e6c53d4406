"""Correcting or deleting a logged mentoring session from the leader's profile (issue 15): the
CEO and an administrator any session, at any time; its mentor their own sessions for a current
mentee while the correction window is open (the Log a session page has the same for them).

Private notes are their author's alone: this form never shows them; the author's notes are sent
back unchanged, and anyone else's correction leaves them as they are (the service's rule)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.formatting import date_grid_format, date_input_format, fmt_date
from gfj_core.schemas.leadership import (
    MAX_SESSION_MINUTES,
    MIN_SESSION_MINUTES,
    ActionItemIn,
    SessionRead,
    SessionUpdate,
)
from gfj_core.services.mentoring import STANDARD_TOPICS, remove_session, update_session
from ui.forms import (
    pick_record,
    record_form,
    save_record,
    show_confirmation,
    show_field_problem,
    show_other_problems,
)
from ui.removal import rows_removal
from ui.widgets import choose_many, data_table

FIELDS = ("held_on", "minutes", "topics", "shared_notes", "next_session_on")
DONE = "sc_saved"


def correctable(actor, sessions: list[SessionRead]) -> list[SessionRead]:
    """The sessions this viewer may correct (the service checks it again on save)."""
    if can(actor.role, "sessions.correct_any"):
        return sessions
    if can(actor.role, "sessions.correct"):
        return [s for s in sessions if s.editable_until is not None]
    return []


def _label(s: SessionRead) -> str:
    return f"{fmt_date(s.held_on)} · {s.mentor_name} · {s.minutes} min"


def _actions(frame: pd.DataFrame) -> list[ActionItemIn]:
    out = []
    for _, r in frame.iterrows():
        text = r["Action"]
        if isinstance(text, str) and text.strip():
            due = None if pd.isna(r["Due"]) else pd.Timestamp(r["Due"]).date()
            out.append(ActionItemIn(description=text.strip(), due_on=due, done=bool(r["Done"])))
    return out


def _form(actor, s: SessionRead, today: date) -> None:
    p = f"sc_{s.id}_{s.version}_"
    errors = record_form(
        p, {f: getattr(s, f) for f in FIELDS} | {"shared_notes": s.shared_notes or ""}
    )
    with st.form(f"sc_form_{s.id}", border=True, enter_to_submit=False):
        a, b = st.columns(2)
        a.date_input("Date held", key=p + "held_on", format=date_input_format())
        with a:
            show_field_problem(errors, "held_on")
        b.number_input(
            "Minutes",
            min_value=MIN_SESSION_MINUTES,
            max_value=MAX_SESSION_MINUTES,
            step=5,
            key=p + "minutes",
        )
        with b:
            show_field_problem(errors, "minutes")
        choose_many(
            "Topics",
            sorted({*STANDARD_TOPICS, *s.topics}),
            key=p + "topics",
            accept_new_options=True,
            placeholder="Choose or type topics",
        )
        show_field_problem(errors, "topics")
        st.text_area("Notes shared with the leader", key=p + "shared_notes", height=110)
        show_field_problem(errors, "shared_notes")
        st.markdown("**Action items**")
        actions = data_table(
            pd.DataFrame(
                {
                    "Action": pd.Series([i.description for i in s.action_items], dtype=str),
                    "Due": pd.Series([i.due_on for i in s.action_items], dtype="datetime64[ns]"),
                    "Done": pd.Series([i.done for i in s.action_items], dtype=bool),
                }
            ),
            key=p + "actions",
            editable=True,
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "Action": st.column_config.TextColumn("Action", required=True, max_chars=300),
                "Due": st.column_config.DateColumn("Due", format=date_grid_format()),
                "Done": st.column_config.CheckboxColumn("Done", default=False),
            },
        )
        show_field_problem(errors, "action_items")
        st.date_input(
            "Next session (optional)", key=p + "next_session_on", format=date_input_format()
        )
        show_field_problem(errors, "next_session_on")
        show_other_problems(errors, [*FIELDS, "action_items"])
        saved = st.form_submit_button("Save the corrected session", type="primary")
    show_confirmation(DONE)
    if saved:
        v = st.session_state
        save_record(
            p,
            lambda: SessionUpdate(
                leader_id=s.leader_id,
                held_on=v[p + "held_on"],
                minutes=int(v[p + "minutes"]),
                topics=list(v[p + "topics"]),
                shared_notes=v[p + "shared_notes"],
                # The author's own notes go back unchanged; nobody else ever holds them.
                private_notes=s.private_notes if s.is_author else None,
                action_items=_actions(actions),
                next_session_on=v[p + "next_session_on"],
            ),
            update_session,
            actor,
            confirm_key=DONE,
            confirm=lambda d: f"Corrected the session of {fmt_date(d.held_on)}.",
            session_id=s.id,
            expected_version=s.version,
            today=today,
        )


def session_corrections(actor, sessions: list[SessionRead], today: date) -> None:
    """Under the profile's sessions: correct one, or delete one logged by mistake."""
    rows = correctable(actor, sessions)
    if not rows:
        show_confirmation("sc_delete_done")  # the last one was just deleted
        return
    with st.expander("Correct a logged session", icon=":material/edit:"):
        if not can(actor.role, "sessions.correct_any"):
            st.caption("Your own sessions, while they can still be corrected.")
        s = pick_record("Session", {r.id: r for r in rows}, key="sc_pick", format_func=_label)
        _form(actor, s, today)
    rows_removal(
        "sc_delete",
        rows=rows,
        name_of=_label,
        service=remove_session,
        actor=actor,
        what="session",
        history="mentoring_session",
        goes_with=lambda r: (
            f"its {len(r.action_items)} action item{'s' if len(r.action_items) != 1 else ''}"
            if r.action_items
            else None
        ),
    )
