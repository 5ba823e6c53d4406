"""People & accounts: the directory (admin and CEO) and sign-in accounts (admin only)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import streamlit as st

from gfj_core.access import ORG_ROLES, ROLE_LABELS, Role, can
from gfj_core.errors import ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format, fmt_date, fmt_datetime
from gfj_core.schemas.people import PeopleFilter, PersonCreate, PersonUpdate
from gfj_core.services.accounts import (
    activate_account,
    create_account,
    deactivate_account,
    list_accounts,
    reset_password,
    set_role,
    unlock_account,
)
from gfj_core.services.people import (
    add_person,
    export_people_csv,
    import_people,
    list_people,
    mark_left,
    mark_returned,
    people_template,
    remove_person,
    update_person,
    validate_person,
)
from ui import forms
from ui.data import read, write
from ui.evaluation import show_problems
from ui.guard import require_page
from ui.people import account_state, directory_frame, person_form_fields, person_form_values

actor = require_page("people")
manages_accounts = can(actor.role, "users.manage")
FLASH = "people_flash"
TEMP_KEY = "people_temporary_password"
ROLES = [r for r in Role if r in ORG_ROLES]

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
forms.flash(FLASH)
if shown := st.session_state.pop(TEMP_KEY, None):
    username, password = shown
    with st.container(border=True):
        st.success(
            f"Temporary password for **{username}**, shown only this once. Give it to them "
            "in person or by phone; they choose their own at the first sign-in.",
            icon=":material/key:",
        )
        st.code(password, language=None)

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
        st.dataframe(directory_frame(people), hide_index=True, width="stretch")
        st.caption(f"{len(people)} {'person' if len(people) == 1 else 'people'} shown.")

        by_id = {p.id: p for p in people}
        chosen = st.selectbox(
            "Edit a person",
            list(by_id),
            index=None,
            format_func=lambda i: by_id[i].full_name,
            key="people_edit_choice",
            placeholder="Choose someone to edit, mark as left or remove",
        )
        if chosen is not None:
            person = by_id[chosen]
            edit_base = f"people_edit_{person.id}_"
            prefix = forms.generation(edit_base)
            with st.form(prefix + "form", border=True):
                st.markdown(f"**{md(person.full_name)}**")
                person_form_fields(prefix, person)
                forms.form_problem(
                    prefix,
                    {
                        f"{n}"
                        for n in (
                            "full_name",
                            "email",
                            "title",
                            "board_role",
                            "board_term_start",
                            "board_term_end",
                        )
                    },
                )
                saved = st.form_submit_button("Save changes", type="primary")
            if saved:
                ok, result = forms.submit(
                    prefix,
                    lambda: write(
                        update_person,
                        actor,
                        person_id=person.id,
                        data=PersonUpdate(
                            **validate_person(person_form_values(prefix)).model_dump(),
                            version=st.session_state.get(prefix + "version"),
                        ),
                    ),
                )
                if ok:
                    forms.renew(edit_base)
                    forms.flash(FLASH, f"Saved {result.full_name}.")
                st.rerun()
            left_col, remove_col = st.columns(2)
            with left_col, st.container(border=True):
                if person.active:
                    st.markdown("**Mark as left**")
                    st.caption("Kept in every record; their account, if any, is deactivated.")
                    left_on = st.date_input(
                        "Left on",
                        value=date.today(),
                        key=f"people_left_on_{person.id}",
                        format=date_input_format(),
                    )
                    if st.button("Mark as left", key=f"people_leave_{person.id}"):
                        ok, _ = forms.submit(
                            f"people_leave_{person.id}_",
                            lambda: write(mark_left, actor, person_id=person.id, left_on=left_on),
                        )
                        if ok:
                            forms.flash(FLASH, f"{person.full_name} is marked as left.")
                        st.rerun()
                    forms.form_problem(f"people_leave_{person.id}_", set())
                else:
                    st.markdown(
                        f"**Left on {fmt_date(person.left_on)}**" if person.left_on else "**Left**"
                    )
                    if st.button("Mark as back (active)", key=f"people_return_{person.id}"):
                        write(mark_returned, actor, person_id=person.id)
                        forms.flash(FLASH, f"{person.full_name} is active again.")
                        st.rerun()
            with remove_col, st.container(border=True):
                st.markdown("**Remove from the directory**")
                st.caption("Only for someone added by mistake: a person named in any record stays.")
                sure = st.checkbox("Yes, remove them", key=f"people_remove_sure_{person.id}")
                if st.button("Remove", key=f"people_remove_{person.id}", disabled=not sure):
                    ok, _ = forms.submit(
                        f"people_remove_{person.id}_",
                        lambda: write(remove_person, actor, person_id=person.id),
                    )
                    if ok:
                        st.session_state.pop("people_edit_choice", None)
                        forms.flash(FLASH, f"{person.full_name} was removed.")
                    st.rerun()
                forms.form_problem(f"people_remove_{person.id}_", set())

# --- add --------------------------------------------------------------------------------------
with tab["Add a person"]:
    prefix = forms.generation("people_add_")
    with st.form("people_add_form", border=True):
        person_form_fields(prefix)
        forms.form_problem(
            prefix,
            {"full_name", "email", "title", "board_role", "board_term_start", "board_term_end"},
        )
        added = st.form_submit_button("Add to the directory", type="primary")
    if added:
        ok, result = forms.submit(
            prefix,
            lambda: write(
                add_person,
                actor,
                data=PersonCreate(**validate_person(person_form_values(prefix)).model_dump()),
            ),
        )
        if ok:
            forms.renew("people_add_")
            forms.flash(
                FLASH,
                f"Added {result.full_name}."
                + (" Give them an account on the Accounts tab." if manages_accounts else ""),
            )
        st.rerun()

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
                forms.flash(FLASH, f"Imported: {result.added} added, {result.updated} updated.")
            st.rerun()
        if refused := st.session_state.get("people_import_problems"):
            show_problems(ValidationFailed(*refused), key="people_import_problems_table")
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
        accounts = read(list_accounts, actor)
        now = datetime.now(UTC).replace(tzinfo=None)  # stored times are naive UTC
        if accounts:
            st.dataframe(
                [
                    {
                        "Username": acc.username,
                        "Person": acc.person_name,
                        "Role": ROLE_LABELS[acc.role],
                        "State": account_state(
                            acc.active, acc.locked_until, acc.must_change_password, now
                        ),
                        "Last sign-in": (
                            fmt_datetime(acc.last_login_at) if acc.last_login_at else "never"
                        ),
                    }
                    for acc in accounts
                ],
                hide_index=True,
                width="stretch",
            )
        create_col, manage_col = st.columns(2)
        with create_col, st.container(border=True):
            st.markdown("**Create an account**")
            holders = {acc.person_id for acc in accounts if acc.active}
            candidates = [
                p for p in read(list_people, actor, filters=PeopleFilter()) if p.id not in holders
            ]
            prefix = forms.generation("acct_new_")
            if not candidates:
                st.caption("Everyone active already has an account. Add a person first.")
            else:
                with st.form("acct_new_form", border=False):
                    by_id = {p.id: p for p in candidates}
                    person_id = st.selectbox(
                        "Person",
                        list(by_id),
                        format_func=lambda i: by_id[i].full_name,
                        key=prefix + "person",
                        index=None,
                        placeholder="Choose a person",
                    )
                    forms.field_problem(prefix, "person", "person_id")
                    username = st.text_input("Username", key=prefix + "username", max_chars=60)
                    forms.field_problem(prefix, "username")
                    role = st.selectbox(
                        "Role",
                        ROLES,
                        format_func=lambda r: ROLE_LABELS[r],
                        key=prefix + "role",
                        index=None,
                        placeholder="Choose a role",
                    )
                    forms.field_problem(prefix, "role")
                    forms.form_problem(prefix, {"person", "person_id", "username", "role"})
                    make = st.form_submit_button("Create with a temporary password", type="primary")
                if make:
                    ok, created = forms.submit(
                        prefix,
                        lambda: write(
                            create_account,
                            actor,
                            username=username,
                            role=role,
                            person_id=person_id,
                        ),
                    )
                    if ok:
                        forms.renew("acct_new_")
                        st.session_state[TEMP_KEY] = (
                            created.account.username,
                            created.temporary_password,
                        )
                        forms.flash(
                            FLASH,
                            f"Account {created.account.username} "
                            f"({ROLE_LABELS[created.account.role]}) created for "
                            f"{created.account.person_name}.",
                        )
                    st.rerun()
        with manage_col, st.container(border=True):
            st.markdown("**Manage an account**")
            if not accounts:
                st.caption("No accounts yet.")
            else:
                by_acc = {acc.id: acc for acc in accounts}
                acc_id = st.selectbox(
                    "Account",
                    list(by_acc),
                    index=None,
                    key="acct_choice",
                    format_func=lambda i: f"{by_acc[i].username} ({by_acc[i].person_name})",
                    placeholder="Choose an account",
                )
                if acc_id is not None:
                    acc = by_acc[acc_id]
                    p = f"acct_{acc.id}_"
                    st.caption(
                        account_state(acc.active, acc.locked_until, acc.must_change_password, now)
                    )

                    def act(label: str, service, message: str, **kwargs) -> None:
                        ok, result = forms.submit(
                            p, lambda: write(service, actor, account_id=acc.id, **kwargs)
                        )
                        if ok:
                            if getattr(result, "temporary_password", None):
                                st.session_state[TEMP_KEY] = (
                                    acc.username,
                                    result.temporary_password,
                                )
                            forms.flash(FLASH, message)
                        st.rerun()

                    r1, r2 = st.columns([2, 1], vertical_alignment="bottom")
                    new_role = r1.selectbox(
                        "Role",
                        ROLES,
                        index=ROLES.index(acc.role),
                        format_func=lambda r: ROLE_LABELS[r],
                        key=p + "role",
                    )
                    if r2.button("Change role", key=p + "set_role", disabled=new_role == acc.role):
                        act(
                            "role",
                            set_role,
                            f"{acc.username} is now {ROLE_LABELS[new_role]}.",
                            role=new_role,
                        )
                    b1, b2, b3 = st.columns(3)
                    if b1.button("Reset password", key=p + "reset", icon=":material/key:"):
                        act("reset", reset_password, f"Password of {acc.username} reset.")
                    if b2.button(
                        "Unlock",
                        key=p + "unlock",
                        disabled=not acc.locked(now),
                        icon=":material/lock_open:",
                    ):
                        act("unlock", unlock_account, f"{acc.username} unlocked.")
                    if acc.active:
                        if b3.button("Deactivate", key=p + "deactivate", icon=":material/block:"):
                            act(
                                "deactivate",
                                deactivate_account,
                                f"{acc.username} deactivated: their open sessions end at their next click.",
                            )
                    elif b3.button("Reactivate", key=p + "activate", icon=":material/check:"):
                        act("activate", activate_account, f"{acc.username} can sign in again.")
                    forms.form_problem(p, set())
