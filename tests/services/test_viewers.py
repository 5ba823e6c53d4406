"""A service declared @same_for_role (gfj_core.viewers) is computed once for a whole role and
shared by everyone in it, so its answer must not depend on who reads it. Each declared service
is computed here, on the demo organisation's database file, for each demo account that may read
it, for the role alone, and for a stranger of the same role who is someone else in the records
(the departing leader, whose own pay and relationships the board pages are about): the three
answers must be equal. A declaration with no example below fails, so none goes unchecked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from gfj_core import viewers
from gfj_core.areas import service_name
from gfj_core.db import session_scope
from gfj_core.demo.organisation import DEMO_USERNAMES
from gfj_core.errors import PermissionDenied
from gfj_core.schemas.auth import Actor
from gfj_core.services import (
    board_meetings,
    board_reads,
    calendar_feed,
    finance_measures,
    finance_scenarios,
    finance_statements,
    financial_history,
    overview,
)
from gfj_core.services.timeline import departing_person_id
from tests.conftest import demo_actor

TODAY = date.today()


def _latest_month(s) -> dict:
    return {"as_of": finance_measures.finance_months(s, actor=_ADMIN)[0]}


def _a_held_meeting(s) -> dict:
    book = board_meetings.meetings_book(s, today=TODAY, actor=_ADMIN)
    return {"meeting_id": book.last_held.id, "today": TODAY}


def _the_next_meeting(s) -> dict:
    book = board_meetings.meetings_book(s, today=TODAY, actor=_ADMIN)
    return {"meeting_id": book.next_scheduled.id}


_ADMIN = Actor(user_id=None, username="t", role="admin", person_id=None, display_name="t")

# service -> the keyword arguments of a call a page makes, worked out from the demo records.
EXAMPLES: dict[Callable, Callable[..., dict]] = {
    board_reads.board_reads: lambda s: {"today": TODAY},
    overview.getting_started: lambda s: {},
    board_meetings.open_action_items: lambda s: {"as_of": TODAY},
    board_meetings.meetings_book: lambda s: {"today": TODAY},
    board_meetings.meeting_detail: _a_held_meeting,
    board_meetings.people_choices: lambda s: {},
    calendar_feed.meeting_ics: _the_next_meeting,
    finance_measures.finance_months: lambda s: {},
    finance_measures.finance_dashboard: _latest_month,
    finance_statements.financial_statements: _latest_month,
    financial_history.financial_history: lambda s: {},
    financial_history.departing_leader_compensation: lambda s: {},
    finance_scenarios.runway_scenario: lambda s: _latest_month(s) | {"lapse_top_funder": True},
}


def test_every_declared_service_has_an_example_here():
    assert viewers.declared() == {service_name(fn) for fn in EXAMPLES}


def _answer(s, service, actor, kwargs):
    try:
        return ("answer", service(s, actor=actor, **kwargs))
    except PermissionDenied:
        return ("refused", None)


@pytest.mark.parametrize("service", list(EXAMPLES), ids=service_name)
def test_a_declared_service_answers_the_same_for_anyone_in_the_role(demo_db, service):
    read_by = 0
    with session_scope(demo_db) as s:
        kwargs = EXAMPLES[service](s)
        departing = departing_person_id(s)
        for username in DEMO_USERNAMES:
            person = demo_actor(demo_db, username)
            stranger = person.model_copy(
                update={"user_id": 9999, "username": "stranger", "person_id": departing}
            )
            mine = _answer(s, service, person, kwargs)
            assert _answer(s, service, viewers.role_alone(person), kwargs) == mine, username
            assert _answer(s, service, stranger, kwargs) == mine, username
            read_by += mine[0] == "answer"
    assert read_by, "no demo account may read it: the check above compared nothing"


def test_the_viewer_is_the_role_alone_for_a_declared_service_and_the_person_otherwise(demo_db):
    from gfj_core.services.due_items import due_this_week

    board = demo_actor(demo_db, "board")
    other = board.model_copy(update={"user_id": 4242, "username": "board-2", "person_id": 1})
    shared = viewers.viewer(board_reads.board_reads, board)
    assert shared == viewers.viewer(board_reads.board_reads, other)
    assert shared.person_id is None and shared.user_id is None and shared.role == board.role
    # Items due this week are the reader's own: that read stays per person.
    assert viewers.viewer(due_this_week, board) == board
    assert viewers.viewer(due_this_week, other) == other


def test_the_demo_has_the_people_the_check_compares(demo_db):
    from gfj_core.models.org import Person

    with session_scope(demo_db) as s:
        assert departing_person_id(s) in set(s.scalars(select(Person.id)))
