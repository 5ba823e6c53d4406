"""Leader development: the training catalogue (CEO and admin: add, correct, retire, restore),
training completions and exposure to strategic decisions per leader (also mentors, for their own
current mentees), and outcomes: where a leader went next and how prepared they were."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.formatting import date_input_format
from gfj_core.schemas.development import (
    EXPOSURE_PART_WORDS,
    CompletionCreate,
    CompletionRowEdit,
    CompletionUpdate,
    ExposureCreate,
    ExposureRowEdit,
    ExposureUpdate,
)
from gfj_core.schemas.leadership import EXPOSURE_LABELS
from gfj_core.services.leader_development import (
    development_view,
    record_completion,
    record_exposure,
    remove_completion,
    remove_exposure,
    save_completion_table,
    save_exposure_table,
)
from ui.data import read
from ui.development import (
    FLASH,
    errors_of,
    history_picker,
    remove_record,
    select_field,
)
from ui.development_admin import catalogue_tab, outcomes_tab
from ui.forms import Column, edit_table, form_key, form_value, save_form, show_field_problem
from ui.guard import require_page

actor = require_page("leader_development")
today = date.today()
view = read(development_view, actor)

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
            select_field("Leader", leaders, p, "leader_id")
        with b:
            select_field("Module", live_modules, p, "module_id")
        with c:
            st.date_input(
                "Completed on", value=today, key=form_key(p, "on"), format=date_input_format()
            )
        st.text_input(
            "Evidence", key=form_key(p, "evidence"), placeholder="e.g. certificate, trainer"
        )
        show_field_problem(errors_of(p), "form")
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
                Column(
                    "Reflection", "reflection", width="large", value=lambda e: e.reflection or ""
                ),
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
            select_field("Leader", leaders, p, "leader_id")
        with b:
            st.date_input("Date", value=today, key=form_key(p, "on"), format=date_input_format())
        with c:
            select_field("Where", EXPOSURE_LABELS, p, "kind")
        with d:
            select_field("Their part", EXPOSURE_PART_WORDS, p, "part")
        st.text_input("The decision", key=form_key(p, "description"))
        show_field_problem(errors_of(p), "description")
        st.text_area("Their reflection", key=form_key(p, "reflection"), height=80)
        show_field_problem(errors_of(p), "form")
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


tabs = (
    {"Training catalogue": lambda: catalogue_tab(view, actor)} if view.can_manage_catalogue else {}
)
tabs |= {"Completions": completions_tab, "Strategic exposure": exposure_tab}
if view.can_manage_outcomes:
    tabs["Outcomes"] = lambda: outcomes_tab(view, actor, today)
for tab, draw in zip(st.tabs(list(tabs)), tabs.values(), strict=True):
    with tab:
        draw()
