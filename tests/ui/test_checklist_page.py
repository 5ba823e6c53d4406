"""The exit-checklist page: figures from the service, ticking off in the table, the template."""

import json
from datetime import date

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import ChecklistItem
from gfj_core.services.checklist import STANDARD_ITEMS, checklist_view
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly, shown_tiles

PAGE = "pages/checklist.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_board_sees_progress_by_category_and_the_authority_transfers(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    assert not at.exception
    with session_scope(demo_db) as s:
        v = checklist_view(s, today=date.today(), actor=board)
    metrics = {label: t.figure for label, t in shown_tiles(at).items()}
    t = v.totals
    assert metrics["Authority transfers done"] == f"{t.authority_done} of {t.authority_total}"
    assert metrics["Checklist done"] == f"{t.done_share * 100:.0f}%"
    assert metrics["Overdue"] == str(t.overdue)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = {tr["name"]: tr for tr in fig["data"] if tr.get("type") == "bar"}
    assert list(bars["Done"]["y"]) == [c.label for c in v.categories]
    assert list(bars["Done"]["x"]) == [c.done for c in v.categories]
    text = page_text(at)
    assert "Form 990 signer designated for the FY2026 return" in text
    assert "Update the checklist" not in text and not at.data_editor


def test_staff_cannot_open_the_checklist(demo_db):
    at = run_page_directly(demo_actor(demo_db, "staff"), PAGE)
    assert "not available to your role (staff)" in page_text(at)
    assert not at.metric and not shown_tiles(at)


def test_the_ceo_ticks_off_an_item_and_is_recorded_as_completing_it(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        items = checklist_view(s, today=date.today(), actor=ceo).items
    position = next(i for i, item in enumerate(items) if item.title.startswith("Book project"))
    at = open_page(ceo, PAGE)
    at.session_state["cl_table_0"] = {
        "edited_rows": {position: {"Status": "Done", "Evidence": "Shared at the October retreat"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _button(at, "Save checklist changes").click().run()
    assert not at.exception
    with session_scope(demo_db) as s:
        item = s.get(ChecklistItem, items[position].id)
        assert item.status == "done" and item.evidence == "Shared at the October retreat"
        assert item.completed_by_user_id == ceo.user_id and item.completed_at is not None
    assert "Saved 1 checklist item(s)." in page_text(at)


def test_an_authority_transfer_without_a_resolution_is_refused_in_the_table(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        items = checklist_view(s, today=date.today(), actor=ceo).items
    position = next(i for i, item in enumerate(items) if item.title.startswith("Form 990"))
    at = open_page(ceo, PAGE)
    at.session_state["cl_table_0"] = {
        "edited_rows": {position: {"Status": "Done"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _button(at, "Save checklist changes").click().run()
    assert "board resolution or minutes" in page_text(at)
    with session_scope(demo_db) as s:
        assert s.get(ChecklistItem, items[position].id).status == "in_progress"


def test_a_new_plan_starts_from_the_standard_items(empty_db):
    from gfj_core.db import session_scope as scope
    from gfj_core.schemas.auth import SYSTEM
    from gfj_core.services.auth import actor_for
    from tests import factories as f

    with scope(empty_db, write=True, actor=SYSTEM) as s:
        user = f.user(s, "ceo", "ceo")
        ceo = actor_for(user)
    at = open_page(ceo, PAGE)
    assert not at.exception
    assert "The checklist is empty." in page_text(at)
    chosen = at.multiselect(key="cl_template_titles").value
    assert len(chosen) == len(STANDARD_ITEMS)
    _button(at, f"Add {len(STANDARD_ITEMS)} standard item(s)").click().run()
    with scope(empty_db) as s:
        assert s.scalar(select(func.count()).select_from(ChecklistItem)) == len(STANDARD_ITEMS)
    # Said in the tab where the items were added (issue 22), not at the top of the page.
    template = next(t for t in at.tabs if t.label == "Start a plan from the standard items")
    said = [s.value for s in template.success]
    assert f"Added {len(STANDARD_ITEMS)} standard item(s)." in said
    assert "Every standard item is already in the plan." in said


def test_the_ceo_marks_an_item_done_with_a_link_and_sees_it_confirmed_in_place(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        items = checklist_view(s, today=date.today(), actor=ceo).items
    target = next(i for i in items if i.status != "done" and not i.is_authority_transfer)
    at = open_page(ceo, PAGE)
    assert at.session_state["cl_tabs"] == "Mark done"
    at.selectbox(key="cl_done_pick").set_value(target.id).run()
    at.text_area(key=f"cl_done_{target.id}_evidence").input("https://drive.example.org/x")
    _button(at, "Mark done").click().run()
    assert not at.exception
    with session_scope(demo_db) as s:
        item = s.get(ChecklistItem, target.id)
        assert item.status == "done" and item.evidence == "https://drive.example.org/x"
        assert item.completed_by_user_id == ceo.user_id
    assert f"Marked “{target.title}” done." in [s.value for s in at.success]
    assert at.session_state["cl_tabs"] == "Mark done"
    # Done: no longer offered, and nowhere marked overdue.
    assert not any(target.title in o for o in at.selectbox(key="cl_done_pick").options)
    assert f"OVERDUE · {target.title}" not in page_text(at)
