"""Manage the pipeline: each form keeps what was typed when refused, and a good save clears it
and confirms; a mentor sees only their own mentees' goals."""

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import EmergingLeader, Person
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/pipeline.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _widget(at, kind: str, label: str):
    """A form widget by its label: its key changes after each successful save."""
    return next(w for w in getattr(at, kind) if w.label == label)


def _person_id(engine, name: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(Person.id).where(Person.full_name == name))


def _leader_id(engine, name: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(EmergingLeader.id).join(Person).where(Person.full_name == name))


def test_adding_a_leader_refused_keeps_the_input_and_a_good_save_clears_and_confirms(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert not at.exception
    _widget(at, "text_input", "Target role").input("Program director")
    _button(at, "Add leader").click().run()
    assert "choose a person from the directory, or type a new name" in page_text(at)
    assert _widget(at, "text_input", "Target role").value == "Program director"

    _widget(at, "text_input", "Or a new person's full name").input("Quinn Newcomer")
    _button(at, "Add leader").click().run()
    assert not at.exception
    assert "Added the emerging leader." in page_text(at)
    assert _widget(at, "text_input", "Target role").value == ""
    assert _leader_id(demo_db, "Quinn Newcomer") is not None
    assert "Quinn Newcomer" in at.data_editor[0].value["Leader"].tolist()


def test_assigning_a_mentor_already_assigned_is_refused_then_a_new_pair_is_confirmed(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    yvette = _person_id(demo_db, "Yvette Sandoval")
    at.selectbox(key="pl_assign_leader_id").set_value(_leader_id(demo_db, "Elena Marquez"))
    at.selectbox(key="pl_assign_mentor_person_id").set_value(yvette)
    _button(at, "Assign mentor").click().run()
    assert "Someone else added this mentorship" in page_text(at)
    assert at.selectbox(key="pl_assign_mentor_person_id").value == yvette

    at.selectbox(key="pl_assign_leader_id").set_value(_leader_id(demo_db, "Darius Coleman"))
    _button(at, "Assign mentor").click().run()
    assert not at.exception
    assert "Yvette Sandoval now mentors Darius Coleman." in page_text(at)


def test_adding_a_goal_refused_keeps_the_input_and_a_good_save_clears_and_confirms(demo_db):
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    at.selectbox(key="pl_goal_kind").set_value("relationship")
    _widget(at, "number_input", "Progress %").set_value(30)
    _button(at, "Add goal").click().run()
    assert "This is required." in page_text(at)
    assert at.selectbox(key="pl_goal_kind").value == "relationship"
    assert _widget(at, "number_input", "Progress %").value == 30

    _widget(at, "text_input", "Goal").input("Meet the three largest funders")
    _button(at, "Add goal").click().run()
    assert not at.exception
    assert "Added the goal “Meet the three largest funders”" in page_text(at)
    assert _widget(at, "text_input", "Goal").value == ""
    assert _widget(at, "number_input", "Progress %").value == 0


def test_a_mentor_sees_only_the_goals_of_their_own_mentees_and_no_leader_tools(demo_db):
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    assert not at.exception
    assert not at.tabs and len(at.data_editor) == 1
    leaders = set(at.data_editor[0].value["Leader"])
    assert leaders <= {"Jamal Whitaker", "Elena Marquez", "Sofia Benitez"}
    assert "Darius Coleman" not in leaders
    assert "Add leader" not in [b.label for b in at.button]


def test_retiring_a_leader_in_the_table_without_a_date_is_refused_and_the_edit_kept(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    name = at.data_editor[0].value["Leader"][0]
    at.session_state["pl_leaders_0"] = {
        "edited_rows": {0: {"Status": "Left"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    _button(at, "Save leader changes").click().run()
    text = page_text(at)
    assert "Nothing was saved" in text and "Say when they graduated or left." in text
    assert f"“{name}”" in text
    assert at.session_state["pl_leaders_0"]["edited_rows"]


def test_the_board_and_staff_are_refused_the_page(demo_db):
    for who in ("board", "staff"):
        refused = run_page_directly(demo_actor(demo_db, who), PAGE)
        assert f"not available to your role ({who})" in page_text(refused)
