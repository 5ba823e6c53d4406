"""Cancelling, restoring and deleting board meetings (issue 15), for whoever the matrix gives
"meetings.write" (the board, the CEO and an administrator).

The issue's rule: retire means archive where other records point at the row, delete with a
confirmation naming what goes with it where nothing does.
- A scheduled meeting that will not take place is **cancelled**: its invitations went out and
  people's calendars hold it, so it stays on record with the day and the reason, drops out of
  the next-meeting panel and the reminders, and the calendar feed and the .ics say it is
  cancelled (STATUS:CANCELLED). A cancelled meeting is **restored** to scheduled while its date
  is still ahead.
- A meeting recorded or scheduled by mistake is **deleted**, with its attendance, decisions and
  the scorecard figures kept when it was recorded, after a confirmation naming them; refused
  while action items raised at it or a re-baseline citing it point at it.
Every change is audited by the session's hooks and is in the meeting's History panel; stale
edits are refused (check_version)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.areas import reads
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.models import (
    ActionItem,
    BoardMeeting,
    MeetingAttendance,
    MeetingDecision,
    MilestoneDateChange,
    ScorecardSnapshot,
)
from gfj_core.schemas.board import MeetingSummary
from gfj_core.schemas.board_records import (
    MeetingCancel,
    MeetingRemovable,
    MeetingReschedule,
    MeetingRestore,
)
from gfj_core.services.board_meetings import _summaries
from gfj_core.services.corrections import delete_row
from gfj_core.services.versioning import check_version


def _meeting(session: Session, meeting_id: int) -> BoardMeeting:
    meeting = session.get(BoardMeeting, meeting_id)
    if meeting is None:
        raise NotFound("That meeting is no longer on record (someone may have deleted it).")
    return meeting


def _summary(session: Session, meeting_id: int) -> MeetingSummary:
    return _summaries(session, BoardMeeting.id == meeting_id)[0]


def reschedule_meeting(
    session: Session, meeting_id: int, data: MeetingReschedule, *, actor, today: date
) -> MeetingSummary:
    """Correct a scheduled meeting before it is held: move its date, retitle it, change the
    agenda (a held meeting's record is corrected by board_records.correct_meeting)."""
    require(actor, "meetings.write")
    meeting = _meeting(session, meeting_id)
    check_version(session, meeting, data.expected_version, "meeting")
    problems: list[tuple[str, str]] = []
    if meeting.status != "scheduled":
        problems.append(("status", "Only a scheduled meeting is rescheduled."))
    if data.held_on < today:
        problems.append(("held_on", "A scheduled meeting must be today or later."))
    clash = session.scalar(
        select(BoardMeeting.id).where(
            BoardMeeting.held_on == data.held_on,
            BoardMeeting.kind == meeting.kind,
            BoardMeeting.id != meeting.id,
        )
    )
    if clash is not None:
        problems.append(
            ("held_on", f"A meeting of this body on {fmt_date(data.held_on)} is on record.")
        )
    if problems:
        raise ValidationFailed("The meeting was not saved.", problems)
    meeting.held_on = data.held_on
    meeting.title = data.title
    meeting.agenda = "\n".join(data.agenda) or None
    session.flush()
    return _summary(session, meeting.id)


def cancel_meeting(
    session: Session, meeting_id: int, data: MeetingCancel, *, actor, today: date
) -> MeetingSummary:
    """A scheduled meeting will not take place: kept on record as cancelled, with the reason."""
    require(actor, "meetings.write")
    meeting = _meeting(session, meeting_id)
    check_version(session, meeting, data.expected_version, "meeting")
    if meeting.status != "scheduled":
        why = (
            "It is already cancelled."
            if meeting.status == "cancelled"
            else "A held meeting is corrected, not cancelled (or deleted if recorded by mistake)."
        )
        raise ValidationFailed("The meeting was not cancelled.", [("status", why)])
    meeting.status = "cancelled"
    meeting.cancelled_on = today
    meeting.cancel_reason = data.reason
    session.flush()
    return _summary(session, meeting.id)


def restore_meeting(
    session: Session, meeting_id: int, data: MeetingRestore, *, actor, today: date
) -> MeetingSummary:
    """Put a cancelled meeting back on the calendar, while its date is still ahead."""
    require(actor, "meetings.write")
    meeting = _meeting(session, meeting_id)
    check_version(session, meeting, data.expected_version, "meeting")
    if meeting.status != "cancelled":
        raise ValidationFailed(
            "The meeting was not restored.", [("status", "Only a cancelled meeting is restored.")]
        )
    if meeting.held_on < today:
        raise ValidationFailed(
            "The meeting was not restored.",
            [
                (
                    "status",
                    f"Its date ({fmt_date(meeting.held_on)}) has passed: schedule a new meeting "
                    "instead.",
                )
            ],
        )
    meeting.status = "scheduled"
    meeting.cancelled_on = None
    meeting.cancel_reason = None
    session.flush()
    return _summary(session, meeting.id)


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _counted(column) -> object:
    return (
        select(func.count())
        .where(column == BoardMeeting.id)
        .correlate(BoardMeeting)
        .scalar_subquery()
    )


def _goes_with(invited: int, decisions: int, snapshots: int) -> str | None:
    parts = []
    if decisions:
        parts.append(f"its {_n(decisions, 'decision')}")
    if invited:
        parts.append(f"the attendance list ({_n(invited, 'person', 'people')})")
    if snapshots:
        parts.append(f"the {_n(snapshots, 'scorecard figure')} kept when it was recorded")
    return ", ".join(parts) if parts else None


def _kept_because(actions: int, rebaselines: int) -> str | None:
    parts = []
    if actions:
        parts.append(f"{_n(actions, 'action item')} raised at it")
    if rebaselines:
        parts.append(f"{_n(rebaselines, 're-baseline')} citing it")
    return " and ".join(parts) if parts else None


@reads(
    "board_meeting",
    "meeting_attendance",
    "meeting_decision",
    "action_item",
    "scorecard_snapshot",
    "milestone_date_change",
)
def removable_meetings(session: Session, *, actor) -> list[MeetingRemovable]:
    """Every meeting with what deleting it takes along, or what keeps it (one query)."""
    require(actor, "meetings.write")
    m = BoardMeeting
    q = select(
        m.id,
        m.version,
        m.held_on,
        m.title,
        m.status,
        _counted(MeetingAttendance.meeting_id).label("invited"),
        _counted(MeetingDecision.meeting_id).label("decisions"),
        _counted(ScorecardSnapshot.meeting_id).label("snapshots"),
        _counted(ActionItem.raised_meeting_id).label("actions"),
        _counted(MilestoneDateChange.board_meeting_id).label("rebaselines"),
    ).order_by(m.held_on.desc(), m.id.desc())
    return [
        MeetingRemovable(
            id=r.id,
            version=r.version,
            held_on=r.held_on,
            title=r.title,
            status=r.status,
            goes_with=_goes_with(r.invited, r.decisions, r.snapshots),
            kept_because=_kept_because(r.actions, r.rebaselines),
        )
        for r in session.execute(q)
    ]


def delete_meeting(session: Session, *, record_id: int, expected_version: int | None, actor) -> str:
    """Delete a meeting recorded or scheduled by mistake, with its attendance, decisions and
    scorecard figures; refused while action items or a re-baseline point at it."""
    require(actor, "meetings.write")

    def blockers(meeting: BoardMeeting) -> str | None:
        actions = session.scalar(
            select(func.count()).where(ActionItem.raised_meeting_id == meeting.id)
        )
        rebaselines = session.scalar(
            select(func.count()).where(MilestoneDateChange.board_meeting_id == meeting.id)
        )
        kept = _kept_because(actions or 0, rebaselines or 0)
        return (
            f"This meeting is kept: {kept}. Drop or move those first, or cancel the meeting."
            if kept
            else None
        )

    meeting = _meeting(session, record_id)
    name = f"{meeting.title} ({fmt_date(meeting.held_on)})"
    # Attendance and decisions go with it by the ORM (audited); the scorecard figures kept when
    # it was recorded (the system's copy, not audited) by the foreign key's ON DELETE CASCADE.
    delete_row(
        session,
        BoardMeeting,
        record_id=record_id,
        expected_version=expected_version,
        what="meeting",
        blockers=blockers,
    )
    return name
