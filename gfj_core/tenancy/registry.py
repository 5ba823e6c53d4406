"""The registry of organisations, and where each one's data lives.

Embedded (SQLite): the configured database (`data/gfj.db`) is the default organisation; the
registry is `registry.db` beside it, and each added organisation is a file of its own,
`orgs/<slug>.db`, in the same folder. PostgreSQL: the configured database's own tables (its
search path) are the default organisation; the registry is the schema `gfj_registry` and each
added organisation the schema `org_<slug>`, reached by setting the connection's search_path, so
the one chain of Alembic migrations creates and upgrades every schema unchanged.

Until `gfj org add` first runs there is no registry: the default organisation is the only one,
and nothing on disk or in the database changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from gfj_core.db import get_engine, is_sqlite, session_scope, upgrade_database
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.models.base import utcnow
from gfj_core.settings import get_settings
from gfj_core.tenancy.models import (
    COUNTED_TABLES,
    DEFAULT_SLUG,
    Organisation,
    OrganisationRow,
    RegistryBase,
)

T = TypeVar("T")

REGISTRY_FILE = "registry.db"
ORG_FOLDER = "orgs"
REGISTRY_SCHEMA = "gfj_registry"
SCHEMA_PREFIX = "org_"
DEFAULT_NAME = "Default organization"
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


class NoRegistry(ValidationFailed):
    """The configured database cannot have a registry beside it (an in-memory SQLite)."""


# --- where things live --------------------------------------------------------------------------


def _base_url() -> str:
    return get_settings().database_url


def with_search_path(url: str, schema: str) -> str:
    """The PostgreSQL URL whose connections work in `schema` (and only there)."""
    return (
        make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def _sqlite_folder(url: str) -> Path | None:
    path = make_url(url).database
    if not path or path == ":memory:":
        return None
    return Path(path).resolve().parent


def registry_url() -> str:
    """The registry's database URL (GFJ_REGISTRY_URL, else beside the configured database)."""
    settings = get_settings()
    if settings.registry_url:
        return settings.registry_url
    base = _base_url()
    if is_sqlite(base):
        folder = _sqlite_folder(base)
        if folder is None:
            raise NoRegistry("an in-memory database cannot hold several organizations.")
        return f"sqlite:///{folder / REGISTRY_FILE}"
    return with_search_path(base, REGISTRY_SCHEMA)


def _registry_folder() -> Path:
    folder = _sqlite_folder(registry_url())
    if folder is None:
        raise NoRegistry("an in-memory registry cannot place organization files.")
    return folder


def schema_for(slug: str) -> str:
    return SCHEMA_PREFIX + slug.replace("-", "_")


def database_url_for(org: Organisation) -> str:
    """The SQLAlchemy URL of the organisation's own data."""
    return _url_at(_base_url(), org.location, get_settings().registry_url)


@lru_cache(maxsize=4096)
def _url_at(base: str, location: str | None, _registry_setting: str | None) -> str:
    # Memoised on everything it is made from (a portfolio asks for every organisation's URL at
    # every rerun, and the SQLite folder is a filesystem lookup).
    if not location:
        return base
    if is_sqlite(base):
        return f"sqlite:///{_registry_folder() / location}"
    return with_search_path(base, location)


def engine_for(org: Organisation) -> Engine:
    """The engine of the organisation's data (one per organisation for the process)."""
    return get_engine(database_url_for(org))


@contextmanager
def org_session(org: Organisation, *, write: bool = False, actor=None) -> Iterator[Session]:
    """`session_scope` on the organisation's data: the caller owns the transaction."""
    with session_scope(engine_for(org), write=write, actor=actor) as session:
        yield session


def read_each(orgs: Sequence[Organisation], read: Callable[[Session], T]) -> list[T]:
    """`read(session)` on each organisation's data, in order, each in its own read-only view.

    SQLite: a session on each organisation's own file. PostgreSQL: every organisation's schema is
    in the configured database, so one connection and one transaction serve them all, the
    search_path set to each organisation's schema in turn (`set_config(..., is_local)`): the same
    separation as each one's own URL, which only sets the search_path too, without a connection
    pool per organisation (200 organisations would otherwise hold 200 server connections, over
    PostgreSQL's default limit of 100) and a round trip to open each."""
    base = _base_url()
    if is_sqlite(base):
        out = []
        for org in orgs:
            with session_scope(get_engine(database_url_for(org))) as session:
                out.append(read(session))
        return out
    out = []
    with get_engine(base).connect() as conn, conn.begin():
        default_path = conn.exec_driver_sql("SHOW search_path").scalar()
        for org in orgs:
            conn.execute(
                text("SELECT set_config('search_path', :path, true)"),
                {"path": org.location or default_path},
            )
            with Session(bind=conn) as session:
                out.append(read(session))
    return out


def versions_each(
    orgs: Sequence[Organisation], version_sql: str, tables: frozenset[str] | None = None
) -> list[tuple]:
    """The row of `version_sql` (one SELECT of scalar subqueries, its tables written
    `{schema}table`) in each organisation, in order: what a cached read across organisations is
    keyed on. SQLite: one query per file. PostgreSQL, when the read's `tables` all bump the
    registry's counter (`COUNTED_TABLES`): one indexed read of the registry (`_counted_versions`).
    Otherwise ONE query for all of them, the branches schema-qualified and joined by UNION ALL (a
    portfolio of 200 organisations would otherwise wait on 200 round trips at every rerun)."""
    base = _base_url()
    if is_sqlite(base):
        out = []
        for org in orgs:
            with get_engine(database_url_for(org)).connect() as conn:
                out.append(tuple(conn.exec_driver_sql(version_sql.format(schema="")).one()))
        return out
    if not orgs:
        return []
    engine = get_engine(base)
    if tables is not None and tables <= COUNTED_TABLES and not get_settings().registry_url:
        counted = _counted_versions(engine, orgs)
        if counted is not None:
            return counted
    quote = engine.dialect.identifier_preparer.quote_identifier
    with engine.connect() as conn:
        default = conn.exec_driver_sql("SELECT current_schema()").scalar()
        branches = [
            f"SELECT {i} AS n, v.* FROM ({version_sql.format(schema=quote(o.location or default) + '.')}) v"
            for i, o in enumerate(orgs)
        ]
        # Prepared on the server at once: the same organisations give the same text at every
        # rerun, and parsing and planning 200 branches is most of its cost.
        raw = conn.connection.driver_connection
        rows = raw.execute(" UNION ALL ".join(branches), prepare=True).fetchall()
    by_n = {r[0]: tuple(r[1:]) for r in rows}
    return [by_n[i] for i in range(len(orgs))]


# Each schema's counter (bumped by its triggers, migration 0027), and the identity of the counted
# tables themselves: a table dropped and made again (a downgrade and upgrade, a pg_restore, which
# loads rows before it makes triggers) is a new one, so its old answers are never served. Both
# are catalog and primary-key reads: the cost does not grow with what the schemas hold.
_COUNTED_VERSIONS = f"""
SELECT s.n, coalesce(v.version, 0),
       ARRAY(SELECT c.oid::bigint FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
             WHERE ns.nspname = s.schema AND c.relname = ANY(%(tables)s) ORDER BY c.relname)
FROM (SELECT coalesce(nullif(l.location, ''), current_schema()) AS schema, l.n
      FROM unnest(%(locations)s::text[]) WITH ORDINALITY AS l(location, n)) s
LEFT JOIN "{REGISTRY_SCHEMA}".portfolio_version v ON v.location = s.schema
"""
# The databases whose registry has the counter table (registry tables are never dropped).
_counter_made: set[str] = set()


def _counted_versions(engine: Engine, orgs: Sequence[Organisation]) -> list[tuple] | None:
    """(counter, counted tables' identities) of each organisation, in order, in one query; None
    while the registry has no counter table yet (`gfj init` or the next sign-in makes it)."""
    with engine.connect() as conn:
        if engine.url.render_as_string() not in _counter_made:
            found = conn.exec_driver_sql(
                f"SELECT to_regclass('\"{REGISTRY_SCHEMA}\".portfolio_version') IS NOT NULL"
            ).scalar()
            if not found:
                return None
            _counter_made.add(engine.url.render_as_string())
        raw = conn.connection.driver_connection
        rows = raw.execute(
            _COUNTED_VERSIONS,
            {"locations": [o.location for o in orgs], "tables": sorted(COUNTED_TABLES)},
            prepare=True,
        ).fetchall()
    by_n = {r[0]: (r[1], tuple(r[2])) for r in rows}
    return [by_n[i + 1] for i in range(len(orgs))]


# --- the registry itself ------------------------------------------------------------------------


def registry_exists() -> bool:
    try:
        url = registry_url()
    except NoRegistry:
        return False
    if is_sqlite(url):
        path = make_url(url).database
        return bool(path) and Path(path).is_file()
    with get_engine(_base_url()).connect() as conn:
        found = conn.execute(
            text(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = :schema AND table_name = 'organisation'"
            ),
            {"schema": REGISTRY_SCHEMA},
        ).first()
    return found is not None


def registry_engine() -> Engine:
    """The registry's engine, creating the registry (and its default row) on first use."""
    url = registry_url()
    if not is_sqlite(url) and not get_settings().registry_url:
        with get_engine(_base_url()).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{REGISTRY_SCHEMA}"'))
    engine = get_engine(url)
    create_registry(engine)
    return engine


def create_registry(engine: Engine) -> None:
    """Make every registry table that is missing, and the default organisation's row. (The
    registry's whole schema history: tables are only ever added to it.)"""
    RegistryBase.metadata.create_all(engine)
    with session_scope(engine, write=True) as s:
        if s.scalar(select(OrganisationRow.id).where(OrganisationRow.slug == DEFAULT_SLUG)):
            return
        s.add(OrganisationRow(slug=DEFAULT_SLUG, name=_default_name(), location=""))


def _default_name() -> str:
    """The default organisation's own name from its settings, when it has any yet."""
    from sqlalchemy.exc import SQLAlchemyError

    from gfj_core.services.org_settings import load_org_settings

    try:
        with session_scope(get_engine(_base_url())) as s:
            return load_org_settings(s).organisation_name
    except SQLAlchemyError:
        return DEFAULT_NAME


def _default_organisation() -> Organisation:
    return Organisation(slug=DEFAULT_SLUG, name=DEFAULT_NAME, location="")


# --- what the rest of the code calls ------------------------------------------------------------


def list_organisations(*, include_archived: bool = False) -> list[Organisation]:
    """Every organisation, the default first, then by name. Without a registry: the default."""
    if not registry_exists():
        return [_default_organisation()]
    with session_scope(get_engine(registry_url())) as s:
        rows = s.scalars(select(OrganisationRow).order_by(OrganisationRow.id)).all()
        orgs = [Organisation.model_validate(r) for r in rows]
    if not include_archived:
        orgs = [o for o in orgs if not o.archived]
    return sorted(orgs, key=lambda o: (not o.is_default, o.name.casefold()))


def get_organisation(name_or_slug: str) -> Organisation:
    """The organisation with this slug or name (either case), archived or not."""
    wanted = name_or_slug.strip().casefold()
    for org in list_organisations(include_archived=True):
        if wanted in (org.slug, org.name.casefold()):
            return org
    names = ", ".join(o.slug for o in list_organisations())
    raise NotFound(f"no organization named {name_or_slug!r} (there are: {names}).")


def choose_organisation(name_or_slug: str | None) -> Organisation:
    """The organisation a command works on: the one named, or the only one there is."""
    if name_or_slug:
        org = get_organisation(name_or_slug)
        if org.archived:
            raise ValidationFailed(
                f"the organization {org.slug!r} is archived; its data is kept but not in use."
            )
        return org
    active = list_organisations()
    if len(active) == 1:
        return active[0]
    names = ", ".join(o.slug for o in active)
    raise ValidationFailed(f"there are several organizations: choose one with --org ({names}).")


def slug_for(name: str) -> str:
    """A short address-safe name: lowercase letters, digits and hyphens, a letter first."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if slug and not slug[0].isalpha():
        slug = f"org-{slug}"
    return slug[:40].rstrip("-")


def add_organisation(name: str, *, slug: str | None = None) -> Organisation:
    """Register a new organisation and create its database (file or schema) at the latest
    migration. Its accounts, data, audit trail and settings are its own from the start; it has
    no account yet (its first-run setup code comes from `issue_setup_code` on its session)."""
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise ValidationFailed("an organization's name needs 1 to 120 characters.")
    slug = (slug or slug_for(name)).lower()
    if not SLUG_PATTERN.match(slug):
        raise ValidationFailed(
            f"{slug!r} cannot name an organization: use letters, digits and hyphens, a letter "
            "first, at most 40 (give --slug)."
        )
    for org in list_organisations(include_archived=True):
        if org.slug == slug or org.name.casefold() == name.casefold():
            raise ValidationFailed(f"an organization {org.name!r} ({org.slug}) already exists.")
    engine = registry_engine()
    base = _base_url()
    if is_sqlite(base):
        location = f"{ORG_FOLDER}/{slug}.db"
        path = _registry_folder() / location
        if path.exists():
            raise ValidationFailed(f"a database file is already at {path}; move it away first.")
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        location = schema_for(slug)
        with get_engine(base).begin() as conn:
            taken = conn.execute(
                text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"),
                {"s": location},
            ).first()
            if taken:
                raise ValidationFailed(f"the schema {location!r} already exists; drop it first.")
            conn.execute(text(f'CREATE SCHEMA "{location}"'))
    org = Organisation(slug=slug, name=name, location=location)
    upgrade_database(database_url_for(org))
    _name_its_settings(org)
    with session_scope(engine, write=True) as s:
        row = OrganisationRow(slug=slug, name=name, location=location)
        s.add(row)
        s.flush()
        return Organisation.model_validate(row)


def _name_its_settings(org: Organisation) -> None:
    from gfj_core.schemas.auth import SYSTEM
    from gfj_core.services.org_settings import set_org_setting

    with org_session(org, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "organisation_name", org.name, actor=SYSTEM)


def archive_organisation(name_or_slug: str) -> Organisation:
    """Take an organisation out of use: nobody signs in to it and no command works on it; its
    data stays where it is. The default organisation is never archived."""
    org = get_organisation(name_or_slug)
    if org.is_default:
        raise ValidationFailed("the default organization cannot be archived.")
    if org.archived:
        raise ValidationFailed(f"the organization {org.slug!r} is archived already.")
    with session_scope(registry_engine(), write=True) as s:
        row = s.scalar(select(OrganisationRow).where(OrganisationRow.slug == org.slug))
        row.archived_at = utcnow()
        s.flush()
        return Organisation.model_validate(row)


def upgrade_every_organisation() -> list[Organisation]:
    """`gfj init`: bring every organisation (archived ones too: their data is kept) and the
    registry, where there is one, to the latest schema."""
    if registry_exists():
        create_registry(get_engine(registry_url()))
    orgs = list_organisations(include_archived=True)
    for org in orgs:
        upgrade_database(database_url_for(org))
    return orgs


def active_organisation(slug: str | None) -> Organisation | None:
    """The organisation with exactly this slug, if it exists and is not archived."""
    if not slug:
        return None
    for org in list_organisations():
        if org.slug == slug:
            return org
    return None


# --- the session cookie, bound to one organisation ------------------------------------------------

COOKIE_SEPARATOR = "."  # never in a token (URL-safe base64) nor in a slug


def cookie_value(slug: str, token: str) -> str:
    """The session cookie names its organisation; the default's is the bare token, as it was
    before there were several, so the sessions open today stay open."""
    return token if slug == DEFAULT_SLUG else f"{slug}{COOKIE_SEPARATOR}{token}"


def split_cookie(value: str) -> tuple[str, str]:
    """(organisation slug, token) of a session cookie. A token is only ever looked up in the
    database of the organisation its cookie names, so a cookie from one cannot open another."""
    slug, sep, token = value.partition(COOKIE_SEPARATOR)
    return (slug, token) if sep else (DEFAULT_SLUG, value)
