"""The one delete/retire panel (ui/removal.py), on two of its pages: a refused removal keeps the
pick and says why, with the database as it was; a confirmed one deletes the record, is audited,
says what went and empties the picker; a cancel leaves the database as it was."""

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.models import AuditLog, LegacyItem, Person
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.people import PersonCreate
from gfj_core.services.people import add_person
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text

PEOPLE = "pages/people.py"
LEGACY = "pages/legacy.py"


def _person_id(engine, name: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(Person.id).where(Person.full_name == name))


def _count(engine, model) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def _open_person(at, person_id: int):
    return at.selectbox(key="people_edit_choice").set_value(person_id).run()


def test_a_refused_removal_keeps_the_pick_and_says_why(demo_db):
    chair = _person_id(demo_db, "Marisol Vega-Brooks")  # named in board records
    before = _count(demo_db, Person)
    at = _open_person(open_page(demo_actor(demo_db, "admin"), PEOPLE), chair)
    at.button(key=f"people_remove_remove_{chair}").click().run()
    said = f"Remove **{md('Marisol Vega-Brooks')}** from the directory?"
    assert any(w.value.startswith(said) for w in at.warning)
    at.button(key=f"people_remove_yes_{chair}").click().run()
    assert not at.exception
    assert at.error, "the refusal is said"
    assert "was removed" not in page_text(at)
    assert at.selectbox(key="people_edit_choice").value == chair  # still open on them
    assert _person_id(demo_db, "Marisol Vega-Brooks") == chair
    assert _count(demo_db, Person) == before


def test_a_confirmed_removal_deletes_the_record_and_says_so(demo_db):
    admin = demo_actor(demo_db, "admin")
    with session_scope(demo_db, write=True, actor=admin) as s:
        added = add_person(s, data=PersonCreate(full_name="Nia Mistake"), actor=admin).id
    at = _open_person(open_page(admin, PEOPLE), added)
    at.button(key=f"people_remove_remove_{added}").click().run()
    at.button(key=f"people_remove_yes_{added}").click().run()
    assert not at.exception
    assert "Nia Mistake was removed." in [x.value for x in at.success]
    assert at.selectbox(key="people_edit_choice").value is None
    with session_scope(demo_db) as s:
        assert s.get(Person, added) is None
        assert s.scalar(
            select(func.count()).where(
                AuditLog.entity == "person",
                AuditLog.entity_id == str(added),
                AuditLog.action == "delete",
            )
        )


def test_a_cancelled_removal_leaves_the_database_as_it_was(demo_db):
    with session_scope(demo_db) as s:
        item = s.scalars(select(LegacyItem).order_by(LegacyItem.id)).first()
        item_id, title, version = item.id, item.title, item.version
    before = _count(demo_db, LegacyItem)
    at = open_page(demo_actor(demo_db, "staff"), LEGACY)
    at.selectbox(key="lg_del_item_pick").set_value(item_id).run()
    at.button(key=f"lg_del_item_delete_{item_id}").click().run()
    assert any("This cannot be undone" in w.value for w in at.warning)
    at.button(key=f"lg_del_item_no_{item_id}").click().run()
    assert not at.exception
    assert not any("This cannot be undone" in w.value for w in at.warning)
    assert f"lg_del_item_yes_{item_id}" not in [b.key for b in at.button]
    assert at.selectbox(key="lg_del_item_pick").value == item_id
    assert _count(demo_db, LegacyItem) == before
    with session_scope(demo_db) as s:
        kept = s.get(LegacyItem, item_id)
        assert (kept.title, kept.version) == (title, version)


def test_after_a_removal_the_picker_starts_empty(demo_db):
    with session_scope(demo_db) as s:
        item_id = s.scalars(select(LegacyItem.id).order_by(LegacyItem.id)).first()
    at = open_page(demo_actor(demo_db, "staff"), LEGACY)
    at.selectbox(key="lg_del_item_pick").set_value(item_id).run()
    at.button(key=f"lg_del_item_delete_{item_id}").click().run()
    at.button(key=f"lg_del_item_yes_{item_id}").click().run()
    assert not at.exception
    assert any(x.value.startswith("Deleted “") for x in at.success)
    assert at.selectbox(key="lg_del_item_pick_1").value is None
    with session_scope(demo_db) as s:
        assert s.get(LegacyItem, item_id) is None


def test_a_record_changed_after_the_confirmation_was_shown_is_refused_not_deleted(demo_db):
    with session_scope(demo_db) as s:
        item_id = s.scalars(select(LegacyItem.id).order_by(LegacyItem.id)).first()
    at = open_page(demo_actor(demo_db, "staff"), LEGACY)
    at.selectbox(key="lg_del_item_pick").set_value(item_id).run()
    at.button(key=f"lg_del_item_delete_{item_id}").click().run()  # the confirmation is shown
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        s.get(LegacyItem, item_id).title = "Renamed by someone else meanwhile"
    at.button(key=f"lg_del_item_yes_{item_id}").click().run()
    assert not at.exception
    assert at.error, "the stale removal is refused with its reason"
    assert not any(x.value.startswith("Deleted “") for x in at.success)
    assert at.selectbox(key="lg_del_item_pick").value == item_id  # the pick is kept
    with session_scope(demo_db) as s:
        assert s.get(LegacyItem, item_id).title == "Renamed by someone else meanwhile"
