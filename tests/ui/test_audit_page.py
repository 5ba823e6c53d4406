"""Audit trail page: an admin narrows the trail by person, table and date and sees exactly the
matching changes; any other role, or nobody, is refused even when the page is run directly."""

from datetime import date, datetime

import pytest

from gfj_core.db import session_scope
from gfj_core.models import Person
from tests import factories as f
from tests.conftest import demo_actor
from tests.ui.apptest import open_expander, open_page, page_text, run_page_directly


@pytest.fixture
def trail(demo_db):
    """Three saves by two people on three dates, none of which the demo organisation made:
    the demo's own trail is written by admin, board, ceo and mentors, never by treasurer or staff.

    1 Mar 2025, treasurer: creates person "Zed Auditone" (title Organizer)  -> insert rows
    10 May 2025, staff:    changes Zed's title Organizer -> Director         -> 1 update row
    15 Jun 2025, staff:    creates phase "Audit test phase"                  -> insert rows
    """
    treasurer, staff = demo_actor(demo_db, "treasurer"), demo_actor(demo_db, "staff")
    with session_scope(demo_db, write=True, actor=treasurer) as s:
        s.info["audit_at"] = datetime(2025, 3, 1, 10, 0)
        pid = f.person(s, "Zed Auditone", title="Organizer").id
    with session_scope(demo_db, write=True, actor=staff) as s:
        s.info["audit_at"] = datetime(2025, 5, 10, 14, 30)
        s.get(Person, pid).title = "Director"
    with session_scope(demo_db, write=True, actor=staff) as s:
        s.info["audit_at"] = datetime(2025, 6, 15, 9, 0)
        f.phase(s, "Audit test phase", date(2027, 1, 1), date(2027, 6, 30))
    return pid


def _rows(at):
    assert at.dataframe, page_text(at)
    return at.dataframe[0].value


def _admin_page(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), "pages/audit.py")
    assert not at.exception
    return at


def test_filtering_by_person_shows_only_that_persons_changes(demo_db, trail):
    at = _admin_page(demo_db)
    at.selectbox(key="audit_actor").set_value("treasurer").run()
    rows = _rows(at)
    assert set(rows["Who"]) == {"treasurer"}
    # Only the creation of Zed: every row an insert into the person table.
    assert set(rows["Action"]) == {"created"} and set(rows["Table"]) == {"Person"}
    assert "Zed Auditone" in set(rows["To"]) and "Organizer" in set(rows["To"])
    assert f"{len(rows)} matching change" in page_text(at)


def test_filtering_by_table_and_person_finds_the_one_title_change(demo_db, trail):
    at = _admin_page(demo_db)
    at.selectbox(key="audit_actor").set_value("staff")
    at.selectbox(key="audit_entity").set_value("person").run()
    rows = _rows(at)
    # Staff touched the person table once: Zed's title, Organizer -> Director.
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row["Who"], row["Action"], row["Field"]) == ("staff", "changed", "title")
    assert (row["From"], row["To"]) == ("Organizer", "Director")
    assert row["When (UTC)"] == "May 10, 2025, 14:30"
    assert "1 matching change" in page_text(at)
    # The same person's other save (the phase) is there under the phase table.
    at.selectbox(key="audit_entity").set_value("phase").run()
    phase_rows = _rows(at)
    assert set(phase_rows["Who"]) == {"staff"} and set(phase_rows["Table"]) == {"Phase"}
    assert "Audit test phase" in set(phase_rows["To"])


def test_filtering_by_date_keeps_only_that_days_changes(demo_db, trail):
    at = _admin_page(demo_db)
    at.date_input(key="audit_from").set_value(date(2025, 3, 1))
    at.date_input(key="audit_to").set_value(date(2025, 3, 1)).run()
    rows = _rows(at)
    # 1 March 2025 holds only the treasurer's creation of Zed.
    assert set(rows["Who"]) == {"treasurer"}
    assert set(rows["When (UTC)"]) == {"Mar 1, 2025, 10:00"}
    # 2 to 9 May 2025: nothing was saved then.
    at.date_input(key="audit_from").set_value(date(2025, 5, 2))
    at.date_input(key="audit_to").set_value(date(2025, 5, 9)).run()
    assert "No recorded change matches these filters." in page_text(at)
    assert not at.dataframe


def test_a_record_id_shows_that_records_history_panel(demo_db, trail):
    at = _admin_page(demo_db)
    at.selectbox(key="audit_entity").set_value("person")
    at.text_input(key="audit_entity_id").input(str(trail)).run()
    text = page_text(at)
    assert "This record's history" in text
    # Two saves of Zed: the creation and the title change.
    assert any(e.label.startswith("History (2 changes)") for e in at.expander)
    # Asked for by id, the panel opens with its table drawn; elsewhere a History panel draws
    # its table only once opened (ui.widgets.lazy_expander).
    [panel] = [e for e in at.expander if e.label.startswith("History (2 changes)")]
    assert len(panel.dataframe) == 1 and len(panel.dataframe[0].value) >= 2  # a row per field


def test_a_closed_history_panel_draws_its_table_only_once_opened(demo_db, trail):
    at = _admin_page(demo_db)
    at.selectbox(key="audit_entity").set_value("person")
    at.text_input(key="audit_entity_id").input(str(trail)).run()
    key = f"history_person_{trail}_History_open"
    at.session_state[key] = False  # shut it, as a click on its header does
    at.run()
    [panel] = [e for e in at.expander if e.label.startswith("History (2 changes)")]
    assert not panel.children
    open_expander(at, key)
    [panel] = [e for e in at.expander if e.label.startswith("History (2 changes)")]
    assert len(panel.dataframe) == 1 and len(panel.dataframe[0].value) >= 2  # a row per field


@pytest.mark.parametrize("username", ["board", "treasurer", "ceo", "mentor", "staff"])
def test_other_roles_are_refused_when_the_page_is_run_directly(demo_db, trail, username):
    at = run_page_directly(demo_actor(demo_db, username), "pages/audit.py")
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"“Audit trail” is not available to your role ({username})."
    ]
    assert not at.dataframe and not at.selectbox
    assert "Zed Auditone" not in page_text(at)


def test_a_signed_out_visitor_is_asked_to_sign_in(demo_db, trail):
    at = run_page_directly(None, "pages/audit.py")
    assert "Please sign in to see this page." in page_text(at)
    assert not at.dataframe
