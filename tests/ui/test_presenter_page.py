"""Presenter mode: one topic per screen with Next and Previous; privacy mode on by default
hides every individual leader's rating."""

from datetime import datetime

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import EmergingLeader, Person
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly


def leader_names(demo_db) -> list[str]:
    with session_scope(demo_db) as s:
        return list(
            s.scalars(
                select(Person.full_name).join(EmergingLeader, EmergingLeader.person_id == Person.id)
            )
        )


def rate_leader_ready_now(demo_db, name: str) -> None:
    """A rating change recorded after the last board meeting (it reaches the digest)."""
    with session_scope(demo_db, write=True) as s:
        s.info["audit_at"] = datetime(2026, 11, 20, 12)
        leader = s.scalar(select(EmergingLeader).join(Person).where(Person.full_name == name))
        leader.readiness = "ready_now"


def walk(at) -> list[str]:
    """Every topic's text, pressing Next until the presenter comes back to the first."""
    texts = [page_text(at)]
    first = at.title[0].value
    for _ in range(20):
        at.button(key="present_next").click()
        at.run()
        assert not at.exception
        if at.title[0].value == first:
            break
        texts.append(page_text(at))
    return texts


def test_presenter_mode_opens_on_the_agenda_with_privacy_on(demo_db):
    at = open_page(demo_actor(demo_db, "board"), "pages/presenter.py")
    assert not at.exception
    assert at.title[0].value == "Agenda"
    assert "Board meeting, December 2026" in page_text(at)  # the next scheduled meeting
    assert at.toggle(key="presenter_privacy").value is True
    assert "privacy mode on: aggregates only" in page_text(at)
    assert len(at.metric) <= 8


def test_next_and_previous_step_through_one_topic_per_screen(demo_db):
    at = open_page(demo_actor(demo_db, "board"), "pages/presenter.py")
    titles = [at.title[0].value]
    for _ in range(3):
        at.button(key="present_next").click()
        at.run()
        titles.append(at.title[0].value)
    assert titles == [
        "Agenda",
        "Scorecard",
        "Succession readiness index",
        "Since the last board meeting",
    ]
    assert at.query_params["topic"] == "since"
    at.button(key="present_prev").click()
    at.run()
    assert at.title[0].value == "Succession readiness index"


def test_the_topic_list_jumps_to_any_topic(demo_db):
    at = open_page(demo_actor(demo_db, "board"), "pages/presenter.py")
    jumps = [b for b in at.button if b.key and b.key.startswith("present_jump_")]
    assert [b.label for b in jumps[:3]] == [
        "1. Agenda",
        "2. Scorecard",
        "3. Succession readiness index",
    ]
    last = jumps[-1]
    last.click()
    at.run()
    assert at.title[0].value == last.label.split(". ", 1)[1]


def test_the_privacy_switch_is_off_the_shared_screen_and_the_screen_says_its_state(demo_db):
    at = open_page(demo_actor(demo_db, "board"), "pages/presenter.py")
    # In the operator's popover, not on the screen; its label no longer claims a state.
    assert at.toggle(key="presenter_privacy").label == "Privacy mode"
    assert "Privacy mode on: aggregates only, no names" in page_text(at)
    at.toggle(key="presenter_privacy").set_value(False).run()
    assert "Privacy mode OFF: names shown" in page_text(at)
    assert "Privacy mode on" not in page_text(at)


def test_privacy_mode_shows_no_individual_leader_on_any_topic(demo_db):
    rate_leader_ready_now(demo_db, "Elena Marquez")
    at = open_page(demo_actor(demo_db, "board"), "pages/presenter.py")
    names = leader_names(demo_db)
    for text in walk(at):
        for name in names:
            assert name not in text
    # Turned off, the same change is told by name: the check above would have caught it.
    at.toggle(key="presenter_privacy").set_value(False).run()
    for _ in range(3):
        at.button(key="present_next").click()
        at.run()
    assert at.title[0].value == "Since the last board meeting"
    assert "Elena Marquez: ready in 1-2 years → ready now" in page_text(at)
    assert "privacy mode OFF" in page_text(at)


def test_presenter_mode_is_refused_to_staff_even_when_run_directly(demo_db):
    at = run_page_directly(demo_actor(demo_db, "staff"), "pages/presenter.py")
    assert "not available to your role" in page_text(at)
