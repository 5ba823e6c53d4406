"""Advocacy & influence: the tiles and tables draw the services' figures; staff move a campaign
along, and a refused move keeps what was chosen."""

import json
from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import Campaign, InfluenceItem
from gfj_core.services.impact import advocacy_summary, influence_summary
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/impact.py"


def test_the_board_sees_the_campaign_and_influence_figures_and_no_forms(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    assert not at.exception
    with session_scope(demo_db) as s:
        adv = advocacy_summary(s, as_of=date.today(), actor=board)
        inf = influence_summary(s, as_of=date.today(), actor=board)
    kinds = {k.kind: k for k in inf.kinds}
    metrics = {m.label: m for m in at.metric}
    assert metrics["Campaigns won"].value == str(adv.won)
    assert metrics["Open campaigns"].value == str(adv.open)
    speaking = kinds["speaking"]
    assert metrics["Speaking invitations"].value == str(speaking.last_12_months)
    assert metrics["Speaking invitations"].delta == (
        f"{speaking.last_12_months - speaking.previous_12_months:+d} on the 12 months before"
    )
    assert metrics["Adopting our practices"].value == str(kinds["adoption"].total)
    text = page_text(at)
    assert f"{adv.won_last_12_months} in the last 12 months · {adv.lost} lost" in text
    table = next(d.value for d in at.dataframe if "Campaign or bill" in d.value.columns)
    assert len(table) == adv.total
    wins = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = next(t for t in wins["data"] if t["type"] == "bar")
    assert bars["y"] == [y.count for y in adv.wins_by_year]
    assert not at.form_submit_button and "Move a campaign along" not in text


def test_a_mentor_running_the_page_directly_is_refused(demo_db):
    refused = run_page_directly(demo_actor(demo_db, "mentor"), PAGE)
    assert "not available to your role (mentor)" in page_text(refused)
    assert not refused.metric


def _open_campaign(engine) -> Campaign:
    with session_scope(engine) as s:
        return s.scalar(
            select(Campaign).where(Campaign.stage == "committee").order_by(Campaign.id).limit(1)
        )


def _edit(at, key: str, rows: dict) -> None:
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def _row(at, column: str, name: str) -> int:
    grid = next(d for d in at.data_editor if column in d.value.columns)
    return list(grid.value[column]).index(name)


def _widget(at, kind: str, label: str):
    return next(w for w in getattr(at, kind) if w.label == label)


def test_closing_a_campaign_without_its_date_is_refused_and_keeps_the_edit(demo_db):
    c = _open_campaign(demo_db)
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    _edit(at, "im_campaigns_0", {_row(at, "Campaign or bill", c.name): {"Stage": "Signed / won"}})
    next(b for b in at.button if b.label == "Save campaign changes").click().run()
    assert not at.exception
    text = page_text(at)
    assert "Nothing was saved" in text and "needs the date it was decided" in text
    assert at.session_state["im_campaigns_0"]["edited_rows"]
    assert _open_campaign(demo_db).id == c.id  # still in committee


def test_staff_move_a_campaign_to_signed_in_the_table_and_the_win_is_counted(demo_db):
    staff = demo_actor(demo_db, "staff")
    c = _open_campaign(demo_db)
    with session_scope(demo_db) as s:
        won_before = advocacy_summary(s, as_of=date.today(), actor=staff).won
    at = open_page(staff, PAGE)
    row = _row(at, "Campaign or bill", c.name)
    _edit(
        at, "im_campaigns_0", {row: {"Stage": "Signed / won", "Decided": date.today().isoformat()}}
    )
    next(b for b in at.button if b.label == "Save campaign changes").click().run()
    assert not at.exception
    assert "Saved 1 campaign(s)." in page_text(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Campaigns won"] == str(won_before + 1)


def test_adding_a_campaign_refused_keeps_the_input_then_saves_clears_and_confirms(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    _widget(at, "text_input", "Name").input("Raise the Age, part two")
    _widget(at, "text_input", "Jurisdiction").input("New York State")
    at.selectbox(key="im_campaign_stage").set_value("won")
    next(b for b in at.button if b.label == "Add campaign").click().run()
    assert not at.exception
    assert "needs the date it was decided" in " ".join(e.value for e in at.error)
    assert _widget(at, "text_input", "Name").value == "Raise the Age, part two"
    at.selectbox(key="im_campaign_stage").set_value("committee")
    next(b for b in at.button if b.label == "Add campaign").click().run()
    assert "Campaign added: Raise the Age, part two." in page_text(at)
    assert _widget(at, "text_input", "Name").value == ""


def test_an_influence_item_refused_keeps_the_input_then_saves_and_can_be_deleted(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    _widget(at, "text_input", "What").input("Keynote at the youth justice summit")
    next(b for b in at.button if b.label == "Record").click().run()
    assert "This is required." in " ".join(e.value for e in at.error)
    assert _widget(at, "text_input", "What").value == "Keynote at the youth justice summit"
    _widget(at, "text_input", "Organization").input("Youth Justice Network")
    next(b for b in at.button if b.label == "Record").click().run()
    assert "Recorded: Keynote at the youth justice summit" in page_text(at)
    assert _widget(at, "text_input", "What").value == ""
    with session_scope(demo_db) as s:
        item_id = s.scalar(
            select(InfluenceItem.id).where(InfluenceItem.title.like("Keynote at the youth%"))
        )
    at.selectbox(key="im_del_item_pick").set_value(item_id).run()
    at.button(key=f"im_del_item_delete_{item_id}").click().run()
    at.button(key=f"im_del_item_yes_{item_id}").click().run()
    assert not at.exception
    assert "Deleted “Keynote at the youth justice summit”." in page_text(at)
    with session_scope(demo_db) as s:
        assert s.get(InfluenceItem, item_id) is None
