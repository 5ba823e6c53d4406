"""Builders shared by the leadership service tests (this module holds no tests). Each adds one
row with sensible defaults and returns it; see also tests/factories.py."""

from __future__ import annotations

from datetime import date
from itertools import count

from sqlalchemy.orm import Session

from gfj_core.access import Role
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    DevelopmentGoal,
    LeaderOutcome,
    MentoringSession,
    ReadinessRating,
    SessionActionItem,
    StrategicExposure,
    TrainingCompletion,
    TrainingModule,
)
from tests.conftest import bare_actor

_n = count(1)
TODAY = date(2026, 11, 22)


def as_mentor(person) -> object:
    return bare_actor(Role.mentor, person_id=person.id, user_id=1000 + person.id)


def as_role(role: Role, person_id: int | None = None) -> object:
    return bare_actor(role, person_id=person_id, user_id=next(_n))


def competency(s: Session, name: str, *, active=True, position=None) -> Competency:
    c = Competency(name=name, active=active, position=position or next(_n))
    s.add(c)
    s.flush()
    return c


def module(s: Session, name: str, *, core=True) -> TrainingModule:
    m = TrainingModule(name=name, is_core=core, position=next(_n))
    s.add(m)
    s.flush()
    return m


def assess(s: Session, leader, comp, on: date, score: int) -> CompetencyAssessment:
    a = CompetencyAssessment(
        leader_id=leader.id, competency_id=comp.id, assessed_on=on, score=score
    )
    s.add(a)
    s.flush()
    return a


def rating(s: Session, leader, on: date, level: str) -> ReadinessRating:
    r = ReadinessRating(leader_id=leader.id, rated_on=on, level=level)
    s.add(r)
    s.flush()
    return r


def mentoring(
    s: Session,
    leader,
    mentor,
    on: date,
    *,
    logged_on: date | None = None,
    private: str | None = None,
    shared: str | None = None,
    actions=(),
) -> MentoringSession:
    row = MentoringSession(
        leader_id=leader.id,
        mentor_person_id=mentor.id,
        held_on=on,
        minutes=60,
        shared_notes=shared,
        private_notes=private,
        logged_on=logged_on or on,
        action_items=[
            SessionActionItem(description=d, due_on=due, done=done) for d, due, done in actions
        ],
    )
    s.add(row)
    s.flush()
    return row


def goal(s: Session, leader, progress: int, status: str = "in_progress") -> DevelopmentGoal:
    g = DevelopmentGoal(
        leader_id=leader.id,
        title=f"Goal {next(_n)}",
        kind="experience",
        progress_pct=progress,
        status=status,
    )
    s.add(g)
    s.flush()
    return g


def completion(s: Session, leader, mod, on: date) -> TrainingCompletion:
    c = TrainingCompletion(leader_id=leader.id, module_id=mod.id, completed_on=on)
    s.add(c)
    s.flush()
    return c


def exposure(s: Session, leader, on: date, kind: str = "board_meeting") -> StrategicExposure:
    e = StrategicExposure(leader_id=leader.id, occurred_on=on, kind=kind, description="Attended")
    s.add(e)
    s.flush()
    return e


def outcome(s: Session, leader, started: date, score: int | None) -> LeaderOutcome:
    o = LeaderOutcome(
        leader_id=leader.id,
        role_title="Director",
        organisation="Org",
        started_on=started,
        preparedness_score=score,
    )
    s.add(o)
    s.flush()
    return o
