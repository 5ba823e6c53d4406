"""Many organisations, fully separated (issue 20, item 1): the registry, `gfj org ...`, `--org`,
`gfj init` over every organisation, migrations per file (SQLite) and per schema (PostgreSQL,
`--postgres`) with data in place, backups, calendar feeds and the session cookie bound to one
organisation. The marker isolation test is tests/services/test_organisation_isolation.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from gfj_core import tenancy
from gfj_core.db import alembic_config, current_revisions, get_engine, session_scope
from gfj_core.models import AuditLog, Base, Person, UserAccount
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.web_sessions import (
    ResumedSession,
    redeem_handoff,
    resume_session,
    start_session,
)
from tests.cli import gfj

HARBOUR = "Harbour Youth Collective"


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _heads() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def _people(org) -> list[str]:
    with tenancy.org_session(org) as s:
        return list(s.scalars(select(Person.full_name).order_by(Person.full_name)))


def _add_person(org, name: str) -> None:
    with tenancy.org_session(org, write=True, actor=SYSTEM) as s:
        s.add(Person(full_name=name))


@pytest.fixture
def harbour(empty_db):
    """The configured (default) organisation plus a second one."""
    return tenancy.add_organisation(HARBOUR)


def test_without_a_registry_the_configured_database_is_the_only_organisation(empty_db):
    orgs = tenancy.list_organisations()
    assert [o.slug for o in orgs] == [tenancy.DEFAULT_SLUG]
    assert tenancy.database_url_for(orgs[0]) == _url(empty_db)
    assert tenancy.choose_organisation(None) == orgs[0]
    # Listing made nothing: today's single-organisation deployment stays as it was.
    assert not tenancy.registry_exists()


def test_an_added_organisation_has_its_own_empty_database_at_the_latest_schema(empty_db, harbour):
    assert harbour.slug == "harbour-youth-collective"
    url = tenancy.database_url_for(harbour)
    assert url != _url(empty_db)
    assert current_revisions(get_engine(url)) == _heads()
    assert _people(harbour) == []
    # Its settings carry its own name; the default organisation's do not change.
    from gfj_core.services.org_settings import load_org_settings

    with tenancy.org_session(harbour) as s:
        assert load_org_settings(s).organisation_name == HARBOUR
    with session_scope(empty_db) as s:
        assert load_org_settings(s).organisation_name == "The Gathering for Justice"
    assert [o.slug for o in tenancy.list_organisations()] == [
        tenancy.DEFAULT_SLUG,
        "harbour-youth-collective",
    ]
    assert tenancy.get_organisation(HARBOUR.upper()) == harbour


def test_each_organisation_keeps_its_own_rows_and_audit_trail(empty_db, harbour):
    default = tenancy.get_organisation(tenancy.DEFAULT_SLUG)
    _add_person(default, "Only In Default")
    _add_person(harbour, "Only In Harbour")
    assert _people(default) == ["Only In Default"]
    assert _people(harbour) == ["Only In Harbour"]
    with tenancy.org_session(harbour) as s:
        audited = set(s.scalars(select(AuditLog.new_value).where(AuditLog.entity == "person")))
    assert "Only In Harbour" in audited and "Only In Default" not in audited


def test_the_registry_is_not_one_of_an_organisations_tables(empty_db, harbour):
    assert not set(tenancy.RegistryBase.metadata.tables) & set(Base.metadata.tables)
    for org in tenancy.list_organisations():
        names = set(inspect(tenancy.engine_for(org)).get_table_names())
        assert "organisation" not in names
        assert "person" in names


def test_names_and_slugs_are_checked(empty_db, harbour):
    from gfj_core.errors import NotFound, ValidationFailed

    with pytest.raises(ValidationFailed, match="already exists"):
        tenancy.add_organisation("harbour youth   collective")
    with pytest.raises(ValidationFailed, match="cannot name"):
        tenancy.add_organisation("Anything", slug="Bad_Slug")
    with pytest.raises(ValidationFailed, match="cannot be archived"):
        tenancy.archive_organisation(tenancy.DEFAULT_SLUG)
    with pytest.raises(NotFound, match="no organization named"):
        tenancy.get_organisation("nobody")
    assert tenancy.slug_for("Ñandú 4 Justice!") == "nandu-4-justice"
    assert tenancy.slug_for("4 Corners") == "org-4-corners"


def test_org_add_list_archive_through_the_cli(empty_db):
    url = _url(empty_db)
    added = gfj("org", "add", HARBOUR, url=url)
    assert added.returncode == 0, added.stderr
    assert "Organization added: Harbour Youth Collective (harbour-youth-collective)" in added.stdout
    assert "Setup code: " in added.stdout and "?org=harbour-youth-collective" in added.stdout

    listed = gfj("org", "list", url=url)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["default", "harbour-youth-collective"]
    assert "\tactive\t" in lines[1]

    # Two organisations: a command must say which.
    ambiguous = gfj("config", "show", url=url)
    assert ambiguous.returncode == 2
    assert "several organizations" in ambiguous.stderr and "--org" in ambiguous.stderr
    shown = gfj("--org", "harbour-youth-collective", "config", "show", url=url)
    assert shown.returncode == 0, shown.stderr
    assert '"organisation_name": "Harbour Youth Collective"' in shown.stdout
    shown = gfj("--org", "default", "config", "show", url=url)
    assert '"organisation_name": "The Gathering for Justice"' in shown.stdout

    again = gfj("org", "add", HARBOUR, url=url)
    assert again.returncode == 2 and "already exists" in again.stderr

    archived = gfj("org", "archive", HARBOUR, url=url)
    assert archived.returncode == 0, archived.stderr
    assert "Organization archived" in archived.stdout
    assert gfj("org", "list", url=url).stdout.splitlines()[0].startswith("default\t")
    assert len(gfj("org", "list", url=url).stdout.splitlines()) == 1
    with_archived = gfj("org", "list", "--archived", url=url).stdout.splitlines()
    assert "\tarchived " in with_archived[1]
    refused = gfj("--org", "harbour-youth-collective", "config", "show", url=url)
    assert refused.returncode == 2 and "archived" in refused.stderr
    # One active organisation again: no --org needed.
    assert gfj("config", "show", url=url).returncode == 0
    # Its data is kept.
    assert tenancy.database_url_for(tenancy.get_organisation(HARBOUR))


def test_every_other_command_works_on_the_organisation_org_names(empty_db, harbour):
    url = _url(empty_db)
    made = gfj("--org", harbour.slug, "person", "add", "Rosa Harbour", url=url)
    assert made.returncode == 0, made.stderr
    user = gfj(
        "--org",
        harbour.slug,
        "user",
        "add",
        "rosa",
        "--role",
        "admin",
        "--person",
        "Rosa Harbour",
        "--password",
        "harbour-pass-1",
        url=url,
    )
    assert user.returncode == 0, user.stderr
    assert _people(harbour) == ["Rosa Harbour"]
    assert _people(tenancy.get_organisation("default")) == []
    with tenancy.org_session(harbour) as s:
        assert s.scalar(select(func.count()).select_from(UserAccount)) == 1
    with session_scope(empty_db) as s:
        assert s.scalar(select(func.count()).select_from(UserAccount)) == 0
    # The choice ended with the command: this process works on the default again.
    assert tenancy.current_database_url() == _url(empty_db)


def test_gfj_init_upgrades_every_organisation_and_keeps_their_rows(empty_db, harbour):
    _add_person(harbour, "Kept Through The Upgrade")
    harbour_url = tenancy.database_url_for(harbour)
    command.downgrade(alembic_config(harbour_url), "0014")
    assert current_revisions(get_engine(harbour_url)) == {"0014"}
    done = gfj("init", url=_url(empty_db))
    assert done.returncode == 0, done.stderr
    assert f"{HARBOUR}: database ready" in done.stdout
    assert "The Gathering for Justice: database ready" in done.stdout
    assert current_revisions(get_engine(harbour_url)) == _heads()
    assert current_revisions(empty_db) == _heads()
    assert _people(harbour) == ["Kept Through The Upgrade"]


def test_migrations_run_down_and_up_in_one_organisation_with_data_in_place(empty_db, harbour):
    """Per file on SQLite, per schema on PostgreSQL: the same chain, and the other
    organisation's database is never touched."""
    default = tenancy.get_organisation("default")
    _add_person(default, "Default Person")
    _add_person(harbour, "Harbour Person")
    harbour_url = tenancy.database_url_for(harbour)
    command.downgrade(alembic_config(harbour_url), "0009")
    assert current_revisions(get_engine(harbour_url)) == {"0009"}
    assert current_revisions(empty_db) == _heads()
    assert _people(default) == ["Default Person"]
    command.upgrade(alembic_config(harbour_url), "heads")
    assert current_revisions(get_engine(harbour_url)) == _heads()
    assert _people(harbour) == ["Harbour Person"]
    # All the way down drops only its own tables.
    command.downgrade(alembic_config(harbour_url), "base")
    assert "person" not in inspect(get_engine(harbour_url)).get_table_names()
    assert _people(default) == ["Default Person"]
    command.upgrade(alembic_config(harbour_url), "heads")
    assert _people(harbour) == []


def test_on_postgresql_each_organisation_is_a_schema_of_its_own(empty_db, harbour, db_backend):
    if db_backend != "postgres":
        assert Path(make_url(tenancy.database_url_for(harbour)).database).is_file()
        assert tenancy.registry_url().endswith("/registry.db")
        return
    with empty_db.connect() as conn:
        tables = {
            schema: set(
                conn.scalars(
                    text(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = :s"
                    ),
                    {"s": schema},
                )
            )
            for schema in ("public", "org_harbour_youth_collective", "gfj_registry")
        }
    assert {"person", "audit_log", "alembic_version"} <= tables["org_harbour_youth_collective"]
    assert {"person", "audit_log", "alembic_version"} <= tables["public"]
    # The registry holds its own tables (organisations, supporters and their accounts) and
    # none of an organisation's.
    import gfj_core.supporters  # noqa: F401  (registers the supporter tables)
    from gfj_core.tenancy.models import RegistryBase

    assert tables["gfj_registry"] == set(RegistryBase.metadata.tables)
    assert {"organisation", "supporter", "supporter_account"} <= tables["gfj_registry"]
    assert not tables["gfj_registry"] & set(Base.metadata.tables)


def test_a_session_cookie_from_one_organisation_opens_nothing_in_another(empty_db, harbour):
    default = tenancy.get_organisation("default")
    ids = {}
    for org, name in ((default, "Default Admin"), (harbour, "Harbour Admin")):
        with tenancy.org_session(org, write=True, actor=SYSTEM) as s:
            person = Person(full_name=name)
            s.add(person)
            s.flush()
            account = UserAccount(
                username="admin", password_hash="x", role="admin", person_id=person.id
            )
            s.add(account)
            s.flush()
            ids[org.slug] = account.id
    now = utcnow()
    with tenancy.org_session(default, write=True) as s:
        handoff = start_session(s, ids["default"], now=now)
    # The nonce from the default organisation cannot be spent in the other one...
    with tenancy.org_session(harbour, write=True) as s:
        assert redeem_handoff(s, handoff.nonce, now=now) is None
    with tenancy.org_session(default, write=True) as s:
        issued = redeem_handoff(s, handoff.nonce, now=now)
    assert issued is not None
    # ...nor its token open a session there, though the same user id exists in both.
    with tenancy.org_session(harbour) as s:
        assert not isinstance(resume_session(s, issued.token, now=now), ResumedSession)
    with tenancy.org_session(default) as s:
        assert isinstance(resume_session(s, issued.token, now=now), ResumedSession)
    # The cookie names its organisation; the default's stays the bare token (open sessions
    # from before there were several keep working).
    assert tenancy.cookie_value("default", issued.token) == issued.token
    assert tenancy.split_cookie(tenancy.cookie_value(harbour.slug, "tok")) == (harbour.slug, "tok")
    assert tenancy.split_cookie("tok") == ("default", "tok")


def test_the_cookie_route_spends_a_nonce_only_in_the_organisation_it_names(empty_db, harbour):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from web.auth_routes import ROUTES

    with tenancy.org_session(harbour, write=True, actor=SYSTEM) as s:
        person = Person(full_name="Harbour Admin")
        s.add(person)
        s.flush()
        account = UserAccount(username="h", password_hash="x", role="admin", person_id=person.id)
        s.add(account)
        s.flush()
        handoff = start_session(s, account.id)
    client = TestClient(Starlette(routes=ROUTES))
    refused = client.get(f"/auth/session?nonce={handoff.nonce}&next=/", follow_redirects=False)
    assert refused.status_code == 303 and "gfj_session" not in refused.headers.get("set-cookie", "")
    taken = client.get(
        f"/auth/session?org={harbour.slug}&nonce={handoff.nonce}&next=/", follow_redirects=False
    )
    assert taken.status_code == 303
    assert f"gfj_session={harbour.slug}." in taken.headers["set-cookie"]
    token = taken.cookies["gfj_session"].split(".", 1)[1]
    with tenancy.org_session(harbour) as s:
        assert isinstance(resume_session(s, token), ResumedSession)
    # Signing out ends the session in its own organisation.
    client.get("/auth/signout?next=/", follow_redirects=False)
    with tenancy.org_session(harbour) as s:
        assert not isinstance(resume_session(s, token), ResumedSession)


@pytest.mark.sqlite_only
def test_backups_of_each_organisation_go_to_a_folder_of_its_own(empty_db, harbour, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    url = _url(empty_db)
    env = {"GFJ_BACKUP_DIR": str(backups)}
    _add_person(harbour, "Harbour Person")
    done = gfj("--org", harbour.slug, "backup", url=url, env=env)
    assert done.returncode == 0, done.stderr
    copies = list((backups / harbour.slug).glob("*.db"))
    assert len(copies) == 1
    import sqlite3

    with sqlite3.connect(copies[0]) as conn:
        assert conn.execute("SELECT full_name FROM person").fetchall() == [("Harbour Person",)]
    done = gfj("--org", "default", "backup", url=url, env=env)
    assert done.returncode == 0, done.stderr
    assert len(list(backups.glob("*.db"))) == 1
    # The nightly timer's `gfj backup` without --org: every active organisation, each into its
    # own folder.
    nightly = gfj("backup", url=url, env=env)
    assert nightly.returncode == 0, nightly.stderr
    assert nightly.stdout.count("Backup written: ") == 2
    assert len(list(backups.glob("*.db"))) == 2
    assert len(list((backups / harbour.slug).glob("*.db"))) == 2
    # A file name with several organisations: which one's?
    refused = gfj("backup", str(tmp_path / "one.db"), url=url, env=env)
    assert refused.returncode == 2 and "--org" in refused.stderr
    # Each run is recorded in the organisation's own database.
    from gfj_core.models import BackupRun

    with tenancy.org_session(harbour) as s:
        assert s.scalar(select(func.count()).select_from(BackupRun)) == 2


def test_a_calendar_feed_address_names_its_organisation(empty_db, harbour, monkeypatch):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from gfj_core.services.calendar_feed import feed_url
    from web.feeds import FEED_ROUTES

    with tenancy.use_organisation(harbour):
        address = feed_url("https://example.org", "tok")
    assert address == f"https://example.org/feeds/{harbour.slug}.tok.ics"
    assert feed_url("https://example.org", "tok") == "https://example.org/feeds/tok.ics"
    seen = []
    monkeypatch.setattr(
        "web.feeds.calendar_for_token",
        lambda session, token, today: seen.append((str(session.bind.url), token)) or None,
    )
    client = TestClient(Starlette(routes=FEED_ROUTES))
    assert client.get(f"/feeds/{harbour.slug}.tok.ics").status_code == 404
    assert client.get("/feeds/nobody.tok.ics").status_code == 404
    assert seen == [(str(tenancy.engine_for(harbour).url), "tok")]
