"""The organisation's date style: the admin sets it (page group or `gfj config`), it is
validated and audited, every other role is refused, and a service writing dates into text
(the emails, the packet) follows it wherever it is called from."""

from datetime import date

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.formatting import date_style, fmt_date
from gfj_core.models import AuditLog
from gfj_core.services.org_settings import (
    in_org_date_style,
    load_org_settings,
    org_date_style,
    save_settings_group,
    settings_group,
)
from tests.conftest import bare_actor
from tests.services.test_settings_and_cli import gfj

ADMIN = bare_actor(Role.admin)


def _save(engine, style, actor=ADMIN):
    with session_scope(engine) as s:
        loaded = settings_group(s, group="organisation", actor=actor)
    with session_scope(engine, write=True, actor=actor) as s:
        save_settings_group(
            s,
            group="organisation",
            values={**loaded, "date_style": style},
            loaded=loaded,
            actor=actor,
        )


def test_the_admin_sets_the_date_style_and_it_is_audited(demo_db):
    with session_scope(demo_db) as s:
        assert org_date_style(s, actor=ADMIN) == "us"  # the default
    _save(demo_db, "international")
    with session_scope(demo_db) as s:
        assert load_org_settings(s).date_style == "international"
        assert org_date_style(s, actor=bare_actor(Role.mentor)) == "international"
        audited = s.scalars(
            select(AuditLog).where(AuditLog.entity == "setting", AuditLog.entity_id == "date_style")
        ).all()
    assert audited


def test_an_unknown_style_is_refused_naming_the_field_and_nothing_is_written(demo_db):
    with pytest.raises(ValidationFailed) as refused:
        _save(demo_db, "uk")
    assert [field for field, _ in refused.value.problems] == ["date_style"]
    with session_scope(demo_db) as s:
        assert load_org_settings(s).date_style == "us"


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.admin,)], ids=lambda r: r.value)
def test_every_other_role_is_refused(demo_db, role):
    actor = bare_actor(role)
    with pytest.raises(PermissionDenied):
        with session_scope(demo_db) as s:
            loaded = settings_group(s, group="organisation", actor=actor)
        with session_scope(demo_db, write=True, actor=actor) as s:
            save_settings_group(
                s,
                group="organisation",
                values={**loaded, "date_style": "iso"},
                loaded=loaded,
                actor=actor,
            )
    with session_scope(demo_db) as s:
        assert load_org_settings(s).date_style == "us"


def test_the_cli_sets_it_and_refuses_a_style_that_does_not_exist(demo_db):
    done = gfj("config", "set", "date_style", "iso", env_url=str(demo_db.url))
    assert done.returncode == 0, done.stderr
    refused = gfj("config", "set", "date_style", "british", env_url=str(demo_db.url))
    assert refused.returncode == 2 and "date_style" in refused.stderr
    with session_scope(demo_db) as s:
        assert load_org_settings(s).date_style == "iso"


def test_a_service_writing_dates_into_text_follows_the_organisation_wherever_it_runs(demo_db):
    @in_org_date_style
    def words(session, day):
        return fmt_date(day)

    _save(demo_db, "international")
    with session_scope(demo_db) as s:
        assert words(s, date(2026, 12, 1)) == "1 Dec 2026"
    assert date_style().key == "us"  # and leaves the caller's style as it was
