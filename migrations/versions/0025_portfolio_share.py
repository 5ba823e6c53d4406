"""portfolio_share: an organisation shares aggregate figures with an outside supporter (issue 20)

Each organisation's own decision, in its own database: which figures, granted by and when,
revoked by and when. A revoked row is kept (the history of what was shared when).

Revision ID: 0025
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portfolio_share",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("supporter_key", sa.String(80), nullable=False),
        sa.Column("supporter_name", sa.String(160), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("granted_by", sa.String(80), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_by", sa.String(80), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name="pk_portfolio_share"),
    )
    op.create_index(
        "ix_portfolio_share_supporter_revoked", "portfolio_share", ["supporter_key", "revoked_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_portfolio_share_supporter_revoked", table_name="portfolio_share")
    op.drop_table("portfolio_share")
