"""Private session notes reach only the mentor who wrote them: every role, every read path,
exports and the audit trail."""

from datetime import date

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied
from gfj_core.models import AuditLog
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.leadership import SessionCreate, SessionUpdate
from gfj_core.services.leader_kpis import leaders_overview, leadership_kpis
from gfj_core.services.leader_profile import leader_profile
from gfj_core.services.mentoring import (
    get_session,
    record_session,
    session_form_context,
    sessions_export_rows,
    update_session,
)
from tests import factories as f
from tests.services import test_leadership_support as b

TODAY = date(2026, 11, 22)
SECRET = "Thinking of leaving; keep between us"
CEO_SECRET = "CEO only: board chair has doubts"


@pytest.fixture
def world(empty_db):
    """Leader Lee with two mentors (Ada writes the session, Bo co-mentors); Cy mentors someone
    else. Ada's session holds SECRET; the CEO's own session with Lee holds CEO_SECRET."""
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        ada, bo, cy = f.person(s, "Ada"), f.person(s, "Bo"), f.person(s, "Cy")
        ceo_person = f.person(s, "Chief")
        lee = f.leader(s, f.person(s, "Lee"), mentors=[ada, bo], cohort_start=date(2025, 1, 1))
        f.leader(s, f.person(s, "Max"), mentors=[cy], cohort_start=date(2025, 1, 1))
        people = {"ada": ada.id, "bo": bo.id, "cy": cy.id, "ceo": ceo_person.id, "lee": lee.id}
    actors = {
        "author": b.as_role(Role.mentor, people["ada"]),
        "co_mentor": b.as_role(Role.mentor, people["bo"]),
        "ceo": b.as_role(Role.ceo, people["ceo"]),
        "board": b.as_role(Role.board),
        "admin": b.as_role(Role.admin),
    }
    with session_scope(empty_db, write=True, actor=actors["author"]) as s:
        saved = record_session(
            s,
            SessionCreate(
                leader_id=people["lee"],
                held_on=date(2026, 11, 20),
                minutes=60,
                shared_notes="Worked on the budget.",
                private_notes=SECRET,
            ),
            today=TODAY,
            actor=actors["author"],
        )
    with session_scope(empty_db, write=True, actor=actors["ceo"]) as s:
        record_session(
            s,
            SessionCreate(
                leader_id=people["lee"],
                held_on=date(2026, 11, 21),
                minutes=30,
                private_notes=CEO_SECRET,
            ),
            today=TODAY,
            actor=actors["ceo"],
        )
    return empty_db, people, actors, saved.id


def _everything_visible_to(engine, actor, leader_id) -> str:
    """Every read a viewer of this role can make, serialised."""
    with session_scope(engine) as s:
        parts = [leadership_kpis(s, today=TODAY, actor=actor).model_dump_json()]
        if actor.role in (Role.admin, Role.board, Role.ceo, Role.mentor):
            parts.append(leaders_overview(s, today=TODAY, actor=actor).model_dump_json())
            parts.append(leader_profile(s, leader_id, today=TODAY, actor=actor).model_dump_json())
            parts.append(str(sessions_export_rows(s, leader_id, today=TODAY, actor=actor)))
        if actor.role in (Role.ceo, Role.mentor):
            parts.append(session_form_context(s, today=TODAY, actor=actor).model_dump_json())
    return "\n".join(parts)


def test_the_author_sees_their_private_notes_on_the_profile_and_in_their_form(world):
    engine, people, actors, session_id = world
    with session_scope(engine) as s:
        profile = leader_profile(s, people["lee"], today=TODAY, actor=actors["author"])
        context = session_form_context(s, today=TODAY, actor=actors["author"])
        one = get_session(s, session_id, today=TODAY, actor=actors["author"])
    own = [x for x in profile.sessions if x.is_author]
    assert [x.private_notes for x in own] == [SECRET]
    assert [x.private_notes for x in profile.sessions if not x.is_author] == [None]
    assert [x.private_notes for x in context.recent_own_sessions] == [SECRET]
    assert one.private_notes == SECRET


@pytest.mark.parametrize("viewer", ["co_mentor", "ceo", "board", "admin"])
def test_no_other_role_ever_receives_the_private_notes(world, viewer):
    engine, people, actors, session_id = world
    text = _everything_visible_to(engine, actors[viewer], people["lee"])
    assert SECRET not in text
    assert "Worked on the budget." in text  # the shared notes are there: the session is shown
    with session_scope(engine) as s:
        assert get_session(s, session_id, today=TODAY, actor=actors[viewer]).private_notes is None


def test_the_ceos_own_private_notes_are_hidden_from_the_mentor_and_the_board(world):
    engine, people, actors, _ = world
    assert CEO_SECRET in _everything_visible_to(engine, actors["ceo"], people["lee"])
    for viewer in ("author", "co_mentor", "board", "admin"):
        assert CEO_SECRET not in _everything_visible_to(engine, actors[viewer], people["lee"])


@pytest.mark.parametrize("role", [Role.treasurer, Role.staff])
def test_roles_without_the_pipeline_pages_cannot_read_sessions_at_all(world, role):
    engine, people, _, session_id = world
    viewer = b.as_role(role)
    assert SECRET not in _everything_visible_to(engine, viewer, people["lee"])
    with session_scope(engine) as s, pytest.raises(PermissionDenied):
        leader_profile(s, people["lee"], today=TODAY, actor=viewer)


def test_a_mentor_of_another_leader_cannot_open_this_leaders_sessions(world):
    engine, people, _, session_id = world
    cy = b.as_role(Role.mentor, people["cy"])
    with session_scope(engine) as s:
        with pytest.raises(PermissionDenied):
            leader_profile(s, people["lee"], today=TODAY, actor=cy)
        with pytest.raises(Exception, match="not yours to see"):
            get_session(s, session_id, today=TODAY, actor=cy)


def test_exports_never_carry_private_notes_even_for_their_author(world):
    engine, people, actors, _ = world
    with session_scope(engine) as s:
        rows = sessions_export_rows(s, people["lee"], today=TODAY, actor=actors["author"])
    assert rows and all("private" not in key for row in rows for key in row)
    assert SECRET not in str(rows)


def test_the_audit_trail_records_that_private_notes_changed_but_never_their_text(world):
    engine, people, actors, session_id = world
    with session_scope(engine) as s:
        version = get_session(s, session_id, today=TODAY, actor=actors["author"]).version
    with session_scope(engine, write=True, actor=actors["author"]) as s:
        update_session(
            s,
            session_id,
            SessionUpdate(
                leader_id=people["lee"],
                held_on=date(2026, 11, 20),
                minutes=60,
                shared_notes="Worked on the budget.",
                private_notes="A second secret thought",
            ),
            expected_version=version,
            today=TODAY,
            actor=actors["author"],
        )
    with session_scope(engine) as s:
        audit = s.execute(
            select(AuditLog.field, AuditLog.old_value, AuditLog.new_value).where(
                AuditLog.entity == "mentoring_session"
            )
        ).all()
    text = str(audit)
    assert SECRET not in text and CEO_SECRET not in text and "second secret" not in text
    assert ("private_notes", "(redacted)", "(redacted)") in audit
