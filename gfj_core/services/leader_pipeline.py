"""The Leaders page's pipeline list: each leader the actor may see with their latest readiness,
mentor, sessions, training and competency figures, the mentorships gone quiet, and the page's
overview (the list with the KPIs). Aggregated in SQL with a fixed number of queries, whatever
the number of leaders (the benchmark runs hundreds of leaders and 100,000 sessions)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import case, func, select
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
from gfj_core.services.leader_assessments import CompetencyFigures, competency_figures
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


def leader_rows(
    session: Session,
    *,
    today: date,
    scope,
    stale_days: int,
    competency: CompetencyFigures | None = None,
) -> list[LeaderRow]:
    """One row per visible leader; a fixed number of grouped queries. `competency`: the
    figures when the caller already has them (the overview shares them with the KPIs)."""
    quarter_ago = rules.months_before(today, 3)
    # Each leader's sessions read down the (leader, date) index, as columns of the leader's row:
    # grouping all 100,000 sessions at 100x cost 5x as much.
    held = (S.leader_id == EmergingLeader.id, S.held_on <= today)
    base = _scoped(
        select(
            EmergingLeader.id,
            Person.full_name,
            EmergingLeader.target_role,
            EmergingLeader.status,
            EmergingLeader.cohort_start,
            EmergingLeader.readiness,
            select(func.count())
            .where(*held, S.held_on > today - timedelta(days=90))
            .scalar_subquery(),
            select(func.max(S.held_on)).where(*held).scalar_subquery(),
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

    if competency is None:
        competency = competency_figures(session, today, quarter_ago, scope)
    now_avg, before_avg = competency.now, competency.quarter_ago
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
    for leader_id, name, target_role, status, cohort_start, readiness, recent, last in leaders:
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
    # Each relationship's last session read from the (leader, mentor, date) index: grouping
    # every session by leader and mentor cost 7x as much at 100x.
    last_on = (
        select(func.max(S.held_on))
        .where(
            S.leader_id == Mentorship.leader_id,
            S.mentor_person_id == Mentorship.mentor_person_id,
            S.held_on <= today,
        )
        .scalar_subquery()
    )
    leader_person, mentor_person = aliased(Person), aliased(Person)
    current = (
        select(
            Mentorship.leader_id,
            leader_person.full_name.label("leader"),
            mentor_person.full_name.label("mentor"),
            Mentorship.started_on,
            last_on.label("last_on"),
        )
        .join(EmergingLeader, EmergingLeader.id == Mentorship.leader_id)
        .join(leader_person, leader_person.id == EmergingLeader.person_id)
        .join(mentor_person, mentor_person.id == Mentorship.mentor_person_id)
        .where(Mentorship.ended_on.is_(None), EmergingLeader.status == "active")
    )
    if actor.role == Role.mentor:
        current = current.where(Mentorship.mentor_person_id == actor.person_id)
    c = current.subquery()
    stmt = select(c).order_by(c.c.last_on.is_not(None), c.c.last_on, c.c.leader)
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
