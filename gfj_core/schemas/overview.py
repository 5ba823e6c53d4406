"""The board overview: the transition's vital numbers in one read."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from gfj_core.metrics.lights import Light


class PhaseNow(BaseModel):
    name: str
    position: int
    phases_total: int
    start_date: date
    end_date: date


class MilestoneCounts(BaseModel):
    """The one set of milestone counts (issue 22), read by the overview, the timeline, presenter
    mode and the packet. Schedule states are disjoint: on_schedule + slipped_not_late + late ==
    total. `slipped` (every forecast past the approved finish, late or not, done or not) is the
    timeline's list of slips."""

    total: int
    done: int
    due_next_30_days: int
    late: int  # not done and the forecast finish has passed
    slipped: int  # forecast finish after the board-approved baseline
    at_risk: int = 0
    slipped_not_late: int = 0  # slipped, and not late
    on_schedule: int = 0  # neither late nor slipped

    @property
    def done_share(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def open(self) -> int:
        return self.total - self.done


class ChecklistCounts(BaseModel):
    applicable: int
    done: int
    authority_total: int
    authority_done: int
    overdue: int = 0  # not done and past the due date

    @property
    def done_share(self) -> float | None:
        return self.done / self.applicable if self.applicable else None

    @property
    def authority_done_share(self) -> float | None:
        return self.authority_done / self.authority_total if self.authority_total else None


class ReadinessCounts(BaseModel):
    ready_now: int
    ready_1_2_years: int
    ready_3_plus_years: int
    not_rated: int

    @property
    def total(self) -> int:
        return self.ready_now + self.ready_1_2_years + self.ready_3_plus_years + self.not_rated


class BoardOverview(BaseModel):
    organisation_name: str
    departing_leader: str | None
    departing_leader_title: str
    today: date
    transition_start_date: date | None
    planned_handover_date: date | None
    days_to_handover: int | None
    transition_elapsed_share: float | None  # of the span from transition start to handover
    phase: PhaseNow | None
    milestones: MilestoneCounts
    checklist: ChecklistCounts
    readiness: ReadinessCounts
    # Keyed milestones / checklist / readiness; each light carries its word.
    lights: dict[str, Light]
    # Percentage points the exit checklist trails the time elapsed (negative: ahead).
    checklist_pace_gap: float | None
    demo: bool
