"""Leader development: the training catalogue (CEO and admin: add, correct, retire, restore),
training completions and exposure to strategic decisions per leader (also mentors, for their own
current mentees), and outcomes: where a leader went next and how prepared they were."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.schemas.development import (
    EXPOSURE_PART_WORDS,
    CompletionCreate,
    CompletionRowEdit,
    CompletionUpdate,
    ExposureCreate,
    ExposureRowEdit,
    ExposureUpdate,
    ModuleCreate,
    ModuleRowEdit,
    ModuleUpdate,
    OutcomeCreate,
    OutcomeRowEdit,
    OutcomeUpdate,
)
from gfj_core.schemas.leadership import EXPOSURE_LABELS
from gfj_core.services.leader_development import (
    create_module,
    development_view,
    record_completion,
    record_exposure,
    record_outcome,
    remove_completion,
    remove_exposure,
    remove_outcome,
    save_completion_table,
    save_exposure_table,
    save_module_table,
    save_outcome_table,
)
from ui.data import read
from ui.development import DATE_INPUT, FLASH, history_picker, remove_record
from ui.forms import Column, edit_table, form_key, form_value, save_form, show_field_problem
from ui.guard import require_page

actor = require_page("leader_development")
today = date.today()
view = read(development_view, actor)
SCORES = [None, 1, 2, 3, 4, 5]

st.title("Leader development")
st.markdown(
    "Training, exposure to strategic decisions and where leaders went next."
    if view.can_manage_outcomes
    else "Record the training and strategic exposure of the leaders you mentor."
)
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")
leaders = {x.id: x.name for x in view.leaders}
live_modules = {m.id: m.name for m in view.modules if m.retired_on is None}


def _errors(prefix: str) -> dict[str, str]:
    return st.session_state.get(prefix + "errors", {})


def _select(label: str, options: dict, prefix: str, name: str, field: str | None = None) -> None:
    st.selectbox(label, list(options), format_func=options.get, key=form_key(prefix, name))
    show_field_problem(_errors(prefix), field or name)


def catalogue_tab() -> None:
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
                Column("Description", "description", width="large"),
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
            show_field_problem(_errors(p), "name")
        with b:
            st.number_input("Hours", min_value=0, value=None, step=1, key=form_key(p, "hours"))
        with c:
            st.checkbox("Core module", value=True, key=form_key(p, "is_core"))
        st.text_area("What it covers", key=form_key(p, "description"), height=80)
        show_field_problem(_errors(p), "form")
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


def completions_tab() -> None:
    if view.completions:
        edit_table(
            "dev_completions",
            rows=view.completions,
            columns=[
                Column("Leader", None, width="medium", value=lambda c: c.leader_name),
                Column("Module", None, width="medium", value=lambda c: c.module_name),
                Column("Completed on", "completed_on", "date", required=True),
                Column("Evidence", "evidence", width="large", value=lambda c: c.evidence or ""),
            ],
            update=CompletionUpdate,
            row_edit=CompletionRowEdit,
            save=save_completion_table,
            actor=actor,
            saved=lambda n: f"Saved {n} completion(s).",
            button="Save completion changes",
            row_name=lambda c: f"{c.module_name} ({c.leader_name})",
        )
    if not leaders or not live_modules:
        st.info(
            "Add a training module to the catalogue first."
            if leaders
            else "No active leaders to record training for yet."
        )
        return
    if not view.completions:
        st.info("No training completed yet: record the first below.", icon=":material/school:")
    p = "dev_done_"
    with st.form("dev_done", border=True):
        st.markdown("**Record a completed module**")
        a, b, c = st.columns([2, 2, 1])
        with a:
            _select("Leader", leaders, p, "leader_id")
        with b:
            _select("Module", live_modules, p, "module_id")
        with c:
            st.date_input("Completed on", value=today, key=form_key(p, "on"), format=DATE_INPUT)
        st.text_input(
            "Evidence", key=form_key(p, "evidence"), placeholder="e.g. certificate, trainer"
        )
        show_field_problem(_errors(p), "form")
        added = st.form_submit_button("Record completion", type="primary")
    if added:
        save_form(
            p,
            lambda: CompletionCreate(
                leader_id=form_value(p, "leader_id"),
                module_id=form_value(p, "module_id"),
                completed_on=form_value(p, "on"),
                evidence=form_value(p, "evidence"),
            ),
            record_completion,
            actor,
            flash_key=FLASH,
            flash=lambda d: f"{leaders[d.leader_id]} completed {live_modules[d.module_id]}.",
        )
    named = {c.id: (f"{c.module_name} ({c.leader_name})", c.version) for c in view.completions}
    remove_record("dev_done_rm", named, remove_completion, actor, what="completion")
    history_picker(
        "training_completion", {i: n for i, (n, _) in named.items()}, "dev_done_history", actor
    )


def exposure_tab() -> None:
    if view.exposures:
        edit_table(
            "dev_exposures",
            rows=view.exposures,
            columns=[
                Column("Leader", None, width="medium", value=lambda e: e.leader_name),
                Column("Date", "occurred_on", "date", required=True),
                Column("Where", "kind", "choice", EXPOSURE_LABELS, required=True),
                Column("The decision", "description", required=True, width="large"),
                Column("Their part", "part", "choice", EXPOSURE_PART_WORDS),
                Column("Reflection", "reflection", width="large", value=lambda e: e.reflection),
            ],
            update=ExposureUpdate,
            row_edit=ExposureRowEdit,
            save=save_exposure_table,
            actor=actor,
            saved=lambda n: f"Saved {n} exposure(s).",
            button="Save exposure changes",
            row_name=lambda e: e.description,
        )
    if not leaders:
        st.info("No active leaders to record exposure for yet.")
        return
    if not view.exposures:
        st.info("No strategic exposure yet: record the first below.", icon=":material/groups:")
    p = "dev_exp_"
    with st.form("dev_exp", border=True):
        st.markdown("**Record exposure to a strategic decision**")
        a, b, c, d = st.columns([2, 1, 2, 2])
        with a:
            _select("Leader", leaders, p, "leader_id")
        with b:
            st.date_input("Date", value=today, key=form_key(p, "on"), format=DATE_INPUT)
        with c:
            _select("Where", EXPOSURE_LABELS, p, "kind")
        with d:
            _select("Their part", EXPOSURE_PART_WORDS, p, "part")
        st.text_input("The decision", key=form_key(p, "description"))
        show_field_problem(_errors(p), "description")
        st.text_area("Their reflection", key=form_key(p, "reflection"), height=80)
        show_field_problem(_errors(p), "form")
        added = st.form_submit_button("Record exposure", type="primary")
    if added:
        save_form(
            p,
            lambda: ExposureCreate(
                leader_id=form_value(p, "leader_id"),
                occurred_on=form_value(p, "on"),
                kind=form_value(p, "kind"),
                part=form_value(p, "part"),
                description=form_value(p, "description"),
                reflection=form_value(p, "reflection"),
            ),
            record_exposure,
            actor,
            flash_key=FLASH,
            flash=lambda d: f"Recorded “{d.description}” for {leaders[d.leader_id]}.",
        )
    named = {e.id: (f"{e.description} ({e.leader_name})", e.version) for e in view.exposures}
    remove_record("dev_exp_rm", named, remove_exposure, actor, what="exposure")
    history_picker(
        "strategic_exposure", {i: n for i, (n, _) in named.items()}, "dev_exp_history", actor
    )


def outcomes_tab() -> None:
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
                Column("Feedback", "feedback_comment", width="large"),
                Column("Given by", "feedback_from", width="medium"),
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
            _select("Leader", everyone, p, "leader_id")
        with b:
            st.text_input("Role", key=form_key(p, "role"), placeholder="e.g. Executive director")
            show_field_problem(_errors(p), "role_title")
        with c:
            st.text_input("Where", key=form_key(p, "org"), placeholder="The organization")
            show_field_problem(_errors(p), "organisation")
        a, b, c, d = st.columns(4)
        with a:
            st.date_input("From", value=today, key=form_key(p, "on"), format=DATE_INPUT)
        with b:
            st.selectbox("Preparedness (1-5)", SCORES, key=form_key(p, "prep"))
        with c:
            st.selectbox("Effectiveness (1-5)", SCORES, key=form_key(p, "eff"))
        with d:
            st.text_input("Feedback given by", key=form_key(p, "by"))
        st.text_area("Feedback", key=form_key(p, "comment"), height=80)
        show_field_problem(_errors(p), "form")
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


tabs = {"Training catalogue": catalogue_tab} if view.can_manage_catalogue else {}
tabs |= {"Completions": completions_tab, "Strategic exposure": exposure_tab}
if view.can_manage_outcomes:
    tabs["Outcomes"] = outcomes_tab
for tab, draw in zip(st.tabs(list(tabs)), tabs.values(), strict=True):
    with tab:
        draw()
