"""`gfj doctor` (issue 21): a healthy configuration passes every check; each deliberately broken
one (wrong secret, old migration, no backup, ...) is seen to fail, or to warn where the issue
says warn (HTTPS, the demo on a production database). Then the real command line: exit 0 when
nothing fails, 1 otherwise."""

from __future__ import annotations

import shutil
import socketserver
import subprocess
import sys
import threading
from collections import namedtuple
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command

from gfj_core.db import alembic_config, session_scope
from gfj_core.doctor import DoctorInputs, Status, run_checks
from gfj_core.models import BackupRun
from gfj_core.models.base import utcnow
from gfj_core.settings import STREAMLIT_CONFIG_PATH, AppSettings

pytestmark = pytest.mark.sqlite_only

NOW = datetime(2026, 12, 1, 9, 0)
Usage = namedtuple("Usage", "total used free")
PLENTY = Usage(200e9, 20e9, 180e9)
STRONG = "f3b1c0de" * 8  # 64 characters, not an example


def _record_backup(engine, at: datetime) -> None:
    with session_scope(engine, write=True) as s:
        s.add(BackupRun(started_at=at, finished_at=at, file="x.db", ok=True, method="sqlite"))


@pytest.fixture
def healthy(empty_db, tmp_path):
    """Everything as deploy/README.md leaves it: a current schema, last night's backup, the
    shipped Streamlit config, strong secrets in a private env file, HTTPS."""
    _record_backup(empty_db, NOW - timedelta(hours=7))
    backups = tmp_path / "backups"
    backups.mkdir()
    config = tmp_path / "config.toml"
    shutil.copy(STREAMLIT_CONFIG_PATH, config)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[auth]\ncookie_secret = "{STRONG}"\nclient_id = "gfj"\n'
        f'client_secret = "{STRONG[:40]}"\n'
        'server_metadata_url = "https://id.example.org/.well-known/openid-configuration"\n'
    )
    env_file = tmp_path / "gfj.env"
    env_file.write_text("GFJ_ENVIRONMENT=production\n")
    env_file.chmod(0o600)
    return DoctorInputs(
        settings=AppSettings(
            database_url=str(empty_db.url),
            backup_dir=backups,
            environment="production",
            public_url="https://gfj.example.org",
        ),
        environ={"STREAMLIT_SERVER_ADDRESS": "127.0.0.1", "STREAMLIT_SERVER_COOKIE_SECRET": STRONG},
        streamlit_config=config,
        secrets=secrets,
        env_file=env_file,
        now=NOW,
        disk_usage=lambda path: PLENTY,
        engine=empty_db,
    )


def _by_name(inputs: DoctorInputs) -> dict:
    return {c.name: c for c in run_checks(inputs)}


def test_a_healthy_configuration_passes_every_check(healthy):
    checks = run_checks(healthy)
    assert [c.name for c in checks] == [
        "database",
        "migration",
        "secrets",
        "xsrf",
        "https",
        "backups",
        "disk",
        "demo",
    ]
    assert {c.name: c.status for c in checks if c.status != Status.ok} == {}
    assert all(len(c.line().splitlines()) == 1 for c in checks)


def test_an_example_secret_fails_and_says_how_to_make_one(healthy):
    healthy.secrets.write_text('[auth]\ncookie_secret = "a long random string"\n')
    check = _by_name(healthy)["secrets"]
    assert check.status == Status.fail
    assert "[auth] cookie_secret in secrets.toml is still the example value" in check.message
    assert "[auth] client_id in secrets.toml is missing" in check.message
    assert "openssl rand -hex 32" in check.line()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"STREAMLIT_SERVER_COOKIE_SECRET": "CHANGE-ME"}, "still the example value"),
        ({"STREAMLIT_SERVER_COOKIE_SECRET": "short"}, "shorter than 32 characters"),
        ({"GFJ_SMTP_PASSWORD": "CHANGE-ME"}, "GFJ_SMTP_PASSWORD is still the example value"),
    ],
)
def test_a_weak_or_example_secret_in_the_environment_fails(healthy, change, expected):
    healthy.environ = {**healthy.environ, **change}
    check = _by_name(healthy)["secrets"]
    assert check.status == Status.fail and expected in check.message


def test_a_database_password_left_as_in_the_example_fails(healthy):
    healthy.settings = healthy.settings.model_copy(
        update={"database_url": "postgresql+psycopg://gfj:CHANGE-ME@127.0.0.1:1/gfj"}
    )
    healthy.engine = None
    checks = _by_name(healthy)
    assert checks["secrets"].status == Status.fail
    assert (
        "the password in GFJ_DATABASE_URL is still the example value" in checks["secrets"].message
    )
    # ... and that server is not there: unreachable, said so, the rest not pretended.
    assert checks["database"].status == Status.fail and "cannot reach" in checks["database"].message
    assert checks["migration"].status == Status.fail


def test_an_environment_file_other_users_can_read_fails(healthy):
    healthy.env_file.chmod(0o644)
    check = _by_name(healthy)["secrets"]
    assert check.status == Status.fail and "can be read by other users" in check.message


def test_an_old_migration_fails_and_says_run_gfj_init(healthy, empty_db):
    command.downgrade(alembic_config(str(empty_db.url)), "0008")
    checks = _by_name(healthy)
    assert checks["database"].status == Status.ok
    assert checks["migration"].status == Status.fail
    assert "schema at 0008" in checks["migration"].message
    assert "gfj init" in checks["migration"].line()
    assert checks["backups"].status == Status.fail  # cannot be read from an old schema


def test_no_database_file_fails_without_creating_one(healthy, tmp_path):
    missing = tmp_path / "nowhere" / "gfj.db"
    healthy.settings = healthy.settings.model_copy(update={"database_url": f"sqlite:///{missing}"})
    healthy.engine = None
    checks = _by_name(healthy)
    assert (
        checks["database"].status == Status.fail
        and "no database file" in checks["database"].message
    )
    assert not missing.exists() and not missing.parent.exists()


def test_no_backup_fails(healthy, empty_db):
    with session_scope(empty_db, write=True) as s:
        s.query(BackupRun).delete()
    check = _by_name(healthy)["backups"]
    assert check.status == Status.fail and "no successful backup" in check.message
    assert "gfj-backup.timer" in check.line()


@pytest.mark.parametrize(
    ("hours", "status"), [(30, Status.ok), (40, Status.warn), (80, Status.fail)]
)
def test_the_last_backups_age_follows_the_light(healthy, empty_db, hours, status):
    with session_scope(empty_db, write=True) as s:
        s.query(BackupRun).delete()
    _record_backup(empty_db, NOW - timedelta(hours=hours))
    assert _by_name(healthy)["backups"].status == status


def test_xsrf_protection_turned_off_fails(healthy):
    healthy.environ = {**healthy.environ, "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "false"}
    check = _by_name(healthy)["xsrf"]
    assert check.status == Status.fail and "enableXsrfProtection" in check.message
    healthy.environ.pop("STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION")
    healthy.streamlit_config.write_text(
        "[server]\nenableXsrfProtection = true\nenableCORS = false\n"
    )
    check = _by_name(healthy)["xsrf"]
    assert check.status == Status.fail and "enableCORS" in check.message


@pytest.mark.parametrize(
    ("public_url", "address", "expected"),
    [
        ("http://gfj.example.org", "127.0.0.1", "plain HTTP"),
        ("https://gfj.example.org", "0.0.0.0", "reachable from other machines"),
        (None, "127.0.0.1", "GFJ_PUBLIC_URL is not set"),
    ],
)
def test_not_https_warns(healthy, public_url, address, expected):
    healthy.settings = healthy.settings.model_copy(update={"public_url": public_url})
    healthy.environ = {**healthy.environ, "STREAMLIT_SERVER_ADDRESS": address}
    check = _by_name(healthy)["https"]
    assert check.status == Status.warn and expected in check.message


def test_plain_http_on_localhost_is_fine(healthy):
    healthy.settings = healthy.settings.model_copy(update={"public_url": "http://localhost:8501"})
    assert _by_name(healthy)["https"].status == Status.ok


@pytest.mark.parametrize(
    ("free", "status"), [(0.5e9, Status.fail), (3e9, Status.warn), (50e9, Status.ok)]
)
def test_disk_space_for_the_database_and_backups(healthy, free, status):
    healthy.disk_usage = lambda path: Usage(100e9, 100e9 - free, free)
    check = _by_name(healthy)["disk"]
    assert check.status == status and "GB free" in check.message


def test_a_missing_backups_folder_fails(healthy):
    healthy.settings.backup_dir.rmdir()
    check = _by_name(healthy)["disk"]
    assert check.status == Status.fail and "does not exist" in check.message


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP for a NOOP: greet, answer, say goodbye."""

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        for line in self.rfile:
            verb = line.strip().upper()[:4]
            if verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            self.wfile.write(b"250 ok\r\n")


def test_smtp_is_checked_only_when_configured(healthy):
    assert "smtp" not in _by_name(healthy)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        healthy.environ = {
            **healthy.environ,
            "GFJ_SMTP_HOST": "127.0.0.1",
            "GFJ_SMTP_PORT": str(port),
        }
        assert _by_name(healthy)["smtp"].status == Status.ok
    finally:
        server.shutdown()
        server.server_close()
    # Nothing listens there any more.
    check = _by_name(healthy)["smtp"]
    assert check.status == Status.fail and "cannot talk to 127.0.0.1" in check.message


def test_the_demo_on_a_production_database_warns(healthy, demo_db):
    healthy.engine = demo_db
    healthy.settings = healthy.settings.model_copy(update={"database_url": str(demo_db.url)})
    check = _by_name(healthy)["demo"]
    assert check.status == Status.warn and "demo organization is loaded" in check.message
    healthy.settings = healthy.settings.model_copy(update={"environment": "development"})
    assert _by_name(healthy)["demo"].status == Status.ok


# --- The command line ------------------------------------------------------------------------


def _doctor(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from gfj_core.cli import main; main()", "doctor"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=Path(__file__).resolve().parents[2],
    )


def test_gfj_doctor_exits_0_on_a_healthy_server_and_1_when_a_check_fails(empty_db, tmp_path):
    _record_backup(empty_db, utcnow() - timedelta(hours=3))
    (tmp_path / "backups").mkdir()
    env = {
        "GFJ_DATABASE_URL": str(empty_db.url),
        "GFJ_BACKUP_DIR": str(tmp_path / "backups"),
        "GFJ_PUBLIC_URL": "https://gfj.example.org",
        "GFJ_ENVIRONMENT": "production",
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
    }
    done = _doctor(env)
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert all(line.startswith(("OK ", "WARN ")) for line in lines[:-1]), done.stdout
    assert lines[-1].startswith("8 checks: 0 failed")

    broken = _doctor({**env, "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "false"})
    assert broken.returncode == 1
    assert any(line.startswith("FAIL  xsrf") for line in broken.stdout.splitlines())
    assert "Fix first: xsrf." in broken.stdout
