"""The board overview page draws the service's figures."""

from datetime import date

from gfj_core.db import session_scope
from gfj_core.services.overview import board_overview
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly


def test_overview_shows_the_services_figures(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/overview.py")
    assert not at.exception
    with session_scope(demo_db) as s:
        ov = board_overview(s, today=date.today(), actor=board)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Milestones done"] == f"{ov.milestones.done} of {ov.milestones.total}"
    assert metrics["Leaders ready now"] == str(ov.readiness.ready_now)
    assert metrics["Days to planned handover"] == f"{ov.days_to_handover:,}"
    text = page_text(at)
    assert "Search and select" in text or ov.phase.name in text
    assert "fictional" in text
    assert len(at.get("plotly_chart")) == 2


def test_overview_refuses_a_mentor_even_when_run_directly(demo_db):
    at = run_page_directly(demo_actor(demo_db, "mentor"), "pages/overview.py")
    assert "not available to your role (mentor)" in page_text(at)
    assert not at.metric


def test_overview_refuses_a_stranger_run_directly(demo_db):
    at = run_page_directly(None, "pages/overview.py")
    assert "Please sign in" in page_text(at)
    assert not at.metric
