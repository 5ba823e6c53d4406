"""One rule per datum (gfj_core.visibility): the leaks issue 16 measured on the demo, each as a
regression test of the derived view that had its own idea of who may see what."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.exports.packet_pdf import board_packet
from gfj_core.exports.packet_xlsx import render_packet_xlsx
from gfj_core.models import Milestone
from gfj_core.services.digest import since_last_meeting
from gfj_core.services.overview import board_scorecard
from gfj_core.visibility import (
    sees_checklist_items,
    sees_hidden_milestones,
    sees_leaders_by_name,
    sees_private_note,
)
from tests.conftest import DEMO_TODAY, demo_actor
from tests.markers import CHECKLIST_TITLE, HIDDEN_MILESTONE, LEADER_NAME


def _tile(card, key):
    return next(t for t in card.tiles if t.key == key)


def test_the_board_milestone_count_and_drill_down_leave_out_a_milestone_hidden_from_it(marked):
    board, ceo = demo_actor(marked, "board"), demo_actor(marked, "ceo")
    with session_scope(marked) as s:
        everything = s.scalar(select(func.count()).select_from(Milestone))
        shown = s.scalar(select(func.count()).where(Milestone.visible_to_board.is_(True)))
        for_board = board_scorecard(s, today=DEMO_TODAY, actor=board)
        for_ceo = board_scorecard(s, today=DEMO_TODAY, actor=ceo)
    assert for_board.overview.milestones.total == shown == everything - 1
    assert for_ceo.overview.milestones.total == everything
    assert HIDDEN_MILESTONE not in _tile(for_board, "milestones").model_dump_json()
    assert HIDDEN_MILESTONE in _tile(for_ceo, "milestones").model_dump_json()


def test_the_digest_leaves_out_a_milestone_hidden_from_the_board(marked):
    board = demo_actor(marked, "board")
    with session_scope(marked) as s:
        d = since_last_meeting(s, today=DEMO_TODAY, actor=board)
    assert HIDDEN_MILESTONE not in d.model_dump_json()


def test_the_treasurers_packet_holds_no_checklist_row_and_no_hidden_milestone(marked):
    treasurer = demo_actor(marked, "treasurer")
    with session_scope(marked) as s:
        packet = board_packet(s, as_of=DEMO_TODAY, actor=treasurer)
    assert packet.checklist == []
    wb = load_workbook(io.BytesIO(render_packet_xlsx(packet)), read_only=True)
    cells = [str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r]
    assert not any(CHECKLIST_TITLE in c or HIDDEN_MILESTONE in c for c in cells)
    # The aggregate is still there: the checklist's share done.
    assert any("Exit checklist done" in c for c in cells)


def test_the_ceos_packet_is_the_boards_document_without_milestones_hidden_from_the_board(marked):
    with session_scope(marked) as s:
        packet = board_packet(s, as_of=DEMO_TODAY, actor=demo_actor(marked, "ceo"))
    assert HIDDEN_MILESTONE not in packet.model_dump_json()
    assert any(c.title == CHECKLIST_TITLE for c in packet.checklist)


def test_the_treasurers_digest_counts_readiness_and_checklist_changes_without_names(marked):
    treasurer = demo_actor(marked, "treasurer")
    with session_scope(marked) as s:
        d = since_last_meeting(s, today=DEMO_TODAY, actor=treasurer, privacy=False)
    text = d.model_dump_json()
    assert LEADER_NAME not in text and CHECKLIST_TITLE not in text
    by_key = {sec.key: sec for sec in d.sections}
    assert by_key["checklist_done"].items == []
    assert by_key["checklist_done"].summary.startswith("3 exit-checklist items done")  # 2 demo + 1
    assert any("moved up" in i.text for i in by_key["readiness"].items)


def test_the_board_digest_names_the_leader_and_the_checklist_item(marked):
    with session_scope(marked) as s:
        d = since_last_meeting(s, today=DEMO_TODAY, actor=demo_actor(marked, "board"))
    text = d.model_dump_json()
    assert LEADER_NAME in text and CHECKLIST_TITLE in text


def test_each_rule_answers_for_every_role(demo_db):
    expect = {
        # role: hidden milestones, checklist items, leaders by name
        "admin": (True, True, True),
        "board": (False, True, True),
        "treasurer": (False, False, False),
        "ceo": (True, True, True),
        "mentor": (False, False, True),
        "staff": (False, False, False),
    }
    for username, (hidden, checklist, names) in expect.items():
        actor = demo_actor(demo_db, username)
        assert sees_hidden_milestones(actor) is hidden, username
        assert sees_checklist_items(actor) is checklist, username
        assert sees_leaders_by_name(actor) is names, username
        assert sees_private_note(actor, actor.person_id) is (actor.person_id is not None)
        assert sees_private_note(actor, -1) is False
    assert not sees_hidden_milestones(None) and not sees_private_note(None, 1)
