"""Supporters and the demo portfolio (issue 20): `gfj supporter add KEY NAME`, `gfj supporter
account KEY USERNAME`, `gfj supporter list`, `gfj demo-portfolio`. They work on the registry, not
on one organisation, so they take no --org."""

from __future__ import annotations

import typer

from gfj_core.cli.base import app, fail, supporter_app
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.supporters import add_supporter, add_supporter_account, list_supporters
from gfj_core.tenancy import registry_engine


def _refused(exc: ValidationFailed) -> None:
    fail(str(exc) + " " + "; ".join(f"{w}: {m}" for w, m in exc.problems))


@supporter_app.command("add")
def supporter_add(
    key: str = typer.Argument(..., help="Its short name (lowercase, digits, hyphens)."),
    name: str = typer.Argument(..., help="Its name, as organizations' admins read it."),
) -> None:
    """Register a supporter (a fellowship, a funder's transition program)."""
    try:
        with session_scope(registry_engine(), write=True) as s:
            got = add_supporter(s, key=key, name=name)
    except ValidationFailed as exc:
        _refused(exc)
    typer.echo(f"Supporter added: {got.name} ({got.key}). Organizations' admins can now share "
               "their figures with it on Organization settings.")  # fmt: skip


@supporter_app.command("account")
def supporter_account(
    key: str = typer.Argument(..., help="The supporter's short name."),
    username: str = typer.Argument(...),
    name: str = typer.Option("", "--name", help="The person's name (default: the username)."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, help="At least 12 characters."
    ),
) -> None:
    """Add a sign-in account for one of a supporter's staff (the portfolio role)."""
    try:
        with session_scope(registry_engine(), write=True) as s:
            actor = add_supporter_account(
                s, supporter_key=key, username=username, display_name=name, password=password
            )
    except ValidationFailed as exc:
        _refused(exc)
    typer.echo(f"Account added: {actor.username} for {key}. They sign in with 'Sign in for a "
               "supporter (portfolio)'.")  # fmt: skip


@supporter_app.command("list")
def supporter_list() -> None:
    """The supporters, with how many active accounts each has."""
    with session_scope(registry_engine()) as s:
        rows = list_supporters(s)
    if not rows:
        typer.echo("No supporter yet (gfj supporter add KEY NAME).")
    for r in rows:
        typer.echo(f"{r.key:<28} {r.name}  ({r.accounts} account{'s' if r.accounts != 1 else ''})")


@app.command("demo-portfolio")
def demo_portfolio() -> None:
    """Add the demo portfolio to a loaded demo: two more fictional organizations and a fictional
    fellowship they all share with (its sign-in: fellowship / demo-fellowship)."""
    from gfj_core.demo.portfolio import load_demo_portfolio

    added = load_demo_portfolio()
    typer.echo("Demo portfolio: " + (", ".join(added) if added else "nothing to add (loaded "
               "already, or the organization is not the demo)") + ".")  # fmt: skip
