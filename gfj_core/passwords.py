"""Password hashing (argon2) and the one sign-out reason both kinds of account share: a module
of its own so that organisation accounts (services/auth) and supporter accounts
(gfj_core/supporters) both use it without importing each other."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verifying against a dummy hash when the user is unknown keeps the timing the same.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

REASON_DEACTIVATED = "Your account was deactivated: please sign in again."


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _safe_verify(hash_: str, password: str) -> bool:
    try:
        return _hasher.verify(hash_, password)
    except (VerificationError, InvalidHashError):
        return False
