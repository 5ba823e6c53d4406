"""Running the service: a record of every backup run, successful or not (issue 21)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gfj_core.models.base import Base


class BackupRun(Base):
    """One `gfj backup` run (the nightly timer's or a person's). A successful run is also in the
    audit trail (note_backup); this log also keeps the failures, which the light and
    `gfj doctor` read."""

    __tablename__ = "backup_run"
    # An operations log, not the organisation's data: its rows need no audit rows of their own.
    __audited__ = False
    __table_args__ = (Index("ix_backup_run_ok_finished", "ok", "finished_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)  # UTC
    finished_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)  # UTC
    file: Mapped[str | None] = mapped_column(String(500))
    ok: Mapped[bool] = mapped_column(Boolean, nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(20), nullable=False)  # sqlite / pg_dump
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    pruned: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
