"""Shared fixtures. Service tests run on a real SQLite file migrated with Alembic; the demo
organisation is built once per test worker and copied (with SQLite's backup API) per test."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
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


def _temporary_files_in_memory() -> None:
    """Every test database, Streamlit server folder, browser profile and the throwaway PostgreSQL
    cluster live under the temporary folder. On this machine's disk each SQLite commit and
    migration waits for fsync: a migration round trip took 40 s on /tmp and 16 s on /dev/shm for
    the same CPU. So, when the memory file system has room and TMPDIR was not chosen, the tests
    put their files there. Set before xdist starts its workers, so they and every server they
    start inherit it."""
    shm = Path("/dev/shm")
    if os.environ.get("TMPDIR") or not (shm.is_dir() and os.access(shm, os.W_OK)):
        return
    if shutil.disk_usage(shm).free < 2 * 1024**3:  # a container's 64 MiB /dev/shm: keep /tmp
        return
    os.environ["TMPDIR"] = str(shm)
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again


_temporary_files_in_memory()

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


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    """A database migrated with Alembic to the latest revision and nothing else, built once per
    worker; each `empty_db` is a copy (~10 ms against ~1 s of CPU for running the migrations
    again). The migrations themselves are tested from scratch in tests/services/test_migrations.py."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    url = sqlite_url(path)
    upgrade_database(url)
    get_engine(url).dispose()
    get_engine.cache_clear()
    return path


@pytest.fixture
def empty_db(tmp_path, monkeypatch, db_backend, request) -> Iterator[Engine]:
    """A migrated, empty database file (a PostgreSQL database in the --postgres pass); also made
    the app's configured database."""
    if db_backend == "postgres":
        url = request.getfixturevalue("pg_database")("empty")
    else:
        path = tmp_path / "empty.db"
        copy_sqlite(request.getfixturevalue("empty_template"), path)
        url = sqlite_url(path)
    monkeypatch.setenv("GFJ_DATABASE_URL", url)
    get_settings.cache_clear()
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


def module_group(nodeid: str) -> str | None:
    """The xdist group of a test: its module if the module is in MODULE_GROUPS, else None."""
    module = nodeid.split("::")[0]
    return module if module.startswith(MODULE_GROUPS) else None


def pytest_collection_modifyitems(config, items):
    for item in items:
        group = module_group(item.nodeid)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


# The groups are made on the controller, from the node ids alone. xdist 3.8's own loadgroup
# renames each item to "nodeid@group" on the worker by setting `item._nodeid`, which pytest 9
# no longer reads (a node's id is `_id` now): the marker above was silently ignored, and every
# e2e module's tests were spread over both workers, each worker starting the module's server
# and signing in again. This scheduler groups by MODULE_GROUPS (and still honours a "@group"
# suffix, should a later xdist send one), and sends the largest units first.
@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):
                return nodeid.split("@")[-1]
            return module_group(nodeid) or nodeid

    return ModuleGroupScheduling(config, log)
