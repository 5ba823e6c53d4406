""" "Due this week": what the person owns that falls due (or is overdue), their meetings and their
next mentoring sessions, within what their role may see."""

from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import Milestone, UserAccount
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.due_items import due_this_week
from tests.conftest import demo_actor

MONDAY = date(2026, 11, 23)


def _week(engine, username, today=MONDAY):
    actor = demo_actor(engine, username)
    with session_scope(engine) as s:
        return due_this_week(s, today=today, actor=actor)


def test_the_chair_sees_her_action_items_and_the_meeting_but_not_the_mentoring(demo_db):
    week = _week(demo_db, "board", date(2026, 11, 26))
    # Her action items and her (board-visible) milestone; no checklist item of hers is due.
    assert {i.kind for i in week.items} == {"action_item", "milestone"}
    assert all(i.due_on <= date(2026, 12, 3) for i in week.items)
    assert [m.title for m in week.meetings] == ["Board meeting, December 2026"]
    assert week.sessions == []


def test_a_mentor_sees_only_their_own_mentoring_week(demo_db):
    week = _week(demo_db, "mentor")
    assert week.meetings == []
    assert {i.kind for i in week.items} <= {"mentoring_action"}
    assert week.items, "the demo mentor has an action item due this week"


def test_a_milestone_hidden_from_the_board_is_not_in_a_staff_members_week(demo_db):
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        staff = s.scalar(select(UserAccount.person_id).where(UserAccount.username == "staff"))
        m = s.scalars(select(Milestone).where(Milestone.status != "done")).first()
        m.owner_person_id, m.visible_to_board, m.forecast_finish = staff, False, MONDAY
        mid = m.id
    assert mid not in {i.id for i in _week(demo_db, "staff").items}
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        s.get(Milestone, mid).visible_to_board = True
    assert mid in {i.id for i in _week(demo_db, "staff").items if i.kind == "milestone"}
