"""Manage the pipeline's Goals tab (the one part a mentor sees, for their own current mentees):
kept here so the page stays a short list of tabs."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.formatting import date_input_format
from gfj_core.schemas.leadership import GOAL_KIND_LABELS
from gfj_core.schemas.pipeline import (
    GOAL_STATUS_WORDS,
    GoalCreate,
    GoalRowEdit,
    GoalUpdate,
    PipelineAdmin,
)
from gfj_core.services.pipeline_admin import create_goal, save_goal_table
from ui.development import errors_of, history_picker
from ui.forms import Column, edit_table, form_key, form_value, save_form, show_field_problem


def goals_tab(view: PipelineAdmin, actor, today: date) -> None:
    """Development goals: a table to edit and close them, a form to add one, their History."""
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
    errors = errors_of(p)
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
            st.date_input(
                "Target date",
                value=None,
                key=form_key(p, "target_date"),
                format=date_input_format(),
            )
        with c:
            st.number_input(
                "Progress %", min_value=0, max_value=100, step=5, key=form_key(p, "progress")
            )
            show_field_problem(errors, "progress_pct")
        show_field_problem(errors, "form")
        added = st.form_submit_button("Add goal", type="primary")
    history = {g.id: f"{g.title} ({g.leader_name})" for g in view.goals}
    history_picker("development_goal", history, "pl_goal_history", actor)
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
