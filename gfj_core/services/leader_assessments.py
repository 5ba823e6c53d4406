"""Competency assessments, readiness ratings and the competency framework: the assessment sheet,
recording a batch of scores, readiness (the leader's current level follows the newest rating),
and the framework's competencies, with the latest-score readers the pipeline, the KPIs and the
profile share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from gfj_core.access import Role, require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    EmergingLeader,
    Person,
    ReadinessRating,
)
from gfj_core.schemas.leadership import (
    AssessmentBatch,
    AssessmentRead,
    AssessmentSheet,
    AssessmentSheetRow,
    CompetencyRead,
    FrameworkChanges,
    ReadinessCreate,
    ReadinessRead,
)
from gfj_core.services.leader_scope import scoped as _scoped
from gfj_core.services.leader_scope import visible_leader
from gfj_core.services.versioning import check_version

A = CompetencyAssessment


# ---------------------------------------------------------------- competency figures


def latest_scores(as_of: date, scope, leader_id: int | None = None):
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


@dataclass(frozen=True)
class CompetencyFigures:
    """Per leader: the mean latest score now and a quarter ago, and the mean gain (latest minus
    first score, over the competencies assessed at least twice); and the KPI, the mean of the
    active leaders' gains with how many leaders it covers."""

    now: dict[int, float]
    quarter_ago: dict[int, float]
    gain: float | None
    gain_leaders: int


def competency_figures(
    session: Session, today: date, quarter_ago: date, scope
) -> CompetencyFigures:
    """The pipeline's and the KPIs' competency figures in one query: each (leader, active
    competency) pair assessed by `today`, with its latest score, its latest of a quarter ago and
    its first, each one step down the (leader, competency, date) index. Three windowed queries
    did this before, each sorting every assessment (4x slower at 100x, in SQLite's own time)."""
    pair = aliased(A)

    def score(*conditions, newest: bool):
        order = (A.assessed_on.desc(), A.id.desc()) if newest else (A.assessed_on, A.id)
        return (
            select(A.score)
            .where(
                A.leader_id == pair.leader_id, A.competency_id == pair.competency_id, *conditions
            )
            .order_by(*order)
            .limit(1)
            .scalar_subquery()
        )

    latest = score(A.assessed_on <= today, newest=True)
    pairs = _scoped(
        select(
            pair.leader_id,
            latest.label("now"),
            score(A.assessed_on <= quarter_ago, newest=True).label("quarter_ago"),
            # The gain of a competency assessed at least twice: latest minus first.
            case((func.count() >= 2, latest - score(newest=False))).label("gain"),
        )
        .where(
            pair.competency_id.in_(select(Competency.id).where(Competency.active.is_(True))),
            pair.assessed_on <= today,
        )
        .group_by(pair.leader_id, pair.competency_id),
        pair.leader_id,
        scope,
    ).subquery()
    per_leader = (
        select(
            pairs.c.leader_id,
            func.avg(pairs.c.now).label("now"),
            func.avg(pairs.c.quarter_ago).label("quarter_ago"),
            func.avg(pairs.c.gain).label("gain"),
        )
        .group_by(pairs.c.leader_id)
        .subquery()
    )
    active_gain = case((EmergingLeader.status == "active", per_leader.c.gain))
    rows = session.execute(
        select(
            per_leader.c.leader_id,
            per_leader.c.now,
            per_leader.c.quarter_ago,
            # The KPI over the active leaders, in the leaders' order as before.
            func.avg(active_gain).over(),
            func.count(active_gain).over(),
        )
        .join(EmergingLeader, EmergingLeader.id == per_leader.c.leader_id)
        .order_by(per_leader.c.leader_id)
    ).all()
    gain = rows[0][3] if rows else None
    return CompetencyFigures(
        now={leader_id: float(now) for leader_id, now, _, _, _ in rows},
        quarter_ago={leader_id: float(q) for leader_id, _, q, _, _ in rows if q is not None},
        gain=None if gain is None else float(gain),
        gain_leaders=rows[0][4] if rows else 0,
    )


def readiness_history(session: Session, leader_id: int) -> list[ReadinessRead]:
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


def active_competencies(session: Session) -> list[Competency]:
    return list(
        session.scalars(
            select(Competency)
            .where(Competency.active.is_(True))
            .order_by(Competency.position, Competency.name)
        )
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
            for c in active_competencies(session)
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
        readiness_history=readiness_history(session, leader_id),
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
    active = {c.id for c in active_competencies(session)}
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
