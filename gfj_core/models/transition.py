"""The transition itself: the departure-defined plan (phases, milestones and their dependencies,
the exit checklist) and continuity (the emergency backup plan, the knowledge register and who can
do each function, non-funder relationships to hand over, the departing CEO's role afterwards).

Funders live in models/finance.py: the relationship-handover ledger reads that same table, so
there is one list of funders, not two."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, Timestamped, Versioned
from gfj_core.models.org import Person


class Phase(Versioned, Base):
    __tablename__ = "phase"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)


class Milestone(Versioned, Timestamped, Base):
    __tablename__ = "milestone"
    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id"), index=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    # What the board approved.
    baseline_start: Mapped[date] = mapped_column(Date, nullable=False)
    baseline_finish: Mapped[date] = mapped_column(Date, nullable=False)
    # The current forecast (or actual, once done).
    forecast_start: Mapped[date] = mapped_column(Date, nullable=False)
    # Indexed: the overdue and due-soon lists filter on it.
    forecast_finish: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    completed_on: Mapped[date | None] = mapped_column(Date)
    # Typed status: not_started / on_track / at_risk / done. "late" is derived from dates.
    status: Mapped[str] = mapped_column(String(12), default="not_started", nullable=False)
    visible_to_board: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    is_handover: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)

    phase: Mapped[Phase] = relationship()
    owner: Mapped[Person | None] = relationship()


class MilestoneDependency(Base):
    """Finish-to-start: `milestone_id` cannot start before `depends_on_id` finishes. Loops are
    refused by the timeline service; a self-reference is also refused by the database."""

    __tablename__ = "milestone_dependency"
    __table_args__ = (
        UniqueConstraint("milestone_id", "depends_on_id"),
        CheckConstraint("milestone_id <> depends_on_id", name="not_self"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True, nullable=False
    )
    depends_on_id: Mapped[int] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True, nullable=False
    )


class MilestoneDateChange(Base):
    """Why a milestone's dates moved (issue 22): a re-baseline by the board or an admin, resting
    on a board meeting or resolution, or a forecast change that created or grew a slip. Written
    in the same flush as the change; the digest reads it for "since the last board meeting"."""

    __tablename__ = "milestone_date_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # rebaseline / forecast
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    old_start: Mapped[date] = mapped_column(Date, nullable=False)
    old_finish: Mapped[date] = mapped_column(Date, nullable=False)
    new_start: Mapped[date] = mapped_column(Date, nullable=False)
    new_finish: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    # For a re-baseline: the board meeting (when recorded here) or the resolution it rests on.
    board_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_meeting.id", ondelete="SET NULL"), index=True
    )
    resolution: Mapped[str | None] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime, index=True, nullable=False)
    changed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), index=True
    )


class ChecklistItem(Versioned, Timestamped, Base):
    __tablename__ = "checklist_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(40), index=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    # not_started / in_progress / done / not_applicable
    status: Mapped[str] = mapped_column(String(16), default="not_started", nullable=False)
    is_authority_transfer: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    evidence: Mapped[str | None] = mapped_column(Text)
    # For authority transfers: the date of the board resolution or minutes that backs it.
    resolution_date: Mapped[date | None] = mapped_column(Date)
    # Set by the service from the acting user and the time of the save, never typed.
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), index=True
    )

    owner: Mapped[Person | None] = relationship()


class BackupFunction(Versioned, Timestamped, Base):
    """Emergency backup plan: one of the CEO's priority functions and who covers it if she is
    suddenly unavailable."""

    __tablename__ = "backup_function"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    backup_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    # not_started / in_progress / cross_trained
    cross_training: Mapped[str] = mapped_column(String(16), default="not_started", nullable=False)
    last_rehearsed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    backup: Mapped[Person | None] = relationship()


class KnowledgeFunction(Versioned, Timestamped, Base):
    """Knowledge register: a critical function or process, and how well it is written down.
    Who can do it is in knowledge_capability (one row per capable or learning person)."""

    __tablename__ = "knowledge_function"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True, nullable=False)
    # fundraising / programs / operations / finance / governance / external
    area: Mapped[str] = mapped_column(String(20), default="operations", nullable=False)
    # none / draft / reviewed / handed_over
    documentation: Mapped[str] = mapped_column(String(12), default="none", nullable=False)
    # Where the write-up lives (a note or a link).
    documentation_location: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)


class KnowledgeCapability(Base):
    """Person x function: learning / can_do / expert. No row means the person cannot do it.
    Edits bump the function's version, so two people editing one row cannot lose an update."""

    __tablename__ = "knowledge_capability"
    __table_args__ = (UniqueConstraint("function_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_function.id", ondelete="CASCADE"), index=True, nullable=False
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)


class KeyRelationship(Versioned, Timestamped, Base):
    """A relationship to hand over that is not a funder: partners, officials, vendors (bank,
    lawyer, accountant, insurer). Funders are the finance area's `funder` rows."""

    __tablename__ = "key_relationship"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True, nullable=False)
    # partner / official / vendor / other
    kind: Mapped[str] = mapped_column(String(12), default="partner", nullable=False)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    successor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    introduction_meeting_on: Mapped[date | None] = mapped_column(Date)
    # not_started / introduced / transferred (the same words as funder.handoff_status)
    handoff_status: Mapped[str] = mapped_column(String(16), default="not_started", nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)

    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_person_id])
    successor: Mapped[Person | None] = relationship(foreign_keys=[successor_person_id])


class FounderRole(Versioned, Timestamped, Base):
    """The departing founder-CEO's role after she leaves, as the board reviews it. It works when
    the role is smaller, clearly valued and welcomed by the successor: each is recorded."""

    __tablename__ = "founder_role"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True, nullable=False)
    # emeritus / board_seat / advisor / none
    role: Mapped[str] = mapped_column(String(12), default="emeritus", nullable=False)
    title: Mapped[str | None] = mapped_column(String(120))
    includes: Mapped[str | None] = mapped_column(Text)
    excludes: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    # Each condition: met / not_met / unknown.
    condition_smaller: Mapped[str] = mapped_column(String(8), default="unknown", nullable=False)
    condition_valued: Mapped[str] = mapped_column(String(8), default="unknown", nullable=False)
    condition_welcomed: Mapped[str] = mapped_column(String(8), default="unknown", nullable=False)
    # draft / proposed / agreed
    board_status: Mapped[str] = mapped_column(String(10), default="draft", nullable=False)
    board_reviewed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship()
