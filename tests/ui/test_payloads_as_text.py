"""HTML and script payloads typed into free-text fields come back as text (AppTest side; the
browser side is tests/e2e/test_payloads.py). Where a page shows the text in a table it must be the
cell's literal value; where it shows it in markdown, the element must not allow HTML, and the
text a person reads must be exactly what was typed."""

import re

import pytest

from tests.conftest import demo_actor
from tests.payloads import IMG, SCRIPT, Seeded, seed_payloads
from tests.ui.apptest import open_page, open_tab

MARKDOWN_KINDS = ("markdown", "caption", "info", "warning", "error", "success", "title", "header")


@pytest.fixture
def seeded(demo_db) -> Seeded:
    return seed_payloads(demo_db)


def _cells(at) -> set[str]:
    return {str(v) for d in at.dataframe for column in d.value.columns for v in d.value[column]}


def _markdown_holding(at, tag: str) -> list:
    return [el for kind in MARKDOWN_KINDS for el in getattr(at, kind) if tag in str(el.proto.body)]


def _as_read(body: str) -> str:
    """Markdown source as a person reads it: backslash escapes are not on screen."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", body)  # any ASCII punctuation


def _assert_inert(elements) -> None:
    """Markdown showing user text never allows HTML: Streamlit then shows any tag as text
    (seen in Chromium by tests/e2e/test_payloads.py)."""
    for el in elements:
        assert not getattr(el.proto, "allow_html", False), el.proto.body


def test_a_milestone_note_is_a_table_cell_on_the_timeline(demo_db, seeded):
    at = open_page(demo_actor(demo_db, "ceo"), "pages/timeline.py")
    assert not at.exception
    assert seeded.notes in _cells(at)
    _assert_inert(_markdown_holding(at, "MilestoneNote"))


def test_a_board_decision_is_escaped_text_on_the_meetings_page(demo_db, seeded):
    at = open_page(demo_actor(demo_db, "board"), "pages/meetings.py")
    at = open_tab(at, "meetings_tab", "Meeting record")
    at.selectbox(key="meeting_choice").set_value(seeded.meeting_id)
    at.run()
    assert not at.exception
    shown = _markdown_holding(at, "MeetingDecision")
    assert shown, "the decision is not on the page"
    _assert_inert(shown)
    # A person reads the decision exactly as typed (the markdown escapes are not on screen).
    assert any(_as_read(el.proto.body) == f"- {seeded.decision}" for el in shown)


def test_a_survey_answer_is_a_table_cell_on_the_surveys_page(demo_db, seeded):
    at = open_page(demo_actor(demo_db, "admin"), "pages/surveys.py")
    at.selectbox(key="sv_survey").set_value(seeded.survey_key).run()
    assert not at.exception
    assert seeded.answer in _cells(at)
    _assert_inert(_markdown_holding(at, "SurveyAnswer"))


def test_a_sessions_shared_notes_are_inert_on_the_leader_profile(demo_db, seeded):
    at = open_page(demo_actor(demo_db, "mentor"), "pages/leader_profile.py")
    at.selectbox(key="profile_pick").set_value(seeded.leader_id).run()
    assert not at.exception
    shown = _markdown_holding(at, "SessionNotes")
    assert shown, "the shared notes are not on the page"
    _assert_inert(shown)
    assert any(seeded.shared_notes in _as_read(el.proto.body) for el in shown)


def test_the_payloads_are_the_ones_the_browser_test_looks_for():
    # Guards the e2e test's dialog check: both payloads would run script if rendered as HTML.
    assert SCRIPT == "<script>alert(1)</script>" and IMG == "<img src=x onerror=alert(1)>"
