"""An account deactivated, given another role or with its password reset: the signed-in
session ends at its next rerun, with the reason on the sign-in form and no page drawn."""

import pytest

from gfj_core.db import session_scope
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.accounts import deactivate_account, reset_password, set_role
from tests.conftest import demo_actor
from tests.ui.apptest import app_as, nav_titles, page_text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: deactivate_account(s, username="mentor", actor=SYSTEM), "deactivated"),
        (lambda s: set_role(s, username="mentor", role="staff", actor=SYSTEM), "role changed"),
        (lambda s: reset_password(s, username="mentor", actor=SYSTEM), "password was reset"),
    ],
)
def test_the_next_rerun_after_an_account_change_shows_the_sign_in_form(demo_db, change, reason):
    at = app_as(demo_actor(demo_db, "mentor"))
    assert "Leaders" in nav_titles(at)
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        change(s)
    at.run()
    assert not at.exception
    text = page_text(at)
    assert f"Your {reason}" in text or reason in text, text[:300]
    assert nav_titles(at)[0] == "Sign in"
    assert "Leaders" not in [t.value for t in at.title]


def test_after_choosing_a_password_the_session_is_still_checked_at_every_rerun(demo_db):
    """The choose-a-password screen ends with st.rerun(): the next reruns must still check."""
    from gfj_core.schemas.people import PersonCreate
    from gfj_core.services.accounts import create_account
    from gfj_core.services.auth import authenticate
    from gfj_core.services.people import add_person

    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        p = add_person(s, data=PersonCreate(full_name="Mo Mentor"), actor=SYSTEM)
        temp = create_account(
            s, username="mo", role="mentor", person_id=p.id, actor=SYSTEM
        ).temporary_password
    with session_scope(demo_db, write=True) as s:
        mo = authenticate(s, "mo", temp).actor
    at = app_as(mo)
    at.text_input(key="first_pw_current").input(temp)
    at.text_input(key="first_pw_new").input("mos-own-password")
    at.text_input(key="first_pw_confirm").input("mos-own-password")
    at.button(key="FormSubmitter:first_pw-Save my password").click()
    at.run()
    assert "Leaders" in nav_titles(at)
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        set_role(s, username="mo", role="staff", actor=SYSTEM)
    at.run()
    assert "Your role changed" in page_text(at)
    assert nav_titles(at)[0] == "Sign in"
