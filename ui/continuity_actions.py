"""“Update” on one knowledge-register row (issue 22): its documentation, where it is written
down and notes, in a small form whose confirmation shows right under it. The grid stays for
bulk edits of who can do what."""

from __future__ import annotations

import streamlit as st

from gfj_core.schemas.transition import (
    DOCUMENTATION_WORDS,
    KnowledgeFunctionUpdate,
    KnowledgeRegisterView,
)
from gfj_core.services.continuity import update_knowledge_function
from ui.forms import (
    form_values,
    pick_record,
    record_form,
    save_record,
    show_confirmation,
    show_field_problem,
)


def update_function_form(register: KnowledgeRegisterView, actor) -> None:
    if not register.functions:
        return
    by_id = {f.id: f for f in register.functions}
    with st.container(border=True):
        st.markdown("**Update a function**")
        f = pick_record(
            "Function",
            by_id,
            format_func=lambda r: f"{r.name} · {DOCUMENTATION_WORDS[r.documentation]}",
            key="ct_upd_pick",
        )
        prefix = f"ct_upd_{f.id}_"
        errors = record_form(
            prefix,
            {
                "documentation": f.documentation,
                "documentation_location": f.documentation_location or "",
                "notes": f.notes or "",
            },
        )
        with st.form(f"ct_upd_form_{f.id}", border=False):
            a, b = st.columns([1, 2])
            with a:
                st.selectbox(
                    "Documentation",
                    list(DOCUMENTATION_WORDS),
                    format_func=DOCUMENTATION_WORDS.get,
                    key=prefix + "documentation",
                )
            with b:
                st.text_input(
                    "Written down at",
                    key=prefix + "documentation_location",
                    placeholder="a shared folder, a link, the binder in the office…",
                )
                show_field_problem(errors, "documentation_location")
            st.text_area("Notes", key=prefix + "notes", height=68)
            show_field_problem(errors, "form")
            submitted = st.form_submit_button("Update", type="primary")
        if submitted:
            save_record(
                prefix,
                lambda: KnowledgeFunctionUpdate(
                    **form_values(prefix, ["documentation", "documentation_location", "notes"])
                ),
                update_knowledge_function,
                actor,
                data_arg="changes",
                confirm_key="ct_upd_saved",
                confirm=lambda _: f"Updated “{f.name}”.",
                function_id=f.id,
                expected_version=f.version,
            )
        show_confirmation("ct_upd_saved")
