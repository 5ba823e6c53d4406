"""Migrations keep every row, on SQLite and (in the --postgres pass) PostgreSQL.

Revisions are discovered from the Alembic script directory, so each area's migration is covered
as soon as it lands, and again after the lead chains them into one line:
- from empty, `upgrade heads` builds exactly the schema the models declare;
- from every earlier revision, with the demo organisation's rows in the tables that existed
  then, `upgrade heads` loses no row and changes no value;
- downgrading to every revision all heads share (and to nothing), then upgrading again, gives
  the same schema and the same rows back.
Every comparison reads the database back (reflection, every row by primary key); nothing here
is a hard-coded list of tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, inspect, select, text

from gfj_core.db import alembic_config, session_scope
from gfj_core.models import Base, Milestone, Person
from gfj_core.schemas.auth import SYSTEM
from tests.conftest import copy_sqlite, sqlite_url

SCRIPT = ScriptDirectory.from_config(alembic_config("sqlite://"))
HEADS = tuple(SCRIPT.get_heads())
ALL_REVISIONS = [r.revision for r in SCRIPT.walk_revisions()]  # newest first
# Every revision a database could be at with something still to apply.
STARTING_POINTS = [r for r in reversed(ALL_REVISIONS) if (r,) != HEADS]
# Revisions every head descends from: downgrading to one of these is unambiguous.
SHARED = [
    r
    for r in reversed(ALL_REVISIONS)
    if r not in HEADS
    and all(r in {x.revision for x in SCRIPT.iterate_revisions(h, "base")} for h in HEADS)
]


def test_the_script_directory_has_one_root_and_every_revision_reaches_it():
    roots = [r.revision for r in SCRIPT.walk_revisions() if r.down_revision is None]
    assert roots == ["0001"]
    for head in HEADS:
        assert list(SCRIPT.iterate_revisions(head, "base"))[-1].revision == "0001"


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def blank_url(db_backend, tmp_path, request) -> str:
    """A database with no tables at all, on the backend under test."""
    if db_backend == "postgres":
        return request.getfixturevalue("pg_database")(None)
    return sqlite_url(tmp_path / "blank.db")


@pytest.fixture(scope="module")
def source_rows(demo_template, tmp_path_factory) -> Iterator[Engine]:
    """The demo organisation at the newest schema, plus a few audited edits so the audit trail
    has rows too: the data every migration must carry."""
    path = tmp_path_factory.mktemp("migrations") / "source.db"
    copy_sqlite(demo_template, path)
    engine = create_engine(sqlite_url(path))
    import gfj_core.db as db

    tuned = db.get_engine(sqlite_url(path))
    with session_scope(tuned, write=True, actor=SYSTEM) as s:
        s.get(Person, 1).title = "Edited before the migration"
        milestone = s.scalars(select(Milestone).order_by(Milestone.id)).first()
        milestone.forecast_finish = date(2027, 1, 15)
    tuned.dispose()
    db.get_engine.cache_clear()
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def _rows_at_heads_templates() -> dict[str, str]:
    """backend -> the database the round trips start from, built on first use."""
    return {}


@pytest.fixture
def rows_at_heads(db_backend, tmp_path, request, source_rows, _rows_at_heads_templates) -> str:
    """A private copy of a database upgraded from nothing to heads with the source rows copied
    in: where every round trip starts. The upgrade from nothing and the row copy are the same
    for every target revision, so they run once per backend (the upgrade from empty has its own
    test above); each round trip then downgrades and upgrades its own copy."""
    templates = _rows_at_heads_templates
    if db_backend == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        if "postgres" not in templates:
            name = cluster.new_database(prefix="template_rows")
            _fill_at_heads(cluster.url(name), source_rows)
            templates["postgres"] = name
        copy = cluster.new_database(template=templates["postgres"])
        request.addfinalizer(lambda: cluster.drop_database(copy))
        return cluster.url(copy)
    if "sqlite" not in templates:
        path = request.getfixturevalue("tmp_path_factory").mktemp("rows") / "rows.db"
        _fill_at_heads(sqlite_url(path), source_rows)
        templates["sqlite"] = str(path)
    path = tmp_path / "rows.db"
    copy_sqlite(Path(templates["sqlite"]), path)
    return sqlite_url(path)


def _fill_at_heads(url: str, source_rows: Engine) -> None:
    _upgrade(url, "heads")
    engine = create_engine(url)
    try:
        _copy_rows(source_rows, engine)
    finally:
        engine.dispose()


def _upgrade(url: str, revision: str) -> None:
    command.upgrade(alembic_config(url), revision)


def _downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def _reflect(engine: Engine) -> MetaData:
    meta = MetaData()
    meta.reflect(engine)
    return meta


# Columns a later migration dropped that an older schema requires (NOT NULL, no default): the
# value a row copied from the newest schema gets there, from that row. One line per dropped column.
DROPPED_COLUMNS = {
    # 0018: a programme's status replaced its active flag (closed = not active).
    ("programme", "active"): lambda row: row["status"] != "closed",
}


def _copy_rows(source: Engine, target: Engine) -> None:
    """Every row of the source that fits the target's (older) schema: the columns both have,
    and the dropped columns of DROPPED_COLUMNS worked out from the newest row."""
    src_meta, dst_meta = _reflect(source), _reflect(target)
    postgres = target.dialect.name == "postgresql"
    with source.connect() as src, target.begin() as dst:
        if postgres:
            # Superuser in the throwaway cluster: load in any order, as pg_restore does.
            dst.execute(text("SET session_replication_role = replica"))
        for table in dst_meta.sorted_tables:
            if table.name == "alembic_version" or table.name not in src_meta.tables:
                continue
            src_table = src_meta.tables[table.name]
            shared = [c.name for c in table.columns if c.name in src_table.columns]
            dropped = {
                col: fill
                for (name, col), fill in DROPPED_COLUMNS.items()
                if name == table.name and col in table.columns and col not in src_table.columns
            }
            rows = [
                {
                    **{n: r._mapping[n] for n in shared},
                    **{col: fill(r._mapping) for col, fill in dropped.items()},
                }
                for r in src.execute(select(src_table))
            ]
            # A migration may seed rows of its own (built-in surveys): keep those, add the rest.
            pk = [c.name for c in table.primary_key.columns]
            if pk:
                seeded = {tuple(r) for r in dst.execute(select(*(table.c[n] for n in pk)))}
                rows = [r for r in rows if tuple(r[n] for n in pk) not in seeded]
            if rows:
                dst.execute(table.insert(), rows)
        if postgres:
            for table in dst_meta.sorted_tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement and pk[0].type.python_type is int:
                    dst.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'),"
                            f" coalesce((SELECT max({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                        )
                    )


Snapshot = dict[str, dict[tuple, dict[str, object]]]


def _snapshot(engine: Engine) -> Snapshot:
    """Every row of every table, keyed by primary key."""
    meta = _reflect(engine)
    out: Snapshot = {}
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            pk = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
            out[table.name] = {
                tuple(row[c] for c in pk): dict(row)
                for row in (r._mapping for r in conn.execute(select(table)))
            }
    return out


def _assert_rows_kept(before: Snapshot, after: Snapshot, tables: set[str] | None = None) -> None:
    """Every table of `before` (or those named) still has every row, every value unchanged, in
    the columns it still has."""
    for name in sorted(tables if tables is not None else before):
        assert name in after, f"table {name} disappeared"
        old, new = before[name], after[name]
        assert set(new) == set(old), f"{name}: rows lost {set(old) - set(new)} or added"
        for key, row in old.items():
            changed = {c: (v, new[key][c]) for c, v in row.items() if c in new[key]}
            changed = {c: vals for c, vals in changed.items() if vals[0] != vals[1]}
            assert changed == {}, f"{name} {key}: {changed}"


def _schema(engine: Engine) -> dict:
    """Tables, columns (name, type, nullable), indexes, unique constraints and foreign keys."""
    insp = inspect(engine)
    out = {}
    for name in sorted(insp.get_table_names()):
        out[name] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(name)],
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(name)
            ),
            "uniques": sorted(
                (u["name"] or "", tuple(u["column_names"]))
                for u in insp.get_unique_constraints(name)
            ),
            "fks": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in insp.get_foreign_keys(name)
            ),
        }
    return out


# ---------------------------------------------------------------------------------------------
# Tests


def test_upgrade_from_empty_builds_the_models_schema_and_survives_a_round_trip(blank_url):
    _upgrade(blank_url, "heads")
    engine = create_engine(blank_url)
    try:
        with engine.connect() as conn:
            versions = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        fresh = _schema(engine)
        _downgrade(blank_url, "base")
        engine.dispose()
        assert set(_schema(engine)) <= {"alembic_version"}
        _upgrade(blank_url, "heads")
        engine.dispose()
        assert _schema(engine) == fresh
    finally:
        engine.dispose()
    assert versions == set(HEADS)
    assert differences == []


@pytest.mark.parametrize("start", STARTING_POINTS)
def test_upgrading_from_each_earlier_revision_with_data_in_place_loses_no_row(
    start, blank_url, source_rows
):
    _upgrade(blank_url, start)
    engine = create_engine(blank_url)
    try:
        _copy_rows(source_rows, engine)
        before = _snapshot(engine)
        assert sum(len(rows) for rows in before.values()) > 0
        _upgrade(blank_url, "heads")
        after = _snapshot(engine)
    finally:
        engine.dispose()
    _assert_rows_kept(before, after)


@pytest.mark.parametrize("target", SHARED)
def test_downgrade_then_upgrade_round_trip_keeps_schema_and_rows(target, rows_at_heads):
    engine = create_engine(rows_at_heads)
    try:
        fresh_schema, full = _schema(engine), _snapshot(engine)
        assert sum(len(rows) for rows in full.values()) > 0
        _downgrade(rows_at_heads, target)
        engine.dispose()
        at_target = _snapshot(engine)
        # The tables the target revision has keep every row through the downgrade ...
        _assert_rows_kept(full, at_target, set(at_target))
        _upgrade(rows_at_heads, "heads")
        engine.dispose()
        # ... and through the upgrade back; the schema is the one a fresh upgrade builds.
        assert _schema(engine) == fresh_schema
        _assert_rows_kept(at_target, _snapshot(engine))
    finally:
        engine.dispose()


def test_the_audit_trail_is_append_only_after_every_upgrade(blank_url):
    _upgrade(blank_url, "heads")
    engine = create_engine(blank_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor_name, action, entity, entity_id) "
                    "VALUES (CURRENT_TIMESTAMP, 'test', 'insert', 'person', '1')"
                )
            )
        statements = ["UPDATE audit_log SET actor_name = 'x'", "DELETE FROM audit_log"]
        if engine.dialect.name == "postgresql":
            statements.append("TRUNCATE audit_log")
        for statement in statements:
            with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 1
    finally:
        engine.dispose()
