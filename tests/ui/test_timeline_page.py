"""The timeline page draws the service's figures; the CEO edits through forms and the table."""

import json
from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import Milestone
from gfj_core.services.timeline import timeline_view
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly, shown_tiles

PAGE = "pages/timeline.py"


def _milestone(engine, title: str) -> Milestone:
    with session_scope(engine) as s:
        return s.scalar(select(Milestone).where(Milestone.title == title))


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_board_sees_the_figures_the_gantt_and_the_lists_but_no_editing(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    assert not at.exception
    with session_scope(demo_db) as s:
        v = timeline_view(s, today=date.today(), actor=board)
    metrics = {label: t.figure for label, t in shown_tiles(at).items()}
    assert metrics["Milestones done"] == f"{v.counts.done} of {v.counts.total}"
    assert metrics["Late"] == str(v.counts.late)
    # Disjoint states: they add up to the milestones (issue 22).
    assert metrics["Slipped, not late"] == str(v.counts.slipped_not_late)
    c = v.counts
    assert c.on_schedule + c.slipped_not_late + c.late == c.total
    text = page_text(at)
    for m in v.overdue:
        assert m.title in text
    assert "The chain that drives the handover date" in text
    assert "Update the plan" not in text and not at.data_editor
    assert "fictional" in text

    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {t.get("name") for t in fig["data"]}
    assert {"Baseline (approved by the board)", "Drives the handover date"} <= names
    # Every state on the chart is named in the legend, so colour is never the only signal.
    states = {m.state_word for m in v.milestones}
    assert states <= names
    labels = " ".join(" ".join(t.get("text") or []) for t in fig["data"] if t.get("mode") == "text")
    for m in v.slipped:
        assert f"+{m.slip_days} d slip" in labels
    notes = " ".join(a.get("text", "") for a in fig["layout"]["annotations"])
    assert "Today" in notes and "Planned handover" in notes


def test_staff_read_the_timeline_and_a_mentor_is_refused(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    assert not at.exception and "Transition timeline" in page_text(at)
    refused = run_page_directly(demo_actor(demo_db, "mentor"), PAGE)
    assert "not available to your role (mentor)" in page_text(refused)
    assert not refused.get("plotly_chart")


def test_the_ceo_marks_a_milestone_done_in_the_form(demo_db):
    target = _milestone(demo_db, "Search approach decided (internal-first with external benchmark)")
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert "Update the plan" in page_text(at)
    at.selectbox(key="tl_pick").set_value(target.id).run()
    at.selectbox(key=f"tl_m{target.id}_status").set_value("done")
    _button(at, "Save milestone").click().run()
    assert not at.exception
    saved = _milestone(demo_db, target.title)
    assert (saved.status, saved.completed_on, saved.forecast_finish) == (
        "done",
        date.today(),
        date.today(),
    )
    assert f"Saved “{target.title}”." in page_text(at)


def test_a_loop_is_refused_in_the_form_which_keeps_what_was_typed(demo_db):
    approach = _milestone(
        demo_db, "Search approach decided (internal-first with external benchmark)"
    )
    handover = _milestone(demo_db, "Handover: successor holds full authority")
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    at.selectbox(key="tl_pick").set_value(approach.id).run()
    prefix = f"tl_m{approach.id}_"
    at.text_input(key=prefix + "title").input("Search approach decided")
    at.multiselect(key=prefix + "depends_on").set_value([handover.id])
    _button(at, "Save milestone").click().run()
    text = page_text(at)
    assert "would form a loop" in text and "“Handover: successor holds full authority”" in text
    # Nothing saved, and the form still holds the typed title and the refused dependency.
    assert _milestone(demo_db, approach.title) is not None
    assert at.text_input(key=prefix + "title").value == "Search approach decided"
    assert at.multiselect(key=prefix + "depends_on").value == [handover.id]


def test_the_ceo_moves_a_forecast_in_the_table(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        rows = timeline_view(s, today=date.today(), actor=ceo).milestones
    position = next(i for i, m in enumerate(rows) if m.title.startswith("Talent review"))
    at = open_page(ceo, PAGE)
    edit = {"Forecast finish": "2027-02-28", "Status": "At risk"}
    at.session_state["tl_table_0"] = {"edited_rows": {position: edit}, "added_rows": []}
    at.session_state["tl_table_0"]["deleted_rows"] = []
    at.run()
    _button(at, "Save table changes").click().run()
    # A later forecast past the approved date asks why (issue 22).
    assert "say why it moved" in page_text(at)
    assert _milestone(demo_db, rows[position].title).status != "at_risk"
    edit["Why the forecast moved"] = "The consultant is booked until February"
    at.session_state["tl_table_0"] = {"edited_rows": {position: edit}, "added_rows": []}
    at.session_state["tl_table_0"]["deleted_rows"] = []
    at.run()
    _button(at, "Save table changes").click().run()
    assert not at.exception
    saved = _milestone(demo_db, rows[position].title)
    assert (saved.forecast_finish, saved.status) == (date(2027, 2, 28), "at_risk")
    assert "Saved 1 milestone(s) from the table." in page_text(at)


# --- Issue 22 -------------------------------------------------------------------------------


def test_the_ceo_cannot_move_a_baseline_from_the_page(demo_db):
    target = _milestone(demo_db, "Search approach decided (internal-first with external benchmark)")
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    at.selectbox(key="tl_pick").set_value(target.id).run()
    keys = {d.key for d in at.date_input}
    assert f"tl_m{target.id}_forecast_finish" in keys
    assert not any(k.startswith(f"tl_m{target.id}_baseline") for k in keys if k)
    assert "Re-baseline" not in [b.label for b in at.button]
    assert "Only the board or an admin re-baselines." in page_text(at)


def test_the_board_rebaselines_with_a_reason_and_sees_it_confirmed_under_the_form(demo_db):
    target = _milestone(demo_db, "Search approach decided (internal-first with external benchmark)")
    at = open_page(demo_actor(demo_db, "board"), PAGE)
    at.selectbox(key="rb_pick").set_value(target.id).run()
    prefix = f"rb_{target.id}_"
    at.date_input(key=prefix + "baseline_finish").set_value(date(2027, 1, 29))
    at.text_input(key=prefix + "reason").input("The committee added a listening tour")
    next(b for b in at.button if b.label == "Re-baseline").click().run()
    # Without the meeting or resolution: refused next to that field, nothing saved.
    assert "Name the board meeting or the resolution" in page_text(at)
    assert _milestone(demo_db, target.title).baseline_finish == target.baseline_finish
    at.text_input(key=prefix + "resolution").input("Resolution 2026-14")
    next(b for b in at.button if b.label == "Re-baseline").click().run()
    assert not at.exception
    assert _milestone(demo_db, target.title).baseline_finish == date(2027, 1, 29)
    assert [s.value for s in at.success][-1].startswith(f"Re-baselined “{target.title}”")
    assert "The committee added a listening tour" in page_text(at)


def test_the_open_tab_stays_open_after_a_save(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    at.session_state["tl_tabs"] = "Add a milestone"
    at.run()
    at.text_input(key="tl_new_title").input("Farewell event planned")
    next(b for b in at.button if b.label == "Add milestone").click().run()
    assert not at.exception
    assert at.session_state["tl_tabs"] == "Add a milestone"
    assert "Added “Farewell event planned”." in [s.value for s in at.success]
