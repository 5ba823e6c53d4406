"""Competency assessments, readiness ratings (kept in sync with the board overview), the
competency framework and goal progress."""

from datetime import date

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import EmergingLeader
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.leadership import (
    AssessmentBatch,
    AssessmentScore,
    CompetencyCreate,
    CompetencyUpdate,
    FrameworkChanges,
    GoalProgressUpdate,
    ReadinessCreate,
)
from gfj_core.services.leader_assessments import (
    assessment_sheet,
    competency_framework,
    record_assessments,
    record_readiness,
    save_competency_framework,
)
from gfj_core.services.leader_kpis import leaders_overview
from gfj_core.services.leader_profile import leader_profile, update_goal_progress
from gfj_core.services.overview import board_overview
from tests import factories as f
from tests.services import test_leadership_support as b

TODAY = date(2026, 11, 22)


@pytest.fixture
def team(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        ada, ceo_person = f.person(s, "Ada"), f.person(s, "Chief")
        lee = f.leader(s, f.person(s, "Lee"), mentors=[ada], readiness="ready_3_plus_years")
        kim = f.leader(s, f.person(s, "Kim"), readiness="ready_3_plus_years")
        c1, c2 = b.competency(s, "Strategy", position=1), b.competency(s, "Finance", position=2)
        goal, kim_goal = b.goal(s, lee, 40), b.goal(s, kim, 10)
        ids = dict(lee=lee.id, kim=kim.id, c1=c1.id, c2=c2.id, goal=goal.id, kim_goal=kim_goal.id)
        ids["mentor"] = b.as_role(Role.mentor, ada.id)
        ids["ceo"] = b.as_role(Role.ceo, ceo_person.id)
    return empty_db, ids


def rate(engine, actor, leader_id, level, on):
    with session_scope(engine, write=True, actor=actor) as s:
        return record_readiness(
            s,
            ReadinessCreate(leader_id=leader_id, level=level, rated_on=on),
            today=TODAY,
            actor=actor,
        )


def readiness_of(engine, leader_id):
    with session_scope(engine) as s:
        return s.get(EmergingLeader, leader_id).readiness


def test_a_new_rating_updates_the_leader_and_the_board_overview_in_the_same_save(team):
    engine, ids = team
    saved = rate(engine, ids["ceo"], ids["lee"], "ready_now", date(2026, 11, 20))
    assert (saved.level, saved.rater_name) == ("ready_now", "Chief")
    assert readiness_of(engine, ids["lee"]) == "ready_now"
    with session_scope(engine) as s:
        counts = board_overview(s, today=TODAY, actor=b.as_role(Role.board)).readiness
    assert (counts.ready_now, counts.ready_3_plus_years) == (1, 1)


def test_a_back_dated_rating_joins_the_history_without_replacing_the_current_one(team):
    engine, ids = team
    rate(engine, ids["ceo"], ids["lee"], "ready_1_2_years", date(2026, 10, 1))
    rate(engine, ids["ceo"], ids["lee"], "ready_3_plus_years", date(2026, 5, 1))
    assert readiness_of(engine, ids["lee"]) == "ready_1_2_years"
    with session_scope(engine) as s:
        history = leader_profile(s, ids["lee"], today=TODAY, actor=ids["ceo"]).readiness_history
    assert [(r.rated_on, r.level) for r in history] == [
        (date(2026, 5, 1), "ready_3_plus_years"),
        (date(2026, 10, 1), "ready_1_2_years"),
    ]


def test_only_the_ceo_rates_readiness_and_never_in_the_future(team):
    engine, ids = team
    with pytest.raises(PermissionDenied):
        rate(engine, ids["mentor"], ids["lee"], "ready_now", TODAY)
    with pytest.raises(ValidationFailed) as exc:
        rate(engine, ids["ceo"], ids["lee"], "ready_now", date(2026, 11, 23))
    assert exc.value.problems == [("rated_on", "A rating cannot be dated in the future.")]
    assert readiness_of(engine, ids["lee"]) == "ready_3_plus_years"


def assess(engine, actor, leader_id, scores, on=TODAY):
    with session_scope(engine, write=True, actor=actor) as s:
        return record_assessments(
            s,
            AssessmentBatch(
                leader_id=leader_id,
                assessed_on=on,
                scores=[AssessmentScore(competency_id=c, score=v) for c, v in scores],
            ),
            today=TODAY,
            actor=actor,
        )


def test_a_mentor_scores_their_mentee_and_the_sheet_shows_the_latest_scores(team):
    engine, ids = team
    assess(engine, ids["mentor"], ids["lee"], [(ids["c1"], 2), (ids["c2"], 3)], date(2026, 8, 1))
    assert assess(engine, ids["mentor"], ids["lee"], [(ids["c1"], 4)]) == 1
    with session_scope(engine) as s:
        sheet = assessment_sheet(s, ids["lee"], actor=ids["mentor"])
    assert [(r.competency, r.latest_score, r.latest_on) for r in sheet.rows] == [
        ("Strategy", 4, TODAY),
        ("Finance", 3, date(2026, 8, 1)),
    ]
    assert sheet.recent[0].assessor_name == "Ada"


def test_a_mentor_cannot_score_someone_elses_mentee_and_the_board_cannot_score_at_all(team):
    engine, ids = team
    with pytest.raises(PermissionDenied):
        assess(engine, ids["mentor"], ids["kim"], [(ids["c1"], 3)])
    with pytest.raises(PermissionDenied):
        assess(engine, b.as_role(Role.board), ids["kim"], [(ids["c1"], 3)])
    assert assess(engine, ids["ceo"], ids["kim"], [(ids["c1"], 3)]) == 1


def test_scores_outside_one_to_five_or_for_retired_competencies_are_refused(team):
    engine, ids = team
    with pytest.raises(ValueError):
        AssessmentScore(competency_id=ids["c1"], score=6)
    with session_scope(engine, write=True, actor=ids["ceo"]) as s:
        old = competency_framework(s, actor=ids["ceo"])[1]
        save_competency_framework(
            s,
            FrameworkChanges(
                updates=[
                    CompetencyUpdate(
                        id=old.id,
                        expected_version=old.version,
                        name=old.name,
                        position=old.position,
                        active=False,
                    )
                ]
            ),
            actor=ids["ceo"],
        )
    with pytest.raises(ValidationFailed) as exc:
        assess(engine, ids["ceo"], ids["lee"], [(ids["c2"], 3)])
    assert exc.value.problems == [(f"competency {ids['c2']}", "Not an active competency.")]


def test_the_ceo_edits_the_framework_and_a_stale_edit_is_refused(team):
    engine, ids = team
    with session_scope(engine) as s:
        seen = competency_framework(s, actor=ids["ceo"])
    strategy = seen[0]
    with session_scope(engine, write=True, actor=ids["ceo"]) as s:
        after = save_competency_framework(
            s,
            FrameworkChanges(
                updates=[
                    CompetencyUpdate(
                        id=strategy.id,
                        expected_version=strategy.version,
                        name="Strategic thinking",
                        description="Sees 3-5 years out",
                        position=1,
                        active=True,
                    )
                ],
                additions=[CompetencyCreate(name="Public voice")],
            ),
            actor=ids["ceo"],
        )
    assert [(c.name, c.position) for c in after] == [
        ("Strategic thinking", 1),
        ("Finance", 2),
        ("Public voice", 3),
    ]
    with (
        pytest.raises(StaleEdit, match="'Strategy' to 'Strategic thinking'"),
        session_scope(engine, write=True, actor=ids["ceo"]) as s,
    ):
        save_competency_framework(
            s,
            FrameworkChanges(
                updates=[
                    CompetencyUpdate(
                        id=strategy.id,
                        expected_version=strategy.version,
                        name="Vision",
                        position=1,
                        active=True,
                    )
                ]
            ),
            actor=ids["ceo"],
        )


def test_duplicate_competency_names_are_refused_and_nothing_is_saved(team):
    engine, ids = team
    with (
        pytest.raises(ValidationFailed) as exc,
        session_scope(engine, write=True, actor=ids["ceo"]) as s,
    ):
        save_competency_framework(
            s, FrameworkChanges(additions=[CompetencyCreate(name="finance")]), actor=ids["ceo"]
        )
    assert exc.value.problems == [("name", "“finance” appears twice; names must be unique.")]
    with session_scope(engine) as s:
        assert len(competency_framework(s, actor=ids["ceo"])) == 2


def test_only_the_ceo_edits_the_framework(team):
    engine, ids = team
    with pytest.raises(PermissionDenied), session_scope(engine, write=True) as s:
        save_competency_framework(
            s, FrameworkChanges(additions=[CompetencyCreate(name="New")]), actor=ids["mentor"]
        )


def test_a_retired_competency_leaves_the_averages(team):
    engine, ids = team
    assess(engine, ids["ceo"], ids["lee"], [(ids["c1"], 4), (ids["c2"], 2)])
    with session_scope(engine) as s:
        rows = leaders_overview(s, today=TODAY, actor=ids["ceo"]).rows
    assert {r.name: r.avg_competency for r in rows}["Lee"] == 3.0
    with session_scope(engine, write=True, actor=ids["ceo"]) as s:
        finance = competency_framework(s, actor=ids["ceo"])[1]
        save_competency_framework(
            s,
            FrameworkChanges(
                updates=[
                    CompetencyUpdate(
                        id=finance.id,
                        expected_version=finance.version,
                        name="Finance",
                        position=2,
                        active=False,
                    )
                ]
            ),
            actor=ids["ceo"],
        )
    with session_scope(engine) as s:
        rows = leaders_overview(s, today=TODAY, actor=ids["ceo"]).rows
    assert {r.name: r.avg_competency for r in rows}["Lee"] == 4.0


def test_marking_a_goal_done_sets_it_to_full_progress_and_checks_the_version(team):
    engine, ids = team
    with session_scope(engine, write=True, actor=ids["mentor"]) as s:
        goal = update_goal_progress(
            s,
            GoalProgressUpdate(
                goal_id=ids["goal"], expected_version=1, progress_pct=70, status="done"
            ),
            actor=ids["mentor"],
        )
    assert (goal.progress_pct, goal.status, goal.version) == (100, "done", 2)
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=ids["mentor"]) as s:
        update_goal_progress(
            s,
            GoalProgressUpdate(
                goal_id=ids["goal"], expected_version=1, progress_pct=10, status="in_progress"
            ),
            actor=ids["mentor"],
        )
    with pytest.raises(PermissionDenied), session_scope(engine, write=True) as s:
        update_goal_progress(
            s,
            GoalProgressUpdate(
                goal_id=ids["kim_goal"], expected_version=1, progress_pct=10, status="in_progress"
            ),
            actor=ids["mentor"],  # not Kim's mentor
        )
