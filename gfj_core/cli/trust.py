"""Backups and restores: `gfj backup [PATH] [--prune]`, `gfj restore PATH`; `gfj doctor`."""

from __future__ import annotations

from pathlib import Path

import typer

from gfj_core.cli.base import UserError, app, fail
from gfj_core.db import get_engine, session_scope
from gfj_core.errors import GfjError
from gfj_core.metrics.backups import KEEP_DAILY, KEEP_MONTHLY
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.backup import inspect_backup, note_backup, restore_backup, take_backup
from gfj_core.services.backup_runs import run_backup
from gfj_core.settings import get_settings


def _counts_line(counts: dict[str, int], top: int = 6) -> str:
    """The biggest tables first, so the line says what matters: 'person 42, milestone 18, ...'."""
    busiest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return ", ".join(f"{name} {n:,}" for name, n in busiest)


def backup_folder() -> Path:
    """GFJ_BACKUP_DIR for the default organisation (as before there were several); a folder of
    its own inside it for each other one, so pruning one never counts another's copies."""
    from gfj_core.tenancy import DEFAULT_SLUG
    from gfj_core.tenancy.context import current_slug

    slug = current_slug()
    folder = get_settings().backup_dir
    if slug and slug != DEFAULT_SLUG:
        folder = folder / slug
        if folder.parent.is_dir():
            folder.mkdir(exist_ok=True)
    return folder


@app.command()
def backup(
    ctx: typer.Context,
    path: Path | None = typer.Argument(
        None,
        help="A new file to write, or a folder for a dated copy "
        "(default: GFJ_BACKUP_DIR, a dated copy; another organization's in its own folder "
        "there, GFJ_BACKUP_DIR/SLUG).",
    ),
    prune: bool = typer.Option(
        False,
        "--prune",
        help=f"After a good copy, keep only the last {KEEP_DAILY} daily and {KEEP_MONTHLY} "
        "monthly dated copies in the folder.",
    ),
) -> None:
    """Copy the database while the app keeps running, then verify the copy.

    Into a folder (the nightly timer: `gfj backup --prune`) the copy gets a dated name, the run
    is recorded for the Backups page's light, and on PostgreSQL pg_dump makes the copy.
    Without --org and with several organizations (the nightly timer), each active one in turn,
    into its own folder."""
    from sqlalchemy.exc import SQLAlchemyError

    from gfj_core.tenancy import choose_organisation, database_url_for, list_organisations
    from gfj_core.tenancy.context import using_database

    if (ctx.obj or {}).get("org") is None:
        try:
            orgs = list_organisations()
        except SQLAlchemyError:
            orgs = []  # no registry to read (an unreachable database): the configured one alone
        if len(orgs) > 1:
            if path is not None:
                choose_organisation(None)  # several: says to choose one with --org
            failed = []
            for org in orgs:  # one failure does not stop the others' backups
                with using_database(org.slug, database_url_for(org)):
                    typer.echo(f"{org.name}:")
                    try:
                        _backup_this_organisation(None, prune)
                    except (GfjError, UserError) as exc:
                        typer.echo(f"Backup failed: {exc}", err=True)
                        failed.append(org.slug)
            if failed:
                fail(f"the backup failed for {', '.join(failed)}.")
            return
    _backup_this_organisation(path, prune)


def _backup_this_organisation(path: Path | None, prune: bool) -> None:
    engine = get_engine()
    folder = backup_folder() if path is None else path
    if Path(folder).is_dir():
        run = run_backup(engine, Path(folder), actor=SYSTEM, prune=prune)
        size = (run.size_bytes or 0) / 1_000_000
        typer.echo(f"Backup written: {run.file} ({size:.1f} MB, {run.method}).")
        if prune:
            typer.echo(f"Pruned {run.pruned} older cop{'y' if run.pruned == 1 else 'ies'}.")
        return
    if prune:
        fail("--prune needs a folder (or none, for GFJ_BACKUP_DIR), not a file name.")
    if path is None:
        fail(f"the backups folder {folder} does not exist; create it or set GFJ_BACKUP_DIR.")
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


@app.command()
def doctor() -> None:
    """Check this installation: database and schema, secrets, XSRF, HTTPS, backups, disk,
    email, demo data. One line per check; exits 1 when any check fails."""
    from gfj_core.db import current_url
    from gfj_core.doctor import DoctorInputs, Status, run_checks

    # The organisation --org chose (or the only one): its database, schema and backups.
    settings = get_settings().model_copy(
        update={"database_url": current_url(), "backup_dir": backup_folder()}
    )
    checks = run_checks(DoctorInputs(settings=settings))
    for check in checks:
        typer.echo(check.line())
    failed = [c.name for c in checks if c.status == Status.fail]
    warned = [c.name for c in checks if c.status == Status.warn]
    typer.echo(
        f"{len(checks)} checks: {len(failed)} failed, {len(warned)} warnings."
        + (f" Fix first: {', '.join(failed)}." if failed else "")
    )
    if failed:
        raise typer.Exit(1)
