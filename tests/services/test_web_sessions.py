"""Server-side sessions (issue 14, item 3): a handoff nonce spent once, a token stored only as
its hash, idle and absolute expiry on an injected clock, sign out and sign out everywhere."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied
from gfj_core.models import UserAccount, UserSession
from gfj_core.services.web_sessions import (
    HANDOFF_TTL,
    EndedSession,
    ResumedSession,
    SessionPolicy,
    end_all_sessions_for,
    end_own_sessions,
    end_session,
    hash_secret,
    redeem_handoff,
    resume_session,
    resume_session_by_id,
    start_session,
    touch_session,
)
from tests.conftest import bare_actor

T0 = datetime(2026, 11, 22, 9, 0)
POLICY = SessionPolicy(idle_timeout=timedelta(hours=12), lifetime=timedelta(days=14))


def _user_id(engine, username="board") -> int:
    with session_scope(engine) as s:
        return s.scalar(select(UserAccount.id).where(UserAccount.username == username))


def _signed_in(engine, username="board", now=T0) -> str:
    """Sign-in as the app does it: start a session, redeem its nonce, return the cookie token."""
    with session_scope(engine, write=True) as s:
        handoff = start_session(s, _user_id(engine, username), now=now, policy=POLICY)
    with session_scope(engine, write=True) as s:
        issued = redeem_handoff(s, handoff.nonce, now=now)
    assert issued is not None
    return issued.token


def _resume(engine, token, now):
    with session_scope(engine) as s:
        return resume_session(s, token, now=now, policy=POLICY)


def _touch(engine, found, now):
    with session_scope(engine, write=True) as s:
        touch_session(s, found.session_id, now=now)


def test_a_redeemed_session_resumes_as_the_account_holder(demo_db):
    token = _signed_in(demo_db)
    found = _resume(demo_db, token, T0 + timedelta(minutes=5))
    assert isinstance(found, ResumedSession)
    assert found.actor.username == "board"
    assert found.actor.display_name == "Marisol Vega-Brooks"


def test_the_token_and_the_nonce_are_stored_only_as_their_sha256(demo_db):
    with session_scope(demo_db, write=True) as s:
        handoff = start_session(s, _user_id(demo_db), now=T0, policy=POLICY)
    with session_scope(demo_db) as s:
        row = s.get(UserSession, handoff.session_id)
        assert row.handoff_hash == hash_secret(handoff.nonce) != handoff.nonce
        assert row.token_hash is None  # no token exists before the handoff
    with session_scope(demo_db, write=True) as s:
        issued = redeem_handoff(s, handoff.nonce, now=T0)
    with session_scope(demo_db) as s:
        row = s.get(UserSession, handoff.session_id)
        assert row.token_hash == hash_secret(issued.token)
        assert len(issued.token) >= 43  # 32 random bytes
        assert row.handoff_hash is None
        stored = [str(v) for v in s.execute(select(UserSession.__table__)).one()]
        assert issued.token not in stored and handoff.nonce not in stored


def test_a_handoff_nonce_works_once_and_only_while_fresh(demo_db):
    user = _user_id(demo_db)
    with session_scope(demo_db, write=True) as s:
        first = start_session(s, user, now=T0, policy=POLICY)
        late = start_session(s, user, now=T0, policy=POLICY)
    with session_scope(demo_db, write=True) as s:
        assert redeem_handoff(s, first.nonce, now=T0 + timedelta(seconds=5)) is not None
        assert redeem_handoff(s, first.nonce, now=T0 + timedelta(seconds=6)) is None
        assert redeem_handoff(s, late.nonce, now=T0 + HANDOFF_TTL) is None
        assert redeem_handoff(s, "made-up", now=T0) is None
        assert redeem_handoff(s, "", now=T0) is None


def test_an_unknown_or_missing_token_resumes_nothing(demo_db):
    assert _resume(demo_db, "not-a-token", T0) is None
    assert _resume(demo_db, None, T0) is None


def test_a_session_left_idle_past_the_timeout_ends(demo_db):
    token = _signed_in(demo_db)
    assert isinstance(_resume(demo_db, token, T0 + timedelta(hours=11, minutes=59)), ResumedSession)
    ended = _resume(demo_db, token, T0 + timedelta(hours=12))
    assert isinstance(ended, EndedSession)
    assert "12 hours without activity" in ended.reason


def test_activity_keeps_a_session_alive_until_its_absolute_lifetime(demo_db):
    token = _signed_in(demo_db)
    now = T0
    while now < T0 + timedelta(days=14) - timedelta(hours=6):
        now += timedelta(hours=6)
        found = _resume(demo_db, token, now)
        assert isinstance(found, ResumedSession), now
        _touch(demo_db, found, now)
    ended = _resume(demo_db, token, T0 + timedelta(days=14))
    assert isinstance(ended, EndedSession) and "14 days" in ended.reason


def test_last_seen_is_written_at_most_once_a_minute(demo_db):
    token = _signed_in(demo_db)
    assert _resume(demo_db, token, T0 + timedelta(seconds=59)).touch_due is False
    found = _resume(demo_db, token, T0 + timedelta(seconds=61))
    assert found.touch_due is True
    _touch(demo_db, found, T0 + timedelta(seconds=61))
    assert _resume(demo_db, token, T0 + timedelta(seconds=90)).touch_due is False
    with session_scope(demo_db) as s:
        assert s.get(UserSession, found.session_id).last_seen_at == T0 + timedelta(seconds=61)


def test_signing_out_ends_that_session_only(demo_db):
    laptop, phone = _signed_in(demo_db), _signed_in(demo_db)
    with session_scope(demo_db, write=True) as s:
        assert end_session(s, token=laptop, now=T0 + timedelta(minutes=1)) is True
        assert end_session(s, token=laptop, now=T0 + timedelta(minutes=2)) is False
    ended = _resume(demo_db, laptop, T0 + timedelta(minutes=3))
    assert isinstance(ended, EndedSession) and "signed out" in ended.reason
    assert isinstance(_resume(demo_db, phone, T0 + timedelta(minutes=3)), ResumedSession)


def test_signing_out_everywhere_ends_every_session_of_that_person_and_no_one_elses(demo_db):
    mine = [_signed_in(demo_db, "staff") for _ in range(3)]
    theirs = _signed_in(demo_db, "board")
    staff = bare_actor("staff", user_id=_user_id(demo_db, "staff"))
    with session_scope(demo_db, write=True) as s:
        assert end_own_sessions(s, actor=staff, now=T0 + timedelta(minutes=1)) == 3
    for token in mine:
        ended = _resume(demo_db, token, T0 + timedelta(minutes=2))
        assert isinstance(ended, EndedSession) and "everywhere" in ended.reason
    assert isinstance(_resume(demo_db, theirs, T0 + timedelta(minutes=2)), ResumedSession)
    with session_scope(demo_db, write=True) as s:
        assert end_all_sessions_for(s, _user_id(demo_db, "staff"), now=T0) == 0


def test_the_system_actor_cannot_sign_out_everywhere(demo_db):
    with session_scope(demo_db, write=True) as s, pytest.raises(PermissionDenied):
        end_own_sessions(s, actor=bare_actor("admin"), now=T0)


def test_a_pending_session_ended_before_its_handoff_cannot_be_redeemed(demo_db):
    with session_scope(demo_db, write=True) as s:
        handoff = start_session(s, _user_id(demo_db), now=T0, policy=POLICY)
        end_all_sessions_for(s, _user_id(demo_db), now=T0)
    with session_scope(demo_db, write=True) as s:
        assert redeem_handoff(s, handoff.nonce, now=T0) is None
    with session_scope(demo_db) as s:
        assert isinstance(
            resume_session_by_id(s, handoff.session_id, now=T0, policy=POLICY), EndedSession
        )


def test_a_deactivated_account_cannot_resume(demo_db):
    token = _signed_in(demo_db)
    with session_scope(demo_db, write=True) as s:
        s.scalar(select(UserAccount).where(UserAccount.username == "board")).active = False
    ended = _resume(demo_db, token, T0 + timedelta(minutes=1))
    assert isinstance(ended, EndedSession) and "deactivated" in ended.reason


def test_a_role_change_shows_at_the_next_resume(demo_db):
    token = _signed_in(demo_db)
    with session_scope(demo_db, write=True) as s:
        s.scalar(select(UserAccount).where(UserAccount.username == "board")).role = "staff"
    assert _resume(demo_db, token, T0 + timedelta(minutes=1)).actor.role == "staff"


def test_rows_past_their_lifetime_are_removed_at_the_next_sign_in(demo_db):
    old = _signed_in(demo_db)
    _signed_in(demo_db, now=T0 + timedelta(days=15))
    with session_scope(demo_db) as s:
        hashes = set(s.scalars(select(UserSession.token_hash)))
    assert hash_secret(old) not in hashes and len(hashes) == 1


def test_the_policy_comes_from_the_deployment_settings(monkeypatch):
    from gfj_core.settings import get_settings

    monkeypatch.delenv("GFJ_SESSION_IDLE_HOURS", raising=False)
    monkeypatch.delenv("GFJ_SESSION_LIFETIME_DAYS", raising=False)
    get_settings.cache_clear()
    assert SessionPolicy.from_settings() == POLICY  # 12 hours, 14 days
    monkeypatch.setenv("GFJ_SESSION_IDLE_HOURS", "2")
    monkeypatch.setenv("GFJ_SESSION_LIFETIME_DAYS", "1")
    get_settings.cache_clear()
    try:
        assert SessionPolicy.from_settings() == SessionPolicy(
            idle_timeout=timedelta(hours=2), lifetime=timedelta(days=1)
        )
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_an_administrators_change_ends_every_cookie_session_with_its_reason(demo_db):
    """Deactivating, demoting or resetting a password ends the person's browser sessions too,
    not only the open tab: a refresh does not bring them back, and the form says why."""
    from gfj_core.models import UserAccount, UserSession
    from gfj_core.services.accounts import reset_password
    from gfj_core.services.web_sessions import resume_session_by_id, start_session
    from tests.conftest import demo_actor

    admin = demo_actor(demo_db, "admin")
    with session_scope(demo_db, write=True, actor=admin) as s:
        staff = s.scalar(select(UserAccount).where(UserAccount.username == "staff"))
        handoff = start_session(s, staff.id)
    with session_scope(demo_db, write=True, actor=admin) as s:
        reset_password(s, username="staff", actor=admin)
    with session_scope(demo_db) as s:
        ended = resume_session_by_id(s, handoff.session_id)
        row = s.get(UserSession, handoff.session_id)
    assert isinstance(ended, EndedSession) and "password was reset" in ended.reason
    assert row.ended_at is not None
