"""funder.archived_on: a funder is archived, never deleted (issue 15)

Gifts and programme funding lines keep pointing at an archived funder, and the audit trail names
it, so retiring one is a date: hidden from the funder list by default, restorable.

Revision ID: 0020
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("funder") as batch:
        batch.add_column(sa.Column("archived_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("funder") as batch:
        batch.drop_column("archived_on")
