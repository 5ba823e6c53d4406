"""Signed in stays signed in: server-side sessions behind an HttpOnly cookie (issue 14, item 3).

The life of a session:
1. `start_session` after a successful sign-in: a pending row with a single-use handoff nonce
   (valid for HANDOFF_TTL) and no token yet. The Streamlit script sends the browser to
   /auth/session?nonce=... (web/auth_routes.py).
2. `redeem_handoff` in that route: the nonce is spent and a fresh random token issued; the route
   puts it in the cookie. Only sha256 hashes of the nonce and the token are stored: both are 256
   random bits, so a fast hash is enough (argon2 is for low-entropy passwords).
3. `resume_session` on every rerun: one lookup by the token's hash (a unique index), refusing a
   session that ended, sat idle longer than the idle timeout, or passed its absolute lifetime,
   or whose account was deactivated. It returns the actor built from the account as it is now.
   It never writes: the rerun path stays a plain read transaction, and `touch_session` (an
   IMMEDIATE write) runs only when `touch_due`, at most once a minute per session.
4. `end_session` (sign out), `end_all_sessions_for` (sign out everywhere; also for an admin
   deactivating an account), `end_own_sessions` (the My account button).

Every function takes `now` so tests drive the clock; times are naive UTC like the rest of the
schema.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, joinedload

from gfj_core.errors import PermissionDenied
from gfj_core.models import UserAccount, UserSession
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import Actor
from gfj_core.services.auth import (
    REASON_DEACTIVATED,
    REASON_PASSWORD_RESET,
    REASON_ROLE_CHANGED,
    actor_for,
)
from gfj_core.settings import get_settings

COOKIE_NAME = "gfj_session"
HANDOFF_TTL = timedelta(minutes=2)
# last_seen_at is written at most this often, so a rerun is not a write.
TOUCH_EVERY = timedelta(minutes=1)

SIGNED_OUT = "signed out"
SIGNED_OUT_EVERYWHERE = "signed out everywhere"
# Ended by an administrator's change to the account (gfj_core.services.accounts).
DEACTIVATED = "deactivated"
ROLE_CHANGED = "role changed"
PASSWORD_RESET = "password reset"
ACCOUNT_REASONS = {
    DEACTIVATED: REASON_DEACTIVATED,
    ROLE_CHANGED: REASON_ROLE_CHANGED,
    PASSWORD_RESET: REASON_PASSWORD_RESET,
}


@dataclass(frozen=True)
class SessionPolicy:
    idle_timeout: timedelta
    lifetime: timedelta

    @classmethod
    def from_settings(cls) -> SessionPolicy:
        settings = get_settings()
        return cls(
            idle_timeout=timedelta(hours=settings.session_idle_hours),
            lifetime=timedelta(days=settings.session_lifetime_days),
        )


class SessionHandoff(BaseModel):
    """What the sign-in form hands the browser: a nonce for /auth/session, never the token."""

    session_id: int
    nonce: str
    nonce_expires_at: datetime


class IssuedToken(BaseModel):
    """The cookie's value and when the cookie should expire (the session's absolute end)."""

    token: str
    expires_at: datetime


class ResumedSession(BaseModel):
    session_id: int
    actor: Actor
    # last_seen_at is over a minute old: the caller should call touch_session in a write scope.
    touch_due: bool


class EndedSession(BaseModel):
    """A session that can no longer be resumed, and a one-line reason to show the person."""

    reason: str


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def start_session(
    session: Session,
    user_id: int,
    *,
    now: datetime | None = None,
    policy: SessionPolicy | None = None,
) -> SessionHandoff:
    """A pending session for a person who has just signed in. The caller commits."""
    now = now or utcnow()
    policy = policy or SessionPolicy.from_settings()
    # Rows past their absolute end are of no further use: each row lives one lifetime at most.
    session.execute(
        delete(UserSession).where(UserSession.user_id == user_id, UserSession.expires_at <= now)
    )
    nonce = secrets.token_urlsafe(32)
    row = UserSession(
        user_id=user_id,
        handoff_hash=hash_secret(nonce),
        handoff_expires_at=now + HANDOFF_TTL,
        created_at=now,
        last_seen_at=now,
        expires_at=now + policy.lifetime,
    )
    session.add(row)
    session.flush()
    return SessionHandoff(session_id=row.id, nonce=nonce, nonce_expires_at=now + HANDOFF_TTL)


def redeem_handoff(
    session: Session, nonce: str, *, now: datetime | None = None
) -> IssuedToken | None:
    """Spend a handoff nonce (once, before it expires) for the session's token; None if the
    nonce is unknown, spent, expired, or its session has ended."""
    now = now or utcnow()
    if not nonce:
        return None
    row = session.scalar(select(UserSession).where(UserSession.handoff_hash == hash_secret(nonce)))
    if row is None:
        return None
    # Spent whatever happens next: a nonce never works twice.
    row.handoff_hash = None
    usable = (
        row.handoff_expires_at is not None
        and now < row.handoff_expires_at
        and row.ended_at is None
        and row.token_hash is None
        and now < row.expires_at
    )
    row.handoff_expires_at = None
    if not usable:
        session.flush()
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash = hash_secret(token)
    row.last_seen_at = now
    session.flush()
    return IssuedToken(token=token, expires_at=row.expires_at)


def resume_session(
    session: Session,
    token: str | None,
    *,
    now: datetime | None = None,
    policy: SessionPolicy | None = None,
) -> ResumedSession | EndedSession | None:
    """The session a cookie's token points at. Read-only (see the module docstring).

    None when the token is unknown (or missing); EndedSession when it was a real session that
    can no longer be used, with the reason."""
    if not token:
        return None
    row = session.scalar(
        select(UserSession)
        .options(joinedload(UserSession.user).joinedload(UserAccount.person))
        .where(UserSession.token_hash == hash_secret(token))
    )
    if row is None:
        return None
    return _check(row, now or utcnow(), policy or SessionPolicy.from_settings())


def resume_session_by_id(
    session: Session,
    session_id: int,
    *,
    now: datetime | None = None,
    policy: SessionPolicy | None = None,
) -> ResumedSession | EndedSession | None:
    """The same check for the browser tab that signed in, before the cookie reaches it: the
    id comes from server-side session state, never from the client."""
    row = session.scalar(
        select(UserSession)
        .options(joinedload(UserSession.user).joinedload(UserAccount.person))
        .where(UserSession.id == session_id)
    )
    if row is None:
        return None
    return _check(row, now or utcnow(), policy or SessionPolicy.from_settings())


def _check(row: UserSession, now: datetime, policy: SessionPolicy) -> ResumedSession | EndedSession:
    if row.ended_at is not None:
        if row.end_reason == SIGNED_OUT_EVERYWHERE:
            return EndedSession(reason="You were signed out everywhere. Please sign in again.")
        if row.end_reason in ACCOUNT_REASONS:
            return EndedSession(reason=ACCOUNT_REASONS[row.end_reason])
        return EndedSession(reason="You were signed out. Please sign in again.")
    if now >= row.expires_at:
        days = round(policy.lifetime / timedelta(days=1))
        return EndedSession(reason=f"Sign-ins last {days} days at most. Please sign in again.")
    if now - row.last_seen_at >= policy.idle_timeout:
        hours = round(policy.idle_timeout / timedelta(hours=1))
        return EndedSession(
            reason=f"You were signed out after {hours} hours without activity. "
            "Please sign in again."
        )
    if not row.user.active:
        return EndedSession(reason=REASON_DEACTIVATED)
    return ResumedSession(
        session_id=row.id,
        actor=actor_for(row.user),
        touch_due=now - row.last_seen_at >= TOUCH_EVERY,
    )


def touch_session(session: Session, session_id: int, *, now: datetime | None = None) -> None:
    """Record activity (resume_session said touch_due). One UPDATE, no read."""
    now = now or utcnow()
    session.execute(
        update(UserSession)
        .where(
            UserSession.id == session_id,
            UserSession.ended_at.is_(None),
            UserSession.last_seen_at < now,
        )
        .values(last_seen_at=now)
    )


def end_session(
    session: Session,
    *,
    token: str | None = None,
    session_id: int | None = None,
    now: datetime | None = None,
) -> bool:
    """Sign out: end the session named by its cookie token or its id. False if none was open."""
    now = now or utcnow()
    conditions = []
    if token:
        conditions.append(UserSession.token_hash == hash_secret(token))
    if session_id is not None:
        conditions.append(UserSession.id == session_id)
    ended = False
    for condition in conditions:
        result = session.execute(
            update(UserSession)
            .where(condition, UserSession.ended_at.is_(None))
            .values(ended_at=now, end_reason=SIGNED_OUT, handoff_hash=None)
        )
        ended = ended or result.rowcount > 0
    return ended


def end_all_sessions_for(
    session: Session,
    user_id: int,
    *,
    now: datetime | None = None,
    reason: str = SIGNED_OUT_EVERYWHERE,
) -> int:
    """End every open session of one account (each browser sees the sign-in form at its next
    click); how many were open. Also for whoever deactivates an account or resets a password."""
    now = now or utcnow()
    result = session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason, handoff_hash=None)
    )
    return result.rowcount


def end_own_sessions(session: Session, *, actor: Actor, now: datetime | None = None) -> int:
    """ "Sign out everywhere" on My account: only the actor's own sessions, this one included."""
    if actor.user_id is None:
        raise PermissionDenied("Only a signed-in person can sign out everywhere.")
    return end_all_sessions_for(session, actor.user_id, now=now)
