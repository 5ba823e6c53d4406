"""Manage the pipeline's Goals tab (the one part a mentor sees, for their own current mentees):
kept here so the page stays a short list of tabs."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.schemas.leadership import GOAL_KIND_LABELS
from gfj_core.schemas.pipeline import (
    GOAL_STATUS_WORDS,
    GoalCreate,
    GoalRowEdit,
    GoalUpdate,
    PipelineAdmin,
)
from gfj_core.services.pipeline_admin import create_goal, save_goal_table
from ui.forms import Column, Input, edit_table, input_form
from ui.history import history_picker


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
            noun="goals",
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
    input_form(
        "pl_goal",
        title="Add a development goal",
        rows=[
            [
                Input("leader_id", "Leader", "choice", leaders),
                Input("title", "Goal", placeholder="e.g. Lead the spring funder call"),
            ],
            [
                Input("kind", "Type (70-20-10)", "choice", GOAL_KIND_LABELS),
                Input("target_date", "Target date", "date"),
                Input("progress_pct", "Progress %", "int", min_value=0, max_value=100, step=5),
            ],
        ],
        schema=GoalCreate,
        service=create_goal,
        actor=actor,
        confirm=lambda d: f"Added the goal “{d.title}” for {leaders[d.leader_id]}.",
        button="Add goal",
    )
    history = {g.id: f"{g.title} ({g.leader_name})" for g in view.goals}
    history_picker("development_goal", history, "pl_goal_history", actor, finder="pl_goals_find")
