"""Log a session: a mentor logs for their own mentees only, problems appear next to the field
with everything typed kept, and a save is confirmed and lands in the database."""

from datetime import date, timedelta

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import EmergingLeader, MentoringSession, Person, SessionActionItem
from gfj_core.services.mentoring import session_form_context
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/log_session.py"
# data/demo/leaders.yaml: the demo mentor (Yvette Sandoval) mentors these three leaders.
YVETTE_MENTEES = {"Elena Marquez", "Jamal Whitaker", "Sofia Benitez"}


def _leader_id(engine, name: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(
            select(EmergingLeader.id)
            .join(Person, Person.id == EmergingLeader.person_id)
            .where(Person.full_name == name)
        )


def _flat(node):
    """Every element and block of the page in the order it is drawn."""
    for child in (getattr(node, "children", None) or {}).values():
        yield child
        yield from _flat(child)


def _element_after(at, key: str):
    """The first element drawn after the widget with this key (skipping layout blocks)."""
    elements = [e for e in _flat(at._tree) if getattr(e, "type", None) not in (None, "column")]
    elements = [e for e in elements if type(e).__name__ != "Block"]
    i = next(n for n, e in enumerate(elements) if getattr(e, "key", None) == key)
    return elements[i + 1]


def _save(at):
    next(b for b in at.button if b.label == "Save session").click().run()
    return at


def test_a_mentor_sees_only_own_mentees_with_today_and_the_last_mentee_as_defaults(demo_db):
    mentor = demo_actor(demo_db, "mentor")
    at = open_page(mentor, PAGE)
    assert not at.exception
    leader = at.selectbox(key="ls_leader")
    # Options read "Name · last session Nov 20"; the names are exactly her three mentees.
    labels = {o.split(" · ")[0] for o in leader.options}
    assert labels == YVETTE_MENTEES
    with session_scope(demo_db) as s:
        ctx = session_form_context(s, today=date.today(), actor=mentor)
    assert leader.value == ctx.default_leader_id is not None
    assert at.date_input(key="ls_date").value == date.today()
    assert at.number_input(key="ls_minutes").value == 60
    assert "Private notes are seen by you alone" in page_text(at)


def test_a_session_with_an_action_item_and_a_private_note_is_saved_and_confirmed(demo_db):
    elena = _leader_id(demo_db, "Elena Marquez")
    held = date.today() - timedelta(days=1)
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    at.selectbox(key="ls_leader").set_value(elena)
    at.date_input(key="ls_date").set_value(held)
    at.number_input(key="ls_minutes").set_value(45)
    at.multiselect(key="ls_topics").set_value(["Fundraising"])
    at.text_area(key="ls_shared").input("Planned the spring appeal together.")
    at.text_area(key="ls_private").input("Worried about her workload; check in gently.")
    at.text_input(key="ls_act0_0_desc").input("Draft the appeal letter")
    at.date_input(key="ls_act0_0_due").set_value(date(2030, 1, 15))
    at.date_input(key="ls_next").set_value(held + timedelta(days=14))
    _save(at)
    assert not at.exception
    text = page_text(at)
    assert (
        f"Saved: 45-minute session with Elena Marquez on {held:%b} {held.day}, {held.year}, 1 action item."
        in (text)
    )

    with session_scope(demo_db) as s:
        saved = s.scalar(
            select(MentoringSession).where(
                MentoringSession.leader_id == elena, MentoringSession.held_on == held
            )
        )
        assert saved is not None
        assert (saved.minutes, saved.topics, saved.private_notes) == (
            45,
            "Fundraising",
            "Worried about her workload; check in gently.",
        )
        assert [(i.description, i.due_on, i.done) for i in saved.action_items] == [
            ("Draft the appeal letter", date(2030, 1, 15), False)
        ]
    # The form is fresh for the next session, and the new one can be corrected for 7 days.
    assert at.text_area(key="ls_private").value == ""
    assert any(
        e.label.startswith(f"Elena Marquez · {held:%b} {held.day}, {held.year}")
        for e in at.expander
    )
    assert at.text_input(key="ls_act1_0_desc").value == ""
    assert at.date_input(key="ls_act1_0_due").value is None
    # The new action joins the mentor's open items, with its leader and due date beside it.
    assert "Draft the appeal letter" in [c.label for c in at.checkbox]
    assert "Elena Marquez · due Jan 15, 2030" in page_text(at)


def test_a_mentor_ticks_open_action_items_done(demo_db):
    mentor = demo_actor(demo_db, "mentor")
    with session_scope(demo_db) as s:
        items = session_form_context(s, today=date.today(), actor=mentor).open_action_items
    assert len(items) >= 2
    first = items[0]
    at = open_page(mentor, PAGE)
    at.checkbox(key=f"ls_done_{first.id}").check()
    next(b for b in at.button if b.label == "Mark ticked actions done").click().run()
    assert not at.exception
    assert "1 action item marked done." in page_text(at)
    with session_scope(demo_db) as s:
        item = s.get(SessionActionItem, first.id)
        assert (item.done, item.done_on) == (True, date.today())
    # It leaves the list; the others stay.
    open_boxes = [c for c in at.checkbox if c.key.startswith("ls_done_")]
    assert len(open_boxes) == len(items) - 1


def test_a_refused_save_names_the_field_and_keeps_everything_typed(demo_db):
    elena = _leader_id(demo_db, "Elena Marquez")
    today = date.today()
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    at.selectbox(key="ls_leader").set_value(elena)
    at.text_area(key="ls_shared").input("Shared words")
    at.text_area(key="ls_private").input("Private words")
    at.date_input(key="ls_next").set_value(today - timedelta(days=3))
    _save(at)
    assert not at.exception
    assert "The session was not saved" in page_text(at)
    problem = _element_after(at, "ls_next")
    assert problem.type == "alert" or type(problem).__name__ == "Error"
    assert problem.value == "The next session must come after this one."
    # Nothing written, and the form still holds what was typed.
    with session_scope(demo_db) as s:
        assert not s.scalars(
            select(MentoringSession).where(MentoringSession.shared_notes == "Shared words")
        ).all()
    assert at.selectbox(key="ls_leader").value == elena
    assert at.text_area(key="ls_shared").value == "Shared words"
    assert at.text_area(key="ls_private").value == "Private words"
    assert at.date_input(key="ls_next").value == today - timedelta(days=3)

    # Fixing the one field saves it, with the confirmation.
    at.date_input(key="ls_next").set_value(today + timedelta(days=7))
    _save(at)
    assert "Saved: 60-minute session with Elena Marquez" in page_text(at)
    assert "The session was not saved" not in page_text(at)


def test_a_future_date_is_refused_under_the_date_field(demo_db):
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    at.date_input(key="ls_date").set_value(date.today() + timedelta(days=2))
    at.text_area(key="ls_shared").input("Not yet held")
    _save(at)
    problem = _element_after(at, "ls_date")
    assert problem.value == "A session cannot be dated in the future."
    assert at.text_area(key="ls_shared").value == "Not yet held"


def test_the_board_and_staff_are_refused_when_running_the_page_directly(demo_db):
    for role in ("board", "staff"):
        refused = run_page_directly(demo_actor(demo_db, role), PAGE)
        assert f"“Log a session” is not available to your role ({role})." in page_text(refused)
        assert not refused.selectbox and not refused.text_area


def test_add_action_gives_one_more_small_block_and_keeps_what_was_typed(demo_db):
    """On a phone the grid's Done column read "D": each action is its own small block, and
    "Add action" adds one, keeping what was typed (issue 22)."""
    elena = _leader_id(demo_db, "Elena Marquez")
    held = date.today() - timedelta(days=2)
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    assert not at.data_editor
    at.selectbox(key="ls_leader").set_value(elena)
    at.date_input(key="ls_date").set_value(held)
    at.text_area(key="ls_shared").input("Board prep.")
    at.text_input(key="ls_act0_0_desc").input("Send the board memo")
    next(b for b in at.button if b.label == "Add action").click().run()
    assert at.text_input(key="ls_act0_0_desc").value == "Send the board memo"
    at.text_input(key="ls_act0_1_desc").input("Book the venue")
    at.checkbox(key="ls_act0_1_done").check()
    _save(at)
    assert not at.exception
    with session_scope(demo_db) as s:
        saved = s.scalar(
            select(MentoringSession).where(
                MentoringSession.leader_id == elena, MentoringSession.held_on == held
            )
        )
        assert sorted((i.description, i.done) for i in saved.action_items) == [
            ("Book the venue", True),
            ("Send the board memo", False),
        ]
