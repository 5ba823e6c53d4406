"""Succession targets: the lights and rows come from the service; the board sets targets, a
refused target keeps what was typed; the CEO reads; staff are refused."""

import json
from datetime import date, timedelta

from gfj_core.db import session_scope
from gfj_core.services.targets import targets_board
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/targets.py"


def test_the_board_sees_every_target_with_its_light_from_the_service(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    assert not at.exception
    with session_scope(demo_db) as s:
        b = targets_board(s, as_of=date.today(), actor=board)
    with_target = [r for r in b.rows if r.target is not None]
    metrics = {m.label: m.value for m in at.metric}
    for word in ("Healthy", "Watch", "Act", "No data"):
        assert metrics[f"Targets: {word}"] == str(b.counts[word])
    assert sum(b.counts.values()) == len(with_target) > 0
    details = next(d.value for d in at.dataframe if "Light" in d.value.columns)
    assert list(details["KPI"]) == [r.kpi.label for r in with_target]
    assert list(details["Light"]) == [r.light.word for r in with_target]
    assert list(details["Status"]) == [r.status for r in with_target]
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = next(t for t in fig["data"] if t["type"] == "bar")
    assert len(bars["x"]) == len(with_target)
    assert "Set or change a target" in page_text(at)


def test_the_ceo_reads_the_targets_but_cannot_set_them(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert not at.exception
    text = page_text(at)
    assert "Progress to each target" in text and "Set or change a target" not in text
    assert not at.form_submit_button


def test_staff_and_mentors_running_the_page_directly_are_refused(demo_db):
    for role in ("staff", "mentor"):
        refused = run_page_directly(demo_actor(demo_db, role), PAGE)
        assert f"not available to your role ({role})" in page_text(refused)
        assert not refused.metric and not refused.get("plotly_chart")


def test_the_board_sets_a_target_for_a_kpi_without_one(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    key = "influence.speaking_12m"
    deadline = date.today() + timedelta(days=365)
    at.selectbox(key="tg_kpi").set_value(key).run()
    at.number_input(key=f"tg_value_{key}").set_value(12.0)
    at.date_input(key=f"tg_deadline_{key}").set_value(deadline)
    at.text_input(key=f"tg_note_{key}").input("One talk a month")
    next(b for b in at.button if b.label == "Save target").click().run()
    assert not at.exception
    assert "Target saved: Speaking invitations (12 months) 12 by" in page_text(at)
    with session_scope(demo_db) as s:
        row = next(
            r for r in targets_board(s, as_of=date.today(), actor=board).rows if r.kpi.key == key
        )
    assert (row.target.target_value, row.target.deadline, row.target.note) == (
        12.0,
        deadline,
        "One talk a month",
    )
    details = next(d.value for d in at.dataframe if "Light" in d.value.columns)
    assert "Speaking invitations (12 months)" in list(details["KPI"])


def test_a_score_target_above_5_is_refused_and_the_form_keeps_it(demo_db):
    board = demo_actor(demo_db, "board")
    key = "surveys.leader_preparedness"
    at = open_page(board, PAGE)
    at.selectbox(key="tg_kpi").set_value(key).run()
    deadline = date.today() + timedelta(days=200)
    at.number_input(key=f"tg_value_{key}").set_value(6.0)
    at.date_input(key=f"tg_deadline_{key}").set_value(deadline)
    at.text_input(key=f"tg_note_{key}").input("Stretch")
    next(b for b in at.button if b.label == "Save target").click().run()
    assert not at.exception
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert list(problems["Where"]) == ["target_value"]
    assert "a score must be between 1 and 5" in problems.iloc[0]["Problem"]
    assert at.number_input(key=f"tg_value_{key}").value == 6.0
    assert at.date_input(key=f"tg_deadline_{key}").value == deadline
    assert at.text_input(key=f"tg_note_{key}").value == "Stretch"
    with session_scope(demo_db) as s:
        row = next(
            r for r in targets_board(s, as_of=date.today(), actor=board).rows if r.kpi.key == key
        )
    assert row.target is None


def test_a_target_set_by_another_member_after_the_form_opened_is_not_replaced(demo_db):
    """The form showed no target; another board member sets one; this member's save is
    refused with a message, keeps what was typed, and the other member's target stands."""
    from gfj_core.schemas.evaluation import TargetSet
    from gfj_core.services.targets import set_target

    board = demo_actor(demo_db, "board")
    key = "influence.speaking_12m"
    at = open_page(board, PAGE)
    at.selectbox(key="tg_kpi").set_value(key).run()
    assert "(has a target)" not in str(at.selectbox(key="tg_kpi").format_func(key))
    with session_scope(demo_db, write=True, actor=board) as s:
        set_target(
            s,
            data=TargetSet(kpi_key=key, target_value=4, deadline=date.today() + timedelta(days=90)),
            as_of=date.today(),
            actor=board,
        )
    at.number_input(key=f"tg_value_{key}").set_value(12.0)
    at.date_input(key=f"tg_deadline_{key}").set_value(date.today() + timedelta(days=365))
    next(b for b in at.button if b.label == "Save target").click().run()
    assert not at.exception
    assert "Someone else added this target" in page_text(at)
    assert at.number_input(key=f"tg_value_{key}").value == 12.0
    with session_scope(demo_db) as s:
        row = next(
            r for r in targets_board(s, as_of=date.today(), actor=board).rows if r.kpi.key == key
        )
    assert row.target.target_value == 4.0
