"""The continuity page: headline figures from the services, the heatmap, the ledger, the role;
the CEO records a rehearsal, a new capability and a handover."""

import json
from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import BackupFunction, KeyRelationship, KnowledgeCapability
from gfj_core.schemas.transition import CROSS_TRAINING_WORDS
from gfj_core.services.continuity import (
    emergency_plan,
    knowledge_register,
    relationship_ledger,
)
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly, shown_tiles

PAGE = "pages/continuity.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_board_sees_the_headline_figures_heatmap_and_ledger(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    assert not at.exception
    with session_scope(demo_db) as s:
        reg = knowledge_register(s, actor=board)
        ledger = relationship_ledger(s, actor=board)
        plan = emergency_plan(s, today=date.today(), actor=board)
    metrics = {m.label: m.value for m in at.metric}  # the tabs' own figures
    metrics |= {label: t.figure for label, t in shown_tiles(at).items()}  # the headline grid
    assert metrics["Functions only Carmen can do"] == str(reg.counts.only_departing)
    assert metrics["Critical functions only Carmen can do"] == str(reg.counts.only_departing)
    share = ledger.counts.held_only_by_departing / ledger.counts.total
    assert metrics["Relationships held only by Carmen"] == f"{share * 100:.0f}%"
    assert metrics["Emergency plan gaps"] == f"{plan.functions_with_gaps} of {len(plan.functions)}"
    assert metrics["Role after departure"] == "Emeritus"

    text = page_text(at)
    assert "Marisol Vega-Brooks" in text and "Kenneth Oduya" in text  # who triggers the plan
    assert "Welcomed by the successor" in text
    assert "Record introductions" not in text and not at.data_editor

    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heat = next(c for c in charts if c["data"][0]["type"] == "heatmap")
    # One row per function, one column per person, and the words in the cells.
    assert len(heat["data"][0]["z"]) == reg.counts.total
    assert len(heat["data"][0]["z"][0]) == len(reg.people)
    risks = [a["text"] for a in heat["layout"]["annotations"]]
    assert sum("Only the departing leader" in r for r in risks) == reg.counts.only_departing

    # The gaps are written in words in the table, not shown by colour alone.
    gaps_table = next(d.value for d in at.table if "Gaps" in d.value.columns)
    assert (gaps_table["Gaps"].str.startswith("⚠")).sum() == plan.functions_with_gaps


def test_staff_cannot_open_continuity(demo_db):
    at = run_page_directly(demo_actor(demo_db, "staff"), PAGE)
    assert "not available to your role (staff)" in page_text(at)


def test_the_ceo_records_a_rehearsal_in_the_emergency_plan(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        plan = emergency_plan(s, today=date.today(), actor=ceo)
    position = next(i for i, f in enumerate(plan.functions) if f.name.startswith("Stewardship"))
    at = open_page(ceo, PAGE)
    at.session_state["ct_plan_0"] = {
        "edited_rows": {position: {"Last rehearsed": "2026-11-20"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _button(at, "Save emergency plan changes").click().run()
    assert not at.exception
    with session_scope(demo_db) as s:
        row = s.get(BackupFunction, plan.functions[position].id)
    assert row.last_rehearsed_on == date(2026, 11, 20)
    assert "Saved the emergency plan." in page_text(at)


def test_the_ceo_teaches_a_function_and_the_headline_falls(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        reg = knowledge_register(s, actor=ceo)
    only = [f for f in reg.functions if f.risk == "only_departing"]
    target = only[0]
    position = reg.functions.index(target)
    learner = next(p for p in reg.people if not p.is_departing)
    at = open_page(ceo, PAGE)
    at.session_state["ct_know_0"] = {
        "edited_rows": {position: {learner.name: "Can do"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _button(at, "Save register changes").click().run()
    assert not at.exception
    with session_scope(demo_db) as s:
        level = s.scalar(
            select(KnowledgeCapability.level).where(
                KnowledgeCapability.function_id == target.id,
                KnowledgeCapability.person_id == learner.id,
            )
        )
    assert level == "can_do"
    metrics = {m.label: m.value for m in at.metric}  # the tabs' own figures
    metrics |= {label: t.figure for label, t in shown_tiles(at).items()}  # the headline grid
    assert metrics["Functions only Carmen can do"] == str(len(only) - 1)


def test_the_ceo_records_an_introduction_in_the_ledger(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        ledger = relationship_ledger(s, actor=ceo)
    position = next(
        i for i, r in enumerate(ledger.rows) if r.name == "Bay Area Restorative Youth Alliance"
    )
    at = open_page(ceo, PAGE)
    at.session_state["ct_ledger_0"] = {
        "edited_rows": {position: {"Handover": "Introduced", "Introduction meeting": "2026-11-19"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _button(at, "Save handover changes").click().run()
    assert not at.exception
    with session_scope(demo_db) as s:
        row = s.scalar(
            select(KeyRelationship).where(KeyRelationship.name == ledger.rows[position].name)
        )
    assert (row.handoff_status, row.introduction_meeting_on) == ("introduced", date(2026, 11, 19))


def test_an_introduction_without_a_date_is_refused_with_the_reason(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        ledger = relationship_ledger(s, actor=ceo)
    position = next(
        i for i, r in enumerate(ledger.rows) if r.name == "Bay Area Restorative Youth Alliance"
    )
    at = open_page(ceo, PAGE)
    at.session_state["ct_ledger_0"] = {
        "edited_rows": {position: {"Handover": "Introduced"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _button(at, "Save handover changes").click().run()
    assert "Give the date of the introduction meeting." in page_text(at)


def test_a_new_function_without_a_name_is_refused_and_the_form_keeps_its_input(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    with session_scope(demo_db) as s:
        before = s.query(BackupFunction).count()
    at.text_input(key="ct_plan_new_name").input("   ")
    at.selectbox(key="ct_plan_new_training").set_value(list(CROSS_TRAINING_WORDS)[-1])
    _button(at, "Add function").click().run()
    assert not at.exception
    message = at.session_state["ct_plan_new_error"]
    assert message and message in [e.value for e in at.error]  # shown in the form
    assert at.selectbox(key="ct_plan_new_training").value == list(CROSS_TRAINING_WORDS)[-1]
    with session_scope(demo_db) as s:
        assert s.query(BackupFunction).count() == before

    at.text_input(key="ct_plan_new_name").input("Sign the payroll")
    _button(at, "Add function").click().run()
    assert "Added “Sign the payroll” to the emergency plan." in page_text(at)
    # The saved form comes back empty on screen: a fresh widget (new key), not the typed one.
    [function] = [t for t in at.text_input if t.label == "Function"]
    assert function.value == "" and function.key != "ct_plan_new_name"
    with session_scope(demo_db) as s:
        assert s.query(BackupFunction).count() == before + 1


def test_updating_a_register_row_keeps_the_knowledge_tab_and_confirms_under_the_form(demo_db):
    from gfj_core.models import KnowledgeFunction

    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        reg = knowledge_register(s, actor=ceo)
    target = next(f for f in reg.functions if f.documentation == "none")
    at = open_page(ceo, PAGE)
    at.session_state["ct_tabs"] = "Knowledge register"
    at.run()
    # The documentation level "none" reads as words, never as "None".
    pick = at.selectbox(key="ct_upd_pick")
    assert any("Not written down" in o for o in pick.options)
    assert not any(o.endswith("· None") for o in pick.options)
    pick.set_value(target.id).run()
    prefix = f"ct_upd_{target.id}_"
    at.selectbox(key=prefix + "documentation").set_value("draft")
    at.text_input(key=prefix + "documentation_location").input("Shared drive / Fundraising")
    _button(at, "Update").click().run()
    assert not at.exception
    with session_scope(demo_db) as s:
        f = s.get(KnowledgeFunction, target.id)
        assert (f.documentation, f.documentation_location) == (
            "draft",
            "Shared drive / Fundraising",
        )
    assert at.session_state["ct_tabs"] == "Knowledge register"
    assert f"Updated “{target.name}”." in [s.value for s in at.success]
    table = next(d.value for d in at.dataframe if "Written down at" in d.value.columns)
    assert "None" not in set(table["Written down at"]) and "None" not in set(table["Documentation"])
