"""A save made from a stale copy is refused and says what the other person changed."""

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import StaleEdit
from gfj_core.models import Person
from gfj_core.services.versioning import check_version
from tests import factories as f
from tests.conftest import bare_actor

CEO = bare_actor(Role.ceo, user_id=1)


def test_stale_save_is_refused_with_the_other_persons_change(empty_db):
    with session_scope(empty_db, write=True, actor=CEO) as s:
        pid = f.person(s, "Ada", title="Organizer").id
    with session_scope(empty_db) as s:
        seen_version = s.get(Person, pid).version
    with session_scope(empty_db, write=True, actor=CEO) as s:  # someone else saves first
        s.get(Person, pid).title = "Director"
    with pytest.raises(StaleEdit) as exc, session_scope(empty_db, write=True, actor=CEO) as s:
        p = s.get(Person, pid)
        check_version(s, p, seen_version, "person")
        p.title = "Lead organizer"
    assert exc.value.changes == {"title": ("Organizer", "Director")}
    assert "'Organizer' to 'Director'" in str(exc.value)
    with session_scope(empty_db) as s:
        assert s.get(Person, pid).title == "Director"


def test_current_version_saves(empty_db):
    with session_scope(empty_db, write=True, actor=CEO) as s:
        p = f.person(s, "Ada")
        check_version(s, p, p.version, "person")
