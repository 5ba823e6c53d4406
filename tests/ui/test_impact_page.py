"""Advocacy & influence: the tiles and tables draw the services' figures; staff move a campaign
along, and a refused move keeps what was chosen."""

import json
from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import Campaign
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


def test_closing_a_campaign_without_its_date_is_refused_and_keeps_the_form(demo_db):
    c = _open_campaign(demo_db)
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    at.selectbox(key="im_st_campaign").set_value(c.id)
    at.selectbox(key="im_st_stage").set_value("won")
    at.text_input(key="im_st_outcome").input("Signed with amendments")
    next(b for b in at.button if b.label == "Save stage").click().run()
    assert not at.exception
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert list(problems["Where"]) == ["decided_on"]
    assert "needs the date it was decided" in problems.iloc[0]["Problem"]
    assert at.selectbox(key="im_st_campaign").value == c.id
    assert at.selectbox(key="im_st_stage").value == "won"
    assert at.text_input(key="im_st_outcome").value == "Signed with amendments"
    assert _open_campaign(demo_db).id == c.id  # still in committee


def test_staff_move_a_campaign_to_signed_and_the_win_is_counted(demo_db):
    staff = demo_actor(demo_db, "staff")
    c = _open_campaign(demo_db)
    with session_scope(demo_db) as s:
        won_before = advocacy_summary(s, as_of=date.today(), actor=staff).won
    at = open_page(staff, PAGE)
    at.selectbox(key="im_st_campaign").set_value(c.id)
    at.selectbox(key="im_st_stage").set_value("won")
    at.date_input(key="im_st_date").set_value(date.today())
    next(b for b in at.button if b.label == "Save stage").click().run()
    assert not at.exception
    assert f"{c.name}: now signed / won." in page_text(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Campaigns won"] == str(won_before + 1)
