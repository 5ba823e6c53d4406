"""My account: a wrong current password is named next to the field and nothing changes."""

from gfj_core.db import session_scope
from gfj_core.services.auth import authenticate
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text


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
