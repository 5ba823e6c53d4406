"""'Needs your attention': what the board overview opens with."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

AttentionKind = Literal[
    "red_light", "late_milestone", "overdue_checklist", "overdue_action", "agenda", "due_by_meeting"
]


class AttentionItem(BaseModel):
    kind: AttentionKind
    title: str
    detail: str  # the figure and its threshold, or whose it is and since when
    due_on: date | None = None
    page_key: str | None = None


class NextMeeting(BaseModel):
    id: int
    held_on: date
    title: str
    days_away: int


class NeedsAttention(BaseModel):
    as_of: date
    red_lights: list[AttentionItem]  # scorecard tiles whose light is Act
    overdue: list[AttentionItem]  # late milestones, overdue checklist and action items
    next_meeting: NextMeeting | None
    # The next meeting's agenda (what it is asked to decide) and open actions due by then.
    for_next_meeting: list[AttentionItem]

    @property
    def empty(self) -> bool:
        return not (self.red_lights or self.overdue or self.for_next_meeting)
