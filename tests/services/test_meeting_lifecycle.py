"""Cancelling, restoring, rescheduling and deleting board meetings (issue 15) on a real database
file: a cancelled meeting stays on record with its reason, leaves the next-meeting panel, and
the calendar says it is cancelled; a meeting recorded by mistake is deleted with what goes with
it only while nothing points at it; stale edits and the wrong roles are refused."""

from datetime import date

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import (
    AuditLog,
    BoardMeeting,
    MeetingAttendance,
    MeetingDecision,
    ScorecardSnapshot,
)
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.board import ActionItemCreate, DecisionCreate, MeetingCreate
from gfj_core.schemas.board_records import MeetingCancel, MeetingReschedule, MeetingRestore
from gfj_core.services import board_meetings as bm
from gfj_core.services import meeting_lifecycle as ml
from gfj_core.services.calendar_feed import meeting_ics
from tests import factories as f
from tests.conftest import bare_actor

TODAY = date(2026, 11, 22)
AHEAD = date(2026, 12, 10)


@pytest.fixture
def board(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        ids = [f.person(s, n).id for n in ("Bea Board", "Cal Chair")]
    return empty_db, ids


def _schedule(engine, people, on=AHEAD, title="December board meeting") -> int:
    actor = bare_actor(Role.board)
    with session_scope(engine, write=True, actor=actor) as s:
        data = MeetingCreate(held_on=on, title=title, status="scheduled", invited_person_ids=people)
        return bm.record_meeting(s, data, actor=actor, today=TODAY).id


def _hold(engine, people, *, actions=()) -> int:
    actor = bare_actor(Role.board)
    with session_scope(engine, write=True, actor=actor) as s:
        data = MeetingCreate(
            held_on=date(2026, 11, 19),
            title="November board meeting",
            invited_person_ids=people,
            attended_person_ids=people[:1],
            decisions=[DecisionCreate(text="Adopt the budget"), DecisionCreate(text="Thank Ada")],
            actions=[ActionItemCreate(title=t) for t in actions],
        )
        return bm.record_meeting(s, data, actor=actor, today=TODAY).id


def _version(engine, meeting_id) -> int:
    with session_scope(engine) as s:
        return s.get(BoardMeeting, meeting_id).version


def _audit(engine, meeting_id) -> list[str]:
    with session_scope(engine) as s:
        return list(
            s.scalars(
                select(AuditLog.action).where(
                    AuditLog.entity == "board_meeting", AuditLog.entity_id == str(meeting_id)
                )
            )
        )


@pytest.mark.parametrize("role", [Role.board, Role.ceo, Role.admin])
def test_a_cancelled_meeting_is_kept_with_its_reason_and_the_calendar_says_so(board, role):
    engine, people = board
    mid = _schedule(engine, people)
    actor = bare_actor(role)
    with session_scope(engine, write=True, actor=actor) as s:
        done = ml.cancel_meeting(
            s,
            mid,
            MeetingCancel(expected_version=_version(engine, mid), reason="No quorum"),
            actor=actor,
            today=TODAY,
        )
    assert (done.status, done.cancelled_on, done.cancel_reason) == (
        "cancelled",
        TODAY,
        "No quorum",
    )
    with session_scope(engine) as s:
        book = bm.meetings_book(s, today=TODAY, actor=actor)
        ics = meeting_ics(s, mid, actor=actor).decode()
    assert book.next_scheduled is None
    assert [m.id for m in book.meetings if m.status == "cancelled"] == [mid]
    assert "STATUS:CANCELLED" in ics and "Cancelled: December board meeting" in ics
    assert "No quorum" in ics
    assert _audit(engine, mid)[-1] == "update"

    with session_scope(engine, write=True, actor=actor) as s:
        back = ml.restore_meeting(
            s, mid, MeetingRestore(expected_version=_version(engine, mid)), actor=actor, today=TODAY
        )
    assert (back.status, back.cancelled_on, back.cancel_reason) == ("scheduled", None, None)
    with session_scope(engine) as s:
        assert bm.meetings_book(s, today=TODAY, actor=actor).next_scheduled.id == mid
        assert "STATUS:CANCELLED" not in meeting_ics(s, mid, actor=actor).decode()


@pytest.mark.parametrize("role", [Role.treasurer, Role.staff, Role.mentor])
def test_who_does_not_write_meetings_cannot_cancel_delete_or_reschedule(board, role):
    engine, people = board
    mid = _schedule(engine, people)
    actor = bare_actor(role)
    v = _version(engine, mid)
    before = _audit(engine, mid)
    calls = [
        lambda s: ml.cancel_meeting(
            s, mid, MeetingCancel(expected_version=v, reason="No quorum"), actor=actor, today=TODAY
        ),
        lambda s: ml.reschedule_meeting(
            s,
            mid,
            MeetingReschedule(expected_version=v, held_on=AHEAD, title="Moved"),
            actor=actor,
            today=TODAY,
        ),
        lambda s: ml.delete_meeting(s, record_id=mid, expected_version=v, actor=actor),
        lambda s: ml.removable_meetings(s, actor=actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=actor) as s:
            call(s)
    assert _audit(engine, mid) == before


def test_only_a_scheduled_meeting_is_cancelled_and_a_past_one_is_not_restored(board):
    engine, people = board
    actor = bare_actor(Role.board)
    held = _hold(engine, people)
    with pytest.raises(ValidationFailed) as refused, session_scope(engine, write=True) as s:
        ml.cancel_meeting(
            s,
            held,
            MeetingCancel(expected_version=_version(engine, held), reason="Oops"),
            actor=actor,
            today=TODAY,
        )
    assert refused.value.problems[0][0] == "status"
    mid = _schedule(engine, people, on=date(2026, 11, 25))
    with session_scope(engine, write=True, actor=actor) as s:
        ml.cancel_meeting(
            s,
            mid,
            MeetingCancel(expected_version=_version(engine, mid), reason="Storm"),
            actor=actor,
            today=TODAY,
        )
    with pytest.raises(ValidationFailed) as late, session_scope(engine, write=True) as s:
        ml.restore_meeting(
            s,
            mid,
            MeetingRestore(expected_version=_version(engine, mid)),
            actor=actor,
            today=date(2026, 11, 26),
        )
    assert "has passed" in late.value.problems[0][1]


def test_a_stale_cancellation_is_refused_and_changes_nothing(board):
    engine, people = board
    actor = bare_actor(Role.board)
    mid = _schedule(engine, people)
    seen = _version(engine, mid)
    with session_scope(engine, write=True, actor=actor) as s:
        ml.reschedule_meeting(
            s,
            mid,
            MeetingReschedule(expected_version=seen, held_on=date(2026, 12, 11), title="Moved"),
            actor=actor,
            today=TODAY,
        )
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=actor) as s:
        ml.cancel_meeting(
            s,
            mid,
            MeetingCancel(expected_version=seen, reason="No quorum"),
            actor=actor,
            today=TODAY,
        )
    with session_scope(engine) as s:
        m = s.get(BoardMeeting, mid)
        assert (m.status, m.held_on, m.title) == ("scheduled", date(2026, 12, 11), "Moved")


def test_rescheduling_refuses_a_past_date_and_a_clash_with_the_same_body(board):
    engine, people = board
    actor = bare_actor(Role.ceo)
    mid = _schedule(engine, people)
    _schedule(engine, people, on=date(2026, 12, 17), title="Another")
    for on, words in ((date(2026, 11, 1), "today or later"), (date(2026, 12, 17), "on record")):
        with pytest.raises(ValidationFailed) as refused, session_scope(engine, write=True) as s:
            ml.reschedule_meeting(
                s,
                mid,
                MeetingReschedule(expected_version=_version(engine, mid), held_on=on, title="X x"),
                actor=actor,
                today=TODAY,
            )
        assert refused.value.problems[0][0] == "held_on" and words in refused.value.problems[0][1]


def test_a_meeting_recorded_by_mistake_is_deleted_with_what_goes_with_it(board):
    engine, people = board
    actor = bare_actor(Role.admin)
    held = _hold(engine, people)
    with session_scope(engine) as s:
        row = next(r for r in ml.removable_meetings(s, actor=actor) if r.id == held)
        snapshots = s.scalar(select(func.count()).where(ScorecardSnapshot.meeting_id == held))
    assert row.kept_because is None
    assert row.goes_with.startswith("its 2 decisions, the attendance list (2 people)")
    assert (f"the {snapshots} scorecard figure" in row.goes_with) == bool(snapshots)
    with session_scope(engine, write=True, actor=actor) as s:
        name = ml.delete_meeting(s, record_id=held, expected_version=row.version, actor=actor)
    assert name.startswith("November board meeting (")
    with session_scope(engine) as s:
        assert s.get(BoardMeeting, held) is None
        for model in (MeetingAttendance, MeetingDecision, ScorecardSnapshot):
            assert s.scalar(select(func.count()).select_from(model)) == 0
    assert _audit(engine, held)[-1] == "delete"


def test_a_meeting_that_raised_action_items_is_kept_and_the_delete_refused(board):
    engine, people = board
    actor = bare_actor(Role.board)
    held = _hold(engine, people, actions=["Send the packet"])
    with session_scope(engine) as s:
        row = next(r for r in ml.removable_meetings(s, actor=actor) if r.id == held)
    assert row.kept_because == "1 action item raised at it"
    with pytest.raises(ValidationFailed), session_scope(engine, write=True, actor=actor) as s:
        ml.delete_meeting(s, record_id=held, expected_version=row.version, actor=actor)
    with session_scope(engine) as s:
        assert s.get(BoardMeeting, held) is not None
        assert s.scalar(select(func.count()).select_from(MeetingDecision)) == 2
