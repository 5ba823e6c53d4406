"""Sign-in with local accounts (argon2 hashes), lockout, and mapping OIDC emails to people."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import Role, require
from gfj_core.errors import GfjError, LoginFailed, NotFound, ValidationFailed
from gfj_core.models import Person, UserAccount
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import Actor, UserCreate

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()
# Verifying against a dummy hash when the user is unknown keeps the timing the same.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def actor_for(user: UserAccount) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        person_id=user.person_id,
        display_name=user.person.full_name,
    )


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
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        session.flush()
        raise LoginFailed("Wrong username or password.")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    return actor_for(user)


def _safe_verify(hash_: str, password: str) -> bool:
    try:
        return _hasher.verify(hash_, password)
    except (VerificationError, InvalidHashError):
        return False


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


def add_user(session: Session, data: UserCreate, *, actor) -> Actor:
    require(actor, "users.manage")
    if len(data.password) < 8:
        raise ValidationFailed("password: use at least 8 characters.")
    if (
        not data.username.strip()
        or not data.username.replace("-", "").replace("_", "").replace(".", "").isalnum()
    ):
        raise ValidationFailed("username: letters, digits, '.', '-' and '_' only.")
    taken = session.scalar(
        select(UserAccount.id).where(func.lower(UserAccount.username) == data.username.lower())
    )
    if taken is not None:
        raise ValidationFailed(f"username: '{data.username}' is taken.")
    person = session.scalar(select(Person).where(Person.full_name == data.person_name))
    if person is None:
        raise ValidationFailed(f"person: no person named '{data.person_name}'.")
    user = UserAccount(
        username=data.username.strip(),
        password_hash=hash_password(data.password),
        role=data.role.value,
        person_id=person.id,
    )
    user.person = person
    session.add(user)
    session.flush()
    return actor_for(user)
