"""Board meetings page: the next meeting and its carried-over actions, engagement figures,
closing action items, recording a meeting, and who may see it."""

from datetime import date, timedelta

from gfj_core.db import session_scope
from gfj_core.services.board_meetings import meetings_book
from tests.conftest import demo_actor
from tests.ui.apptest import open_expander, open_page, open_tab, page_text, run_page_directly

TABS = "meetings_tab"


def book(demo_db, actor):
    with session_scope(demo_db) as s:
        return meetings_book(s, today=date.today(), actor=actor)


def test_the_board_sees_the_next_meeting_its_carry_over_and_engagement(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/meetings.py")
    assert not at.exception
    b = book(demo_db, board)
    text = page_text(at)
    assert "Board meeting, December 2026" in text
    assert "open action items carry over to it" in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Board attendance"] == f"{b.engagement.board_attendance_rate * 100:.0f}%"
    assert metrics["Board members in committee work"] == (
        f"{b.engagement.board_members_in_committee_work} of {b.engagement.board_members}"
    )
    assert f"Open action items ({len(b.open_actions)})" in text
    # The attendance chart is drawn on its own tab, and only once that tab is open.
    assert [t.label for t in at.tabs][:3] == ["Action items", "Meeting record", "Attendance"]
    assert not at.get("plotly_chart")
    open_tab(at, TABS, "Attendance")
    assert len(at.get("plotly_chart")) == 1  # attendance by meeting


def _submit(at, label: str):
    return next(b for b in at.form_submit_button if b.label == label)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_closing_an_action_item_in_the_table_saves_it(demo_db):
    board = demo_actor(demo_db, "board")
    before = book(demo_db, board).open_actions
    at = open_page(board, "pages/meetings.py")
    at.session_state["actions_0"] = {
        "edited_rows": {0: {"Status": "Done"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="actions_save").click()
    at.run()
    assert not at.exception
    assert "1 action item updated." in page_text(at)
    after = book(demo_db, board).open_actions
    assert [a.id for a in after] == [a.id for a in before[1:]]


def test_reassigning_and_redating_an_action_item_in_the_table(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    item = book(demo_db, ceo).open_actions[0]
    at = open_page(ceo, "pages/meetings.py")
    with session_scope(demo_db) as s:
        from gfj_core.services.board_meetings import people_choices

        people = people_choices(s, actor=ceo)
    other = next(p for p in people if p.id != item.owner_person_id)
    at.session_state["actions_0"] = {
        "edited_rows": {0: {"Owner": other.name, "Due": "2027-03-31"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="actions_save").click()
    at.run()
    assert not at.exception
    assert "1 action item updated." in page_text(at)
    moved = next(a for a in book(demo_db, ceo).open_actions if a.id == item.id)
    assert (moved.owner_person_id, moved.due_date) == (other.id, date(2027, 3, 31))


def test_adding_an_action_between_meetings_refused_keeps_the_input_then_clears(demo_db):
    board = demo_actor(demo_db, "board")
    n = len(book(demo_db, board).open_actions)
    at = open_page(board, "pages/meetings.py")
    at.text_input(key="aa_title").input("Go")  # too short
    _submit(at, "Add action item").click().run()
    assert not at.exception
    assert "Not saved" in page_text(at)
    assert at.text_input(key="aa_title").value == "Go"
    at.text_input(key="aa_title").input("Draft the interim CEO's letter of appointment")
    _submit(at, "Add action item").click().run()
    assert not at.exception
    assert "Added the action item" in page_text(at)
    title = next(w for w in at.text_input if w.label == "Action")
    assert title.value == ""
    assert len(book(demo_db, board).open_actions) == n + 1


def test_correcting_a_held_meeting_refused_keeps_the_input_then_saves(demo_db):
    board = demo_actor(demo_db, "board")
    last = book(demo_db, board).last_held
    at = open_tab(open_page(board, "pages/meetings.py"), TABS, "Meeting record")
    chosen = next(
        m for m in book(demo_db, board).meetings if m.id == at.selectbox(key="meeting_choice").value
    )
    prefix = f"cm_{chosen.id}_"
    # The correction form is drawn only once its expander is open (ui.widgets.lazy_expander).
    assert not [w for w in at.text_input if str(w.key).startswith(prefix)]
    open_expander(at, f"{prefix}{chosen.version}_open")
    attended = next(
        w for w in at.multiselect if str(w.key).startswith(prefix) and w.label == "Attended"
    )
    title = next(w for w in at.text_input if str(w.key).startswith(prefix))
    title.input("Corrected title")
    attended.set_value([])
    _submit(at, "Save the corrected record").click().run()
    assert not at.exception
    assert "Tick who attended." in page_text(at)
    title = next(w for w in at.text_input if str(w.key).startswith(prefix))
    assert title.value == "Corrected title"
    attended = next(
        w for w in at.multiselect if str(w.key).startswith(prefix) and w.label == "Attended"
    )
    invited = next(
        w for w in at.multiselect if str(w.key).startswith(prefix) and w.label == "Invited"
    )
    attended.set_value(invited.value[:2])
    _submit(at, "Save the corrected record").click().run()
    assert not at.exception
    assert "Corrected the record of Corrected title." in page_text(at)
    fixed = next(m for m in book(demo_db, board).meetings if m.id == last.id)
    assert (fixed.title, fixed.present) == ("Corrected title", 2)


def test_recording_a_meeting_with_a_decision_and_an_action(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    at = open_tab(open_page(ceo, "pages/meetings.py"), TABS, "Record or schedule a meeting")
    at.date_input(key="rm_date").set_value(date.today())
    at.text_input(key="rm_title").input("Special board meeting")
    invited = at.multiselect(key="rm_invited").value
    at.multiselect(key="rm_attended").set_value(invited[:7])
    at.text_area(key="rm_agenda").input("Search approach\nBudget")
    at.text_area(key="rm_decisions").input("[Resolution 2026-11] Internal-first search adopted.")
    _submit(at, "Save the meeting").click()
    at.run()
    assert not at.exception
    assert "Saved: Special board meeting" in page_text(at)
    b = book(demo_db, ceo)
    assert b.last_held.title == "Special board meeting"
    assert (b.last_held.present, b.last_held.decisions) == (7, 1)
    assert next(w for w in at.text_input if w.label == "Title" and "rm_" in str(w.key)).value == ""


def test_a_meeting_in_the_future_cannot_be_recorded_as_held_and_the_form_keeps_its_input(demo_db):
    at = open_page(demo_actor(demo_db, "board"), "pages/meetings.py")
    at = open_tab(at, TABS, "Record or schedule a meeting")
    at.date_input(key="rm_date").set_value(date.today() + timedelta(days=30))
    at.text_input(key="rm_title").input("Far future")
    at.multiselect(key="rm_attended").set_value(at.multiselect(key="rm_invited").value[:2])
    _submit(at, "Save the meeting").click()
    at.run()
    text = page_text(at)
    assert "Not saved" in text
    assert "A meeting in the future can be scheduled" in text
    assert at.text_input(key="rm_title").value == "Far future"


def test_the_meetings_page_is_refused_to_staff_and_treasurer_when_run_directly(demo_db):
    for user in ("staff", "treasurer"):
        at = run_page_directly(demo_actor(demo_db, user), "pages/meetings.py")
        assert "not available to your role" in page_text(at)
        assert not at.metric


def test_the_next_meeting_offers_an_add_to_calendar_download(demo_db):
    from icalendar import Calendar

    at = open_page(demo_actor(demo_db, "board"), "pages/meetings.py")
    (button,) = [b for b in at.get("download_button") if b.proto.label.startswith("Add to cal")]
    assert button.proto.label == "Add to calendar (.ics)"
    # The file itself is the service's (tests/services/test_calendar_feed.py parses it).
    from gfj_core.services.calendar_feed import meeting_ics

    b = book(demo_db, demo_actor(demo_db, "board"))
    with session_scope(demo_db) as s:
        body = meeting_ics(s, b.next_scheduled.id, actor=demo_actor(demo_db, "board"))
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Board meeting, December 2026"
