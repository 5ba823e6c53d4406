"""People & accounts: the directory (admin and CEO) and sign-in accounts (admin only)."""

from __future__ import annotations

import streamlit as st

from gfj_core.access import can
from gfj_core.errors import ValidationFailed
from gfj_core.schemas.people import PeopleFilter
from gfj_core.services.people import (
    export_people_csv,
    import_people,
    list_people,
    people_template,
)
from ui.data import read, write
from ui.evaluation import show_problems
from ui.finder import MANY, shown_caption
from ui.forms import show_confirmation
from ui.guard import require_page
from ui.people import REMOVED, add_person_form, directory_frame, person_editor
from ui.people_accounts import accounts_tab
from ui.removal import show_outcome
from ui.widgets import data_table

actor = require_page("people")
manages_accounts = can(actor.role, "users.manage")

st.title("People & accounts")
st.caption(
    "Everyone the transition touches: board members with their seats and terms, staff, "
    "mentors and partners. "
    + (
        "Give a person an account here to let them sign in."
        if manages_accounts
        else "Accounts and roles are managed by the administrator."
    )
)

tabs = ["Directory", "Add a person", "Import or export"] + (
    ["Accounts"] if manages_accounts else []
)
# Keyed, so an action that reruns the page stays on its tab.
tab = dict(zip(tabs, st.tabs(tabs, key="people_tab", on_change="rerun"), strict=True))

# --- directory --------------------------------------------------------------------------------
with tab["Directory"]:
    a, b, c = st.columns([2, 1, 1])
    search = a.text_input("Search", key="people_search", placeholder="Name, email or title")
    group = b.selectbox(
        "Show",
        ["everyone", "board", "staff", "other"],
        format_func={
            "everyone": "Everyone",
            "board": "Board",
            "staff": "Staff",
            "other": "Neither board nor staff",
        }.get,
        key="people_group",
    )
    status = c.selectbox(
        "Status",
        ["active", "left", "all"],
        format_func={"active": "Active", "left": "Left", "all": "All"}.get,
        key="people_status",
    )
    people = read(
        list_people, actor, filters=PeopleFilter(search=search, group=group, status=status)
    )
    if f"{REMOVED}_done" in st.session_state:  # they are no longer in the list to edit
        st.session_state.pop("people_edit_choice", None)
    show_outcome(REMOVED)
    if not people:
        everyone = read(list_people, actor, filters=PeopleFilter(status="all"))
        if not everyone:
            st.info(
                "Nobody is in the directory yet. Add board members, staff and mentors on "
                "**Add a person**, or bring a spreadsheet in on **Import or export**.",
                icon=":material/person_add:",
            )
        else:
            st.info("Nobody matches these filters.", icon=":material/filter_alt_off:")
    else:
        # The first MANY (ui.finder): a directory of thousands is searched, not scrolled.
        shown = people[:MANY]
        data_table(directory_frame(shown), hide_index=True, width="stretch")
        st.caption(
            f"{len(people)} {'person' if len(people) == 1 else 'people'} shown."
            if len(shown) == len(people)
            else shown_caption(
                len(shown), len(people), len(people), "people", "", hint="search to narrow them"
            )
        )
        by_id = {p.id: p for p in shown}
        kept = st.session_state.get("people_edit_choice")
        if kept is not None and kept not in by_id:  # chosen before the list was narrowed
            by_id |= {p.id: p for p in people if p.id == kept}
        chosen = st.selectbox(
            "Edit a person",
            list(by_id),
            index=None,
            format_func=lambda i: by_id[i].full_name,
            key="people_edit_choice",
            placeholder="Choose someone to edit, mark as left or remove",
        )
        if chosen is not None:
            person_editor(actor, by_id[chosen])

# --- add --------------------------------------------------------------------------------------
with tab["Add a person"]:
    add_person_form(actor, manages_accounts=manages_accounts)

# --- import / export --------------------------------------------------------------------------
with tab["Import or export"]:
    a, b = st.columns(2)
    with a, st.container(border=True):
        st.markdown("**Import people from a spreadsheet**")
        st.caption(
            "CSV or XLSX with the columns full_name (required), email, title, board_seat "
            "(chair, vice chair, treasurer, secretary, member), board_term_start, "
            "board_term_end (YYYY-MM-DD), staff (yes/no). A name already in the directory is "
            "updated. Nothing is imported unless every row is right."
        )
        st.download_button(
            "Download a template",
            people_template(),
            "people-template.csv",
            "text/csv",
            icon=":material/download:",
        )
        upload = st.file_uploader("File", type=["csv", "xlsx"], key="people_upload")
        if upload is not None and st.button("Import", type="primary", key="people_import"):
            try:
                result = write(
                    import_people, actor, filename=upload.name, content=upload.getvalue()
                )
            except ValidationFailed as exc:
                st.session_state["people_import_problems"] = (str(exc), exc.problems)
            else:
                st.session_state.pop("people_import_problems", None)
                st.session_state["people_imported"] = (
                    f"Imported: {result.added} added, {result.updated} updated."
                )
            st.rerun()
        if refused := st.session_state.get("people_import_problems"):
            show_problems(ValidationFailed(*refused), key="people_import_problems_table")
        show_confirmation("people_imported")
    with b, st.container(border=True):
        st.markdown("**Export the directory**")
        st.caption("Everyone, active or left, as CSV (safe to open in a spreadsheet).")
        st.download_button(
            "Download people.csv",
            read(export_people_csv, actor),
            "people.csv",
            "text/csv",
            icon=":material/download:",
        )

# --- accounts ---------------------------------------------------------------------------------
if manages_accounts:
    with tab["Accounts"]:
        accounts_tab(actor)
