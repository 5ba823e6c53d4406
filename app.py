"""The router: page config, sign-in, and navigation limited to the viewer's pages. No logic here."""

from __future__ import annotations

import streamlit as st

from gfj_core.access import ROLE_LABELS, pages_for
from ui.login import login_page
from ui.state import current_actor, sign_out
from ui.theme import apply_global_css  # importing ui.theme also registers the chart theme

st.set_page_config(
    page_title="GFJ transition",
    page_icon=":material/diversity_3:",
    layout="wide",
    initial_sidebar_state="expanded",
)

apply_global_css()
actor = current_actor()
if actor is None:
    nav = st.navigation([st.Page(login_page, title="Sign in", icon=":material/login:")])
else:
    sections: dict[str, list] = {}
    for spec in pages_for(actor.role):
        sections.setdefault(spec.section, []).append(
            st.Page(spec.path, title=spec.title, icon=spec.icon)
        )
    # Every page in view: collapsed, the board's Evaluation pages hid behind "View 5 more".
    nav = st.navigation(sections, expanded=True)
    with st.sidebar:
        st.markdown(f"**{actor.display_name}**  \n{ROLE_LABELS[actor.role]}")
        st.button("Sign out", icon=":material/logout:", on_click=sign_out)
nav.run()
