"""audit_log (entity, id): the newest audit row per table in one probe each (issue 19)

The read cache is keyed on the versions of the tables a page reads; `gfj_core.areas` reads them
with a loose index scan over this index, so the cost grows with the number of tables, not with
the audit trail.

Revision ID: 0017
Revises: 0014
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_entity_id", "audit_log", ["entity", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_entity_id", table_name="audit_log")
