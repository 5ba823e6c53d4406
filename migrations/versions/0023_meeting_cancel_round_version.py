"""board_meeting cancelled_on / cancel_reason; survey_round.version (issue 15)

A scheduled meeting that will not take place is cancelled, not deleted: its invitations went
out and calendars hold it, so it stays on record (status "cancelled", the day and the reason)
and is restorable. A survey round's label and dates can now be corrected; the version column
lets a stale correction be refused like every other record's.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("board_meeting") as batch:
        batch.add_column(sa.Column("cancelled_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("survey_round") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")))


def downgrade() -> None:
    with op.batch_alter_table("survey_round") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("board_meeting") as batch:
        batch.drop_column("cancel_reason")
        batch.drop_column("cancelled_on")
