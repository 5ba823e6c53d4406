"""The Leaders page and the board's leadership KPIs against a small pipeline worked out by hand.

As of 22 Nov 2026 (a quarter ago: 22 Aug 2026; the 90-day window opens after 24 Aug 2026; the
12-month rate window after 22 Nov 2025). Competencies C1 and C2 are in use, C3 is retired.

Ana (cohort 1 Jan 2025, ready now, mentor Mo)
  C1: 2 (10 Jan 2025), 3 (1 Jun 2026), 4 (1 Oct 2026)   C2: 3 (10 Jan 2025), 3 (1 Oct 2026)
  C3 (retired): 1 then 5, never counted.
  now (4 + 3) / 2 = 3.5; a quarter ago (3 + 3) / 2 = 3.0; change +0.5
  gain: C1 4 - 2 = 2, C2 3 - 3 = 0 -> 1.0
  sessions with Mo: the 5th of each month Feb 2025 - Jan 2026 (12), then 1 Aug, 15 Sep and
  1 Nov 2026: 15 in all; 2 in the last 90 days; last 1 Nov (21 days ago, not stale).
  core modules M1 and M2 done -> completed mentorship and training.
  goals: 100 (done), 50, 0 (dropped, ignored) -> 75%. Exposures: 2 (a future one ignored).
Ben (cohort 1 Jun 2026, 1-2 years, mentor Zoe)
  C1: 2 (15 Jun 2026), 4 (1 Nov 2026)   C2: 2 (1 Nov 2026, once: no gain)
  now (4 + 2) / 2 = 3.0; a quarter ago C1 only = 2.0; change +1.0; gain 2.0
  one session, 1 Jul 2026 (144 days ago): stale. Only an elective module.
Cal (left the programme; ready now) and Dot (active, never rated, mentor Mo, no sessions).

KPIs over active leaders (Ana, Ben, Dot): ready now 1, 1-2 years 1, not rated 1.
  gain = mean(1.0, 2.0) = 1.5 over 2 leaders (a mean over pairs would give 4/3).
  sessions in the rate window: Ana 5 (5 Dec, 5 Jan, 1 Aug, 15 Sep, 1 Nov), Ben 1 -> 6.
  leader-months: Ana 365 days, Ben 174 (1 Jun - 22 Nov), Dot 365 -> 904 days;
  6 sessions / (904 / (365 / 12)) months = 2190 / 10848 per leader per month.
  placements: Ana and Cal -> 2; preparedness 4 and 5 -> 4.5 from 2 responses.
  completed: Ana only, of 4 leaders.
"""

from datetime import date

import pytest
from sqlalchemy import event

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied
from gfj_core.models import Person
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.leader_kpis import leaders_overview, leadership_kpis
from gfj_core.services.org_settings import set_org_setting
from tests import factories as f
from tests.conftest import bare_actor
from tests.services import test_leadership_support as b

TODAY = date(2026, 11, 22)
BOARD = bare_actor(Role.board)


@pytest.fixture
def pipeline(empty_db):
    ids = {}
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        mo, zoe = f.person(s, "Mo Mentor"), f.person(s, "Zoe Mentor")
        ana = f.leader(
            s,
            f.person(s, "Ana"),
            readiness="ready_now",
            mentors=[mo],
            cohort_start=date(2025, 1, 1),
        )
        ben = f.leader(
            s,
            f.person(s, "Ben"),
            readiness="ready_1_2_years",
            mentors=[zoe],
            cohort_start=date(2026, 6, 1),
        )
        cal = f.leader(
            s,
            f.person(s, "Cal"),
            readiness="ready_now",
            status="left",
            cohort_start=date(2024, 1, 1),
        )
        dot = f.leader(s, f.person(s, "Dot"), mentors=[mo], cohort_start=date(2025, 1, 1))
        c1, c2 = b.competency(s, "C1"), b.competency(s, "C2")
        c3 = b.competency(s, "C3", active=False)
        for comp, on, score in [
            (c1, date(2025, 1, 10), 2),
            (c1, date(2026, 6, 1), 3),
            (c1, date(2026, 10, 1), 4),
            (c2, date(2025, 1, 10), 3),
            (c2, date(2026, 10, 1), 3),
            (c3, date(2025, 1, 10), 1),
            (c3, date(2026, 10, 1), 5),
        ]:
            b.assess(s, ana, comp, on, score)
        b.assess(s, ben, c1, date(2026, 6, 15), 2)
        b.assess(s, ben, c1, date(2026, 11, 1), 4)
        b.assess(s, ben, c2, date(2026, 11, 1), 2)
        b.assess(s, ana, c1, date(2026, 12, 1), 1)  # future-dated: ignored

        monthly = [date(2025 + (m > 12), (m - 1) % 12 + 1, 5) for m in range(2, 14)]
        for on in [*monthly, date(2026, 8, 1), date(2026, 9, 15), date(2026, 11, 1)]:
            b.mentoring(s, ana, mo, on)
        b.mentoring(s, ben, zoe, date(2026, 7, 1))
        b.mentoring(s, cal, mo, date(2026, 10, 1))  # a leader who left: not in active figures

        m1, m2, m3 = b.module(s, "M1"), b.module(s, "M2"), b.module(s, "M3", core=False)
        b.completion(s, ana, m1, date(2025, 5, 1))
        b.completion(s, ana, m2, date(2025, 9, 1))
        b.completion(s, ben, m3, date(2026, 9, 1))
        b.completion(s, cal, m1, date(2024, 5, 1))
        b.completion(s, cal, m2, date(2024, 6, 1))

        b.goal(s, ana, 100, "done")
        b.goal(s, ana, 50)
        b.goal(s, ana, 0, "dropped")
        b.exposure(s, ana, date(2026, 1, 10))
        b.exposure(s, ana, date(2026, 6, 10))
        b.exposure(s, ana, date(2027, 1, 10))  # future: not yet
        b.outcome(s, ana, date(2026, 9, 1), 4)
        b.outcome(s, cal, date(2026, 3, 1), 5)
        b.outcome(s, cal, date(2026, 8, 1), None)
        b.outcome(s, ben, date(2027, 1, 1), 1)  # not started yet

        b.rating(s, ana, date(2025, 1, 15), "ready_3_plus_years")
        b.rating(s, ana, date(2026, 3, 10), "ready_1_2_years")
        b.rating(s, ana, date(2026, 10, 5), "ready_now")
        b.rating(s, ben, date(2026, 6, 10), "ready_1_2_years")
        b.rating(s, cal, date(2025, 2, 1), "ready_now")
        ids.update(ana=ana.id, ben=ben.id, cal=cal.id, dot=dot.id, mo=mo.id, zoe=zoe.id)
    return empty_db, ids


def overview(engine, actor=BOARD):
    with session_scope(engine) as s:
        return leaders_overview(s, today=TODAY, actor=actor)


def test_each_leaders_row_matches_the_hand_worked_figures(pipeline):
    engine, ids = pipeline
    rows = {r.name: r for r in overview(engine).rows}
    assert list(rows) == ["Ana", "Ben", "Dot", "Cal"]  # active first, then by name
    ana, ben, dot = rows["Ana"], rows["Ben"], rows["Dot"]
    assert (ana.avg_competency, ana.avg_competency_quarter_ago, ana.competency_change) == (
        3.5,
        3.0,
        0.5,
    )
    assert (ana.sessions_90_days, ana.last_session_on, ana.days_since_session) == (
        2,
        date(2026, 11, 1),
        21,
    )
    assert ana.stale is False and ana.mentors == ["Mo Mentor"]
    assert ana.goal_progress == 0.75
    assert (ana.training_done, ana.training_core_total, ana.training_share) == (2, 2, 1.0)
    assert ana.exposures == 2
    assert (ben.avg_competency, ben.avg_competency_quarter_ago, ben.competency_change) == (
        3.0,
        2.0,
        1.0,
    )
    assert (ben.sessions_90_days, ben.days_since_session, ben.stale) == (0, 144, True)
    assert (ben.goal_progress, ben.training_done, ben.exposures) == (None, 0, 0)
    assert (dot.avg_competency, dot.last_session_on, dot.stale) == (None, None, True)
    assert rows["Cal"].stale is False  # left the programme: never flagged


def test_board_kpis_match_the_hand_worked_figures(pipeline):
    engine, _ = pipeline
    with session_scope(engine) as s:
        k = leadership_kpis(s, today=TODAY, actor=BOARD)
    assert (k.leaders_total, k.active_leaders) == (4, 3)
    assert k.completed_mentorship_and_training == 1
    assert "12 months" in k.completion_definition and "core training" in k.completion_definition
    assert (k.ready_now, k.ready_1_2_years, k.ready_3_plus_years, k.not_rated) == (1, 1, 0, 1)
    assert k.average_competency_gain == 1.5 and k.leaders_with_gain == 2
    assert k.sessions_last_12_months == 6
    assert k.sessions_per_leader_per_month == pytest.approx(2190 / 10848)
    assert (k.placements, k.average_preparedness, k.preparedness_responses) == (2, 4.5, 2)


def test_the_readiness_trend_counts_active_leaders_by_their_rating_at_each_months_end(pipeline):
    engine, _ = pipeline
    trend = {m.month_end: m for m in overview(engine).trend}
    assert min(trend) == date(2025, 1, 31) and max(trend) == TODAY
    assert len(trend) == 23  # Jan 2025 to Oct 2026, then today

    def counts(d):
        m = trend[d]
        return (m.ready_now, m.ready_1_2_years, m.ready_3_plus_years)

    assert counts(date(2025, 1, 31)) == (0, 0, 1)  # Cal (left) is never counted
    assert counts(date(2026, 2, 28)) == (0, 0, 1)
    assert counts(date(2026, 3, 31)) == (0, 1, 0)
    assert counts(date(2026, 6, 30)) == (0, 2, 0)  # Ben rated on 10 June
    assert counts(date(2026, 10, 31)) == (1, 1, 0)
    assert counts(TODAY) == (1, 1, 0)


def test_the_talent_grid_places_rated_active_leaders_by_competency_band(pipeline):
    engine, _ = pipeline
    filled = {(c.readiness, c.band): c.leaders for c in overview(engine).grid if c.leaders}
    # Ana 3.5 -> Strong; Ben 3.0 -> Solid; Dot is not rated; Cal has left.
    assert filled == {("ready_now", "Strong"): ["Ana"], ("ready_1_2_years", "Solid"): ["Ben"]}


def test_stale_relationships_follow_the_setting_and_a_mentor_sees_only_their_own(pipeline):
    engine, ids = pipeline
    stale = [
        (s.leader_name, s.mentor_name, s.days_since) for s in overview(engine).stale_mentorships
    ]
    assert stale == [("Dot", "Mo Mentor", None), ("Ben", "Zoe Mentor", 144)]
    mo = bare_actor(Role.mentor, person_id=ids["mo"])
    assert [s.leader_name for s in overview(engine, mo).stale_mentorships] == ["Dot"]
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "session_stale_days", "150", actor=SYSTEM)
    ov = overview(engine)
    assert ov.session_stale_days == 150
    assert [s.leader_name for s in ov.stale_mentorships] == ["Dot"]
    assert {r.name: r.stale for r in ov.rows}["Ben"] is False


def test_a_mentor_sees_only_their_own_mentees_and_their_kpis(pipeline):
    engine, ids = pipeline
    mo = bare_actor(Role.mentor, person_id=ids["mo"])
    ov = overview(engine, mo)
    assert ov.scoped_to_own_mentees is True
    assert [r.name for r in ov.rows] == ["Ana", "Dot"]
    assert (ov.kpis.leaders_total, ov.kpis.completed_mentorship_and_training) == (2, 1)
    assert ov.kpis.sessions_last_12_months == 5
    assert {c.band for c in ov.grid if c.leaders} == {"Strong"}


@pytest.mark.parametrize("role", [Role.treasurer, Role.staff])
def test_roles_without_the_leaders_page_may_read_only_the_kpis(pipeline, role):
    engine, _ = pipeline
    with pytest.raises(PermissionDenied):
        overview(engine, bare_actor(role))
    with session_scope(engine) as s:
        assert leadership_kpis(s, today=TODAY, actor=bare_actor(role)).active_leaders == 3


def _count_queries(engine, actor) -> int:
    statements = []

    def _count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    try:
        overview(engine, actor)
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    return len(statements)


def test_the_leaders_page_runs_the_same_number_of_queries_for_any_number_of_leaders(pipeline):
    engine, ids = pipeline
    before = _count_queries(engine, BOARD)
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        mo = s.get(Person, ids["mo"])
        for n in range(12):
            el = f.leader(s, mentors=[mo], readiness="ready_3_plus_years")
            b.mentoring(s, el, mo, date(2026, 11, 1 + n))
    assert _count_queries(engine, BOARD) == before
