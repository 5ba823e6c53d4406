"""The one call at the top of every page script.

Streamlit may run a page script directly (a fresh server asked for /page before any visitor
loaded the root), skipping app.py and its login gate, so each page checks again here."""

from __future__ import annotations

import streamlit as st

from gfj_core.access import PAGE_BY_KEY, can_open
from gfj_core.schemas.auth import Actor
from ui.state import current_actor


def require_page(page_key: str) -> Actor:
    """The signed-in actor, or stop the script with a message if they may not see this page."""
    actor = current_actor()
    if actor is None:
        st.warning("Please sign in to see this page.")
        st.link_button("Go to sign in", "/")
        st.stop()
    if not can_open(actor.role, page_key):
        title = PAGE_BY_KEY[page_key].title if page_key in PAGE_BY_KEY else page_key
        st.error(f"“{title}” is not available to your role ({actor.role}).")
        st.stop()
    return actor
