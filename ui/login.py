"""The sign-in screen: local accounts, and single sign-on where [auth] is configured."""

from __future__ import annotations

import streamlit as st

from gfj_core.db import session_scope
from gfj_core.demo import demo_logins
from gfj_core.errors import NotFound
from gfj_core.services.auth import actor_for_email, authenticate
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.setup import setup_needed
from ui.setup import SET_UP_KEY, setup_page
from ui.state import engine, sign_in, sign_out_reason


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
    except Exception:  # a malformed secrets file must not lock everyone out of local sign-in
        return False


def _try_sso() -> None:
    """After an OIDC round trip, map the signed-in email to a person's account."""
    if not getattr(st.user, "is_logged_in", False):
        return
    email = st.user.get("email") or ""
    try:
        with session_scope(engine()) as s:
            actor = actor_for_email(s, email)
    except NotFound:
        st.error(
            f"You signed in as {email}, but no account here belongs to that address. "
            "Ask the administrator to add you."
        )
        st.button("Sign out of single sign-on", on_click=st.logout)
        st.stop()
    sign_in(actor)
    st.rerun()


def login_page() -> None:
    if _sso_configured():
        _try_sso()
    with session_scope(engine()) as s:
        first_run = setup_needed(s)
        settings = load_org_settings(s)
        logins = demo_logins(s) if settings.demo_loaded else []
    if first_run:
        setup_page()
        return

    left, middle, right = st.columns([1, 1.3, 1])
    with middle:
        st.title(settings.organisation_name)
        st.subheader("Leadership transition: sign in")
        if reason := sign_out_reason():
            st.warning(reason, icon=":material/logout:")
        if set_up := st.session_state.get(SET_UP_KEY):
            st.success(
                f"Your organisation is set up. Sign in as **{set_up}** with the password you "
                "chose.",
                icon=":material/check_circle:",
            )
        with st.form("login", border=True):
            username = st.text_input("Username", key="login_username", autocomplete="username")
            password = st.text_input(
                "Password", type="password", key="login_password", autocomplete="current-password"
            )
            submitted = st.form_submit_button("Sign in", type="primary", width="stretch")
        if submitted:
            with session_scope(engine(), write=True) as s:
                outcome = authenticate(s, username, password)
            if outcome.actor is None:
                st.error(outcome.error)
            else:
                sign_in(outcome.actor)
                st.rerun()
        if _sso_configured():
            st.button("Sign in with single sign-on", on_click=st.login, width="stretch")
        if logins:
            with st.container(border=True):
                st.markdown("**Demo sign-ins** (shown only while the demo organisation is loaded)")
                st.table(
                    {
                        "Role": [r for _, _, r in logins],
                        "Username": [u for u, _, _ in logins],
                        "Password": [p for _, p, _ in logins],
                    }
                )
                founder = f"{settings.founder_name}, " if settings.founder_name else ""
                st.caption(
                    f"Everyone in the demo except {founder}the {settings.departing_leader_title} "
                    "is fictional, and so are all figures."
                )


def change_password_page() -> None:
    """Signed in with a temporary password: nothing else until they choose their own."""
    from gfj_core.services.accounts import change_own_password
    from ui import forms
    from ui.data import write
    from ui.state import current_actor

    actor = current_actor()
    if actor is None:
        st.rerun()
    prefix = "first_pw_"
    left, middle, right = st.columns([1, 1.3, 1])
    with middle:
        st.title("Choose your password")
        st.markdown(
            f"Welcome, **{actor.display_name}**. You signed in with a temporary password: "
            "choose your own to continue. Nobody else will know it."
        )
        with st.form("first_password", border=True):
            current = st.text_input(
                "Temporary password",
                type="password",
                key=prefix + "current",
                autocomplete="current-password",
            )
            forms.field_problem(prefix, "current")
            new = st.text_input(
                "New password (at least 8 characters)",
                type="password",
                key=prefix + "new",
                autocomplete="new-password",
            )
            forms.field_problem(prefix, "new")
            confirm = st.text_input(
                "New password again",
                type="password",
                key=prefix + "confirm",
                autocomplete="new-password",
            )
            forms.field_problem(prefix, "confirm")
            forms.form_problem(prefix, {"current", "new", "confirm"})
            submitted = st.form_submit_button("Save my password", type="primary", width="stretch")
        if submitted:
            ok, _ = forms.submit(
                prefix,
                lambda: write(
                    change_own_password, actor, current=current, new=new, confirm=confirm
                ),
            )
            if ok:
                forms.forget(prefix)
                sign_in(actor.model_copy(update={"must_change_password": False}))
            st.rerun()
