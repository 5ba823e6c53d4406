"""The one call at the top of every page script.

Streamlit may run a page script directly (a fresh server asked for /page before any visitor
loaded the root), skipping app.py and its login gate, so each page checks again here."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gfj_core.access import PAGE_BY_KEY, can_open
from gfj_core.formatting import set_date_style
from gfj_core.schemas.auth import Actor
from ui.state import AFTER_SIGN_IN_KEY, current_actor

ROUTER = str(Path(__file__).resolve().parents[1] / "app.py")


def require_page(page_key: str) -> Actor:
    """The signed-in actor, or stop the script with a message if they may not see this page."""
    actor = current_actor()
    if actor is None:
        # Remember where they were going, then hand over to the router's sign-in form; the
        # router opens this page after sign-in if the role may see it.
        st.session_state[AFTER_SIGN_IN_KEY] = page_key
        st.warning("Please sign in to see this page.")
        st.switch_page(ROUTER)
    if actor.must_change_password:
        st.switch_page(ROUTER)  # the router shows only the choose-a-password screen
    if not can_open(actor.role, page_key):
        title = PAGE_BY_KEY[page_key].title if page_key in PAGE_BY_KEY else page_key
        st.error(f"“{title}” is not available to your role ({actor.role}).")
        st.stop()
    if actor.supporter is None:  # a supporter spans organisations: the default date style
        use_org_date_style(actor)
    return actor


def use_org_date_style(actor: Actor) -> None:
    """Every date this run draws follows the organisation's style (gfj_core.formatting): one
    cached read per run, keyed on the settings table's version."""
    from gfj_core.services.org_settings import org_date_style
    from ui.data import read

    set_date_style(read(org_date_style, actor))
