"""A signed-in person's own account."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.models import UserAccount
from gfj_core.schemas.auth import Actor
from gfj_core.services.auth import _safe_verify, hash_password

MIN_PASSWORD_LENGTH = 8


def change_own_password(
    session: Session, current: str, new: str, confirm: str, *, actor: Actor
) -> None:
    """Any role may change their own password, and only their own."""
    if actor.user_id is None:
        raise PermissionDenied("Only a signed-in person can change a password.")
    user = session.get(UserAccount, actor.user_id)
    problems = []
    if user is None or not user.password_hash or not _safe_verify(user.password_hash, current):
        problems.append(("current", "That is not your current password."))
    if len(new) < MIN_PASSWORD_LENGTH:
        problems.append(("new", f"Use at least {MIN_PASSWORD_LENGTH} characters."))
    if new != confirm:
        problems.append(("confirm", "The two new passwords differ."))
    if problems:
        raise ValidationFailed("The password was not changed.", problems)
    user.password_hash = hash_password(new)
    session.flush()
