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
