"""Withdrawn consent removes a story from every view and export (issue 15).

Every reader of the `story` table, found with `grep -rn "Story\\b\\|story" gfj_core ui pages`:
- gfj_core.services.legacy: list_stories, get_story (the Legacy page's cards, filters and
  counts per value) and consented_story_count (the "Stories and testimonials cleared to share"
  measure, read by the Targets page through gfj_core.services.targets);
- gfj_core.services.community.list_programmes (the stories counted per program);
- gfj_core.services.audit_trail.record_history (the History panel: story editors only).
The scorecard, the digest, the presenter (which draws the privacy scorecard and the digest), the
board packet (PDF and Excel) and the CSV downloads read no story text; this test proves that
too, so a new reader that leaks a withdrawn story fails here.

A consented demo story is shown to the board; a staff member withdraws its consent in the
story table; then the board, on each of those surfaces, no longer sees it or counts it."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied
from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf
from gfj_core.exports.packet_xlsx import render_packet_xlsx
from gfj_core.models import Story
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.evaluation import StoryChanges
from gfj_core.services import community as cm
from gfj_core.services import legacy as lg
from gfj_core.services import targets as tg
from gfj_core.services.audit_trail import record_history
from gfj_core.services.digest import since_last_meeting
from gfj_core.services.overview import board_scorecard
from tests.conftest import DEMO_TODAY, bare_actor, demo_actor
from tests.ui.apptest import open_page, page_text

TITLE = "Finding my voice in a circle"
STORYTELLER = "Keisha, 17, Harlem"
PROGRAMME = "Youth leadership circles"
KPI = "legacy.consented_stories"


def _everything_the_board_reads(engine, board) -> dict:
    """Each surface: the story's text as the board gets it, and the figures that count it."""
    with session_scope(engine) as s:
        story_id = s.scalar(select(Story.id).where(Story.title == TITLE))
        stories = lg.list_stories(s, actor=board)
        try:
            lg.get_story(s, story_id=story_id, actor=board)
            fetched = True
        except NotFound:
            fetched = False
        kpi = next(k for k in tg.list_kpis(s, as_of=date.today(), actor=board) if k.key == KPI)
        programmes = {p.name: p for p in cm.list_programmes(s, actor=board)}
        card = board_scorecard(s, today=DEMO_TODAY, actor=board)
        presenter = board_scorecard(s, today=DEMO_TODAY, actor=board, privacy=True)
        digest = since_last_meeting(s, today=DEMO_TODAY, actor=board, privacy=True)
        packet = board_packet(s, as_of=DEMO_TODAY, actor=board)
    pdf = PdfReader(io.BytesIO(render_packet_pdf(packet, charts=False)))
    workbook = load_workbook(io.BytesIO(render_packet_xlsx(packet)))
    cells = " ".join(
        str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row
    )
    return {
        "story_id": story_id,
        "listed": any(x.title == TITLE for x in stories.stories),
        "fetched": fetched,
        "per_value": stories.by_value["Responsibility"],
        "kpi": kpi.current,
        "programme_stories": programmes[PROGRAMME].stories,
        "texts": {
            "scorecard": card.model_dump_json(),
            "presenter": presenter.model_dump_json() + digest.model_dump_json(),
            "digest": digest.model_dump_json(),
            "packet": packet.model_dump_json(),
            "packet PDF": " ".join(page.extract_text() for page in pdf.pages),
            "packet Excel": cells,
        },
    }


def test_withdrawn_consent_removes_the_story_from_every_view_and_export(demo_db):
    board, staff = bare_actor(Role.board), demo_actor(demo_db, "staff")
    before = _everything_the_board_reads(demo_db, board)
    assert before["listed"] and before["fetched"]
    legacy_page = page_text(open_page(demo_actor(demo_db, "board"), "pages/legacy.py"))
    assert TITLE in legacy_page

    with session_scope(demo_db, write=True, actor=staff) as s:
        version = s.get(Story, before["story_id"]).version
        lg.save_story_table(
            s,
            [
                RowEdit(
                    id=before["story_id"],
                    expected_version=version,
                    changes=StoryChanges(consent=False),
                )
            ],
            actor=staff,
        )

    after = _everything_the_board_reads(demo_db, board)
    assert not after["listed"], "the Legacy page's story list"
    assert not after["fetched"], "one story by id"
    assert after["per_value"] == before["per_value"] - 1, "stories per value"
    assert after["kpi"] == before["kpi"] - 1, "the cleared-to-share measure (Targets page)"
    assert after["programme_stories"] == before["programme_stories"] - 1, "stories per program"
    for surface, text in after["texts"].items():
        assert TITLE not in text and STORYTELLER not in text, surface
    legacy_page = page_text(open_page(demo_actor(demo_db, "board"), "pages/legacy.py"))
    assert TITLE not in legacy_page and STORYTELLER not in legacy_page
    with session_scope(demo_db) as s, pytest.raises(PermissionDenied):
        record_history(s, entity="story", entity_id=before["story_id"], actor=board)
    # Its editors still see it, marked, and can give consent again.
    with session_scope(demo_db) as s:
        mine = lg.get_story(s, story_id=before["story_id"], actor=staff)
    assert not mine.consent and mine.consent_on is None
