"""Signing in with several organisations (issue 20, item 1): the sign-in screen picks the
organisation (or ?org= does), the tab then works on that organisation's database only, and a
session cookie from one organisation never opens another. With one organisation nothing
changes: no picker."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from gfj_core import tenancy
from gfj_core.db import session_scope
from gfj_core.demo import load_demo
from gfj_core.models import UserAccount, UserSession
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.org_settings import set_org_setting
from gfj_core.services.web_sessions import redeem_handoff, start_session
from tests.ui.apptest import APP, TIMEOUT, app_as, page_text
from ui.state import ACTOR_KEY, ORG_KEY

RIVERSIDE = "Riverside Tenants Union"


@pytest.fixture
def riverside(demo_db):
    """The demo as the default organisation, and a second demo organisation named Riverside."""
    org = tenancy.add_organisation(RIVERSIDE)
    load_demo(tenancy.engine_for(org))
    with tenancy.org_session(org, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "organisation_name", RIVERSIDE, actor=SYSTEM)
    return org


def _picker(at: AppTest):
    found = [s for s in at.selectbox if s.label == "Organization"]
    return found[0] if found else None


def _sessions(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(UserSession))


def _token_for(org, username: str) -> str:
    """A real signed-in session of `username` in `org`: its cookie's token."""
    with tenancy.org_session(org, write=True) as s:
        user_id = s.scalar(select(UserAccount.id).where(UserAccount.username == username))
        handoff = start_session(s, user_id)
        return redeem_handoff(s, handoff.nonce).token


def test_with_one_organisation_the_sign_in_screen_has_no_picker(demo_db):
    at = app_as(None)
    assert _picker(at) is None
    assert at.text_input(key="login_username") is not None


def test_signing_in_picks_the_organisation_and_works_only_in_its_database(demo_db, riverside):
    at = app_as(None)
    picker = _picker(at)
    assert picker is not None
    assert picker.options == ["The Gathering for Justice", RIVERSIDE]
    assert at.title[0].value == "The Gathering for Justice"
    picker.set_value(riverside.slug).run()
    assert at.title[0].value == RIVERSIDE
    assert at.query_params["org"] == riverside.slug
    at.text_input(key="login_username").input("admin")
    at.text_input(key="login_password").input("demo-admin")
    at.button[0].click()
    at.run()
    assert at.session_state[ACTOR_KEY].username == "admin"
    assert at.session_state[ORG_KEY].slug == riverside.slug
    assert _sessions(tenancy.engine_for(riverside)) == 1
    assert _sessions(demo_db) == 0
    at.run()
    assert not at.exception
    assert "leadership transition" in page_text(at)


def test_an_address_with_org_opens_that_organisations_sign_in(demo_db, riverside):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["org"] = riverside.slug
    at.run()
    assert at.title[0].value == RIVERSIDE
    assert _picker(at).value == riverside.slug


def _with_cookie(monkeypatch, value: str, org: str | None = None) -> AppTest:
    monkeypatch.setattr("ui.state._cookie_token", lambda: value)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if org:
        at.query_params["org"] = org
    return at.run()


def test_a_session_cookie_from_one_organisation_is_refused_by_another(
    demo_db, riverside, monkeypatch
):
    default = tenancy.get_organisation("default")
    token = _token_for(default, "admin")
    # Control: the cookie opens its own organisation.
    at = _with_cookie(monkeypatch, tenancy.cookie_value("default", token))
    assert at.session_state[ACTOR_KEY].username == "admin"
    assert at.session_state[ORG_KEY].slug == "default"
    # At Riverside's address the default organisation's cookie opens nothing...
    at = _with_cookie(monkeypatch, tenancy.cookie_value("default", token), riverside.slug)
    assert ACTOR_KEY not in at.session_state
    assert at.text_input(key="login_username") is not None
    # ...nor does the same token relabelled as Riverside's (same username, same user id there).
    at = _with_cookie(monkeypatch, tenancy.cookie_value(riverside.slug, token), riverside.slug)
    assert ACTOR_KEY not in at.session_state
    at = _with_cookie(monkeypatch, tenancy.cookie_value(riverside.slug, token))
    assert ACTOR_KEY not in at.session_state
    # Riverside's own cookie opens Riverside, wherever the tab starts.
    own = tenancy.cookie_value(riverside.slug, _token_for(riverside, "board"))
    at = _with_cookie(monkeypatch, own)
    assert at.session_state[ACTOR_KEY].username == "board"
    assert at.session_state[ORG_KEY].slug == riverside.slug
    assert at.session_state["gfj_org_url"] == tenancy.database_url_for(riverside)
    assert not at.exception


def test_an_archived_organisation_signs_its_tabs_out(demo_db, riverside):
    from tests.conftest import demo_actor

    board = demo_actor(tenancy.engine_for(riverside), "board")
    tenancy.archive_organisation(riverside.slug)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[ACTOR_KEY] = board
    at.session_state[ORG_KEY] = riverside
    at.run()
    assert ACTOR_KEY not in at.session_state
    assert "no longer in use" in page_text(at)
    assert at.session_state[ORG_KEY].slug == "default"
    assert _picker(at) is None  # one organisation in use again
