"""Per-browser-session state: who is signed in, and the one engine per process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine

from gfj_core.db import get_engine, session_scope
from gfj_core.schemas.auth import Actor
from gfj_core.services.auth import account_still_valid
from gfj_core.settings import get_settings

ACTOR_KEY = "gfj_actor"
# The page a signed-out visitor asked for, opened once they have signed in.
AFTER_SIGN_IN_KEY = "gfj_after_sign_in"
# Why the session ended (account deactivated, role changed, password reset): one line shown on
# the sign-in form.
SIGN_OUT_REASON_KEY = "gfj_sign_out_reason"
# Set by the router while it runs a page, so the page's own guard does not look the account up
# a second time in the same rerun. A thread-local, not session state: a change to session state
# made while st.rerun() unwinds the script is not kept, so a flag there could stay set and skip
# every later check. Each session's script runs on its own thread.
_this_run = threading.local()


def database_url() -> str:
    return get_settings().database_url


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return get_engine(url)


def engine() -> Engine:
    return _engine_for(database_url())


def revalidate(actor: Actor) -> Actor | None:
    """The actor if their account is still active with the same role and session epoch (one
    primary-key lookup); otherwise sign out with the reason, and None."""
    with session_scope(engine()) as s:
        reason = account_still_valid(s, actor)
    if reason is not None:
        sign_out(reason)
        return None
    return actor


def current_actor() -> Actor | None:
    """Who is signed in, checked against the database once per rerun: an admin's deactivation,
    role change or password reset ends the session at its next click."""
    actor = st.session_state.get(ACTOR_KEY)
    if actor is None or getattr(_this_run, "checked", False):
        return actor
    return revalidate(actor)


@contextmanager
def checked_for_this_run() -> Iterator[None]:
    """The router has checked the actor; the page it runs now need not check again."""
    _this_run.checked = True
    try:
        yield
    finally:
        _this_run.checked = False


def sign_in(actor: Actor) -> None:
    st.session_state.pop(SIGN_OUT_REASON_KEY, None)
    st.session_state[ACTOR_KEY] = actor


def sign_out(reason: str | None = None) -> None:
    # Forget everything this browser session held, not just the actor: drafts may be private.
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if reason:
        st.session_state[SIGN_OUT_REASON_KEY] = reason


def sign_out_reason() -> str | None:
    return st.session_state.get(SIGN_OUT_REASON_KEY)
