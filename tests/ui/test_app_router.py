"""The router: sign-in first, then exactly the pages each role may see."""

from pathlib import Path

import pytest

from gfj_core.access import PAGES, Role, pages_for
from tests.conftest import demo_actor
from tests.ui.apptest import app_as, nav_titles, page_text

# Written out by hand, not derived from gfj_core.access: this is the contract.
# One line per page: its sidebar title and the roles that see it.
PAGE_ROLES = {
    # Issue 20: a supporter's staff see the portfolio and nothing of any organisation's pages.
    "Portfolio": {"portfolio"},
    "My mentees": {"mentor"},
    "Board overview": {"admin", "board", "treasurer", "ceo", "staff"},
    "Board meetings": {"admin", "board", "ceo"},
    "Presenter mode": {"admin", "board", "ceo"},
    "Timeline": {"admin", "board", "ceo", "staff"},
    "Exit checklist": {"admin", "board", "ceo"},
    "Continuity & handover": {"admin", "board", "ceo"},
    "Leaders": {"admin", "board", "ceo", "mentor"},
    "Leader profile": {"admin", "board", "ceo", "mentor"},
    "Log a session": {"mentor", "ceo"},
    "Assessments": {"mentor", "ceo"},
    "Manage the pipeline": {"admin", "ceo", "mentor"},
    "Programs": {"admin", "treasurer", "ceo"},
    # Issue 15: training, exposure and outcomes; a mentor records for their own mentees.
    "Leader development": {"admin", "ceo", "mentor"},
    "Audit trail": {"admin"},
    "Backups": {"admin"},
    "Notifications": {"admin"},
    "People & accounts": {"admin", "ceo"},
    "Organization settings": {"admin", "ceo"},
    "Finances": {"admin", "board", "treasurer", "ceo"},
    "Import data": {"admin", "treasurer", "ceo"},
    "Surveys": {"admin", "board", "ceo", "staff"},
    "Community engagement": {"admin", "board", "ceo", "staff"},
    "Legacy & values": {"admin", "board", "ceo", "staff"},
    "Advocacy & influence": {"admin", "board", "ceo", "staff"},
    "Succession targets": {"admin", "board", "ceo"},
    "My account": {"admin", "board", "treasurer", "ceo", "mentor", "staff"},
}
EXPECTED_PAGES = {
    role: {title for title, roles in PAGE_ROLES.items() if role in roles}
    for role in ("admin", "board", "treasurer", "ceo", "mentor", "staff")
}
USER_FOR_ROLE = {
    "admin": "admin",
    "board": "board",
    "treasurer": "treasurer",
    "ceo": "ceo",
    "mentor": "mentor",
    "staff": "staff",
}


@pytest.mark.parametrize("role", list(EXPECTED_PAGES))
def test_each_role_sees_exactly_its_pages(demo_db, role):
    at = app_as(demo_actor(demo_db, USER_FOR_ROLE[role]))
    assert not at.exception
    assert set(nav_titles(at)) == EXPECTED_PAGES[role]
    assert set(nav_titles(at)) == {p.title for p in pages_for(Role(role))}


def test_board_and_mentor_see_different_page_lists(demo_db):
    board = set(nav_titles(app_as(demo_actor(demo_db, "board"))))
    mentor = set(nav_titles(app_as(demo_actor(demo_db, "mentor"))))
    assert board != mentor
    assert "Board overview" in board and "Board overview" not in mentor


def test_a_stranger_gets_only_the_sign_in_page_with_demo_logins(demo_db):
    at = app_as(None)
    registered = list(at._registered_pages.values())
    assert registered[0]["page_name"] == "Sign in"
    # Every page's address is registered so a link survives sign-in, but each one is the
    # sign-in form (a callable, no page file): a stranger reaches no page script at all.
    assert {r["url_pathname"] for r in registered[1:]} == {Path(spec.path).stem for spec in PAGES}
    assert all(r["script_path"] == "" for r in registered)
    text = page_text(at)
    assert "demo-board" in text and "Demo sign-ins" in text


def test_signing_in_with_a_wrong_password_says_so_and_keeps_the_username(demo_db):
    at = app_as(None)
    at.text_input(key="login_username").input("board")
    at.text_input(key="login_password").input("wrong")
    at.button[0].click()
    at.run()
    assert "Wrong username or password." in page_text(at)
    assert at.text_input(key="login_username").value == "board"


def test_signing_in_opens_the_board_overview(demo_db):
    at = app_as(None)
    at.text_input(key="login_username").input("board")
    at.text_input(key="login_password").input("demo-board")
    at.button[0].click()
    at.run()
    at.run()
    assert "leadership transition" in page_text(at)


def test_demo_logins_are_hidden_without_the_demo(empty_db):
    at = app_as(None)
    assert "demo-board" not in page_text(at)


def test_a_mentor_lands_on_my_mentees_with_log_a_session_first(demo_db):
    at = app_as(demo_actor(demo_db, "mentor"))
    assert not at.exception
    assert nav_titles(at)[0] == "My mentees"
    assert at.title[0].value == "My mentees"
    # The first thing on the page a mentor can press is "Log a session".
    first = at.main.button[0]
    assert (first.label, first.key) == ("Log a session", "mm_log")
