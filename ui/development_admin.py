"""The Leader development page's tabs that only the CEO and admin see: the training catalogue
and outcomes (kept here so the page stays a short list of tabs)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.schemas.development import (
    DevelopmentView,
    ModuleCreate,
    ModuleRowEdit,
    ModuleUpdate,
    OutcomeCreate,
    OutcomeRowEdit,
    OutcomeUpdate,
)
from gfj_core.services.leader_development import (
    create_module,
    record_outcome,
    remove_outcome,
    save_module_table,
    save_outcome_table,
)
from ui.development import record_removal
from ui.forms import Column, Input, edit_table, input_form
from ui.history import history_picker

SCORES = [None, 1, 2, 3, 4, 5]


def _score(score: int | None) -> str:
    return "Not given" if score is None else f"{score} of 5"


def catalogue_tab(view: DevelopmentView, actor) -> None:
    """The program's training catalogue: add, correct, retire and restore modules."""
    if view.modules:
        st.caption(
            "Retire a module by giving the date it left the catalogue; clear the date to restore "
            "it. Completed training counts the core modules still in the catalogue."
        )
        edit_table(
            "dev_modules",
            rows=view.modules,
            columns=[
                Column("Module", "name", required=True, width="medium"),
                Column(
                    "Description", "description", width="large", value=lambda m: m.description or ""
                ),
                Column("Hours", "hours", "number", min_value=0),
                Column("Core", "is_core", "bool"),
                Column("Order", "position", "number", required=True, min_value=0),
                Column("Retired on", "retired_on", "date"),
                Column("Completions", None, "number", value=lambda m: m.completions),
            ],
            update=ModuleUpdate,
            row_edit=ModuleRowEdit,
            save=save_module_table,
            actor=actor,
            saved=lambda n: f"Saved {n} module(s).",
            button="Save module changes",
            noun="modules",
        )
    else:
        st.info("The catalogue is empty: add the first module below.", icon=":material/school:")
    input_form(
        "dev_module",
        title="Add a training module",
        rows=[
            [
                Input("name", "Module name"),
                Input("hours", "Hours", "int", min_value=0, optional=True),
                Input("is_core", "Core module", "bool", value=True),
            ],
            [Input("description", "What it covers", "area", height=80)],
        ],
        schema=ModuleCreate,
        service=create_module,
        actor=actor,
        confirm=lambda d: f"Added the module “{d.name}” to the catalogue.",
        button="Add module",
    )
    history_picker(
        "training_module", {m.id: m.name for m in view.modules}, "dev_module_history", actor
    )


def outcomes_tab(view: DevelopmentView, actor, today: date) -> None:
    """Where leaders went next, and feedback on how prepared and effective they were."""
    if view.outcomes:
        edit_table(
            "dev_outcomes",
            rows=view.outcomes,
            columns=[
                Column("Leader", None, width="medium", value=lambda o: o.leader_name),
                Column("Role", "role_title", required=True, width="medium"),
                Column("Where", "organisation", required=True, width="medium"),
                Column("From", "started_on", "date", required=True),
                Column("Preparedness (1-5)", "preparedness_score", "number", min_value=1),
                Column("Effectiveness (1-5)", "effectiveness_score", "number", min_value=1),
                Column(
                    "Feedback",
                    "feedback_comment",
                    width="large",
                    value=lambda o: o.feedback_comment or "",
                ),
                Column(
                    "Given by",
                    "feedback_from",
                    width="medium",
                    value=lambda o: o.feedback_from or "",
                ),
            ],
            update=OutcomeUpdate,
            row_edit=OutcomeRowEdit,
            save=save_outcome_table,
            actor=actor,
            saved=lambda n: f"Saved {n} outcome(s).",
            button="Save outcome changes",
            noun="outcomes",
            row_name=lambda o: o.role_title,
        )
    everyone = {x.id: x.name for x in view.outcome_leaders}
    if not everyone:
        st.info("No leaders yet: add one on Manage the pipeline.")
        return
    if not view.outcomes:
        st.info("No subsequent roles yet: record the first below.", icon=":material/work:")
    scores = {score: _score(score) for score in SCORES}
    input_form(
        "dev_out",
        title="Record where a leader went next",
        rows=[
            [
                Input("leader_id", "Leader", "choice", everyone),
                Input("role_title", "Role", placeholder="e.g. Executive director"),
                Input("organisation", "Where", placeholder="The organization"),
            ],
            [
                Input("started_on", "From", "date", value=today),
                Input("preparedness_score", "Preparedness (1-5)", "choice", scores),
                Input("effectiveness_score", "Effectiveness (1-5)", "choice", scores),
                Input("feedback_from", "Feedback given by"),
            ],
            [Input("feedback_comment", "Feedback", "area", height=80)],
        ],
        schema=OutcomeCreate,
        service=record_outcome,
        actor=actor,
        confirm=lambda d: f"Recorded {everyone[d.leader_id]}'s next role.",
        button="Record outcome",
    )
    named = {o.id: (f"{o.role_title} ({o.leader_name})", o.version) for o in view.outcomes}
    record_removal(
        "dev_out_rm",
        named,
        remove_outcome,
        actor,
        what="outcome",
        entity="leader_outcome",
        finder="dev_outcomes_find",
    )
