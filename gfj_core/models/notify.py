"""Reminders and calendars (issue 18): each person's secret calendar-feed address, their email
preferences, and the log of what `gfj notify` sent, which is also what makes it idempotent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, utcnow


class CalendarFeed(Base):
    """One secret feed address per account. Only the token's SHA-256 is stored: a copy of the
    database (a backup) does not hand out anyone's calendar. A new address replaces the row."""

    __tablename__ = "calendar_feed"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    token_hash: Mapped[str] = mapped_column(
        String(64), unique=True, nullable=False, info={"sensitive": True}
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class NotificationPreference(Base):
    """An account's choice for one kind of email; no row means the kind is on."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # mentor_weekly / owner_due / board_meeting
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class NotificationRun(Base):
    """One `gfj notify` run (never a dry run: those record nothing)."""

    __tablename__ = "notification_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The day the run computed "due" for (--today, or the real date).
    today: Mapped[date] = mapped_column(Date, nullable=False)
    sent: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    failed: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    notifications: Mapped[list[Notification]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="Notification.id"
    )


class Notification(Base):
    """One message to one person in one run: sent, or failed with the SMTP error. A failed
    message's items stay undelivered, so the next run tries them again."""

    __tablename__ = "notification"
    # A log, not a record users edit: the run row is audited, these are not (they would fill the
    # trail with one row per column per message).
    __audited__ = False
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("notification_run.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, nullable=False)
    to_address: Mapped[str] = mapped_column(String(200), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    # sent / failed
    status: Mapped[str] = mapped_column(String(8), nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    run: Mapped[NotificationRun] = relationship(back_populates="notifications")
    items: Mapped[list[NotificationItem]] = relationship(
        back_populates="notification", cascade="all, delete-orphan"
    )


class NotificationItem(Base):
    """What a message told its person about, as a stable key ("milestone:12:due:2026-12-01",
    "mentor_weekly:2026-W48"): a key already in a sent message is never sent to them again."""

    __tablename__ = "notification_item"
    __audited__ = False
    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(
        ForeignKey("notification.id", ondelete="CASCADE"), index=True, nullable=False
    )
    item_key: Mapped[str] = mapped_column(String(120), index=True, nullable=False)

    notification: Mapped[Notification] = relationship(back_populates="items")
