"""Boundary models for correcting and removing competency assessments and readiness ratings
(issue 15): a score, comment or date typed wrong is corrected in a table; one recorded by
mistake is deleted (nothing points at either)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, field_validator

from gfj_core.schemas.corrections import changes_of
from gfj_core.schemas.leadership import ReadinessLevel


def _blank_to_none(v: str | None) -> str | None:
    return v.strip() or None if isinstance(v, str) else v


class AssessmentFields(BaseModel):
    """One recorded score, as a correction checks it (the recording form's rules)."""

    score: int = Field(ge=1, le=5)
    assessed_on: date
    comment: str | None = Field(None, max_length=2_000)

    _blank = field_validator("comment")(_blank_to_none)


class RatingFields(BaseModel):
    """One readiness rating, as a correction checks it."""

    level: ReadinessLevel
    rated_on: date
    note: str | None = Field(None, max_length=2_000)

    _blank = field_validator("note")(_blank_to_none)


AssessmentChanges = changes_of(AssessmentFields, "AssessmentChanges")
RatingChanges = changes_of(RatingFields, "RatingChanges")


class AssessmentRow(BaseModel):
    """A recorded score in the correction table."""

    id: int
    version: int
    competency: str
    score: int
    assessed_on: date
    assessor_name: str | None
    comment: str | None


class RatingRow(BaseModel):
    """A readiness rating in the correction table."""

    id: int
    version: int
    level: ReadinessLevel
    rated_on: date
    rater_name: str | None
    note: str | None


class AssessmentRecords(BaseModel):
    """One leader's recorded scores and (for who rates readiness) ratings, newest first."""

    leader_id: int
    assessments: list[AssessmentRow]
    ratings: list[RatingRow]
