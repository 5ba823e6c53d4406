"""The Accounts tab of People & accounts (admin only): the accounts, creating one with a
temporary password shown once, and managing one (role, reset, unlock, deactivate)."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from gfj_core.access import ORG_ROLES, ROLE_LABELS, Role
from gfj_core.formatting import fmt_datetime
from gfj_core.schemas.people import PeopleFilter
from gfj_core.services.accounts import (
    activate_account,
    create_account,
    deactivate_account,
    list_accounts,
    reset_password,
    set_role,
    unlock_account,
)
from gfj_core.services.people import list_people
from ui.data import read
from ui.forms import (
    Input,
    form_errors,
    input_form,
    save_form,
    show_confirmation,
    show_other_problems,
)
from ui.people import account_state
from ui.widgets import data_table

TEMP_KEY = "people_temporary_password"
ROLES = {r: ROLE_LABELS[r] for r in Role if r in ORG_ROLES}


def _keep_password(username: str):
    """After a create or a reset: the temporary password, for `show_temporary_password`."""

    def keep(result) -> None:
        if getattr(result, "temporary_password", None):
            st.session_state[TEMP_KEY] = (username, result.temporary_password)

    return keep


def show_temporary_password() -> None:
    if shown := st.session_state.pop(TEMP_KEY, None):
        username, password = shown
        with st.container(border=True):
            st.success(
                f"Temporary password for **{username}**, shown only this once. Give it to them "
                "in person or by phone; they choose their own at the first sign-in.",
                icon=":material/key:",
            )
            st.code(password, language=None)


def accounts_tab(actor) -> None:
    show_temporary_password()
    accounts = read(list_accounts, actor)
    now = datetime.now(UTC).replace(tzinfo=None)  # stored times are naive UTC
    if accounts:
        data_table(
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
        candidates = {
            p.id: p.full_name
            for p in read(list_people, actor, filters=PeopleFilter())
            if p.id not in holders
        }
        if not candidates:
            st.caption("Everyone active already has an account. Add a person first.")
        else:
            _create_form(actor, candidates)
    with manage_col, st.container(border=True):
        st.markdown("**Manage an account**")
        if not accounts:
            st.caption("No accounts yet.")
        else:
            _manage(actor, {acc.id: acc for acc in accounts}, now)


def _create_form(actor, candidates: dict[int, str]) -> None:
    input_form(
        "acct_new",
        rows=[
            [Input("person_id", "Person", "choice", candidates, placeholder="Choose a person")],
            [Input("username", "Username", max_chars=60)],
            [Input("role", "Role", "choice", ROLES, placeholder="Choose a role")],
        ],
        schema=lambda **v: v | {"username": v["username"] or ""},
        data_arg=None,
        service=create_account,
        actor=actor,
        confirm=lambda d: (
            f"Account {d['username']} ({ROLES.get(d['role'], '')}) created for "
            f"{candidates.get(d['person_id'], '')}."
        ),
        after=lambda created: _keep_password(created.account.username)(created),
        button="Create with a temporary password",
        border=False,
    )


def _manage(actor, by_acc: dict, now: datetime) -> None:
    acc_id = st.selectbox(
        "Account",
        list(by_acc),
        index=None,
        key="acct_choice",
        format_func=lambda i: f"{by_acc[i].username} ({by_acc[i].person_name})",
        placeholder="Choose an account",
    )
    if acc_id is None:
        return
    acc = by_acc[acc_id]
    p = f"acct_{acc.id}_"
    done = f"acct_act_{acc.id}_"  # the actions' problems and confirmation
    st.caption(account_state(acc.active, acc.locked_until, acc.must_change_password, now))

    def act(service, message: str, **kwargs) -> None:
        save_form(
            done,
            lambda: {"account_id": acc.id, **kwargs},
            service,
            actor,
            data_arg=None,
            flash_key=done + "said",
            flash=lambda d: message,
            after=_keep_password(acc.username),
        )

    r1, r2 = st.columns([2, 1], vertical_alignment="bottom")
    roles = list(ROLES)
    new_role = r1.selectbox(
        "Role", roles, index=roles.index(acc.role), format_func=ROLES.get, key=f"acct_role_{acc.id}"
    )
    if r2.button("Change role", key=p + "set_role", disabled=new_role == acc.role):
        act(set_role, f"{acc.username} is now {ROLES[new_role]}.", role=new_role)
    b1, b2, b3 = st.columns(3)
    if b1.button("Reset password", key=p + "reset", icon=":material/key:"):
        act(reset_password, f"Password of {acc.username} reset.")
    if b2.button(
        "Unlock", key=p + "unlock", disabled=not acc.locked(now), icon=":material/lock_open:"
    ):
        act(unlock_account, f"{acc.username} unlocked.")
    if acc.active:
        if b3.button("Deactivate", key=p + "deactivate", icon=":material/block:"):
            act(
                deactivate_account,
                f"{acc.username} deactivated: their open sessions end at their next click.",
            )
    elif b3.button("Reactivate", key=p + "activate", icon=":material/check:"):
        act(activate_account, f"{acc.username} can sign in again.")
    show_other_problems(form_errors(done), ())
    show_confirmation(done + "said")
