"""Backups taken while writes continue are whole and consistent; restores round-trip."""

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import get_engine, session_scope
from gfj_core.errors import GfjError, PermissionDenied, ValidationFailed
from gfj_core.models import AuditLog, Person
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.backup import (
    NotSqlite,
    backup_for_download,
    inspect_backup,
    note_backup,
    restore_backup,
    sqlite_path,
    take_backup,
)
from tests.conftest import bare_actor

pytestmark = pytest.mark.sqlite_only


def _counts(path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _writer(engine, stop: threading.Event, done: list, errors: list) -> None:
    """Adds people one transaction at a time until told to stop."""
    n = 0
    try:
        while not stop.is_set():
            n += 1
            with session_scope(engine, write=True, actor=SYSTEM) as s:
                s.add(Person(full_name=f"Writer {n}", title="Added during the backup"))
            done.append(n)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)


def test_backup_taken_while_another_thread_writes_is_whole_and_consistent(demo_db, tmp_path):
    stop, done, errors = threading.Event(), [], []
    thread = threading.Thread(target=_writer, args=(demo_db, stop, done, errors))
    thread.start()
    try:
        while len(done) < 20:  # the writer is well under way
            thread.join(0.01)
        report = take_backup(demo_db, tmp_path / "during.db", actor=SYSTEM)
        written_by_then = len(done)
        while len(done) < written_by_then + 20:  # and carries on after the backup
            thread.join(0.01)
    finally:
        stop.set()
        thread.join()
    assert errors == []

    with closing(sqlite3.connect(tmp_path / "during.db")) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        writers = copy.execute("SELECT count(*) FROM person WHERE full_name LIKE 'Writer %'")
        in_copy = writers.fetchone()[0]
        # Each added person wrote exactly two audit rows (full_name, title) plus the
        # defaults; a torn copy would hold a person without its audit rows or vice versa.
        audit_names = copy.execute(
            "SELECT count(*) FROM audit_log WHERE field = 'full_name' AND new_value LIKE 'Writer %'"
        ).fetchone()[0]
        journal = copy.execute("PRAGMA journal_mode").fetchone()[0]
    assert 20 <= in_copy <= written_by_then
    assert audit_names == in_copy
    assert journal == "delete"  # a single self-contained file, no -wal beside it
    assert report.integrity == "ok"
    assert report.row_counts == _counts(tmp_path / "during.db")
    assert report.row_counts["person"] == _counts(sqlite_path(demo_db))["person"] - (
        len(done) - in_copy
    )


def test_backup_of_a_quiet_database_has_exactly_its_row_counts(demo_db, tmp_path):
    report = take_backup(demo_db, tmp_path / "quiet.db", actor=SYSTEM)
    assert report.row_counts == _counts(sqlite_path(demo_db))
    assert report.row_counts["person"] > 0 and report.row_counts["checklist_item"] > 0
    assert report.revisions  # the schema revision travels with the copy


def test_backup_refuses_an_existing_file_a_missing_folder_and_the_live_file(demo_db, tmp_path):
    (tmp_path / "taken.db").write_text("keep me")
    with pytest.raises(ValidationFailed, match="already exists"):
        take_backup(demo_db, tmp_path / "taken.db", actor=SYSTEM)
    assert (tmp_path / "taken.db").read_text() == "keep me"
    with pytest.raises(ValidationFailed, match="does not exist"):
        take_backup(demo_db, tmp_path / "nowhere" / "x.db", actor=SYSTEM)
    with pytest.raises(ValidationFailed, match="live database"):
        take_backup(demo_db, sqlite_path(demo_db), actor=SYSTEM)
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


@pytest.mark.parametrize("role", [r for r in Role if r != Role.admin])
def test_only_admins_take_or_restore_backups(demo_db, tmp_path, role):
    someone = bare_actor(role)
    with pytest.raises(PermissionDenied):
        take_backup(demo_db, tmp_path / "x.db", actor=someone)
    with pytest.raises(PermissionDenied):
        restore_backup(demo_db, tmp_path / "x.db", actor=someone)
    assert not (tmp_path / "x.db").exists()


def test_restore_round_trip_brings_back_every_row_and_keeps_the_replaced_database(
    demo_db, tmp_path
):
    before = _counts(sqlite_path(demo_db))
    original_title = _title(demo_db, 1)
    take_backup(demo_db, tmp_path / "monday.db", actor=SYSTEM)
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        s.add(Person(full_name="Added after the backup"))
        s.get(Person, 1).title = "Changed after the backup"

    report = restore_backup(demo_db, tmp_path / "monday.db", actor=SYSTEM)

    after = _counts(sqlite_path(demo_db))
    # Every table as it was, plus the one audit row that records the restore itself.
    assert {**after, "audit_log": after["audit_log"] - 1} == before
    with session_scope(demo_db) as s:
        assert s.scalar(select(Person).where(Person.full_name == "Added after the backup")) is None
        restore_row = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert _title(demo_db, 1) == original_title
    assert (restore_row.action, restore_row.entity, restore_row.new_value) == (
        "restore",
        "database",
        "monday.db",
    )
    # What the restore replaced is kept, with the change made after the backup.
    kept = _counts(report.previous_copy)
    assert kept["person"] == before["person"] + 1


def test_restore_moves_the_data_version_past_anything_the_app_has_cached(demo_db, tmp_path):
    """Pages cache reads on the newest audit row id; after a restore it must be a new number."""
    take_backup(demo_db, tmp_path / "b.db", actor=SYSTEM)
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        s.get(Person, 1).title = "one"
    with session_scope(demo_db) as s:
        newest_before = s.scalar(select(func.max(AuditLog.id)))
    restore_backup(demo_db, tmp_path / "b.db", actor=SYSTEM)
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.max(AuditLog.id))) > newest_before


def test_restore_refuses_files_that_are_not_sound_backups_and_changes_nothing(demo_db, tmp_path):
    before = _counts(sqlite_path(demo_db))
    (tmp_path / "notes.txt").write_text("not a database")
    with pytest.raises(ValidationFailed, match="not a SQLite database"):
        restore_backup(demo_db, tmp_path / "notes.txt", actor=SYSTEM)
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(ValidationFailed, match="not a backup of this application"):
        restore_backup(demo_db, other, actor=SYSTEM)
    with pytest.raises(ValidationFailed, match="does not exist"):
        restore_backup(demo_db, tmp_path / "missing.db", actor=SYSTEM)
    assert _counts(sqlite_path(demo_db)) == before


def test_a_damaged_backup_is_refused(demo_db, tmp_path):
    path = tmp_path / "damaged.db"
    take_backup(demo_db, path, actor=SYSTEM)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over the second page (a table's b-tree), keeping the header intact.
    data[page_size + 8 : page_size * 2] = b"\xff" * (page_size - 8)
    path.write_bytes(bytes(data))
    with pytest.raises(ValidationFailed):
        inspect_backup(path)


def test_backup_is_noted_in_the_audit_trail(demo_db, tmp_path):
    admin = bare_actor(Role.admin, user_id=7)
    report = take_backup(demo_db, tmp_path / "noted.db", actor=admin)
    with session_scope(demo_db, write=True, actor=admin) as s:
        note_backup(s, report=report, actor=admin)
    with session_scope(demo_db) as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "backup")).one()
    assert (row.actor_user_id, row.entity, row.field) == (7, "database", "file")
    assert row.new_value.startswith("noted.db (")


def test_download_backup_returns_a_sound_database_and_records_who_took_it(demo_db, tmp_path):
    admin = bare_actor(Role.admin, user_id=7)
    data, report = backup_for_download(demo_db, actor=admin)
    assert data.startswith(b"SQLite format 3\x00")
    (tmp_path / "downloaded.db").write_bytes(data)
    assert inspect_backup(tmp_path / "downloaded.db").row_counts == report.row_counts
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.count()).where(AuditLog.action == "backup")) == 1


def test_backup_and_restore_name_pg_dump_for_postgresql(tmp_path):
    url = "postgresql+psycopg://gfj:secret@db.example.org/gfj"
    engine = get_engine(url)
    try:
        with pytest.raises(NotSqlite, match="pg_dump"):
            take_backup(engine, tmp_path / "x.db", actor=SYSTEM)
        assert issubclass(NotSqlite, GfjError)
    finally:
        engine.dispose()
        get_engine.cache_clear()


def _title(engine, person_id):
    with session_scope(engine) as s:
        return s.get(Person, person_id).title


# --- Restore trusts nothing (issue 16) ----------------------------------------------------------


def _backup_then_alter(demo_db, tmp_path, *statements) -> Path:
    path = tmp_path / "altered.db"
    take_backup(demo_db, path, actor=SYSTEM)
    with closing(sqlite3.connect(path)) as conn:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    return path


def test_restore_refuses_a_backup_whose_append_only_triggers_were_dropped(demo_db, tmp_path):
    before = _counts(sqlite_path(demo_db))
    path = _backup_then_alter(
        demo_db,
        tmp_path,
        "DROP TRIGGER audit_log_no_delete",
        "DROP TRIGGER audit_log_no_update",
    )
    with pytest.raises(ValidationFailed, match="missing trigger audit_log_no_delete") as exc:
        restore_backup(demo_db, path, actor=SYSTEM)
    assert "missing trigger audit_log_no_update" in str(exc.value)
    assert _counts(sqlite_path(demo_db)) == before


def test_restore_refuses_a_backup_with_a_trigger_copying_private_notes(demo_db, tmp_path):
    path = _backup_then_alter(
        demo_db,
        tmp_path,
        "CREATE TRIGGER leak AFTER INSERT ON mentoring_session BEGIN "
        "UPDATE mentoring_session SET shared_notes = NEW.private_notes WHERE id = NEW.id; END",
        "CREATE VIEW notes AS SELECT private_notes FROM mentoring_session",
        "CREATE INDEX ix_extra ON person (full_name)",
    )
    with pytest.raises(ValidationFailed) as exc:
        inspect_backup(path)
    message = str(exc.value)
    for item in ("unexpected trigger leak", "unexpected view notes", "unexpected index ix_extra"):
        assert item in message


def test_restore_refuses_a_backup_whose_trigger_was_rewritten(demo_db, tmp_path):
    path = _backup_then_alter(
        demo_db,
        tmp_path,
        "DROP TRIGGER audit_log_no_delete",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END",
    )
    with pytest.raises(ValidationFailed, match="altered trigger audit_log_no_delete"):
        inspect_backup(path)


def test_after_a_restore_the_audit_trail_is_append_only(demo_db, tmp_path):
    path = tmp_path / "good.db"
    take_backup(demo_db, path, actor=SYSTEM)
    restore_backup(demo_db, path, actor=SYSTEM)
    with closing(sqlite3.connect(sqlite_path(demo_db))) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor_name = 'x'")


def test_backup_and_inspect_quote_file_names_with_hash_and_spaces(demo_db, tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "from gfj_core.cli import main; main()", "backup", "board #3.db"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "board #3.db").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo")) == [
        "board #3.db"
    ]
    (tmp_path / "board #3.db").rename(tmp_path / "good#2.db")
    report = inspect_backup(tmp_path / "good#2.db")
    assert report.integrity == "ok"
    assert not (tmp_path / "good").exists()
    restore_backup(demo_db, tmp_path / "good#2.db", actor=SYSTEM)
    assert not (tmp_path / "good").exists()
