"""The database layer: SQLite tuning, all-or-nothing units of work, and the audit trail."""

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.models import AuditLog, Person, UserAccount
from tests import factories as f
from tests.conftest import bare_actor

CEO = bare_actor(Role.ceo, user_id=42)


def test_every_connection_enforces_foreign_keys_and_uses_wal(empty_db):
    with empty_db.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_a_failed_unit_of_work_leaves_nothing_behind(empty_db):
    with pytest.raises(IntegrityError), session_scope(empty_db, write=True, actor=CEO) as s:
        f.person(s, "Ada")
        s.add(UserAccount(username="x", role="board", person_id=99999))  # no such person
        s.flush()
    with session_scope(empty_db) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert s.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_writes_record_actor_field_old_and_new_value(empty_db):
    with session_scope(empty_db, write=True, actor=CEO) as s:
        p = f.person(s, "Ada", title="Organizer")
        pid = p.id
    with session_scope(empty_db, write=True, actor=CEO) as s:
        s.get(Person, pid).title = "Director"
    with session_scope(empty_db) as s:
        rows = s.scalars(
            select(AuditLog)
            .where(AuditLog.entity == "person", AuditLog.field == "title")
            .order_by(AuditLog.id)
        ).all()
    assert [(r.action, r.old_value, r.new_value) for r in rows] == [
        ("insert", None, "Organizer"),
        ("update", "Organizer", "Director"),
    ]
    assert {r.actor_user_id for r in rows} == {42}
    assert rows[0].entity_id == str(pid)


def test_password_hashes_never_reach_the_audit_trail(empty_db):
    with session_scope(empty_db, write=True, actor=CEO) as s:
        f.user(s, "ada", "board", password="s3cret-password")
    with session_scope(empty_db) as s:
        values = s.scalars(
            select(AuditLog.new_value).where(AuditLog.field == "password_hash")
        ).all()
    assert values == ["(redacted)"]


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET actor_name = 'x'", "DELETE FROM audit_log"]
)
def test_the_audit_trail_is_append_only(empty_db, statement):
    with session_scope(empty_db, write=True, actor=CEO) as s:
        f.person(s, "Ada")
    with pytest.raises(DBAPIError, match="append-only"), empty_db.begin() as conn:
        conn.execute(text(statement))
