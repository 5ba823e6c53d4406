"""transition: milestone_date_change, why a milestone's approved or forecast dates moved (issue 22)

Revision ID: 0016
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "milestone_date_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("old_start", sa.Date(), nullable=False),
        sa.Column("old_finish", sa.Date(), nullable=False),
        sa.Column("new_start", sa.Date(), nullable=False),
        sa.Column("new_finish", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("board_meeting_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=200), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestone.id"],
            name=op.f("fk_milestone_date_change_milestone_id_milestone"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["board_meeting_id"],
            ["board_meeting.id"],
            name=op.f("fk_milestone_date_change_board_meeting_id_board_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_user_id"],
            ["user_account.id"],
            name=op.f("fk_milestone_date_change_changed_by_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_date_change")),
    )
    with op.batch_alter_table("milestone_date_change") as batch_op:
        for column in ("milestone_id", "board_meeting_id", "changed_at", "changed_by_user_id"):
            batch_op.create_index(
                f"ix_milestone_date_change_{column}", [column], unique=False
            )


def downgrade() -> None:
    with op.batch_alter_table("milestone_date_change") as batch_op:
        for column in ("milestone_id", "board_meeting_id", "changed_at", "changed_by_user_id"):
            batch_op.drop_index(f"ix_milestone_date_change_{column}")
    op.drop_table("milestone_date_change")
