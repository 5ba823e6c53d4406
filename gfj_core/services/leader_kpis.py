"""The board's leadership KPIs (readiness over time, the talent grid, competency gains, mentoring
and training coverage) and the Leaders page's overview (the pipeline list with the KPIs), for
the leaders the actor may see (gfj_core.services.leader_scope)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.metrics import leadership as rules
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    EmergingLeader,
    LeaderOutcome,
    MentoringSession,
    ReadinessRating,
    TrainingCompletion,
    TrainingModule,
)
from gfj_core.schemas.leadership import (
    READINESS_LEVELS,
    LeadershipKpis,
    LeadersOverview,
    ReadinessMonth,
    TalentCell,
)
from gfj_core.services.leader_pipeline import (
    CORE_MODULES,
    core_module_total,
    leader_rows,
    stale_mentorships,
)
from gfj_core.services.leader_scope import leader_scope
from gfj_core.services.leader_scope import scoped as _scoped
from gfj_core.services.org_settings import load_org_settings

A = CompetencyAssessment
S = MentoringSession


def _competency_gain(session: Session, today: date, leader_ids_stmt) -> tuple[float | None, int]:
    """Mean over leaders of each leader's mean (latest minus first score) over the active
    competencies assessed at least twice; and how many leaders that covers."""
    part = (A.leader_id, A.competency_id)
    first = func.row_number().over(partition_by=part, order_by=(A.assessed_on, A.id))
    last = func.row_number().over(partition_by=part, order_by=(A.assessed_on.desc(), A.id.desc()))
    n = func.count().over(partition_by=part)
    scored = (
        select(
            A.leader_id,
            A.competency_id,
            A.score,
            first.label("f"),
            last.label("l"),
            n.label("n"),
        )
        .join(Competency, Competency.id == A.competency_id)
        .where(
            Competency.active.is_(True),
            A.assessed_on <= today,
            A.leader_id.in_(leader_ids_stmt),
        )
        .subquery()
    )
    pairs = (
        select(
            scored.c.leader_id,
            (
                func.max(case((scored.c.l == 1, scored.c.score)))
                - func.max(case((scored.c.f == 1, scored.c.score)))
            ).label("gain"),
        )
        .where(scored.c.n >= 2)
        .group_by(scored.c.leader_id, scored.c.competency_id)
        .subquery()
    )
    per_leader = (
        select(pairs.c.leader_id, func.avg(pairs.c.gain).label("gain"))
        .group_by(pairs.c.leader_id)
        .subquery()
    )
    avg, count = session.execute(select(func.avg(per_leader.c.gain), func.count())).one()
    return (None if avg is None else float(avg)), count


def readiness_trend(session: Session, *, today: date, scope) -> list[ReadinessMonth]:
    """Active leaders counted by their latest rating as of each month's end,
    in one windowed query over the rating history (up to 36 months)."""
    R = ReadinessRating
    active = _scoped(
        select(EmergingLeader.id).where(EmergingLeader.status == "active"), EmergingLeader.id, scope
    )
    first = session.scalar(select(func.min(R.rated_on)).where(R.leader_id.in_(active)))
    if first is None:
        return []
    points = rules.month_ends(first, today)
    months = union_all(*[select(literal(d, Date).label("month_end")) for d in points]).subquery()
    rn = func.row_number().over(
        partition_by=(months.c.month_end, R.leader_id),
        order_by=(R.rated_on.desc(), R.id.desc()),
    )
    latest = (
        select(months.c.month_end, R.leader_id, R.level, rn.label("rn"))
        .join(R, R.rated_on <= months.c.month_end)
        .where(R.leader_id.in_(active))
        .subquery()
    )
    counts: dict[date, dict[str, int]] = {d: dict.fromkeys(READINESS_LEVELS, 0) for d in points}
    for month_end, level, n in session.execute(
        select(latest.c.month_end, latest.c.level, func.count())
        .where(latest.c.rn == 1)
        .group_by(latest.c.month_end, latest.c.level)
    ):
        if level in READINESS_LEVELS:
            counts[month_end][level] = n
    return [ReadinessMonth(month_end=d, **counts[d]) for d in points]


def _kpis(session: Session, *, today: date, scope) -> LeadershipKpis:
    leaders = _scoped(select(EmergingLeader.id), EmergingLeader.id, scope)
    active = leaders.where(EmergingLeader.status == "active")

    readiness = dict.fromkeys((*READINESS_LEVELS, "not_rated"), 0)
    # Grouped by the column itself (PostgreSQL refuses a GROUP BY on a bound-parameter
    # expression); an unrated leader (NULL) counts as "not_rated".
    for level, n in session.execute(
        _scoped(
            select(EmergingLeader.readiness, func.count())
            .where(EmergingLeader.status == "active")
            .group_by(EmergingLeader.readiness),
            EmergingLeader.id,
            scope,
        )
    ):
        readiness[level if level in readiness else "not_rated"] += n

    # Completion: one row per leader with their totals, judged by the rule in metrics.
    session_totals = (
        select(S.leader_id, func.count().label("n"))
        .where(S.held_on <= today)
        .group_by(S.leader_id)
        .subquery()
    )
    core_done = (
        select(TrainingCompletion.leader_id, func.count().label("n"))
        .join(TrainingModule, TrainingModule.id == TrainingCompletion.module_id)
        .where(*CORE_MODULES, TrainingCompletion.completed_on <= today)
        .group_by(TrainingCompletion.leader_id)
        .subquery()
    )
    facts = session.execute(
        _scoped(
            select(
                EmergingLeader.status,
                EmergingLeader.cohort_start,
                func.coalesce(session_totals.c.n, 0),
                func.coalesce(core_done.c.n, 0),
            )
            .outerjoin(session_totals, session_totals.c.leader_id == EmergingLeader.id)
            .outerjoin(core_done, core_done.c.leader_id == EmergingLeader.id),
            EmergingLeader.id,
            scope,
        )
    ).all()
    core_total = core_module_total(session)
    completed = sum(
        rules.completed_programme(start, n_sessions, n_core, core_total, today)
        for _, start, n_sessions, n_core in facts
    )
    active_starts = [start for status, start, _, _ in facts if status == "active"]

    window_start = today - timedelta(days=rules.RATE_WINDOW_DAYS)
    recent_sessions = session.scalar(
        select(func.count())
        .select_from(S)
        .where(S.held_on > window_start, S.held_on <= today, S.leader_id.in_(active))
    )
    gain, gain_leaders = _competency_gain(session, today, active)
    placements, preparedness, responses = session.execute(
        select(
            func.count(func.distinct(LeaderOutcome.leader_id)),
            func.avg(LeaderOutcome.preparedness_score),
            func.count(LeaderOutcome.preparedness_score),
        ).where(LeaderOutcome.started_on <= today, LeaderOutcome.leader_id.in_(leaders))
    ).one()
    return LeadershipKpis(
        as_of=today,
        leaders_total=len(facts),
        active_leaders=len(active_starts),
        completed_mentorship_and_training=completed,
        completion_definition=rules.COMPLETION_DEFINITION,
        ready_now=readiness["ready_now"],
        ready_1_2_years=readiness["ready_1_2_years"],
        ready_3_plus_years=readiness["ready_3_plus_years"],
        not_rated=readiness["not_rated"],
        average_competency_gain=gain,
        leaders_with_gain=gain_leaders,
        sessions_last_12_months=recent_sessions,
        sessions_per_leader_per_month=rules.sessions_per_leader_month(
            recent_sessions, rules.leader_months(active_starts, today)
        ),
        placements=placements,
        average_preparedness=None if preparedness is None else float(preparedness),
        preparedness_responses=responses,
    )


def leadership_kpis(session: Session, *, today: date, actor) -> LeadershipKpis:
    """The board's leadership-development numbers; a mentor's are about their own mentees."""
    require(actor, "leadership.kpis")
    return _kpis(session, today=today, scope=leader_scope(actor))


def leaders_overview(session: Session, *, today: date, actor) -> LeadersOverview:
    """Everything the Leaders page shows, in one read."""
    require(actor, "leadership.read")
    scope = leader_scope(actor)
    settings = load_org_settings(session)
    stale_days = settings.session_stale_days
    rows = leader_rows(session, today=today, scope=scope, stale_days=stale_days)
    grid = rules.talent_grid(
        (r.name, r.readiness, r.avg_competency) for r in rows if r.status == "active"
    )
    return LeadersOverview(
        as_of=today,
        demo=settings.demo_loaded,
        session_stale_days=stale_days,
        scoped_to_own_mentees=scope is not None,
        rows=rows,
        trend=readiness_trend(session, today=today, scope=scope),
        grid=[TalentCell(readiness=r, band=b, leaders=names) for r, b, names in grid],
        stale_mentorships=stale_mentorships(
            session, today=today, actor=actor, stale_days=stale_days
        ),
        kpis=_kpis(session, today=today, scope=scope),
    )
