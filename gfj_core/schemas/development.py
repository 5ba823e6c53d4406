"""Boundary models for a leader's development records (issue 15): the training catalogue
(modules created, edited, retired and restored), completions per leader, exposure to strategic
decisions, and outcomes (where a leader went next and how prepared they were).

A module is retired, never deleted (completions point at it); a completion, an exposure or an
outcome points at nothing, so a mistaken one is removed, and the audit trail keeps what it held."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gfj_core.schemas.leadership import ExposureKind

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

ExposurePart = Literal["observed", "contributed", "led"]
EXPOSURE_PART_WORDS = {"observed": "Observed", "contributed": "Contributed", "led": "Led"}
Score = Field(None, ge=1, le=5)


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


# ---------------------------------------------------------------- training modules


class ModuleCreate(BaseModel):
    """A new module in the program's training catalogue."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=160)
    description: str | None = Field(None, max_length=2000)
    hours: int | None = Field(None, ge=0, le=1000)
    is_core: bool = True

    _blank = field_validator("description")(_blank_to_none)


class ModuleUpdate(BaseModel):
    """Changed fields of a module; a retired_on date retires it, clearing it restores it."""

    model_config = _STRICT

    name: str | None = Field(None, min_length=1, max_length=160)
    description: str | None = Field(None, max_length=2000)
    hours: int | None = Field(None, ge=0, le=1000)
    is_core: bool | None = None
    position: int | None = Field(None, ge=0, le=10_000)
    retired_on: date | None = None

    _blank = field_validator("description")(_blank_to_none)


class ModuleRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: ModuleUpdate


class ModuleRead(BaseModel):
    id: int
    name: str
    description: str | None
    hours: int | None
    is_core: bool
    position: int
    retired_on: date | None
    completions: int
    version: int


# ---------------------------------------------------------------- completions


class CompletionCreate(BaseModel):
    """A leader completed a module: when, and what shows it."""

    model_config = _STRICT

    leader_id: int
    module_id: int
    completed_on: date
    evidence: str | None = Field(None, max_length=300)

    _blank = field_validator("evidence")(_blank_to_none)


class CompletionUpdate(BaseModel):
    model_config = _STRICT

    completed_on: date | None = None
    evidence: str | None = Field(None, max_length=300)

    _blank = field_validator("evidence")(_blank_to_none)


class CompletionRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: CompletionUpdate


class CompletionRead(BaseModel):
    id: int
    leader_id: int
    leader_name: str
    module_id: int
    module_name: str
    completed_on: date
    evidence: str | None
    version: int


# ---------------------------------------------------------------- strategic exposure


class ExposureCreate(BaseModel):
    """A moment of exposure to a strategic decision and the leader's part in it."""

    model_config = _STRICT

    leader_id: int
    occurred_on: date
    kind: ExposureKind
    description: str = Field(min_length=1, max_length=300)
    part: ExposurePart
    reflection: str | None = Field(None, max_length=4000)

    _blank = field_validator("reflection")(_blank_to_none)


class ExposureUpdate(BaseModel):
    model_config = _STRICT

    occurred_on: date | None = None
    kind: ExposureKind | None = None
    description: str | None = Field(None, min_length=1, max_length=300)
    part: ExposurePart | None = None
    reflection: str | None = Field(None, max_length=4000)

    _blank = field_validator("reflection")(_blank_to_none)


class ExposureRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: ExposureUpdate


class ExposureRecord(BaseModel):
    id: int
    leader_id: int
    leader_name: str
    occurred_on: date
    kind: ExposureKind
    description: str
    part: ExposurePart | None
    reflection: str | None
    version: int


# ---------------------------------------------------------------- outcomes


class OutcomeCreate(BaseModel):
    """Where a leader went next, from when, and feedback on a 1-5 scale (and who gave it)."""

    model_config = _STRICT

    leader_id: int
    role_title: str = Field(min_length=1, max_length=160)
    organisation: str = Field(min_length=1, max_length=160)
    started_on: date
    preparedness_score: int | None = Score
    effectiveness_score: int | None = Score
    feedback_comment: str | None = Field(None, max_length=4000)
    feedback_from: str | None = Field(None, max_length=160)

    _blank = field_validator("feedback_comment", "feedback_from")(_blank_to_none)


class OutcomeUpdate(BaseModel):
    model_config = _STRICT

    role_title: str | None = Field(None, min_length=1, max_length=160)
    organisation: str | None = Field(None, min_length=1, max_length=160)
    started_on: date | None = None
    preparedness_score: int | None = Score
    effectiveness_score: int | None = Score
    feedback_comment: str | None = Field(None, max_length=4000)
    feedback_from: str | None = Field(None, max_length=160)

    _blank = field_validator("feedback_comment", "feedback_from")(_blank_to_none)


class OutcomeRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: OutcomeUpdate


class OutcomeRecord(BaseModel):
    id: int
    leader_id: int
    leader_name: str
    role_title: str
    organisation: str
    started_on: date
    preparedness_score: int | None
    effectiveness_score: int | None
    feedback_comment: str | None
    feedback_from: str | None
    version: int


# ---------------------------------------------------------------- removal and the page's view


class RecordRemoval(BaseModel):
    """Remove one record, with the version the confirmation was shown at."""

    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int


class Choice(BaseModel):
    id: int
    name: str


class DevelopmentView(BaseModel):
    """What the Leader development page shows this actor. A mentor gets the completions and
    exposures of their current mentees only, and neither the catalogue's tools nor outcomes."""

    can_manage_catalogue: bool
    can_manage_outcomes: bool
    modules: list[ModuleRead]
    completions: list[CompletionRead]
    exposures: list[ExposureRecord]
    outcomes: list[OutcomeRecord]
    # Leaders this actor may record completions and exposures for.
    leaders: list[Choice]
    # Every leader, for outcomes (graduated and left ones are the usual case).
    outcome_leaders: list[Choice]
