"""Passwords and notes never reach the logs, even with every logger at DEBUG.

SQLAlchemy would log each statement's bound values (a password hash, a private note) if its
logger were turned up; the engine is built with echo off and hide_parameters on, which also keeps
values out of database error messages that Streamlit or the CLI might print.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from gfj_core.db import get_engine, session_scope
from gfj_core.models import Milestone, Person, Phase
from gfj_core.services.accounts import change_own_password
from gfj_core.services.auth import authenticate
from tests.conftest import demo_actor

RIGHT = "demo-board"
WRONG = "Wrong-Secret-Attempt-7"
NEW = "N3w-Secret-Password!"
NOTE = "CONFIDENTIAL: succession worry about the bank signatory 4417"


@pytest.fixture
def everything_logged(caplog):
    """Every logger at DEBUG, captured."""
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "gfj_core", "streamlit"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _logged(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_text:
            lines.append(record.exc_text)
    return "\n".join(lines)


def test_engines_never_echo_sql_or_show_bound_values(demo_db):
    engine = get_engine(str(demo_db.url))
    assert engine.echo is False
    assert engine.hide_parameters is True


def test_signing_in_logs_no_password(demo_db, everything_logged):
    with session_scope(demo_db, write=True) as s:
        assert authenticate(s, "board", WRONG).actor is None
    with session_scope(demo_db, write=True) as s:
        assert authenticate(s, "board", RIGHT).actor is not None
    text = _logged(everything_logged)
    assert "SELECT" in text or "UPDATE" in text  # statements were logged ...
    assert WRONG not in text and RIGHT not in text  # ... but never the values
    assert "$argon2" not in text


def test_changing_a_password_and_writing_a_note_logs_neither(demo_db, everything_logged):
    board = demo_actor(demo_db, "board")
    with session_scope(demo_db, write=True, actor=board) as s:
        change_own_password(s, RIGHT, NEW, NEW, actor=board)
    with session_scope(demo_db, write=True, actor=board) as s:
        s.scalars(select(Milestone).limit(1)).one().notes = NOTE
    text = _logged(everything_logged)
    assert "UPDATE" in text
    for secret in (RIGHT, NEW, NOTE, "$argon2"):
        assert secret not in text, secret


def test_a_failed_write_does_not_put_the_note_in_its_error_message(demo_db, everything_logged):
    with session_scope(demo_db) as s:
        taken = s.scalars(select(Person.full_name).limit(1)).one()
    with pytest.raises(IntegrityError) as failure, session_scope(demo_db, write=True) as s:
        s.add(Phase(name=NOTE, position=99, start_date=date(2027, 1, 1), end_date=date(2027, 2, 1)))
        s.add(Person(full_name=taken, title=NOTE))  # a duplicate name: refused
        s.flush()
    assert NOTE not in str(failure.value)
    assert NOTE not in _logged(everything_logged)
