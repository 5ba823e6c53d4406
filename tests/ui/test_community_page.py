"""Community engagement: tiles and tables from the service for the chosen period and state;
staff record and import events, and a refused event keeps what was typed."""

from datetime import date

from gfj_core.db import session_scope
from gfj_core.services.community import engagement_summary, twelve_months_to
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

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
    assert set(events["State"]) == {"CA"} and len(events) == ca.totals.events


def test_a_mentor_running_the_page_directly_is_refused(demo_db):
    refused = run_page_directly(demo_actor(demo_db, "mentor"), PAGE)
    assert "not available to your role (mentor)" in page_text(refused)
    assert not refused.metric


def _fill_event(at, name: str, participants: int, new: int):
    at.text_input(key="cm_ev_name").input(name)
    at.date_input(key="cm_ev_date").set_value(date.today())
    at.number_input(key="cm_ev_participants").set_value(participants)
    at.number_input(key="cm_ev_new").set_value(new)
    next(b for b in at.button if b.label == "Save event").click().run()
    return at


def test_an_event_with_more_new_people_than_participants_is_refused_and_kept(demo_db):
    at = _fill_event(open_page(demo_actor(demo_db, "staff"), PAGE), "Harlem circle", 12, 15)
    assert not at.exception
    assert "new participants cannot exceed participants" in " ".join(e.value for e in at.error)
    assert at.text_input(key="cm_ev_name").value == "Harlem circle"
    assert at.number_input(key="cm_ev_participants").value == 12
    assert at.number_input(key="cm_ev_new").value == 15


def test_staff_record_an_event_and_the_participants_tile_grows(demo_db):
    staff = demo_actor(demo_db, "staff")
    at = open_page(staff, PAGE)
    before = {m.label: m.value for m in at.metric}["Participants"]
    at = _fill_event(at, "Harlem circle", 12, 5)
    assert not at.exception
    assert "Saved: Harlem circle" in page_text(at)
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
    at.file_uploader(key=f"cm_file_{at.session_state['cm_nonce']}").upload(
        "events.csv", content, "text/csv"
    )
    at.run()
    at.button(key="cm_import").click().run()
    assert not at.exception
    assert "Imported 2 events (48 participants)." in page_text(at)
