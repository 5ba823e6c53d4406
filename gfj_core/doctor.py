"""`gfj doctor`: is this installation fit to run? One line per check, ok / warn / fail, each with
how to fix it (issue 21).

Everything the checks read comes in through `DoctorInputs`, so a test can point them at a
broken configuration (an example secret, an old schema, no backup, a full disk) without touching
the machine's own. Nothing here changes anything: the doctor only looks.

No streamlit import (gfj_core never imports it): Streamlit's own settings are read the way
Streamlit reads them, from `.streamlit/config.toml` and then `STREAMLIT_*` environment variables.
"""

from __future__ import annotations

import os
import re
import shutil
import smtplib
import stat
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from gfj_core.metrics.backups import age_words
from gfj_core.metrics.lights import Level
from gfj_core.settings import SECRETS_PATH, STREAMLIT_CONFIG_PATH, AppSettings

# Placeholders shipped in deploy/gfj.env.example and .streamlit/secrets.toml.example, and the
# usual suspects: a secret equal to one of these is no secret.
EXAMPLE_SECRETS = {
    "",
    "...",
    "a long random string",
    "change-me",
    "changeme",
    "password",
    "secret",
    "replace-me",
    "xxx",
}
EXAMPLE_MARKERS = ("CHANGE-ME", "REPLACE-WITH", "example-secret")
MIN_COOKIE_SECRET = 32
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
GB = 1_000_000_000
DEFAULT_ENV_FILE = Path("/etc/gfj/gfj.env")


class Status(StrEnum):
    ok = "ok"
    warn = "warn"
    fail = "fail"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    message: str
    fix: str | None = None

    def line(self) -> str:
        text = f"{self.status.value.upper():<5} {self.name:<12} {self.message}"
        return text + (f" -> {self.fix}" if self.fix and self.status != Status.ok else "")


@dataclass
class DoctorInputs:
    settings: AppSettings
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    streamlit_config: Path = STREAMLIT_CONFIG_PATH
    secrets: Path = SECRETS_PATH
    env_file: Path = DEFAULT_ENV_FILE
    now: datetime | None = None
    disk_usage: Callable[[str], Any] = shutil.disk_usage
    engine: Engine | None = None  # default: get_engine(settings.database_url)


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def streamlit_option(inputs: DoctorInputs, section: str, name: str) -> Any:
    """A Streamlit option as Streamlit resolves it: environment over config.toml."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()
    env = inputs.environ.get(f"STREAMLIT_{section.upper()}_{snake}")
    if env is not None:
        return {"true": True, "false": False}.get(env.strip().lower(), env)
    return _toml(inputs.streamlit_config).get(section, {}).get(name)


# --- The checks, in the order printed -------------------------------------------------------


def check_database(engine: Engine) -> tuple[Check, Check]:
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from gfj_core.db import alembic_config, current_revisions

    url = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current = current_revisions(engine)
    except Exception as exc:  # noqa: BLE001 - any driver error is the same answer
        reason = str(exc).strip().splitlines()[0][:160]
        return (
            Check(
                "database",
                Status.fail,
                f"cannot reach {url}: {reason}",
                "check GFJ_DATABASE_URL in /etc/gfj/gfj.env (and that PostgreSQL is running)",
            ),
            Check("migration", Status.fail, "not checked: the database cannot be reached"),
        )
    heads = set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())
    reached = Check("database", Status.ok, f"reachable: {url}")
    if current == heads:
        return reached, Check("migration", Status.ok, f"at the latest schema ({', '.join(heads)})")
    return reached, Check(
        "migration",
        Status.fail,
        f"schema at {', '.join(sorted(current)) or 'nothing'}; this version needs "
        f"{', '.join(sorted(heads))}",
        "run `gfj init` (it upgrades and keeps every row), then restart: systemctl restart gfj",
    )


def _secrets(inputs: DoctorInputs) -> list[tuple[str, str | None]]:
    """(where, value) of every secret this configuration uses."""
    found: list[tuple[str, str | None]] = []
    url = make_url(inputs.settings.database_url)
    if url.password is not None:
        found.append(("the password in GFJ_DATABASE_URL", str(url.password)))
    auth = _toml(inputs.secrets).get("auth")
    if isinstance(auth, dict):
        for key in ("cookie_secret", "client_id", "client_secret", "server_metadata_url"):
            found.append((f"[auth] {key} in {inputs.secrets.name}", auth.get(key)))
    cookie = streamlit_option(inputs, "server", "cookieSecret")
    if cookie is not None:
        found.append(("Streamlit's server.cookieSecret", str(cookie)))
    for name, value in sorted(inputs.environ.items()):
        if name.startswith("GFJ_") and re.search(r"SECRET|PASSWORD|_KEY$|TOKEN", name):
            found.append((name, value))
    return found


def _is_example(value: str) -> bool:
    return value.strip().lower() in EXAMPLE_SECRETS or any(m in value for m in EXAMPLE_MARKERS)


def check_secrets(inputs: DoctorInputs) -> Check:
    problems = []
    secrets = _secrets(inputs)
    for where, value in secrets:
        if value is None or not str(value).strip():
            problems.append(f"{where} is missing")
        elif _is_example(str(value)):
            problems.append(f"{where} is still the example value")
        elif "cookie" in where.lower() and len(str(value)) < MIN_COOKIE_SECRET:
            problems.append(f"{where} is shorter than {MIN_COOKIE_SECRET} characters")
    env_file = inputs.env_file
    if env_file.is_file() and env_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        problems.append(f"{env_file} can be read by other users")
    if problems:
        return Check(
            "secrets",
            Status.fail,
            "; ".join(problems),
            "put a fresh random value in (`openssl rand -hex 32`), "
            f"`chmod 600 {env_file}`, then systemctl restart gfj",
        )
    if not secrets:
        return Check("secrets", Status.ok, "none needed (no database password, no single sign-on)")
    return Check("secrets", Status.ok, f"{len(secrets)} present, none an example value")


def check_xsrf(inputs: DoctorInputs) -> Check:
    xsrf = streamlit_option(inputs, "server", "enableXsrfProtection")
    cors = streamlit_option(inputs, "server", "enableCORS")
    off = [
        name
        for name, value in (("enableXsrfProtection", xsrf), ("enableCORS", cors))
        if value is not True
    ]
    if off:
        return Check(
            "xsrf",
            Status.fail,
            f"server.{' and server.'.join(off)} not on: cross-site forms and uploads accepted",
            f"set them to true in {inputs.streamlit_config} and remove any "
            "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION / _ENABLE_CORS override",
        )
    return Check("xsrf", Status.ok, "XSRF and CORS protection on")


def check_https(inputs: DoctorInputs) -> Check:
    public = inputs.settings.public_url
    address = streamlit_option(inputs, "server", "address")
    exposed = address is None or str(address) not in LOOPBACK
    if exposed:
        return Check(
            "https",
            Status.warn,
            f"Streamlit listens on {address or 'every address'}: plain HTTP reachable from "
            "other machines, around the HTTPS proxy",
            "start it with --server.address 127.0.0.1 (deploy/gfj.service does)",
        )
    if not public:
        return Check(
            "https",
            Status.warn,
            "GFJ_PUBLIC_URL is not set: cannot tell how people reach the app",
            "set GFJ_PUBLIC_URL=https://your.domain in /etc/gfj/gfj.env",
        )
    parsed = urlparse(public)
    if parsed.scheme != "https" and parsed.hostname not in LOOPBACK:
        return Check(
            "https",
            Status.warn,
            f"{public} is plain HTTP: passwords and the session cookie travel in clear",
            "serve it through Caddy (deploy/Caddyfile) and set GFJ_PUBLIC_URL=https://...",
        )
    return Check("https", Status.ok, f"served at {public}, Streamlit only on {address}")


def check_backups(inputs: DoctorInputs, engine: Engine) -> Check:
    from gfj_core.db import session_scope
    from gfj_core.schemas.auth import SYSTEM
    from gfj_core.services.backup_runs import backup_status

    try:
        with session_scope(engine) as s:
            status = backup_status(s, actor=SYSTEM, now=inputs.now)
    except Exception:  # noqa: BLE001 - unreachable, or a schema without backup_run
        return Check("backups", Status.fail, "the backup record cannot be read (see above)")
    if status.last_ok_at is None:
        return Check(
            "backups",
            Status.fail,
            "no successful backup recorded",
            "systemctl enable --now gfj-backup.timer; try one now: "
            "systemctl start gfj-backup && journalctl -u gfj-backup",
        )
    level = {Level.green: Status.ok, Level.amber: Status.warn}.get(status.light.level, Status.fail)
    message = f"last good backup {age_words(status.now - status.last_ok_at)}"
    if status.last_run_failed:
        message += f"; the latest run failed: {status.last_error}"
        level = Status.warn if level == Status.ok else level
    return Check(
        "backups",
        level,
        message,
        "journalctl -u gfj-backup says why; systemctl list-timers gfj-backup shows the next run",
    )


def _free(inputs: DoctorInputs, folder: Path) -> float:
    return inputs.disk_usage(str(folder)).free


def check_disk(inputs: DoctorInputs, engine: Engine) -> Check:
    """Room for the database to grow and for the next backups: at least three copies' worth
    and 1 GB (fail), ten copies' worth and 5 GB (warn)."""
    size = 0
    places: list[tuple[str, Path]] = []
    if engine.dialect.name == "sqlite" and engine.url.database:
        db = Path(engine.url.database)
        size = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())
        places.append(("database", db.parent))
    backups = Path(inputs.settings.backup_dir)
    if not backups.is_dir():
        return Check(
            "disk",
            Status.fail,
            f"the backups folder {backups} does not exist",
            f"mkdir -p {backups} && chown gfj:gfj {backups} && chmod 700 {backups}",
        )
    if not os.access(backups, os.W_OK):
        return Check(
            "disk",
            Status.fail,
            f"the backups folder {backups} is not writable by this user",
            f"chown gfj:gfj {backups}",
        )
    places.append(("backups", backups))
    copies = max(size, 1_000_000)
    worst, lines = Status.ok, []
    for what, folder in places:
        free = _free(inputs, folder)
        lines.append(f"{what} {free / GB:.1f} GB free")
        if free < max(3 * copies, 1 * GB):
            worst = Status.fail
        elif free < max(10 * copies, 5 * GB) and worst == Status.ok:
            worst = Status.warn
    return Check(
        "disk",
        worst,
        ", ".join(lines) + f" (database {size / 1e6:.1f} MB)",
        "free space (old logs: journalctl --vacuum-size=200M) or give the server a bigger disk",
    )


def smtp_settings(inputs: DoctorInputs) -> tuple[str, int] | None:
    host = getattr(inputs.settings, "smtp_host", None) or inputs.environ.get("GFJ_SMTP_HOST")
    if not host:
        return None
    port = getattr(inputs.settings, "smtp_port", None) or inputs.environ.get("GFJ_SMTP_PORT")
    return str(host), int(port or 587)


def check_smtp(inputs: DoctorInputs) -> Check | None:
    """Only when email is configured; no line at all otherwise."""
    configured = smtp_settings(inputs)
    if configured is None:
        return None
    host, port = configured
    try:
        with smtplib.SMTP(host, port, timeout=5) as smtp:
            code, _ = smtp.noop()
        if code != 250:
            raise smtplib.SMTPException(f"answered {code}")
    except (OSError, smtplib.SMTPException) as exc:
        return Check(
            "smtp",
            Status.fail,
            f"cannot talk to {host}:{port}: {exc}",
            "check GFJ_SMTP_HOST / GFJ_SMTP_PORT and that the server may reach it "
            "(firewall, provider)",
        )
    return Check("smtp", Status.ok, f"{host}:{port} answers")


def check_demo(inputs: DoctorInputs, engine: Engine) -> Check:
    from gfj_core.db import session_scope
    from gfj_core.services.org_settings import load_org_settings

    try:
        with session_scope(engine) as s:
            demo = load_org_settings(s).demo_loaded
    except Exception:  # noqa: BLE001
        return Check("demo", Status.fail, "the settings cannot be read (see above)")
    production = inputs.settings.environment.lower() == "production"
    if demo and production:
        return Check(
            "demo",
            Status.warn,
            "the fictional demo organization is loaded on the production database",
            "start from an empty database (README, Starting a real organization)",
        )
    if demo:
        return Check(
            "demo", Status.ok, "demo loaded (fine here: GFJ_ENVIRONMENT is not production)"
        )
    return Check("demo", Status.ok, "no demo data")


def _missing_sqlite_file(settings: AppSettings) -> Path | None:
    """A SQLite URL whose file does not exist: connecting would quietly create an empty one."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    path = Path(url.database)
    return None if path.is_file() else path


def run_checks(inputs: DoctorInputs) -> list[Check]:
    from gfj_core.db import get_engine

    missing = None if inputs.engine else _missing_sqlite_file(inputs.settings)
    if missing is not None:
        database = Check(
            "database",
            Status.fail,
            f"no database file at {missing}",
            "run `gfj init` as the gfj user, or correct GFJ_DATABASE_URL in /etc/gfj/gfj.env",
        )
        skipped = "not checked: there is no database"
        return [
            database,
            Check("migration", Status.fail, skipped),
            check_secrets(inputs),
            check_xsrf(inputs),
            check_https(inputs),
            Check("backups", Status.fail, skipped),
            *([c] if (c := check_smtp(inputs)) else []),
        ]
    engine = inputs.engine or get_engine(inputs.settings.database_url)
    database, migration = check_database(engine)
    checks = [database, migration, check_secrets(inputs), check_xsrf(inputs), check_https(inputs)]
    current = migration.status == Status.ok
    why = "not checked: " + (
        "the database cannot be reached" if database.status != Status.ok else "the schema is old"
    )
    checks.append(check_backups(inputs, engine) if current else Check("backups", Status.fail, why))
    checks.append(check_disk(inputs, engine))
    smtp = check_smtp(inputs)
    if smtp is not None:
        checks.append(smtp)
    checks.append(check_demo(inputs, engine) if current else Check("demo", Status.fail, why))
    return checks
