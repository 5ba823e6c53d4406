"""Signing in: argon2 hashes, generic errors, lockout after five failures, SSO email mapping."""

from datetime import datetime, timedelta

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import LoginFailed, NotFound, PermissionDenied, ValidationFailed
from gfj_core.schemas.auth import SYSTEM, UserCreate
from gfj_core.services.accounts import add_user, change_own_password
from gfj_core.services.auth import actor_for_email, authenticate

T0 = datetime(2026, 11, 22, 9, 0)


def _login(engine, username, password, now=T0):
    with session_scope(engine, write=True) as s:
        outcome = authenticate(s, username, password, now=now)
    return outcome.actor_or_raise()


def test_demo_board_member_signs_in_with_role_and_name(demo_db):
    actor = _login(demo_db, "board", "demo-board")
    assert actor.role == Role.board
    assert actor.display_name == "Marisol Vega-Brooks"


def test_wrong_password_and_unknown_user_get_the_same_message(demo_db):
    with pytest.raises(LoginFailed) as wrong:
        _login(demo_db, "board", "nope")
    with pytest.raises(LoginFailed) as unknown:
        _login(demo_db, "nobody", "nope")
    assert str(wrong.value) == str(unknown.value) == "Wrong username or password."


def test_five_failures_lock_the_account_for_fifteen_minutes(demo_db):
    for _ in range(5):
        with pytest.raises(LoginFailed):
            _login(demo_db, "board", "wrong")
    with pytest.raises(LoginFailed, match="locked"):
        _login(demo_db, "board", "demo-board", now=T0 + timedelta(minutes=14))
    assert _login(demo_db, "board", "demo-board", now=T0 + timedelta(minutes=16)).role == Role.board


def test_sso_email_maps_to_the_persons_account_and_unknown_is_refused(demo_db):
    with session_scope(demo_db) as s:
        assert actor_for_email(s, "Chair@GFJ.example.org").username == "board"
        with pytest.raises(NotFound):
            actor_for_email(s, "stranger@example.com")


def test_only_admins_add_users_and_inputs_are_checked(demo_db, actor_as):
    board = actor_as("board")
    data = UserCreate(
        username="newbie", role=Role.staff, person_name="Rosa Delgado", password="longenough"
    )
    with session_scope(demo_db, write=True) as s, pytest.raises(PermissionDenied):
        add_user(s, data, actor=board)
    with session_scope(demo_db, write=True) as s, pytest.raises(ValidationFailed, match="taken"):
        add_user(s, data.model_copy(update={"username": "board"}), actor=SYSTEM)
    with (
        session_scope(demo_db, write=True) as s,
        pytest.raises(ValidationFailed, match="no person"),
    ):
        add_user(s, data.model_copy(update={"person_name": "Nobody"}), actor=SYSTEM)
    with session_scope(demo_db, write=True) as s:
        add_user(s, data, actor=SYSTEM)
    assert _login(demo_db, "newbie", "longenough").role == Role.staff


def test_changing_own_password_checks_current_and_confirmation(demo_db, actor_as):
    staff = actor_as("staff")
    with session_scope(demo_db, write=True) as s, pytest.raises(ValidationFailed) as exc:
        change_own_password(s, "bad", "short", "other", actor=staff)
    assert {field for field, _ in exc.value.problems} == {"current", "new", "confirm"}
    with session_scope(demo_db, write=True) as s:
        change_own_password(s, "demo-staff", "a-new-password", "a-new-password", actor=staff)
    assert _login(demo_db, "staff", "a-new-password").username == "staff"


def test_sso_maps_only_an_email_the_provider_verified(demo_db):
    from gfj_core.services.auth import UnverifiedEmail, actor_for_sso

    email = "Chair@GFJ.example.org"
    with session_scope(demo_db) as s:
        assert actor_for_sso(s, {"email": email, "email_verified": True}).username == "board"
        assert actor_for_sso(s, {"email": email, "email_verified": "true"}).username == "board"
        # A provider that does not report the claim at all is taken at its word.
        assert actor_for_sso(s, {"email": email}).username == "board"
        for unverified in (False, "false", None, 0, ""):
            with pytest.raises(UnverifiedEmail, match="has not verified"):
                actor_for_sso(s, {"email": email, "email_verified": unverified})
        with pytest.raises(UnverifiedEmail, match="did not send an email"):
            actor_for_sso(s, {"email_verified": True})
        with pytest.raises(NotFound):
            actor_for_sso(s, {"email": "stranger@example.com", "email_verified": True})
