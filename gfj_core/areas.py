"""Which tables each read service depends on, so that a write invalidates only the cached reads
of the tables it touched (issue 19).

A write's audit rows already name their tables (`audit_log.entity`), so the version of a table is
the newest audit row about it, and the version of a read is the versions of the tables it reads:
one indexed query gives them all (`data_versions`), in any process, so a write from the CLI or
another server is seen at the next rerun exactly as before.

A service declares its tables with `@reads("milestone", "phase")` next to its definition, or in
`DECLARED` below for modules owned elsewhere. An undeclared service reads "everything": it is keyed
on the newest audit row of all, as every read was before, so forgetting a declaration can only
cost a cache miss, never a stale page. `tests/services/test_read_areas.py` runs every declared
service and fails when it touches a table it did not declare.

Tables whose writes are not audited (bulk survey answers, sessions, notification runs) have no
version of their own: a read that declares one of them is keyed on the newest audit row of all.
An audit row about something that is not a table (a restore of the whole database) moves every
read's version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import Connection, Table, event, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import TextClause

EVERYTHING = "*"  # the pseudo-table of an undeclared read, and of a statement we cannot see into

_REGISTRY: dict[str, frozenset[str]] = {}


def service_name(fn: Callable) -> str:
    return f"{fn.__module__}:{fn.__qualname__}"


def reads(*tables: str) -> Callable:
    """Declare the tables a read service reads (the cache key is their versions)."""

    def mark(fn: Callable) -> Callable:
        _REGISTRY[service_name(fn)] = frozenset(tables)
        return fn

    return mark


# Services in modules other engineers own: declared here rather than by a decorator in them.
# Left undeclared on purpose: the scorecard (it reads backup_run, which has no audit rows of its
# own) and the digest and audit pages (they read the whole audit trail).
DECLARED: dict[str, tuple[str, ...]] = {
    "gfj_core.services.finance_measures:finance_months": ("monthly_account",),
    "gfj_core.services.finance_measures:finance_dashboard": (
        "setting",
        "monthly_account",
        "gift",
        "funder",
        "programme",
        "programme_funding",
        "person",
    ),
    "gfj_core.services.finance_scenarios:runway_scenario": (
        "setting",
        "monthly_account",
        "gift",
        "funder",
        "programme",
        "programme_funding",
        "person",
    ),
    "gfj_core.services.financial_history:financial_history": (
        "setting",
        "monthly_account",
        "form990_return",
        "form990_officer",
    ),
}


_VERSIONED_BY: dict[str, str] = {}


def versioned_by(sql: str) -> Callable:
    """Declare what a read across many organisations is keyed on: one SELECT of scalar
    subqueries over the tables it reads, written `{schema}table` (`tenancy.versions_each` runs
    it for all of them at once). It must change whenever the service's answer can."""

    def mark(fn: Callable) -> Callable:
        _VERSIONED_BY[service_name(fn)] = sql
        return fn

    return mark


def version_sql(service: Callable) -> str | None:
    return _VERSIONED_BY.get(service_name(service))


def tables_read(service: Callable | str) -> frozenset[str]:
    """The declared tables of a service, or {EVERYTHING}."""
    name = service if isinstance(service, str) else service_name(service)
    if name in _REGISTRY:
        return _REGISTRY[name]
    if name in DECLARED:
        return frozenset(DECLARED[name])
    return frozenset({EVERYTHING})


@cache
def audited_tables() -> frozenset[str]:
    """Tables whose every write leaves an audit row naming them."""
    import gfj_core.models  # noqa: F401  (every mapper registered)
    from gfj_core.models.base import Base

    return frozenset(
        m.class_.__tablename__
        for m in Base.registry.mappers
        if getattr(m.class_, "__audited__", False) and hasattr(m.class_, "__tablename__")
    )


@cache
def derived_tables() -> frozenset[str]:
    """Tables computed from others by the write that changed them (`gfj_core.derived`): no audit
    rows of their own, and no cached read to clear, since the write's own audit rows move the
    versions of what it changed."""
    import gfj_core.models  # noqa: F401
    from gfj_core.models.base import Base

    return frozenset(
        m.class_.__tablename__
        for m in Base.registry.mappers
        if getattr(m.class_, "__derived__", False) and hasattr(m.class_, "__tablename__")
    )


# Loose index scan: one probe of ix_audit_entity_id per distinct entity, so the cost grows with
# the number of tables (~90), not with the audit trail. Portable to SQLite and PostgreSQL.
_VERSIONS_SQL = text(
    """
    WITH RECURSIVE e(name) AS (
      SELECT min(entity) FROM audit_log
      UNION ALL
      SELECT (SELECT min(entity) FROM audit_log WHERE entity > e.name) FROM e
      WHERE e.name IS NOT NULL
    )
    SELECT name, (SELECT max(id) FROM audit_log WHERE entity = e.name) FROM e
    WHERE name IS NOT NULL
    """
)


def data_versions(conn: Connection) -> dict[str, int]:
    """The newest audit row id per entity, with EVERYTHING the newest of all."""
    versions = {name: int(v) for name, v in conn.execute(_VERSIONS_SQL)}
    versions[EVERYTHING] = max(versions.values(), default=0)
    return versions


def version_key(versions: dict[str, int], tables: Iterable[str]) -> tuple:
    """What a read's cache entry is keyed on: the versions of its tables, plus the newest audit
    row about no table (a restore), or the newest of all for an undeclared or unaudited read."""
    tables = frozenset(tables)
    audited = audited_tables()
    if EVERYTHING in tables or not tables <= audited:
        return ((EVERYTHING, versions.get(EVERYTHING, 0)),)
    marker = max((v for name, v in versions.items() if name not in audited and name != EVERYTHING),
                 default=0)  # fmt: skip
    return tuple(sorted((t, versions.get(t, 0)) for t in tables)) + (("", marker),)


def _tables_in(statement) -> set[str]:
    if isinstance(statement, TextClause):
        return {EVERYTHING}
    found = set()
    for element in visitors.iterate(statement):
        if isinstance(element, Table):
            found.add(element.name)
        elif isinstance(element, TextClause) and "select" in element.text.lower():
            found.add(EVERYTHING)
    return found


@contextmanager
def recording_tables(session: Session) -> Iterator[set[str]]:
    """The tables every statement run in `session` inside the block names (for tests: a
    declaration must cover them). A raw SQL string reads EVERYTHING."""
    seen: set[str] = set()

    def on_execute(conn, clauseelement, multiparams, params, execution_options):
        seen.update(_tables_in(clauseelement))

    conn = session.connection()
    event.listen(conn, "before_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(conn, "before_execute", on_execute)
