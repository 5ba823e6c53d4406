"""board_meeting cancelled_on / cancel_reason; version on survey_round, competency_assessment
and readiness_rating (issue 15)

A scheduled meeting that will not take place is cancelled, not deleted: its invitations went
out and calendars hold it, so it stays on record (status "cancelled", the day and the reason)
and is restorable. A survey round's label and dates can now be corrected; the version column
lets a stale correction be refused like every other record's; the same for a competency score
and a readiness rating, now corrected and removed in a table.

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
    for table in ("survey_round", "competency_assessment", "readiness_rating"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
            )


def downgrade() -> None:
    for table in ("readiness_rating", "competency_assessment", "survey_round"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    with op.batch_alter_table("board_meeting") as batch:
        batch.drop_column("cancel_reason")
        batch.drop_column("cancelled_on")
