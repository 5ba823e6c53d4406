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
config_app = typer.Typer(help="Organisation settings.", no_args_is_help=True)
user_app = typer.Typer(help="Sign-in accounts.", no_args_is_help=True)
person_app = typer.Typer(help="The people directory.", no_args_is_help=True)
import_app = typer.Typer(help="Import data files (all rows or none).", no_args_is_help=True)
export_app = typer.Typer(help="Export reports.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(user_app, name="user")
app.add_typer(person_app, name="person")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


@app.callback()
def _org_date_style() -> None:
    """Dates the commands print follow the organisation's date style (gfj_core.formatting).
    Before `gfj init` there is no settings table to read: the default (US) style then."""
    from sqlalchemy.exc import SQLAlchemyError

    from gfj_core.db import get_engine, session_scope
    from gfj_core.formatting import set_date_style
    from gfj_core.services.org_settings import load_org_settings

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
