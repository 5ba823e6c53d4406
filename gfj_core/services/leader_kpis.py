"""The board's leadership KPIs (readiness over time, the talent grid, competency gains, mentoring
and training coverage) and the Leaders page's overview (the pipeline list with the KPIs), for
the leaders the actor may see (gfj_core.services.leader_scope)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.metrics import leadership as rules
from gfj_core.models import (
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
from gfj_core.services.leader_assessments import CompetencyFigures, competency_figures
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
    # Each rating holds from its date until the leader's next one (the later id first on a
    # shared date, as the newest rating decides): a month counts the ratings holding at its end.
    # One window over the ratings; a ranking per month and leader sorted 36 times as many rows.
    until = func.lead(R.rated_on).over(partition_by=R.leader_id, order_by=(R.rated_on, R.id))
    held = (
        select(R.rated_on, R.level, until.label("until"))
        .where(R.leader_id.in_(active), R.rated_on <= points[-1])
        .subquery()
    )
    latest = (
        select(months.c.month_end, held.c.level)
        .join(
            held,
            and_(
                held.c.rated_on <= months.c.month_end,
                or_(held.c.until.is_(None), held.c.until > months.c.month_end),
            ),
        )
        .subquery()
    )
    counts: dict[date, dict[str, int]] = {d: dict.fromkeys(READINESS_LEVELS, 0) for d in points}
    for month_end, level, n in session.execute(
        select(latest.c.month_end, latest.c.level, func.count()).group_by(
            latest.c.month_end, latest.c.level
        )
    ):
        if level in READINESS_LEVELS:
            counts[month_end][level] = n
    return [ReadinessMonth(month_end=d, **counts[d]) for d in points]


def _kpis(
    session: Session, *, today: date, scope, competency: CompetencyFigures | None = None
) -> LeadershipKpis:
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
    if competency is None:
        competency = competency_figures(session, today, rules.months_before(today, 3), scope)
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
        average_competency_gain=competency.gain,
        leaders_with_gain=competency.gain_leaders,
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
    # One pass over the assessments for the rows' averages and the KPIs' gain.
    competency = competency_figures(session, today, rules.months_before(today, 3), scope)
    rows = leader_rows(
        session, today=today, scope=scope, stale_days=stale_days, competency=competency
    )
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
        kpis=_kpis(session, today=today, scope=scope, competency=competency),
    )
