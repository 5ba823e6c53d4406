"""Boundary models for managing the leadership pipeline (issue 15): adding and retiring
emerging leaders, assigning and ending mentorships, creating and closing development goals.
Retiring is never deleting: a leader who graduated or left, an ended mentorship and a closed
goal keep their sessions, assessments and audit history."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gfj_core.schemas.leadership import GoalKind, GoalStatus, LeaderStatus

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

LEADER_STATUS_WORDS = {"active": "Active", "graduated": "Graduated", "left": "Left"}
GOAL_STATUS_WORDS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done (closed)",
    "dropped": "Dropped (closed)",
}


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


# ---------------------------------------------------------------- emerging leaders


class LeaderCreate(BaseModel):
    """A new emerging leader, from the people directory or as a new person."""

    model_config = _STRICT

    person_id: int | None = None
    new_person_name: str | None = Field(None, max_length=160)
    target_role: str = Field(min_length=1, max_length=120)
    cohort_start: date

    _blank = field_validator("new_person_name")(_blank_to_none)

    @model_validator(mode="after")
    def _one_person(self):
        if (self.person_id is None) == (self.new_person_name is None):
            raise ValueError("person_id: choose a person from the directory, or type a new name")
        return self


class LeaderUpdate(BaseModel):
    """Changed fields of a leader. Graduated and left need the date and the reason; back to
    active (a restore) clears them."""

    model_config = _STRICT

    target_role: str | None = Field(None, min_length=1, max_length=120)
    cohort_start: date | None = None
    status: LeaderStatus | None = None
    status_on: date | None = None
    status_reason: str | None = Field(None, max_length=300)

    _blank = field_validator("status_reason")(_blank_to_none)


class LeaderRowEdit(BaseModel):
    """One edited row of the leaders table, with the version it was loaded at."""

    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: LeaderUpdate


class PipelineLeader(BaseModel):
    id: int
    person_id: int
    name: str
    target_role: str
    cohort_start: date
    status: LeaderStatus
    status_on: date | None
    status_reason: str | None
    mentors: int
    open_goals: int
    version: int


# ---------------------------------------------------------------- mentorships


class MentorshipCreate(BaseModel):
    """Assign a mentor (a person with an active mentor account) to a leader."""

    model_config = _STRICT

    leader_id: int
    mentor_person_id: int
    started_on: date


class MentorshipUpdate(BaseModel):
    """End a mentorship (a date), correct its start, or reopen it (ended_on cleared)."""

    model_config = _STRICT

    started_on: date | None = None
    ended_on: date | None = None


class MentorshipRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: MentorshipUpdate


class PipelineMentorship(BaseModel):
    id: int
    leader_id: int
    leader_name: str
    mentor_person_id: int
    mentor_name: str
    started_on: date
    ended_on: date | None
    version: int


# ---------------------------------------------------------------- development goals


class GoalCreate(BaseModel):
    """A new development goal (70-20-10: experience, relationship, training)."""

    model_config = _STRICT

    leader_id: int
    title: str = Field(min_length=1, max_length=200)
    kind: GoalKind
    target_date: date | None = None
    progress_pct: int = Field(0, ge=0, le=100)


class GoalUpdate(BaseModel):
    """Changed fields of a goal; closing it is status done or dropped."""

    model_config = _STRICT

    title: str | None = Field(None, min_length=1, max_length=200)
    kind: GoalKind | None = None
    target_date: date | None = None
    progress_pct: int | None = Field(None, ge=0, le=100)
    status: GoalStatus | None = None


class GoalRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: GoalUpdate


class PipelineGoal(BaseModel):
    id: int
    leader_id: int
    leader_name: str
    title: str
    kind: GoalKind
    target_date: date | None
    progress_pct: int
    status: GoalStatus
    version: int


# ---------------------------------------------------------------- the page's view


class PersonChoice(BaseModel):
    id: int
    name: str


class PipelineAdmin(BaseModel):
    """What the Manage the pipeline page shows this actor. A mentor gets only the goals of
    their current mentees (and those mentees as the goal form's choices)."""

    can_manage_leaders: bool
    leaders: list[PipelineLeader]
    mentorships: list[PipelineMentorship]
    goals: list[PipelineGoal]
    # People who are not yet emerging leaders (the add form's choices).
    people: list[PersonChoice]
    # People with an active mentor account.
    mentors: list[PersonChoice]
    # Leaders this actor may add goals for (a mentor: their current mentees).
    goal_leaders: list[PersonChoice]
