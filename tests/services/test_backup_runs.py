"""Nightly backups (issue 21): dated copies, retention over forty nights with an injected
clock, every run recorded (failures too), the light read back from the records, the board's
tile, and `gfj backup --prune` on a real command line (SQLite; pg_dump in the --postgres pass)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import GfjError, PermissionDenied
from gfj_core.metrics.lights import Level
from gfj_core.models import AuditLog, BackupRun
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.backup import inspect_backup
from gfj_core.services.backup_runs import backup_status, recent_backup_runs, run_backup
from tests import factories as f
from tests.conftest import bare_actor

FIRST_NIGHT = datetime(2026, 10, 25, 2, 15)  # 40 nights: 25 Oct to 3 Dec 2026


def _nights(n: int):
    return [FIRST_NIGHT + timedelta(days=i) for i in range(n)]


@pytest.mark.sqlite_only
def test_forty_nights_leave_fourteen_days_and_the_month_ends(empty_db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "keep-me.txt").write_text("not a dated copy: never pruned")
    for night in _nights(40):
        run_backup(empty_db, folder, actor=SYSTEM, prune=True, now=night)
    expected = {f"gfj-backup-2026-{m:02d}-{d:02d}-0215-UTC.db" for m, d in [(10, 31)]}
    expected |= {f"gfj-backup-2026-11-{d:02d}-0215-UTC.db" for d in range(20, 31)}
    expected |= {f"gfj-backup-2026-12-{d:02d}-0215-UTC.db" for d in (1, 2, 3)}
    assert {p.name for p in folder.iterdir()} == expected | {"keep-me.txt"}
    assert len(expected) == 15  # 14 days (20 Nov to 3 Dec) and October's last night
    # Every copy kept is a sound backup, and every night was recorded.
    for name in expected:
        assert inspect_backup(folder / name).integrity == "ok"
    with session_scope(empty_db) as s:
        runs = s.scalars(select(BackupRun).order_by(BackupRun.id)).all()
        audited = s.scalars(select(AuditLog).where(AuditLog.action == "backup")).all()
    assert len(runs) == 40 and all(r.ok for r in runs) and len(audited) == 40
    assert [r.started_at for r in runs] == _nights(40)
    # The first 14 nights pruned nothing; the 15th removed the 25 Oct copy, and so on, except
    # on 1 Nov (October's last night stays as the month's copy) ... once per night after.
    assert sum(r.pruned for r in runs) == 40 - 15


@pytest.mark.sqlite_only
def test_a_failed_run_is_recorded_with_its_error_and_prunes_nothing(empty_db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for night in _nights(20):
        run_backup(empty_db, folder, actor=SYSTEM, now=night)  # no pruning: 20 copies
    # Tonight's file names are taken (by folders someone made): the copy cannot be written.
    (folder / "gfj-backup-2026-11-14-0215-UTC.db").mkdir()
    (folder / "gfj-backup-2026-11-14-021500-UTC.db").mkdir()
    with pytest.raises(GfjError, match="recorded as failed"):
        run_backup(empty_db, folder, actor=SYSTEM, prune=True, now=_nights(21)[-1])
    assert len([p for p in folder.iterdir() if p.is_file()]) == 20  # nothing pruned
    with session_scope(empty_db) as s:
        runs = recent_backup_runs(s, actor=SYSTEM)
        status = backup_status(s, actor=SYSTEM, now=_nights(21)[-1] + timedelta(hours=1))
    assert not runs[0].ok and runs[0].error and runs[0].file is None
    assert status.last_run_failed and status.last_error == runs[0].error
    assert status.last_ok_at == _nights(20)[-1]
    assert status.light.level == Level.green  # 25 hours: the failure shows, the light not yet


def test_the_light_follows_the_last_good_run_amber_after_36_hours_red_after_72(empty_db):
    last = datetime(2026, 12, 1, 2, 15)
    with session_scope(empty_db, write=True) as s:
        s.add(BackupRun(started_at=last, finished_at=last, file="x", ok=True, method="sqlite"))
        later = last + timedelta(days=2)  # a failed run does not reset the clock
        s.add(
            BackupRun(
                started_at=later, finished_at=later, ok=False, error="disk full", method="sqlite"
            )
        )
    expectations = [(35, Level.green), (37, Level.amber), (71, Level.amber), (73, Level.red)]
    with session_scope(empty_db) as s:
        for hours, level in expectations:
            status = backup_status(s, actor=SYSTEM, now=last + timedelta(hours=hours))
            assert status.light.level == level, hours
            assert status.age_hours == pytest.approx(hours)


def test_no_backup_recorded_is_grey_for_a_new_organisation_and_red_after_72_hours(empty_db):
    with session_scope(empty_db) as s:
        status = backup_status(s, actor=bare_actor(Role.board))
    assert status.last_ok_at is None and status.light.level == Level.none
    # Records kept for four days and still no backup: that is an alarm.
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        f.person(s, "Ada")
    with session_scope(empty_db) as s:
        later = backup_status(s, actor=bare_actor(Role.board), now=utcnow() + timedelta(days=4))
    assert later.light.level == Level.red


def test_only_administrators_run_backups_or_read_the_run_log(empty_db, tmp_path):
    board = bare_actor(Role.board)
    with pytest.raises(PermissionDenied):
        run_backup(empty_db, tmp_path, actor=board)
    with session_scope(empty_db) as s, pytest.raises(PermissionDenied):
        recent_backup_runs(s, actor=board)
    with session_scope(empty_db) as s, pytest.raises(PermissionDenied):
        backup_status(s, actor=bare_actor(Role.mentor))


def test_the_board_overview_shows_the_backup_light_today_not_on_a_past_date_or_projected(
    demo_db,
):
    from gfj_core.services.overview import board_scorecard

    now = datetime.now()
    with session_scope(demo_db, write=True) as s:
        s.add(
            BackupRun(
                started_at=now - timedelta(hours=40),
                finished_at=now - timedelta(hours=40),
                file="x",
                ok=True,
                method="sqlite",
            )
        )
    board = bare_actor(Role.board)
    with session_scope(demo_db) as s:
        today = {t.key: t for t in board_scorecard(s, today=date.today(), actor=board).tiles}
        past = {t.key for t in board_scorecard(s, today=date(2026, 6, 30), actor=board).tiles}
        shown = board_scorecard(s, today=date.today(), actor=board, privacy=True).tiles
        presented = {t.key for t in shown}
    tile = today["last_backup"]
    assert tile.light.level == Level.amber and tile.light.word == "Watch"
    assert tile.value_text == "40 hours ago"
    assert "last_backup" not in past
    assert "last_backup" not in presented  # presenter mode, the packet, meeting snapshots


@pytest.mark.sqlite_only
def test_gfj_backup_prune_on_the_command_line_writes_into_the_backup_folder(empty_db, tmp_path):
    folder = tmp_path / "nightly"
    folder.mkdir()
    old = folder / "gfj-backup-2020-01-01-0215-UTC.db"  # a month end long gone
    for i in range(13):  # twelve later months, each with a copy: the 2020 one falls out
        stamp = datetime(2021, 1 + i, 1, 2, 15) if i < 12 else datetime(2022, 1, 1, 2, 15)
        (folder / f"gfj-backup-{stamp:%Y-%m-%d-%H%M}-UTC.db").write_bytes(b"old copy")
    old.write_bytes(b"old copy")
    env = {
        "GFJ_DATABASE_URL": str(empty_db.url),
        "GFJ_BACKUP_DIR": str(folder),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from gfj_core.cli import main; main()", "backup", "--prune"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Backup written:" in done.stdout and "Pruned 1 older copy" in done.stdout
    assert not old.exists()
    with session_scope(empty_db) as s:
        [run] = recent_backup_runs(s, actor=SYSTEM)
    assert run.ok and run.method == "sqlite" and run.file and os.path.exists(run.file)


def test_gfj_backup_on_postgresql_runs_pg_dump_into_a_dated_file(demo_db, tmp_path, db_backend):
    if db_backend != "postgres":
        # On SQLite the same run is the online backup (tests above); here: the record is made.
        run = run_backup(demo_db, tmp_path, actor=SYSTEM)
        assert run.method == "sqlite" and run.file.endswith(".db")
        return
    run = run_backup(demo_db, tmp_path, actor=SYSTEM)
    assert run.ok and run.method == "pg_dump" and run.file.endswith("-UTC.dump")
    listed = subprocess.run(["pg_restore", "--list", run.file], capture_output=True, text=True)
    assert listed.returncode == 0 and "TABLE DATA public person" in listed.stdout


@pytest.mark.sqlite_only
def test_a_second_run_in_the_same_minute_gets_the_seconds_in_its_name(empty_db, tmp_path):
    first = run_backup(empty_db, tmp_path, actor=SYSTEM, now=datetime(2026, 12, 1, 2, 15, 0))
    again = run_backup(empty_db, tmp_path, actor=SYSTEM, now=datetime(2026, 12, 1, 2, 15, 42))
    assert first.file.endswith("gfj-backup-2026-12-01-0215-UTC.db")
    assert again.file.endswith("gfj-backup-2026-12-01-021542-UTC.db")
    # Both are dated copies: pruning keeps the newer of the day.
    from gfj_core.services.backup_runs import prune_backups

    assert [p.name for p in prune_backups(tmp_path)] == ["gfj-backup-2026-12-01-0215-UTC.db"]


def test_a_backup_of_an_unreachable_database_fails_in_one_line(tmp_path):
    """Nothing to copy and nowhere to record it: the command (and the systemd unit) fails with
    the reason, not a traceback; the light, read when the database is back, turns amber."""
    done = subprocess.run(
        [sys.executable, "-c", "from gfj_core.cli import main; main()", "backup", str(tmp_path)],
        capture_output=True,
        text=True,
        env={
            "GFJ_DATABASE_URL": "postgresql+psycopg://gfj:pw@127.0.0.1:1/gfj",
            "PATH": "/usr/bin:/bin:/usr/lib/postgresql/15/bin",
        },
    )
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("gfj: The backup failed: ") and "could not be recorded" in line
    assert list(tmp_path.iterdir()) == []
