"""Boundary models for the leadership pipeline: what pages and the CLI send in, what services
return. Private notes appear only in models built for their author."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gfj_core.schemas.messages import friendly_message

ReadinessLevel = Literal["ready_now", "ready_1_2_years", "ready_3_plus_years"]
READINESS_LEVELS: tuple[ReadinessLevel, ...] = (
    "ready_now",
    "ready_1_2_years",
    "ready_3_plus_years",
)
READINESS_LABELS: dict[str, str] = {
    "ready_now": "Ready now",
    "ready_1_2_years": "Ready in 1-2 years",
    "ready_3_plus_years": "Ready in 3+ years",
}
LeaderStatus = Literal["active", "graduated", "left"]
GoalKind = Literal["experience", "relationship", "training"]
GOAL_KIND_LABELS = {
    "experience": "Experience (70)",
    "relationship": "Relationship (20)",
    "training": "Training (10)",
}
GoalStatus = Literal["not_started", "in_progress", "done", "dropped"]
ExposureKind = Literal[
    "board_meeting", "funder_call", "budget", "testimony", "press", "partner", "other"
]
EXPOSURE_LABELS = {
    "board_meeting": "Board meeting",
    "funder_call": "Funder call",
    "budget": "Budget ownership",
    "testimony": "Testimony",
    "press": "Press",
    "partner": "Partner negotiation",
    "other": "Other",
}
TOPIC_SEPARATOR = "; "
MIN_SESSION_MINUTES = 5
MAX_SESSION_MINUTES = 600

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


# ---------------------------------------------------------------- form errors


def problems_from(exc) -> list[tuple[str, str]]:
    """A pydantic ValidationError as (field, message) pairs a form can show next to each field.
    Nested fields are dotted (`action_items.2.description`, counting from 1); a model-level
    check names its field as "field: message"."""
    problems = []
    for err in exc.errors():
        loc = [str(part + 1) if isinstance(part, int) else str(part) for part in err["loc"]]
        message = friendly_message(err)
        field = ".".join(loc)
        if not field and ": " in message:
            field, _, message = message.partition(": ")
            message = message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
        problems.append((field or "form", message))
    return problems


# ---------------------------------------------------------------- mentoring sessions


class ActionItemIn(BaseModel):
    """An action item as typed in the session form or an import row."""

    model_config = _STRICT

    description: str = Field(min_length=1, max_length=300)
    due_on: date | None = None
    done: bool = False


class SessionCreate(BaseModel):
    """A new mentoring session, written by the signed-in mentor."""

    model_config = _STRICT

    leader_id: int
    held_on: date
    minutes: int = Field(ge=MIN_SESSION_MINUTES, le=MAX_SESSION_MINUTES)
    topics: list[str] = Field(default_factory=list, max_length=12)
    shared_notes: str | None = Field(None, max_length=10_000)
    private_notes: str | None = Field(None, max_length=10_000)
    action_items: list[ActionItemIn] = Field(default_factory=list, max_length=20)
    next_session_on: date | None = None

    _blank_notes = field_validator("shared_notes", "private_notes")(_blank_to_none)

    @field_validator("topics")
    @classmethod
    def _clean_topics(cls, topics: list[str]) -> list[str]:
        cleaned: list[str] = []
        for topic in topics:
            topic = " ".join(topic.split())
            if ";" in topic:
                raise ValueError(f"“{topic}”: a topic may not contain ';'")
            if len(topic) > 60:
                raise ValueError(f"“{topic[:20]}…”: keep each topic under 60 characters")
            if topic and topic.lower() not in {t.lower() for t in cleaned}:
                cleaned.append(topic)
        return cleaned

    @model_validator(mode="after")
    def _next_after_held(self):
        if self.next_session_on is not None and self.next_session_on <= self.held_on:
            raise ValueError("next_session_on: the next session must come after this one")
        return self


class SessionUpdate(SessionCreate):
    """A correction to one's own session within the 7-day window (all fields, as the form)."""


class ActionItemDone(BaseModel):
    """Ticking an action item off (or back on), from the version the viewer loaded."""

    model_config = _STRICT

    id: int
    done: bool
    expected_version: int


class ActionItemRead(BaseModel):
    id: int
    description: str
    due_on: date | None
    done: bool
    done_on: date | None
    version: int


class SessionRead(BaseModel):
    """One session as the viewer may see it: `private_notes` is None unless they wrote it."""

    id: int
    leader_id: int
    leader_name: str
    mentor_person_id: int
    mentor_name: str
    held_on: date
    minutes: int
    topics: list[str]
    shared_notes: str | None
    private_notes: str | None
    next_session_on: date | None
    logged_on: date
    action_items: list[ActionItemRead]
    is_author: bool
    editable_until: date | None  # the author's last day to correct or delete; None if not author
    version: int


class MenteeOption(BaseModel):
    leader_id: int
    name: str
    target_role: str
    last_session_on: date | None


class SessionFormContext(BaseModel):
    """What the Log a session form needs: whom the author may log for, and sensible defaults."""

    mentees: list[MenteeOption]
    default_leader_id: int | None  # the author's most recent mentee
    topic_suggestions: list[str]
    recent_own_sessions: list[SessionRead]  # still correctable (logged in the last 7 days)
    open_action_items: list[OpenActionItem]


class OpenActionItem(BaseModel):
    id: int
    session_id: int
    leader_name: str
    description: str
    due_on: date | None
    held_on: date
    version: int
    overdue: bool


SessionFormContext.model_rebuild()

# ---------------------------------------------------------------- assessments, readiness


class AssessmentScore(BaseModel):
    model_config = _STRICT

    competency_id: int
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(None, max_length=2_000)

    _blank_comment = field_validator("comment")(_blank_to_none)


class AssessmentBatch(BaseModel):
    """Scores for one leader on one date; competencies left unscored are simply not recorded."""

    model_config = _STRICT

    leader_id: int
    assessed_on: date
    scores: list[AssessmentScore] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_score_per_competency(self):
        ids = [s.competency_id for s in self.scores]
        if len(ids) != len(set(ids)):
            raise ValueError("scores: one score per competency")
        return self


class ReadinessCreate(BaseModel):
    model_config = _STRICT

    leader_id: int
    level: ReadinessLevel
    rated_on: date
    note: str | None = Field(None, max_length=2_000)

    _blank_note = field_validator("note")(_blank_to_none)


class ReadinessRead(BaseModel):
    id: int
    leader_id: int
    rated_on: date
    level: ReadinessLevel
    rater_name: str | None
    note: str | None


class CompetencyRead(BaseModel):
    id: int
    name: str
    description: str | None
    position: int
    active: bool
    version: int


class CompetencyCreate(BaseModel):
    model_config = _STRICT

    name: str = Field(min_length=2, max_length=120)
    description: str | None = Field(None, max_length=2_000)
    position: int | None = None

    _blank_description = field_validator("description")(_blank_to_none)


class CompetencyUpdate(BaseModel):
    """A change to one competency, made from the version the editor loaded."""

    model_config = _STRICT

    id: int
    expected_version: int
    name: str = Field(min_length=2, max_length=120)
    description: str | None = Field(None, max_length=2_000)
    position: int
    active: bool

    _blank_description = field_validator("description")(_blank_to_none)


class FrameworkChanges(BaseModel):
    """Everything the CEO changed in the framework editor, saved together or not at all."""

    model_config = _STRICT

    updates: list[CompetencyUpdate] = Field(default_factory=list)
    additions: list[CompetencyCreate] = Field(default_factory=list)


class AssessmentSheetRow(BaseModel):
    """One competency on the assessment form, with the leader's latest score for context."""

    competency_id: int
    competency: str
    description: str | None
    latest_score: int | None
    latest_on: date | None


class AssessmentSheet(BaseModel):
    leader_id: int
    leader_name: str
    readiness: ReadinessLevel | None
    rows: list[AssessmentSheetRow]
    recent: list[AssessmentRead]
    readiness_history: list[ReadinessRead]


class AssessmentRead(BaseModel):
    id: int
    competency: str
    score: int
    assessed_on: date
    assessor_name: str | None
    comment: str | None


AssessmentSheet.model_rebuild()

# ---------------------------------------------------------------- the Leaders page


class LeaderRow(BaseModel):
    """One leader on the Leaders page. Averages are on the 1-5 competency scale."""

    leader_id: int
    name: str
    target_role: str
    status: LeaderStatus
    cohort_start: date
    readiness: ReadinessLevel | None
    mentors: list[str]
    avg_competency: float | None
    avg_competency_quarter_ago: float | None
    competency_change: float | None  # now minus a quarter ago
    sessions_90_days: int
    goal_progress: float | None  # mean progress of goals not dropped, 0-1
    training_done: int
    training_core_total: int
    training_share: float | None  # core modules completed, 0-1
    exposures: int
    last_session_on: date | None
    days_since_session: int | None
    stale: bool  # no session within the stale-days setting (or none at all)


class StaleMentorship(BaseModel):
    leader_id: int
    leader_name: str
    mentor_name: str
    last_session_on: date | None
    days_since: int | None


class ReadinessMonth(BaseModel):
    """Active leaders by their latest rating as of a month's end (today for the current month)."""

    month_end: date
    ready_now: int
    ready_1_2_years: int
    ready_3_plus_years: int


class TalentCell(BaseModel):
    readiness: ReadinessLevel
    band: str  # a competency band from metrics.leadership.COMPETENCY_BANDS
    leaders: list[str]


class LeadershipKpis(BaseModel):
    """The board's leadership-development numbers (for the Leaders page and the scorecard)."""

    as_of: date
    leaders_total: int  # every leader in scope, whatever their status
    active_leaders: int
    completed_mentorship_and_training: int  # of leaders_total; see completion_definition
    completion_definition: str
    ready_now: int
    ready_1_2_years: int
    ready_3_plus_years: int
    not_rated: int
    # Mean, over leaders, of each leader's mean (latest minus first score) per competency.
    average_competency_gain: float | None
    leaders_with_gain: int
    sessions_last_12_months: int
    sessions_per_leader_per_month: float | None
    placements: int  # leaders with at least one recorded subsequent role
    average_preparedness: float | None  # 1-5
    preparedness_responses: int


class LeadersOverview(BaseModel):
    as_of: date
    demo: bool
    session_stale_days: int
    scoped_to_own_mentees: bool
    rows: list[LeaderRow]
    trend: list[ReadinessMonth]
    grid: list[TalentCell]
    stale_mentorships: list[StaleMentorship]
    kpis: LeadershipKpis


# ---------------------------------------------------------------- the Leader profile


class CompetencyPoint(BaseModel):
    competency: str
    now: float | None
    six_months_ago: float | None


class AssessmentPoint(BaseModel):
    competency: str
    assessed_on: date
    score: int


class GoalRead(BaseModel):
    id: int
    title: str
    kind: GoalKind
    target_date: date | None
    progress_pct: int
    status: GoalStatus
    version: int


class ExposureRead(BaseModel):
    occurred_on: date
    kind: ExposureKind
    description: str
    # observed / contributed / led, and the leader's reflection (issue 15).
    part: str | None = None
    reflection: str | None = None


class TrainingRead(BaseModel):
    module: str
    is_core: bool
    hours: int | None
    completed_on: date | None
    evidence: str | None = None


class OutcomeRead(BaseModel):
    role_title: str
    organisation: str
    started_on: date
    preparedness_score: int | None
    effectiveness_score: int | None = None
    feedback_comment: str | None
    feedback_from: str | None


class LeaderProfile(BaseModel):
    leader_id: int
    name: str
    title: str | None
    target_role: str
    cohort_start: date
    status: LeaderStatus
    readiness: ReadinessLevel | None
    mentors: list[str]
    as_of: date
    six_months_ago: date
    radar: list[CompetencyPoint]
    assessments: list[AssessmentPoint]
    readiness_history: list[ReadinessRead]
    goals: list[GoalRead]
    sessions: list[SessionRead]  # newest first; private notes only for their author
    exposures: list[ExposureRead]
    training: list[TrainingRead]
    outcomes: list[OutcomeRead]


class LeaderOption(BaseModel):
    leader_id: int
    name: str
    status: LeaderStatus


class GoalProgressUpdate(BaseModel):
    model_config = _STRICT

    goal_id: int
    expected_version: int
    progress_pct: int = Field(ge=0, le=100)
    status: GoalStatus


class ImportSummary(BaseModel):
    sessions: int
    action_items: int
    leaders: int
    mentors: int
