"""The router: page config, sign-in, and navigation limited to the viewer's pages. No logic here."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gfj_core.access import PAGE_BY_KEY, PAGES, ROLE_LABELS, can_open, pages_for
from ui.login import SIGN_IN_ADDRESS_KEY, change_password_page, login_page
from ui.state import (
    AFTER_SIGN_IN_KEY,
    checked_for_this_run,
    current_actor,
    sign_out,
    sync_web_session,
)
from ui.theme import apply_global_css  # importing ui.theme also registers the chart theme

st.set_page_config(
    page_title="GFJ transition",
    page_icon=":material/diversity_3:",
    layout="wide",
    # "auto": open on a laptop or projector, closed on a phone, where it would cover the page
    # after every sign-in and click.
    initial_sidebar_state="auto",
)

apply_global_css()
sync_web_session()  # a refresh restores the actor from the session cookie; an ended one signs out
actor = current_actor()
if actor is None:
    # Every page's address shows the sign-in form, and signing in lands on that page when the
    # role may see it: a bookmarked or shared link survives sign-in instead of "Page not found".
    addresses = [
        st.Page(login_page, title=spec.title, url_path=Path(spec.path).stem) for spec in PAGES
    ]
    sign_in = st.Page(login_page, title="Sign in", icon=":material/login:", default=True)
    nav = st.navigation([sign_in, *addresses], position="hidden")
    st.session_state[SIGN_IN_ADDRESS_KEY] = nav.url_path
elif actor.must_change_password:
    # A temporary password (from an admin) opens nothing but the screen that replaces it.
    choose = st.Page(
        change_password_page, title="Choose your password", icon=":material/key:", default=True
    )
    nav = st.navigation([choose], position="hidden")
    with st.sidebar:
        st.button("Sign out", icon=":material/logout:", on_click=sign_out)
else:
    sections: dict[str, list] = {}
    for spec in pages_for(actor.role):
        sections.setdefault(spec.section, []).append(
            st.Page(spec.path, title=spec.title, icon=spec.icon)
        )
    # Every page in view: collapsed, the board's Evaluation pages hid behind "View 5 more".
    nav = st.navigation(sections, expanded=True)
    wanted = st.session_state.pop(AFTER_SIGN_IN_KEY, None)
    if wanted in PAGE_BY_KEY and can_open(actor.role, wanted):
        st.switch_page(PAGE_BY_KEY[wanted].path)
    with st.sidebar:
        st.markdown(f"**{actor.display_name}**  \n{ROLE_LABELS[actor.role]}")
        st.button("Sign out", icon=":material/logout:", on_click=sign_out)
with checked_for_this_run():
    nav.run()
