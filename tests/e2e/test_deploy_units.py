"""The systemd units in deploy/ (issue 21): well formed, hardened, verified by
`systemd-analyze verify` where it exists, and their commands run once for real here, with
/opt/gfj, /var/lib/gfj and /var/backups/gfj replaced by this checkout and temporary folders
(no systemd needed: the commands are what systemd would run, with the environment file read
the way systemd reads it)."""

from __future__ import annotations

import secrets
import shlex
import shutil
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, free_port

pytestmark = pytest.mark.e2e

DEPLOY = ROOT / "deploy"
UNITS = ("gfj.service", "gfj-backup.service", "gfj-backup.timer")


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """A unit file as systemd reads it: sections of keys, a key may repeat, `\\` continues."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    lines = text.replace("\\\n", " ").splitlines()
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"line {number} outside a section: {raw!r}"
        assert "=" in line, f"line {number} is not KEY=value: {raw!r}"
        key, value = (part.strip() for part in line.split("=", 1))
        current.setdefault(key, []).append(value)
    return sections


def parse_environment_file(text: str) -> dict[str, str]:
    """systemd's EnvironmentFile= rules for the simple form we ship: KEY=value, # comments."""
    env = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        key, value = line.split("=", 1)
        assert key.isidentifier() and " " not in value and '"' not in value, raw
        env[key] = value
    return env


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    return parse_unit((DEPLOY / name).read_text(encoding="utf-8"))


def one(sections, section: str, key: str) -> str:
    [value] = sections[section][key]
    return value


def substituted(text: str, places: dict[str, Path]) -> str:
    for old, new in places.items():
        text = text.replace(old, str(new))
    return text


@pytest.fixture
def places(tmp_path) -> dict[str, Path]:
    (tmp_path / "lib").mkdir()
    (tmp_path / "backups").mkdir()
    return {
        "/opt/gfj": ROOT,
        "/var/lib/gfj": tmp_path / "lib",
        "/var/backups/gfj": tmp_path / "backups",
    }


@pytest.fixture
def service_env(places, tmp_path) -> dict[str, str]:
    """deploy/gfj.env.example filled in as deploy/README.md says, read as systemd reads it."""
    text = substituted((DEPLOY / "gfj.env.example").read_text(encoding="utf-8"), places)
    text = text.replace("CHANGE-ME", secrets.token_hex(32))
    env_file = tmp_path / "gfj.env"
    env_file.write_text(text)
    env = parse_environment_file(text)
    assert env["GFJ_DATABASE_URL"] == f"sqlite:///{places['/var/lib/gfj']}/gfj.db"
    return env


def test_the_unit_files_are_well_formed_and_hardened():
    app, backup, timer = (unit(n) for n in UNITS)
    for sections in (app, backup):
        service = sections["Service"]
        assert one(sections, "Service", "User") == "gfj"
        assert one(sections, "Service", "EnvironmentFile") == "/etc/gfj/gfj.env"
        for key, value in {
            "NoNewPrivileges": "yes",
            "ProtectSystem": "strict",
            "ProtectHome": "yes",
            "PrivateTmp": "yes",
            "StateDirectory": "gfj",
            "UMask": "0077",
            "CapabilityBoundingSet": "",
        }.items():
            assert service[key] == [value], key
    start = shlex.split(one(app, "Service", "ExecStart"))
    assert start[:3] == ["/opt/gfj/.venv/bin/streamlit", "run", "app.py"]
    # Only Caddy may reach the app: it listens on the loopback address.
    assert start[start.index("--server.address") + 1] == "127.0.0.1"
    assert start[start.index("--server.port") + 1] == "8501"
    assert one(app, "Install", "WantedBy") == "multi-user.target"
    assert one(backup, "Service", "Type") == "oneshot"
    assert one(backup, "Service", "ExecStart") == "/opt/gfj/.venv/bin/gfj backup --prune"
    assert one(backup, "Service", "ReadWritePaths") == "/var/backups/gfj"
    assert one(timer, "Timer", "Unit") == "gfj-backup.service"
    assert one(timer, "Timer", "Persistent") == "true"
    assert one(timer, "Install", "WantedBy") == "timers.target"
    # The Caddyfile proxies to the same address the app listens on.
    assert "reverse_proxy 127.0.0.1:8501" in (DEPLOY / "Caddyfile").read_text()


def test_systemd_analyze_verifies_the_units_where_it_exists(tmp_path, places):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        # No systemd here: the parse above and the runs below are the check.
        test_the_unit_files_are_well_formed_and_hardened()
        return
    for name in UNITS:
        text = substituted((DEPLOY / name).read_text(encoding="utf-8"), places)
        (tmp_path / name).write_text(text)
    done = subprocess.run(
        [analyze, "verify", "--man=no", *(str(tmp_path / n) for n in UNITS)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr
    # The hardening, as systemd itself rates it (0 = locked down, 10 = wide open).
    for name in ("gfj.service", "gfj-backup.service"):
        rated = subprocess.run(
            [analyze, "security", "--offline=true", str(tmp_path / name)],
            capture_output=True,
            text=True,
        )
        exposure = float(
            rated.stdout.split("Overall exposure level for")[1].split(":")[1].split()[0]
        )
        assert exposure <= 3.0, (name, exposure, rated.stdout[-2000:])
    calendar = one(unit("gfj-backup.timer"), "Timer", "OnCalendar")
    done = subprocess.run([analyze, "calendar", calendar], capture_output=True, text=True)
    assert done.returncode == 0 and "Next elapse" in done.stdout, done.stderr


def _command(sections, key: str, places) -> list[str]:
    return shlex.split(substituted(one(sections, "Service", key), places))


def _run_as_systemd_would(
    cmd: list[str], env: dict[str, str], sections
) -> subprocess.CompletedProcess:
    workdir = Path(substituted(one(sections, "Service", "WorkingDirectory"), {"/opt/gfj": ROOT}))
    extra = dict(item.split("=", 1) for item in one(sections, "Service", "Environment").split())
    return subprocess.run(
        cmd,
        cwd=workdir,
        env={"PATH": "/usr/bin:/bin", **env, **extra, "HOME": env.get("HOME", "/tmp")},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_backup_units_command_runs_and_writes_a_dated_verified_copy(service_env, places):
    app, backup = unit("gfj.service"), unit("gfj-backup.service")
    init = _run_as_systemd_would(_command(app, "ExecStartPre", places), service_env, app)
    assert init.returncode == 0, init.stderr
    done = _run_as_systemd_would(_command(backup, "ExecStart", places), service_env, backup)
    assert done.returncode == 0, done.stderr
    assert "Backup written:" in done.stdout and "Pruned 0 older copies." in done.stdout
    [copy] = list(places["/var/backups/gfj"].glob("gfj-backup-*-UTC.db"))
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM backup_run").fetchone() == (0,)
    with sqlite3.connect(places["/var/lib/gfj"] / "gfj.db") as conn:
        assert conn.execute("SELECT ok, method FROM backup_run").fetchall() == [(1, "sqlite")]


def test_the_app_units_commands_start_the_app_on_the_loopback_address(service_env, places):
    app = unit("gfj.service")
    init = _run_as_systemd_would(_command(app, "ExecStartPre", places), service_env, app)
    assert init.returncode == 0 and "Database ready" in init.stdout, init.stderr
    port = free_port()
    cmd = _command(app, "ExecStart", places)
    cmd[cmd.index("--server.port") + 1] = str(port)  # 8501 may be taken on this machine
    workdir = ROOT
    extra = dict(item.split("=", 1) for item in one(app, "Service", "Environment").split())
    proc = subprocess.Popen(
        cmd,
        cwd=workdir,
        env={"PATH": "/usr/bin:/bin", **service_env, **extra, "HOME": str(places["/var/lib/gfj"])},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, status = time.time() + 60, None
        while time.time() < deadline and status != 200:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=1
                ) as r:
                    status = r.status
            except OSError:
                time.sleep(0.3)
        assert status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_admin_wrapper_runs_gfj_with_the_services_settings(service_env, places, tmp_path):
    env_file = tmp_path / "gfj.env"
    done = subprocess.run(
        [str(DEPLOY / "gfj-cli"), "init"],
        env={
            "PATH": "/usr/bin:/bin",
            "GFJ_ENV_FILE": str(env_file),
            "GFJ_HOME": str(ROOT),
            "GFJ_USER": subprocess.check_output(["id", "-un"], text=True).strip(),
        },
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert f"Database ready: sqlite:///{places['/var/lib/gfj']}/gfj.db" in done.stdout
