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
from ui.development import record_removal
from ui.development_admin import catalogue_tab, outcomes_tab
from ui.forms import Column, Input, edit_table, input_form
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
            noun="completions",
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
    input_form(
        "dev_done",
        title="Record a completed module",
        rows=[
            [
                Input("leader_id", "Leader", "choice", leaders),
                Input("module_id", "Module", "choice", live_modules),
                Input("completed_on", "Completed on", "date", value=today),
            ],
            [Input("evidence", "Evidence", placeholder="e.g. certificate, trainer")],
        ],
        schema=CompletionCreate,
        service=record_completion,
        actor=actor,
        confirm=lambda d: f"{leaders[d.leader_id]} completed {live_modules[d.module_id]}.",
        button="Record completion",
    )
    named = {c.id: (f"{c.module_name} ({c.leader_name})", c.version) for c in view.completions}
    record_removal(
        "dev_done_rm",
        named,
        remove_completion,
        actor,
        what="completion",
        entity="training_completion",
        finder="dev_completions_find",
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
            noun="exposures",
            row_name=lambda e: e.description,
        )
    if not leaders:
        st.info("No active leaders to record exposure for yet.")
        return
    if not view.exposures:
        st.info("No strategic exposure yet: record the first below.", icon=":material/groups:")
    input_form(
        "dev_exp",
        title="Record exposure to a strategic decision",
        rows=[
            [
                Input("leader_id", "Leader", "choice", leaders),
                Input("occurred_on", "Date", "date", value=today),
                Input("kind", "Where", "choice", EXPOSURE_LABELS),
                Input("part", "Their part", "choice", EXPOSURE_PART_WORDS),
            ],
            [Input("description", "The decision")],
            [Input("reflection", "Their reflection", "area", height=80)],
        ],
        schema=ExposureCreate,
        service=record_exposure,
        actor=actor,
        confirm=lambda d: f"Recorded “{d.description}” for {leaders[d.leader_id]}.",
        button="Record exposure",
    )
    named = {e.id: (f"{e.description} ({e.leader_name})", e.version) for e in view.exposures}
    record_removal(
        "dev_exp_rm",
        named,
        remove_exposure,
        actor,
        what="exposure",
        entity="strategic_exposure",
        finder="dev_exposures_find",
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
