"""Boundary models for the transition: timeline, exit checklist, continuity and handover.

Each entity has a family: XCreate (a new row from a form), XUpdate (the fields a form or table
row changed; unset fields are left alone), XRead (what a page draws). Words for every coded value
live here too, so pages and the CLI say the same thing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)

from gfj_core.metrics.lights import Light
from gfj_core.schemas.overview import ChecklistCounts, MilestoneCounts
from gfj_core.vocabulary import Vocabulary

# --- Vocabularies -----------------------------------------------------------------------------

MilestoneStatus = Literal["not_started", "on_track", "at_risk", "done"]
# What a page shows: the typed status, or "late" derived from the dates.
MilestoneState = Literal["not_started", "on_track", "at_risk", "late", "done"]
MILESTONE_STATE_WORDS = Vocabulary(
    {
        "not_started": "Not started",
        "on_track": "On track",
        "at_risk": "At risk",
        "late": "Late",
        "done": "Done",
    }
)

ChecklistStatus = Literal["not_started", "in_progress", "done", "not_applicable"]
CHECKLIST_STATUS_WORDS = Vocabulary(
    {
        "not_started": "Not started",
        "in_progress": "In progress",
        "done": "Done",
        "not_applicable": "Not applicable",
    }
)
ChecklistCategory = Literal[
    "authority_legal",
    "key_relationships",
    "knowledge",
    "governance",
    "communications",
    "legacy",
    "next_role",
]
CHECKLIST_CATEGORY_WORDS = Vocabulary(
    {
        "authority_legal": "Authority and legal",
        "key_relationships": "Key relationships",
        "knowledge": "Knowledge",
        "governance": "Governance",
        "communications": "Communications",
        "legacy": "Legacy and commemoration",
        "next_role": "The departing CEO's next role",
    }
)

CrossTraining = Literal["not_started", "in_progress", "cross_trained"]
CROSS_TRAINING_WORDS = Vocabulary(
    {
        "not_started": "Not started",
        "in_progress": "In progress",
        "cross_trained": "Cross-trained",
    }
)

Documentation = Literal["none", "draft", "reviewed", "handed_over"]
DOCUMENTATION_WORDS = Vocabulary(
    {
        "none": "Not written down",
        "draft": "Draft",
        "reviewed": "Reviewed",
        "handed_over": "Handed over",
    }
)
KnowledgeArea = Literal[
    "fundraising", "programs", "operations", "finance", "governance", "external"
]
KNOWLEDGE_AREA_WORDS = Vocabulary(
    {
        "fundraising": "Fundraising",
        "programs": "Programs",
        "operations": "Operations",
        "finance": "Finance",
        "governance": "Governance",
        "external": "External relations",
    }
)
CapabilityLevel = Literal["learning", "can_do", "expert"]
CAPABILITY_WORDS = Vocabulary({"learning": "Learning", "can_do": "Can do", "expert": "Expert"})
# Who still covers a function once the departing leader has gone.
FunctionRisk = Literal["only_departing", "nobody", "single", "covered"]
FUNCTION_RISK_WORDS = Vocabulary(
    {
        "only_departing": "Only the departing leader",
        "nobody": "Nobody",
        "single": "One person",
        "covered": "Two or more",
    }
)

RelationshipKind = Literal["partner", "official", "vendor", "other"]
RELATIONSHIP_KIND_WORDS = Vocabulary(
    {
        "partner": "Partner",
        "official": "Official",
        "vendor": "Vendor or adviser",
        "other": "Other",
        "funder": "Funder",
    }
)
HandoffStatus = Literal["not_started", "introduced", "transferred"]
HANDOFF_WORDS = Vocabulary(
    {
        "not_started": "Not started",
        "introduced": "Introduced",
        "transferred": "Transferred",
    }
)

FounderRoleKind = Literal["emeritus", "board_seat", "advisor", "none"]
FOUNDER_ROLE_WORDS = Vocabulary(
    {
        "emeritus": "Emeritus",
        "board_seat": "Board seat",
        "advisor": "Advisor",
        "none": "No continuing role",
    }
)
Condition = Literal["met", "not_met", "unknown"]
CONDITION_WORDS = Vocabulary({"met": "Yes", "not_met": "No", "unknown": "Not yet known"})
BoardStatus = Literal["draft", "proposed", "agreed"]
BOARD_STATUS_WORDS = Vocabulary(
    {
        "draft": "Draft",
        "proposed": "Proposed to the board",
        "agreed": "Agreed by the board",
    }
)

BOARD_ROLE_WORDS = Vocabulary(
    {
        "chair": "Board chair",
        "vice_chair": "Board vice chair",
        "treasurer": "Board treasurer",
        "secretary": "Board secretary",
    }
)


def _blank_to_none(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- Timeline ---------------------------------------------------------------------------------


class PhaseCreate(_Input):
    """A new phase of the departure-defined plan."""

    name: str = Field(min_length=1, max_length=80)
    position: int | None = Field(None, ge=1)
    start_date: date
    end_date: date

    @model_validator(mode="after")
    def _ordered(self):
        if self.end_date < self.start_date:
            raise ValueError("The phase must end on or after its start.")
        return self


class PhaseUpdate(_Input):
    """Changed fields of a phase."""

    name: str | None = Field(None, min_length=1, max_length=80)
    position: int | None = Field(None, ge=1)
    start_date: date | None = None
    end_date: date | None = None


class PhaseRowEdit(BaseModel):
    """One edited row of the phases table, with the version it was loaded at."""

    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: PhaseUpdate


class PhaseRead(BaseModel):
    """A phase with how many milestones it holds."""

    id: int
    version: int
    name: str
    position: int
    start_date: date
    end_date: date
    milestones: int = 0


class MilestoneCreate(_Input):
    """A new milestone; forecast dates default to the baseline."""

    phase_id: int
    title: str = Field(min_length=1, max_length=200)
    owner_person_id: int | None = None
    baseline_start: date
    baseline_finish: date
    forecast_start: date | None = None
    forecast_finish: date | None = None
    status: MilestoneStatus = "not_started"
    completed_on: date | None = None
    visible_to_board: bool = True
    is_handover: bool = False
    notes: str | None = None
    depends_on: list[int] = Field(default_factory=list)

    _blank = field_validator("notes", mode="before")(_blank_to_none)


class MilestoneUpdate(_Input):
    """The fields a form or a table row changed; fields left unset are not touched."""

    phase_id: int | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    owner_person_id: int | None = None
    baseline_start: date | None = None
    baseline_finish: date | None = None
    forecast_start: date | None = None
    forecast_finish: date | None = None
    status: MilestoneStatus | None = None
    completed_on: date | None = None
    visible_to_board: bool | None = None
    is_handover: bool | None = None
    notes: str | None = None
    depends_on: list[int] | None = None
    # Asked for when the new forecast creates or grows a slip past the approved finish.
    forecast_reason: str | None = Field(None, max_length=500)

    _blank = field_validator("notes", "forecast_reason", mode="before")(_blank_to_none)


class MilestoneRebaseline(_Input):
    """New board-approved dates for a milestone: only the board or an admin, with the reason and
    the board meeting (or the resolution's words) the decision rests on."""

    baseline_start: date
    baseline_finish: date
    reason: str = Field(min_length=3, max_length=500)
    board_meeting_id: int | None = None
    resolution: str | None = Field(None, max_length=200)

    _blank = field_validator("resolution", mode="before")(_blank_to_none)


class MilestoneDateChangeRead(BaseModel):
    """One recorded move of a milestone's approved dates or a slip-growing forecast change."""

    id: int
    milestone_id: int
    milestone_title: str
    kind: Literal["rebaseline", "forecast"]
    old_start: date
    old_finish: date
    new_start: date
    new_finish: date
    reason: str
    basis: str | None  # the board meeting or resolution a re-baseline rests on
    changed_at: datetime
    changed_by: str | None

    @property
    def days_moved(self) -> int:
        return (self.new_finish - self.old_finish).days


class MilestoneRowEdit(BaseModel):
    """One edited row of the milestones table, with the version it was loaded at."""

    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: MilestoneUpdate


class MilestoneRead(BaseModel):
    """A milestone as the timeline shows it: typed status plus the derived state and slip."""

    id: int
    version: int
    phase_id: int
    phase_name: str
    phase_position: int
    title: str
    owner_person_id: int | None
    owner_name: str | None
    baseline_start: date
    baseline_finish: date
    forecast_start: date
    forecast_finish: date
    completed_on: date | None
    status: MilestoneStatus
    state: MilestoneState
    slip_days: int
    visible_to_board: bool
    is_handover: bool
    notes: str | None
    depends_on: list[int] = Field(default_factory=list)
    on_driving_chain: bool = False

    @property
    def state_word(self) -> str:
        return MILESTONE_STATE_WORDS[self.state]


class DependencyRead(BaseModel):
    """`milestone_id` waits for `depends_on_id` to finish."""

    milestone_id: int
    depends_on_id: int
    drives: bool = False  # a link of the chain that drives the handover date


class DrivingLink(BaseModel):
    """One step of the driving chain: `to_id` waits for `from_id`, with this many days spare."""

    from_id: int
    to_id: int
    slack_days: int


class ScheduleConflict(BaseModel):
    """A milestone forecast to start before a milestone it depends on finishes."""

    milestone_id: int
    milestone_title: str
    depends_on_id: int
    depends_on_title: str
    overlap_days: int


class TimelineView(BaseModel):
    """Everything the timeline page draws, as of one day, for one viewer."""

    today: date
    planned_handover_date: date | None
    transition_start_date: date | None
    phases: list[PhaseRead]
    milestones: list[MilestoneRead]
    dependencies: list[DependencyRead]
    # Ids from the first link to the handover milestone; empty without a handover milestone.
    driving_chain: list[int]
    driving_links: list[DrivingLink]
    handover: MilestoneRead | None
    # Handover milestone's forecast finish minus the planned handover date (positive = later).
    handover_gap_days: int | None
    overdue: list[MilestoneRead]
    due_next_30_days: list[MilestoneRead]
    slipped: list[MilestoneRead]
    conflicts: list[ScheduleConflict]
    counts: MilestoneCounts
    hidden_from_viewer: int = 0  # milestones not marked visible to the board
    trimmed: int = 0  # milestones left out by the view's limit (counts still include them)
    can_edit: bool = False
    can_rebaseline: bool = False  # the board or an admin: approved dates move only this way
    # The driving chain's milestones that are late: the handover cannot read "On plan" then.
    chain_late: int = 0
    demo: bool = False  # the demo organisation is loaded (pages say so)


class PersonOption(BaseModel):
    """A person to pick in a form."""

    id: int
    name: str
    is_departing: bool = False
    board_role: str | None = None


# --- Exit checklist ---------------------------------------------------------------------------


class ChecklistItemCreate(_Input):
    """A new exit-checklist item."""

    category: ChecklistCategory
    title: str = Field(min_length=1, max_length=200)
    owner_person_id: int | None = None
    due_date: date | None = None
    status: ChecklistStatus = "not_started"
    is_authority_transfer: bool = False
    evidence: str | None = None
    resolution_date: date | None = None

    _blank = field_validator("evidence", mode="before")(_blank_to_none)


class ChecklistItemUpdate(_Input):
    """The fields a form or table row changed."""

    category: ChecklistCategory | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    owner_person_id: int | None = None
    due_date: date | None = None
    status: ChecklistStatus | None = None
    is_authority_transfer: bool | None = None
    evidence: str | None = None
    resolution_date: date | None = None

    _blank = field_validator("evidence", mode="before")(_blank_to_none)


class ChecklistMarkDone(_Input):
    """ "Mark done" on one checklist item (issue 22): how it was done, as a note or a link, and
    for an authority transfer the date of the board resolution or minutes that backs it."""

    evidence: str = Field(min_length=1, max_length=2000)
    resolution_date: date | None = None


class ChecklistRowEdit(BaseModel):
    """One edited row of the checklist table, with the version it was loaded at."""

    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: ChecklistItemUpdate


class ChecklistItemRead(BaseModel):
    id: int
    version: int
    category: ChecklistCategory | str
    title: str
    owner_person_id: int | None
    owner_name: str | None
    due_date: date | None
    status: ChecklistStatus
    is_authority_transfer: bool
    evidence: str | None
    resolution_date: date | None
    completed_at: datetime | None
    completed_by: str | None  # the person's name (or username) who marked it done
    overdue: bool

    @property
    def category_word(self) -> str:
        return CHECKLIST_CATEGORY_WORDS.get(self.category, self.category)

    @property
    def status_word(self) -> str:
        return CHECKLIST_STATUS_WORDS[self.status]


class CategoryProgress(BaseModel):
    """Progress of one category; not-applicable items are left out of the share."""

    category: str
    label: str
    total: int
    applicable: int
    done: int
    in_progress: int
    overdue: int

    @property
    def done_share(self) -> float | None:
        return self.done / self.applicable if self.applicable else None


class ChecklistTotals(ChecklistCounts):
    """The board overview's checklist counts, plus what the checklist page adds."""

    overdue: int
    # Authority transfers marked done but with no board resolution or minutes date on record.
    authority_done_without_resolution: int


class ChecklistView(BaseModel):
    today: date
    items: list[ChecklistItemRead]  # those matching the view's filters, at most its limit
    matching: int = 0  # every item matching the filters
    authority: list[ChecklistItemRead] = []  # authority transfers, at most the limit
    authority_matching: int = 0
    categories: list[CategoryProgress]
    totals: ChecklistTotals
    # The checklist's one light, the same as the overview's tile (issue 22).
    light: Light | None = None
    can_edit: bool = False
    demo: bool = False


class TemplateItem(BaseModel):
    """A standard exit-checklist item (from succession-planning practice)."""

    category: ChecklistCategory
    title: str
    is_authority_transfer: bool = False
    in_plan: bool = False  # an item with this title is already in the checklist


class StartPlanResult(BaseModel):
    added: int
    skipped: int  # already in the checklist


# --- Emergency backup plan --------------------------------------------------------------------


class BackupFunctionCreate(_Input):
    """One of the CEO's priority functions and its designated backup."""

    name: str = Field(min_length=1, max_length=160)
    description: str | None = None
    backup_person_id: int | None = None
    cross_training: CrossTraining = "not_started"
    last_rehearsed_on: date | None = None
    notes: str | None = None

    _blank = field_validator("description", "notes", mode="before")(_blank_to_none)


class BackupFunctionUpdate(_Input):
    """Changed fields of a priority function."""

    name: str | None = Field(None, min_length=1, max_length=160)
    description: str | None = None
    backup_person_id: int | None = None
    cross_training: CrossTraining | None = None
    last_rehearsed_on: date | None = None
    notes: str | None = None

    _blank = field_validator("description", "notes", mode="before")(_blank_to_none)


class BackupFunctionRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: BackupFunctionUpdate


class BackupFunctionRead(BaseModel):
    id: int
    version: int
    position: int
    name: str
    description: str | None
    backup_person_id: int | None
    backup_name: str | None
    cross_training: CrossTraining
    last_rehearsed_on: date | None
    notes: str | None
    gaps: list[str]  # words: "No backup", "Never rehearsed", "Rehearsed over a year ago"


class TriggerRead(BaseModel):
    """Who may trigger the emergency plan, in order."""

    order: int
    board_role: str
    label: str
    person_id: int | None
    person_name: str | None  # None: the seat is vacant


class EmergencyPlanView(BaseModel):
    today: date
    triggers: list[TriggerRead]
    functions: list[BackupFunctionRead]
    functions_with_gaps: int
    no_backup: int
    never_rehearsed: int
    rehearsal_stale: int
    can_edit: bool = False
    demo: bool = False


# --- Knowledge register -----------------------------------------------------------------------


class KnowledgeFunctionCreate(_Input):
    """A critical function or process, and who can do it (person id -> level)."""

    name: str = Field(min_length=1, max_length=160)
    area: KnowledgeArea = "operations"
    documentation: Documentation = "none"
    documentation_location: str | None = Field(None, max_length=300)
    notes: str | None = None
    capabilities: dict[int, CapabilityLevel] = Field(default_factory=dict)

    _blank = field_validator("documentation_location", "notes", mode="before")(_blank_to_none)


class KnowledgeFunctionUpdate(_Input):
    """Changed fields; `capabilities`, when given, replaces who can do the function."""

    name: str | None = Field(None, min_length=1, max_length=160)
    area: KnowledgeArea | None = None
    documentation: Documentation | None = None
    documentation_location: str | None = Field(None, max_length=300)
    notes: str | None = None
    capabilities: dict[int, CapabilityLevel] | None = None

    _blank = field_validator("documentation_location", "notes", mode="before")(_blank_to_none)


class KnowledgeRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: KnowledgeFunctionUpdate


class KnowledgeFunctionRead(BaseModel):
    id: int
    version: int
    name: str
    area: str
    documentation: Documentation
    documentation_location: str | None
    notes: str | None
    capabilities: dict[int, CapabilityLevel]  # person id -> level
    capable_count: int  # can do or expert, the departing leader included
    risk: FunctionRisk


class KeyPersonCounts(BaseModel):
    total: int
    only_departing: int
    nobody: int
    single: int
    covered: int


class KnowledgeRegisterView(BaseModel):
    people: list[PersonOption]  # heatmap columns: the departing leader first, then by name
    functions: list[KnowledgeFunctionRead]
    counts: KeyPersonCounts
    documentation: dict[str, int]  # documentation state -> functions
    departing_leader: str | None
    can_edit: bool = False


# --- Relationship handover ledger -------------------------------------------------------------


class KeyRelationshipCreate(_Input):
    """A non-funder relationship to hand over (funders are edited as funders)."""

    name: str = Field(min_length=1, max_length=160)
    kind: RelationshipKind = "partner"
    owner_person_id: int | None = None
    successor_person_id: int | None = None
    introduction_meeting_on: date | None = None
    handoff_status: HandoffStatus = "not_started"
    notes: str | None = None

    _blank = field_validator("notes", mode="before")(_blank_to_none)


class HandoffUpdate(_Input):
    """Changed handover fields of a ledger row (funder or other relationship)."""

    owner_person_id: int | None = None
    successor_person_id: int | None = None
    introduction_meeting_on: date | None = None
    handoff_status: HandoffStatus | None = None
    notes: str | None = None  # ignored for funders, which keep their notes elsewhere

    _blank = field_validator("notes", mode="before")(_blank_to_none)


class LedgerRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Literal["funder", "relationship"]
    id: int
    expected_version: int
    changes: HandoffUpdate


class LedgerRow(BaseModel):
    source: Literal["funder", "relationship"]
    id: int
    version: int
    name: str
    kind: str  # funder, partner, official, vendor, other
    funder_type: str | None = None
    owner_person_id: int | None
    owner_name: str | None
    successor_person_id: int | None
    successor_name: str | None
    introduction_meeting_on: date | None
    handoff_status: HandoffStatus | str
    notes: str | None = None
    held_only_by_departing: bool

    @property
    def key(self) -> str:
        return f"{self.source}:{self.id}"


class LedgerCounts(BaseModel):
    total: int
    held_only_by_departing: int
    introduced: int
    transferred: int
    funders: int

    @property
    def only_departing_share(self) -> float | None:
        return self.held_only_by_departing / self.total if self.total else None


class LedgerView(BaseModel):
    rows: list[LedgerRow]
    counts: LedgerCounts
    by_kind: dict[str, LedgerCounts]
    departing_leader: str | None
    can_edit: bool = False


# --- The founder-CEO's role after departure ---------------------------------------------------


class FounderRoleSave(_Input):
    """The role after departure as the form edits it (one per departing leader)."""

    role: FounderRoleKind = "emeritus"
    title: str | None = Field(None, max_length=120)
    includes: str | None = None
    excludes: str | None = None
    starts_on: date | None = None
    review_on: date | None = None
    condition_smaller: Condition = "unknown"
    condition_valued: Condition = "unknown"
    condition_welcomed: Condition = "unknown"
    board_status: BoardStatus = "draft"
    board_reviewed_on: date | None = None
    notes: str | None = None

    _blank = field_validator("title", "includes", "excludes", "notes", mode="before")(
        _blank_to_none
    )

    @model_validator(mode="after")
    def _dates(self):
        if self.starts_on and self.review_on and self.review_on < self.starts_on:
            raise ValueError("The review date must be on or after the start date.")
        return self


class FounderRoleRead(FounderRoleSave):
    model_config = ConfigDict(extra="ignore")

    id: int | None  # None: nothing recorded yet
    version: int | None
    person_id: int | None
    person_name: str | None
    conditions_met: int
    can_edit: bool = False


# --- Board-level figures for the scorecard ----------------------------------------------------


class TransitionBoardFigures(BaseModel):
    """The transition's vital numbers for the board scorecard, as of one day."""

    as_of: date
    milestones_total: int
    milestones_done: int
    # Not slipped past the approved date and not late (done on time counts here too).
    milestones_on_schedule: int
    milestones_slipped: int  # forecast (or actual) finish after the board-approved baseline
    milestones_late: int  # not done and the forecast finish has passed
    planned_handover_date: date | None
    handover_forecast: date | None
    handover_gap_days: int | None  # forecast minus planned; positive means later
    checklist_applicable: int
    checklist_done: int
    authority_total: int
    authority_done: int
    functions_total: int
    functions_only_departing: int
    relationships_total: int
    relationships_only_departing: int
    emergency_functions_with_gaps: int

    @computed_field
    @property
    def relationships_only_departing_share(self) -> float | None:
        if not self.relationships_total:
            return None
        return self.relationships_only_departing / self.relationships_total


class Saved(BaseModel):
    """What a write returns: the row and its new version (for the next edit)."""

    id: int
    version: int
