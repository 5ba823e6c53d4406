"""The board overview's figures against a small plan worked out by hand."""

from datetime import date

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied
from gfj_core.metrics.lights import Level
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.settings import Band
from gfj_core.scorecard import MAX_TILES
from gfj_core.services.org_settings import set_org_setting
from gfj_core.services.overview import board_overview
from tests import factories as f
from tests.conftest import DEMO_TODAY, bare_actor

TODAY = date(2026, 7, 2)  # 182 days into a 364-day transition: exactly half way
BOARD = bare_actor(Role.board)


@pytest.fixture
def small_plan(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "transition_start_date", "2026-01-01", actor=SYSTEM)
        set_org_setting(s, "planned_handover_date", "2026-12-31", actor=SYSTEM)
        p1 = f.phase(s, "Prepare", date(2026, 1, 1), date(2026, 6, 30), position=1)
        p2 = f.phase(s, "Search", date(2026, 7, 1), date(2026, 12, 31), position=2)
        f.milestone(s, p1, baseline_finish=date(2026, 3, 1), status="done")
        # Late (forecast passed, not done) and slipped (30 Jun after 15 Jun).
        f.milestone(
            s,
            p1,
            baseline_finish=date(2026, 6, 15),
            forecast_finish=date(2026, 6, 30),
            status="on_track",
        )
        # Due within 30 days, on its baseline.
        f.milestone(s, p2, baseline_finish=date(2026, 7, 20), status="on_track")
        # Slipped a month but not yet due.
        f.milestone(s, p2, baseline_finish=date(2026, 8, 1), forecast_finish=date(2026, 9, 1))
        f.checklist_item(s, status="done", authority=True)
        f.checklist_item(s, status="done")
        f.checklist_item(s, status="not_applicable", authority=True)
        f.checklist_item(s, status="in_progress", authority=True)
        f.checklist_item(s, status="in_progress")
        f.leader(s, readiness="ready_1_2_years")
        f.leader(s, readiness="ready_1_2_years")
        f.leader(s, readiness=None)
        f.leader(s, readiness="ready_now", status="left")  # gone: not counted
    return empty_db


def test_overview_counts_match_the_hand_worked_plan(small_plan):
    with session_scope(small_plan) as s:
        ov = board_overview(s, today=TODAY, actor=BOARD)
    assert ov.days_to_handover == 182
    assert ov.transition_elapsed_share == 182 / 364
    assert ov.phase.name == "Search" and ov.phase.position == 2 and ov.phase.phases_total == 2
    m = ov.milestones
    assert (m.total, m.done, m.late, m.due_next_30_days, m.slipped) == (4, 1, 1, 1, 2)
    c = ov.checklist
    assert (c.applicable, c.done, c.authority_total, c.authority_done) == (4, 2, 2, 1)
    assert c.done_share == 0.5 and c.authority_done_share == 0.5
    r = ov.readiness
    assert (r.ready_now, r.ready_1_2_years, r.ready_3_plus_years, r.not_rated) == (0, 2, 0, 1)


def test_overview_lights_follow_the_default_thresholds(small_plan):
    with session_scope(small_plan) as s:
        ov = board_overview(s, today=TODAY, actor=BOARD)
    # 1 late of 3 open milestones = 0.33 > 0.20: Act.
    assert ov.lights["milestones"].level == Level.red
    # Checklist 50% done at 50% of the time: gap 0, Healthy.
    assert ov.checklist_pace_gap == 0.0
    assert ov.lights["checklist"].word == "Healthy"
    # Nobody ready now: Act.
    assert ov.lights["readiness"].word == "Act"


def test_overview_is_refused_to_mentors(small_plan):
    with session_scope(small_plan) as s, pytest.raises(PermissionDenied):
        board_overview(s, today=TODAY, actor=bare_actor(Role.mentor))


def test_demo_tells_a_third_of_the_way_through(demo_db):
    with session_scope(demo_db) as s:
        ov = board_overview(s, today=DEMO_TODAY, actor=BOARD)
    assert ov.demo is True
    assert ov.phase.name == "Search and select"
    assert 0.3 <= ov.transition_elapsed_share <= 0.4
    assert ov.milestones.slipped == 2 and ov.milestones.late == 1
    assert ov.checklist.authority_done * 2 == ov.checklist.authority_total
    assert ov.readiness.total == 7


# --- The scorecard (issue 6) ----------------------------------------------------------------


def _fake_area(monkeypatch, name: str, requires: str):
    """An area tile module whose service is `requires`; its tile would say 'faked'."""
    import sys
    import types

    from gfj_core.metrics.lights import light_for as judge
    from gfj_core.schemas.board import Tile
    from gfj_core.scorecard import component, tile

    mod = types.ModuleType(name)
    mod.REQUIRES = requires

    @tile
    def faked(ctx):
        return Tile(
            key="faked",
            area="fake",
            label="Faked",
            value_text="1",
            value=1.0,
            light=judge(None, BOARD_BAND),
        )

    @component("knowledge_coverage")
    def coverage(ctx):
        from gfj_core.scorecard.index import ComponentScore

        return ComponentScore(score=1.0, formula="faked")

    mod.faked, mod.coverage = faked, coverage
    monkeypatch.setitem(sys.modules, name, mod)
    return mod


BOARD_BAND = Band(red=0, amber=1)


def test_an_area_whose_service_fails_to_import_shows_an_error_tile_not_a_gap(
    small_plan, monkeypatch, caplog
):
    import gfj_core.scorecard as registry
    from gfj_core.services.overview import board_scorecard

    _fake_area(monkeypatch, "tests.fake_area", "gfj_core.services.not_built_yet:figures")
    monkeypatch.setattr(
        registry,
        "AREA_MODULES",
        (("transition", "gfj_core.scorecard.transition"), ("fake", "tests.fake_area")),
    )
    with session_scope(small_plan) as s:
        card = board_scorecard(s, today=TODAY, actor=BOARD)
    keys = [t.key for t in card.tiles]
    assert keys == ["readiness_index", "error:tests.fake_area", "milestones", "exit_checklist"]
    broken = card.tiles[1]
    assert broken.value_text == "Could not be computed" and broken.light.level == Level.none
    assert "server log" in broken.caption and "not_built_yet" not in broken.caption
    assert card.areas_missing == ["fake (could not be computed)"]
    coverage = next(c for c in card.index.components if c.key == "knowledge_coverage")
    assert not coverage.included and "could not be computed" in coverage.reason
    assert "gfj_core.services.not_built_yet failed to import" in caplog.text


def test_a_tile_provider_that_raises_becomes_an_error_tile_and_is_logged(
    small_plan, monkeypatch, caplog
):
    import gfj_core.scorecard as registry
    from gfj_core.services.overview import board_scorecard

    mod = _fake_area(monkeypatch, "tests.fake_area", "gfj_core.services.overview:board_overview")

    def broken(ctx):
        raise ZeroDivisionError("a bug in a provider")

    broken.__scorecard_tile__ = True
    mod.faked = broken
    monkeypatch.setattr(
        registry,
        "AREA_MODULES",
        (("transition", "gfj_core.scorecard.transition"), ("fake", "tests.fake_area")),
    )
    with session_scope(small_plan) as s:
        card = board_scorecard(s, today=TODAY, actor=BOARD)
    assert "error:tests.fake_area.broken" in [t.key for t in card.tiles]
    assert "a bug in a provider" in caplog.text


@pytest.mark.parametrize("role", [Role.board, Role.ceo, Role.treasurer, Role.staff, Role.admin])
def test_every_real_area_computes_on_the_demo_for_every_role(demo_db, role):
    """The loud error tile must never be needed: a real provider that fails fails this test."""
    from gfj_core.scorecard import areas
    from gfj_core.services.overview import board_scorecard

    assert all(a.available for a in areas()), [(a.area, a.reason) for a in areas()]
    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=DEMO_TODAY, actor=bare_actor(role))
    assert not [t.key for t in card.tiles if t.key.startswith("error:")]
    assert not card.areas_missing or all("could not" not in m for m in card.areas_missing)


def test_an_area_whose_service_exists_is_wired(small_plan, monkeypatch):
    import gfj_core.scorecard as registry
    from gfj_core.services.overview import board_scorecard

    _fake_area(monkeypatch, "tests.fake_area", "gfj_core.services.overview:board_overview")
    monkeypatch.setattr(
        registry,
        "AREA_MODULES",
        (("transition", "gfj_core.scorecard.transition"), ("fake", "tests.fake_area")),
    )
    with session_scope(small_plan) as s:
        card = board_scorecard(s, today=TODAY, actor=BOARD)
    assert "faked" in [t.key for t in card.tiles]
    coverage = next(c for c in card.index.components if c.key == "knowledge_coverage")
    assert coverage.included and coverage.score == 1.0


def test_the_scorecard_of_the_small_plan_by_hand(small_plan):
    from gfj_core.services.overview import board_scorecard

    with session_scope(small_plan) as s:
        card = board_scorecard(s, today=TODAY, actor=BOARD)
    tiles = {t.key: t for t in card.tiles}
    assert tiles["milestones"].value_text == "1 of 4"
    assert tiles["exit_checklist"].value_text == "50%"
    assert tiles["leaders_ready"].value_text == "0"
    idx = {c.key: c for c in card.index.components}
    # Leaders: (0 + 1/2 x 2) / 3 = 1/3. Schedule: 4 milestones, 2 late or slipped -> 2/4.
    # Checklist: mean(2/4 done, 1/2 authority) = 0.5.
    assert idx["leader_readiness"].score == pytest.approx(1 / 3)
    assert idx["milestone_schedule"].score == pytest.approx(0.5)
    assert idx["exit_checklist"].score == pytest.approx(0.5)
    # (25/3 + 15 x 0.5 + 20 x 0.5) / 60 = 25.833 / 60 = 43.06 (finance, continuity: no data)
    assert card.index.value == pytest.approx(100 * (25 / 3 + 7.5 + 10) / 60)
    # One trend point per month end from February to June, then today.
    assert len(tiles["milestones"].trend) == 6


def test_the_demo_scorecard_has_at_most_eight_tiles_each_with_light_and_trend(demo_db):
    from gfj_core.services.overview import board_scorecard

    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=DEMO_TODAY, actor=BOARD)
    assert 1 <= len(card.tiles) <= MAX_TILES
    assert card.tiles[0].key == "readiness_index"
    for t in card.tiles:
        assert t.light.word in {"Healthy", "Watch", "Act", "No data"}
        assert len(t.trend) >= 2, t.key
    # The index trend is the figure recorded at the June, September and October board
    # meetings (data/demo/board/meetings.yaml), then today's.
    assert card.tiles[0].trend[:3] == [58.3, 61.7, 67.7]


def test_staff_see_the_scorecard_without_figures_their_role_may_not_read(demo_db):
    from gfj_core.services.overview import board_scorecard

    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=DEMO_TODAY, actor=bare_actor(Role.staff))
    keys = {t.key for t in card.tiles}
    assert "months_of_luna" not in keys  # finance.read is not a staff permission
    assert {"milestones", "exit_checklist", "leaders_ready"} <= keys
