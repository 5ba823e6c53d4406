"""Database set-up, demo, users and settings."""

from __future__ import annotations

import json

import typer

from gfj_core.cli.base import app, config_app, fail
from gfj_core.db import current_url, get_engine, session_scope, upgrade_database
from gfj_core.demo import database_is_empty, demo_logins, load_demo
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.org_settings import load_org_settings, set_org_setting
from gfj_core.services.portfolio import refresh_vital_figures
from gfj_core.services.setup import issue_setup_code, setup_needed
from gfj_core.tenancy import DEFAULT_SLUG
from gfj_core.tenancy.context import current_slug, using_database


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database or upgrade it to the latest schema. Keeps every row. With several
    organizations, every one of them (archived ones too), unless --org names one."""
    from gfj_core.tenancy import database_url_for, upgrade_every_organisation

    if (ctx.obj or {}).get("org"):
        upgrade_database()
        _database_ready()
        return
    orgs = upgrade_every_organisation()
    for org in orgs:
        with using_database(org.slug, database_url_for(org)):
            if len(orgs) == 1:
                _database_ready()
            elif org.archived:
                typer.echo(f"{org.name} (archived): database ready: {_safe_url()}")
            else:
                _database_ready(org.name, org.slug)


def _database_ready(name: str | None = None, slug: str | None = None) -> None:
    typer.echo(
        f"{name}: database ready: {_safe_url()}" if name else f"Database ready: {_safe_url()}"
    )
    with session_scope(write=True) as s:
        code = issue_setup_code(s) if setup_needed(s) else None
        # A supporter's figures as they stand now, after an upgrade that may have added their
        # table or changed how they are computed (nothing when the organisation shares nothing).
        refresh_vital_figures(s)
    if code:
        _print_setup_code(code, slug)


def _print_setup_code(code: str, slug: str | None = None) -> None:
    typer.echo(f"Setup code: {code}")
    where = f"open /?org={slug}" if slug else "open it"
    again = f"gfj --org {slug} setup-code" if slug else "gfj setup-code"
    typer.echo(
        f"No account exists yet: start the app, {where}, and enter this code on the "
        "'Set up your organization' screen. It works once, for 24 hours "
        f"(`{again}` prints a new one)."
    )


@app.command("setup-code")
def setup_code() -> None:
    """Print a new one-time code for the first-run setup screen (the old one stops working)."""
    upgrade_database()
    with session_scope(write=True) as s:
        code = issue_setup_code(s)
    slug = current_slug()
    _print_setup_code(code, slug if slug and slug != DEFAULT_SLUG else None)


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(current_url()).render_as_string(hide_password=True)


@app.command()
def demo(
    force: bool = typer.Option(False, "--force", help="Erase everything and load the demo."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Load only into an empty database."),
) -> None:
    """Load the demo organization (fictional people and figures, real organization facts)."""
    engine = get_engine()
    upgrade_database()
    with session_scope(engine) as s:
        empty = database_is_empty(s)
    if not empty:
        if if_empty:
            typer.echo("Database already holds data; demo not loaded.")
            return
        if not force:
            fail("the database already holds data; use --force to erase it and load the demo.")
        _erase(engine)
    load_demo(engine)
    typer.echo("Demo organization loaded.")


def _erase(engine) -> None:
    """Drop every table by migrating down to nothing, then back up: the only way to clear the
    append-only audit log, on purpose."""
    from alembic import command

    from gfj_core.db import alembic_config

    command.downgrade(alembic_config(str(engine.url.render_as_string(hide_password=False))), "base")
    upgrade_database(engine.url.render_as_string(hide_password=False))


@app.command("demo-logins")
def demo_logins_cmd() -> None:
    """Print the demo sign-ins, when the demo organization is loaded."""
    with session_scope() as s:
        if not load_org_settings(s).demo_loaded:
            typer.echo("No demo organization loaded.")
            return
        logins = demo_logins(s)
    typer.echo("Demo sign-ins (username / password):")
    for username, password, role in logins:
        typer.echo(f"  {role:<10} {username} / {password}")


@config_app.command("show")
def config_show() -> None:
    """Print every organization setting as JSON."""
    with session_scope() as s:
        settings = load_org_settings(s)
    typer.echo(json.dumps(settings.model_dump(mode="json"), indent=2, sort_keys=True))


@config_app.command("set")
def config_set(key: str, value: str) -> None:
    """Change one setting, e.g. `gfj config set thresholds.months_of_cash.red 1.5`."""
    with session_scope(write=True, actor=SYSTEM) as s:
        set_org_setting(s, key, value, actor=SYSTEM)
    typer.echo(f"{key} = {value}")
