"""The Leader development page's tabs that only the CEO and admin see: the training catalogue
and outcomes (kept here so the page stays a short list of tabs)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.formatting import date_input_format
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
from ui.development import FLASH, errors_of, history_picker, remove_record, select_field
from ui.forms import Column, edit_table, form_key, form_value, save_form, show_field_problem

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
        )
    else:
        st.info("The catalogue is empty: add the first module below.", icon=":material/school:")
    p = "dev_module_"
    with st.form("dev_module", border=True):
        st.markdown("**Add a training module**")
        a, b, c = st.columns([3, 1, 1])
        with a:
            st.text_input("Module name", key=form_key(p, "name"))
            show_field_problem(errors_of(p), "name")
        with b:
            st.number_input("Hours", min_value=0, value=None, step=1, key=form_key(p, "hours"))
        with c:
            st.checkbox("Core module", value=True, key=form_key(p, "is_core"))
        st.text_area("What it covers", key=form_key(p, "description"), height=80)
        show_field_problem(errors_of(p), "form")
        added = st.form_submit_button("Add module", type="primary")
    if added:
        save_form(
            p,
            lambda: ModuleCreate(
                name=form_value(p, "name"),
                hours=form_value(p, "hours"),
                is_core=form_value(p, "is_core"),
                description=form_value(p, "description"),
            ),
            create_module,
            actor,
            flash_key=FLASH,
            flash=lambda d: f"Added the module “{d.name}” to the catalogue.",
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
            row_name=lambda o: o.role_title,
        )
    everyone = {x.id: x.name for x in view.outcome_leaders}
    if not everyone:
        st.info("No leaders yet: add one on Manage the pipeline.")
        return
    if not view.outcomes:
        st.info("No subsequent roles yet: record the first below.", icon=":material/work:")
    p = "dev_out_"
    with st.form("dev_out", border=True):
        st.markdown("**Record where a leader went next**")
        a, b, c = st.columns(3)
        with a:
            select_field("Leader", everyone, p, "leader_id")
        with b:
            st.text_input("Role", key=form_key(p, "role"), placeholder="e.g. Executive director")
            show_field_problem(errors_of(p), "role_title")
        with c:
            st.text_input("Where", key=form_key(p, "org"), placeholder="The organization")
            show_field_problem(errors_of(p), "organisation")
        a, b, c, d = st.columns(4)
        with a:
            st.date_input("From", value=today, key=form_key(p, "on"), format=date_input_format())
        with b:
            st.selectbox("Preparedness (1-5)", SCORES, format_func=_score, key=form_key(p, "prep"))
        with c:
            st.selectbox("Effectiveness (1-5)", SCORES, format_func=_score, key=form_key(p, "eff"))
        with d:
            st.text_input("Feedback given by", key=form_key(p, "by"))
        st.text_area("Feedback", key=form_key(p, "comment"), height=80)
        show_field_problem(errors_of(p), "form")
        added = st.form_submit_button("Record outcome", type="primary")
    if added:
        save_form(
            p,
            lambda: OutcomeCreate(
                leader_id=form_value(p, "leader_id"),
                role_title=form_value(p, "role"),
                organisation=form_value(p, "org"),
                started_on=form_value(p, "on"),
                preparedness_score=form_value(p, "prep"),
                effectiveness_score=form_value(p, "eff"),
                feedback_from=form_value(p, "by"),
                feedback_comment=form_value(p, "comment"),
            ),
            record_outcome,
            actor,
            flash_key=FLASH,
            flash=lambda d: f"Recorded {everyone[d.leader_id]}'s next role.",
        )
    named = {o.id: (f"{o.role_title} ({o.leader_name})", o.version) for o in view.outcomes}
    remove_record("dev_out_rm", named, remove_outcome, actor, what="outcome")
    history_picker(
        "leader_outcome", {i: n for i, (n, _) in named.items()}, "dev_out_history", actor
    )
