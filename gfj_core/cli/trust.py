"""Backups and restores: `gfj backup PATH`, `gfj restore PATH`."""

from __future__ import annotations

from pathlib import Path

import typer

from gfj_core.cli import app
from gfj_core.db import get_engine, session_scope
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.backup import inspect_backup, note_backup, restore_backup, take_backup


def _counts_line(counts: dict[str, int], top: int = 6) -> str:
    """The biggest tables first, so the line says what matters: 'person 42, milestone 18, ...'."""
    busiest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return ", ".join(f"{name} {n:,}" for name, n in busiest)


@app.command()
def backup(
    path: Path = typer.Argument(..., help="The file to write; it must not exist yet."),
) -> None:
    """Copy the database to PATH while the app keeps running, then verify the copy."""
    engine = get_engine()
    report = take_backup(engine, path, actor=SYSTEM)
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        note_backup(s, report=report, actor=SYSTEM)
    typer.echo(
        f"Backup written: {report.path} ({report.size_bytes / 1_000_000:.1f} MB, "
        f"{report.total_rows:,} rows in {len(report.row_counts)} tables; "
        f"integrity {report.integrity})."
    )
    typer.echo(f"Largest tables: {_counts_line(report.row_counts)}.")


@app.command()
def restore(
    path: Path = typer.Argument(..., help="A file written by `gfj backup`."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Replace the whole database with a backup (the current one is kept beside it)."""
    engine = get_engine()
    found = inspect_backup(path)
    if not yes:
        typer.echo(
            f"This replaces EVERY record in {engine.url.render_as_string(hide_password=True)} "
            f"with the backup {found.path} ({found.total_rows:,} rows; "
            f"{_counts_line(found.row_counts)}).\n"
            "Changes made since that backup will be gone from the app (the current database is "
            "kept as a copy next to it). Ask people to stop editing first."
        )
        typer.confirm("Restore this backup?", abort=True)
    report = restore_backup(engine, path, actor=SYSTEM)
    typer.echo(
        f"Restored from {report.restored_from}. "
        f"The database as it was before is kept at {report.previous_copy}."
    )
