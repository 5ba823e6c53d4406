"""Boundary models for correcting the board's records (issue 15): a held meeting's attendance,
decisions and written record (title and agenda), and action items added between meetings,
reassigned or re-dated."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gfj_core.schemas.board import ActionStatus, DecisionCreate, MeetingKind

ACTION_STATUS_WORDS = {"open": "Open", "done": "Done", "dropped": "Dropped"}


class MeetingCorrection(BaseModel):
    """A held meeting as corrected: the whole record replaces what was saved, so the form
    carries the version it was loaded at."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    expected_version: int
    title: str = Field(min_length=3, max_length=160)
    agenda: list[str] = []
    invited_person_ids: list[int] = []
    attended_person_ids: list[int] = []
    decisions: list[DecisionCreate] = []

    @field_validator("agenda")
    @classmethod
    def _strip_agenda(cls, v: list[str]) -> list[str]:
        return [line.strip() for line in v if line.strip()]


class ActionItemAdd(BaseModel):
    """An action item agreed between meetings: it belongs to the last held meeting of its body
    and carries over to the next one like any other."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: MeetingKind = "board"
    title: str = Field(min_length=3, max_length=240)
    owner_person_id: int | None = None
    due_date: date | None = None


class ActionItemChanges(BaseModel):
    """Changed fields of an open action item (owner and due date may be cleared)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(None, min_length=3, max_length=240)
    owner_person_id: int | None = None
    due_date: date | None = None
    status: ActionStatus | None = None


class ActionItemRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: ActionItemChanges


def parse_decisions(text: str | None) -> list[dict]:
    """Decisions typed one per line, each optionally starting with its reference in square
    brackets ("[Resolution 2026-09] Internal-first search adopted.")."""
    rows = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        ref = None
        if line.startswith("[") and "]" in line:
            ref, line = line[1 : line.index("]")].strip(), line[line.index("]") + 1 :].strip()
        rows.append({"text": line, "reference": ref or None})
    return rows


def decisions_text(decisions) -> str:
    """The decisions of a meeting as `parse_decisions` reads them back."""
    return "\n".join(f"[{d.reference}] {d.text}" if d.reference else d.text for d in decisions)


class MeetingReschedule(BaseModel):
    """A scheduled meeting corrected before it is held: its date, title and agenda."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    expected_version: int
    held_on: date
    title: str = Field(min_length=3, max_length=160)
    agenda: list[str] = []

    @field_validator("agenda")
    @classmethod
    def _strip_agenda(cls, v: list[str]) -> list[str]:
        return [line.strip() for line in v if line.strip()]


class MeetingCancel(BaseModel):
    """A scheduled meeting that will not take place: kept on record as cancelled, with why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    expected_version: int
    reason: str = Field(min_length=3, max_length=500)


class MeetingRestore(BaseModel):
    """A cancelled meeting put back on the calendar as scheduled."""

    model_config = ConfigDict(extra="forbid")

    expected_version: int


class MeetingRemovable(BaseModel):
    """A meeting as the delete panel names it: what goes with it, or why it must stay."""

    id: int
    version: int
    held_on: date
    title: str
    status: str
    goes_with: str | None  # e.g. "its 2 decisions and the attendance of 5 people"
    kept_because: str | None  # something points at it: it cannot be deleted
