"""Leader development: each form keeps what was typed when refused, and a good save clears it and
confirms; a removal needs its confirmation; a mentor sees only their own mentees' records and
neither the catalogue nor outcomes; the board and staff are refused."""

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import (
    EmergingLeader,
    Person,
    StrategicExposure,
    TrainingCompletion,
    TrainingModule,
)
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/leader_development.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _by_key(at, kind: str, start: str):
    """A form widget by its key's start: the key changes after each successful save."""
    return next(w for w in getattr(at, kind) if str(w.key).startswith(start))


def _leader_id(engine, name: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(EmergingLeader.id).join(Person).where(Person.full_name == name))


def _module_ids(engine, leader_id: int) -> tuple[int, int]:
    """(a module the leader completed, a live module they have not)."""
    with session_scope(engine) as s:
        done = set(
            s.scalars(
                select(TrainingCompletion.module_id).where(
                    TrainingCompletion.leader_id == leader_id
                )
            )
        )
        live = s.scalars(select(TrainingModule.id).where(TrainingModule.retired_on.is_(None)))
        live = list(live)
    return next(m for m in live if m in done), next(m for m in live if m not in done)


def test_adding_a_module_refused_keeps_the_input_and_a_good_save_clears_and_confirms(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert not at.exception
    _by_key(at, "number_input", "dev_module_hours").set_value(5)
    _by_key(at, "text_area", "dev_module_description").input("Reading a 990")
    _button(at, "Add module").click().run()
    assert "This is required." in page_text(at)
    assert _by_key(at, "number_input", "dev_module_hours").value == 5
    assert _by_key(at, "text_area", "dev_module_description").value == "Reading a 990"

    _by_key(at, "text_input", "dev_module_name").input("Board finance literacy")
    _button(at, "Add module").click().run()
    assert not at.exception
    assert "Added the module “Board finance literacy” to the catalogue." in page_text(at)
    assert _by_key(at, "text_input", "dev_module_name").value == ""
    assert "Board finance literacy" in at.data_editor[0].value["Module"].tolist()


def test_a_mentor_records_a_completion_refused_twice_then_confirmed_and_cleared(demo_db):
    mentor = demo_actor(demo_db, "mentor")
    at = open_page(mentor, PAGE)
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Completions", "Strategic exposure"]
    leader = _by_key(at, "selectbox", "dev_done_leader_id").value
    done, not_done = _module_ids(demo_db, leader)
    _by_key(at, "selectbox", "dev_done_module_id").set_value(done)
    _by_key(at, "text_input", "dev_done_evidence").input("Certificate 42")
    _button(at, "Record completion").click().run()
    assert "Someone else added this completion" in page_text(at)
    assert _by_key(at, "text_input", "dev_done_evidence").value == "Certificate 42"

    _by_key(at, "selectbox", "dev_done_module_id").set_value(not_done)
    _button(at, "Record completion").click().run()
    assert not at.exception
    assert " completed " in page_text(at)
    assert _by_key(at, "text_input", "dev_done_evidence").value == ""
    with session_scope(demo_db) as s:
        assert s.scalar(
            select(TrainingCompletion.evidence).where(
                TrainingCompletion.leader_id == leader, TrainingCompletion.module_id == not_done
            )
        ) == ("Certificate 42")


def test_recording_exposure_without_the_decision_keeps_the_input_then_confirms(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    _by_key(at, "selectbox", "dev_exp_part").set_value("led")
    _by_key(at, "text_area", "dev_exp_reflection").input("I chaired the budget discussion.")
    _button(at, "Record exposure").click().run()
    assert "This is required." in page_text(at)
    assert _by_key(at, "selectbox", "dev_exp_part").value == "led"
    assert _by_key(at, "text_area", "dev_exp_reflection").value == (
        "I chaired the budget discussion."
    )

    _by_key(at, "text_input", "dev_exp_description").input("Approve the 2027 budget")
    _button(at, "Record exposure").click().run()
    assert not at.exception
    assert "Recorded “Approve the 2027 budget”" in page_text(at)
    assert _by_key(at, "text_area", "dev_exp_reflection").value == ""


def test_recording_an_outcome_without_a_role_keeps_the_input_then_confirms(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    _by_key(at, "text_input", "dev_out_org").input("Bronx Youth Alliance")
    _by_key(at, "selectbox", "dev_out_eff").set_value(4)
    _button(at, "Record outcome").click().run()
    assert "This is required." in page_text(at)
    assert _by_key(at, "text_input", "dev_out_org").value == "Bronx Youth Alliance"
    assert _by_key(at, "selectbox", "dev_out_eff").value == 4

    _by_key(at, "text_input", "dev_out_role").input("Executive director")
    _button(at, "Record outcome").click().run()
    assert not at.exception
    assert "next role." in page_text(at)
    assert _by_key(at, "text_input", "dev_out_org").value == ""


def test_removing_an_exposure_needs_the_confirmation_and_then_says_what_went(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert "Remove this exposure…" not in [b.label for b in at.button]  # nothing picked yet
    with session_scope(demo_db) as s:
        first = s.scalar(select(StrategicExposure.id).order_by(StrategicExposure.id))
    at.selectbox(key="dev_exp_rm_pick").set_value(first).run()
    _button(at, "Remove this exposure…").click().run()
    assert "Nothing else goes with it" in page_text(at)
    _button(at, "Yes, remove it").click().run()
    assert not at.exception
    assert "Removed the exposure “" in page_text(at)


def test_clearing_a_modules_name_in_the_table_is_refused_and_the_edit_kept(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    at.session_state["dev_modules_0"] = {
        "edited_rows": {0: {"Module": None}},
        "added_rows": [],
        "deleted_rows": [],
    }
    _button(at, "Save module changes").click().run()
    text = page_text(at)
    assert "Nothing was saved" in text and "This is required." in text
    assert at.session_state["dev_modules_0"]["edited_rows"]


def test_a_mentor_sees_only_their_mentees_records(demo_db):
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    for grid in at.data_editor:
        assert set(grid.value["Leader"]) <= {"Jamal Whitaker", "Elena Marquez", "Sofia Benitez"}
    assert "Add module" not in [b.label for b in at.button]
    assert "Record outcome" not in [b.label for b in at.button]


def test_the_board_and_staff_are_refused_the_page(demo_db):
    for who in ("board", "staff"):
        refused = run_page_directly(demo_actor(demo_db, who), PAGE)
        assert f"not available to your role ({who})" in page_text(refused)
