"""'Needs your attention' against a small plan worked out by hand: the red light, what is
overdue (late milestone, overdue checklist item, overdue board action), and the next board
meeting with its date, agenda and the actions due before it; each only as the role may see."""

from datetime import date

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied
from gfj_core.models import ActionItem, BoardMeeting
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.attention import needs_your_attention
from gfj_core.services.org_settings import set_org_setting
from tests import factories as f
from tests.conftest import bare_actor

TODAY = date(2026, 7, 2)


@pytest.fixture
def plan(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "transition_start_date", "2026-01-01", actor=SYSTEM)
        set_org_setting(s, "planned_handover_date", "2026-12-31", actor=SYSTEM)
        ph = f.phase(s, "Prepare", date(2026, 1, 1), date(2026, 12, 31), position=1)
        owner = f.person(s, "Dana Owner")
        f.leader(s, readiness="ready_now")  # one ready now: the bench light is Watch, not Act
        # 1 of 2 open milestones late: the milestones light (red at a quarter late) is Act.
        f.milestone(
            s,
            ph,
            title="Search firm hired",
            baseline_finish=date(2026, 6, 20),
            status="on_track",
            owner_person_id=owner.id,
            visible_to_board=True,
        )
        f.milestone(s, ph, title="Successor named", baseline_finish=date(2026, 11, 1))
        f.milestone(s, ph, title="Done long ago", baseline_finish=date(2026, 2, 1), status="done")
        f.checklist_item(s, title="Bank signature cards", due_date=date(2026, 6, 30))
        f.checklist_item(s, title="Lease handed over", due_date=date(2026, 6, 1), status="done")
        f.checklist_item(s, title="Not yet due", due_date=date(2026, 8, 1))
        held = BoardMeeting(held_on=date(2026, 6, 1), title="June board", status="held")
        nxt = BoardMeeting(
            held_on=date(2026, 7, 9),
            title="July board",
            status="scheduled",
            agenda="Approve the search budget\nAdopt the emergency plan\n",
        )
        later = BoardMeeting(held_on=date(2026, 9, 9), title="September board", status="scheduled")
        s.add_all([held, nxt, later])
        s.flush()
        s.add_all(
            [
                ActionItem(
                    raised_meeting_id=held.id,
                    title="Send the job description",
                    due_date=date(2026, 6, 25),
                    owner_person_id=owner.id,
                ),
                ActionItem(
                    raised_meeting_id=held.id,
                    title="Draft the budget memo",
                    due_date=date(2026, 7, 8),
                ),
                ActionItem(
                    raised_meeting_id=held.id, title="After the meeting", due_date=date(2026, 7, 20)
                ),
                ActionItem(
                    raised_meeting_id=held.id,
                    title="Closed one",
                    due_date=date(2026, 6, 2),
                    status="done",
                    closed_on=date(2026, 6, 3),
                ),
            ]
        )
    return empty_db


def test_the_board_sees_red_lights_overdue_items_and_the_next_meeting(plan):
    with session_scope(plan) as s:
        got = needs_your_attention(s, today=TODAY, actor=bare_actor(Role.board))
    # Milestones: 1 of 2 open late. Checklist: an overdue item is never "Healthy" (issue 22).
    assert [i.title for i in got.red_lights] == ["Milestones done", "Exit checklist done"]
    assert all("Act" in light.detail for light in got.red_lights)
    # Oldest first: the checklist item (30 Jun, 2 days), then the action (25 Jun) - by date.
    assert [(i.kind, i.title, i.due_on) for i in got.overdue] == [
        ("late_milestone", "Search firm hired", date(2026, 6, 20)),
        ("overdue_action", "Send the job description", date(2026, 6, 25)),
        ("overdue_checklist", "Bank signature cards", date(2026, 6, 30)),
    ]
    assert "12 days late" in got.overdue[0].detail and "Dana Owner" in got.overdue[0].detail
    assert "2 days overdue" in got.overdue[2].detail
    assert got.next_meeting.title == "July board"
    assert got.next_meeting.held_on == date(2026, 7, 9) and got.next_meeting.days_away == 7
    assert [(i.kind, i.title) for i in got.for_next_meeting] == [
        ("agenda", "Approve the search budget"),
        ("agenda", "Adopt the emergency plan"),
        ("due_by_meeting", "Draft the budget memo"),
    ]


def test_staff_see_no_checklist_and_no_meeting_business(plan):
    with session_scope(plan) as s:
        got = needs_your_attention(s, today=TODAY, actor=bare_actor(Role.staff))
    # The milestone is board-visible, so staff (who read the timeline) see it; nothing else.
    assert [i.title for i in got.overdue] == ["Search firm hired"]
    assert got.next_meeting is None and got.for_next_meeting == []


def test_a_milestone_hidden_from_the_board_stays_hidden(plan):
    with session_scope(plan, write=True, actor=SYSTEM) as s:
        from sqlalchemy import select

        from gfj_core.models import Milestone

        m = s.scalar(select(Milestone).where(Milestone.title == "Search firm hired"))
        m.visible_to_board = False
    with session_scope(plan) as s:
        board = needs_your_attention(s, today=TODAY, actor=bare_actor(Role.board))
        ceo = needs_your_attention(s, today=TODAY, actor=bare_actor(Role.ceo))
    assert "Search firm hired" not in [i.title for i in board.overdue]
    assert "Search firm hired" in [i.title for i in ceo.overdue]


def test_a_mentor_is_refused(plan):
    with session_scope(plan) as s, pytest.raises(PermissionDenied):
        needs_your_attention(s, today=TODAY, actor=bare_actor(Role.mentor))
