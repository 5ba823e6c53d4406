"""Organisation settings: what the CEO and admin may change, with defaults and validation."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Band(BaseModel):
    """Traffic-light thresholds. With higher_is_better, below `red` is Act, below `amber` is Watch;
    otherwise above `red` is Act and above `amber` is Watch. `inclusive` makes the bound itself count."""

    model_config = ConfigDict(extra="forbid")

    red: float
    amber: float
    higher_is_better: bool = True
    inclusive: bool = False

    @model_validator(mode="after")
    def _ordered(self):
        if self.higher_is_better and self.red > self.amber:
            raise ValueError("red must not be above amber when higher is better")
        if not self.higher_is_better and self.red < self.amber:
            raise ValueError("red must not be below amber when lower is better")
        return self


def _default_thresholds() -> dict[str, Band]:
    return {
        # Share of open milestones that are late: any late milestone is a watch item.
        "milestones_late_share": Band(red=0.2, amber=0.0, higher_is_better=False),
        # How far exit-checklist completion trails the share of transition time elapsed.
        "checklist_pace_gap": Band(red=0.25, amber=0.10, higher_is_better=False),
        # Internal candidates rated ready now: none is Act, a single one is a thin bench.
        "leaders_ready_now": Band(red=0, amber=1, higher_is_better=True, inclusive=True),
    }


class OrgSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    organisation_name: str = Field("The Gathering for Justice", min_length=1, max_length=120)
    departing_leader: str | None = None  # a known person's full name
    departing_leader_title: str = "President & CEO"
    fiscal_year_start_month: int = Field(1, ge=1, le=12)
    transition_start_date: date | None = None
    planned_handover_date: date | None = None
    # A mentoring relationship with no session for this many days is flagged.
    session_stale_days: int = Field(30, ge=1, le=365)
    thresholds: dict[str, Band] = Field(default_factory=_default_thresholds)
    demo_loaded: bool = False
    # Who triggers the emergency backup plan, in order.
    emergency_triggers: list[Literal["chair", "vice_chair", "treasurer", "secretary"]] = [
        "chair",
        "vice_chair",
    ]
