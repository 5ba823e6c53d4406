"""Manage the pipeline: the CEO and admin add emerging leaders, retire them (graduated or left,
with a date and a reason) and restore them, assign and end mentorships; they and mentors (for
their own current mentees only) add, edit and close development goals. Nothing is deleted:
sessions and history keep pointing at leaders and mentorships."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.schemas.pipeline import (
    LEADER_STATUS_WORDS,
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
    pipeline_admin,
    save_leader_table,
    save_mentorship_table,
)
from ui.data import read
from ui.forms import Column, Input, edit_table, input_form
from ui.guard import require_page
from ui.history import history_picker
from ui.nav import page_path
from ui.pipeline_goals import goals_tab

actor = require_page("pipeline")
today = date.today()
view = read(pipeline_admin, actor)

st.title("Manage the pipeline")
st.markdown(
    "Add emerging leaders, assign their mentors and set their development goals. Graduated and "
    "left leaders leave the active counts and keep their history; ended mentorships keep their "
    "sessions."
    if view.can_manage_leaders
    else "Add and update the development goals of the leaders you mentor."
)


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
            noun="leaders",
            row_name=lambda r: r.name,
        )
    else:
        st.info("No emerging leaders yet: add the first one below.", icon=":material/person_add:")
    people = {x.id: x.name for x in view.people}
    input_form(
        "pl_new_leader",
        title="Add an emerging leader",
        rows=[
            [
                Input(
                    "person_id",
                    "From the people directory",
                    "choice",
                    {None: "— a new person (type the name) —", **people},
                ),
                Input("new_person_name", "Or a new person's full name"),
            ],
            [
                Input("target_role", "Target role", placeholder="e.g. Program director"),
                Input("cohort_start", "Cohort start", "date", value=today),
            ],
        ],
        schema=LeaderCreate,
        service=add_leader,
        actor=actor,
        confirm=lambda d: "Added the emerging leader. Assign a mentor on the Mentorships tab.",
        button="Add leader",
    )
    history_picker(
        "emerging_leader",
        {x.id: x.name for x in view.leaders},
        "pl_leader_history",
        actor,
        finder="pl_leaders_find",
    )


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
            noun="mentorships",
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
    input_form(
        "pl_assign",
        title="Assign a mentor",
        rows=[
            [
                Input("leader_id", "Leader", "choice", active),
                Input("mentor_person_id", "Mentor", "choice", mentors),
                Input("started_on", "Starting", "date", value=today),
            ]
        ],
        schema=MentorshipCreate,
        service=assign_mentor,
        actor=actor,
        confirm=lambda d: f"{mentors[d.mentor_person_id]} now mentors {active[d.leader_id]}.",
        button="Assign mentor",
    )
    history = {m.id: f"{m.leader_name} with {m.mentor_name}" for m in view.mentorships}
    history_picker(
        "mentorship", history, "pl_mentorship_history", actor, finder="pl_mentorships_find"
    )


if view.can_manage_leaders:
    tab_leaders, tab_mentors, tab_goals = st.tabs(["Leaders", "Mentorships", "Goals"])
    with tab_leaders:
        leaders_tab()
    with tab_mentors:
        mentorships_tab()
    with tab_goals:
        goals_tab(view, actor, today)
else:
    goals_tab(view, actor, today)
for key, label, icon in (
    ("leader_development", "Training, exposure and outcomes", ":material/school:"),
    ("leaders", "See the pipeline on Leaders", ":material/diversity_3:"),
):
    if link := page_path(actor, key):
        st.page_link(link, label=label, icon=icon)
