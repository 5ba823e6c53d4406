"""Sharing with an outside supporter (issue 20): this organisation's decision, kept in its own
database. A supporter (a fellowship, a foundation's transition programme) is named by its key in
the registry; the registry is another database, so there is no foreign key to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gfj_core.models.base import Base, Versioned, utcnow


class PortfolioShare(Versioned, Base):
    """ "Share with supporter S": which aggregate figures, granted by and when, revoked by and when.
    At most one open (unrevoked) row per supporter; a revoked row stays as history."""

    __tablename__ = "portfolio_share"
    __table_args__ = (Index("ix_portfolio_share_supporter_revoked", "supporter_key", "revoked_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    supporter_key: Mapped[str] = mapped_column(String(80), nullable=False)
    supporter_name: Mapped[str] = mapped_column(String(160), nullable=False)
    # The figure keys shared, comma-separated, from services.sharing.SHAREABLE_FIGURES.
    figures: Mapped[str] = mapped_column(Text, nullable=False)
    granted_by: Mapped[str] = mapped_column(String(80), nullable=False)
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    revoked_by: Mapped[str | None] = mapped_column(String(80))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class VitalFigure(Base):
    """One of the vital few as it stands now (one row per figure key), with its change since the
    board meeting a quarter before and its record at each meeting: what a supporter's portfolio
    reads. Derived, never typed: refreshed in the transaction of every write that changes what it
    is computed from (`gfj_core.derived`), so a bad month shows at the supporter's next click,
    not at the next board meeting. No audit rows of its own: the write that moved it has them."""

    __tablename__ = "vital_figure"
    __audited__ = False
    __derived__ = True
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(120), nullable=False)
    value: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String(60), nullable=False)
    light: Mapped[str] = mapped_column(String(8), nullable=False)  # green / amber / red / none
    as_of: Mapped[date] = mapped_column(Date, nullable=False)  # the day it was computed for
    change: Mapped[float | None] = mapped_column(Float)
    compared_on: Mapped[date | None] = mapped_column(Date)  # the meeting the change is from
    # [["2026-05-01", 3.0], ...]: the value at each held board meeting, then as_of's; JSON.
    trend: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    refreshed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
