"""The organisation: its settings, its people, and the accounts they sign in with."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import false

from gfj_core.models.base import Base, Timestamped, Versioned


class Setting(Base):
    """One organisation setting; values are JSON text validated by schemas.settings.OrgSettings."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text, nullable=False)


class Person(Versioned, Timestamped, Base):
    """Anyone the transition touches: staff, board, leaders, mentors, funders' contacts."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    email: Mapped[str | None] = mapped_column(String(200), unique=True, index=True)
    title: Mapped[str | None] = mapped_column(String(160))
    # chair / vice_chair / treasurer / secretary / member, or None for non-board people.
    board_role: Mapped[str | None] = mapped_column(String(20))
    board_term_start: Mapped[date | None] = mapped_column(Date)
    board_term_end: Mapped[date | None] = mapped_column(Date)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # The demo marks invented people so the UI can say so.
    is_fictional: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # The day a person left (active is then False): kept, because records still name them.
    left_on: Mapped[date | None] = mapped_column(Date)


class UserAccount(Versioned, Timestamped, Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(200), info={"sensitive": True})
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A temporary password (set by an admin) must be replaced at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), nullable=False
    )
    # Bumped on deactivation, role change and password reset: a signed-in session carrying an
    # older epoch is signed out at its next click (gfj_core.services.auth.account_still_valid).
    session_epoch: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", nullable=False
    )

    person: Mapped[Person] = relationship()


class SetupCode(Base):
    """The one-time code that lets whoever holds it set up an empty organisation. Only its
    argon2 hash is kept; it works once, for 24 hours. Not audited: there is no actor yet, and the
    row says nothing a person did."""

    __tablename__ = "setup_code"
    __audited__ = False
    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(200), nullable=False, info={"sensitive": True})
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
