"""Engine factory and the one session scope. The caller owns the transaction; services never commit.

SQLite is tuned on every connection: foreign keys enforced, WAL so readers never block the
writer, a busy timeout so concurrent writers queue instead of failing, and write transactions
begun IMMEDIATE so two read-modify-write sessions cannot deadlock on lock upgrade.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

import gfj_core.audit  # noqa: F401  (registers the audit-trail flush hooks)
import gfj_core.derived  # noqa: F401  (registers the derived rows' before-commit refresh)
from gfj_core.errors import RefusedButCounted
from gfj_core.settings import PROJECT_ROOT, get_settings

WRITE_OPTION = "gfj_write"

# SQLAlchemy logs result rows at DEBUG, and rows hold password hashes and private notes: drop
# those records, whoever turns logging up. (Statements still log at INFO, without values.)
logging.getLogger("sqlalchemy.engine.Engine").addFilter(
    lambda record: record.levelno > logging.DEBUG
)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _tune_sqlite(engine: Engine, busy_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy emit BEGIN itself (pysqlite's own transaction handling is off).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        if ":memory:" not in str(engine.url):
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def current_url() -> str:
    """The database of the organisation this context works for (`gfj_core.tenancy`): the
    configured one unless the CLI's --org or the app's sign-in chose another."""
    from gfj_core.tenancy.context import current_database_url

    return current_database_url()


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL for the life of the process (no URL: the current organisation's
    database, as it is configured now; the cache is keyed by the URL itself, never by "no
    argument")."""
    return _engine_for(url or current_url())


# One engine per organisation's database (gfj_core.tenancy), so room for many: an engine
# evicted here would be rebuilt (and its pool reopened) at the next read of that organisation.
@lru_cache(maxsize=256)
def _engine_for(url: str) -> Engine:
    settings = get_settings()
    # Never log SQL, and never put bound values (password hashes, private notes) into log lines
    # or error messages, whatever logging level someone sets.
    private = {"echo": False, "hide_parameters": True}
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **private)
        _tune_sqlite(engine, settings.sqlite_busy_timeout)
    else:
        engine = create_engine(url, pool_pre_ping=True, **private)
    return engine


get_engine.cache_clear = _engine_for.cache_clear  # tests start each database afresh


@contextmanager
def session_scope(
    engine: Engine | None = None, *, write: bool = False, actor=None
) -> Iterator[Session]:
    """One unit of work: commits when the block ends cleanly, rolls back on any error.

    `actor` (a gfj_core.schemas.auth.Actor) is recorded on every audit row written in this scope.
    """
    engine = engine or get_engine()
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    session = Session(bind=bind, expire_on_commit=False, autoflush=True)
    session.info["actor"] = actor
    session.info[gfj_core.derived.WRITE_SESSION] = write  # derived rows refresh in writes only
    try:
        yield session
        session.commit()
    except RefusedButCounted:
        session.commit()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", (url or current_url()).replace("%", "%%"))
    return cfg


def upgrade_database(url: str | None = None, revision: str = "heads") -> None:
    """Create the database or bring it to the latest schema, keeping every row."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def current_revisions(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())
