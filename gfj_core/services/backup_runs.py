"""Nightly backups: a dated, verified copy into the backups folder, old copies pruned, every
run recorded in `backup_run` (issue 21).

`run_backup` is what `gfj backup` (and so the systemd timer) calls. SQLite is copied with the
online backup of gfj_core.services.backup; PostgreSQL is dumped with `pg_dump --format=custom`
and checked by listing the dump with `pg_restore --list`. Pruning happens only after a good
copy, and touches only files named like a dated copy (gfj_core.metrics.backups.BACKUP_NAME):
anything else in the folder is left alone.

The clock is a parameter so tests can run forty nights in a second.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.metrics.backups import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    backup_file_name,
    backup_light,
    copies_to_keep,
    stamp_of,
)
from gfj_core.models import AuditLog, BackupRun
from gfj_core.models.base import utcnow
from gfj_core.schemas.ops import BackupRunRead, BackupStatus
from gfj_core.services.backup import BackupReport, note_backup, take_backup

PG_DUMP_TIMEOUT_S = 3600


def libpq_environment(url: URL) -> dict[str, str]:
    """The connection as libpq's PG* variables, so the password never appears on a command line
    (where `ps` would show it to every user of the server)."""
    env = {}
    for var, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[var] = str(value)
    for key, value in (url.query or {}).items():
        if key == "sslmode":
            env["PGSSLMODE"] = str(value)
        elif key == "host":  # a Unix socket folder
            env["PGHOST"] = str(value)
    return env


def pg_dump_to(engine: Engine, dest: Path) -> int:
    """Dump a PostgreSQL database to `dest` (custom format) and check the dump reads back.
    Returns its size. Raises GfjError with pg_dump's own message on failure."""
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if not pg_dump or not pg_restore:
        raise GfjError(
            "pg_dump was not found: install PostgreSQL's client tools "
            "(apt-get install postgresql-client) on this server."
        )
    url = make_url(engine.url)
    env = {**os.environ, **libpq_environment(url)}
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    # One organisation of several is one schema (gfj_core.tenancy): dump only that schema.
    options = str((url.query or {}).get("options", ""))
    schema = options.removeprefix("-csearch_path=") if options.startswith("-csearch_path=") else ""
    only = [f"--schema={schema}"] if schema else []
    try:
        for cmd in (
            [pg_dump, "--format=custom", "--no-password", *only, f"--file={partial}"],
            [pg_restore, "--list", str(partial)],
        ):
            done = subprocess.run(
                cmd, env=env, capture_output=True, text=True, timeout=PG_DUMP_TIMEOUT_S
            )
            if done.returncode != 0:
                message = (done.stderr or done.stdout).strip().splitlines()
                raise GfjError(
                    f"{Path(cmd[0]).name} failed: {message[-1] if message else done.returncode}"
                )
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest.stat().st_size


def _target(folder: Path, now: datetime, suffix: str) -> Path:
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise ValidationFailed(
            f"path: the backups folder {folder} does not exist; create it (mkdir -p) first.",
            [("path", "no such folder")],
        )
    target = folder / backup_file_name(now, suffix=suffix)
    if target.exists():  # a second run within the minute (by hand, after the timer's)
        target = folder / backup_file_name(now, suffix=suffix, seconds=True)
    return target


def prune_backups(
    folder: Path, *, keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY
) -> list[Path]:
    """Delete the dated copies the retention rule does not keep; return what was deleted."""
    dated = {p: stamp_of(p.name) for p in Path(folder).iterdir() if p.is_file()}
    dated = {p: t for p, t in dated.items() if t is not None}
    keep = copies_to_keep(dated.values(), keep_daily=keep_daily, keep_monthly=keep_monthly)
    gone = sorted(p for p, t in dated.items() if t not in keep)
    for p in gone:
        p.unlink()
    return gone


def run_backup(
    engine: Engine,
    folder: Path,
    *,
    actor,
    prune: bool = False,
    now: datetime | None = None,
    keep_daily: int = KEEP_DAILY,
    keep_monthly: int = KEEP_MONTHLY,
) -> BackupRunRead:
    """Take one dated backup into `folder`, prune when asked, and record the run (good or bad).

    An operation on the whole database, like take_backup: it commits its own small transaction
    for the record. A failed run is recorded, then its error raised again so the command (and
    the systemd unit) fails visibly."""
    require(actor, "backup.manage")
    from gfj_core.db import session_scope

    started = now or utcnow()
    method = "sqlite" if engine.dialect.name == "sqlite" else "pg_dump"
    dest: Path | None = None
    report: BackupReport | None = None
    size = None
    pruned: list[Path] = []
    error: str | None = None
    try:
        dest = _target(Path(folder), started, "db" if method == "sqlite" else "dump")
        if method == "sqlite":
            report = take_backup(engine, dest, actor=actor, now=started)
            size = report.size_bytes
        else:
            if dest.exists():
                raise ValidationFailed(f"path: {dest} already exists.", [("path", "exists")])
            size = pg_dump_to(engine, dest)
        if prune:
            pruned = prune_backups(dest.parent, keep_daily=keep_daily, keep_monthly=keep_monthly)
    except GfjError as exc:
        error = str(exc)
    finished = now or utcnow()
    run = BackupRun(
        started_at=started,
        finished_at=finished,
        file=str(dest) if dest is not None and error is None else None,
        ok=error is None,
        error=error,
        method=method,
        size_bytes=size if error is None else None,
        pruned=len(pruned),
    )
    try:
        with session_scope(engine, write=True, actor=actor) as session:
            session.add(run)
            if report is not None:
                note_backup(session, report=report, actor=actor)
            session.flush()
            result = BackupRunRead.model_validate(run)
    except SQLAlchemyError as exc:
        # The database itself cannot be reached (a wrong password, PostgreSQL down): say so in
        # one line, with the backup's own error first; the unit fails and the light goes amber.
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise GfjError(
            f"The backup {'failed: ' + error if error else 'was written to ' + str(dest)}; it "
            f"could not be recorded, the database cannot be reached: {reason}"
        ) from None
    if error is not None:
        raise GfjError(f"The backup failed and was recorded as failed: {error}")
    return result


def backup_status(session: Session, *, actor, now: datetime | None = None) -> BackupStatus:
    """The last good backup's age and its light, for the Backups page, the board's tile and
    `gfj doctor`."""
    require(actor, "backup.status")
    now = now or utcnow()
    last_ok = session.scalar(
        select(BackupRun.finished_at)
        .where(BackupRun.ok.is_(True))
        .order_by(BackupRun.finished_at.desc())
        .limit(1)
    )
    newest = session.scalars(
        select(BackupRun).order_by(BackupRun.finished_at.desc(), BackupRun.id.desc()).limit(1)
    ).first()
    failed = newest is not None and not newest.ok
    return BackupStatus(
        now=now,
        last_ok_at=last_ok,
        age_hours=None if last_ok is None else (now - last_ok).total_seconds() / 3600,
        light=backup_light(
            last_ok, now, records_since=session.scalar(select(func.min(AuditLog.at)))
        ),
        last_run_failed=failed,
        last_error=newest.error if failed else None,
    )


def recent_backup_runs(session: Session, *, actor, limit: int = 20) -> list[BackupRunRead]:
    """The latest runs, newest first, with file names and errors: for administrators."""
    require(actor, "backup.manage")
    rows = session.scalars(
        select(BackupRun).order_by(BackupRun.finished_at.desc(), BackupRun.id.desc()).limit(limit)
    )
    return [BackupRunRead.model_validate(r) for r in rows]
