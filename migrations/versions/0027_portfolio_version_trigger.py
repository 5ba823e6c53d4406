"""portfolio_version trigger: on PostgreSQL, every write of what a supporter's portfolio reads
bumps the organisation's counter in the registry (issue 20)

A portfolio of 200 organisations keys its cache on each one's version at every click. Reading
the two tables of every schema (a 400-branch UNION ALL) cost most of a warm rerun; a statement
trigger on each table instead bumps one row of `gfj_registry.portfolio_version`, in the same
transaction as the write (grant, revoke, the figures' refresh, or any SQL at all), so the key is
one indexed read of the registry. SECURITY DEFINER: the application's role needs no write grant
on the registry. Where there is no registry schema (one organisation, or `GFJ_REGISTRY_URL`
elsewhere) the trigger does nothing and the portfolio reads the tables themselves. SQLite: no
trigger; each organisation is a file of its own and is asked directly.

Revision ID: 0027
Revises: 0026
"""

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

TABLES = ("portfolio_share", "vital_figure")  # gfj_core.tenancy.models.COUNTED_TABLES

BUMP = """
CREATE OR REPLACE FUNCTION portfolio_version_bump() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF to_regclass('gfj_registry.portfolio_version') IS NOT NULL THEN
    INSERT INTO gfj_registry.portfolio_version AS v (location, version)
    VALUES (TG_TABLE_SCHEMA, 1)
    ON CONFLICT (location) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(BUMP)
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_portfolio_version AFTER INSERT OR UPDATE OR DELETE OR "
            f"TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION portfolio_version_bump()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_portfolio_version ON {table}")
    op.execute("DROP FUNCTION IF EXISTS portfolio_version_bump()")
