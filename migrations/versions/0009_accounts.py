"""accounts: a real organisation from day one (issue 14, items 1-2)

- person: board_term_start, board_term_end, left_on (a person who left is kept, never deleted
  while records name them).
- user_account: must_change_password (a temporary password must be replaced at first sign-in)
  and session_epoch (bumped when the account is deactivated, its role changed or its password
  reset: open sessions carrying an older epoch are signed out at their next click).
- setup_code: the one-time code `gfj init` prints for the first-run setup screen, stored as an
  argon2 hash, used once, expiring after 24 hours.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("board_term_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("board_term_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "setup_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setup_code")),
    )


def downgrade() -> None:
    op.drop_table("setup_code")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
        batch_op.drop_column("must_change_password")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("left_on")
        batch_op.drop_column("board_term_end")
        batch_op.drop_column("board_term_start")
