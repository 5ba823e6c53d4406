"""The board pages' one read of the scorecard and what is built on it
(gfj_core.services.board_reads): the same answers as the three services read apart,
from one computation of the scorecard."""

from __future__ import annotations

import pytest

import gfj_core.scorecard.build as build
from gfj_core.db import session_scope
from gfj_core.services.attention import needs_your_attention
from gfj_core.services.board_reads import board_reads
from gfj_core.services.digest import since_last_meeting
from gfj_core.services.overview import board_scorecard
from tests.conftest import DEMO_TODAY, demo_actor


@pytest.fixture
def scorecards_built(monkeypatch):
    built: list[int] = []
    original = build.build_scorecard

    def counting(*args, **kwargs):
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(build, "build_scorecard", counting)
    return built


@pytest.mark.parametrize("role", ["board", "ceo", "staff"])
def test_one_read_gives_what_the_three_services_give_apart(demo_db, role, scorecards_built):
    actor = demo_actor(demo_db, role)
    with session_scope(demo_db) as s:
        together = board_reads(s, today=DEMO_TODAY, actor=actor)
    assert len(scorecards_built) == 1
    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=DEMO_TODAY, actor=actor)
        attention = needs_your_attention(s, today=DEMO_TODAY, actor=actor)
        sees_meetings = role != "staff"
        digest = since_last_meeting(s, today=DEMO_TODAY, actor=actor) if sees_meetings else None
    assert together.scorecard == card
    assert together.attention == attention
    assert together.digest == digest
    # Staff see the scorecard but no meeting business (gfj_core.access): no digest for them.
    assert (together.digest is None) == (not sees_meetings)


def test_presenter_privacy_keeps_the_digest_to_aggregates_and_leaves_attention_out(
    demo_db, scorecards_built
):
    board = demo_actor(demo_db, "board")
    with session_scope(demo_db) as s:
        together = board_reads(s, today=DEMO_TODAY, actor=board, privacy=True, attention=False)
    assert len(scorecards_built) == 1
    with session_scope(demo_db) as s:
        private = since_last_meeting(s, today=DEMO_TODAY, actor=board, privacy=True)
    assert together.attention is None
    assert together.digest == private
    assert together.scorecard.privacy
