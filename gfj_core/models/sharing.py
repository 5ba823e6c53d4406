"""Sharing with an outside supporter (issue 20): this organisation's decision, kept in its own
database. A supporter (a fellowship, a foundation's transition programme) is named by its key in
the registry; the registry is another database, so there is no foreign key to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String, Text
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
