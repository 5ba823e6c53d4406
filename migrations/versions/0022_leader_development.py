"""leader development records (issue 15): a training module can be retired; a completion has
its evidence; an exposure names the leader's part and their reflection; an outcome has an
effectiveness score (1-5); completions and exposures are versioned (stale edits refused)

Revision ID: 0022
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0020"
branch_labels = None
depends_on = None

VERSION = dict(nullable=False, server_default=sa.text("1"))


def upgrade() -> None:
    with op.batch_alter_table("training_module") as batch_op:
        batch_op.add_column(sa.Column("retired_on", sa.Date(), nullable=True))
    with op.batch_alter_table("training_completion") as batch_op:
        batch_op.add_column(sa.Column("evidence", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), **VERSION))
    with op.batch_alter_table("strategic_exposure") as batch_op:
        batch_op.add_column(sa.Column("part", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("reflection", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), **VERSION))
    with op.batch_alter_table("leader_outcome") as batch_op:
        batch_op.add_column(sa.Column("effectiveness_score", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            "effectiveness_1_to_5",
            "effectiveness_score IS NULL OR effectiveness_score BETWEEN 1 AND 5",
        )


def downgrade() -> None:
    with op.batch_alter_table("leader_outcome") as batch_op:
        batch_op.drop_constraint("effectiveness_1_to_5", type_="check")
        batch_op.drop_column("effectiveness_score")
    with op.batch_alter_table("strategic_exposure") as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("reflection")
        batch_op.drop_column("part")
    with op.batch_alter_table("training_completion") as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("evidence")
    with op.batch_alter_table("training_module") as batch_op:
        batch_op.drop_column("retired_on")
