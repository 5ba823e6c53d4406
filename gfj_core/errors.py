"""Errors a user can cause. Pages and the CLI turn these into messages, never tracebacks."""

from __future__ import annotations


class GfjError(Exception):
    """Base for errors whose message is safe and useful to show to the user."""


class NotFound(GfjError):
    pass


class PermissionDenied(GfjError):
    pass


class ValidationFailed(GfjError):
    """Input was refused. `problems` lists (location, message) pairs, e.g. ("row 4, column cash", "...")."""

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class RefusedButCounted(ValidationFailed):
    """Refused, but the refusal itself must be kept: a wrong current password counts toward the
    lockout. session_scope commits what the service flushed (only the counter) before raising."""


class UnusualFigures(ValidationFailed):
    """Every row is valid, but some figures look unusual; the import waits for a confirmation.
    `problems` lists them by row and column, as for a refusal."""


class StaleEdit(GfjError):
    """Someone else saved this record after the user loaded it; `changes` says what they changed."""

    def __init__(self, message: str, changes: dict[str, tuple[object, object]] | None = None):
        super().__init__(message)
        self.changes = changes or {}


class LoginFailed(GfjError):
    pass
