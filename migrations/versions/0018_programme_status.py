"""programmes: a status (maintained, expanded, reduced, closed) with its date instead of the
active flag; funding lines versioned (issue 15)

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programme") as batch_op:
        batch_op.add_column(
            sa.Column(
                "status", sa.String(length=12), nullable=False, server_default="maintained"
            )
        )
        batch_op.add_column(sa.Column("status_on", sa.Date(), nullable=True))
    # An active programme is maintained; an inactive one was closed (on a day nobody recorded).
    op.execute(
        "UPDATE programme SET status = CASE WHEN active THEN 'maintained' ELSE 'closed' END"
    )
    with op.batch_alter_table("programme") as batch_op:
        batch_op.drop_column("active")
    with op.batch_alter_table("programme_funding") as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade() -> None:
    with op.batch_alter_table("programme_funding") as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("programme") as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.execute("UPDATE programme SET active = (status <> 'closed')")
    with op.batch_alter_table("programme") as batch_op:
        batch_op.drop_column("status_on")
        batch_op.drop_column("status")
