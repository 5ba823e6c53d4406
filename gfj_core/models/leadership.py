"""The leadership pipeline: emerging leaders and who mentors them (extended by the pipeline area)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, Timestamped, Versioned
from gfj_core.models.org import Person


class EmergingLeader(Versioned, Timestamped, Base):
    __tablename__ = "emerging_leader"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True, nullable=False)
    target_role: Mapped[str] = mapped_column(String(120), nullable=False)
    cohort_start: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), default="active", nullable=False)
    # The latest rating (ready_now / ready_1_2_years / ready_3_plus_years), denormalised
    # from the readiness history so the board overview needs no window query.
    readiness: Mapped[str | None] = mapped_column(String(20))

    person: Mapped[Person] = relationship()


class Mentorship(Base):
    """A mentor assigned to a leader; a leader may have several mentors."""

    __tablename__ = "mentorship"
    __table_args__ = (UniqueConstraint("leader_id", "mentor_person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    mentor_person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id"), index=True, nullable=False
    )
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date)
