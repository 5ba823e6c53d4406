"""Legacy & values: the values figures come from the service; a story without consent never
reaches anyone outside its editors; editors record consent and add stories."""

from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import LegacyItem, Story
from gfj_core.services.legacy import values_alignment
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/legacy.py"
# The demo's stories whose storytellers have not consented (data/demo/evaluation).
WITHOUT_CONSENT = ("Coming home", "Listening session, Fresno", "Rally day")


def everything_on_screen(at) -> str:
    """Page text plus every widget's label and options, where a title could also leak."""
    parts = [page_text(at)]
    for box in at.selectbox:
        parts.append(box.label)
        parts.extend(str(o) for o in box.options)
    for box in at.multiselect:
        parts.extend(str(o) for o in box.options)
    return "\n".join(parts)


def test_the_board_sees_the_values_figures_from_the_service(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    assert not at.exception
    with session_scope(demo_db) as s:
        va = values_alignment(s, actor=board)
    metrics = {m.label: m for m in at.metric}
    now, before = va.overall[-1][1], va.overall[-2][1]
    assert metrics["All nine values (1-5)"].value == f"{now:.2f}"
    assert metrics["All nine values (1-5)"].delta == f"{now - before:+.2f} on {va.rounds[-2].label}"
    rated = [v for v in va.values if v.latest is not None]
    assert metrics["Lived most strongly"].value == max(rated, key=lambda v: v.latest).value_name
    assert metrics["Most room to grow"].value == min(rated, key=lambda v: v.latest).value_name
    table = next(d.value for d in at.dataframe if "Value" in d.value.columns)
    assert list(table["Value"]) == [v.value_name for v in va.values]
    assert len(at.get("plotly_chart")) >= 2


def test_a_story_without_consent_is_never_shown_to_the_board(demo_db):
    at = open_page(demo_actor(demo_db, "board"), PAGE)
    text = everything_on_screen(at)
    assert "Finding my voice in a circle" in text  # a consented story is shown
    for title in WITHOUT_CONSENT:
        assert title not in text
    assert "No consent yet" not in text and "Draft" not in text
    assert "Only stories whose storytellers consented to sharing are shown." in text
    assert "Record consent" not in text and not at.form_submit_button


def test_editors_see_every_story_with_the_withheld_ones_marked(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    text = page_text(at)
    for title in WITHOUT_CONSENT:
        assert title in text
    assert "**3 without the storyteller's consent** are marked" in "\n".join(
        i.value for i in at.info
    )
    assert text.count("No consent yet: editors only") == 3


def test_roles_outside_the_evaluation_pages_are_refused_when_running_it_directly(demo_db):
    for role in ("mentor", "treasurer"):
        refused = run_page_directly(demo_actor(demo_db, role), PAGE)
        text = page_text(refused)
        assert f"not available to your role ({role})" in text
        assert "Finding my voice" not in text and not refused.metric


def _edit(at, key: str, rows: dict) -> None:
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def _story_row(at, title: str) -> int:
    grid = next(d for d in at.data_editor if "Consent" in d.value.columns)
    return list(grid.value["Title"]).index(title)


def test_consent_given_then_withdrawn_in_the_table_shows_then_hides_the_story(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    row = _story_row(at, "Coming home")
    _edit(at, "lg_story_table_0", {row: {"Consent": True}})
    next(b for b in at.button if b.label == "Save story changes").click().run()
    assert "Nothing was saved" in page_text(at)  # consent needs its date
    _edit(at, "lg_story_table_0", {row: {"Consent": True, "Consent on": date.today().isoformat()}})
    next(b for b in at.button if b.label == "Save story changes").click().run()
    assert not at.exception
    assert "Saved 1 story(s)." in page_text(at)
    board = everything_on_screen(open_page(demo_actor(demo_db, "board"), PAGE))
    assert "Coming home" in board and "Rally day" not in board

    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    _edit(at, "lg_story_table_0", {_story_row(at, "Coming home"): {"Consent": False}})
    next(b for b in at.button if b.label == "Save story changes").click().run()
    assert "Saved 1 story(s)." in page_text(at)
    board = everything_on_screen(open_page(demo_actor(demo_db, "board"), PAGE))
    assert "Coming home" not in board


def _widget(at, kind: str, label: str, form: str = ""):
    """A form widget by its label (and its form's key prefix): its key changes on each save."""
    return next(w for w in getattr(at, kind) if w.label == label and str(w.key).startswith(form))


def test_a_story_refused_for_a_missing_text_keeps_what_was_typed_then_saves_and_clears(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    _widget(at, "text_input", "Title", "lg_story_").input("Back at school")
    _widget(at, "text_input", "Storyteller, as they wish to be credited").input("Dani, Oakland")
    at.multiselect(key="lg_story_values").set_value(["Responsibility"])
    next(b for b in at.button if b.label == "Save story").click().run()
    assert not at.exception
    assert "This is required." in " ".join(e.value for e in at.error)
    assert _widget(at, "text_input", "Title", "lg_story_").value == "Back at school"
    assert _widget(at, "text_input", "Storyteller, as they wish to be credited").value == (
        "Dani, Oakland"
    )
    assert at.multiselect(key="lg_story_values").value == ["Responsibility"]
    with session_scope(demo_db) as s:
        assert s.scalar(select(Story.id).where(Story.title == "Back at school")) is None
    _widget(at, "text_area", "The story").input("I went back and finished the year.")
    next(b for b in at.button if b.label == "Save story").click().run()
    assert not at.exception
    assert "Story saved: Back at school." in page_text(at)
    assert _widget(at, "text_input", "Title", "lg_story_").value == ""


def test_a_register_entry_refused_keeps_the_input_then_saves_and_can_be_deleted(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    _widget(at, "text_input", "Where it is kept (archive items)").input("Box 12")
    next(b for b in at.button if b.label == "Add").click().run()
    assert "This is required." in " ".join(e.value for e in at.error)
    assert _widget(at, "text_input", "Where it is kept (archive items)").value == "Box 12"
    _widget(at, "text_input", "Title", "lg_item_").input("March posters, 1965")
    next(b for b in at.button if b.label == "Add").click().run()
    assert "Added to the register: March posters, 1965." in page_text(at)
    with session_scope(demo_db) as s:
        item_id = s.scalar(select(LegacyItem.id).where(LegacyItem.title == "March posters, 1965"))
    at.selectbox(key="lg_del_item_pick").set_value(item_id).run()
    at.button(key=f"lg_del_item_delete_{item_id}").click().run()
    assert "nothing else is recorded against it" in page_text(at)
    at.button(key=f"lg_del_item_yes_{item_id}").click().run()
    assert not at.exception
    assert "Deleted “March posters, 1965”." in page_text(at)
    with session_scope(demo_db) as s:
        assert s.get(LegacyItem, item_id) is None
