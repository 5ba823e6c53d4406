"""leadership: readiness history, competencies and assessments, goals, training, exposure,
mentoring sessions (private notes) with action items, outcomes

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LEADER_FK = "emerging_leader.id"


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def _leader_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["leader_id"], [LEADER_FK], name=op.f(f"fk_{table}_leader_id_emerging_leader"),
        ondelete="CASCADE",
    )


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "readiness_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("rater_person_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_timestamps(),
        _leader_fk("readiness_rating"),
        sa.ForeignKeyConstraint(["rater_person_id"], ["person.id"],
                                name=op.f("fk_readiness_rating_rater_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_rating")),
    )
    _index("readiness_rating", "leader_id", "rated_on", "rater_person_id")
    op.create_index("ix_readiness_rating_leader_rated", "readiness_rating",
                    ["leader_id", "rated_on"], unique=False)

    op.create_table(
        "competency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency")),
        sa.UniqueConstraint("name", name=op.f("uq_competency_name")),
    )

    op.create_table(
        "competency_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("assessor_person_id", sa.Integer(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("score BETWEEN 1 AND 5",
                           name=op.f("ck_competency_assessment_score_1_to_5")),
        _leader_fk("competency_assessment"),
        sa.ForeignKeyConstraint(["competency_id"], ["competency.id"],
                                name=op.f("fk_competency_assessment_competency_id_competency")),
        sa.ForeignKeyConstraint(["assessor_person_id"], ["person.id"],
                                name=op.f("fk_competency_assessment_assessor_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_assessment")),
    )
    _index("competency_assessment", "leader_id", "competency_id", "assessor_person_id",
           "assessed_on")
    op.create_index("ix_competency_assessment_leader_comp_on", "competency_assessment",
                    ["leader_id", "competency_id", "assessed_on"], unique=False)

    op.create_table(
        "development_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("progress_pct", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("progress_pct BETWEEN 0 AND 100",
                           name=op.f("ck_development_goal_progress_0_to_100")),
        _leader_fk("development_goal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_goal")),
    )
    _index("development_goal", "leader_id")

    op.create_table(
        "training_module",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("is_core", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_module")),
        sa.UniqueConstraint("name", name=op.f("uq_training_module_name")),
    )

    op.create_table(
        "training_completion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        _leader_fk("training_completion"),
        sa.ForeignKeyConstraint(["module_id"], ["training_module.id"],
                                name=op.f("fk_training_completion_module_id_training_module")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_completion")),
        sa.UniqueConstraint("leader_id", "module_id",
                            name=op.f("uq_training_completion_leader_id")),
    )
    _index("training_completion", "leader_id", "module_id")

    op.create_table(
        "strategic_exposure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        *_timestamps(),
        _leader_fk("strategic_exposure"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategic_exposure")),
    )
    _index("strategic_exposure", "leader_id", "occurred_on")

    op.create_table(
        "mentoring_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("mentor_person_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("topics", sa.String(length=500), nullable=True),
        sa.Column("shared_notes", sa.Text(), nullable=True),
        sa.Column("private_notes", sa.Text(), nullable=True),
        sa.Column("next_session_on", sa.Date(), nullable=True),
        sa.Column("logged_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("minutes BETWEEN 1 AND 1440",
                           name=op.f("ck_mentoring_session_minutes_in_a_day")),
        _leader_fk("mentoring_session"),
        sa.ForeignKeyConstraint(["mentor_person_id"], ["person.id"],
                                name=op.f("fk_mentoring_session_mentor_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_session")),
    )
    _index("mentoring_session", "leader_id", "mentor_person_id", "held_on")
    op.create_index("ix_mentoring_session_leader_held", "mentoring_session",
                    ["leader_id", "held_on"], unique=False)
    op.create_index("ix_mentoring_session_mentor_held", "mentoring_session",
                    ["mentor_person_id", "held_on"], unique=False)

    op.create_table(
        "session_action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["mentoring_session.id"],
                                name=op.f("fk_session_action_item_session_id_mentoring_session"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_action_item")),
    )
    _index("session_action_item", "session_id", "due_on")

    op.create_table(
        "leader_outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("role_title", sa.String(length=160), nullable=False),
        sa.Column("organisation", sa.String(length=160), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("preparedness_score", sa.Integer(), nullable=True),
        sa.Column("feedback_comment", sa.Text(), nullable=True),
        sa.Column("feedback_from", sa.String(length=160), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("preparedness_score IS NULL OR preparedness_score BETWEEN 1 AND 5",
                           name=op.f("ck_leader_outcome_preparedness_1_to_5")),
        _leader_fk("leader_outcome"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_outcome")),
    )
    _index("leader_outcome", "leader_id")

    # The Leaders page filters on status; the foundation did not index it.
    _index("emerging_leader", "status")


def downgrade() -> None:
    with op.batch_alter_table("emerging_leader") as batch_op:
        batch_op.drop_index(batch_op.f("ix_emerging_leader_status"))
    for table in (
        "leader_outcome",
        "session_action_item",
        "mentoring_session",
        "strategic_exposure",
        "training_completion",
        "training_module",
        "development_goal",
        "competency_assessment",
        "competency",
        "readiness_rating",
    ):
        op.drop_table(table)
