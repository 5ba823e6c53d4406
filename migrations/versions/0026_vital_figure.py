"""vital_figure: the vital few as they stand now, for a supporter's portfolio (issue 20)

One row per figure, refreshed by the transaction of every write that changes what the figures are
computed from, so a bad month reaches the portfolio at once instead of at the next board meeting.
Derived data: empty after the upgrade until the organisation's next write or `gfj init`, which
refreshes every organisation that shares.

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vital_figure",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_text", sa.String(60), nullable=False),
        sa.Column("light", sa.String(8), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("change", sa.Float(), nullable=True),
        sa.Column("compared_on", sa.Date(), nullable=True),
        sa.Column("trend", sa.Text(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_vital_figure"),
    )


def downgrade() -> None:
    op.drop_table("vital_figure")
