"""Manage the pipeline: the CEO and admin add emerging leaders, retire them (graduated or left,
with a date and a reason) and restore them, assign and end mentorships; they and mentors (for
their own current mentees only) add, edit and close development goals. Nothing is deleted:
sessions and history keep pointing at leaders and mentorships."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.formatting import date_input_format
from gfj_core.schemas.leadership import GOAL_KIND_LABELS
from gfj_core.schemas.pipeline import (
    GOAL_STATUS_WORDS,
    LEADER_STATUS_WORDS,
    GoalCreate,
    GoalRowEdit,
    GoalUpdate,
    LeaderCreate,
    LeaderRowEdit,
    LeaderUpdate,
    MentorshipCreate,
    MentorshipRowEdit,
    MentorshipUpdate,
)
from gfj_core.services.pipeline_admin import (
    add_leader,
    assign_mentor,
    create_goal,
    pipeline_admin,
    save_goal_table,
    save_leader_table,
    save_mentorship_table,
)
from ui.data import read
from ui.forms import Column, edit_table, form_key, form_value, save_form, show_field_problem
from ui.guard import require_page
from ui.history import history_expander
from ui.nav import page_path

actor = require_page("pipeline")
today = date.today()
view = read(pipeline_admin, actor)
DATE = date_input_format()

st.title("Manage the pipeline")
st.markdown(
    "Add emerging leaders, assign their mentors and set their development goals. Graduated and "
    "left leaders leave the active counts and keep their history; ended mentorships keep their "
    "sessions."
    if view.can_manage_leaders
    else "Add and update the development goals of the leaders you mentor."
)
flash = st.session_state.pop("pl_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")


def _errors(prefix: str) -> dict[str, str]:
    return st.session_state.get(prefix + "errors", {})


def _history(entity: str, records: dict[int, str], key: str) -> None:
    """The History panel of one record the viewer picks (every change is audited)."""
    if records:
        pick = st.selectbox("Show the history of", list(records), format_func=records.get, key=key)
        history_expander(entity, pick, actor)


def leaders_tab() -> None:
    if view.leaders:
        st.caption(
            "To retire a leader set the status to Graduated or Left, with the date and the "
            "reason; set it back to Active to restore them. Save the table to keep the changes."
        )
        edit_table(
            "pl_leaders",
            rows=view.leaders,
            columns=[
                Column("Leader", None, width="medium", value=lambda r: r.name),
                Column("Target role", "target_role", required=True, width="medium"),
                Column("Cohort start", "cohort_start", "date", required=True),
                Column("Status", "status", "choice", LEADER_STATUS_WORDS, required=True),
                Column("Graduated / left on", "status_on", "date"),
                Column(
                    "Reason", "status_reason", width="large", value=lambda r: r.status_reason or ""
                ),
                Column("Mentors", None, "number", value=lambda r: r.mentors),
                Column("Open goals", None, "number", value=lambda r: r.open_goals),
            ],
            update=LeaderUpdate,
            row_edit=LeaderRowEdit,
            save=save_leader_table,
            actor=actor,
            saved=lambda n: f"Saved {n} leader(s).",
            button="Save leader changes",
            row_name=lambda r: r.name,
        )
    else:
        st.info("No emerging leaders yet: add the first one below.", icon=":material/person_add:")
    p = "pl_new_leader_"
    people = {x.id: x.name for x in view.people}
    errors = _errors(p)
    with st.form("pl_new_leader", border=True):
        st.markdown("**Add an emerging leader**")
        a, b = st.columns(2)
        with a:
            st.selectbox(
                "From the people directory",
                [None, *people],
                format_func=lambda i: (
                    "— a new person (type the name) —" if i is None else people[i]
                ),
                key=form_key(p, "person_id"),
            )
            show_field_problem(errors, "person_id")
        with b:
            st.text_input("Or a new person's full name", key=form_key(p, "new_person_name"))
            show_field_problem(errors, "new_person_name")
        a, b = st.columns(2)
        with a:
            st.text_input(
                "Target role", key=form_key(p, "target_role"), placeholder="e.g. Program director"
            )
            show_field_problem(errors, "target_role")
        with b:
            st.date_input("Cohort start", value=today, key=form_key(p, "cohort_start"), format=DATE)
        show_field_problem(errors, "form")
        added = st.form_submit_button("Add leader", type="primary")
    if added:
        save_form(
            p,
            lambda: LeaderCreate(
                person_id=form_value(p, "person_id"),
                new_person_name=form_value(p, "new_person_name"),
                target_role=form_value(p, "target_role"),
                cohort_start=form_value(p, "cohort_start"),
            ),
            add_leader,
            actor,
            flash_key="pl_flash",
            flash=lambda d: "Added the emerging leader. Assign a mentor on the Mentorships tab.",
        )
    _history("emerging_leader", {x.id: x.name for x in view.leaders}, "pl_leader_history")


def mentorships_tab() -> None:
    if view.mentorships:
        st.caption(
            "End a mentorship by giving its end date; clear the date to reopen it. The mentor's "
            "pages follow at once."
        )
        edit_table(
            "pl_mentorships",
            rows=view.mentorships,
            columns=[
                Column("Leader", None, width="medium", value=lambda m: m.leader_name),
                Column("Mentor", None, width="medium", value=lambda m: m.mentor_name),
                Column("Started", "started_on", "date", required=True),
                Column("Ended", "ended_on", "date"),
            ],
            update=MentorshipUpdate,
            row_edit=MentorshipRowEdit,
            save=save_mentorship_table,
            actor=actor,
            saved=lambda n: f"Saved {n} mentorship(s).",
            button="Save mentorship changes",
            row_name=lambda m: f"{m.leader_name} with {m.mentor_name}",
        )
    elif view.leaders:
        st.info("No mentorships yet: assign the first mentor below.", icon=":material/handshake:")
    active = {x.id: x.name for x in view.leaders if x.status == "active"}
    mentors = {x.id: x.name for x in view.mentors}
    if not active:
        st.info("Add an emerging leader first (the Leaders tab).")
        return
    if not mentors:
        st.info("Nobody has a mentor account yet: an administrator creates one on My account.")
        return
    p = "pl_assign_"
    errors = _errors(p)
    with st.form("pl_assign", border=True):
        st.markdown("**Assign a mentor**")
        a, b, c = st.columns(3)
        with a:
            st.selectbox(
                "Leader", list(active), format_func=active.get, key=form_key(p, "leader_id")
            )
            show_field_problem(errors, "leader_id")
        with b:
            st.selectbox(
                "Mentor", list(mentors), format_func=mentors.get, key=form_key(p, "mentor")
            )
            show_field_problem(errors, "mentor_person_id")
        with c:
            st.date_input("Starting", value=today, key=form_key(p, "started_on"), format=DATE)
            show_field_problem(errors, "started_on")
        show_field_problem(errors, "form")
        assigned = st.form_submit_button("Assign mentor", type="primary")
    history = {m.id: f"{m.leader_name} with {m.mentor_name}" for m in view.mentorships}
    _history("mentorship", history, "pl_mentorship_history")
    if assigned:
        save_form(
            p,
            lambda: MentorshipCreate(
                leader_id=form_value(p, "leader_id"),
                mentor_person_id=form_value(p, "mentor"),
                started_on=form_value(p, "started_on"),
            ),
            assign_mentor,
            actor,
            flash_key="pl_flash",
            flash=lambda d: f"{mentors[d.mentor_person_id]} now mentors {active[d.leader_id]}.",
        )


def goals_tab() -> None:
    if view.goals:
        st.caption(
            "Close a goal by setting its status to Done or Dropped; set it back to In progress "
            "to reopen it."
        )
        edit_table(
            "pl_goals",
            rows=view.goals,
            columns=[
                Column("Leader", None, width="medium", value=lambda g: g.leader_name),
                Column("Goal", "title", required=True, width="large"),
                Column("Type (70-20-10)", "kind", "choice", GOAL_KIND_LABELS, required=True),
                Column("Target date", "target_date", "date"),
                Column("Progress %", "progress_pct", "number", required=True, min_value=0),
                Column("Status", "status", "choice", GOAL_STATUS_WORDS, required=True),
            ],
            update=GoalUpdate,
            row_edit=GoalRowEdit,
            save=save_goal_table,
            actor=actor,
            saved=lambda n: f"Saved {n} goal(s).",
            button="Save goal changes",
            row_name=lambda g: g.title,
        )
    leaders = {x.id: x.name for x in view.goal_leaders}
    if not leaders:
        st.info(
            "No active leaders to set goals for yet."
            + ("" if view.can_manage_leaders else " The CEO or an administrator assigns mentors.")
        )
        return
    if not view.goals:
        st.info("No development goals yet: add the first one below.", icon=":material/flag:")
    p = "pl_goal_"
    errors = _errors(p)
    with st.form("pl_goal", border=True):
        st.markdown("**Add a development goal**")
        a, b = st.columns([1, 2])
        with a:
            st.selectbox(
                "Leader", list(leaders), format_func=leaders.get, key=form_key(p, "leader_id")
            )
            show_field_problem(errors, "leader_id")
        with b:
            st.text_input(
                "Goal", key=form_key(p, "title"), placeholder="e.g. Lead the spring funder call"
            )
            show_field_problem(errors, "title")
        a, b, c = st.columns(3)
        with a:
            st.selectbox(
                "Type (70-20-10)",
                list(GOAL_KIND_LABELS),
                format_func=GOAL_KIND_LABELS.get,
                key=form_key(p, "kind"),
            )
        with b:
            st.date_input("Target date", value=None, key=form_key(p, "target_date"), format=DATE)
        with c:
            st.number_input(
                "Progress %", min_value=0, max_value=100, step=5, key=form_key(p, "progress")
            )
            show_field_problem(errors, "progress_pct")
        show_field_problem(errors, "form")
        added = st.form_submit_button("Add goal", type="primary")
    history = {g.id: f"{g.title} ({g.leader_name})" for g in view.goals}
    _history("development_goal", history, "pl_goal_history")
    if added:
        save_form(
            p,
            lambda: GoalCreate(
                leader_id=form_value(p, "leader_id"),
                title=form_value(p, "title"),
                kind=form_value(p, "kind"),
                target_date=form_value(p, "target_date"),
                progress_pct=form_value(p, "progress"),
            ),
            create_goal,
            actor,
            flash_key="pl_flash",
            flash=lambda d: f"Added the goal “{d.title}” for {leaders[d.leader_id]}.",
        )


if view.can_manage_leaders:
    tab_leaders, tab_mentors, tab_goals = st.tabs(["Leaders", "Mentorships", "Goals"])
    with tab_leaders:
        leaders_tab()
    with tab_mentors:
        mentorships_tab()
    with tab_goals:
        goals_tab()
else:
    goals_tab()
link = page_path(actor, "leaders")
if link:
    st.page_link(link, label="See the pipeline on Leaders", icon=":material/diversity_3:")
