"""Shared fixtures. Service tests run on a real SQLite file migrated with Alembic; the demo
organisation is built once per test worker and copied (with SQLite's backup API) per test."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from gfj_core.access import Role
from gfj_core.db import get_engine, session_scope, upgrade_database
from gfj_core.demo import load_demo
from gfj_core.models import UserAccount
from gfj_core.schemas.auth import Actor
from gfj_core.services.auth import actor_for
from gfj_core.settings import get_settings

DEMO_TODAY = __import__("datetime").date(2026, 11, 22)
# --postgres: the service and migration tests also run on a throwaway PostgreSQL cluster.
# tests.smtp: the `smtp_server` fixture (aiosmtpd on 127.0.0.1) for the reminder emails;
# tests.markers: restricted-data markers for the one-rule-per-datum test.
pytest_plugins = ["tests.postgres.plugin", "tests.smtp", "tests.markers", "tests.portfolio"]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def copy_sqlite(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as s, sqlite3.connect(dst) as d:
        s.backup(d)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A migrated database holding the demo organisation, built once per worker."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    url = sqlite_url(path)
    upgrade_database(url)
    engine = get_engine(url)
    load_demo(engine)
    engine.dispose()
    get_engine.cache_clear()
    return path


@pytest.fixture
def empty_db(tmp_path, monkeypatch, db_backend, request) -> Iterator[Engine]:
    """A migrated, empty database file (a PostgreSQL database in the --postgres pass); also made
    the app's configured database."""
    if db_backend == "postgres":
        url = request.getfixturevalue("pg_database")("empty")
    else:
        url = sqlite_url(tmp_path / "empty.db")
    monkeypatch.setenv("GFJ_DATABASE_URL", url)
    get_settings.cache_clear()
    if db_backend == "sqlite":
        upgrade_database(url)
    engine = get_engine(url)
    yield engine
    engine.dispose()
    get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def demo_db(tmp_path, monkeypatch, demo_template, db_backend, request) -> Iterator[Engine]:
    """A private copy of the demo organisation (on PostgreSQL in the --postgres pass); also made
    the app's configured database."""
    if db_backend == "postgres":
        url = request.getfixturevalue("pg_database")("demo")
    else:
        path = tmp_path / "demo.db"
        copy_sqlite(demo_template, path)
        url = sqlite_url(path)
    monkeypatch.setenv("GFJ_DATABASE_URL", url)
    get_settings.cache_clear()
    engine = get_engine(url)
    yield engine
    engine.dispose()
    get_engine.cache_clear()
    get_settings.cache_clear()


def demo_actor(engine: Engine, username: str) -> Actor:
    with session_scope(engine) as s:
        user = s.scalar(select(UserAccount).where(UserAccount.username == username))
        assert user is not None, f"no demo user {username}"
        return actor_for(user)


@pytest.fixture
def actor_as(demo_db):
    """actor_as("board") -> the demo board member's Actor."""
    return lambda username: demo_actor(demo_db, username)


def bare_actor(role: Role, person_id: int | None = None, user_id: int | None = None) -> Actor:
    return Actor(
        user_id=user_id,
        username=f"test-{role}",
        role=role,
        person_id=person_id,
        display_name=f"Test {role}",
    )


# Modules whose module-scoped fixtures are expensive (a Streamlit server and a browser page, a
# 10x synthetic organisation, a migrated database): with `--dist loadgroup` each is sent whole to
# one worker, so its fixtures are built once, not once per worker that gets one of its tests.
MODULE_GROUPS = (
    "tests/e2e/",
    "tests/services/test_migrations.py",
    "tests/services/test_query_counts.py",
    "tests/unit/test_bench_synth.py",
    "tests/property/test_form990_import.py",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.nodeid.split("::")[0]
        if module.startswith(MODULE_GROUPS):
            item.add_marker(pytest.mark.xdist_group(module))
