"""The demo pipeline tells the story it promises: two years of sessions, growth for most leaders,
a stall for Malik Hassan, one lapsed mentoring relationship, readiness consistent throughout."""

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import EmergingLeader, MentoringSession, ReadinessRating
from gfj_core.services.leader_kpis import leaders_overview, leadership_kpis
from gfj_core.services.overview import board_overview
from tests.conftest import DEMO_TODAY, demo_actor


def test_each_leaders_latest_rating_is_the_one_the_board_overview_counts(demo_db):
    with session_scope(demo_db) as s:
        for leader in s.scalars(select(EmergingLeader)):
            latest = s.scalar(
                select(ReadinessRating.level)
                .where(ReadinessRating.leader_id == leader.id)
                .order_by(ReadinessRating.rated_on.desc())
                .limit(1)
            )
            assert latest == leader.readiness, leader.person.full_name
        board = demo_actor(demo_db, "board")
        counts = board_overview(s, today=DEMO_TODAY, actor=board).readiness
        kpis = leadership_kpis(s, today=DEMO_TODAY, actor=board)
    assert (counts.ready_now, counts.ready_1_2_years, counts.ready_3_plus_years) == (1, 3, 3)
    assert (kpis.ready_now, kpis.ready_1_2_years, kpis.ready_3_plus_years) == (1, 3, 3)


def test_sessions_span_two_years_and_none_is_after_the_demo_date(demo_db):
    with session_scope(demo_db) as s:
        first, last, n = s.execute(
            select(
                func.min(MentoringSession.held_on), func.max(MentoringSession.held_on), func.count()
            )
        ).one()
    assert first.year == 2024 and (DEMO_TODAY - first).days >= 730
    assert last <= DEMO_TODAY and n > 250


def test_most_leaders_grew_and_malik_hassan_stalled(demo_db):
    with session_scope(demo_db) as s:
        ov = leaders_overview(s, today=DEMO_TODAY, actor=demo_actor(demo_db, "ceo"))
    rows = {r.name: r for r in ov.rows}
    assert rows["Malik Hassan"].avg_competency < 2.5
    assert rows["Malik Hassan"].competency_change <= 0
    growing = [r for r in ov.rows if r.name != "Malik Hassan" and r.avg_competency >= 2.75]
    assert len(growing) == 6
    assert ov.kpis.average_competency_gain > 1


def test_exactly_one_mentoring_relationship_is_stale_malik_with_grace(demo_db):
    with session_scope(demo_db) as s:
        ov = leaders_overview(s, today=DEMO_TODAY, actor=demo_actor(demo_db, "board"))
    assert [(m.leader_name, m.mentor_name) for m in ov.stale_mentorships] == [
        ("Malik Hassan", "Grace Nakamura-Ellis")
    ]
    assert ov.stale_mentorships[0].days_since > ov.session_stale_days
    assert [r.name for r in ov.rows if r.stale] == ["Malik Hassan"]


def test_the_demo_mentor_sees_exactly_their_three_mentees(demo_db):
    with session_scope(demo_db) as s:
        ov = leaders_overview(s, today=DEMO_TODAY, actor=demo_actor(demo_db, "mentor"))
    assert [r.name for r in ov.rows] == ["Jamal Whitaker", "Elena Marquez", "Sofia Benitez"]


def test_the_demo_kpis_show_completions_placements_and_feedback(demo_db):
    with session_scope(demo_db) as s:
        k = leadership_kpis(s, today=DEMO_TODAY, actor=demo_actor(demo_db, "board"))
    # Jamal, Elena and Darius finished every core module; Sofia lacks governance.
    assert (k.completed_mentorship_and_training, k.leaders_total) == (3, 7)
    assert (k.placements, k.average_preparedness) == (2, 4.5)
    assert 1 <= k.sessions_per_leader_per_month <= 3
