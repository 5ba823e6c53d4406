"""Per-browser-session state: who is signed in, and the one engine per process.

Who is signed in lives in st.session_state (one browser tab's websocket session) and, so that a
refresh or a new tab keeps it, in a server-side session named by an HttpOnly cookie
(gfj_core.services.web_sessions, web/auth_routes.py). `sync_web_session` joins the two once per
rerun, in the router.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import streamlit as st
from sqlalchemy import Engine

from gfj_core.db import get_engine, session_scope
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import Actor
from gfj_core.services.auth import account_still_valid
from gfj_core.services.web_sessions import (
    COOKIE_NAME,
    EndedSession,
    ResumedSession,
    end_session,
    resume_session,
    resume_session_by_id,
    start_session,
    touch_session,
)
from gfj_core.settings import get_settings
from gfj_core.tenancy import (
    DEFAULT_SLUG,
    Organisation,
    database_url_for,
    list_organisations,
    split_cookie,
)
from gfj_core.tenancy.context import set_current
from ui.browser import send_browser_to

ACTOR_KEY = "gfj_actor"
# The page a signed-out visitor asked for, opened once they have signed in.
AFTER_SIGN_IN_KEY = "gfj_after_sign_in"
# The id of the server-side session this tab signed in with (or resumed from the cookie).
WEB_SESSION_KEY = "gfj_web_session"
# Why this tab was signed out, for the sign-in form to say once.
SIGNED_OUT_REASON_KEY = "gfj_signed_out_reason"
# The cookie named a session that has ended: do not look it up again on every rerun.
DEAD_COOKIE_KEY = "gfj_dead_cookie"
# The organisation this tab works for (gfj_core.tenancy), and its database URL: chosen on the
# sign-in screen, by ?org=, or by the session cookie, which names its organisation.
ORG_KEY = "gfj_org"
ORG_URL_KEY = "gfj_org_url"
# Set by the router while it runs a page, so the page's own guard does not look the account up
# a second time in the same rerun. A thread-local, not session state: a change to session state
# made while st.rerun() unwinds the script is not kept, so a flag there could stay set and skip
# every later check. Each session's script runs on its own thread.
_this_run = threading.local()


def database_url() -> str:
    """The database of this tab's organisation (the configured one until one is chosen): every
    engine and every cached read of the tab follows it (ui.data keys its cache on it)."""
    return st.session_state.get(ORG_URL_KEY) or get_settings().database_url


def current_organisation() -> Organisation | None:
    return st.session_state.get(ORG_KEY)


def work_for(org: Organisation) -> None:
    """This tab works for `org` from now on (and so does this script run's thread)."""
    if st.session_state.get(ORG_KEY) != org or ORG_URL_KEY not in st.session_state:
        st.session_state[ORG_KEY] = org
        st.session_state[ORG_URL_KEY] = database_url_for(org)
    set_current(org.slug, st.session_state[ORG_URL_KEY])


def _query_org() -> str | None:
    try:
        value = st.query_params.get("org")
    except Exception:  # no script run context
        return None
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def settle_organisation() -> list[Organisation]:
    """Once per rerun, before the session cookie is read: which organisation this tab works
    for. Signed in, the one it signed in to (an archived one signs the tab out); signed out,
    the one ?org= names, else the one the cookie names, else the only or the default one.
    Returns the active organisations (the sign-in screen offers them)."""
    orgs = list_organisations()
    by_slug = {o.slug: o for o in orgs}
    chosen = current_organisation()
    signed_in = st.session_state.get(ACTOR_KEY) is not None
    if chosen is not None and chosen.slug not in by_slug:
        _forget_everything(keep_org=False)
        st.session_state[DEAD_COOKIE_KEY] = True
        st.session_state[SIGNED_OUT_REASON_KEY] = "This organization is no longer in use."
        chosen, signed_in = None, False
    if not signed_in:
        wanted = _query_org()
        token = _cookie_token()
        if wanted in by_slug:
            chosen = by_slug[wanted]
        elif chosen is None and token:
            chosen = by_slug.get(split_cookie(token)[0])
    if chosen is None:
        chosen = by_slug.get(DEFAULT_SLUG) or orgs[0]
    work_for(chosen)
    return orgs


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


def _cookie_token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # no browser request behind this run (a bare script)
        return None
    # AppTest has no request either: its cookies are a stand-in, not strings.
    return value if isinstance(value, str) and value else None


def _org_token() -> str | None:
    """The cookie's token when the cookie belongs to this tab's organisation: a cookie from
    another organisation is never looked up here (nor could it be found: each organisation's
    sessions are in its own database)."""
    value = _cookie_token()
    if value is None:
        return None
    slug, token = split_cookie(value)
    org = current_organisation()
    if slug != (org.slug if org else DEFAULT_SLUG):
        return None
    return token or None


def sync_web_session() -> None:
    """Once per rerun, before the router reads the actor: after a refresh, restore who is
    signed in from the session cookie; while signed in, notice at once that the server session
    ended (signed out everywhere, idle, expired, account deactivated) and show the sign-in form
    with the reason. One indexed lookup; a write at most once a minute (last seen). First, which
    organisation the tab works for (`settle_organisation`)."""
    settle_organisation()
    bound = st.session_state.get(WEB_SESSION_KEY)
    token = None if st.session_state.get(DEAD_COOKIE_KEY) else _org_token()
    if bound is None and token is None:
        return
    now = utcnow()
    with session_scope(engine()) as s:
        # The session this tab signed in with wins over a cookie the tab loaded with, which may
        # be an older one (the cookie is read once, when the tab connects).
        if bound is not None:
            found = resume_session_by_id(s, bound, now=now)
        else:
            found = resume_session(s, token, now=now)
    if isinstance(found, ResumedSession):
        st.session_state[ACTOR_KEY] = found.actor
        st.session_state[WEB_SESSION_KEY] = found.session_id
        if found.touch_due:
            with session_scope(engine(), write=True) as s:
                touch_session(s, found.session_id, now=now)
        return
    reason = found.reason if isinstance(found, EndedSession) else None
    _forget_everything()
    st.session_state[DEAD_COOKIE_KEY] = True
    if reason:
        st.session_state[SIGNED_OUT_REASON_KEY] = reason


def sign_in(actor: Actor, *, return_to: str = "/") -> None:
    """Sign this tab in, start the server-side session, and send the browser to the route
    that sets its cookie and comes back to `return_to`."""
    with session_scope(engine(), write=True) as s:
        handoff = start_session(s, actor.user_id)
    st.session_state.pop(DEAD_COOKIE_KEY, None)
    st.session_state.pop(SIGNED_OUT_REASON_KEY, None)
    st.session_state[ACTOR_KEY] = actor
    st.session_state[WEB_SESSION_KEY] = handoff.session_id
    org = current_organisation()
    slug = org.slug if org else DEFAULT_SLUG
    send_browser_to(
        f"/auth/session?org={quote(slug)}&nonce={handoff.nonce}&next={quote(return_to, safe='')}"
    )


def sign_in_for_this_tab(actor: Actor) -> None:
    """Single sign-on: Streamlit's own identity cookie already survives a refresh."""
    st.session_state[ACTOR_KEY] = actor


def _forget_everything(*, keep_org: bool = True) -> None:
    # Forget everything this browser session held, not just the actor: drafts may be private.
    # Which organisation the tab is at stays (signed out, it shows that one's sign-in screen).
    kept = (ORG_KEY, ORG_URL_KEY) if keep_org else ()
    for key in list(st.session_state.keys()):
        if key not in kept:
            del st.session_state[key]


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
    except Exception:  # a malformed secrets file must not lock everyone out of local sign-in
        return False


def sign_out(reason: str | None = None) -> None:
    """End the server session (so the cookie is dead even if the browser never reaches
    /auth/signout), forget this tab's state, then clear the cookie; with single sign-on, also
    end the identity provider's session, or the next visitor is signed straight back in.

    With a reason (an administrator deactivated the account, changed its role or reset its
    password), the tab stays where it is and the sign-in form says why."""
    bound = st.session_state.get(WEB_SESSION_KEY)
    token = _org_token()
    if bound is not None or token:
        with session_scope(engine(), write=True) as s:
            end_session(s, session_id=bound, token=token)
    _forget_everything()
    st.session_state[DEAD_COOKIE_KEY] = True
    if reason:
        st.session_state[SIGNED_OUT_REASON_KEY] = reason
        return
    if sso_configured():
        st.logout()
    else:
        send_browser_to("/auth/signout?next=/")


def sign_out_reason() -> str | None:
    return st.session_state.get(SIGNED_OUT_REASON_KEY)
