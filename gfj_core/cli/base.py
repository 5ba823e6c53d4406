"""The Typer apps every command module registers on, and the one-line failure of a user error.
A module of its own so that the command modules never import their package back."""

from __future__ import annotations

import sys

import typer
from typer._click.exceptions import ClickException  # Typer vendors its own click

from gfj_core.errors import GfjError

app = typer.Typer(
    help="Transition oversight for The Gathering for Justice.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Organization settings.", no_args_is_help=True)
user_app = typer.Typer(help="Sign-in accounts.", no_args_is_help=True)
person_app = typer.Typer(help="The people directory.", no_args_is_help=True)
import_app = typer.Typer(help="Import data files (all rows or none).", no_args_is_help=True)
export_app = typer.Typer(help="Export reports.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(user_app, name="user")
app.add_typer(person_app, name="person")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


org_app = typer.Typer(help="Organizations (each one's data kept apart).", no_args_is_help=True)
app.add_typer(org_app, name="org")

supporter_app = typer.Typer(
    help="Supporters (a fellowship, a funder's program) and their staff's accounts.",
    no_args_is_help=True,
)
app.add_typer(supporter_app, name="supporter")

# Commands that work on every organisation (or on the registry) when --org is not given.
EVERY_ORGANISATION = {"org", "init", "backup", "supporter", "demo-portfolio"}


@app.callback()
def _choose_organisation(
    ctx: typer.Context,
    org: str | None = typer.Option(
        None,
        "--org",
        metavar="NAME",
        help="The organization to work on (its slug or name; `gfj org list`). Not needed while "
        "there is only one.",
    ),
) -> None:
    """Every command works on one organization's data: the one --org names, or the only one.
    Dates the commands print follow that organization's date style (gfj_core.formatting).
    Before `gfj init` there is no settings table to read: the default (US) style then."""
    from sqlalchemy.exc import SQLAlchemyError

    from gfj_core.db import get_engine, session_scope
    from gfj_core.formatting import set_date_style
    from gfj_core.services.org_settings import load_org_settings
    from gfj_core.tenancy import choose_organisation, database_url_for
    from gfj_core.tenancy.context import set_current

    ctx.obj = {"org": org}
    if ctx.invoked_subcommand in EVERY_ORGANISATION and not org:
        return
    try:
        chosen = choose_organisation(org)
    except SQLAlchemyError:
        if org:
            raise
        return  # the registry cannot be read: the configured database, as before
    set_current(chosen.slug, database_url_for(chosen))
    # In process (tests, a shell) the choice ends with the command, as the process would.
    ctx.call_on_close(lambda: set_current(None, None))
    try:
        with session_scope(get_engine()) as s:
            set_date_style(load_org_settings(s).date_style)
    except SQLAlchemyError:
        pass


def fail(message: str) -> None:
    """Stop with one clear line on stderr and exit status 2."""
    raise UserError(message)


class UserError(Exception):
    pass


def main() -> None:
    try:
        result = app(standalone_mode=False)
    except (GfjError, UserError) as exc:
        print(f"gfj: {exc}", file=sys.stderr)
        sys.exit(2)
    except typer.Abort:
        print("gfj: aborted.", file=sys.stderr)
        sys.exit(2)
    except ClickException as exc:
        print(f"gfj: {exc.format_message()}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    if isinstance(result, int) and result:
        sys.exit(result)
