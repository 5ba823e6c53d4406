"""trust: audit_log refuses TRUNCATE on PostgreSQL too

Revision ID: 0006
Revises: 0001

0001 made audit_log append-only with a row trigger that refuses UPDATE and DELETE. PostgreSQL's
TRUNCATE fires no row triggers, so it would have emptied the trail silently; this adds the
statement-level trigger that refuses it. SQLite has no TRUNCATE (its DELETE without WHERE fires
the 0001 trigger), so there is nothing to do there.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
