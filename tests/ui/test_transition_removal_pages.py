"""Deleting from the transition pages (issue 15): each Delete names what goes with the row, or
says why it cannot go yet and offers nothing to confirm; a confirmed delete removes the row, is
audited and says so under the tools; the board sees no Delete. The new-record forms come back
empty in the browser after a good save (fresh widget keys)."""

from datetime import date

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.models import (
    AuditLog,
    ChecklistItem,
    KeyRelationship,
    KnowledgeCapability,
    KnowledgeFunction,
    Milestone,
    MilestoneDependency,
    Phase,
)
from gfj_core.schemas.auth import SYSTEM
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text

TIMELINE = "pages/timeline.py"
CONTINUITY = "pages/continuity.py"
CHECKLIST = "pages/checklist.py"


def _button(at, key: str):
    return next(b for b in at.button if b.key == key)


def _md(at) -> list[str]:
    return [x.value for x in at.markdown]


def _warnings(at) -> list[str]:
    return [x.value for x in at.warning]


def _has_button(at, key: str) -> bool:
    return any(b.key == key for b in at.button)


def _deleted(engine, entity: str, entity_id: int) -> bool:
    with session_scope(engine) as s:
        return bool(
            s.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(
                    AuditLog.entity == entity,
                    AuditLog.entity_id == str(entity_id),
                    AuditLog.action == "delete",
                )
            )
        )


def test_a_phase_with_milestones_cannot_be_deleted_and_an_empty_one_is(demo_db):
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        full = s.scalars(select(Phase).order_by(Phase.position)).first()
        held = s.scalar(select(func.count()).where(Milestone.phase_id == full.id))
        empty = Phase(
            name="Afterwards", position=99, start_date=date(2028, 1, 1), end_date=date(2028, 6, 30)
        )
        s.add(empty)
        s.flush()
        full_id, full_name, empty_id = full.id, full.name, empty.id
    at = open_page(demo_actor(demo_db, "ceo"), TIMELINE)
    at.session_state["tl_tabs"] = "Phases"
    at.run()
    at.selectbox(key="tl_ph_tools_pick").set_value(full_id).run()
    assert md(f"“{full_name}” still holds {held} milestones") in page_text(at)
    assert not _has_button(at, f"tl_ph_tools_delete_{full_id}")  # nothing to confirm

    at.selectbox(key="tl_ph_tools_pick").set_value(empty_id).run()
    _button(at, f"tl_ph_tools_delete_{empty_id}").click().run()
    assert "Delete **Afterwards**? This cannot be undone" in page_text(at)
    _button(at, f"tl_ph_tools_yes_{empty_id}").click().run()
    assert not at.exception
    assert "Deleted “Afterwards”." in [x.value for x in at.success]
    assert at.session_state["tl_tabs"] == "Phases"
    with session_scope(demo_db) as s:
        assert s.get(Phase, empty_id) is None and s.get(Phase, full_id) is not None
    assert _deleted(demo_db, "phase", empty_id)


def test_deleting_a_milestone_names_its_dependency_links(demo_db):
    with session_scope(demo_db) as s:
        link = s.scalars(select(MilestoneDependency).order_by(MilestoneDependency.id)).first()
        target = s.get(Milestone, link.milestone_id)
        target_id, title = target.id, md(target.title)
    at = open_page(demo_actor(demo_db, "ceo"), TIMELINE)
    at.selectbox(key="tl_pick").set_value(target_id).run()
    _button(at, f"tl_m_delete_{target_id}").click().run()
    assert any(
        f"Delete **{title}** with its " in m and "dependency link" in m for m in _warnings(at)
    )
    _button(at, f"tl_m_yes_{target_id}").click().run()
    assert not at.exception
    assert f"Deleted “{title}”." in [x.value for x in at.success]
    with session_scope(demo_db) as s:
        assert s.get(Milestone, target_id) is None


def test_deleting_a_register_row_names_who_can_do_it_and_removes_them_too(demo_db):
    with session_scope(demo_db) as s:
        f = s.scalars(select(KnowledgeFunction).order_by(KnowledgeFunction.id)).first()
        people = s.scalar(select(func.count()).where(KnowledgeCapability.function_id == f.id))
        fid, name = f.id, f.name
    assert people
    at = open_page(demo_actor(demo_db, "ceo"), CONTINUITY)
    at.session_state["ct_tabs"] = "Knowledge register"
    at.run()
    at.selectbox(key="ct_know_tools_pick").set_value(fid).run()
    word = "person" if people == 1 else "people"
    _button(at, f"ct_know_tools_delete_{fid}").click().run()
    assert f"who can do it ({people} {word} recorded)" in page_text(at)
    _button(at, f"ct_know_tools_yes_{fid}").click().run()
    assert not at.exception
    assert f"Deleted “{md(name)}”." in [x.value for x in at.success]
    with session_scope(demo_db) as s:
        assert s.get(KnowledgeFunction, fid) is None
        assert not s.scalar(select(func.count()).where(KnowledgeCapability.function_id == fid))
    assert _deleted(demo_db, "knowledge_function", fid)


def test_only_the_ledgers_own_relationships_are_offered_for_deletion(demo_db):
    with session_scope(demo_db) as s:
        rel = s.scalars(select(KeyRelationship).order_by(KeyRelationship.id)).first()
        rid, name = rel.id, rel.name
        own = s.scalar(select(func.count()).select_from(KeyRelationship))
    at = open_page(demo_actor(demo_db, "ceo"), CONTINUITY)
    at.session_state["ct_tabs"] = "Relationship handover"
    at.run()
    pick = at.selectbox(key="ct_rel_tools_pick")
    assert len(pick.options) == own  # funders are removed on the finance pages
    pick.set_value(rid).run()
    _button(at, f"ct_rel_tools_delete_{rid}").click().run()
    _button(at, f"ct_rel_tools_yes_{rid}").click().run()
    assert not at.exception
    assert f"Deleted “{md(name)}”." in [x.value for x in at.success]
    with session_scope(demo_db) as s:
        assert s.get(KeyRelationship, rid) is None


def test_the_ceo_deletes_a_checklist_item(demo_db):
    with session_scope(demo_db) as s:
        item = s.scalars(select(ChecklistItem).order_by(ChecklistItem.id)).first()
        iid, title = item.id, item.title
    at = open_page(demo_actor(demo_db, "ceo"), CHECKLIST)
    at.session_state["cl_tabs"] = "Edit in a table"
    at.run()
    at.selectbox(key="cl_item_tools_pick").set_value(iid).run()
    _button(at, f"cl_item_tools_delete_{iid}").click().run()
    _button(at, f"cl_item_tools_yes_{iid}").click().run()
    assert not at.exception
    assert f"Deleted “{md(title)}”." in [x.value for x in at.success]
    with session_scope(demo_db) as s:
        assert s.get(ChecklistItem, iid) is None
    assert _deleted(demo_db, "checklist_item", iid)


def test_the_board_sees_no_delete_on_any_transition_page(demo_db):
    board = demo_actor(demo_db, "board")
    for page in (TIMELINE, CONTINUITY, CHECKLIST):
        at = open_page(board, page)
        assert not at.exception
        assert not any("delete" in (b.key or "") for b in at.button), page
        assert "Yes, delete it" not in [b.label for b in at.button], page


def test_a_new_phase_form_comes_back_empty_after_a_save_and_keeps_a_refused_one(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), TIMELINE)
    at.session_state["tl_tabs"] = "Phases"
    at.run()
    at.text_input(key="tl_phase_new_name").input("   ")
    next(b for b in at.button if b.label == "Add phase").click().run()
    assert not at.exception
    assert at.text_input(key="tl_phase_new_name").value == "   "  # kept on refusal
    with session_scope(demo_db) as s:
        before = s.scalar(select(func.count()).select_from(Phase))
    at.text_input(key="tl_phase_new_name").input("Afterwards")
    next(b for b in at.button if b.label == "Add phase").click().run()
    assert "Added the phase “Afterwards”." in [x.value for x in at.success]
    # A fresh key: the browser draws a new, empty widget instead of keeping the old value.
    assert at.text_input(key="tl_phase_new_name~1").value == ""
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.count()).select_from(Phase)) == before + 1
