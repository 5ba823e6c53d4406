"""Saving an edited table: every row applied, then all of it or none of it.

Each editable table of the app (milestones, phases, checklist, emergency plan, knowledge
register, relationship ledger) has a service that checks the permission and then hands its
rows to `save_rows` with the one-row update it already uses for single edits. The problems of
every row are collected before anything is refused, so the page can show them all at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from gfj_core.errors import ValidationFailed

Edit = TypeVar("Edit")
Problems = list[tuple[str, str]]


def save_rows(
    session: Session,
    edits: Iterable[Edit],
    apply: Callable[[Edit], tuple[Any, Problems]],
    *,
    name: Callable[[Any], str],
) -> int:
    """Apply each row's edit with `apply` (which returns the changed row and its problems by
    field); refuse the whole table, naming each row, if any row has a problem. The caller's
    transaction then rolls back, so a refused table leaves the database as it was."""
    problems: Problems = []
    count = 0
    for edit in edits:
        row, row_problems = apply(edit)
        problems.extend((f"“{name(row)}”: {field}", msg) for field, msg in row_problems)
        count += 1
    if problems:
        raise ValidationFailed(
            f"No changes were saved: {problems[0][0]}: {problems[0][1]}", problems
        )
    session.flush()
    return count
