"""Backups page: an admin sees what the database holds and downloads a verified copy that is a
complete SQLite database; other roles are refused; on PostgreSQL the page says to use pg_dump."""

import sqlite3
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.runtime.media_file_manager import MediaFileManager

from gfj_core.db import session_scope
from gfj_core.models import AuditLog
from gfj_core.services.backup import sqlite_path
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly


def _counts(path: Path) -> dict[str, int]:
    """Rows per table, counted here with plain sqlite3 (not through the service under test)."""
    with sqlite3.connect(path) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


@pytest.fixture
def deferred_downloads(monkeypatch):
    """The callables the page hands to st.download_button (run when the button is clicked)."""
    captured = []
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, *args, **kwargs):
        captured.append(data_callable)
        return original(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


def test_the_admin_sees_the_databases_size_records_and_integrity(demo_db):
    counts = _counts(sqlite_path(demo_db))
    at = open_page(demo_actor(demo_db, "admin"), "pages/backup.py")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Records"] == f"{sum(counts.values()):,}"
    assert metrics["Audit trail entries"] == f"{counts['audit_log']:,}"
    assert metrics["Quick integrity check"] == "Passed"
    table = at.dataframe[0].value
    assert dict(zip(table["Table"], table["Records"], strict=True)) == counts
    assert "gfj restore gfj-backup-" in at.code[0].value


def test_the_download_is_a_complete_verified_copy_recorded_in_the_audit_trail(
    demo_db, deferred_downloads, tmp_path
):
    live = sqlite_path(demo_db)
    at = open_page(demo_actor(demo_db, "admin"), "pages/backup.py")
    [button] = at.get("download_button")
    assert button.proto.label == "Download backup" and button.proto.deferred_file_id
    before = _counts(live)
    # The click: Streamlit runs the page's callable and sends its bytes.
    data = deferred_downloads[-1]()
    copy = tmp_path / "downloaded.db"
    copy.write_bytes(data)
    assert data.startswith(b"SQLite format 3\x00")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The copy holds every row the live database held when it was taken ...
    assert _counts(copy) == before
    # ... and taking it was recorded, under the admin's name.
    with session_scope(demo_db) as s:
        noted = s.scalars(select(AuditLog).where(AuditLog.action == "backup")).all()
    assert [r.actor_name for r in noted] == ["admin"]


@pytest.mark.parametrize("username", ["board", "treasurer", "ceo", "mentor", "staff"])
def test_other_roles_are_refused_when_the_page_is_run_directly(
    demo_db, deferred_downloads, username
):
    at = run_page_directly(demo_actor(demo_db, username), "pages/backup.py")
    assert not at.exception
    assert [e.value for e in at.error] == [f"“Backups” is not available to your role ({username})."]
    assert not at.get("download_button") and not at.metric
    assert deferred_downloads == []


def test_on_postgresql_the_page_points_to_pg_dump_and_offers_no_download(
    demo_db, deferred_downloads, monkeypatch
):
    admin = demo_actor(demo_db, "admin")
    monkeypatch.setenv("GFJ_DATABASE_URL", "postgresql+psycopg://gfj@127.0.0.1:1/gfj")
    # No server answers that URL: only the page's PostgreSQL wording is under test here, so the
    # once-per-rerun account check (which needs the database) is taken as passed.
    import ui.state

    monkeypatch.setattr(ui.state, "revalidate", lambda actor: actor)
    # Likewise the organisation's date style (read from the database): the default is used.
    import ui.guard

    monkeypatch.setattr(ui.guard, "use_org_date_style", lambda actor: None)
    from gfj_core.settings import get_settings

    get_settings.cache_clear()
    at = run_page_directly(admin, "pages/backup.py")
    get_settings.cache_clear()
    assert not at.exception
    text = page_text(at)
    assert "stores its data in PostgreSQL" in text
    assert "pg_dump --format=custom" in at.code[0].value
    assert "pg_restore" in at.code[0].value
    assert not at.get("download_button") and deferred_downloads == []


# --- Nightly backups (issue 21) -----------------------------------------------------------


def _record_run(engine, hours_ago: float, *, ok: bool = True, error: str | None = None) -> None:
    from datetime import datetime, timedelta

    from gfj_core.models import BackupRun

    at = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=hours_ago)
    with session_scope(engine, write=True) as s:
        s.add(
            BackupRun(
                started_at=at,
                finished_at=at,
                file=None if not ok else "/var/backups/gfj/gfj-backup.db",
                ok=ok,
                error=error,
                method="sqlite",
                size_bytes=1_000_000 if ok else None,
            )
        )


@pytest.mark.parametrize(
    ("hours_ago", "shown", "word"),
    [
        (5, "5 hours ago", "Healthy"),
        (40, "40 hours ago", "Watch"),
        (80, "3 days ago", "Act"),
        (None, "None yet", "Act"),
    ],
)
def test_the_page_shows_the_last_good_backup_and_its_light(demo_db, hours_ago, shown, word):
    if hours_ago is not None:
        _record_run(demo_db, hours_ago)
    at = open_page(demo_actor(demo_db, "admin"), "pages/backup.py")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Last successful backup"] == shown
    badges = [b.proto.label for b in at.get("badge")] if at.get("badge") else []
    text = page_text(at)
    assert f"Backups: {word}" in badges or f"Backups: {word}" in text
    assert ("No good backup for more than 36 hours" in text) == (word != "Healthy")


def test_a_failed_run_is_shown_with_its_error_in_the_run_log(demo_db):
    _record_run(demo_db, 30)
    _record_run(demo_db, 6, ok=False, error="No space left on device")
    at = open_page(demo_actor(demo_db, "admin"), "pages/backup.py")
    assert not at.exception
    assert "The latest backup run failed: No space left on device" in [e.value for e in at.error]
    [runs] = [d.value for d in at.dataframe if "Result" in d.value.columns]
    assert list(runs["Result"]) == ["FAILED", "ok"]
