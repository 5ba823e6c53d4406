"""The sign-in screen: local accounts, and single sign-on where [auth] is configured."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from gfj_core.access import PAGE_BY_KEY, Role, can_open
from gfj_core.db import session_scope
from gfj_core.demo import demo_logins
from gfj_core.errors import NotFound
from gfj_core.exports.safety import inert_markdown
from gfj_core.services.auth import UnverifiedEmail, actor_for_sso, authenticate
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.setup import setup_needed
from gfj_core.tenancy import Organisation, list_organisations
from ui import portfolio_login
from ui.setup import SET_UP_KEY, setup_page
from ui.state import (
    AFTER_SIGN_IN_KEY,
    current_organisation,
    engine,
    sign_in,
    sign_in_for_this_tab,
    sign_out_reason,
    sso_configured,
    work_for,
)
from ui.widgets import data_table

# The address (page key) the sign-in form is showing at: the router sets it.
SIGN_IN_ADDRESS_KEY = "gfj_sign_in_address"


def _return_address(role: Role) -> str:
    """Where the browser comes back to after the cookie is set: the page asked for, when this
    role may open it, else the role's home; with the address's query (?present=1 and the like).
    A full page load, so the URL decides the page."""
    path = "/"
    for wanted in (
        st.session_state.get(AFTER_SIGN_IN_KEY),
        st.session_state.get(SIGN_IN_ADDRESS_KEY),
    ):
        if wanted in PAGE_BY_KEY and can_open(role, wanted):
            path = "/" + Path(PAGE_BY_KEY[wanted].path).stem
            break
    query = urlencode(st.query_params.to_dict())
    return f"{path}?{query}" if query else path


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
    sign_in_for_this_tab(actor)
    st.rerun()


def _organisation_picker(orgs: list[Organisation]) -> None:
    """With several organisations, which one to sign in to (or set up). The choice is in the
    address too (?org=), so a refresh or a bookmark keeps it."""
    current = current_organisation()
    slugs = [o.slug for o in orgs]
    names = {o.slug: o.name for o in orgs}
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        chosen = st.selectbox(
            "Organization",
            slugs,
            index=slugs.index(current.slug) if current and current.slug in slugs else 0,
            format_func=names.__getitem__,
        )
    if current is None or chosen != current.slug:
        work_for(orgs[slugs.index(chosen)])
    if st.query_params.get("org") != chosen:
        st.query_params["org"] = chosen


def login_page() -> None:
    if portfolio_login.wanted():  # a supporter's staff (issue 20): accounts in the registry
        portfolio_login.supporter_login_page()
        return
    orgs = list_organisations()
    if len(orgs) > 1:
        _organisation_picker(orgs)
    if sso_configured():
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
        st.title(inert_markdown(settings.organisation_name))
        st.subheader("Leadership transition: sign in")
        if reason := sign_out_reason():
            st.warning(reason, icon=":material/logout:")
        if set_up := st.session_state.get(SET_UP_KEY):
            st.success(
                f"Your organization is set up. Sign in as **{set_up}** with the password you "
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
                sign_in(outcome.actor, return_to=_return_address(outcome.actor.role))
                # The browser is on its way to /auth/session and back; this tab is signed in
                # already, should it stay (its next rerun opens the app).
                st.info("Signing you in…")
                st.stop()
        if sso_configured():
            st.button("Sign in with single sign-on", on_click=st.login, width="stretch")
        portfolio_login.offer()
        if logins:
            with st.container(border=True):
                st.markdown("**Demo sign-ins** (shown only while the demo organization is loaded)")
                data_table(
                    {
                        "Role": [r for _, _, r in logins],
                        "Username": [u for u, _, _ in logins],
                        "Password": [p for _, p, _ in logins],
                    },
                    static=True,
                )
                founder = f"{settings.founder_name}, " if settings.founder_name else ""
                st.caption(
                    f"Everyone in the demo except {founder}the {settings.departing_leader_title} "
                    "is fictional, and so are all figures."
                )


def change_password_page() -> None:
    """Signed in with a temporary password: nothing else until they choose their own."""
    from gfj_core.services.accounts import change_own_password
    from ui.forms import Input, input_form
    from ui.state import current_actor

    actor = current_actor()
    if actor is None:
        st.rerun()
    left, middle, right = st.columns([1, 1.3, 1])
    with middle:
        st.title("Choose your password")
        st.markdown(
            f"Welcome, **{inert_markdown(actor.display_name)}**. You signed in with a temporary "
            "password: "
            "choose your own to continue. Nobody else will know it."
        )
        input_form(
            "first_pw",
            rows=[
                [
                    Input(
                        "current", "Temporary password", "password", autocomplete="current-password"
                    )
                ],
                [
                    Input(
                        "new",
                        "New password (at least 8 characters)",
                        "password",
                        autocomplete="new-password",
                    )
                ],
                [Input("confirm", "New password again", "password", autocomplete="new-password")],
            ],
            schema=lambda **typed: {k: v or "" for k, v in typed.items()},
            data_arg=None,
            service=change_own_password,
            actor=actor,
            confirm=lambda d: None,
            # The same server session goes on: only what this tab knows of the account changes.
            after=lambda _: sign_in_for_this_tab(
                actor.model_copy(update={"must_change_password": False})
            ),
            button="Save my password",
            button_width="stretch",
        )
