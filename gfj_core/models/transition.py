"""The departure-defined plan: phases, milestones and the exit checklist (first form)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
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
    forecast_finish: Mapped[date] = mapped_column(Date, nullable=False)
    completed_on: Mapped[date | None] = mapped_column(Date)
    # Typed status: not_started / on_track / at_risk / done. "late" is derived from dates.
    status: Mapped[str] = mapped_column(String(12), default="not_started", nullable=False)
    visible_to_board: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    is_handover: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)

    phase: Mapped[Phase] = relationship()
    owner: Mapped[Person | None] = relationship()


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
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    owner: Mapped[Person | None] = relationship()
