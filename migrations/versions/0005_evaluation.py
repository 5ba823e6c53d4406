"""evaluation: surveys (built-in ones seeded), community events, legacy, stories, advocacy,
sector influence, succession targets

Revision ID: 0005
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

VALUES = (
    "Collaboration",
    "Competency",
    "Culture",
    "Non-violence",
    "Innovation",
    "Integrity",
    "Performance",
    "Professionalism",
    "Responsibility",
)

# The built-in surveys, frozen as they were when this migration was written.
SURVEYS = [
    {
        "key": "future_leadership_qualities",
        "name": "Future leadership qualities",
        "purpose": "Community, partner and stakeholder input on the qualities the next leader "
        "of The Gathering for Justice needs (transition objective 5).",
        "audience": "Community members, partners, emerging leaders, staff and board",
        "questions": [
            ("top_qualities", "Which qualities matter most in the next leader of The Gathering? "
             "(choose up to three)", "multi", [
                "Rooted in Kingian nonviolence",
                "Trusted by directly impacted communities",
                "Strategic and financial skill",
                "Coalition builder",
                "Cultural organizer (artists and culture)",
                "Policy and legislative experience",
                "Mentors and develops young leaders",
                "Keeps the founder's legacy alive",
            ], None),
            ("continuity", "How important is it that the next leader keeps our current "
             "programmes? (1 = not important, 5 = essential)", "scale", None, None),
            ("community_voice", "How important is it that the community has a voice in choosing "
             "the next leader? (1 = not important, 5 = essential)", "scale", None, None),
            ("origin", "Where should the next leader come from?", "single", [
                "From inside the organisation",
                "From the movement or a partner organisation",
                "An open outside search",
                "No preference",
            ], None),
            ("carry_forward", "In your own words: what must the next leader carry forward?",
             "text", None, None),
        ],
    },
    {
        "key": "values_alignment",
        "name": "Values alignment",
        "purpose": "How well the organisation's activities live up to each of its nine values, "
        "asked every few months to keep the founder's legacy in view (objective 7).",
        "audience": "Board, staff, emerging leaders, community members and partners",
        "questions": [
            (f"value_{v.lower().replace('-', '_')}",
             f"{v}: how well do our activities live up to this value? (1 = not at all, 5 = fully)",
             "scale", None, v)
            for v in VALUES
        ] + [
            ("closer_to_values", "What would bring our work closer to our values?", "text",
             None, None),
        ],
    },
    {
        "key": "leader_preparedness",
        "name": "Leader preparedness feedback",
        "purpose": "Feedback from mentors, staff, board and partners on how prepared the "
        "emerging leaders are to lead (leadership-development KPI).",
        "audience": "Mentors, staff, board and partners who work with the emerging leaders",
        "questions": [
            ("more_responsibility", "The emerging leaders are ready to take on more "
             "responsibility (1 = strongly disagree, 5 = strongly agree)", "scale", None, None),
            ("finances", "They understand the organisation's finances and fundraising",
             "scale", None, None),
            ("trusted", "They are trusted by community members and partners", "scale", None,
             None),
            ("nonviolence", "They practise Kingian nonviolence in how they lead", "scale", None,
             None),
            ("public_voice", "They are prepared to represent the organisation in public",
             "scale", None, None),
            ("development_need", "Which area needs the most development?", "single", [
                "Fundraising and finance",
                "Public voice and media",
                "Policy and advocacy",
                "Managing people",
                "Working with the board",
            ], None),
            ("best_help", "What would best help them prepare?", "text", None, None),
        ],
    },
    {
        "key": "board_self_assessment",
        "name": "Board self-assessment on succession",
        "purpose": "The board's own view of its readiness to lead the succession "
        "(transition objective 4).",
        "audience": "Board members",
        "questions": [
            ("understands_plan", "The board understands the succession plan and its timeline "
             "(1 = strongly disagree, 5 = strongly agree)", "scale", None, None),
            ("agreed_qualities", "The board has agreed the qualities it seeks in the next leader",
             "scale", None, None),
            ("confident_selecting", "The board is confident in its role in selecting the "
             "successor", "scale", None, None),
            ("knows_candidates", "Board members know the internal candidates' work first-hand",
             "scale", None, None),
            ("clear_metrics", "The board monitors the transition with clear metrics", "scale",
             None, None),
            ("founder_role_agreed", "The board has agreed the departing CEO's role after the "
             "handover", "scale", None, None),
            ("ready_to_select", "Is the board ready to select a successor on the planned "
             "timeline?", "single", ["Yes", "Not yet", "Unsure"], None),
            ("next_step", "What does the board most need to do next?", "text", None, None),
        ],
    },
]


def _timestamps():
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def _index(table, *cols, name=None):
    with op.batch_alter_table(table) as batch_op:
        batch_op.create_index(
            name or batch_op.f(f"ix_{table}_{cols[0]}"), list(cols), unique=False
        )


def upgrade() -> None:
    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("audience", sa.String(length=200), nullable=True),
        sa.Column("is_builtin", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey")),
        sa.UniqueConstraint("key", name=op.f("uq_survey_key")),
        sa.UniqueConstraint("name", name=op.f("uq_survey_name")),
    )
    op.create_table(
        "survey_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("options_json", sa.Text(), nullable=True),
        sa.Column("value_name", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_question_survey_id_survey")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_question")),
        sa.UniqueConstraint("survey_id", "key", name=op.f("uq_survey_question_survey_id")),
    )
    _index("survey_question", "survey_id")

    op.create_table(
        "survey_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("response_count", sa.Integer(), nullable=False),
        sa.Column("source_filename", sa.String(length=200), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_round_survey_id_survey")),
        sa.ForeignKeyConstraint(["imported_by_user_id"], ["user_account.id"],
                                name=op.f("fk_survey_round_imported_by_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_round")),
        sa.UniqueConstraint("survey_id", "label", name=op.f("uq_survey_round_survey_id")),
    )
    _index("survey_round", "survey_id")
    _index("survey_round", "imported_by_user_id")

    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("stakeholder_group", sa.String(length=12), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["survey_round.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_response_round_id_survey_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    _index("survey_response", "round_id", "stakeholder_group",
           name="ix_survey_response_round_group")

    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_group", sa.String(length=12), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("choice", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["response_id"], ["survey_response.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_answer_response_id_survey_response")),
        sa.ForeignKeyConstraint(["round_id"], ["survey_round.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_answer_round_id_survey_round")),
        sa.ForeignKeyConstraint(["question_id"], ["survey_question.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_answer_question_id_survey_question")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
    )
    _index("survey_answer", "response_id")
    _index("survey_answer", "question_id")
    _index("survey_answer", "round_id", "question_id", "stakeholder_group",
           name="ix_survey_answer_round_question")

    op.create_table(
        "survey_column_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("source_column", sa.String(length=300), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_column_mapping_survey_id_survey")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_column_mapping")),
        sa.UniqueConstraint("survey_id", "source_column",
                            name=op.f("uq_survey_column_mapping_survey_id")),
    )
    _index("survey_column_mapping", "survey_id")

    op.create_table(
        "survey_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_theme_survey_id_survey")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_theme")),
        sa.UniqueConstraint("survey_id", "name", name=op.f("uq_survey_theme_survey_id")),
    )
    _index("survey_theme", "survey_id")

    op.create_table(
        "survey_answer_theme",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["survey_answer.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_answer_theme_answer_id_survey_answer")),
        sa.ForeignKeyConstraint(["theme_id"], ["survey_theme.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_answer_theme_theme_id_survey_theme")),
        sa.PrimaryKeyConstraint("answer_id", "theme_id", name=op.f("pk_survey_answer_theme")),
    )
    _index("survey_answer_theme", "theme_id")

    op.create_table(
        "community_programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_programme")),
        sa.UniqueConstraint("name", name=op.f("uq_community_programme_name")),
    )

    op.create_table(
        "community_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("new_participants", sa.Integer(), nullable=False),
        sa.Column("feedback_count", sa.Integer(), nullable=False),
        sa.Column("feedback_score", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(["programme_id"], ["community_programme.id"],
                                name=op.f("fk_community_event_programme_id_community_programme")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_event")),
        sa.UniqueConstraint("held_on", "name", name=op.f("uq_community_event_held_on")),
    )
    for col in ("programme_id", "held_on", "kind", "state"):
        _index("community_event", col)

    op.create_table(
        "legacy_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("value_name", sa.String(length=30), nullable=True),
        sa.Column("reference", sa.String(length=300), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legacy_item")),
    )
    _index("legacy_item", "kind")

    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("storyteller", sa.String(length=120), nullable=False),
        sa.Column("collected_on", sa.Date(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("consent_note", sa.String(length=300), nullable=True),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(["programme_id"], ["community_programme.id"],
                                name=op.f("fk_story_programme_id_community_programme")),
        sa.ForeignKeyConstraint(["created_by_user_id"], ["user_account.id"],
                                name=op.f("fk_story_created_by_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story")),
    )
    for col in ("programme_id", "consent", "created_by_user_id"):
        _index("story", col)

    op.create_table(
        "story_value",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("value_name", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"], ondelete="CASCADE",
                                name=op.f("fk_story_value_story_id_story")),
        sa.PrimaryKeyConstraint("story_id", "value_name", name=op.f("pk_story_value")),
    )
    _index("story_value", "value_name")

    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("jurisdiction", sa.String(length=40), nullable=False),
        sa.Column("bill_number", sa.String(length=40), nullable=True),
        sa.Column("issue", sa.String(length=30), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("org_role", sa.String(length=12), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
        sa.UniqueConstraint("name", name=op.f("uq_campaign_name")),
    )
    for col in ("jurisdiction", "stage", "decided_on"):
        _index("campaign", col)

    op.create_table(
        "influence_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("link", sa.String(length=300), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_influence_item")),
    )
    for col in ("kind", "occurred_on"):
        _index("influence_item", col)

    op.create_table(
        "succession_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kpi_key", sa.String(length=80), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("set_by_user_id", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(["set_by_user_id"], ["user_account.id"],
                                name=op.f("fk_succession_target_set_by_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_succession_target")),
        sa.UniqueConstraint("kpi_key", name=op.f("uq_succession_target_kpi_key")),
    )
    _index("succession_target", "set_by_user_id")

    _seed_builtin_surveys()


def _seed_builtin_surveys() -> None:
    survey = sa.table(
        "survey",
        sa.column("id", sa.Integer), sa.column("key", sa.String), sa.column("name", sa.String),
        sa.column("purpose", sa.Text), sa.column("audience", sa.String),
        sa.column("is_builtin", sa.Boolean), sa.column("version", sa.Integer),
        sa.column("created_at", sa.DateTime), sa.column("updated_at", sa.DateTime),
    )
    question = sa.table(
        "survey_question",
        sa.column("survey_id", sa.Integer), sa.column("position", sa.Integer),
        sa.column("key", sa.String), sa.column("text", sa.String), sa.column("kind", sa.String),
        sa.column("options_json", sa.Text), sa.column("value_name", sa.String),
    )
    from datetime import datetime

    now = datetime(2026, 11, 22, 12, 0)
    op.bulk_insert(
        survey,
        [
            {"id": i, "key": s["key"], "name": s["name"], "purpose": s["purpose"],
             "audience": s["audience"], "is_builtin": True, "version": 1,
             "created_at": now, "updated_at": now}
            for i, s in enumerate(SURVEYS, start=1)
        ],
    )
    op.bulk_insert(
        question,
        [
            {"survey_id": i, "position": pos, "key": key, "text": text, "kind": kind,
             "options_json": json.dumps(options) if options else None, "value_name": value}
            for i, s in enumerate(SURVEYS, start=1)
            for pos, (key, text, kind, options, value) in enumerate(s["questions"], start=1)
        ],
    )


def downgrade() -> None:
    for table in (
        "succession_target",
        "influence_item",
        "campaign",
        "story_value",
        "story",
        "legacy_item",
        "community_event",
        "community_programme",
        "survey_answer_theme",
        "survey_theme",
        "survey_column_mapping",
        "survey_answer",
        "survey_response",
        "survey_round",
        "survey_question",
        "survey",
    ):
        op.drop_table(table)
