"""The supporter's sign-in (issue 20): a supporter's staff have accounts in the registry, not in
any organisation, so they sign in here, and their tab then shows only the Portfolio. The sign-in
lasts for the tab (like single sign-on's): no organisation's session cookie is issued for it."""

from __future__ import annotations

import streamlit as st

from gfj_core.db import session_scope
from gfj_core.supporters import DEMO_SUPPORTER, authenticate_supporter, demo_supporter_login
from gfj_core.tenancy import registry_engine, registry_exists
from ui.state import sign_in_for_this_tab
from ui.widgets import data_table

WANTED_KEY = "gfj_supporter_sign_in"


def wanted() -> bool:
    return bool(st.session_state.get(WANTED_KEY)) or st.query_params.get("portfolio") == "1"


def offer() -> None:
    """Under an organisation's sign-in form: the way to the supporter's."""
    if registry_exists():
        st.button(
            "Sign in for a supporter (portfolio)",
            icon=":material/view_comfy:",
            width="stretch",
            on_click=lambda: st.session_state.__setitem__(WANTED_KEY, True),
        )


def supporter_login_page() -> None:
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        st.title("Portfolio")
        st.subheader("Sign in for a supporter")
        st.caption(
            "For a fellowship's or funder's staff: the figures the organizations you accompany "
            "chose to share with you. Aggregates only."
        )
        with st.form("supporter_login", border=True):
            username = st.text_input("Username", key="supporter_username", autocomplete="username")
            password = st.text_input(
                "Password", type="password", key="supporter_password",
                autocomplete="current-password",
            )  # fmt: skip
            submitted = st.form_submit_button("Sign in", type="primary", width="stretch")
        if submitted:
            with session_scope(registry_engine()) as s:
                actor = authenticate_supporter(s, username, password)
            if actor is None:
                st.error("Wrong username or password.")
            else:
                st.session_state.pop(WANTED_KEY, None)
                sign_in_for_this_tab(actor)
                st.rerun()
        st.button(
            "Back to an organization's sign-in",
            on_click=lambda: st.session_state.pop(WANTED_KEY, None),
            width="stretch",
        )
        with session_scope(registry_engine()) as s:
            demo = demo_supporter_login(s)
        if demo:
            with st.container(border=True):
                st.markdown("**Demo sign-in** (the demo portfolio is loaded)")
                data_table({"Username": [demo[0]], "Password": [demo[1]]}, static=True)
                st.caption(f"{DEMO_SUPPORTER[1]} and its organizations are fictional.")
