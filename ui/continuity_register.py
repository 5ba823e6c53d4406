"""The knowledge register tab of the continuity page: who can do each critical function once the
departing leader goes; the CEO and admin update a row, edit the grid, add and delete functions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.metrics.transition import key_person_light
from gfj_core.schemas.transition import (
    CAPABILITY_WORDS,
    DOCUMENTATION_WORDS,
    FUNCTION_RISK_WORDS,
    KNOWLEDGE_AREA_WORDS,
    KnowledgeFunctionCreate,
    KnowledgeFunctionUpdate,
    KnowledgeRegisterView,
    KnowledgeRowEdit,
)
from gfj_core.services.continuity import (
    create_knowledge_function,
    delete_knowledge_function,
    save_knowledge_table,
)
from ui.charts import show
from ui.continuity_actions import update_function_form
from ui.forms import Column, edit_table, form_key, form_value, save_form, show_confirmation
from ui.removal import plan_removal, removal_panel
from ui.transition import RED_TEXT, capability_heatmap, people_for_columns, showing
from ui.widgets import choose_many, data_table, light_badge

HEATMAP_ROWS = 60  # the riskiest functions drawn in the heatmap; the table lists the rest


def register_frame(register: KnowledgeRegisterView) -> pd.DataFrame:
    """The register as a table: who can do each function, its risk in words."""
    names = {p.id: p.name for p in register.people}
    fs = register.functions
    return pd.DataFrame(
        {
            "Function": [f.name for f in fs],
            "Area": [KNOWLEDGE_AREA_WORDS.get(f.area, f.area) for f in fs],
            "Documentation": [DOCUMENTATION_WORDS[f.documentation] for f in fs],
            "Who can do it": [
                ", ".join(
                    names.get(pid, str(pid))
                    for pid, level in f.capabilities.items()
                    if level in ("can_do", "expert")
                )
                or "nobody"
                for f in fs
            ],
            "Risk": [
                ("⚠ " if f.risk in ("only_departing", "nobody") else "")
                + FUNCTION_RISK_WORDS[f.risk]
                for f in fs
            ],
            "Written down at": [f.documentation_location or "—" for f in fs],
        }
    )


def register_tab(
    register: KnowledgeRegisterView,
    total: int,
    person_names: dict[int, str],
    actor,
    *,
    leader: str,
    first_name: str,
) -> None:
    k = register.counts
    a, b = st.columns([1, 3], gap="large")
    with a:
        st.metric(
            f"Critical functions only {first_name} can do",
            k.only_departing,
            help="Nobody else is recorded as able to do them (can do or expert).",
        )
        light_badge(key_person_light(k.only_departing))
    with b:
        st.markdown(
            f"**{k.total} critical functions.** After {first_name} leaves: "
            f"**{k.only_departing}** would have nobody, **{k.single}** one person, "
            f"**{k.covered}** two or more"
            + (f"; **{k.nobody}** nobody can do even now" if k.nobody else "")
            + ".  \nDocumentation: "
            + " · ".join(f"{DOCUMENTATION_WORDS[s]} {n}" for s, n in register.documentation.items())
        )
    if register.functions:
        st.subheader("Who can do each function")
        show(capability_heatmap(register, max_rows=HEATMAP_ROWS), key="ct_heatmap")
        st.caption(
            "Each cell says Expert, Can do or Learning; blank means cannot. The outlined column is "
            f"{leader}. Risk, right: who is left once {first_name} goes (Learning does not count)."
            + (
                f" Showing the {HEATMAP_ROWS} riskiest of {len(register.functions)} functions."
                if len(register.functions) > HEATMAP_ROWS
                else ""
            )
        )
        with st.expander("The register as a table"):
            data_table(
                register_frame(register).style.map(
                    lambda v: RED_TEXT if v.startswith("⚠") else "", subset=["Risk"]
                ),
                hide_index=True,
                width="stretch",
            )
        showing(len(register.functions), total, "functions")
    else:
        st.info(
            "No critical functions are recorded yet."
            + (" Add the first one under “Edit the whole register”." if register.can_edit else "")
        )
    if register.can_edit:
        update_function_form(register, actor)
        with st.expander(
            "Edit the whole register in a table", icon=":material/edit:", key="ct_know_grid"
        ):
            _edit(register, person_names, actor)


def _edit(register: KnowledgeRegisterView, person_names: dict[int, str], actor) -> None:
    st.caption(
        "One row per function: set its documentation and, for each person, what they can do. "
        "Clear a cell when they cannot."
    )
    editor_people = people_for_columns(register.people, register.functions)
    columns_by_person = {p.name: p.id for p in editor_people}

    def capabilities_changed(f, change: dict) -> dict:
        """The person columns of an edited row, as the function's whole capability map."""
        if not any(name in columns_by_person for name in change):
            return {}
        caps = dict(f.capabilities)
        for name, word in change.items():
            if name in columns_by_person:
                if word:
                    caps[columns_by_person[name]] = CAPABILITY_WORDS.code(word)
                else:
                    caps.pop(columns_by_person[name], None)
        return {"capabilities": caps}

    edit_table(
        "ct_know",
        rows=register.functions,
        columns=[
            Column("Function", "name", required=True, width="large"),
            Column("Documentation", "documentation", "choice", DOCUMENTATION_WORDS, required=True),
            Column(
                "Written down at",
                "documentation_location",
                value=lambda f: f.documentation_location or "",
                help="Where the documentation is: a folder, a link, a binder",
            ),
            *(
                Column(
                    p.name,
                    None,
                    "choice",
                    CAPABILITY_WORDS,
                    value=lambda f, pid=p.id: CAPABILITY_WORDS.get(f.capabilities.get(pid)),
                    editable=True,
                )
                for p in editor_people
            ),
        ],
        update=KnowledgeFunctionUpdate,
        row_edit=KnowledgeRowEdit,
        save=save_knowledge_table,
        actor=actor,
        saved=lambda n: "Saved the knowledge register.",
        button="Save register changes",
        extra_changes=capabilities_changed,
    )
    removal_panel(
        "ct_know_tools",
        options={f.id: f.name for f in register.functions},
        removal=lambda i: plan_removal("knowledge_function", i, id_arg="function_id", actor=actor),
        service=delete_knowledge_function,
        actor=actor,
        what="function",
        history="knowledge_function",
        border=True,
    )
    p = "ct_know_new_"
    with st.form("ct_know_new", border=True):
        st.markdown("**Add a critical function**")
        a, b, c = st.columns([2, 1, 1])
        with a:
            st.text_input("Function or process", key=form_key(p, "name"))
        with b:
            st.selectbox(
                "Area",
                list(KNOWLEDGE_AREA_WORDS),
                format_func=KNOWLEDGE_AREA_WORDS.get,
                key=form_key(p, "area"),
            )
        with c:
            st.selectbox(
                "Documentation",
                list(DOCUMENTATION_WORDS),
                format_func=DOCUMENTATION_WORDS.get,
                key=form_key(p, "doc"),
            )
        choose_many(
            "Who can do it now",
            list(person_names),
            format_func=person_names.get,
            key=form_key(p, "who"),
        )
        if st.session_state.get(p + "error"):
            st.error(st.session_state[p + "error"])
        added = st.form_submit_button("Add function")
    show_confirmation("ct_flash_know")
    if added:
        save_form(
            p,
            lambda: KnowledgeFunctionCreate(
                name=form_value(p, "name"),
                area=form_value(p, "area"),
                documentation=form_value(p, "doc"),
                capabilities={pid: "can_do" for pid in form_value(p, "who")},
            ),
            create_knowledge_function,
            actor,
            flash_key="ct_flash_know",
            flash=lambda data: f"Added “{md(data.name)}” to the register.",
        )
