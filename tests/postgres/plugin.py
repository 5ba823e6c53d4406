"""The PostgreSQL pass: `pytest --postgres` (and so `make test`) also runs every service test and
the migration tests against a throwaway PostgreSQL cluster that the tests start themselves.

How it works:
- `empty_db` and `demo_db` (tests/conftest.py) depend on `db_backend`. With --postgres, every test
  under tests/services/ and tests/postgres/ that uses them is parametrised `[sqlite]` and
  `[postgres]`; without it nothing changes. A test that only makes sense on SQLite (file copies,
  WAL, pragmas) is marked `@pytest.mark.sqlite_only`.
- One cluster per test process (session scope), initialised in a temporary folder owned by the
  `postgres` user when running as root (initdb refuses root), with durability switched off:
  it is thrown away. Template databases hold the migrated empty schema and the demo
  organisation; each test gets its own copy (CREATE DATABASE ... TEMPLATE, ~40 ms), dropped after.
- With --postgres, a cluster that cannot start fails the run; without it, the tests that need a
  cluster are deselected (never skipped).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from gfj_core.db import get_engine, upgrade_database

PG_DIRS = ("tests/services/", "tests/postgres/")
# Foundation tests that exercise SQLite itself, listed here until they carry the marker.
SQLITE_ONLY_TESTS = {
    "tests/services/test_db_and_audit.py::test_every_connection_enforces_foreign_keys_and_uses_wal",
}
_PREFERRED_BINDIRS = ("/usr/lib/postgresql/15/bin",)


def pytest_addoption(parser):
    parser.addoption(
        "--postgres",
        action="store_true",
        default=False,
        help="Also run the service and migration tests against a throwaway PostgreSQL cluster.",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only: exercises SQLite itself; never run in the PostgreSQL pass"
    )


def _wants_postgres(metafunc) -> bool:
    if not metafunc.config.getoption("postgres"):
        return False
    nodeid = metafunc.definition.nodeid
    if not nodeid.startswith(PG_DIRS):
        return False
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return False
    return nodeid.split("[")[0] not in SQLITE_ONLY_TESTS


def pytest_generate_tests(metafunc):
    if "db_backend" in metafunc.fixturenames and _wants_postgres(metafunc):
        metafunc.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)


def pytest_collection_modifyitems(config, items):
    """Mark the PostgreSQL pass; without --postgres, leave out (deselect, not skip) the tests that
    need a cluster, so every test that runs can fail."""
    wanted = config.getoption("postgres")
    kept, left_out = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("db_backend") == "postgres":
            item.add_marker(pytest.mark.postgres)
        needs_cluster = "pg_cluster" in getattr(item, "fixturenames", ())
        (left_out if needs_cluster and not wanted else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture
def db_backend(request) -> str:
    """ "sqlite" (the default) or "postgres" (the --postgres pass)."""
    return getattr(request, "param", "sqlite")


def unavailable(reason: str):
    """--postgres asked for the PostgreSQL pass: a cluster that cannot start fails the run (in CI
    and everywhere else), as a missing Chromium does. Without PostgreSQL, run pytest without
    --postgres."""
    pytest.fail(
        f"PostgreSQL cluster unavailable: {reason}. Install PostgreSQL 15 "
        "(apt-get install postgresql-15) or run pytest without --postgres.",
        pytrace=False,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bindir() -> Path | None:
    for candidate in _PREFERRED_BINDIRS:
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0 and Path(out.stdout.strip(), "initdb").exists():
            return Path(out.stdout.strip())
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PgCluster:
    """A running throwaway cluster; trust authentication on 127.0.0.1 only."""

    def __init__(self, root: Path, bindir: Path, port: int, as_user: list[str]):
        self.root, self.bindir, self.port, self._as_user = root, bindir, port, as_user
        self.data = root / "data"
        self._names = itertools.count(1)
        self._admin = None

    def url(self, database: str, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, timeout=timeout
        )

    @classmethod
    def start(cls, port: int | None = None) -> PgCluster:
        """A new cluster on `port` (a free one when None: the bench passes its own)."""
        bindir = _bindir()
        if bindir is None:
            unavailable("no initdb found (install postgresql-15)")
        as_user: list[str] = []
        root = Path(tempfile.mkdtemp(prefix="gfj-pg-"))
        if os.geteuid() == 0:  # initdb refuses to run as root
            try:
                shutil.chown(root, "postgres")
            except (LookupError, PermissionError) as exc:
                shutil.rmtree(root, ignore_errors=True)
                unavailable(f"running as root and there is no usable 'postgres' user ({exc})")
            as_user = ["runuser", "-u", "postgres", "--"]
        cluster = cls(root, bindir, port or _free_port(), as_user)
        init = cluster._run(
            str(bindir / "initdb"),
            "-D",
            str(cluster.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        if init.returncode != 0:
            cluster.remove()
            unavailable(f"initdb failed: {init.stderr.strip()[-400:]}")
        options = (
            f"-p {cluster.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        started = cluster._run(
            str(bindir / "pg_ctl"),
            "-D",
            str(cluster.data),
            "-o",
            options,
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        if started.returncode != 0:
            log = (root / "server.log").read_text(errors="replace")[-600:]
            cluster.remove()
            unavailable(f"pg_ctl start failed: {started.stderr.strip()[-300:]} {log}")
        return cluster

    def admin(self):
        if self._admin is None:
            self._admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        return self._admin

    def execute(self, sql: str) -> None:
        with self.admin().connect() as conn:
            conn.execute(text(sql))

    def new_database(self, template: str | None = None, prefix: str = "t") -> str:
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        # FILE_COPY copies the template's files; PostgreSQL 15's default, WAL_LOG, writes the
        # whole copy into the WAL first (measured: the PostgreSQL half of test_corrections
        # 7.4 s -> 6.8 s). The cluster is thrown away, so the checkpoints it costs are cheap.
        strategy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{strategy}')
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def server_version(self) -> str:
        with self.admin().connect() as conn:
            return conn.execute(text("SHOW server_version")).scalar_one()

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster(request) -> Iterator[PgCluster]:
    # Tests needing a cluster are deselected without --postgres (pytest_collection_modifyitems).
    assert request.config.getoption("postgres"), "a cluster test ran without --postgres"
    cluster = PgCluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_templates(pg_cluster) -> dict[str, Callable[[], str]]:
    """Template databases, built on first use: "empty" (migrated) and "demo" (with the demo)."""
    built: dict[str, str] = {}

    def build(kind: str) -> str:
        if kind not in built:
            name = pg_cluster.new_database(prefix=f"template_{kind}")
            url = pg_cluster.url(name)
            upgrade_database(url)
            if kind == "demo":
                from gfj_core.demo import load_demo

                engine = get_engine(url)
                load_demo(engine)
                engine.dispose()
                get_engine.cache_clear()
            built[kind] = name
        return built[kind]

    return {"empty": lambda: build("empty"), "demo": lambda: build("demo")}


@pytest.fixture
def pg_database(pg_cluster, pg_templates) -> Iterator[Callable[[str | None], str]]:
    """pg_database("demo") -> the URL of a fresh copy of a template ("empty", "demo", or None
    for a database with no tables at all); every copy is dropped after the test."""
    made: list[str] = []

    def new(kind: str | None = "empty") -> str:
        template = pg_templates[kind]() if kind else None
        name = pg_cluster.new_database(template=template)
        made.append(name)
        return pg_cluster.url(name)

    yield new
    for name in made:
        pg_cluster.drop_database(name)
