"""Correcting and removing a leader's competency assessments and readiness ratings (issue 15).

Who: a score is corrected or removed by whoever records scores ("assessments.write"): the CEO
for any leader, a mentor only for their own current mentees. A readiness rating by whoever
rates readiness ("readiness.write", the CEO). Nothing points at either row, so retiring one is
a delete after a confirmation; recording it again restores it. The leader's current readiness
is the latest rating: it is copied again after every change (leadership.sync_readiness).
Corrections go through corrections.correct_row (the record's own rules), all rows or none, with
stale edits refused; every change is audited by the session's hooks and in the row's History."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from gfj_core.access import Role, can, require
from gfj_core.areas import reads
from gfj_core.errors import NotFound, PermissionDenied
from gfj_core.formatting import fmt_date
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    EmergingLeader,
    Person,
    ReadinessRating,
)
from gfj_core.schemas.assessment_records import (
    AssessmentFields,
    AssessmentRecords,
    AssessmentRow,
    RatingFields,
    RatingRow,
)
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.leadership import READINESS_LABELS
from gfj_core.services.corrections import correct_row, delete_row
from gfj_core.services.leader_assessments import sync_readiness
from gfj_core.services.leader_scope import mentors_now
from gfj_core.services.tables import save_rows


def _may_assess(session: Session, actor, leader_id: int) -> None:
    if actor.role == Role.mentor and not mentors_now(session, actor, leader_id):
        raise PermissionDenied("You can correct assessments only for your own current mentees.")


@reads(
    "competency_assessment",
    "readiness_rating",
    "competency",
    "person",
    "mentorship",
    "emerging_leader",
)
def assessment_records(session: Session, *, leader_id: int, actor) -> AssessmentRecords:
    """The leader's recorded scores (and ratings, for who rates readiness), newest first."""
    require(actor, "assessments.write")
    if session.get(EmergingLeader, leader_id) is None:
        raise NotFound("No such leader.")
    _may_assess(session, actor, leader_id)
    a, who = CompetencyAssessment, aliased(Person)
    assessments = [
        AssessmentRow(
            id=row.id,
            version=row.version,
            competency=name,
            score=row.score,
            assessed_on=row.assessed_on,
            assessor_name=assessor,
            comment=row.comment,
        )
        for row, name, assessor in session.execute(
            select(a, Competency.name, who.full_name)
            .join(Competency, Competency.id == a.competency_id)
            .outerjoin(who, who.id == a.assessor_person_id)
            .where(a.leader_id == leader_id)
            .order_by(a.assessed_on.desc(), Competency.position, a.id)
        )
    ]
    ratings: list[RatingRow] = []
    if can(actor.role, "readiness.write"):
        r, rater = ReadinessRating, aliased(Person)
        ratings = [
            RatingRow(
                id=row.id,
                version=row.version,
                level=row.level,
                rated_on=row.rated_on,
                rater_name=name,
                note=row.note,
            )
            for row, name in session.execute(
                select(r, rater.full_name)
                .outerjoin(rater, rater.id == r.rater_person_id)
                .where(r.leader_id == leader_id)
                .order_by(r.rated_on.desc(), r.id.desc())
            )
        ]
    return AssessmentRecords(leader_id=leader_id, assessments=assessments, ratings=ratings)


def _not_future(field: str, on: date, today: date):
    return [(field, f"It cannot be dated after today ({fmt_date(today)}).")] if on > today else None


def save_assessment_table(session: Session, edits: list[RowEdit], *, actor, today: date) -> int:
    """Correct recorded scores (score, date, comment): every row or none."""
    require(actor, "assessments.write")

    def store(row: CompetencyAssessment, data: AssessmentFields, _extra: dict):
        problems = _not_future("assessed_on", data.assessed_on, today)
        if problems:
            return problems
        row.score, row.assessed_on, row.comment = data.score, data.assessed_on, data.comment
        return None

    def apply(edit: RowEdit):
        row = session.get(CompetencyAssessment, edit.id)
        if row is not None:
            _may_assess(session, actor, row.leader_id)
        return correct_row(
            session,
            CompetencyAssessment,
            edit,
            create=AssessmentFields,
            current=lambda r: {
                "score": r.score,
                "assessed_on": r.assessed_on,
                "comment": r.comment,
            },
            store=store,
            what="assessment",
        )

    return save_rows(session, edits, apply, name=lambda r: f"score of {fmt_date(r.assessed_on)}")


def remove_assessment(
    session: Session, *, record_id: int, expected_version: int | None, actor
) -> str:
    """Delete a score recorded by mistake (nothing points at it)."""
    require(actor, "assessments.write")
    row = session.get(CompetencyAssessment, record_id)
    if row is None:
        raise NotFound("That assessment no longer exists: reload the page.")
    _may_assess(session, actor, row.leader_id)
    name = f"the score of {row.score} on {fmt_date(row.assessed_on)}"
    delete_row(
        session,
        CompetencyAssessment,
        record_id=record_id,
        expected_version=expected_version,
        what="assessment",
    )
    return name


def save_rating_table(session: Session, edits: list[RowEdit], *, actor, today: date) -> int:
    """Correct readiness ratings (level, date, note): every row or none; the leader's current
    readiness follows the latest rating."""
    require(actor, "readiness.write")
    leaders: set[int] = set()

    def store(row: ReadinessRating, data: RatingFields, _extra: dict):
        problems = _not_future("rated_on", data.rated_on, today)
        if problems:
            return problems
        row.level, row.rated_on, row.note = data.level, data.rated_on, data.note
        leaders.add(row.leader_id)
        return None

    count = save_rows(
        session,
        edits,
        lambda edit: correct_row(
            session,
            ReadinessRating,
            edit,
            create=RatingFields,
            current=lambda r: {"level": r.level, "rated_on": r.rated_on, "note": r.note},
            store=store,
            what="readiness rating",
        ),
        name=lambda r: f"rating of {fmt_date(r.rated_on)}",
    )
    for leader_id in leaders:
        sync_readiness(session, session.get(EmergingLeader, leader_id))
    session.flush()
    return count


def remove_rating(session: Session, *, record_id: int, expected_version: int | None, actor) -> str:
    """Delete a readiness rating recorded by mistake; the one before it becomes current."""
    require(actor, "readiness.write")
    row = session.get(ReadinessRating, record_id)
    if row is None:
        raise NotFound("That rating no longer exists: reload the page.")
    leader_id = row.leader_id
    name = f"the rating “{READINESS_LABELS[row.level]}” of {fmt_date(row.rated_on)}"
    delete_row(
        session,
        ReadinessRating,
        record_id=record_id,
        expected_version=expected_version,
        what="readiness rating",
    )
    sync_readiness(session, session.get(EmergingLeader, leader_id))
    session.flush()
    return name
