"""Organisations: `gfj org add NAME`, `gfj org list`, `gfj org archive NAME` (gfj_core.tenancy)."""

from __future__ import annotations

import typer
from sqlalchemy.engine import make_url

from gfj_core.cli.base import org_app
from gfj_core.formatting import fmt_date
from gfj_core.services.setup import issue_setup_code, setup_needed
from gfj_core.tenancy import (
    Organisation,
    add_organisation,
    archive_organisation,
    database_url_for,
    list_organisations,
    org_session,
)


def where(org: Organisation) -> str:
    """Where the organisation's data lives, without a password."""
    url = make_url(database_url_for(org))
    if url.get_backend_name() == "sqlite":
        return url.database or "(in memory)"
    if org.location:
        return f"schema {org.location} of {url.set(query={}).render_as_string(hide_password=True)}"
    return url.render_as_string(hide_password=True)


@org_app.command("add")
def org_add(
    name: str = typer.Argument(..., help="The organization's name, as people read it."),
    slug: str | None = typer.Option(
        None, "--slug", help="Its short name for --org and ?org= (default: made from the name)."
    ),
) -> None:
    """Add an organization with its own empty database, at the latest schema."""
    org = add_organisation(name, slug=slug)
    typer.echo(f"Organization added: {org.name} ({org.slug}), data in {where(org)}.")
    with org_session(org, write=True) as s:
        code = issue_setup_code(s) if setup_needed(s) else None
    if code:
        typer.echo(f"Setup code: {code}")
        typer.echo(
            f"Open the app at /?org={org.slug} (or choose {org.name} on the sign-in screen) and "
            "enter this code on 'Set up your organization'. It works once, for 24 hours "
            f"(`gfj --org {org.slug} setup-code` prints a new one)."
        )


@org_app.command("list")
def org_list(
    archived: bool = typer.Option(False, "--archived", help="Include archived organizations."),
) -> None:
    """List the organizations: short name, name, created, archived, where the data lives."""
    orgs = list_organisations(include_archived=archived)
    for org in orgs:
        created = fmt_date(org.created_at.date()) if org.created_at else "-"
        state = f"archived {fmt_date(org.archived_at.date())}" if org.archived_at else "active"
        default = " (default)" if org.is_default else ""
        typer.echo(f"{org.slug}\t{org.name}{default}\tcreated {created}\t{state}\t{where(org)}")


@org_app.command("archive")
def org_archive(name: str = typer.Argument(..., help="The organization's slug or name.")) -> None:
    """Take an organization out of use: no sign-in, no command; its data is kept."""
    org = archive_organisation(name)
    typer.echo(f"Organization archived: {org.name} ({org.slug}); its data is kept in {where(org)}.")
