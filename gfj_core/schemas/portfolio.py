"""Sharing with a supporter and the figures a supporter sees (issue 20)."""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, field_validator

from gfj_core.metrics.lights import Light

SUPPORTER_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")


# The vital few a supporter may be shown: key -> label. Aggregates only: each is one number the
# board itself sees in privacy mode, kept current in `vital_figure` and recorded in the scorecard
# snapshots at each board meeting.
SHAREABLE_FIGURES: dict[str, str] = {
    "days_to_handover": "Days to handover",
    "readiness_index": "Succession readiness index",
    "milestones_slipped": "Milestones slipped",
    "months_of_cash": "Months of cash",
    "founder_dependent_gifts": "Founder-dependent share of gifts",
    "known_only_to_leader": "Functions only the departing leader can do",
}


class ShareGrant(BaseModel):
    """The admin's "share with this supporter": which of the shareable figures (all by default)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    supporter_key: str
    supporter_name: str
    figures: list[str]

    @field_validator("supporter_key")
    @classmethod
    def _a_key(cls, v: str) -> str:
        if not SUPPORTER_KEY.match(v):
            raise ValueError("lowercase letters, digits and hyphens, as the registry names it")
        return v

    @field_validator("supporter_name")
    @classmethod
    def _a_name(cls, v: str) -> str:
        if not v or len(v) > 160:
            raise ValueError("the supporter's name, up to 160 characters")
        return v

    @field_validator("figures")
    @classmethod
    def _known_figures(cls, v: list[str]) -> list[str]:
        unknown = [k for k in v if k not in SHAREABLE_FIGURES]
        if unknown:
            raise ValueError("not a shareable figure: " + ", ".join(unknown))
        if not v:
            raise ValueError("choose at least one figure to share")
        return [k for k in SHAREABLE_FIGURES if k in v]  # catalogue order, no repeats


class ShareRevoke(BaseModel):
    """The admin's "stop sharing with this supporter", with the share's version as it was shown."""

    supporter_key: str
    expected_version: int | None = None


class ShareRead(BaseModel):
    id: int
    supporter_key: str
    supporter_name: str
    figures: list[str]
    granted_by: str
    granted_at: datetime
    revoked_by: str | None
    revoked_at: datetime | None
    version: int


class SharingState(BaseModel):
    """What the organisation shares now, and what it shared before (revoked)."""

    current: list[ShareRead]
    past: list[ShareRead]


class SharedFigure(BaseModel):
    key: str
    label: str
    value: float | None
    value_text: str
    light: Light
    # Since its record at the board meeting a quarter earlier (None: no record that far back).
    change: float | None
    change_text: str
    recorded_on: date | None = None  # the day it was computed for (None: not computed yet)
    compared_on: date | None = None  # the meeting the change is counted from
    # (date, value) at each held board meeting, then now, oldest first: the aggregate scorecard.
    trend: list[tuple[date, float]]


class PortfolioFigures(BaseModel):
    """One organisation's shared figures, as they stand now."""

    as_of: date | None  # the day the figures were computed for (refreshed by its last write)
    compared_with: date | None  # the (newest) meeting a quarter earlier, for the change
    figures: list[SharedFigure]

    @property
    def red_lights(self) -> int:
        return sum(1 for f in self.figures if f.light.level.value == "red")


class PortfolioEntry(BaseModel):
    """One organisation on a supporter's portfolio page."""

    slug: str
    name: str
    figures: PortfolioFigures
