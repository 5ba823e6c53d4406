"""My account: a wrong current password is named next to the field and nothing changes; sign out
and sign out everywhere end the server-side sessions."""

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from gfj_core.db import session_scope
from gfj_core.models import UserAccount, UserSession
from gfj_core.services.auth import authenticate
from tests.conftest import demo_actor
from tests.ui.apptest import APP, app_as, open_page, page_text
from ui.state import ACTOR_KEY, WEB_SESSION_KEY


def test_wrong_current_password_is_refused_and_password_unchanged(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), "pages/account.py")
    assert "My account" in page_text(at)
    at.text_input(key="pw_current").input("not-it")
    at.text_input(key="pw_new").input("another-password")
    at.text_input(key="pw_confirm").input("another-password")
    at.button(key="FormSubmitter:change_password-Change password").click()
    at.run()
    assert "That is not your current password." in page_text(at)
    with session_scope(demo_db, write=True) as s:
        assert authenticate(s, "staff", "demo-staff").actor is not None


def test_password_change_succeeds(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), "pages/account.py")
    at.text_input(key="pw_current").input("demo-staff")
    at.text_input(key="pw_new").input("another-password")
    at.text_input(key="pw_confirm").input("another-password")
    at.button(key="FormSubmitter:change_password-Change password").click()
    at.run()
    assert "Your password has been changed." in page_text(at)
    with session_scope(demo_db, write=True) as s:
        assert authenticate(s, "staff", "another-password").actor is not None


def _feed_client(monkeypatch):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    import web.feeds as feeds
    from tests.conftest import DEMO_TODAY

    monkeypatch.setattr(feeds, "today", lambda: DEMO_TODAY)
    return TestClient(Starlette(routes=feeds.FEED_ROUTES))


def test_the_feed_address_is_shown_once_and_a_new_one_revokes_it(demo_db, monkeypatch):
    at = open_page(demo_actor(demo_db, "board"), "pages/account.py")
    assert "You have no feed address yet." in page_text(at)
    at.button(key="feed_new").click().run()
    assert not at.exception
    (first,) = [c.value for c in at.code]
    assert first.startswith("http://localhost:8501/feeds/") and first.endswith(".ics")
    client = _feed_client(monkeypatch)
    path = "/feeds/" + first.rsplit("/", 1)[1]
    assert client.get(path).status_code == 200
    at.button(key="feed_new").click().run()
    (second,) = [c.value for c in at.code]
    assert second != first
    assert client.get(path).status_code == 404
    assert client.get("/feeds/" + second.rsplit("/", 1)[1]).status_code == 200
    # A fresh visit cannot show the address again (only its hash is stored).
    again = open_page(demo_actor(demo_db, "board"), "pages/account.py")
    assert not again.code
    assert "You have a feed address, made" in page_text(again)


def test_email_choices_offer_only_the_kinds_for_the_role_and_are_saved(demo_db):
    from gfj_core.services.notify import my_preferences

    mentor = demo_actor(demo_db, "mentor")
    at = open_page(mentor, "pages/account.py")
    assert {c.key for c in at.checkbox} == {"pref_mentor_weekly", "pref_owner_due"}
    at.checkbox(key="pref_mentor_weekly").uncheck()
    at.button(key="FormSubmitter:email_preferences-Save email choices").click().run()
    assert "Your email choices are saved." in page_text(at)
    with session_scope(demo_db) as s:
        prefs = {p.kind: p.enabled for p in my_preferences(s, actor=mentor)}
    assert prefs == {"mentor_weekly": False, "owner_due": True, "board_meeting": True}


def _signed_in_through_the_form(username: str):
    """The real sign-in: the form starts a server-side session bound to this tab."""
    at = app_as(None)
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(f"demo-{username}")
    at.button[0].click()
    at.run()
    assert "Signing you in" in page_text(at)
    return at.run()


def _open_sessions(engine, username: str) -> int:
    with session_scope(engine) as s:
        return len(
            s.scalars(
                select(UserSession)
                .join(UserAccount, UserAccount.id == UserSession.user_id)
                .where(UserAccount.username == username, UserSession.ended_at.is_(None))
            ).all()
        )


def test_signing_in_starts_one_server_session_for_the_tab(demo_db):
    at = _signed_in_through_the_form("staff")
    assert at.session_state[WEB_SESSION_KEY] is not None
    assert _open_sessions(demo_db, "staff") == 1


def _next_click(tab) -> AppTest:
    """The router's next run for a tab with this session state. (AppTest forgets st.navigation
    between runs and reruns the page file alone; a real server runs the router every time.)"""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key in (ACTOR_KEY, WEB_SESSION_KEY):
        at.session_state[key] = tab.session_state[key]
    return at.run()


def test_sign_out_everywhere_ends_every_session_and_shows_the_sign_in_form(demo_db):
    other_tab = _signed_in_through_the_form("staff")
    at = _signed_in_through_the_form("staff")
    board = _signed_in_through_the_form("board")
    assert _open_sessions(demo_db, "staff") == 2
    at.switch_page("pages/account.py").run()
    [everywhere] = [b for b in at.button if b.label == "Sign out everywhere"]
    everywhere.click().run()
    assert _open_sessions(demo_db, "staff") == 0
    assert _open_sessions(demo_db, "board") == 1
    assert "Demo sign-ins" in page_text(at)  # this tab: the sign-in form
    # The other tab, at its next click: the sign-in form, saying why, and no data.
    later = _next_click(other_tab)
    text = page_text(later)
    assert "You were signed out everywhere" in text
    assert "Demo sign-ins" in text and "leadership transition" not in text
    assert ACTOR_KEY not in later.session_state
    # Someone else's tab is untouched.
    assert "leadership transition" in page_text(_next_click(board))


def test_signing_out_ends_the_tabs_server_session(demo_db):
    at = _signed_in_through_the_form("board")
    [sign_out] = [b for b in at.sidebar.button if b.label == "Sign out"]
    sign_out.click().run()
    assert _open_sessions(demo_db, "board") == 0
    assert "Wrong username" not in page_text(at) and "Demo sign-ins" in page_text(at)


def test_with_single_sign_on_sign_out_also_ends_the_providers_session(demo_db, monkeypatch):
    """On a shared board-room computer, the next visitor must not be signed straight back in."""
    import streamlit

    logouts = []
    monkeypatch.setattr(streamlit, "logout", lambda: logouts.append(True))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "id",
        "client_secret": "secret",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    }
    at.run()
    at.text_input(key="login_username").input("board")
    at.text_input(key="login_password").input("demo-board")
    at.button[0].click()
    at.run()
    at.run()
    [sign_out] = [b for b in at.sidebar.button if b.label == "Sign out"]
    sign_out.click().run()
    assert logouts == [True]
    assert _open_sessions(demo_db, "board") == 0
