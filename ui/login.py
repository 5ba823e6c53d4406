"""The sign-in screen: local accounts, and single sign-on where [auth] is configured."""

from __future__ import annotations

import streamlit as st

from gfj_core.db import session_scope
from gfj_core.demo import demo_logins
from gfj_core.errors import NotFound
from gfj_core.exports.safety import inert_markdown
from gfj_core.services.auth import UnverifiedEmail, actor_for_sso, authenticate
from gfj_core.services.org_settings import load_org_settings
from ui.state import engine, sign_in


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
    claims = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
    email = claims.get("email") or ""
    try:
        with session_scope(engine()) as s:
            actor = actor_for_sso(s, claims)
    except UnverifiedEmail as exc:
        st.error(inert_markdown(str(exc)))
        st.button("Sign out of single sign-on", on_click=st.logout)
        st.stop()
    except NotFound:
        st.error(
            f"You signed in as {inert_markdown(email)}, but no account here belongs to that "
            "address. "
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
        settings = load_org_settings(s)
        logins = demo_logins(s) if settings.demo_loaded else []

    left, middle, right = st.columns([1, 1.3, 1])
    with middle:
        st.title(inert_markdown(settings.organisation_name))
        st.subheader("Leadership transition: sign in")
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
                st.caption(
                    "Everyone in the demo except Harry Belafonte and the President & CEO is "
                    "fictional, and so are all figures."
                )
