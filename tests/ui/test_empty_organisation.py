"""Empty is a state, not an alarm: on a fresh organisation (no demo) every page opens, says what
is missing with a link to where it is added, and no light is red."""

import pytest

from gfj_core.access import PAGES
from gfj_core.db import session_scope
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.people import PersonCreate
from gfj_core.services.accounts import create_account
from gfj_core.services.auth import authenticate
from gfj_core.services.overview import board_overview
from gfj_core.services.people import add_person
from tests.conftest import DEMO_TODAY
from tests.ui.apptest import open_page, page_text


@pytest.fixture
def fresh_admin(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        p = add_person(s, data=PersonCreate(full_name="Ann Admin"), actor=SYSTEM)
        create_account(
            s, username="ann", role="admin", person_id=p.id, password="x" * 10, actor=SYSTEM
        )
    with session_scope(empty_db, write=True) as s:
        return authenticate(s, "ann", "x" * 10).actor


def test_an_empty_pipeline_is_no_data_not_act(empty_db):
    with session_scope(empty_db) as s:
        lights = board_overview(s, today=DEMO_TODAY, actor=SYSTEM).lights
    assert lights["readiness"].word == "No data"
    assert all(light.level != "red" for light in lights.values())


def test_the_overview_lists_what_is_missing_with_links(fresh_admin):
    at = open_page(fresh_admin, "pages/overview.py")
    assert not at.exception
    assert "Getting started" in page_text(at)
    labels = [link.proto.label for link in at.get("page_link")]
    assert "No board members recorded" in labels
    assert "No monthly accounts imported" in labels


@pytest.mark.parametrize("spec", [p for p in PAGES if "admin" in p.roles], ids=lambda s: s.key)
def test_every_admin_page_opens_on_a_fresh_organisation(fresh_admin, spec):
    at = open_page(fresh_admin, spec.path)
    assert not at.exception, at.exception
    # Succession targets draws the four lights once as its legend.
    legend = 1 if spec.key == "targets" else 0
    assert page_text(at).count(":red-badge") == legend
