"""Financial health: funders (shared with the relationship-handover ledger), gifts, accounts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, Timestamped, Versioned
from gfj_core.models.org import Person


class Funder(Versioned, Timestamped, Base):
    """A funder and who holds the relationship. The transition's relationship-handover ledger
    reads these same rows: one list of funders, not two."""

    __tablename__ = "funder"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True, nullable=False)
    # foundation / individual / corporate / government / other
    type: Mapped[str] = mapped_column(String(20), default="other", nullable=False)
    relationship_owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"), index=True
    )
    successor_owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"), index=True
    )
    # not_started / introduced / transferred
    handoff_status: Mapped[str] = mapped_column(String(16), default="not_started", nullable=False)
    introduction_meeting_on: Mapped[date | None] = mapped_column(Date)

    relationship_owner: Mapped[Person | None] = relationship(
        foreign_keys=[relationship_owner_person_id]
    )
    successor_owner: Mapped[Person | None] = relationship(foreign_keys=[successor_owner_person_id])
