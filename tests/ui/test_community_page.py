"""Community engagement: tiles and tables from the service for the chosen period and state;
staff record and import events, and a refused event keeps what was typed."""

from datetime import date

from gfj_core.db import session_scope
from gfj_core.services.community import engagement_summary, twelve_months_to
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly
from tests.ui.test_empty_organisation import fresh_admin  # noqa: F401, F811  (a fixture)

PAGE = "pages/community.py"


def test_the_board_sees_the_last_12_months_from_the_service(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    assert not at.exception
    start, end = twelve_months_to(date.today())
    with session_scope(demo_db) as s:
        e = engagement_summary(s, start=start, end=end, actor=board)
    t = e.totals
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Participants"] == f"{t.participants:,}"
    assert metrics["Events"] == f"{t.events:,}"
    assert metrics["Returning participants"] == f"{t.returning_share:.0%}"
    assert metrics["Feedback (1-5)"] == f"{t.feedback_average:.2f}"
    text = page_text(at)
    assert f"{t.new_participants:,} new · {t.returning_participants:,} returning" in text
    assert f"From {t.feedback_forms:,} feedback forms" in text
    events = next(d.value for d in at.dataframe if "Event" in d.value.columns)
    assert len(events) == t.events
    assert "Add events" not in text and not at.form_submit_button


def test_a_state_narrows_every_figure_to_its_events(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    at.segmented_control(key="cm_state").set_value("CA").run()
    start, end = twelve_months_to(date.today())
    with session_scope(demo_db) as s:
        ca = engagement_summary(s, start=start, end=end, state="CA", actor=board)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Participants"] == f"{ca.totals.participants:,}"
    events = next(d.value for d in at.dataframe if "Event" in d.value.columns)
    assert set(events["State"]) == {"California"} and len(events) == ca.totals.events


def test_a_mentor_running_the_page_directly_is_refused(demo_db):
    refused = run_page_directly(demo_actor(demo_db, "mentor"), PAGE)
    assert "not available to your role (mentor)" in page_text(refused)
    assert not refused.metric


def _widget(at, kind: str, label: str):
    """A form widget by its label: its key changes after each successful save."""
    return next(w for w in getattr(at, kind) if w.label == label)


def _fill_event(at, name: str, participants: int, new: int):
    _widget(at, "text_input", "Event").input(name)
    _widget(at, "number_input", "Participants").set_value(participants)
    _widget(at, "number_input", "Of whom new").set_value(new)
    next(b for b in at.button if b.label == "Save event").click().run()
    return at


def test_an_event_with_more_new_people_than_participants_is_refused_and_kept(demo_db):
    at = _fill_event(open_page(demo_actor(demo_db, "staff"), PAGE), "Harlem circle", 12, 15)
    assert not at.exception
    assert "new participants cannot exceed participants" in " ".join(e.value for e in at.error)
    assert _widget(at, "text_input", "Event").value == "Harlem circle"
    assert _widget(at, "number_input", "Participants").value == 12
    assert _widget(at, "number_input", "Of whom new").value == 15


def test_staff_record_an_event_and_the_form_clears_and_the_participants_tile_grows(demo_db):
    staff = demo_actor(demo_db, "staff")
    at = open_page(staff, PAGE)
    before = {m.label: m.value for m in at.metric}["Participants"]
    at = _fill_event(at, "Harlem circle", 12, 5)
    assert not at.exception
    assert "Saved: Harlem circle" in page_text(at)
    assert _widget(at, "text_input", "Event").value == ""
    assert _widget(at, "number_input", "Participants").value == 0
    after = {m.label: m.value for m in at.metric}["Participants"]
    assert int(after.replace(",", "")) == int(before.replace(",", "")) + 12


def test_staff_import_a_file_of_events(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    today = date.today().isoformat()
    content = (
        "date,event,kind,state,participants,new_participants\n"
        f"{today},Fresno listening session,listening_session,CA,30,10\n"
        f"{today},Buffalo training,training,NY,18,18\n"
    ).encode()
    nonce = at.session_state["cm_events_file_nonce"]
    at.file_uploader(key=f"cm_events_file_file_{nonce}").upload("events.csv", content, "text/csv")
    at.run()
    at.button(key="cm_events_file_import").click().run()
    assert not at.exception
    assert "Imported 2 events (48 participants)." in page_text(at)


def test_adding_a_program_refused_keeps_the_input_and_a_good_save_clears_and_confirms(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    taken = next(r for r in at.data_editor if "Archived" in r.value.columns).value["Program"][0]
    _widget(at, "text_area", "What it is").input("A youth circle in Fresno")
    _widget(at, "text_input", "Program name").input(taken)
    next(b for b in at.button if b.label == "Add program").click().run()
    assert not at.exception
    assert "is already recorded" in " ".join(e.value for e in at.error)
    assert _widget(at, "text_area", "What it is").value == "A youth circle in Fresno"
    _widget(at, "text_input", "Program name").input("Fresno youth circle")
    next(b for b in at.button if b.label == "Add program").click().run()
    assert "Program added: Fresno youth circle." in page_text(at)
    assert _widget(at, "text_input", "Program name").value == ""


def _edit(at, key: str, rows: dict) -> None:
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def test_correcting_an_event_in_the_table_saves_it_and_a_bad_cell_is_refused(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    first = next(d for d in at.data_editor if "Event" in d.value.columns).value["Event"][0]
    _edit(at, "cm_events_0", {0: {"New": 10**7}})
    next(b for b in at.button if b.label == "Save event changes").click().run()
    assert "Nothing was saved" in page_text(at)
    assert f"“{first}”" in page_text(at)
    _edit(at, "cm_events_0", {0: {"Event": first + " (corrected)"}})
    next(b for b in at.button if b.label == "Save event changes").click().run()
    assert not at.exception
    assert "Saved 1 event(s)." in page_text(at)
    grid = next(d for d in at.data_editor if "Event" in d.value.columns)
    assert grid.value["Event"][0] == first + " (corrected)"


def test_an_empty_organization_says_where_the_first_event_is_added(fresh_admin):  # noqa: F811
    at = open_page(fresh_admin, PAGE)
    assert not at.exception
    assert "Record the first one under “Add events” below" in page_text(at)
    assert "No programs yet: add the first one below." in page_text(at)
