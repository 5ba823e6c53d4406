"""Sign-in with local accounts (argon2 hashes), lockout, and mapping OIDC emails to people."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import Role
from gfj_core.errors import GfjError, LoginFailed, NotFound
from gfj_core.models import Person, UserAccount
from gfj_core.models.base import utcnow
from gfj_core.passwords import (  # noqa: F401  (callers read them here)
    _DUMMY_HASH,
    REASON_DEACTIVATED,
    _hasher,
    _safe_verify,
    hash_password,
)
from gfj_core.schemas.auth import Actor

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


def actor_for(user: UserAccount) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        person_id=user.person_id,
        display_name=user.person.full_name,
        session_epoch=user.session_epoch,
        must_change_password=user.must_change_password,
    )


# Why a signed-in session was ended, shown once on the sign-in form.
REASON_ROLE_CHANGED = "Your role changed: please sign in again."
REASON_PASSWORD_RESET = "Your password was reset: please sign in again."


def account_still_valid(session: Session, actor: Actor) -> str | None:
    """None while the actor's account is still active with the same role and session epoch;
    otherwise the one-line reason to sign them out. One primary-key lookup: cheap per rerun.
    Actors that did not come from a sign-in (session_epoch None: the CLI's SYSTEM) pass. A
    supporter's account (issue 20) is in the registry, and checked there."""
    if actor.supporter is not None:
        from gfj_core.supporters import supporter_still_valid

        return supporter_still_valid(actor)
    if actor.user_id is None or actor.session_epoch is None:
        return None
    row = session.execute(
        select(UserAccount.active, UserAccount.role, UserAccount.session_epoch).where(
            UserAccount.id == actor.user_id
        )
    ).first()
    if row is None or not row.active:
        return REASON_DEACTIVATED
    if row.role != actor.role.value:
        return REASON_ROLE_CHANGED
    if row.session_epoch != actor.session_epoch:
        return REASON_PASSWORD_RESET
    return None


def count_failed_password(user: UserAccount, now: datetime) -> None:
    """One wrong password, at sign-in or on My account: five in a row lock the account."""
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.locked_until = now + LOCKOUT
        user.failed_logins = 0


class LoginOutcome(BaseModel):
    """Either an actor or a message safe to show. Not an exception: a failed attempt must still
    be committed, or the lockout counter would roll back with it."""

    actor: Actor | None = None
    error: str | None = None

    def actor_or_raise(self) -> Actor:
        if self.actor is None:
            raise LoginFailed(self.error or "Sign-in failed.")
        return self.actor


def authenticate(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> LoginOutcome:
    """Check credentials, counting failures. The caller commits, whatever the outcome."""
    try:
        return LoginOutcome(actor=_check_credentials(session, username, password, now or utcnow()))
    except LoginFailed as exc:
        return LoginOutcome(error=str(exc))


def _check_credentials(session: Session, username: str, password: str, now: datetime) -> Actor:
    user = session.scalar(
        select(UserAccount).where(func.lower(UserAccount.username) == username.strip().lower())
    )
    if user is None or not user.active:
        _safe_verify(_DUMMY_HASH, password)
        raise LoginFailed("Wrong username or password.")
    if user.locked_until and user.locked_until > now:
        raise LoginFailed(
            f"This account is locked after {MAX_FAILED_LOGINS} failed sign-ins. "
            f"Try again after {user.locked_until:%H:%M} UTC."
        )
    if not user.password_hash or not _safe_verify(user.password_hash, password):
        count_failed_password(user, now)
        session.flush()
        raise LoginFailed("Wrong username or password.")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    return actor_for(user)


def actor_for_email(session: Session, email: str) -> Actor:
    """For single sign-on: the account of the person with this email, or NotFound."""
    user = session.scalar(
        select(UserAccount)
        .join(Person, Person.id == UserAccount.person_id)
        .where(func.lower(Person.email) == email.strip().lower(), UserAccount.active.is_(True))
        .order_by(UserAccount.id)
    )
    if user is None:
        raise NotFound(f"No account here belongs to {email}.")
    return actor_for(user)


class UnverifiedEmail(GfjError):
    """The identity provider says it has not verified the email it sent."""


def _verified(value) -> bool:
    # Providers send a JSON boolean; a few send the string "true".
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def actor_for_sso(session: Session, claims: Mapping) -> Actor:
    """For single sign-on: the account for the identity the provider vouched for.

    An email maps to an account only if the provider verified it: where the provider reports
    `email_verified` (Google, Auth0, Keycloak, Okta do), anything but true is refused, since an
    unverified address could be anyone's. A provider that does not send the claim at all
    (Microsoft Entra ID, for one, vouches for its own tenant's addresses) is taken at its word."""
    email = str(claims.get("email") or "").strip()
    if not email:
        raise UnverifiedEmail("Your sign-in provider did not send an email address.")
    if "email_verified" in claims and not _verified(claims.get("email_verified")):
        raise UnverifiedEmail(
            f"Your sign-in provider has not verified {email}; verify it there, then sign in again."
        )
    return actor_for_email(session, email)
