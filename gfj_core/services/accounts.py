"""Sign-in accounts: a person's own password, and the admin's account management.

Every rule lives here so the People page and the CLI refuse the same things: the last active
admin is never deactivated or demoted, a person holds at most one active account, a temporary
password must be replaced at the next sign-in. Deactivating, changing the role or resetting the
password bumps the account's session_epoch, which ends that person's open sessions at their next
click (see services.auth.account_still_valid). Passwords reach the audit trail only as
"(redacted)".
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from gfj_core.access import ORG_ROLES, Role, require
from gfj_core.errors import NotFound, PermissionDenied, RefusedButCounted, ValidationFailed
from gfj_core.models import Person, UserAccount
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import Actor, UserCreate
from gfj_core.schemas.people import AccountCreate, AccountCreated, AccountRead
from gfj_core.services.auth import _safe_verify, actor_for, count_failed_password, hash_password
from gfj_core.services.web_sessions import (
    DEACTIVATED,
    PASSWORD_RESET,
    ROLE_CHANGED,
    end_all_sessions_for,
)

MIN_PASSWORD_LENGTH = 8
# No 0/O, 1/l/I: a temporary password is read off a screen and typed by someone else.
_TEMP_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """Twelve random characters in three groups (about 70 bits), easy to read out."""
    raw = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _read(user: UserAccount) -> AccountRead:
    return AccountRead(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        person_id=user.person_id,
        person_name=user.person.full_name,
        active=user.active,
        locked_until=user.locked_until,
        must_change_password=user.must_change_password,
        last_login_at=user.last_login_at,
        version=user.version,
    )


def _password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    return None


def _account(session: Session, account_id: int | None = None, username: str | None = None):
    if account_id is not None:
        user = session.get(UserAccount, account_id)
    else:
        user = session.scalar(
            select(UserAccount).where(
                func.lower(UserAccount.username) == (username or "").strip().lower()
            )
        )
    if user is None:
        raise NotFound(f"No account '{username or account_id}'.")
    return user


def _other_active_admins(session: Session, user: UserAccount) -> int:
    return session.scalar(
        select(func.count())
        .select_from(UserAccount)
        .where(
            UserAccount.role == Role.admin.value,
            UserAccount.active.is_(True),
            UserAccount.id != user.id,
        )
    )


def _refuse_if_last_admin(session: Session, user: UserAccount, what: str) -> None:
    if user.role == Role.admin.value and user.active and _other_active_admins(session, user) == 0:
        message = (
            f"'{user.username}' is the last active administrator and cannot be {what}: "
            "make another account an administrator first."
        )
        raise ValidationFailed(message, [("role", message)])


def _end_sessions(user: UserAccount, reason: str) -> None:
    """End the person's sessions at their next click: a tab open now notices the new epoch,
    and every browser's cookie session is ended with the reason (so a refresh, or a tab that
    was closed, does not come back signed in)."""
    user.session_epoch = (user.session_epoch or 0) + 1
    end_all_sessions_for(object_session(user), user.id, reason=reason)


def list_accounts(session: Session, *, actor) -> list[AccountRead]:
    require(actor, "users.manage")
    users = session.scalars(select(UserAccount).order_by(func.lower(UserAccount.username)))
    return [_read(u) for u in users]


def create_account(
    session: Session,
    *,
    username: str,
    role: Role | str,
    person_id: int | None = None,
    person_name: str | None = None,
    password: str | None = None,
    actor,
) -> AccountCreated:
    """An account for a known person. Without a password a temporary one is generated, shown
    once, and must be changed at the first sign-in; a password given works as it is."""
    require(actor, "users.manage")
    from pydantic import ValidationError

    try:
        data = AccountCreate(
            username=username,
            role=role,
            person_id=person_id,
            person_name=person_name,
            password=password,
        )
    except ValidationError as exc:
        problems = [
            (str(e["loc"][0]) if e["loc"] else "form", e["msg"].removeprefix("Value error, "))
            for e in exc.errors()
        ]
        raise ValidationFailed("; ".join(f"{f}: {m}" for f, m in problems), problems) from None
    problems: list[tuple[str, str]] = []
    if data.password is not None and (p := _password_problem(data.password)):
        problems.append(("password", p))
    taken = session.scalar(
        select(UserAccount.id).where(func.lower(UserAccount.username) == data.username.lower())
    )
    if taken is not None:
        problems.append(("username", f"'{data.username}' is taken."))
    if data.person_id is not None:
        person = session.get(Person, data.person_id)
    else:
        person = session.scalar(select(Person).where(Person.full_name == (data.person_name or "")))
    if person is None:
        problems.append(("person", f"no person named '{data.person_name or data.person_id}'."))
    else:
        if not person.active:
            problems.append(("person", f"{person.full_name} has left; no new account."))
        holder = session.scalar(
            select(UserAccount.username).where(
                UserAccount.person_id == person.id, UserAccount.active.is_(True)
            )
        )
        if holder is not None:
            problems.append(
                ("person", f"{person.full_name} already has an active account ('{holder}').")
            )
    if problems:
        raise ValidationFailed("; ".join(f"{f}: {m}" for f, m in problems), problems)
    temporary = data.password is None
    secret = temporary_password() if temporary else data.password
    user = UserAccount(
        username=data.username,
        password_hash=hash_password(secret),
        role=data.role.value,
        person_id=person.id,
        must_change_password=temporary,
    )
    user.person = person
    session.add(user)
    session.flush()
    return AccountCreated(account=_read(user), temporary_password=secret if temporary else None)


def reset_password(
    session: Session,
    *,
    account_id: int | None = None,
    username: str | None = None,
    password: str | None = None,
    actor,
) -> AccountCreated:
    """A new password: a temporary one (shown once, to be changed at sign-in) unless given.
    Ends the person's open sessions and clears any lockout."""
    require(actor, "users.manage")
    user = _account(session, account_id, username)
    if password is not None and (p := _password_problem(password)):
        raise ValidationFailed(f"password: {p}", [("password", p)])
    temporary = password is None
    secret = temporary_password() if temporary else password
    user.password_hash = hash_password(secret)
    user.must_change_password = temporary
    user.failed_logins = 0
    user.locked_until = None
    _end_sessions(user, PASSWORD_RESET)
    session.flush()
    return AccountCreated(account=_read(user), temporary_password=secret if temporary else None)


def unlock_account(
    session: Session, *, account_id: int | None = None, username: str | None = None, actor
) -> AccountRead:
    require(actor, "users.manage")
    user = _account(session, account_id, username)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()
    return _read(user)


def set_role(
    session: Session,
    *,
    role: Role | str,
    account_id: int | None = None,
    username: str | None = None,
    actor,
) -> AccountRead:
    require(actor, "users.manage")
    try:
        new_role = Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise ValidationFailed(
            f"role: '{role}' is not one of {known}.", [("role", f"one of {known}")]
        ) from None
    if new_role not in ORG_ROLES:
        raise ValidationFailed(
            "role: a supporter's account lives in the registry, not here.",
            [("role", "an organization role")],
        )
    user = _account(session, account_id, username)
    if user.role == new_role.value:
        return _read(user)
    if new_role != Role.admin:
        _refuse_if_last_admin(session, user, "given another role")
    user.role = new_role.value
    _end_sessions(user, ROLE_CHANGED)
    session.flush()
    return _read(user)


def deactivate_account(
    session: Session, *, account_id: int | None = None, username: str | None = None, actor
) -> AccountRead:
    require(actor, "users.manage")
    user = _account(session, account_id, username)
    if not user.active:
        return _read(user)
    _refuse_if_last_admin(session, user, "deactivated")
    user.active = False
    _end_sessions(user, DEACTIVATED)
    session.flush()
    return _read(user)


def activate_account(
    session: Session, *, account_id: int | None = None, username: str | None = None, actor
) -> AccountRead:
    require(actor, "users.manage")
    user = _account(session, account_id, username)
    if user.active:
        return _read(user)
    holder = session.scalar(
        select(UserAccount.username).where(
            UserAccount.person_id == user.person_id,
            UserAccount.active.is_(True),
            UserAccount.id != user.id,
        )
    )
    if holder is not None:
        raise ValidationFailed(
            f"{user.person.full_name} already has an active account ('{holder}'); "
            "deactivate it first.",
            [("person", "already has an active account")],
        )
    if not user.person.active:
        raise ValidationFailed(
            f"{user.person.full_name} has left; mark them as returned first.",
            [("person", "has left")],
        )
    user.active = True
    session.flush()
    return _read(user)


def deactivate_accounts_of_person(session: Session, person: Person) -> None:
    """When a person leaves, their account goes too (people.mark_left calls this)."""
    for user in session.scalars(
        select(UserAccount).where(UserAccount.person_id == person.id, UserAccount.active.is_(True))
    ):
        _refuse_if_last_admin(session, user, "deactivated")
        user.active = False
        _end_sessions(user, DEACTIVATED)


def change_own_password(
    session: Session,
    current: str,
    new: str,
    confirm: str,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> None:
    """Any role may change their own password, and only their own. A wrong current password
    counts toward the sign-in lockout (five in a row lock the account), so My account cannot be
    used to guess a password a sign-in form would have stopped."""
    if actor.user_id is None:
        raise PermissionDenied("Only a signed-in person can change a password.")
    now = now or utcnow()
    user = session.get(UserAccount, actor.user_id)
    if user is None or not user.active:
        raise PermissionDenied("This account is no longer active.")
    if user.locked_until and user.locked_until > now:
        raise ValidationFailed(
            "The password was not changed.",
            [
                (
                    "current",
                    f"Too many wrong passwords: try again after {user.locked_until:%H:%M} UTC.",
                )
            ],
        )
    problems = []
    counted = False
    if not user.password_hash or not _safe_verify(user.password_hash, current):
        count_failed_password(user, now)
        session.flush()
        counted = True
        problems.append(("current", "That is not your current password."))
    elif new == current:
        problems.append(("new", "Choose a password different from the current one."))
    if p := _password_problem(new):
        problems.append(("new", p))
    if new != confirm:
        problems.append(("confirm", "The two new passwords differ."))
    if problems:
        # A counted failure must survive the refusal: session_scope commits the counter.
        raise (RefusedButCounted if counted else ValidationFailed)(
            "The password was not changed.", problems
        )
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.failed_logins = 0
    session.flush()


def add_user(session: Session, data: UserCreate, *, actor) -> Actor:
    """Create an account with the password given (the CLI's `gfj user add --password`)."""
    require(actor, "users.manage")
    created = create_account(
        session,
        username=data.username,
        role=data.role,
        person_name=data.person_name,
        password=data.password,
        actor=actor,
    )
    user = session.get(UserAccount, created.account.id)
    return actor_for(user)
