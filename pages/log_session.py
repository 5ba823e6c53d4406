"""Log a session: a mentor (or the CEO) records a mentoring session in under a minute, on a
laptop or a phone. Only their own mentees; today and the last mentee as defaults; problems shown
next to the field with everything typed kept; sessions correctable for 7 days."""

from __future__ import annotations

from datetime import date

import streamlit as st
from pydantic import ValidationError

from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.metrics.leadership import CORRECTION_WINDOW_DAYS
from gfj_core.schemas.leadership import (
    ActionItemDone,
    SessionCreate,
    SessionUpdate,
    problems_from,
)
from gfj_core.services.mentoring import (
    delete_session,
    record_session,
    session_form_context,
    update_action_items,
    update_session,
)
from ui.data import read, write
from ui.forms import show_confirmation
from ui.guard import require_page
from ui.leadership import (
    add_action_slot,
    session_form_fields,
    start_new_round,
)
from ui.widgets import fmt_date

actor = require_page("log_session")
today = date.today()
NEW = "ls_"
FIELDS = ("leader", "date", "minutes", "topics", "shared", "private", "actions", "next")


def _seed(prefix: str, values: dict) -> None:
    """Give the form's widgets their starting values once; after that they keep what was typed."""
    for name, value in values.items():
        st.session_state.setdefault(prefix + name, value)


def _clear(prefix: str) -> None:
    for name in (*FIELDS, "actions_base", "errors", "version"):
        st.session_state.pop(prefix + name, None)
    start_new_round(prefix)


def _collect(values: dict, model):
    """The form's values as a schema, or the problems keyed by field."""
    try:
        actions = values["actions"]
        return model(
            leader_id=values["leader_id"],
            held_on=values["held_on"],
            minutes=int(values["minutes"]),
            topics=list(values["topics"]),
            shared_notes=values["shared_notes"],
            private_notes=values["private_notes"],
            action_items=actions,
            next_session_on=values["next_session_on"],
        ), {}
    except ValidationError as exc:
        return None, dict(problems_from(exc))


ctx = read(session_form_context, actor, today=today)
mentee_ids = {m.leader_id for m in ctx.mentees}

st.title("Log a session")
st.caption(
    f"Your mentees only. You can correct or delete a session for {CORRECTION_WINDOW_DAYS} days "
    "after logging it. Private notes are seen by you alone."
)
show_confirmation("ls_flash", toast=True)
if not ctx.mentees:
    st.info("You have no mentees assigned yet. The CEO or an administrator assigns mentors.")
    st.stop()

if st.session_state.get(NEW + "leader") not in mentee_ids:
    st.session_state.pop(NEW + "leader", None)
_seed(
    NEW,
    {
        "leader": ctx.default_leader_id,
        "date": today,
        "minutes": 60,
        "topics": [],
        "shared": "",
        "private": "",
        "next": None,
    },
)

form_col, side_col = st.columns([3, 2], gap="large")
with form_col:
    errors: dict[str, str] = st.session_state.get(NEW + "errors", {})
    if errors:
        st.error(
            "The session was not saved: please fix the marked fields. Everything you typed is "
            "still here.",
            icon=":material/error:",
        )
    with st.form("log_session", border=True, enter_to_submit=False):
        values = session_form_fields(
            NEW, mentees=ctx.mentees, topics=ctx.topic_suggestions, errors=errors
        )
        submitted = st.form_submit_button(
            "Save session", type="primary", icon=":material/save:", width="stretch"
        )
    if values["add_action"]:
        add_action_slot(NEW)
        st.rerun()
    if submitted:
        data, problems = _collect(values, SessionCreate)
        if data is not None:
            try:
                saved = write(record_session, actor, data=data, today=today)
            except ValidationFailed as exc:
                problems = dict(exc.problems) or {"form": str(exc)}
            except GfjError as exc:
                problems = {"form": str(exc)}
            else:
                _clear(NEW)
                st.session_state[NEW + "leader"] = saved.leader_id
                n = len(saved.action_items)
                st.session_state["ls_flash"] = (
                    f"Saved: {saved.minutes}-minute session with {md(saved.leader_name)} on "
                    f"{fmt_date(saved.held_on)}"
                    + (f", {n} action item{'s' if n != 1 else ''}" if n else "")
                    + "."
                )
                st.rerun()
        st.session_state[NEW + "errors"] = problems
        st.rerun()

with side_col:
    st.subheader("Open action items")
    if not ctx.open_action_items:
        st.caption("None: every action from your sessions is done.")
    else:
        items = {i.id: i for i in ctx.open_action_items}
        # A checklist, not a table: the whole action, whose it is and when it is due stay
        # readable in a narrow column and on a phone.
        with st.form("ls_open_items", border=True, enter_to_submit=False):
            ticked = []
            for i in ctx.open_action_items:
                if st.checkbox(i.description, key=f"ls_done_{i.id}"):
                    ticked.append(i.id)
                due = (
                    (":orange[⚠ overdue] · " if i.overdue else "") + f"due {fmt_date(i.due_on)}"
                    if i.due_on
                    else "no due date"
                )
                st.caption(f"{md(i.leader_name)} · {due}")
            mark = st.form_submit_button("Mark ticked actions done", icon=":material/done_all:")
        if mark:
            if not ticked:
                st.warning("Tick the actions that are done first.", icon=":material/info:")
            else:
                try:
                    write(
                        update_action_items,
                        actor,
                        changes=[
                            ActionItemDone(id=i, done=True, expected_version=items[i].version)
                            for i in ticked
                        ],
                        today=today,
                    )
                except GfjError as exc:
                    st.error(str(exc), icon=":material/error:")
                else:
                    for i in ticked:
                        st.session_state.pop(f"ls_done_{i}", None)
                    st.session_state["ls_flash"] = (
                        f"{len(ticked)} action item{'s' if len(ticked) != 1 else ''} marked done."
                    )
                    st.rerun()

    st.subheader("Your recent sessions")
    if not ctx.recent_own_sessions:
        st.caption(f"Sessions you log can be corrected here for {CORRECTION_WINDOW_DAYS} days.")
    for s in ctx.recent_own_sessions:
        prefix = f"ed{s.id}_"
        label = (
            f"{s.leader_name} · {fmt_date(s.held_on)} · editable until {fmt_date(s.editable_until)}"
        )
        with st.expander(label, icon=":material/edit:"):
            if st.session_state.get(prefix + "version") != s.version:
                _clear(prefix)  # first open, or the session changed since: load it afresh
                st.session_state[prefix + "version"] = s.version
                st.session_state[prefix + "actions_base"] = [
                    {"description": i.description, "due_on": i.due_on, "done": i.done}
                    for i in s.action_items
                ]
            _seed(
                prefix,
                {
                    "leader": s.leader_id,
                    "date": s.held_on,
                    "minutes": s.minutes,
                    "topics": s.topics,
                    "shared": s.shared_notes or "",
                    "private": s.private_notes or "",
                    "next": s.next_session_on,
                },
            )
            edit_errors = st.session_state.get(prefix + "errors", {})
            with st.form(f"edit_session_{s.id}", border=False, enter_to_submit=False):
                edit_values = session_form_fields(
                    prefix,
                    mentees=ctx.mentees,
                    topics=sorted({*ctx.topic_suggestions, *s.topics}),
                    errors=edit_errors,
                )
                save_edit = st.form_submit_button("Save correction", type="primary")
            if edit_values["add_action"]:
                add_action_slot(prefix)
                st.rerun()
            if save_edit:
                data, problems = _collect(edit_values, SessionUpdate)
                if data is not None:
                    try:
                        write(
                            update_session,
                            actor,
                            session_id=s.id,
                            data=data,
                            expected_version=st.session_state[prefix + "version"],
                            today=today,
                        )
                    except ValidationFailed as exc:
                        problems = dict(exc.problems) or {"form": str(exc)}
                    except GfjError as exc:
                        problems = {"form": str(exc)}
                    else:
                        _clear(prefix)
                        st.session_state["ls_flash"] = (
                            f"Correction saved for {fmt_date(data.held_on)}."
                        )
                        st.rerun()
                st.session_state[prefix + "errors"] = problems
                st.rerun()
            with st.popover("Delete this session", icon=":material/delete:"):
                st.markdown("This removes the session and its action items for everyone.")
                if st.button("Yes, delete it", key=f"delete_{s.id}", type="primary"):
                    try:
                        write(
                            delete_session,
                            actor,
                            session_id=s.id,
                            expected_version=s.version,
                            today=today,
                        )
                    except GfjError as exc:
                        st.error(str(exc))
                    else:
                        _clear(prefix)
                        st.session_state["ls_flash"] = (
                            f"Deleted the session with {md(s.leader_name)} on {fmt_date(s.held_on)}."
                        )
                        st.rerun()
