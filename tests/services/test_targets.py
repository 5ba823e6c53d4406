"""Succession targets: the board sets a target for a KPI (its baseline measured that day), and
the board view shows each KPI's progress, where it should be by now, and its light. Figures are
worked out by hand from a small organisation built in the test."""

from datetime import date

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.metrics.lights import Level
from gfj_core.models import Milestone, SuccessionTarget
from gfj_core.schemas.evaluation import CampaignCreate, EventCreate, InfluenceCreate, TargetSet
from gfj_core.services import impact as im
from gfj_core.services import targets as tg
from gfj_core.services.community import record_event
from tests import factories as f
from tests.conftest import bare_actor

STAFF = bare_actor(Role.staff)
BOARD = bare_actor(Role.board)
CEO = bare_actor(Role.ceo)

# Targets set on 1 Jan 2026 with a deadline 200 days later (20 Jul 2026); viewed on 11 Apr 2026,
# 100 days in, so every target should be half way (expected progress 0.5).
SET_ON = date(2026, 1, 1)
DEADLINE = date(2026, 7, 20)
VIEW = date(2026, 4, 11)


def influence(s, kind: str, when: date) -> None:
    im.add_influence(
        s, data=InfluenceCreate(kind=kind, title=f"{kind} {when}", organisation="Org",
                                occurred_on=when), actor=STAFF,
    )  # fmt: skip


def target(s, kpi: str, value: float, deadline: date = DEADLINE, note: str | None = None):
    return tg.set_target(
        s, data=TargetSet(kpi_key=kpi, target_value=value, deadline=deadline, note=note),
        as_of=SET_ON, actor=BOARD,
    )  # fmt: skip


@pytest.fixture
def org(empty_db):
    """What stood on 1 Jan 2026, the targets the board set that day, and what happened next."""
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        influence(s, "adoption", date(2025, 6, 1))  # adoptions to date: 1
        influence(s, "speaking", date(2025, 3, 1))  # speaking in the 12 months to 1 Jan: 1
        ph = f.phase(s, "Transition", date(2025, 1, 1), date(2027, 12, 31))
        for n in range(2):  # two milestones late on 1 Jan (forecast 1 Dec 2025, not done)
            f.milestone(s, ph, baseline_finish=date(2025, 12, 1), title=f"Late {n}")
    with session_scope(empty_db, write=True, actor=BOARD) as s:
        target(s, "influence.adoptions", 5)  # from 1 to 5
        target(s, "influence.speaking_12m", 5)  # from 1 to 5
        target(s, "influence.publications_12m", 10)  # from 0 to 10
        target(s, "advocacy.wins_12m", 1)  # from 0 to 1
        target(s, "transition.milestones_late", 0)  # from 2 down to 0
        target(s, "community.feedback_12m", 4.0)  # no events yet: no baseline
        target(s, "surveys.values_alignment", 4.2)  # no round: nothing to measure
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        influence(s, "adoption", date(2026, 2, 1))
        influence(s, "adoption", date(2026, 3, 1))  # adoptions 3: (3 - 1) / 4 = 0.5
        influence(s, "speaking", date(2026, 2, 1))  # the Mar 2025 talk has left the window: 1
        for when in (date(2026, 1, 20), date(2026, 2, 20)):
            influence(s, "publication", when)
        influence(s, "citation", date(2026, 3, 20))  # 3 of 10: 0.3
        im.add_campaign(
            s, data=CampaignCreate(name="Raise the Age", jurisdiction="NY", issue="youth_justice",
                                  stage="won", org_role="led", started_on=date(2025, 1, 1),
                                  decided_on=date(2026, 3, 1)), actor=STAFF,
        )  # fmt: skip
        s.scalar(select(Milestone).where(Milestone.title == "Late 0")).status = "done"  # late 1
        record_event(
            s, data=EventCreate(name="Circle", held_on=date(2026, 2, 1), kind="meeting",
                                state="NY", participants=20, new_participants=5,
                                feedback_score=3.5, feedback_count=10), actor=STAFF,
        )  # fmt: skip
    return empty_db


def test_each_target_shows_its_progress_against_the_time_elapsed_with_its_light(org):
    with session_scope(org) as s:
        board = tg.targets_board(s, as_of=VIEW, actor=BOARD)
    rows = {r.kpi.key: r for r in board.rows}

    def seen(key):
        r = rows[key]
        return (r.kpi.current, r.target.baseline_value, r.progress, r.expected, r.status,
                r.light.level)  # fmt: skip

    # 1 -> 3 of the way to 5: (3 - 1) / (5 - 1) = 0.5, as expected after 100 of 200 days.
    assert seen("influence.adoptions") == (3.0, 1.0, 0.5, 0.5, "On pace", Level.green)
    # 1 -> 1 of the way to 5: no progress, 0.5 behind the time elapsed.
    assert seen("influence.speaking_12m") == (1.0, 1.0, 0.0, 0.5, "Well behind", Level.red)
    # 0 -> 3 of 10: 0.3, 0.2 behind: within 25 points.
    assert seen("influence.publications_12m") == (3.0, 0.0, 0.3, 0.5, "Behind", Level.amber)
    # One win, the target: met (shown as the whole way).
    assert seen("advocacy.wins_12m") == (1.0, 0.0, 1.0, 0.5, "Met", Level.green)
    # Lower is better: 2 late -> 1 late, target 0: (1 - 2) / (0 - 2) = 0.5.
    assert seen("transition.milestones_late") == (1.0, 2.0, 0.5, 0.5, "On pace", Level.green)
    # Measured now (3.5 from one event) but not then: no progress to measure, not yet met.
    assert seen("community.feedback_12m") == (3.5, None, None, 0.5, "Not yet met", Level.amber)
    # No round of the survey: nothing to measure at all.
    assert seen("surveys.values_alignment") == (None, None, None, 0.5, "No data", Level.none)
    assert board.counts == {"Healthy": 3, "Watch": 2, "Act": 1, "No data": 1}
    untargeted = [r for r in board.rows if r.target is None]
    assert untargeted and all(
        r.status == "No target" and r.light.level == Level.none for r in untargeted
    )
    assert len(board.rows) - len(untargeted) == 7


def test_past_the_deadline_a_target_not_met_is_overdue_and_a_met_one_stays_met(org):
    with session_scope(org) as s:
        board = tg.targets_board(s, as_of=date(2026, 7, 21), actor=BOARD)
    rows = {r.kpi.key: r for r in board.rows}
    adoptions = rows["influence.adoptions"]
    assert (adoptions.status, adoptions.light.level, adoptions.expected) == (
        "Overdue",
        Level.red,
        1.0,
    )
    assert rows["advocacy.wins_12m"].status == "Met"


def test_rows_follow_the_areas_in_the_pages_order(org):
    with session_scope(org) as s:
        board = tg.targets_board(s, as_of=VIEW, actor=CEO)
    order = {a: i for i, a in enumerate(tg.AREAS)}
    ranks = [order[r.kpi.area] for r in board.rows]
    assert ranks == sorted(ranks)
    assert board.areas == [a for a in tg.AREAS if a in {r.kpi.area for r in board.rows}]


def test_changing_a_target_keeps_its_baseline_and_start_and_a_stale_form_is_refused(org):
    with session_scope(org) as s:
        loaded = next(
            r.target for r in tg.targets_board(s, as_of=VIEW, actor=BOARD).rows
            if r.kpi.key == "influence.adoptions"
        )  # fmt: skip
    with session_scope(org, write=True, actor=BOARD) as s:
        changed = tg.set_target(
            s, data=TargetSet(kpi_key="influence.adoptions", target_value=7,
                              deadline=date(2026, 12, 31), note="Raised"),
            as_of=VIEW, expected_version=loaded.version, actor=BOARD,
        )  # fmt: skip
    assert (changed.baseline_value, changed.set_on, changed.target_value, changed.note) == (
        1.0,
        SET_ON,
        7.0,
        "Raised",
    )
    with session_scope(org) as s:
        row = next(
            r for r in tg.targets_board(s, as_of=VIEW, actor=BOARD).rows
            if r.kpi.key == "influence.adoptions"
        )  # fmt: skip
    # 1 -> 3 of the way to 7: 2 / 6; time: 100 of the 364 days to 31 Dec.
    assert row.progress == pytest.approx(1 / 3)
    assert row.expected == pytest.approx(100 / 364)
    with session_scope(org, write=True, actor=BOARD) as s, pytest.raises(StaleEdit):
        tg.set_target(
            s, data=TargetSet(kpi_key="influence.adoptions", target_value=6,
                              deadline=date(2026, 12, 31)),
            as_of=VIEW, expected_version=loaded.version, actor=BOARD,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("kpi", "value", "deadline", "field", "message"),
    [
        ("community.returning_share_12m", 1.5, DEADLINE, "target_value", "between 0% and 100%"),
        ("surveys.values_alignment", 6, DEADLINE, "target_value", "between 1 and 5"),
        ("influence.adoptions", -1, DEADLINE, "target_value", "cannot be negative"),
        ("influence.adoptions", 5, SET_ON, "deadline", "after today"),
    ],
)
def test_a_target_out_of_range_or_due_already_is_refused_by_field(
    empty_db, kpi, value, deadline, field, message
):
    with (
        session_scope(empty_db, write=True, actor=BOARD) as s,
        pytest.raises(ValidationFailed) as caught,
    ):
        tg.set_target(
            s, data=TargetSet(kpi_key=kpi, target_value=value, deadline=deadline), as_of=SET_ON,
            actor=BOARD,
        )  # fmt: skip
    assert caught.value.problems == [(field, caught.value.problems[0][1])]
    assert message in caught.value.problems[0][1]


def test_an_unknown_kpi_cannot_have_a_target(empty_db):
    with session_scope(empty_db, write=True, actor=BOARD) as s, pytest.raises(NotFound):
        target(s, "nothing.measured", 1)


def test_the_board_sets_and_removes_targets_the_ceo_only_reads_and_staff_see_none(org):
    with session_scope(org, write=True, actor=CEO) as s:
        assert tg.targets_board(s, as_of=VIEW, actor=CEO).counts["Healthy"] == 3
        with pytest.raises(PermissionDenied):
            tg.set_target(
                s, data=TargetSet(kpi_key="legacy.consented_stories", target_value=3,
                                  deadline=DEADLINE), as_of=SET_ON, actor=CEO,
            )  # fmt: skip
    with session_scope(org) as s, pytest.raises(PermissionDenied):
        tg.targets_board(s, as_of=VIEW, actor=STAFF)
    with session_scope(org, write=True, actor=BOARD) as s:
        tg.remove_target(s, kpi_key="influence.speaking_12m", actor=BOARD)
        with pytest.raises(NotFound):
            tg.remove_target(s, kpi_key="influence.speaking_12m", actor=BOARD)
    with session_scope(org) as s:
        board = tg.targets_board(s, as_of=VIEW, actor=BOARD)
    # Well behind was the only Act row.
    assert board.counts == {"Healthy": 3, "Watch": 2, "Act": 0, "No data": 1}


def test_a_form_that_saw_no_target_does_not_replace_one_set_meanwhile(empty_db):
    """Two board members open the page while speaking invitations have no target; the first
    saves 5, then the second saves 9 from a form that saw none (no version): refused, and the
    first member's target stands."""
    with session_scope(empty_db, write=True, actor=BOARD) as s:
        first = target(s, "influence.speaking_12m", 5, note="Five talks")
    with (
        session_scope(empty_db, write=True, actor=BOARD) as s,
        pytest.raises(StaleEdit, match="Someone else added this target"),
    ):
        tg.set_target(
            s, data=TargetSet(kpi_key="influence.speaking_12m", target_value=9,
                              deadline=DEADLINE),
            as_of=SET_ON, expected_version=None, actor=BOARD,
        )  # fmt: skip
    with session_scope(empty_db) as s:
        kept = s.scalar(select(SuccessionTarget).where(SuccessionTarget.kpi_key == first.kpi_key))
        assert (kept.target_value, kept.note, kept.version) == (5.0, "Five talks", first.version)
