"""First run: no account yet, so the app offers "Set up your organization", never the sign-in
form; a wrong code is refused and keeps everything typed; the right one sets it up for good."""

from datetime import date

from gfj_core.db import session_scope
from gfj_core.services.setup import issue_setup_code
from tests.ui.apptest import app_as, page_text

FIELDS = {
    "organisation_name": "Riverbend Youth Justice",
    "departing_leader": "Dana Cole",
    "departing_leader_title": "Executive Director",
    "admin_name": "Ira Admin",
    "admin_email": "ira@riverbend.example.org",
    "admin_username": "ira",
    "admin_password": "a-long-password",
    "admin_password_again": "a-long-password",
}


def _fill(at, code: str):
    at.text_input(key="setup_setup_code").input(code)
    for field, value in FIELDS.items():
        at.text_input(key=f"setup_{field}").input(value)
    at.date_input(key="setup_transition_start_date").set_value(date(2026, 12, 1))
    at.date_input(key="setup_planned_handover_date").set_value(date(2027, 9, 30))
    at.selectbox(key="setup_fiscal_year_start_month").set_value("July")
    at.button(key="FormSubmitter:setup-Set up the organization").click()
    return at.run()


def test_an_empty_database_shows_the_setup_screen_not_the_sign_in_form(empty_db):
    at = app_as(None)
    text = page_text(at)
    assert "Set up your organization" in text
    assert not [t for t in at.text_input if t.key == "login_username"]


def test_a_wrong_code_is_refused_next_to_its_field_and_keeps_what_was_typed(empty_db):
    with session_scope(empty_db, write=True) as s:
        issue_setup_code(s)
    at = _fill(app_as(None), "WRONG-CODE-0000")
    assert not at.exception
    assert "That setup code is wrong" in page_text(at)
    assert at.text_input(key="setup_organisation_name").value == FIELDS["organisation_name"]
    assert at.text_input(key="setup_admin_username").value == "ira"
    assert "Set up your organization" in page_text(at)


def test_the_right_code_sets_up_the_organisation_and_the_setup_screen_is_gone(empty_db):
    with session_scope(empty_db, write=True) as s:
        code = issue_setup_code(s)
    at = _fill(app_as(None), code)
    assert not at.exception
    text = page_text(at)
    assert "Your organization is set up" in text and "ira" in text
    assert "Riverbend Youth Justice" in text
    again = app_as(None)
    assert "Set up your organization" not in page_text(again)
    at.text_input(key="login_username").input("ira")
    at.text_input(key="login_password").input("a-long-password")
    at.button(key="FormSubmitter:login-Sign in").click()
    at.run()
    assert "People & accounts" in [p["page_name"] for p in at._registered_pages.values()]


def test_problems_are_shown_next_to_each_field(empty_db):
    with session_scope(empty_db, write=True) as s:
        code = issue_setup_code(s)
    at = app_as(None)
    at.text_input(key="setup_setup_code").input(code)
    at.text_input(key="setup_admin_password").input("short")
    at.text_input(key="setup_admin_password_again").input("short")
    at.button(key="FormSubmitter:setup-Set up the organization").click()
    at.run()
    errors = [e.value for e in at.error]
    assert any("at least 8 characters" in e for e in errors), errors
    assert "This is required." in errors, errors
