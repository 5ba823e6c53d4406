"""Organisation settings and the `gfj` command line."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.models import AuditLog, ChecklistItem, Person
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.org_settings import load_org_settings, set_org_setting
from tests.cli import gfj as run_gfj


def test_settings_have_defaults_and_nested_thresholds_can_be_set(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        assert load_org_settings(s).fiscal_year_start_month == 1
        set_org_setting(s, "thresholds.leaders_ready_now.amber", "2", actor=SYSTEM)
        set_org_setting(s, "planned_handover_date", "2027-08-31", actor=SYSTEM)
    with session_scope(empty_db) as s:
        settings = load_org_settings(s)
    assert settings.thresholds["leaders_ready_now"].amber == 2
    assert settings.planned_handover_date == date(2027, 8, 31)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("fiscal_year_start_month", "13", "less than or equal to 12"),
        ("nope", "1", "Unknown setting"),
        ("thresholds.nope.red", "1", "does not name a setting"),
        ("departing_leader", "Nobody", "no person named"),
    ],
)
def test_bad_settings_are_refused_with_the_key_named(demo_db, key, value, message):
    with (
        session_scope(demo_db, write=True, actor=SYSTEM) as s,
        pytest.raises(ValidationFailed, match=message),
    ):
        set_org_setting(s, key, value, actor=SYSTEM)


def gfj(*args, env_url: str, input_text: str | None = None):
    return run_gfj(*args, url=env_url, input_text=input_text)


def console_script(*args, env_url: str):
    """The installed `gfj` entry point in its own process (every other test runs in process)."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("gfj")), *args],
        capture_output=True,
        text=True,
        env={"GFJ_DATABASE_URL": env_url, "PATH": "/usr/bin:/bin"},
    )


def test_init_on_a_database_with_data_keeps_every_row(demo_db):
    url = str(demo_db.url)
    with session_scope(demo_db) as s:
        before = (
            s.scalar(select(func.count()).select_from(Person)),
            s.scalar(select(func.count()).select_from(ChecklistItem)),
        )
    result = console_script("init", env_url=url)
    assert result.returncode == 0, result.stderr
    with session_scope(demo_db) as s:
        after = (
            s.scalar(select(func.count()).select_from(Person)),
            s.scalar(select(func.count()).select_from(ChecklistItem)),
        )
    assert after == before and before[0] > 0


@pytest.mark.parametrize(
    "args",
    [
        ("config", "set", "fiscal_year_start_month", "x"),
        ("config", "set", "nope", "1"),
        ("demo",),
        (
            "user",
            "add",
            "zed",
            "--role",
            "boss",
            "--person",
            "Rosa Delgado",
            "--password",
            "longenough",
        ),
        ("user", "add", "zed", "--role", "staff", "--person", "Nobody", "--password", "longenough"),
        ("no-such-command",),
    ],
)
def test_bad_cli_input_exits_2_with_one_line(demo_db, args):
    result = gfj(*args, env_url=str(demo_db.url))
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gfj: ")
    assert "Traceback" not in result.stderr


def test_user_add_creates_an_account_and_audits_it(demo_db):
    result = gfj(
        "user",
        "add",
        "rosa",
        "--role",
        "staff",
        "--person",
        "Rosa Delgado",
        "--password",
        "longenough",
        env_url=str(demo_db.url),
    )
    assert result.returncode == 0, result.stderr
    with session_scope(demo_db) as s:
        rows = s.scalars(
            select(AuditLog).where(AuditLog.entity == "user_account", AuditLog.field == "username")
        ).all()
    assert [r.new_value for r in rows] == ["rosa"]


def test_demo_if_empty_leaves_existing_data_alone(demo_db):
    result = gfj("demo", "--if-empty", env_url=str(demo_db.url))
    assert result.returncode == 0 and "not loaded" in result.stdout
