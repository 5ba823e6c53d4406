"""indexes the benchmark asked for (bench/, issue 9)

- mentoring_session (leader_id, mentor_person_id, held_on): the stale-mentorship check groups
  every session by leader and mentor for the latest date; with this index it reads the index
  alone (221 ms -> a few ms of CPU at 100x, 100,000 sessions).
- audit_log (entity, field, at): the readiness history and the since-last-meeting digest read
  one entity's one field over a date range; ix_audit_at alone scans every change since the date.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_mentoring_session_leader_mentor_held",
        "mentoring_session",
        ["leader_id", "mentor_person_id", "held_on"],
    )
    op.create_index("ix_audit_entity_field_at", "audit_log", ["entity", "field", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_entity_field_at", table_name="audit_log")
    op.drop_index("ix_mentoring_session_leader_mentor_held", table_name="mentoring_session")
