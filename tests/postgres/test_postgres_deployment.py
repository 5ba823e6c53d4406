"""PostgreSQL deployment facts the README's Data safety section states, checked on a real cluster:
the application's role cannot change the audit trail, and pg_dump / pg_restore bring every row
back. (The service and migration suites also run here: see tests/postgres/plugin.py.)"""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from gfj_core.access import Role
from gfj_core.db import session_scope, upgrade_database
from gfj_core.models import AuditLog, Person
from tests.conftest import bare_actor

pytestmark = pytest.mark.postgres

# The README's recipe: migrations run as the owner; the app signs in as a role that may read and
# write every table but only add to the audit trail.
APP_ROLE_SQL = """
CREATE ROLE gfj_app LOGIN;
GRANT USAGE ON SCHEMA public TO gfj_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gfj_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gfj_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM gfj_app;
"""


def test_the_cluster_is_a_recent_postgresql(pg_cluster):
    assert int(pg_cluster.server_version().split(".")[0]) >= 15


@pytest.fixture
def app_role_database(pg_cluster, pg_database):
    """A migrated database, and the URL the application signs in with (role gfj_app)."""
    owner_url = pg_database("demo")
    owner = create_engine(owner_url)
    with owner.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = 'gfj_app'")).first()
        statements = [s for s in APP_ROLE_SQL.split(";") if s.strip()]
        for statement in statements[1:] if exists else statements:
            conn.execute(text(statement))
    owner.dispose()
    return owner_url, owner_url.replace("//postgres@", "//gfj_app@")


def test_the_application_role_writes_records_and_adds_audit_rows(app_role_database):
    _, app_url = app_role_database
    app = create_engine(app_url)
    try:
        with session_scope(app, write=True, actor=bare_actor(Role.ceo, user_id=3)) as s:
            s.get(Person, 1).title = "Edited by the app role"
        with session_scope(app) as s:
            rows = s.scalars(
                select(AuditLog).where(AuditLog.entity == "person", AuditLog.field == "title")
            ).all()
        assert [r.new_value for r in rows] == ["Edited by the app role"]
    finally:
        app.dispose()


def test_the_application_role_bumps_the_portfolio_counter_without_a_write_grant_on_the_registry(
    app_role_database,
):
    """The README's Portfolio recipe: the app's role may only read the registry, and its writes
    of what a portfolio reads still move the organisation's counter (a SECURITY DEFINER trigger,
    migration 0027)."""
    from gfj_core.tenancy.models import PortfolioVersionRow, RegistryBase

    owner_url, app_url = app_role_database
    owner = create_engine(owner_url)
    app = create_engine(app_url)
    counter = "SELECT version FROM gfj_registry.portfolio_version WHERE location = 'public'"
    try:
        with owner.begin() as conn:
            conn.execute(text("CREATE SCHEMA gfj_registry"))
            RegistryBase.metadata.create_all(
                conn.execution_options(schema_translate_map={None: "gfj_registry"}),
                tables=[PortfolioVersionRow.__table__],
            )
            conn.execute(text("GRANT USAGE ON SCHEMA gfj_registry TO gfj_app"))
            conn.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA gfj_registry TO gfj_app"))
        with app.begin() as conn:
            conn.execute(text("DELETE FROM vital_figure"))
            first = conn.execute(text(counter)).scalar()
        with app.begin() as conn:
            conn.execute(text("DELETE FROM vital_figure"))
            second = conn.execute(text(counter)).scalar()
        with pytest.raises(DBAPIError, match="permission denied"), app.begin() as conn:
            conn.execute(text("UPDATE gfj_registry.portfolio_version SET version = 0"))
        assert (first, second) == (1, 2)
    finally:
        app.dispose()
        owner.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET new_value = 'forged'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_log_append_only ON audit_log",
    ],
)
def test_the_application_role_cannot_change_or_unprotect_the_audit_trail(
    app_role_database, statement
):
    _, app_url = app_role_database
    app = create_engine(app_url)
    try:
        with app.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor_name, action, entity, entity_id) "
                    "VALUES (now(), 'app', 'insert', 'person', '1')"
                )
            )
            before = conn.execute(select(AuditLog.id, AuditLog.new_value)).all()
        with pytest.raises(DBAPIError, match="permission denied|must be owner"), app.begin() as c:
            c.execute(text(statement))
        with app.connect() as conn:
            assert conn.execute(select(AuditLog.id, AuditLog.new_value)).all() == before
    finally:
        app.dispose()


def test_even_the_owner_cannot_update_delete_or_truncate_audit_rows(pg_database):
    url = pg_database("empty")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor_name, action, entity, entity_id) "
                    "VALUES (now(), 'owner', 'insert', 'person', '1')"
                )
            )
        for statement in (
            "UPDATE audit_log SET new_value = 'forged'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_pg_dump_and_pg_restore_bring_back_every_row(pg_cluster, pg_database, tmp_path):
    source_url = pg_database("demo")
    with create_engine(source_url).begin() as conn:
        conn.execute(text("UPDATE person SET title = 'before the dump' WHERE id = 1"))
    target_url = pg_database(None)
    dump = tmp_path / "gfj.dump"
    libpq = pg_cluster.url  # pg_dump wants a libpq URL, without SQLAlchemy's driver part
    source_db, target_db = source_url.rsplit("/", 1)[1], target_url.rsplit("/", 1)[1]
    for command in (
        ["pg_dump", "--format=custom", f"--file={dump}", libpq(source_db, "postgresql")],
        ["pg_restore", "--no-owner", f"--dbname={libpq(target_db, 'postgresql')}", str(dump)],
    ):
        done = subprocess.run(
            [str(pg_cluster.bindir / command[0]), *command[1:]], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    counts = {}
    for url in (source_url, target_url):
        engine = create_engine(url)
        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            counts[url] = {
                t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables
            }
            title = conn.execute(text("SELECT title FROM person WHERE id = 1")).scalar()
        engine.dispose()
        assert title == "before the dump"
    assert counts[source_url] == counts[target_url]
    assert counts[target_url]["person"] > 0
    # The restored database is at the newest schema already: upgrading changes nothing.
    upgrade_database(target_url)
