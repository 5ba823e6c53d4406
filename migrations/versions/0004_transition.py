"""transition: milestone dependencies, emergency backup plan, knowledge register, relationships,
the founder-CEO's role after departure; indexes for the timeline's and checklist's filters

Revision ID: 0004
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _audit_columns() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "milestone_dependency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("depends_on_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "milestone_id <> depends_on_id", name=op.f("ck_milestone_dependency_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestone.id"],
            name=op.f("fk_milestone_dependency_milestone_id_milestone"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["depends_on_id"],
            ["milestone.id"],
            name=op.f("fk_milestone_dependency_depends_on_id_milestone"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_dependency")),
        sa.UniqueConstraint(
            "milestone_id", "depends_on_id", name=op.f("uq_milestone_dependency_milestone_id")
        ),
    )
    with op.batch_alter_table("milestone_dependency") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_dependency_milestone_id"), ["milestone_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_milestone_dependency_depends_on_id"), ["depends_on_id"], unique=False
        )

    op.create_table(
        "backup_function",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("backup_person_id", sa.Integer(), nullable=True),
        sa.Column("cross_training", sa.String(length=16), nullable=False),
        sa.Column("last_rehearsed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_audit_columns(),
        sa.ForeignKeyConstraint(
            ["backup_person_id"],
            ["person.id"],
            name=op.f("fk_backup_function_backup_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_function")),
        sa.UniqueConstraint("name", name=op.f("uq_backup_function_name")),
    )
    with op.batch_alter_table("backup_function") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_backup_function_backup_person_id"), ["backup_person_id"], unique=False
        )

    op.create_table(
        "knowledge_function",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("documentation", sa.String(length=12), nullable=False),
        sa.Column("documentation_location", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_audit_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_function")),
        sa.UniqueConstraint("name", name=op.f("uq_knowledge_function_name")),
    )

    op.create_table(
        "knowledge_capability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["knowledge_function.id"],
            name=op.f("fk_knowledge_capability_function_id_knowledge_function"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_knowledge_capability_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_capability")),
        sa.UniqueConstraint(
            "function_id", "person_id", name=op.f("uq_knowledge_capability_function_id")
        ),
    )
    with op.batch_alter_table("knowledge_capability") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_knowledge_capability_function_id"), ["function_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_knowledge_capability_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "key_relationship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("owner_person_id", sa.Integer(), nullable=True),
        sa.Column("successor_person_id", sa.Integer(), nullable=True),
        sa.Column("introduction_meeting_on", sa.Date(), nullable=True),
        sa.Column("handoff_status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        *_audit_columns(),
        sa.ForeignKeyConstraint(
            ["owner_person_id"],
            ["person.id"],
            name=op.f("fk_key_relationship_owner_person_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["successor_person_id"],
            ["person.id"],
            name=op.f("fk_key_relationship_successor_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_relationship")),
        sa.UniqueConstraint("name", name=op.f("uq_key_relationship_name")),
    )
    with op.batch_alter_table("key_relationship") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_key_relationship_owner_person_id"), ["owner_person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_key_relationship_successor_person_id"),
            ["successor_person_id"],
            unique=False,
        )

    op.create_table(
        "founder_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=True),
        sa.Column("includes", sa.Text(), nullable=True),
        sa.Column("excludes", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("condition_smaller", sa.String(length=8), nullable=False),
        sa.Column("condition_valued", sa.String(length=8), nullable=False),
        sa.Column("condition_welcomed", sa.String(length=8), nullable=False),
        sa.Column("board_status", sa.String(length=10), nullable=False),
        sa.Column("board_reviewed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_audit_columns(),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_founder_role_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_founder_role")),
        sa.UniqueConstraint("person_id", name=op.f("uq_founder_role_person_id")),
    )

    # Foundation tables: indexes for the overdue / due-soon filter and the completed-by join.
    with op.batch_alter_table("milestone") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_forecast_finish"), ["forecast_finish"], unique=False
        )
    with op.batch_alter_table("checklist_item") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_item_completed_by_user_id"),
            ["completed_by_user_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("checklist_item") as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_item_completed_by_user_id"))
    with op.batch_alter_table("milestone") as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_forecast_finish"))
    op.drop_table("founder_role")
    op.drop_table("key_relationship")
    op.drop_table("knowledge_capability")
    op.drop_table("knowledge_function")
    op.drop_table("backup_function")
    op.drop_table("milestone_dependency")
