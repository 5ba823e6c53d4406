"""One leader's development record (the Leader profile page), as the actor may see it: readiness
history, competencies now and six months ago, goals, training, exposures, outcomes and
sessions (from services.mentoring, which keeps private notes for their author alone)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound
from gfj_core.metrics import leadership as rules
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    DevelopmentGoal,
    LeaderOutcome,
    MentoringSession,
    Mentorship,
    Person,
    StrategicExposure,
    TrainingCompletion,
    TrainingModule,
)
from gfj_core.schemas.leadership import (
    AssessmentPoint,
    CompetencyPoint,
    ExposureRead,
    GoalProgressUpdate,
    GoalRead,
    LeaderProfile,
    OutcomeRead,
    TrainingRead,
)
from gfj_core.services.leader_assessments import (
    active_competencies,
    latest_scores,
    readiness_history,
)
from gfj_core.services.leader_scope import visible_leader
from gfj_core.services.mentoring import session_reads
from gfj_core.services.versioning import check_version

A = CompetencyAssessment
S = MentoringSession
# ---------------------------------------------------------------- the profile


def _competency_by_name(session: Session, as_of: date, leader_id: int) -> dict[int, int]:
    latest = latest_scores(as_of, None, leader_id)
    return dict(
        session.execute(
            select(latest.c.competency_id, latest.c.score).where(latest.c.rn == 1)
        ).all()
    )


def _mentor_names(session: Session, leader_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Person.full_name)
            .join(Mentorship, Mentorship.mentor_person_id == Person.id)
            .where(Mentorship.leader_id == leader_id, Mentorship.ended_on.is_(None))
            .order_by(Mentorship.started_on, Person.full_name)
        )
    )


def leader_profile(session: Session, leader_id: int, *, today: date, actor) -> LeaderProfile:
    """One leader's development record, as this actor may see it."""
    leader = visible_leader(session, leader_id, actor=actor)
    six_months_ago = rules.months_before(today, 6)
    competencies = active_competencies(session)
    now = _competency_by_name(session, today, leader_id)
    before = _competency_by_name(session, six_months_ago, leader_id)
    assessments = session.execute(
        select(Competency.name, A.assessed_on, A.score)
        .join(Competency, Competency.id == A.competency_id)
        .where(A.leader_id == leader_id, Competency.active.is_(True), A.assessed_on <= today)
        .order_by(A.assessed_on, Competency.position)
    ).all()
    goals = session.scalars(
        select(DevelopmentGoal)
        .where(DevelopmentGoal.leader_id == leader_id)
        .order_by(DevelopmentGoal.status == "dropped", DevelopmentGoal.target_date)
    )
    exposures = session.scalars(
        select(StrategicExposure)
        .where(StrategicExposure.leader_id == leader_id)
        .order_by(StrategicExposure.occurred_on.desc())
    )
    training = session.execute(
        select(TrainingModule, TrainingCompletion.completed_on, TrainingCompletion.evidence)
        .outerjoin(
            TrainingCompletion,
            and_(
                TrainingCompletion.module_id == TrainingModule.id,
                TrainingCompletion.leader_id == leader_id,
            ),
        )
        # A retired module stays on the profile only where the leader completed it.
        .where(or_(TrainingModule.retired_on.is_(None), TrainingCompletion.id.is_not(None)))
        .order_by(TrainingModule.position, TrainingModule.name)
    ).all()
    outcomes = session.scalars(
        select(LeaderOutcome)
        .where(LeaderOutcome.leader_id == leader_id)
        .order_by(LeaderOutcome.started_on)
    )
    return LeaderProfile(
        leader_id=leader.id,
        name=leader.person.full_name,
        title=leader.person.title,
        target_role=leader.target_role,
        cohort_start=leader.cohort_start,
        status=leader.status,
        readiness=leader.readiness,
        mentors=_mentor_names(session, leader_id),
        as_of=today,
        six_months_ago=six_months_ago,
        radar=[
            CompetencyPoint(
                competency=c.name,
                now=None if c.id not in now else float(now[c.id]),
                six_months_ago=None if c.id not in before else float(before[c.id]),
            )
            for c in competencies
        ],
        assessments=[
            AssessmentPoint(competency=name, assessed_on=on, score=score)
            for name, on, score in assessments
        ],
        readiness_history=readiness_history(session, leader_id),
        goals=[
            GoalRead(
                id=g.id,
                title=g.title,
                kind=g.kind,
                target_date=g.target_date,
                progress_pct=g.progress_pct,
                status=g.status,
                version=g.version,
            )
            for g in goals
        ],
        sessions=session_reads(session, S.leader_id == leader_id, today=today, actor=actor),
        exposures=[
            ExposureRead(
                occurred_on=e.occurred_on,
                kind=e.kind,
                description=e.description,
                part=e.part,
                reflection=e.reflection,
            )
            for e in exposures
        ],
        training=[
            TrainingRead(
                module=m.name, is_core=m.is_core, hours=m.hours, completed_on=done, evidence=ev
            )
            for m, done, ev in training
        ],
        outcomes=[
            OutcomeRead(
                role_title=o.role_title,
                organisation=o.organisation,
                started_on=o.started_on,
                preparedness_score=o.preparedness_score,
                effectiveness_score=o.effectiveness_score,
                feedback_comment=o.feedback_comment,
                feedback_from=o.feedback_from,
            )
            for o in outcomes
        ],
    )


def update_goal_progress(session: Session, data: GoalProgressUpdate, *, actor) -> GoalRead:
    """A leader's mentor (or the CEO) moves a goal's progress or status."""
    require(actor, "goals.write")
    goal = session.get(DevelopmentGoal, data.goal_id)
    if goal is None:
        raise NotFound("That goal no longer exists.")
    visible_leader(session, goal.leader_id, actor=actor)
    check_version(session, goal, data.expected_version, "goal")
    progress = 100 if data.status == "done" else data.progress_pct
    goal.progress_pct = progress
    goal.status = data.status
    session.flush()
    return GoalRead(
        id=goal.id,
        title=goal.title,
        kind=goal.kind,
        target_date=goal.target_date,
        progress_pct=goal.progress_pct,
        status=goal.status,
        version=goal.version,
    )
