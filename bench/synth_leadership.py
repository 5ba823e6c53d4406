"""Synthetic leadership pipeline: competencies, assessments, readiness history, goals, training,
exposure, mentoring sessions (100,000 at 100x) with their action items, and outcomes.

Shapes follow gfj_core/demo/leadership.py; rows are written with Core bulk inserts."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bench.synth import NOW, READINESS, TODAY, Synth, register
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    DevelopmentGoal,
    EmergingLeader,
    LeaderOutcome,
    MentoringSession,
    ReadinessRating,
    SessionActionItem,
    StrategicExposure,
    TrainingCompletion,
    TrainingModule,
)

# The framework and the training curriculum do not grow with the organisation.
COMPETENCIES = 9
MODULES = 8
TOPICS = (
    "Kingian nonviolence",
    "Managing people",
    "Funder relationships",
    "Strategy",
    "Fundraising",
    "Board relations",
    "Budget and finance",
    "Policy and advocacy",
    "Self-care and boundaries",
    "Career path",
)
EXPOSURE_KINDS = ("board_meeting", "funder_call", "budget", "testimony", "press", "partner")
GOAL_KINDS = ("experience", "relationship", "training")
STAMP = {"created_at": NOW, "updated_at": NOW}


def _leadership(s: Synth) -> None:
    rng = s.rng
    leaders = s.ids["leader"]
    mentors = s.ids["mentor_person"]
    raters = (2, 3)  # the CEO and the chair rate readiness
    s.bulk(
        Competency,
        [
            {
                "id": i,
                "name": f"Competency {i}",
                "description": "A capacity in the framework.",
                "position": i,
                "active": i <= COMPETENCIES - 1 or COMPETENCIES == 1,
                "version": 1,
                **STAMP,
            }
            for i in range(1, COMPETENCIES + 1)
        ],
    )
    s.bulk(
        TrainingModule,
        [
            {
                "id": i,
                "name": f"Module {i}",
                "description": "A leadership-training module.",
                "hours": 8 + 2 * i,
                "is_core": i <= 6,
                "position": i,
                "version": 1,
            }
            for i in range(1, MODULES + 1)
        ],
    )

    # Per leader: assessments roughly every quarter for two years (about 77 rows, as in the
    # demo), 4-5 readiness ratings, 4 goals, ~5 modules, ~5 exposures.
    ratings, assessments, goals, completions, exposures, outcomes = [], [], [], [], [], []
    with s.engine.connect() as conn:
        current = dict(conn.execute(select(EmergingLeader.id, EmergingLeader.readiness)).all())
    leader_start: dict[int, date] = {}
    for lid in leaders:
        start = date(2024, 11, 1) + timedelta(days=rng.randrange(0, 60))
        leader_start[lid] = start
        n_ratings = rng.randrange(3, 6)
        for k in range(n_ratings):
            # The newest rating is the one denormalised onto the leader.
            level = READINESS[max(0, 2 - k // 2 - rng.randrange(0, 2))]
            if k == n_ratings - 1 and current.get(lid):
                level = current[lid]
            ratings.append(
                {
                    "leader_id": lid,
                    "rated_on": start + timedelta(days=18 + 180 * k),
                    "level": level,
                    "rater_person_id": rng.choice(raters),
                    "note": "Synthetic rating." if rng.random() < 0.5 else None,
                    **STAMP,
                }
            )
        for round_ in range(rng.randrange(7, 10)):
            on = start + timedelta(days=14 + 90 * round_)
            if on > TODAY:
                break
            assessor = rng.choice(mentors)
            for cid in range(1, COMPETENCIES + 1):
                assessments.append(
                    {
                        "leader_id": lid,
                        "competency_id": cid,
                        "score": min(5, 1 + round_ // 3 + rng.randrange(0, 3)),
                        "assessor_person_id": assessor,
                        "assessed_on": on,
                        "comment": None,
                        **STAMP,
                    }
                )
        for g in range(4):
            status = rng.choice(("done", "in_progress", "in_progress", "not_started", "dropped"))
            goals.append(
                {
                    "leader_id": lid,
                    "title": f"Goal {g + 1}",
                    "kind": GOAL_KINDS[g % 3],
                    "target_date": TODAY + timedelta(days=rng.randrange(-200, 400)),
                    "progress_pct": 100 if status == "done" else rng.randrange(0, 95, 5),
                    "status": status,
                    "version": 1,
                    **STAMP,
                }
            )
        for mid in rng.sample(range(1, MODULES + 1), rng.randrange(2, MODULES)):
            completions.append(
                {
                    "leader_id": lid,
                    "module_id": mid,
                    "completed_on": start + timedelta(days=rng.randrange(20, 700)),
                }
            )
        for _ in range(rng.randrange(3, 8)):
            exposures.append(
                {
                    "leader_id": lid,
                    "occurred_on": start + timedelta(days=rng.randrange(10, 700)),
                    "kind": rng.choice(EXPOSURE_KINDS),
                    "description": "Synthetic exposure to strategic decisions.",
                    **STAMP,
                }
            )
        if rng.random() < 0.3:
            outcomes.append(
                {
                    "leader_id": lid,
                    "role_title": "Deputy Director",
                    "organisation": f"Partner organisation {lid}",
                    "started_on": TODAY - timedelta(days=rng.randrange(10, 300)),
                    "preparedness_score": rng.randrange(2, 6),
                    "feedback_comment": "Synthetic feedback.",
                    "feedback_from": "Their new employer",
                    "version": 1,
                    **STAMP,
                }
            )
    s.bulk(ReadinessRating, ratings)
    s.bulk(CompetencyAssessment, assessments)
    s.bulk(DevelopmentGoal, goals)
    s.bulk(TrainingCompletion, completions)
    s.bulk(StrategicExposure, exposures)
    s.bulk(LeaderOutcome, outcomes)

    # Mentoring sessions: 1,000 per demo unit (100,000 at 100x), each held by one of the leader's
    # mentors (the first mentor holds most), spread over the two years to TODAY, ~1 action item
    # each. The mentor account's person is mentors[0], so it sees its mentees' sessions.
    mentor_of = {lid: mentors[(lid - 1) % len(mentors)] for lid in leaders}
    n_sessions = s.n(1000)
    span = (TODAY - date(2024, 11, 1)).days
    sessions, items = [], []
    for sid in range(1, n_sessions + 1):
        lid = leaders[rng.randrange(len(leaders))]
        held = TODAY - timedelta(days=rng.randrange(1, span))
        topics = "; ".join(rng.sample(TOPICS, rng.randrange(1, 4)))
        sessions.append(
            {
                "id": sid,
                "leader_id": lid,
                "mentor_person_id": mentor_of[lid],
                "held_on": held,
                "minutes": rng.choice((45, 60, 60, 75, 90)),
                "topics": topics,
                "shared_notes": "Worked through the month's priorities.",
                "private_notes": "A private note." if rng.random() < 0.25 else None,
                "next_session_on": held + timedelta(days=21),
                "logged_on": held,
                "version": 1,
                **STAMP,
            }
        )
        for k in range(rng.choice((0, 1, 1, 2))):
            due = held + timedelta(days=7 * (k + 1))
            done = due < TODAY - timedelta(days=14) or rng.random() < 0.3
            items.append(
                {
                    "session_id": sid,
                    "description": f"Follow-up {k + 1}",
                    "due_on": due,
                    "done": done,
                    "done_on": due if done else None,
                    "version": 1,
                }
            )
    s.bulk(MentoringSession, sessions)
    s.bulk(SessionActionItem, items)


register("leadership", _leadership)
