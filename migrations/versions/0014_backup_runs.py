"""ops: backup_run, one row per `gfj backup` run (issue 21)

Revision ID: 0014
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backup_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("file", sa.String(length=500), nullable=True),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("pruned", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_run")),
    )
    with op.batch_alter_table("backup_run") as batch_op:
        batch_op.create_index("ix_backup_run_ok_finished", ["ok", "finished_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("backup_run") as batch_op:
        batch_op.drop_index("ix_backup_run_ok_finished")
    op.drop_table("backup_run")
