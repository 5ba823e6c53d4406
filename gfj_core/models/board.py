"""Board meetings: who came, what was decided, the action items that carry over, and the
scorecard figures as they stood when each meeting was recorded (the tiles' trend)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, Timestamped, Versioned
from gfj_core.models.org import Person


class BoardMeeting(Versioned, Timestamped, Base):
    __tablename__ = "board_meeting"
    __table_args__ = (UniqueConstraint("held_on", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    # board (the full board) / succession_committee
    kind: Mapped[str] = mapped_column(String(24), default="board", nullable=False)
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    # scheduled / held / cancelled. Attendance, decisions and snapshots belong to held meetings.
    status: Mapped[str] = mapped_column(String(12), default="held", nullable=False)
    # One agenda item per line.
    agenda: Mapped[str | None] = mapped_column(Text)
    # A cancelled meeting stays on record (its invitations went out): the day and the reason.
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    attendance: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    decisions: Mapped[list[MeetingDecision]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingDecision.position"
    )


class MeetingAttendance(Base):
    """One invited person at one meeting; `attended` says whether they came."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("board_meeting.id", ondelete="CASCADE"), index=True, nullable=False
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, nullable=False)
    attended: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    meeting: Mapped[BoardMeeting] = relationship(back_populates="attendance")
    person: Mapped[Person] = relationship()


class MeetingDecision(Base):
    __tablename__ = "meeting_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("board_meeting.id", ondelete="CASCADE"), index=True, nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    # e.g. "Resolution 2026-04"; authority transfers cite it as their evidence.
    reference: Mapped[str | None] = mapped_column(String(60))

    meeting: Mapped[BoardMeeting] = relationship(back_populates="decisions")


class ActionItem(Versioned, Timestamped, Base):
    """An action agreed at a meeting. While open it carries over to every later meeting."""

    __tablename__ = "action_item"
    __table_args__ = (Index("ix_action_item_status_due", "status", "due_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    raised_meeting_id: Mapped[int] = mapped_column(
        ForeignKey("board_meeting.id", ondelete="CASCADE"), index=True, nullable=False
    )
    title: Mapped[str] = mapped_column(String(240), nullable=False)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    # open / done / dropped
    status: Mapped[str] = mapped_column(String(10), default="open", nullable=False)
    closed_on: Mapped[date | None] = mapped_column(Date)

    raised_at: Mapped[BoardMeeting] = relationship()
    owner: Mapped[Person | None] = relationship()


class ScorecardSnapshot(Base):
    """A tile's figure as it stood when a meeting was recorded: what the board saw then."""

    __tablename__ = "scorecard_snapshot"
    __table_args__ = (UniqueConstraint("meeting_id", "tile_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("board_meeting.id", ondelete="CASCADE"), index=True, nullable=False
    )
    tile_key: Mapped[str] = mapped_column(String(40), index=True, nullable=False)
    label: Mapped[str] = mapped_column(String(120), nullable=False)
    value: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String(60), nullable=False)
    # green / amber / red / none
    light: Mapped[str] = mapped_column(String(8), nullable=False)
