"""finance: funders (more tables added by the financial-health area)

Revision ID: 0003
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "funder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("relationship_owner_person_id", sa.Integer(), nullable=True),
        sa.Column("successor_owner_person_id", sa.Integer(), nullable=True),
        sa.Column("handoff_status", sa.String(length=16), nullable=False),
        sa.Column("introduction_meeting_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_owner_person_id"], ["person.id"],
                                name=op.f("fk_funder_relationship_owner_person_id_person")),
        sa.ForeignKeyConstraint(["successor_owner_person_id"], ["person.id"],
                                name=op.f("fk_funder_successor_owner_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funder")),
        sa.UniqueConstraint("name", name=op.f("uq_funder_name")),
    )
    with op.batch_alter_table("funder") as batch_op:
        batch_op.create_index(batch_op.f("ix_funder_relationship_owner_person_id"),
                              ["relationship_owner_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funder_successor_owner_person_id"),
                              ["successor_owner_person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("funder")
