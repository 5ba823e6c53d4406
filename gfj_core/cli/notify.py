"""Reminder emails from the command line: `gfj notify [--dry-run] [--today DATE]`, for cron or a
systemd timer (see the README). Safe to run as often as you like: nothing is sent twice."""

from __future__ import annotations

from datetime import date

import typer

from gfj_core.cli.base import app, fail
from gfj_core.db import get_engine
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.notify import run_notifications


@app.command()
def notify(
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be sent; send nothing."),
    today: str = typer.Option(None, "--today", help="Compute as of this day (YYYY-MM-DD)."),
) -> None:
    """Send the reminder emails that are due and not yet sent. Exits 1 if any message failed
    (it is tried again at the next run)."""
    if today:
        try:
            day = date.fromisoformat(today)
        except ValueError:
            fail(f"--today: '{today}' is not a date written YYYY-MM-DD.")
    else:
        day = date.today()
    result = run_notifications(get_engine(), today=day, actor=SYSTEM, dry_run=dry_run)
    verb = "Would send" if dry_run else "Sent"
    for m in result.messages:
        line = f"{m.status:>10}  {m.kind:<13} {m.to_address:<36} {m.subject}"
        typer.echo(line + (f"  [{m.error}]" if m.error else ""))
    if dry_run:
        typer.echo(f"{verb} {len(result.messages)} message(s) for {day.isoformat()} (dry run).")
    else:
        typer.echo(
            f"{verb} {result.sent} message(s) for {day.isoformat()}; {result.failed} failed."
        )
    if result.problem:
        typer.echo(f"gfj: {result.problem}", err=True)
    if result.failed:
        raise typer.Exit(1)
