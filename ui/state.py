"""Per-browser-session state: who is signed in, and the one engine per process."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from gfj_core.db import get_engine
from gfj_core.schemas.auth import Actor
from gfj_core.settings import get_settings

ACTOR_KEY = "gfj_actor"
# The page a signed-out visitor asked for, opened once they have signed in.
AFTER_SIGN_IN_KEY = "gfj_after_sign_in"


def database_url() -> str:
    return get_settings().database_url


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return get_engine(url)


def engine() -> Engine:
    return _engine_for(database_url())


def current_actor() -> Actor | None:
    return st.session_state.get(ACTOR_KEY)


def sign_in(actor: Actor) -> None:
    st.session_state[ACTOR_KEY] = actor


def sign_out() -> None:
    # Forget everything this browser session held, not just the actor: drafts may be private.
    for key in list(st.session_state.keys()):
        del st.session_state[key]
