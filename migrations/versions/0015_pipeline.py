"""pipeline: a leader's status date and reason; mentorships versioned (issue 15)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("emerging_leader") as batch_op:
        batch_op.add_column(sa.Column("status_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("status_reason", sa.String(length=300), nullable=True))
    with op.batch_alter_table("mentorship") as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade() -> None:
    with op.batch_alter_table("mentorship") as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("emerging_leader") as batch_op:
        batch_op.drop_column("status_reason")
        batch_op.drop_column("status_on")
