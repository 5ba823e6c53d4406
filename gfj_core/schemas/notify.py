"""Reminders and calendars (issue 18): what is due for a person, calendar events, outgoing
messages and the notification log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

# The three kinds of email; each person may turn each off on My account.
NotificationKind = Literal["mentor_weekly", "owner_due", "board_meeting"]
KIND_WORDS: dict[str, str] = {
    "mentor_weekly": "Weekly note for mentors (quiet mentees, action items due)",
    "owner_due": "What I own that falls due, and once when it is overdue",
    "board_meeting": "Before each board meeting (what changed since the last one)",
}


# A thing with a due date that someone owns, as that person may see it.
class DueItem(BaseModel):
    kind: Literal["milestone", "checklist_item", "action_item", "mentoring_action"]
    id: int
    title: str
    due_on: date
    overdue: bool
    page_key: str
    # For a mentor's session action items: whose item it is.
    context: str | None = None


# A board or committee meeting coming up within the week.
class UpcomingMeeting(BaseModel):
    id: int
    title: str
    held_on: date
    kind: str


# A mentor's next agreed session with a mentee.
class NextSession(BaseModel):
    leader_name: str
    on: date


# The signed-in person's "Due this week" box.
class DueThisWeek(BaseModel):
    today: date
    until: date
    items: list[DueItem]
    meetings: list[UpcomingMeeting]
    sessions: list[NextSession]

    @property
    def empty(self) -> bool:
        return not (self.items or self.meetings or self.sessions)


# One event in a calendar feed (all-day: the app stores dates, not times).
class FeedEvent(BaseModel):
    uid: str
    summary: str
    on: date
    description: str = ""
    url: str | None = None
    cancelled: bool = False  # a cancelled meeting: STATUS:CANCELLED in the feed


# The secret feed address as My account shows it (the token itself is shown only once).
class FeedAddressStatus(BaseModel):
    has_address: bool
    created_at: datetime | None = None


# One kind of email and whether this person receives it.
class PreferenceRead(BaseModel):
    kind: NotificationKind
    label: str
    enabled: bool
    applies: bool  # whether this person's role gets this kind at all


class Attachment(BaseModel):
    filename: str
    mime: str
    data: bytes


# A message `gfj notify` would send; `item_keys` make it idempotent.
class OutgoingMessage(BaseModel):
    kind: NotificationKind
    person_id: int
    user_id: int
    to_name: str
    to_address: str
    subject: str
    text: str
    html: str
    item_keys: list[str]
    attachments: list[Attachment] = []


# The outcome of one message in a run.
class SentMessage(BaseModel):
    kind: str
    to_address: str
    subject: str
    status: Literal["sent", "failed", "would send"]
    error: str | None = None


# What one run did (or, in a dry run, would do).
class RunResult(BaseModel):
    today: date
    dry_run: bool
    run_id: int | None
    messages: list[SentMessage]
    problem: str | None = None  # e.g. email not configured

    @property
    def sent(self) -> int:
        return sum(1 for m in self.messages if m.status == "sent")

    @property
    def failed(self) -> int:
        return sum(1 for m in self.messages if m.status == "failed")


# The admin page: recent runs and their messages.
class NotificationRead(BaseModel):
    id: int
    kind: str
    person_name: str
    to_address: str
    subject: str
    status: str
    error: str | None
    created_at: datetime


class RunRead(BaseModel):
    id: int
    started_at: datetime
    finished_at: datetime | None
    today: date
    sent: int
    failed: int
    notifications: list[NotificationRead]


class NotificationLog(BaseModel):
    runs: list[RunRead]
    configured: bool
    smtp_summary: str
    password_set: bool
