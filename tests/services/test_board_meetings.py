"""Board meetings: carry-over of open action items, engagement figures, validation, rights."""

from datetime import date

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import ScorecardSnapshot
from gfj_core.schemas.board import ActionItemCreate, ActionItemUpdate, MeetingCreate
from gfj_core.services.board_meetings import (
    board_engagement,
    meeting_detail,
    meetings_book,
    open_action_items,
    record_meeting,
    update_action_item,
)
from tests import factories as f
from tests.conftest import DEMO_TODAY, bare_actor

BOARD = bare_actor(Role.board)


@pytest.fixture
def board(empty_db):
    """Four board members and one staff member."""
    with session_scope(empty_db, write=True) as s:
        people = [f.person(s, f"Member {i}", board_role="member") for i in range(1, 5)]
        staff = f.person(s, "Staffer", is_staff=True)
        ids = {"members": [p.id for p in people], "staff": staff.id}
    return empty_db, ids


def meet(engine, held_on, *, today, kind="board", invited=(), attended=(), actions=(), **kw):
    data = MeetingCreate(
        held_on=held_on,
        kind=kind,
        title=kw.pop("title", f"{kind} {held_on}"),
        invited_person_ids=list(invited),
        attended_person_ids=list(attended),
        actions=[ActionItemCreate(title=t, owner_person_id=o) for t, o in actions],
        **kw,
    )
    with session_scope(engine, write=True, actor=BOARD) as s:
        return record_meeting(s, data, actor=BOARD, today=today)


def close(engine, item, status, on):
    with session_scope(engine, write=True, actor=BOARD) as s:
        return update_action_item(
            s,
            item.id,
            ActionItemUpdate(status=status, expected_version=item.version),
            actor=BOARD,
            today=on,
        )


def test_open_action_items_carry_over_to_every_later_meeting_until_closed(board):
    engine, ids = board
    m = ids["members"]
    first = meet(
        engine,
        date(2026, 1, 10),
        today=date(2026, 1, 10),
        attended=m,
        actions=[("Draft the plan", m[0]), ("Call the bank", m[1]), ("Hire an auditor", m[2])],
    )
    raised = {a.title: a for a in first.raised}
    draft, bank = raised["Draft the plan"], raised["Call the bank"]
    close(engine, draft, "done", date(2026, 1, 15))  # closed before the next meeting

    second = meet(engine, date(2026, 2, 10), today=date(2026, 2, 10), attended=m)
    assert {a.title for a in second.carried_in} == {"Call the bank", "Hire an auditor"}

    close(engine, bank, "done", date(2026, 2, 12))  # closed after it was carried into February
    third = meet(engine, date(2026, 3, 10), today=date(2026, 3, 10), attended=m)
    assert [a.title for a in third.carried_in] == ["Hire an auditor"]

    with session_scope(engine) as s:
        still_open = open_action_items(s, as_of=date(2026, 3, 15), actor=BOARD)
        february = meeting_detail(s, second.id, actor=BOARD, today=date(2026, 3, 15))
        history = {
            a.title: a
            for a in meeting_detail(s, first.id, actor=BOARD, today=date(2026, 3, 15)).raised
        }
    assert [(a.title, a.times_carried_over) for a in still_open] == [("Hire an auditor", 2)]
    # February's record still shows what it inherited, including the item closed after it.
    assert {a.title for a in february.carried_in} == {"Call the bank", "Hire an auditor"}
    assert history["Draft the plan"].times_carried_over == 0
    assert history["Call the bank"].times_carried_over == 1
    assert history["Call the bank"].closed_on == date(2026, 2, 12)


def test_committee_actions_carry_over_within_the_committee_only(board):
    engine, ids = board
    m = ids["members"]
    meet(
        engine,
        date(2026, 1, 5),
        today=date(2026, 1, 5),
        kind="succession_committee",
        attended=m[:2],
        actions=[("Shortlist candidates", m[0])],
    )
    board_meeting = meet(engine, date(2026, 1, 20), today=date(2026, 1, 20), attended=m)
    committee = meet(
        engine,
        date(2026, 2, 5),
        today=date(2026, 2, 5),
        kind="succession_committee",
        attended=m[:2],
    )
    assert board_meeting.carried_in == []
    assert [a.title for a in committee.carried_in] == ["Shortlist candidates"]


def test_a_scheduled_meeting_lists_what_will_carry_over_and_is_completed_when_held(board):
    engine, ids = board
    m = ids["members"]
    meet(
        engine,
        date(2026, 1, 10),
        today=date(2026, 1, 10),
        attended=m,
        actions=[("Open item", m[0])],
    )
    scheduled = meet(
        engine,
        date(2026, 2, 10),
        today=date(2026, 1, 20),
        status="scheduled",
        agenda=["Scorecard", "", "  Open actions  "],
        title="February meeting",
    )
    assert scheduled.status == "scheduled" and scheduled.agenda == ["Scorecard", "Open actions"]
    assert [a.title for a in scheduled.carried_in] == ["Open item"]
    with session_scope(engine) as s:
        book = meetings_book(s, today=date(2026, 1, 20), actor=BOARD)
    assert book.next_scheduled.title == "February meeting"
    assert book.last_held.held_on == date(2026, 1, 10)

    held = meet(
        engine,
        date(2026, 2, 10),
        today=date(2026, 2, 10),
        attended=m[:3],
        invited=m,
        title="February",
    )
    assert held.id == scheduled.id and held.status == "held"
    assert (held.present, held.invited) == (3, 4)
    assert held.agenda == ["Scorecard", "Open actions"]  # kept from the schedule


def test_recording_a_held_meeting_keeps_the_scorecard_as_the_board_saw_it(board):
    engine, ids = board
    held = meet(engine, date(2026, 1, 10), today=date(2026, 1, 10), attended=ids["members"])
    with session_scope(engine) as s:
        keys = set(
            s.scalars(
                select(ScorecardSnapshot.tile_key).where(ScorecardSnapshot.meeting_id == held.id)
            )
        )
    # An empty plan still has its foundation tiles (with "no data" lights).
    assert {"readiness_index", "milestones", "exit_checklist", "leaders_ready"} <= keys
    # Issue 20: the vital few that are not tiles, for a supporter's portfolio (no accounts on
    # file yet, so no months of cash).
    assert {"days_to_handover", "milestones_slipped"} <= keys and "months_of_cash" not in keys


def test_engagement_adds_attendance_over_the_last_twelve_months(board):
    engine, ids = board
    m = ids["members"]
    meet(engine, date(2025, 3, 1), today=date(2025, 3, 1), invited=m, attended=m[:1])  # too old
    meet(engine, date(2026, 1, 10), today=date(2026, 1, 10), invited=m, attended=m[:3])
    meet(engine, date(2026, 2, 10), today=date(2026, 2, 10), invited=m, attended=m)
    meet(
        engine,
        date(2026, 2, 20),
        today=date(2026, 2, 20),
        kind="succession_committee",
        invited=[m[0], m[1], ids["staff"]],
        attended=[m[0], ids["staff"]],
    )
    with session_scope(engine) as s:
        e = board_engagement(s, today=date(2026, 3, 1), actor=BOARD)
    assert e.board_meetings_held == 2
    assert e.board_attendance_rate == pytest.approx(7 / 8)  # 3 of 4, then 4 of 4
    assert e.committee_meetings_held == 1
    assert e.committee_participation_rate == pytest.approx(2 / 3)
    # Only board members count towards committee work: the staff member does not.
    assert (e.board_members_in_committee_work, e.board_members) == (1, 4)


def test_meeting_records_refuse_impossible_input(board):
    engine, ids = board
    m = ids["members"]
    with pytest.raises(ValidationFailed) as future:
        meet(engine, date(2026, 5, 1), today=date(2026, 4, 1), attended=m)
    assert future.value.problems[0][0] == "date"
    with pytest.raises(ValidationFailed) as nobody:
        meet(engine, date(2026, 4, 1), today=date(2026, 4, 1))
    assert nobody.value.problems == [("attendees", "Tick who attended.")]
    with pytest.raises(ValidationFailed):
        meet(engine, date(2026, 4, 1), today=date(2026, 4, 1), attended=[999])
    meet(engine, date(2026, 4, 1), today=date(2026, 4, 1), attended=m)
    with pytest.raises(ValidationFailed, match="not saved"):
        meet(engine, date(2026, 4, 1), today=date(2026, 4, 2), attended=m)


def test_a_stale_action_item_edit_is_refused(board):
    engine, ids = board
    meeting = meet(
        engine,
        date(2026, 1, 10),
        today=date(2026, 1, 10),
        attended=ids["members"],
        actions=[("Item", None)],
    )
    item = meeting.raised[0]
    close(engine, item, "done", date(2026, 1, 11))
    with pytest.raises(StaleEdit):
        close(engine, item, "dropped", date(2026, 1, 12))  # made from the old version


def test_rights_follow_the_access_matrix(board):
    engine, _ = board
    with session_scope(engine) as s, pytest.raises(PermissionDenied):
        meetings_book(s, today=date(2026, 1, 1), actor=bare_actor(Role.staff))
    with session_scope(engine, write=True) as s, pytest.raises(PermissionDenied):
        record_meeting(
            s,
            MeetingCreate(
                held_on=date(2026, 1, 1), title="Treasurer's try", attended_person_ids=[1]
            ),
            actor=bare_actor(Role.treasurer),
            today=date(2026, 1, 1),
        )


def test_the_demo_has_a_december_meeting_with_open_items_carried_over(demo_db):
    with session_scope(demo_db) as s:
        book = meetings_book(s, today=DEMO_TODAY, actor=BOARD)
        december = meeting_detail(s, book.next_scheduled.id, actor=BOARD, today=DEMO_TODAY)
        n_snap = s.scalar(select(func.count()).select_from(ScorecardSnapshot))
    assert book.next_scheduled.held_on == date(2026, 12, 3)
    assert book.last_held.held_on == date(2026, 11, 5)  # the committee met after the board
    assert len(december.carried_in) >= 4
    assert any(a.overdue for a in book.open_actions)
    assert any(a.times_carried_over >= 2 for a in book.open_actions)
    assert n_snap > 0
