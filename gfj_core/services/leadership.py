"""The leadership pipeline: the Leaders page, a leader's profile, the board's KPIs, assessments,
readiness ratings and the competency framework.

Every figure is aggregated in SQL with a fixed number of queries, whatever the number of leaders
(the benchmark runs hundreds of leaders and 100,000 sessions). A mentor's reads are limited to
the leaders they currently mentor; sessions come from services.mentoring, which keeps private
notes for their author alone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Date, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from gfj_core.access import Role, require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.metrics import leadership as rules
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    DevelopmentGoal,
    EmergingLeader,
    LeaderOutcome,
    MentoringSession,
    Mentorship,
    Person,
    ReadinessRating,
    StrategicExposure,
    TrainingCompletion,
    TrainingModule,
)
from gfj_core.schemas.leadership import (
    READINESS_LEVELS,
    AssessmentBatch,
    AssessmentPoint,
    AssessmentRead,
    AssessmentSheet,
    AssessmentSheetRow,
    CompetencyPoint,
    CompetencyRead,
    ExposureRead,
    FrameworkChanges,
    GoalProgressUpdate,
    GoalRead,
    LeaderOption,
    LeaderProfile,
    LeaderRow,
    LeadershipKpis,
    LeadersOverview,
    OutcomeRead,
    ReadinessCreate,
    ReadinessMonth,
    ReadinessRead,
    StaleMentorship,
    TalentCell,
    TrainingRead,
)
from gfj_core.services.leader_scope import leader_scope, visible_leader
from gfj_core.services.leader_scope import scoped as _scoped
from gfj_core.services.mentoring import session_reads
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.versioning import check_version

A = CompetencyAssessment
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


# ---------------------------------------------------------------- competency figures


def _latest_scores(as_of: date, scope, leader_id: int | None = None):
    """Each (leader, active competency)'s latest score on or before `as_of`, as rn == 1."""
    rn = func.row_number().over(
        partition_by=(A.leader_id, A.competency_id),
        order_by=(A.assessed_on.desc(), A.id.desc()),
    )
    stmt = (
        select(A.leader_id, A.competency_id, A.score, rn.label("rn"))
        .join(Competency, Competency.id == A.competency_id)
        .where(Competency.active.is_(True), A.assessed_on <= as_of)
    )
    if leader_id is not None:
        stmt = stmt.where(A.leader_id == leader_id)
    return _scoped(stmt, A.leader_id, scope).subquery()


def competency_averages(session: Session, as_of: date, scope) -> dict[int, float]:
    """Leader -> mean of their latest score in each active competency, as of a date."""
    latest = _latest_scores(as_of, scope)
    rows = session.execute(
        select(latest.c.leader_id, func.avg(latest.c.score))
        .where(latest.c.rn == 1)
        .group_by(latest.c.leader_id)
    )
    return {leader_id: float(avg) for leader_id, avg in rows}


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
_CORE = (TrainingModule.is_core.is_(True), TrainingModule.retired_on.is_(None))


def _core_total(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(TrainingModule).where(*_CORE))


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
            .where(*_CORE, TrainingCompletion.completed_on <= today)
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
    core_total = _core_total(session)

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
        .where(*_CORE, TrainingCompletion.completed_on <= today)
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
    core_total = _core_total(session)
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


# ---------------------------------------------------------------- the profile


def _competency_by_name(session: Session, as_of: date, leader_id: int) -> dict[int, int]:
    latest = _latest_scores(as_of, None, leader_id)
    return dict(
        session.execute(
            select(latest.c.competency_id, latest.c.score).where(latest.c.rn == 1)
        ).all()
    )


def _readiness_history(session: Session, leader_id: int) -> list[ReadinessRead]:
    rater = aliased(Person)
    rows = session.execute(
        select(ReadinessRating, rater.full_name)
        .outerjoin(rater, rater.id == ReadinessRating.rater_person_id)
        .where(ReadinessRating.leader_id == leader_id)
        .order_by(ReadinessRating.rated_on, ReadinessRating.id)
    )
    return [
        ReadinessRead(
            id=r.id,
            leader_id=r.leader_id,
            rated_on=r.rated_on,
            level=r.level,
            rater_name=name,
            note=r.note,
        )
        for r, name in rows
    ]


def _active_competencies(session: Session) -> list[Competency]:
    return list(
        session.scalars(
            select(Competency)
            .where(Competency.active.is_(True))
            .order_by(Competency.position, Competency.name)
        )
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
    competencies = _active_competencies(session)
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
        readiness_history=_readiness_history(session, leader_id),
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


# ---------------------------------------------------------------- assessments and readiness


def competency_framework(session: Session, *, actor) -> list[CompetencyRead]:
    """Every competency, retired ones last."""
    require(actor, "leadership.read")
    return [
        CompetencyRead(
            id=c.id,
            name=c.name,
            description=c.description,
            position=c.position,
            active=c.active,
            version=c.version,
        )
        for c in session.scalars(
            select(Competency).order_by(
                Competency.active.is_(False), Competency.position, Competency.name
            )
        )
    ]


def assessment_sheet(session: Session, leader_id: int, *, actor) -> AssessmentSheet:
    """The assessment form for one leader: each active competency with its latest score."""
    require(actor, "assessments.write")
    leader = visible_leader(session, leader_id, actor=actor)
    rn = func.row_number().over(
        partition_by=A.competency_id, order_by=(A.assessed_on.desc(), A.id.desc())
    )
    latest_sub = (
        select(A.competency_id, A.score, A.assessed_on, rn.label("rn"))
        .where(A.leader_id == leader_id)
        .subquery()
    )
    latest = {
        cid: (score, on)
        for cid, score, on in session.execute(
            select(latest_sub.c.competency_id, latest_sub.c.score, latest_sub.c.assessed_on).where(
                latest_sub.c.rn == 1
            )
        )
    }
    assessor = aliased(Person)
    recent = session.execute(
        select(A, Competency.name, assessor.full_name)
        .join(Competency, Competency.id == A.competency_id)
        .outerjoin(assessor, assessor.id == A.assessor_person_id)
        .where(A.leader_id == leader_id)
        .order_by(A.assessed_on.desc(), Competency.position)
        .limit(27)
    ).all()
    return AssessmentSheet(
        leader_id=leader.id,
        leader_name=leader.person.full_name,
        readiness=leader.readiness,
        rows=[
            AssessmentSheetRow(
                competency_id=c.id,
                competency=c.name,
                description=c.description,
                latest_score=latest.get(c.id, (None, None))[0],
                latest_on=latest.get(c.id, (None, None))[1],
            )
            for c in _active_competencies(session)
        ],
        recent=[
            AssessmentRead(
                id=a.id,
                competency=name,
                score=a.score,
                assessed_on=a.assessed_on,
                assessor_name=who,
                comment=a.comment,
            )
            for a, name, who in recent
        ],
        readiness_history=_readiness_history(session, leader_id),
    )


def record_assessments(session: Session, data: AssessmentBatch, *, today: date, actor) -> int:
    """Record one leader's scores on one date, by the signed-in mentor or CEO."""
    require(actor, "assessments.write")
    if actor.role == Role.mentor:
        visible_leader(session, data.leader_id, actor=actor)
    elif session.get(EmergingLeader, data.leader_id) is None:
        raise NotFound("No such leader.")
    problems = []
    if data.assessed_on > today:
        problems.append(("assessed_on", "An assessment cannot be dated in the future."))
    active = {c.id for c in _active_competencies(session)}
    for s in data.scores:
        if s.competency_id not in active:
            problems.append((f"competency {s.competency_id}", "Not an active competency."))
    if problems:
        raise ValidationFailed("The assessment was not saved.", problems)
    for s in data.scores:
        session.add(
            CompetencyAssessment(
                leader_id=data.leader_id,
                competency_id=s.competency_id,
                score=s.score,
                comment=s.comment,
                assessed_on=data.assessed_on,
                assessor_person_id=actor.person_id,
            )
        )
    session.flush()
    return len(data.scores)


def sync_readiness(session: Session, leader: EmergingLeader) -> None:
    """Copy the latest rating (by date, then entry) to the leader, for the board overview."""
    latest = session.scalar(
        select(ReadinessRating.level)
        .where(ReadinessRating.leader_id == leader.id)
        .order_by(ReadinessRating.rated_on.desc(), ReadinessRating.id.desc())
        .limit(1)
    )
    if leader.readiness != latest:
        leader.readiness = latest


def record_readiness(
    session: Session, data: ReadinessCreate, *, today: date, actor
) -> ReadinessRead:
    """The CEO rates a leader's readiness. A back-dated rating joins the history without
    replacing a later one as the current rating."""
    require(actor, "readiness.write")
    leader = session.get(EmergingLeader, data.leader_id)
    if leader is None:
        raise NotFound("No such leader.")
    if data.rated_on > today:
        raise ValidationFailed(
            "The rating was not saved.", [("rated_on", "A rating cannot be dated in the future.")]
        )
    rating = ReadinessRating(
        leader_id=leader.id,
        rated_on=data.rated_on,
        level=data.level,
        note=data.note,
        rater_person_id=actor.person_id,
    )
    session.add(rating)
    session.flush()
    sync_readiness(session, leader)
    session.flush()
    rater = session.get(Person, actor.person_id) if actor.person_id else None
    return ReadinessRead(
        id=rating.id,
        leader_id=leader.id,
        rated_on=rating.rated_on,
        level=rating.level,
        rater_name=rater.full_name if rater else None,
        note=rating.note,
    )


def save_competency_framework(
    session: Session, changes: FrameworkChanges, *, actor
) -> list[CompetencyRead]:
    """The CEO renames, describes, reorders, retires or adds competencies, all or nothing."""
    require(actor, "competencies.write")
    problems: list[tuple[str, str]] = []
    rows = {c.id: c for c in session.scalars(select(Competency))}
    for u in changes.updates:
        row = rows.get(u.id)
        if row is None:
            problems.append((u.name, "This competency no longer exists."))
            continue
        check_version(session, row, u.expected_version, f"competency “{row.name}”")
        row.name, row.description, row.position, row.active = (
            u.name,
            u.description,
            u.position,
            u.active,
        )
    next_position = max((c.position for c in rows.values()), default=0) + 1
    added = []
    for a in changes.additions:
        added.append(
            Competency(
                name=a.name,
                description=a.description,
                position=a.position if a.position is not None else next_position,
            )
        )
        next_position += 1
    names = [c.name.strip().lower() for c in rows.values()] + [c.name.lower() for c in added]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    problems.extend(("name", f"“{n}” appears twice; names must be unique.") for n in duplicates)
    if problems:
        raise ValidationFailed("The framework was not saved.", problems)
    session.add_all(added)
    session.flush()
    return competency_framework(session, actor=actor)
