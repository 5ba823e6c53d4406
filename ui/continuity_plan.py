"""The emergency backup plan tab of the continuity page: who triggers the plan, the CEO's
priority functions and their gaps; the CEO and admin edit, add and delete functions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.schemas.transition import (
    CROSS_TRAINING_WORDS,
    BackupFunctionCreate,
    BackupFunctionRowEdit,
    BackupFunctionUpdate,
    EmergencyPlanView,
)
from gfj_core.services.continuity import (
    create_backup_function,
    delete_backup_function,
    save_backup_table,
)
from ui.forms import Column, edit_table, form_key, form_value, save_form, show_confirmation
from ui.removal import plan_removal, removal_panel
from ui.transition import RED_TEXT, showing
from ui.widgets import data_table, fmt_date


def functions_frame(plan: EmergencyPlanView) -> pd.DataFrame:
    """The priority functions as the board reads them, gaps in words."""
    return pd.DataFrame(
        {
            "Function": [f.name for f in plan.functions],
            "Designated backup": [f.backup_name or "⚠ None" for f in plan.functions],
            "Cross-training": [CROSS_TRAINING_WORDS[f.cross_training] for f in plan.functions],
            "Last rehearsed": [
                fmt_date(f.last_rehearsed_on) if f.last_rehearsed_on else "Never"
                for f in plan.functions
            ],
            "Gaps": ["⚠ " + " · ".join(f.gaps) if f.gaps else "✓ No gap" for f in plan.functions],
        }
    )


def plan_tab(
    plan: EmergencyPlanView, total: int, person_names: dict[int, str], actor, today: date
) -> None:
    st.subheader("Who triggers the plan")
    trigger_lines = [
        f"{t.order}. **{md(t.label)}**: {md(t.person_name or '⚠ seat vacant: name someone')}"
        for t in plan.triggers
    ]
    st.markdown(
        "If the President & CEO is suddenly unavailable, the plan is put into effect by, in "
        "order:\n\n" + "\n".join(trigger_lines)
    )
    st.subheader(f"The CEO's priority functions ({total})")
    if plan.functions:
        # A plain table, not a canvas grid: long function names wrap instead of being cut off on
        # a projector, and the gap words are real text that screen readers (and tests) can read.
        data_table(
            functions_frame(plan)
            .style.map(lambda v: RED_TEXT if v.startswith("⚠") else "", subset=["Gaps"])
            .map(
                lambda v: RED_TEXT if v in ("⚠ None", "Never") else "",
                subset=["Designated backup", "Last rehearsed"],
            ),
            hide_index=True,
            border="horizontal",
            static=True,
        )
        st.caption(
            "A gap: no designated backup, never rehearsed, or last rehearsed over a year ago. "
            "Gaps are written in red with a ⚠ and in words."
        )
        showing(len(plan.functions), total, "functions")
    else:
        st.info(
            "No priority functions are recorded yet."
            + (" Add the first one under “Edit the emergency plan”." if plan.can_edit else "")
        )
    if plan.can_edit:
        with st.expander("Edit the emergency plan", icon=":material/edit:"):
            _edit(plan, person_names, actor, today)


def _edit(plan: EmergencyPlanView, person_names: dict[int, str], actor, today: date) -> None:
    edit_table(
        "ct_plan",
        rows=plan.functions,
        columns=[
            Column("Function", "name", required=True, width="large"),
            Column("Designated backup", "backup_person_id", "choice", person_names),
            Column(
                "Cross-training", "cross_training", "choice", CROSS_TRAINING_WORDS, required=True
            ),
            Column("Last rehearsed", "last_rehearsed_on", "date"),
            Column("Notes", "notes", value=lambda f: f.notes or ""),
        ],
        update=BackupFunctionUpdate,
        row_edit=BackupFunctionRowEdit,
        save=save_backup_table,
        actor=actor,
        saved=lambda n: "Saved the emergency plan.",
        button="Save emergency plan changes",
        today=today,
    )
    removal_panel(
        "ct_plan_tools",
        options={f.id: f.name for f in plan.functions},
        removal=lambda i: plan_removal("backup_function", i, id_arg="function_id", actor=actor),
        service=delete_backup_function,
        actor=actor,
        what="function",
        history="backup_function",
        border=True,
    )
    with st.form("ct_plan_new", border=True):
        st.markdown("**Add a priority function**")
        st.text_input("Function", key=form_key("ct_plan_new_", "name"))
        a, b, c = st.columns(3)
        with a:
            st.selectbox(
                "Designated backup",
                [None, *person_names],
                format_func=lambda i: "— none yet —" if i is None else person_names[i],
                key=form_key("ct_plan_new_", "backup"),
            )
        with b:
            st.selectbox(
                "Cross-training",
                list(CROSS_TRAINING_WORDS),
                format_func=CROSS_TRAINING_WORDS.get,
                key=form_key("ct_plan_new_", "training"),
            )
        with c:
            st.date_input(
                "Last rehearsed",
                value=None,
                key=form_key("ct_plan_new_", "rehearsed"),
                format=date_input_format(),
            )
        if st.session_state.get("ct_plan_new_error"):
            st.error(st.session_state["ct_plan_new_error"])
        added = st.form_submit_button("Add function")
    show_confirmation("ct_flash_plan")
    if added:
        save_form(
            "ct_plan_new_",
            lambda: BackupFunctionCreate(
                name=form_value("ct_plan_new_", "name"),
                backup_person_id=form_value("ct_plan_new_", "backup"),
                cross_training=form_value("ct_plan_new_", "training"),
                last_rehearsed_on=form_value("ct_plan_new_", "rehearsed"),
            ),
            create_backup_function,
            actor,
            flash_key="ct_flash_plan",
            flash=lambda data: f"Added “{md(data.name)}” to the emergency plan.",
            today=today,
        )
