"""Board meeting mode: the scorecard and its readiness index, meetings and action items, the
"since last meeting" digest. Read models are what pages, the packet and the CLI draw."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from gfj_core.metrics.lights import Light
from gfj_core.schemas.attention import NeedsAttention
from gfj_core.schemas.finance import FinancialStatements
from gfj_core.schemas.financial_history import HistoryYear
from gfj_core.schemas.overview import BoardOverview

# --- Scorecard -----------------------------------------------------------------------------


class DrillRow(BaseModel):
    """One labelled figure inside a drill-down."""

    label: str
    value: str


class Drill(BaseModel):
    """A drill-down component of a tile: a titled list of figures and/or a small table."""

    title: str
    rows: list[DrillRow] = []
    columns: list[str] = []
    table: list[list[str]] = []
    note: str | None = None


class Tile(BaseModel):
    """One scorecard tile, as every area's provider returns it."""

    key: str
    area: str  # the area whose service it reads: transition, leadership, finance, ...
    label: str
    value_text: str
    value: float | None  # the number behind value_text (for trends, snapshots, the packet)
    light: Light
    caption: str | None = None
    help: str | None = None
    trend: list[float] = []
    trend_label: str | None = None  # what each trend point is, e.g. "month end"
    page_key: str | None = None
    drill: list[Drill] = []
    order: int = 100


class IndexComponent(BaseModel):
    """One ingredient of the succession readiness index."""

    key: str
    label: str
    weight: float  # as configured (relative)
    included: bool  # False when it has no data (or could not be computed)
    reason: str | None = None  # why it is left out
    score: float | None = None  # 0..1
    normalised_weight: float | None = None  # weight / sum of the included weights
    points: float | None = None  # score x normalised weight x 100: its share of the index
    formula: str = ""  # the component's own rule, in words, with its inputs
    inputs: list[DrillRow] = []
    page_key: str | None = None


class ReadinessIndex(BaseModel):
    value: float | None  # 0..100, None when no component has data
    light: Light
    components: list[IndexComponent]
    formula: str  # the whole index in words, with the numbers filled in

    @property
    def included(self) -> list[IndexComponent]:
        return [c for c in self.components if c.included]

    @property
    def excluded(self) -> list[IndexComponent]:
        return [c for c in self.components if not c.included]


class Scorecard(BaseModel):
    as_of: date
    privacy: bool
    overview: BoardOverview  # the foundation's figures (phase, days to handover, counts)
    index: ReadinessIndex
    tiles: list[Tile]  # at most eight, index first
    areas_wired: list[str]  # areas whose tiles are on the scorecard
    areas_missing: list[str]  # areas with no figures, or that could not be computed


# --- Meetings --------------------------------------------------------------------------------

MeetingKind = Literal["board", "succession_committee"]
MeetingStatus = Literal["scheduled", "held"]
# What a meeting on record can be: a scheduled one may also have been cancelled (issue 15).
MeetingState = Literal["scheduled", "held", "cancelled"]
ActionStatus = Literal["open", "done", "dropped"]

KIND_LABELS = {"board": "Board meeting", "succession_committee": "Succession committee"}


class AttendeeRead(BaseModel):
    person_id: int
    name: str
    title: str | None
    attended: bool


class DecisionRead(BaseModel):
    text: str
    reference: str | None


class ActionItemRead(BaseModel):
    id: int
    title: str
    owner_person_id: int | None
    owner_name: str | None
    due_date: date | None
    status: ActionStatus
    closed_on: date | None
    raised_meeting_id: int
    raised_on: date
    # Held meetings after the one that raised it, while it was still open.
    times_carried_over: int
    overdue: bool
    version: int


class MeetingSummary(BaseModel):
    id: int
    held_on: date
    kind: MeetingKind
    title: str
    status: MeetingState
    invited: int
    present: int
    decisions: int
    actions_raised: int
    version: int
    cancelled_on: date | None = None
    cancel_reason: str | None = None

    @property
    def attendance_rate(self) -> float | None:
        return self.present / self.invited if self.invited else None


class MeetingRead(MeetingSummary):
    agenda: list[str]
    attendees: list[AttendeeRead]
    decision_list: list[DecisionRead]
    raised: list[ActionItemRead]
    # Open items from earlier meetings that this meeting inherits.
    carried_in: list[ActionItemRead]


class AttendancePoint(BaseModel):
    held_on: date
    kind: MeetingKind
    title: str
    present: int
    invited: int

    @property
    def rate(self) -> float | None:
        return self.present / self.invited if self.invited else None


class BoardEngagement(BaseModel):
    """Board engagement in succession planning, from the meeting records."""

    since: date | None
    board_meetings_held: int
    board_attendance_rate: float | None  # present / invited over the board meetings
    committee_meetings_held: int
    committee_participation_rate: float | None  # present / invited over committee meetings
    board_members: int
    board_members_in_committee_work: int  # distinct board members at one committee meeting
    points: list[AttendancePoint]


class MeetingsBook(BaseModel):
    meetings: list[MeetingSummary]  # newest first
    last_held: MeetingSummary | None
    next_scheduled: MeetingSummary | None
    open_actions: list[ActionItemRead]
    engagement: BoardEngagement
    demo: bool = False


class PersonChoice(BaseModel):
    id: int
    name: str
    title: str | None
    board_role: str | None


class DecisionCreate(BaseModel):
    text: str = Field(min_length=3, max_length=2000)
    reference: str | None = Field(None, max_length=60)


class ActionItemCreate(BaseModel):
    title: str = Field(min_length=3, max_length=240)
    owner_person_id: int | None = None
    due_date: date | None = None


class MeetingCreate(BaseModel):
    """A meeting as recorded (or scheduled). Attendance is the invited list with who came."""

    held_on: date
    kind: MeetingKind = "board"
    title: str = Field(min_length=3, max_length=160)
    status: MeetingStatus = "held"
    agenda: list[str] = []
    invited_person_ids: list[int] = []
    attended_person_ids: list[int] = []
    decisions: list[DecisionCreate] = []
    actions: list[ActionItemCreate] = []

    @field_validator("agenda")
    @classmethod
    def _strip_agenda(cls, v: list[str]) -> list[str]:
        return [line.strip() for line in v if line.strip()]


class ActionItemUpdate(BaseModel):
    status: ActionStatus
    closed_on: date | None = None
    due_date: date | None = None
    owner_person_id: int | None = None
    expected_version: int


# --- Since last meeting -----------------------------------------------------------------------


class DigestItem(BaseModel):
    text: str
    when: date | None = None


class DigestSection(BaseModel):
    key: str
    title: str
    page_key: str | None = None
    items: list[DigestItem] = []
    summary: str = ""  # one line with the count, for the presenter and the packet


class Digest(BaseModel):
    since: date | None  # the previous meeting's date
    since_title: str | None
    until: date
    privacy: bool
    sections: list[DigestSection]

    @property
    def changes(self) -> int:
        return sum(len(s.items) for s in self.sections)


# --- The board packet --------------------------------------------------------------------------


class MilestoneRow(BaseModel):
    phase: str
    title: str
    owner: str | None
    baseline_finish: date
    forecast_finish: date
    state: str  # not started / on track / at risk / late / done
    slip_days: int


class ChecklistRow(BaseModel):
    category: str
    title: str
    owner: str | None
    due_date: date | None
    status: str
    authority_transfer: bool
    resolution_date: date | None
    completed_on: date | None


class PacketArea(BaseModel):
    """A page of the packet for one area that exists: its tiles and their drill-downs."""

    key: str
    title: str
    tiles: list[Tile]


class PacketMeasure(BaseModel):
    """A catalogue measure as the packet's financial summary prints it."""

    name: str
    value_text: str
    light: Light | None = None


class BoardPacket(BaseModel):
    """Everything the packet prints, privacy mode always on: aggregates only, no notes."""

    organisation_name: str
    # The organisation's date style (gfj_core.formatting.DATE_STYLES): both renderers use it.
    date_style: str = "us"
    as_of: date
    demo: bool
    scorecard: Scorecard
    digest: Digest
    open_actions: list[ActionItemRead]
    engagement: BoardEngagement
    last_meeting: MeetingSummary | None
    next_meeting: MeetingSummary | None
    next_meeting_agenda: list[str]
    areas: list[PacketArea]
    milestones: list[MilestoneRow]
    checklist: list[ChecklistRow]
    # Five fiscal years from the Form 990s (issue 17); never anyone's pay (privacy mode).
    history: list[HistoryYear] = []
    # The one-page financial summary (issue 22): the newest month of accounts on or before
    # as_of; None when the reader may not see finances or no month is on file.
    finances: FinancialStatements | None = None
    finance_measures: list[PacketMeasure] = []


class BoardReads(BaseModel):
    """A board page's scorecard and what is built on it, from one computation of the scorecard
    (gfj_core.services.board_reads): `attention` where asked for, `digest` for roles
    that see meetings (None otherwise)."""

    scorecard: Scorecard
    attention: NeedsAttention | None = None
    digest: Digest | None = None
