"""Drill-downs name what is behind a figure, with its threshold, as far as the role may see:
the funders behind the founder-dependent share, the functions only the departing leader can
do, the leaders ready; never a person in privacy mode (the shared screen, the packet)."""

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import EmergingLeader, Person
from gfj_core.services.overview import board_scorecard
from tests.conftest import DEMO_TODAY, demo_actor


def drills(card, key):
    tile = next(t for t in card.tiles if t.key == key)
    return {d.title: d for d in tile.drill}


def test_the_board_sees_the_funders_functions_and_leaders_behind_the_figures(demo_db):
    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=DEMO_TODAY, actor=demo_actor(demo_db, "board"))
        ready = set(
            s.scalars(
                select(Person.full_name)
                .join(EmergingLeader, EmergingLeader.person_id == Person.id)
                .where(EmergingLeader.status == "active", EmergingLeader.readiness == "ready_now")
            )
        )
    funders = drills(card, "founder_dependent_gifts")
    behind = funders["Funders behind it"]
    assert behind.table and all(row[0] for row in behind.table)
    assert "Threshold:" in funders["Revenue concentration"].note
    functions = drills(card, "known_only_to_leader")
    named = functions["Functions only the departing leader can do"].table
    tile = next(t for t in card.tiles if t.key == "known_only_to_leader")
    assert f"{len(named)} of" in tile.value_text  # one named row per function counted
    assert "Threshold:" in functions["Knowledge and relationships"].note
    leaders = drills(card, "leaders_ready")["Leaders ready now or in 1-2 years"].table
    assert {row[0] for row in leaders if row[1] == "Ready now"} == ready
    assert "Threshold:" in drills(card, "milestones")["Milestones"].note


def test_the_continuity_drill_names_what_the_register_and_the_ledger_flag(demo_db):
    """The drill-down reads its two lists with queries of their own (not the whole register and
    ledger): the same functions and relationships, in the same order, as the registers' own
    risk and flag."""
    from gfj_core.services.continuity import knowledge_register, relationship_ledger

    board = demo_actor(demo_db, "board")
    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=DEMO_TODAY, actor=board)
        register = knowledge_register(s, actor=board)
        ledger = relationship_ledger(s, actor=board)
    named = drills(card, "known_only_to_leader")
    only = [f for f in register.functions if f.risk == "only_departing"]
    held = [r for r in ledger.rows if r.held_only_by_departing]
    assert only and held  # the demo has both: the comparison bites
    functions = named["Functions only the departing leader can do"].table
    assert functions == [[f.name, f.area, f.documentation.replace("_", " ")] for f in only]
    relationships = named["Key relationships held only by the departing leader"].table
    assert [row[:2] for row in relationships] == [[r.name, r.kind] for r in held]
    assert [row[3] for row in relationships] == [
        str(r.handoff_status).replace("_", " ") for r in held
    ]


def test_the_treasurer_gets_the_funders_but_not_the_continuity_register(demo_db):
    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=DEMO_TODAY, actor=demo_actor(demo_db, "treasurer"))
    assert drills(card, "founder_dependent_gifts")["Funders behind it"].table
    functions = drills(card, "known_only_to_leader")
    assert "Functions only the departing leader can do" not in functions
    assert "Continuity & handover" in functions["Which ones"].note


def test_privacy_mode_names_no_person_in_any_drill_down(demo_db):
    with session_scope(demo_db) as s:
        card = board_scorecard(
            s, today=DEMO_TODAY, actor=demo_actor(demo_db, "board"), privacy=True
        )
        people = set(s.scalars(select(Person.full_name)))
    text = " ".join(
        " ".join([d.title, d.note or "", *(c for row in d.table for c in row)])
        + " ".join(r.value for r in d.rows)
        for t in card.tiles
        for d in t.drill
    )
    assert [p for p in people if p in text] == []
    assert drills(card, "founder_dependent_gifts")["Funders behind it"].table  # funders stay
