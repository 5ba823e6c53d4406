"""Many organisations, fully separated (issue 20): each one's accounts, data, audit trail,
settings and backups live in its own SQLite file or PostgreSQL schema; a small registry lists
them. See `registry` for where things live, `context` for how code picks an organisation.

The functions the rest of the code calls are re-exported here.
"""

from gfj_core.tenancy.context import current_database_url, current_slug, using_database
from gfj_core.tenancy.models import (
    DEFAULT_SLUG,
    Organisation,
    OrganisationRow,
    RegistryBase,
)
from gfj_core.tenancy.registry import (
    NoRegistry,
    active_organisation,
    add_organisation,
    archive_organisation,
    choose_organisation,
    cookie_value,
    database_url_for,
    engine_for,
    get_organisation,
    list_organisations,
    org_session,
    read_each,
    registry_engine,
    registry_exists,
    registry_url,
    slug_for,
    split_cookie,
    upgrade_every_organisation,
    versions_each,
)

__all__ = [
    "DEFAULT_SLUG",
    "NoRegistry",
    "active_organisation",
    "Organisation",
    "OrganisationRow",
    "read_each",
    "RegistryBase",
    "add_organisation",
    "archive_organisation",
    "choose_organisation",
    "cookie_value",
    "current_database_url",
    "current_slug",
    "database_url_for",
    "engine_for",
    "get_organisation",
    "list_organisations",
    "org_session",
    "registry_engine",
    "registry_exists",
    "registry_url",
    "slug_for",
    "split_cookie",
    "upgrade_every_organisation",
    "versions_each",
    "use_organisation",
    "using_database",
]


def use_organisation(org: Organisation):
    """A context manager: within it, `get_engine()`, `session_scope()` and `upgrade_database()`
    without a URL work on `org`'s data."""
    return using_database(org.slug, database_url_for(org))
