"""One definition per count and per light (issue 22): the same milestone counts and the same
checklist light on the overview, each page, presenter mode and the packet, on the demo."""

import io
from datetime import date

from pypdf import PdfReader

from gfj_core.db import session_scope
from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf
from gfj_core.metrics.plan import schedule_counts
from gfj_core.services.checklist import checklist_view
from gfj_core.services.overview import board_overview
from gfj_core.services.timeline import milestone_counts, timeline_view
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_schedule_counts_add_up_and_read_the_same_everywhere_on_the_demo(demo_db):
    board = demo_actor(demo_db, "board")
    today = date.today()
    with session_scope(demo_db) as s:
        counts = milestone_counts(s, today)
        line = schedule_counts(counts)
        timeline = timeline_view(s, today=today, actor=board).counts
        packet = board_packet(s, as_of=today, actor=board)
    # Disjoint states: they add up to the milestones.
    assert counts.on_schedule + counts.slipped_not_late + counts.late == counts.total == 19
    assert timeline == counts
    overview = _flat(page_text(open_page(board, "pages/overview.py")))
    assert line in overview
    assert line in _flat(page_text(open_page(board, "pages/timeline.py")))
    presenter = open_page(board, "pages/presenter.py")
    # Walk the topics with Next until the transition plan (the agenda decides the order).
    for _ in range(12):
        if presenter.title[0].value == "Transition plan":
            break
        presenter.button(key="present_next").click().run()
    assert presenter.title[0].value == "Transition plan"
    assert line.replace("·", "·") in _flat(page_text(presenter))
    pdf = PdfReader(io.BytesIO(render_packet_pdf(packet, charts=False)))
    assert line in _flat(" ".join(p.extract_text() for p in pdf.pages))


def test_the_checklist_light_is_the_same_on_the_overview_and_the_checklist_page(demo_db):
    board = demo_actor(demo_db, "board")
    today = date.today()
    with session_scope(demo_db) as s:
        overview_light = board_overview(s, today=today, actor=board).lights["checklist"]
        page = checklist_view(s, today=today, actor=board)
    assert page.light == overview_light
    if page.totals.overdue:
        # An overdue item never sits under a "Healthy" checklist.
        assert overview_light.level.value == "red"
    text = page_text(open_page(board, "pages/checklist.py"))
    assert overview_light.word in text
