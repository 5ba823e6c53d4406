"""Organization settings: a refused save keeps the input and names the problem; a save confirms
and is audited; a stale save is refused; the CEO edits the transition only."""

from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import AuditLog
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.org_settings import load_org_settings, set_org_setting
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text

PAGE = "pages/settings.py"


def _errors(at) -> str:
    return " ".join(e.value for e in at.error)


def test_a_refused_threshold_keeps_the_input_and_says_why(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), PAGE)
    assert not at.exception
    at.number_input(key="settings_thr_months_of_cash_red").set_value(5.0)  # above amber (3)
    at.button(key="FormSubmitter:settings_thresholds_form-Save thresholds").click()
    at.run()
    assert "red must not be above amber" in _errors(at)
    assert at.number_input(key="settings_thr_months_of_cash_red").value == 5.0
    with session_scope(demo_db) as s:
        assert load_org_settings(s).thresholds["months_of_cash"].red == 1


def test_a_preview_shows_how_todays_lights_would_change_before_saving(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), PAGE)
    at.number_input(key="settings_thr_months_of_cash_red").set_value(2.9)
    at.number_input(key="settings_thr_months_of_cash_amber").set_value(50.0)
    at.button(key="FormSubmitter:settings_thresholds_form-Preview lights").click()
    at.run()
    frame = at.dataframe[0].value
    row = frame[frame["Measure"] == "Months of cash"].iloc[0]
    assert row["With the thresholds typed"] in ("Watch", "Act")
    with session_scope(demo_db) as s:
        assert load_org_settings(s).thresholds["months_of_cash"].amber == 3


def test_saving_the_transition_confirms_and_is_audited(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert not at.exception
    at.date_input(key="settings_transition_handover").set_value(date(2027, 10, 15))
    at.button(key="FormSubmitter:settings_transition_form-Save transition").click()
    at.run()
    assert "Transition saved." in page_text(at)
    with session_scope(demo_db) as s:
        assert load_org_settings(s).planned_handover_date == date(2027, 10, 15)
        audited = s.scalars(
            select(AuditLog).where(
                AuditLog.entity == "setting", AuditLog.entity_id == "planned_handover_date"
            )
        ).all()
    assert audited


def test_the_ceo_cannot_change_the_admins_groups(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert at.text_input(key="settings_organisation_name").disabled
    assert at.button(key="FormSubmitter:settings_thresholds_form-Save thresholds").disabled


def test_a_stale_save_is_refused_and_says_what_changed(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), PAGE)
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "organisation_name", "Someone Else's Name", actor=SYSTEM)
    at.text_input(key="settings_organisation_name").input("My Name")
    at.button(key="FormSubmitter:settings_organisation_form-Save organization").click()
    at.run()
    assert "Someone else saved these settings" in _errors(at)
    assert "Someone Else's Name" in _errors(at)
    assert at.text_input(key="settings_organisation_name").value == "My Name"
    with session_scope(demo_db) as s:
        assert load_org_settings(s).organisation_name == "Someone Else's Name"
