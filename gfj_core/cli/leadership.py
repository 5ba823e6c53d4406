"""Leadership pipeline commands: `gfj import sessions|leaders|mentorships|goals FILE`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from gfj_core.cli.base import fail, import_app
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.imports.common import one_line
from gfj_core.imports.sessions import import_sessions_file
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.pipeline_import import run_pipeline_import

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


PIPELINE_FILE_HELP = "A .csv file, or an .xlsx whose first sheet has the same columns (README)."


def _import_pipeline(kind: str, file: Path) -> None:
    """Check every row, then write all or none; problems listed by row and column."""
    if not file.is_file():
        fail(f"{file}: no such file.")
    try:
        with session_scope(write=True, actor=SYSTEM) as s:
            summary = run_pipeline_import(
                s, kind=kind, filename=file.name, content=file.read_bytes(), actor=SYSTEM
            )
    except ValidationFailed as exc:
        fail(" ".join(one_line(exc).split()))  # one line, even if a cell held a line break
    typer.echo(summary.message)


@import_app.command("leaders")
def import_leaders(file: Path = typer.Argument(..., help=PIPELINE_FILE_HELP)) -> None:
    """Import emerging leaders; a leader already on file is updated, a new name is added."""
    _import_pipeline("leaders", file)


@import_app.command("mentorships")
def import_mentorships(file: Path = typer.Argument(..., help=PIPELINE_FILE_HELP)) -> None:
    """Import mentorships (leader, mentor with a mentor account, start, optional end)."""
    _import_pipeline("mentorships", file)


@import_app.command("goals")
def import_goals(file: Path = typer.Argument(..., help=PIPELINE_FILE_HELP)) -> None:
    """Import development goals; a leader's goal with the same title is updated."""
    _import_pipeline("goals", file)
