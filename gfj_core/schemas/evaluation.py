"""The evaluation plan's boundary models and vocabularies: surveys, community engagement,
legacy and values, advocacy, sector influence, succession targets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gfj_core.metrics.lights import Light
from gfj_core.schemas.corrections import changes_of

# The organisation's nine values, in the order it publishes them.
NINE_VALUES: tuple[str, ...] = (
    "Collaboration",
    "Competency",
    "Culture",
    "Non-violence",
    "Innovation",
    "Integrity",
    "Performance",
    "Professionalism",
    "Responsibility",
)

StakeholderGroup = Literal["board", "staff", "leader", "community", "partner"]
STAKEHOLDER_GROUPS: tuple[str, ...] = get_args(StakeholderGroup)
GROUP_LABELS = {
    "board": "Board",
    "staff": "Staff",
    "leader": "Emerging leaders",
    "community": "Community",
    "partner": "Partners",
}

QuestionKind = Literal["scale", "single", "multi", "text"]
KIND_LABELS = {
    "scale": "1-5 rating",
    "single": "Single choice",
    "multi": "Multiple choice",
    "text": "Free text",
}

EventKind = Literal[
    "training", "workshop", "listening_session", "rally", "cultural", "court_watch", "meeting"
]
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
EVENT_KIND_LABELS = {
    "training": "Training",
    "workshop": "Workshop",
    "listening_session": "Listening session",
    "rally": "Rally or march",
    "cultural": "Cultural event",
    "court_watch": "Court watch",
    "meeting": "Community meeting",
}
State = Literal["NY", "CA", "other"]
STATES: tuple[str, ...] = get_args(State)
STATE_LABELS = {"NY": "New York", "CA": "California", "other": "Other / national"}

LegacyKind = Literal["principle", "commemoration", "archive"]
LEGACY_KIND_LABELS = {
    "principle": "The founder's principles",
    "commemoration": "Commemorations",
    "archive": "Archive items",
}
StoryKind = Literal["story", "testimonial"]

CampaignKind = Literal["bill", "campaign"]
Stage = Literal["introduced", "committee", "passed_one", "passed_both", "won", "lost"]
STAGES: tuple[str, ...] = get_args(Stage)
OPEN_STAGES: tuple[str, ...] = ("introduced", "committee", "passed_one", "passed_both")
STAGE_LABELS = {
    "introduced": "Introduced",
    "committee": "In committee",
    "passed_one": "Passed one chamber",
    "passed_both": "Passed both chambers",
    "won": "Signed / won",
    "lost": "Lost",
}
Issue = Literal[
    "child_incarceration", "police_accountability", "racial_profiling", "youth_justice", "other"
]
ISSUE_LABELS = {
    "child_incarceration": "Ending child incarceration",
    "police_accountability": "Police accountability",
    "racial_profiling": "Ending racial profiling",
    "youth_justice": "Youth justice",
    "other": "Other",
}
OrgRole = Literal["led", "coalition", "supported", "testified"]
ORG_ROLE_LABELS = {
    "led": "Led",
    "coalition": "Coalition member",
    "supported": "Supported",
    "testified": "Testified",
}
InfluenceKind = Literal["speaking", "publication", "citation", "adoption"]
INFLUENCE_KINDS: tuple[str, ...] = get_args(InfluenceKind)
INFLUENCE_KIND_LABELS = {
    "speaking": "Speaking invitations",
    "publication": "Publications",
    "citation": "Citations of our approach",
    "adoption": "Organizations adopting our succession practices",
}

KpiUnit = Literal["count", "share", "score", "ratio", "months", "dollars", "days"]


def _strip(v):
    return v.strip() if isinstance(v, str) else v


class _In(BaseModel):
    """Input models: trim text, refuse unknown fields."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EvaluationContext(BaseModel):
    """What every evaluation page says at its top."""

    organisation_name: str
    demo: bool
    transition_start_date: date | None


# --------------------------------------------------------------------------- surveys


class QuestionRead(BaseModel):
    """A survey question as shown to the user."""

    id: int
    key: str
    position: int
    text: str
    kind: QuestionKind
    options: list[str] = []
    value_name: str | None = None


class RoundRead(BaseModel):
    """One imported round of a survey."""

    id: int
    label: str
    opened_on: date
    closed_on: date
    response_count: int
    source_filename: str | None = None
    imported_at: datetime | None = None
    version: int = 1  # a correction of the round carries it (stale edits refused)


class SurveyRead(BaseModel):
    """A survey with its questions and its rounds (oldest first)."""

    id: int
    key: str
    name: str
    purpose: str | None
    audience: str | None
    is_builtin: bool
    questions: list[QuestionRead]
    rounds: list[RoundRead]


class SurveySummary(BaseModel):
    """One line of the survey list."""

    id: int
    key: str
    name: str
    audience: str | None
    question_count: int
    round_count: int
    total_responses: int
    latest_round: str | None
    latest_closed_on: date | None


class MappingSuggestion(BaseModel):
    """For each column of a file: the suggested target and whether it was remembered from the
    last round (rather than guessed from the header)."""

    columns: list[str]
    targets: dict[str, str]
    remembered: list[str]
    samples: dict[str, str]
    # (target, label) pairs the user can choose from, in display order.
    choices: list[tuple[str, str]]
    rows: int
    # Columns neither remembered nor recognised (a renamed question, say): their target above is
    # only a placeholder, and the import must not start until someone decides each of them.
    undecided: list[str] = []


class SurveyImportResult(BaseModel):
    """What an import wrote."""

    survey_key: str
    survey_name: str
    round_id: int
    round_label: str
    responses: int
    answers: int
    by_group: dict[str, int]
    mapping: dict[str, str]


class OptionCount(BaseModel):
    label: str
    count: int
    share: float | None  # of the respondents who answered the question


class QuestionResult(BaseModel):
    """Results of one question in the chosen round, with the previous round alongside."""

    question: QuestionRead
    answered: int
    average: float | None = None
    previous_average: float | None = None
    change: float | None = None
    # Scale: the five ratings 1..5; choice: each option (then any others seen in the data).
    distribution: list[OptionCount] = []
    previous_answered: int = 0


class SurveyResults(BaseModel):
    survey: SurveyRead
    round: RoundRead | None
    previous_round: RoundRead | None
    group: str | None
    responses: int
    previous_responses: int | None
    by_group: dict[str, int]
    # Mean of every 1-5 rating given in the round (all scale questions together).
    overall_average: float | None
    previous_overall_average: float | None
    questions: list[QuestionResult]
    previous_by_group: dict[str, int] = {}
    # Why the change on the round before may mislead (small samples, a different mix of who
    # answered), one sentence each; empty when the comparison stands or there is none.
    cautions: list[str] = []


class BulkTagIn(BaseModel):
    """Themes to add to many free-text answers at once (each keeps the themes it had)."""

    answer_ids: list[int] = Field(min_length=1, max_length=500)
    themes: list[str] = Field(min_length=1, max_length=20)

    @field_validator("themes")
    @classmethod
    def _named(cls, themes: list[str]) -> list[str]:
        cleaned = list(dict.fromkeys(" ".join(t.split()) for t in themes if t.strip()))
        if not cleaned:
            raise ValueError("choose or type at least one theme")
        return cleaned


class BulkTagResult(BaseModel):
    """What tagging many answers at once did."""

    answers: int  # answers given the themes
    themes: list[str]
    newly_tagged: int  # answer-theme pairs that were not there before


class TrendPoint(BaseModel):
    """The average rating of one scale question in one round."""

    round_id: int
    round_label: str
    closed_on: date
    question_key: str
    question_text: str
    value_name: str | None
    average: float | None
    answered: int


class TextAnswerRead(BaseModel):
    answer_id: int
    question_key: str
    question_text: str
    round_label: str
    stakeholder_group: str
    submitted_at: datetime
    text: str
    themes: list[str]


class TextAnswerPage(BaseModel):
    total: int
    answers: list[TextAnswerRead]


class ThemeCount(BaseModel):
    name: str
    count: int


# --------------------------------------------------------------------------- community


class ProgrammeCreate(_In):
    """A new community programme."""

    name: str = Field(min_length=1, max_length=120)
    state: State | None = None
    description: str | None = Field(None, max_length=2000)


class ProgrammeRead(BaseModel):
    id: int
    name: str
    state: str | None
    description: str | None
    active: bool  # False: archived (hidden from lists and choices, restorable)
    version: int = 0
    # What points at it: a programme with events or stories is archived, never deleted.
    events: int = 0
    stories: int = 0

    @property
    def archived(self) -> bool:
        return not self.active


class EventCreate(_In):
    """A programme event or community event as recorded by staff (or one row of an import)."""

    name: str = Field(min_length=1, max_length=200)
    held_on: date
    kind: EventKind
    state: State
    programme: str | None = Field(None, max_length=120)
    participants: int = Field(ge=0, le=1_000_000)
    new_participants: int = Field(ge=0, le=1_000_000)
    feedback_score: float | None = Field(None, ge=1, le=5)
    feedback_count: int = Field(0, ge=0, le=1_000_000)
    notes: str | None = Field(None, max_length=2000)

    @field_validator("programme", "notes", mode="before")
    @classmethod
    def _blank_is_none(cls, v):
        v = _strip(v)
        return v or None

    @model_validator(mode="after")
    def _consistent(self):
        if self.new_participants > self.participants:
            raise ValueError("new participants cannot exceed participants")
        if self.feedback_score is not None and self.feedback_count == 0:
            raise ValueError("a feedback score needs the number of feedback forms it averages")
        if self.feedback_score is None and self.feedback_count:
            raise ValueError("feedback forms were counted but no feedback score was given")
        return self


class EventRead(BaseModel):
    id: int
    name: str
    held_on: date
    kind: str
    state: str
    programme: str | None
    participants: int
    new_participants: int
    returning_participants: int
    feedback_score: float | None
    feedback_count: int
    notes: str | None
    version: int = 0


class EventImportResult(BaseModel):
    events: int
    participants: int
    programmes_created: list[str]


class PeriodTotals(BaseModel):
    """Events in one period, added up."""

    events: int
    participants: int
    new_participants: int
    returning_participants: int
    returning_share: float | None
    feedback_forms: int
    feedback_average: float | None  # weighted by the number of forms behind each event's score


class MonthPoint(BaseModel):
    month: date  # the first day of the month
    events: int
    participants: int
    new_participants: int
    returning_participants: int
    feedback_average: float | None


class BreakdownRow(BaseModel):
    key: str
    label: str
    events: int
    participants: int
    returning_share: float | None
    feedback_average: float | None


class Figure(BaseModel):
    """One headline tile of an evaluation page, its words and numbers decided in gfj_core."""

    label: str
    value: str
    caption: str = ""
    delta: str | None = None
    help: str | None = None


class EngagementSummary(BaseModel):
    start: date
    end: date
    state: str | None
    totals: PeriodTotals
    previous_start: date
    previous_end: date
    previous: PeriodTotals  # the same length of time just before `start`
    trend: list[MonthPoint]
    by_state: list[BreakdownRow]
    by_kind: list[BreakdownRow]
    by_programme: list[BreakdownRow]


# --------------------------------------------------------------------------- legacy


class ValueTrend(BaseModel):
    """One value's average rating in each round of the Values alignment survey."""

    value_name: str
    points: list[TrendPoint]
    latest: float | None
    previous: float | None
    change: float | None


class ValuesAlignment(BaseModel):
    rounds: list[RoundRead]
    group: str | None
    values: list[ValueTrend]
    overall: list[tuple[str, float | None]]  # (round label, mean of every value rating)
    # The tiles: the value lived most strongly, the one with most room, the biggest gain.
    strongest: ValueTrend | None = None
    weakest: ValueTrend | None = None
    biggest_gain: ValueTrend | None = None


class LegacyItemCreate(_In):
    """A new entry in the legacy register."""

    kind: LegacyKind
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(None, max_length=4000)
    occurred_on: date | None = None
    value_name: str | None = None
    reference: str | None = Field(None, max_length=300)

    @field_validator("value_name")
    @classmethod
    def _known_value(cls, v):
        if v is not None and v not in NINE_VALUES:
            raise ValueError(f"'{v}' is not one of the nine values")
        return v


class LegacyItemRead(BaseModel):
    id: int
    kind: str
    title: str
    description: str | None
    occurred_on: date | None
    value_name: str | None
    reference: str | None
    version: int = 0
    # Held / Planned for commemorations (dated after today), as the register shows it.
    status: str = ""


class StoryCreate(_In):
    """A story or testimonial, with the storyteller's consent (or not yet)."""

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=10000)
    kind: StoryKind = "story"
    storyteller: str = Field(min_length=1, max_length=120)
    collected_on: date
    programme: str | None = None
    values: list[str] = []
    consent: bool = False
    consent_on: date | None = None
    consent_note: str | None = Field(None, max_length=300)

    @field_validator("values", mode="before")
    @classmethod
    def _listed(cls, v):
        # A table cell holds the values as "Culture, Integrity".
        if v is None:
            return []
        if isinstance(v, str):
            return [x.strip() for x in v.split(",") if x.strip()]
        return v

    @field_validator("values")
    @classmethod
    def _known_values(cls, v):
        unknown = [x for x in v if x not in NINE_VALUES]
        if unknown:
            raise ValueError(f"not one of the nine values: {', '.join(unknown)}")
        return sorted(set(v))

    @model_validator(mode="after")
    def _consent_dated(self):
        if self.consent and self.consent_on is None:
            raise ValueError("record the date consent was given")
        return self


class StoryRead(BaseModel):
    id: int
    title: str
    body: str
    kind: str
    storyteller: str
    collected_on: date
    programme: str | None
    values: list[str]
    consent: bool
    consent_on: date | None
    consent_note: str | None
    version: int


class StoriesView(BaseModel):
    """The stories this viewer may see. Editors see every story; everyone else only those
    whose storyteller consented, and no trace of the others."""

    stories: list[StoryRead]
    can_edit: bool
    by_value: dict[str, int]
    withheld: int = 0  # shown to editors: stories without the storyteller's consent


class LegacyRegister(BaseModel):
    items: list[LegacyItemRead]
    counts: dict[str, int]


# --------------------------------------------------------------------------- advocacy and influence


class CampaignCreate(_In):
    """A bill or campaign the organisation worked on."""

    name: str = Field(min_length=1, max_length=200)
    kind: CampaignKind = "bill"
    jurisdiction: str = Field(min_length=1, max_length=40)
    bill_number: str | None = Field(None, max_length=40)
    issue: Issue
    stage: Stage
    org_role: OrgRole
    started_on: date
    decided_on: date | None = None
    outcome: str | None = Field(None, max_length=4000)

    @model_validator(mode="after")
    def _decided_when_closed(self):
        closed = self.stage in ("won", "lost")
        if closed and self.decided_on is None:
            raise ValueError("a signed or lost campaign needs the date it was decided")
        if not closed and self.decided_on is not None:
            raise ValueError("an open campaign has no decision date")
        if self.decided_on is not None and self.decided_on < self.started_on:
            raise ValueError("decided before it started")
        return self


class CampaignRead(BaseModel):
    id: int
    name: str
    kind: str
    jurisdiction: str
    bill_number: str | None
    issue: str
    stage: str
    org_role: str
    started_on: date
    decided_on: date | None
    outcome: str | None
    version: int


class YearCount(BaseModel):
    year: int
    count: int
    cumulative: int


class AdvocacySummary(BaseModel):
    as_of: date
    total: int
    open: int
    won: int
    lost: int
    won_last_12_months: int
    by_stage: dict[str, int]
    wins_by_year: list[YearCount]
    campaigns: list[CampaignRead]


class InfluenceCreate(_In):
    """A speaking invitation, publication, citation or adoption of our practices."""

    kind: InfluenceKind
    title: str = Field(min_length=1, max_length=200)
    organisation: str = Field(min_length=1, max_length=200)
    occurred_on: date
    detail: str | None = Field(None, max_length=4000)
    link: str | None = Field(None, max_length=300)


class InfluenceRead(BaseModel):
    id: int
    kind: str
    title: str
    organisation: str
    occurred_on: date
    detail: str | None
    link: str | None
    version: int = 0


class InfluenceKindCount(BaseModel):
    kind: str
    total: int
    last_12_months: int
    previous_12_months: int


class InfluenceSummary(BaseModel):
    as_of: date
    kinds: list[InfluenceKindCount]
    by_year: dict[int, dict[str, int]]  # year -> kind -> count
    items: list[InfluenceRead]


# --------------------------------------------------------------------------- targets


class KpiRead(BaseModel):
    key: str
    label: str
    area: str
    unit: KpiUnit
    higher_is_better: bool
    description: str
    current: float | None


class TargetSet(_In):
    """The board's target for one KPI."""

    kpi_key: str = Field(min_length=1, max_length=80)
    target_value: float
    deadline: date
    note: str | None = Field(None, max_length=2000)


class TargetRead(BaseModel):
    id: int
    kpi_key: str
    target_value: float
    baseline_value: float | None
    set_on: date
    deadline: date
    note: str | None
    version: int


class TargetProgress(BaseModel):
    """One KPI against its target: how far from the baseline it has come, how far it should
    have come by now, and the light that judges the difference."""

    kpi: KpiRead
    target: TargetRead | None
    progress: float | None  # 0..1 of the way from baseline to target
    expected: float | None  # 0..1 of the time from setting the target to its deadline
    status: str  # Met / On pace / Behind / Well behind / Overdue / No data / No target
    light: Light


class TargetsBoard(BaseModel):
    as_of: date
    rows: list[TargetProgress]
    counts: dict[str, int]  # light word -> number of KPIs with a target
    areas: list[str]


# --------------------------------------------------------------------------- corrections (issue 15)
# What a table edit may change: every field of the add form, checked by the create schema once
# laid over the record (gfj_core.schemas.corrections).

ProgrammeChanges = changes_of(ProgrammeCreate, "ProgrammeChanges", archived=(bool | None, None))
EventChanges = changes_of(EventCreate, "EventChanges")
LegacyItemChanges = changes_of(LegacyItemCreate, "LegacyItemChanges")
StoryChanges = changes_of(StoryCreate, "StoryChanges")
CampaignChanges = changes_of(CampaignCreate, "CampaignChanges")
InfluenceChanges = changes_of(InfluenceCreate, "InfluenceChanges")
