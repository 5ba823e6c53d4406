"""Running the service: backup runs and their light (issue 21)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from gfj_core.metrics.lights import Light


class BackupRunRead(BaseModel):
    """One recorded `gfj backup` run, as the Backups page and `gfj doctor` show it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    started_at: datetime  # UTC
    finished_at: datetime  # UTC
    file: str | None
    ok: bool
    error: str | None
    method: str
    size_bytes: int | None
    pruned: int


class BackupStatus(BaseModel):
    """How recent the last good backup is. Safe for every overview role: names no file."""

    now: datetime  # UTC, the moment judged
    last_ok_at: datetime | None
    age_hours: float | None
    light: Light
    last_run_failed: bool  # the newest run failed (whatever happened before)
    last_error: str | None  # the newest run's error, when it failed
