"""The Leaders page's pipeline list: each leader the actor may see with their latest readiness,
mentor, sessions, training and competency figures, the mentorships gone quiet, and the page's
overview (the list with the KPIs). Aggregated in SQL with a fixed number of queries, whatever
the number of leaders (the benchmark runs hundreds of leaders and 100,000 sessions)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from gfj_core.access import Role, require
from gfj_core.metrics import leadership as rules
from gfj_core.models import (
    DevelopmentGoal,
    EmergingLeader,
    MentoringSession,
    Mentorship,
    Person,
    StrategicExposure,
    TrainingCompletion,
    TrainingModule,
)
from gfj_core.schemas.leadership import (
    READINESS_LEVELS,
    LeaderOption,
    LeaderRow,
    StaleMentorship,
)
from gfj_core.services.leader_assessments import competency_averages
from gfj_core.services.leader_scope import leader_scope
from gfj_core.services.leader_scope import scoped as _scoped

S = MentoringSession


def leader_options(session: Session, *, actor) -> list[LeaderOption]:
    """Leaders this actor may open, active first, by name."""
    require(actor, "leadership.read")
    stmt = select(EmergingLeader.id, Person.full_name, EmergingLeader.status).join(
        Person, Person.id == EmergingLeader.person_id
    )
    stmt = _scoped(stmt, EmergingLeader.id, leader_scope(actor))
    rows = session.execute(stmt.order_by(EmergingLeader.status != "active", Person.full_name))
    return [LeaderOption(leader_id=i, name=n, status=s) for i, n, s in rows]


# ---------------------------------------------------------------- per-leader facts


def _readiness_rank():
    """Ready now first, unrated last: the pipeline's own order."""
    return case(
        *[(EmergingLeader.readiness == level, n) for n, level in enumerate(READINESS_LEVELS)],
        else_=len(READINESS_LEVELS),
    )


def _grouped(session: Session, stmt) -> dict[int, tuple]:
    return {row[0]: tuple(row[1:]) for row in session.execute(stmt)}


# "Completed training" counts the core modules still in the catalogue: a retired module
# (issue 15) neither holds a leader back nor counts for them.
CORE_MODULES = (TrainingModule.is_core.is_(True), TrainingModule.retired_on.is_(None))


def core_module_total(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(TrainingModule).where(*CORE_MODULES))


def leader_rows(session: Session, *, today: date, scope, stale_days: int) -> list[LeaderRow]:
    """One row per visible leader; a fixed number of grouped queries."""
    quarter_ago = rules.months_before(today, 3)
    base = _scoped(
        select(
            EmergingLeader.id,
            Person.full_name,
            EmergingLeader.target_role,
            EmergingLeader.status,
            EmergingLeader.cohort_start,
            EmergingLeader.readiness,
        ).join(Person, Person.id == EmergingLeader.person_id),
        EmergingLeader.id,
        scope,
    ).order_by(EmergingLeader.status != "active", _readiness_rank(), Person.full_name)
    leaders = session.execute(base).all()
    if not leaders:
        return []

    mentor = aliased(Person)
    mentors: dict[int, list[str]] = defaultdict(list)
    for leader_id, name in session.execute(
        _scoped(
            select(Mentorship.leader_id, mentor.full_name)
            .join(mentor, mentor.id == Mentorship.mentor_person_id)
            .where(Mentorship.ended_on.is_(None))
            .order_by(Mentorship.started_on, mentor.full_name),
            Mentorship.leader_id,
            scope,
        )
    ):
        mentors[leader_id].append(name)

    now_avg = competency_averages(session, today, scope)
    before_avg = competency_averages(session, quarter_ago, scope)
    sessions = _grouped(
        session,
        _scoped(
            select(
                S.leader_id,
                func.count().filter(S.held_on > today - timedelta(days=90)),
                func.max(S.held_on),
            )
            .where(S.held_on <= today)
            .group_by(S.leader_id),
            S.leader_id,
            scope,
        ),
    )
    goals = _grouped(
        session,
        _scoped(
            select(DevelopmentGoal.leader_id, func.avg(DevelopmentGoal.progress_pct))
            .where(DevelopmentGoal.status != "dropped")
            .group_by(DevelopmentGoal.leader_id),
            DevelopmentGoal.leader_id,
            scope,
        ),
    )
    training = _grouped(
        session,
        _scoped(
            select(TrainingCompletion.leader_id, func.count())
            .join(TrainingModule, TrainingModule.id == TrainingCompletion.module_id)
            .where(*CORE_MODULES, TrainingCompletion.completed_on <= today)
            .group_by(TrainingCompletion.leader_id),
            TrainingCompletion.leader_id,
            scope,
        ),
    )
    exposures = _grouped(
        session,
        _scoped(
            select(StrategicExposure.leader_id, func.count())
            .where(StrategicExposure.occurred_on <= today)
            .group_by(StrategicExposure.leader_id),
            StrategicExposure.leader_id,
            scope,
        ),
    )
    core_total = core_module_total(session)

    rows = []
    for leader_id, name, target_role, status, cohort_start, readiness in leaders:
        recent, last = sessions.get(leader_id, (0, None))
        now, before = now_avg.get(leader_id), before_avg.get(leader_id)
        done = training.get(leader_id, (0,))[0]
        goal = goals.get(leader_id, (None,))[0]
        rows.append(
            LeaderRow(
                leader_id=leader_id,
                name=name,
                target_role=target_role,
                status=status,
                cohort_start=cohort_start,
                readiness=readiness,
                mentors=mentors[leader_id],
                avg_competency=now,
                avg_competency_quarter_ago=before,
                competency_change=rules.change(now, before),
                sessions_90_days=recent,
                goal_progress=None if goal is None else float(goal) / 100,
                training_done=done,
                training_core_total=core_total,
                training_share=done / core_total if core_total else None,
                exposures=exposures.get(leader_id, (0,))[0],
                last_session_on=last,
                days_since_session=rules.days_since(last, today),
                stale=status == "active" and rules.is_stale(last, today, stale_days, cohort_start),
            )
        )
    return rows


def stale_mentorships(
    session: Session, *, today: date, actor, stale_days: int
) -> list[StaleMentorship]:
    """Current mentor relationships (of active leaders) with no session for more than
    `stale_days`. A mentor sees only their own relationships."""
    last = (
        select(S.leader_id, S.mentor_person_id, func.max(S.held_on).label("last_on"))
        .where(S.held_on <= today)
        .group_by(S.leader_id, S.mentor_person_id)
        .subquery()
    )
    leader_person, mentor_person = aliased(Person), aliased(Person)
    stmt = (
        select(
            Mentorship.leader_id,
            leader_person.full_name,
            mentor_person.full_name,
            Mentorship.started_on,
            last.c.last_on,
        )
        .join(EmergingLeader, EmergingLeader.id == Mentorship.leader_id)
        .join(leader_person, leader_person.id == EmergingLeader.person_id)
        .join(mentor_person, mentor_person.id == Mentorship.mentor_person_id)
        .outerjoin(
            last,
            and_(
                last.c.leader_id == Mentorship.leader_id,
                last.c.mentor_person_id == Mentorship.mentor_person_id,
            ),
        )
        .where(Mentorship.ended_on.is_(None), EmergingLeader.status == "active")
        .order_by(last.c.last_on.is_not(None), last.c.last_on, leader_person.full_name)
    )
    if actor.role == Role.mentor:
        stmt = stmt.where(Mentorship.mentor_person_id == actor.person_id)
    return [
        StaleMentorship(
            leader_id=leader_id,
            leader_name=leader,
            mentor_name=mentor,
            last_session_on=last_on,
            days_since=rules.days_since(last_on, today),
        )
        for leader_id, leader, mentor, started, last_on in session.execute(stmt)
        if rules.is_stale(last_on, today, stale_days, started)
    ]
