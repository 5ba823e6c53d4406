"""board: meetings, attendance, decisions, action items, scorecard snapshots

Revision ID: 0007
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _stamps():
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "board_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_meeting")),
        sa.UniqueConstraint("held_on", "kind", name=op.f("uq_board_meeting_held_on")),
    )
    with op.batch_alter_table("board_meeting") as batch_op:
        batch_op.create_index(batch_op.f("ix_board_meeting_held_on"), ["held_on"], unique=False)

    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["board_meeting.id"], ondelete="CASCADE",
                                name=op.f("fk_meeting_attendance_meeting_id_board_meeting")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_meeting_attendance_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
        sa.UniqueConstraint("meeting_id", "person_id",
                            name=op.f("uq_meeting_attendance_meeting_id")),
    )
    with op.batch_alter_table("meeting_attendance") as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendance_meeting_id"), ["meeting_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_attendance_person_id"), ["person_id"],
                              unique=False)

    op.create_table(
        "meeting_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["board_meeting.id"], ondelete="CASCADE",
                                name=op.f("fk_meeting_decision_meeting_id_board_meeting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_decision")),
    )
    with op.batch_alter_table("meeting_decision") as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_decision_meeting_id"), ["meeting_id"],
                              unique=False)

    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("raised_meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=240), nullable=False),
        sa.Column("owner_person_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["raised_meeting_id"], ["board_meeting.id"], ondelete="CASCADE",
                                name=op.f("fk_action_item_raised_meeting_id_board_meeting")),
        sa.ForeignKeyConstraint(["owner_person_id"], ["person.id"],
                                name=op.f("fk_action_item_owner_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
    )
    with op.batch_alter_table("action_item") as batch_op:
        batch_op.create_index(batch_op.f("ix_action_item_raised_meeting_id"),
                              ["raised_meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_owner_person_id"), ["owner_person_id"],
                              unique=False)
        batch_op.create_index("ix_action_item_status_due", ["status", "due_date"], unique=False)

    op.create_table(
        "scorecard_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("tile_key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_text", sa.String(length=60), nullable=False),
        sa.Column("light", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["board_meeting.id"], ondelete="CASCADE",
                                name=op.f("fk_scorecard_snapshot_meeting_id_board_meeting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecard_snapshot")),
        sa.UniqueConstraint("meeting_id", "tile_key",
                            name=op.f("uq_scorecard_snapshot_meeting_id")),
    )
    with op.batch_alter_table("scorecard_snapshot") as batch_op:
        batch_op.create_index(batch_op.f("ix_scorecard_snapshot_meeting_id"), ["meeting_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_scorecard_snapshot_tile_key"), ["tile_key"],
                              unique=False)


def downgrade() -> None:
    op.drop_table("scorecard_snapshot")
    op.drop_table("action_item")
    op.drop_table("meeting_decision")
    op.drop_table("meeting_attendance")
    op.drop_table("board_meeting")
