"""Leadership pipeline commands: `gfj import sessions FILE`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from gfj_core.cli import fail, import_app
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.imports.sessions import import_sessions_file
from gfj_core.schemas.auth import SYSTEM

MAX_LISTED = 5


@import_app.command("sessions")
def import_sessions(
    file: Path = typer.Argument(..., help="CSV of mentoring sessions (columns in the README)."),
) -> None:
    """Import mentoring sessions from a CSV file: every row, or none if any row is wrong."""
    try:
        with session_scope(write=True, actor=SYSTEM) as s:
            summary = import_sessions_file(s, file, today=date.today(), actor=SYSTEM)
    except ValidationFailed as exc:
        listed = "; ".join(f"{where}: {msg}" for where, msg in exc.problems[:MAX_LISTED])
        more = len(exc.problems) - MAX_LISTED
        message = (
            f"{file.name}: {exc}"
            + (f" {listed}" if listed else "")
            + (f"; and {more} more." if more > 0 else "")
        )
        fail(" ".join(message.split()))  # one line, even if a quoted value held a line break
    typer.echo(
        f"Imported {summary.sessions} session{'s' if summary.sessions != 1 else ''} "
        f"({summary.action_items} action items) for {summary.leaders} leader"
        f"{'s' if summary.leaders != 1 else ''} from {file.name}."
    )
