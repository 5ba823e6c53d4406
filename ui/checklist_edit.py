"""“Update the checklist” on the exit-checklist page (CEO and admin): the bulk table (with each
item's History and Delete), a new item, and a plan started from the standard items. “Mark done”
on one item is ui/checklist_actions.py."""

from __future__ import annotations

import streamlit as st

from gfj_core.errors import GfjError
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.schemas.transition import (
    CHECKLIST_CATEGORY_WORDS,
    CHECKLIST_STATUS_WORDS,
    ChecklistItemCreate,
    ChecklistItemUpdate,
    ChecklistRowEdit,
    ChecklistView,
)
from gfj_core.services.checklist import (
    create_item,
    delete_item,
    save_checklist_table,
    standard_items,
    start_plan,
)
from ui.checklist_lists import completed, now
from ui.data import read, write
from ui.forms import (
    Column,
    clear_form,
    edit_table,
    form_key,
    form_value,
    save_form,
    show_confirmation,
    show_field_problem,
    show_other_problems,
)
from ui.removal import plan_removal, removal_panel
from ui.widgets import choose_many


def _owner_choice(label: str, person_names: dict[int, str], key: str, none: str) -> None:
    st.selectbox(
        label,
        [None, *person_names],
        format_func=lambda i: none if i is None else person_names[i],
        key=key,
    )


def table_tab(view: ChecklistView, person_names: dict[int, str], actor, shown: tuple) -> None:
    st.caption(
        "For bulk edits: change status, owner, due date, evidence and the board resolution "
        "date, then save. "
        "Marking an item done records today and your name; an authority transfer needs the date "
        "of the board resolution or minutes that backs it. All rows are saved together or none."
        + (
            f" The table holds the {len(view.items)} rows listed above; use the filters "
            "to reach the others."
            if view.matching > len(view.items)
            else ""
        )
    )
    nonce = st.session_state.setdefault("cl_table_nonce", 0)
    # The table holds the filtered rows: a new filter starts a fresh table, so edits made by
    # position never land on another row.
    if st.session_state.setdefault("cl_table_filter", shown) != shown:
        st.session_state["cl_table_filter"] = shown
        st.session_state["cl_table_nonce"] = nonce + 1
    edit_table(
        "cl_table",
        rows=view.items,
        columns=[
            Column("Category", None, value=lambda i: i.category_word),
            Column("Item", "title", required=True, width="large"),
            Column("Owner", "owner_person_id", "choice", person_names),
            Column("Due", "due_date", "date"),
            Column("Status", "status", "choice", CHECKLIST_STATUS_WORDS, required=True),
            Column("Authority transfer", "is_authority_transfer", "bool"),
            Column(
                "Resolution date",
                "resolution_date",
                "date",
                help="Board resolution or minutes backing the transfer",
            ),
            Column(
                "Evidence",
                "evidence",
                width="medium",
                help="A note or a link showing it was done",
                value=lambda i: i.evidence or "",
            ),
            Column("Completed", None, value=completed),
        ],
        update=ChecklistItemUpdate,
        row_edit=ChecklistRowEdit,
        save=save_checklist_table,
        actor=actor,
        saved=lambda n: f"Saved {n} checklist item(s).",
        button="Save checklist changes",
        row_name=lambda i: i.title,
        now=now(),
    )
    removal_panel(
        "cl_item_tools",
        options={i.id: i.title for i in view.items},
        removal=lambda i: plan_removal("checklist_item", i, id_arg="item_id", actor=actor),
        service=delete_item,
        actor=actor,
        what="item",
        history="checklist_item",
        border=True,
    )


def new_item_tab(person_names: dict[int, str], actor) -> None:
    p = "cl_new_"
    errors = st.session_state.get(p + "errors", {})
    with st.form("cl_new", border=True):
        a, b = st.columns([1, 2])
        with a:
            st.selectbox(
                "Category",
                list(CHECKLIST_CATEGORY_WORDS),
                format_func=CHECKLIST_CATEGORY_WORDS.get,
                key=form_key(p, "category"),
            )
        with b:
            st.text_input("Item", key=form_key(p, "title"))
            show_field_problem(errors, "title")
        a, b, c = st.columns(3)
        with a:
            _owner_choice("Owner", person_names, form_key(p, "owner_person_id"), "— no owner —")
        with b:
            st.date_input(
                "Due", value=None, key=form_key(p, "due_date"), format=date_input_format()
            )
        with c:
            st.selectbox(
                "Status",
                list(CHECKLIST_STATUS_WORDS),
                format_func=CHECKLIST_STATUS_WORDS.get,
                key=form_key(p, "status"),
            )
        a, b = st.columns([1, 2])
        with a:
            st.checkbox("Authority transfer", key=form_key(p, "is_authority_transfer"))
            st.date_input(
                "Board resolution or minutes date",
                value=None,
                key=form_key(p, "resolution_date"),
                format=date_input_format(),
            )
            show_field_problem(errors, "resolution_date")
        with b:
            st.text_area("Evidence (a note or a link)", key=form_key(p, "evidence"), height=100)
        show_other_problems(errors, ("title", "resolution_date"))
        submitted = st.form_submit_button("Add item", type="primary")
    show_confirmation("cl_new_saved")
    if submitted:
        fields = (
            "category",
            "title",
            "owner_person_id",
            "due_date",
            "status",
            "is_authority_transfer",
            "resolution_date",
            "evidence",
        )
        save_form(
            p,
            lambda: ChecklistItemCreate(**{f: form_value(p, f) for f in fields}),
            create_item,
            actor,
            flash_key="cl_new_saved",
            flash=lambda data: f"Added “{md(data.title)}”.",
            now=now(),
        )


# The standard items' confirmation, said under their button (or, once every item is in the
# plan, under the line that says so).
TEMPLATE_DONE = "cl_template_done"


def template_tab(person_names: dict[int, str], actor) -> None:
    template = read(standard_items, actor)
    missing = [i for i in template if not i.in_plan]
    st.markdown(
        "The standard exit checklist from succession-planning practice: authority transfers each "
        "backed by a board resolution, critical relationships, the annual calendar and manuals, "
        "governance, communications, legacy and the departing CEO's next role. "
        f"**{len(template) - len(missing)} of {len(template)}** are already in this plan."
    )
    if not missing:
        st.success("Every standard item is already in the plan.")
        show_confirmation(TEMPLATE_DONE)
        return
    by_title = {i.title: i for i in missing}
    chosen = choose_many(
        "Items to add",
        list(by_title),
        default=list(by_title),
        format_func=lambda title: (
            f"{CHECKLIST_CATEGORY_WORDS[by_title[title].category]}: {title}"
            + (" (authority transfer)" if by_title[title].is_authority_transfer else "")
        ),
        key="cl_template_titles",
    )
    a, b = st.columns(2)
    with a:
        due = st.date_input(
            "Due date for the new items (optional)",
            value=None,
            key="cl_template_due",
            format=date_input_format(),
        )
    with b:
        _owner_choice(
            "Owner for the new items (optional)",
            person_names,
            "cl_template_owner",
            "— decide later —",
        )
    template_error = st.session_state.get("cl_template_error")
    if template_error:
        st.error(template_error)
    go = st.button(f"Add {len(chosen)} standard item(s)", type="primary", key="cl_template_go")
    show_confirmation(TEMPLATE_DONE)
    if go:
        try:
            result = write(
                start_plan,
                actor,
                titles=chosen,
                due_date=due,
                owner_person_id=st.session_state["cl_template_owner"],
            )
        except GfjError as exc:
            st.session_state["cl_template_error"] = str(exc)
        else:
            st.session_state.pop("cl_template_error", None)
            clear_form("cl_template_")
            st.session_state[TEMPLATE_DONE] = f"Added {result.added} standard item(s)" + (
                f"; {result.skipped} were already there." if result.skipped else "."
            )
        st.rerun()
