"""Long lists (ui/finder.py), on Manage the pipeline with more leaders and people than a page
draws whole: a table shows the first rows with a count and a finder, an edit made among the rows
found saves the row it was made on, and a long picker offers the first names and finds the rest
(what a refused form kept stays chosen while the finder changes)."""

from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import EmergingLeader, Person
from gfj_core.schemas.pipeline import LeaderCreate
from gfj_core.services.pipeline_admin import add_leader
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text
from ui.finder import MANY
from ui.forms import table_key

PAGE = "pages/pipeline.py"
EXTRA = MANY + 20


def _crowd(engine) -> None:
    """EXTRA more leaders (named "Zora Later NN", so they sort after the demo's) and as many
    people outside the pipeline."""
    ceo = demo_actor(engine, "ceo")
    with session_scope(engine, write=True, actor=ceo) as s:
        for n in range(EXTRA):
            add_leader(
                s,
                LeaderCreate(
                    new_person_name=f"Zora Later {n:02d}",
                    target_role="Director",
                    cohort_start=date(2026, 1, 5),
                ),
                actor=ceo,
            )
            s.add(Person(full_name=f"Zeke Outside {n:02d}"))


def _rows(at) -> list[str]:
    return at.data_editor[0].value["Leader"].tolist()


def test_a_long_table_shows_the_first_rows_and_saves_an_edit_made_among_those_found(demo_db):
    _crowd(demo_db)
    with session_scope(demo_db) as s:
        total = s.query(EmergingLeader).count()
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert not at.exception
    assert len(_rows(at)) == MANY
    assert "Zora Later 69" not in _rows(at)
    assert f"Showing {MANY} of {total} leaders" in page_text(at)

    at.text_input(key="pl_leaders_find").input("later 69").run()
    assert _rows(at) == ["Zora Later 69"]
    assert f"Showing 1 of 1 leaders matching “later 69” ({total} in all)" in page_text(at)
    at.session_state[table_key("pl_leaders", 0, "later 69")] = {
        "edited_rows": {0: {"Target role": "Chief of staff"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.label == "Save leader changes").click().run()
    assert not at.exception
    assert "Saved 1 leader(s)." in page_text(at)
    with session_scope(demo_db) as s:
        roles = dict(
            s.execute(
                select(Person.full_name, EmergingLeader.target_role).join(
                    EmergingLeader, EmergingLeader.person_id == Person.id
                )
            ).all()
        )
    assert roles["Zora Later 69"] == "Chief of staff"
    assert roles["Zora Later 00"] == "Director"  # the first row drawn unfiltered is untouched


def test_a_long_picker_offers_the_first_names_and_finds_the_rest(demo_db):
    _crowd(demo_db)
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    picker = at.selectbox(key="pl_new_leader_person_id")
    assert len(picker.options) == MANY  # "a new person" and the first names
    assert "Zeke Outside 69" not in picker.options

    at.text_input(key="pl_new_leader_person_id_find").input("outside 69").run()
    picker = at.selectbox(key="pl_new_leader_person_id")
    assert "Zeke Outside 69" in picker.options
    with session_scope(demo_db) as s:
        zeke = s.scalar(select(Person.id).where(Person.full_name == "Zeke Outside 69"))
    picker.set_value(zeke)
    next(b for b in at.button if b.label == "Add leader").click().run()  # no target role
    assert at.error
    with session_scope(demo_db) as s:
        assert not s.scalar(select(EmergingLeader.id).where(EmergingLeader.person_id == zeke))
    # A refused form keeps its pick, offered whatever the finder now says.
    at.text_input(key="pl_new_leader_person_id_find").input("outside 01").run()
    picker = at.selectbox(key="pl_new_leader_person_id")
    assert picker.value == zeke
    assert "Zeke Outside 01" in picker.options
    next(w for w in at.text_input if w.label == "Target role").input("Director")
    next(b for b in at.button if b.label == "Add leader").click().run()
    assert not at.exception
    with session_scope(demo_db) as s:
        assert s.scalar(select(EmergingLeader.id).where(EmergingLeader.person_id == zeke))
