"""Correcting the board's records (issue 15), for whoever the matrix gives "meetings.write"
(the board, the CEO and an administrator): a held meeting's attendance, decisions, title and
agenda; action items added between meetings, reassigned, re-dated, closed or reopened.

A correction carries the version of the meeting (or item) it was made from and is refused when
someone saved it since (check_version). Attendance and decisions are the meeting's own rows:
the correction replaces them in one flush, and the meeting's version moves with them, so two
secretaries correcting the same minutes cannot both win. Every row is audited by the session's
hooks. The scorecard snapshot kept when the meeting was recorded stays as the board saw it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.models import ActionItem, BoardMeeting, MeetingAttendance, MeetingDecision, Person
from gfj_core.schemas.board import KIND_LABELS, ActionItemRead, MeetingRead
from gfj_core.schemas.board_records import (
    ActionItemAdd,
    ActionItemRowEdit,
    MeetingCorrection,
)
from gfj_core.services.board_meetings import _action_reads, _check_people, meeting_detail
from gfj_core.services.tables import save_rows
from gfj_core.services.versioning import check_version

Problems = list[tuple[str, str]]


def correct_meeting(
    session: Session, meeting_id: int, data: MeetingCorrection, *, actor, today: date
) -> MeetingRead:
    """Replace a held meeting's title, agenda, attendance and decisions with the corrected ones."""
    require(actor, "meetings.write")
    meeting = session.get(BoardMeeting, meeting_id)
    if meeting is None:
        raise NotFound("That meeting is no longer on record.")
    check_version(session, meeting, data.expected_version, "meeting")
    if meeting.status != "held":
        raise ValidationFailed(
            "The meeting was not saved.",
            [("status", "Only a held meeting's record can be corrected.")],
        )
    if not data.attended_person_ids:
        raise ValidationFailed("The meeting was not saved.", [("attendees", "Tick who attended.")])
    invited = set(data.invited_person_ids) | set(data.attended_person_ids)
    _check_people(session, invited, "attendees")
    # One UPDATE of the meeting per correction: no autoflush half-way.
    with session.no_autoflush:
        meeting.title = data.title
        meeting.agenda = "\n".join(data.agenda) or None
        attended = set(data.attended_person_ids)
        current = {
            a.person_id: a
            for a in session.scalars(
                select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id)
            )
        }
        for pid, row in current.items():
            if pid not in invited:
                session.delete(row)
        for pid in sorted(invited):
            row = current.get(pid) or MeetingAttendance(meeting_id=meeting.id, person_id=pid)
            row.attended = pid in attended
            session.add(row)
        old = list(
            session.scalars(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id))
        )
        wanted = [(d.text.strip(), d.reference) for d in data.decisions]
        if [(d.text, d.reference) for d in sorted(old, key=lambda d: d.position)] != wanted:
            for d in old:
                session.delete(d)
            for i, (text, reference) in enumerate(wanted, start=1):
                session.add(
                    MeetingDecision(
                        meeting_id=meeting.id, position=i, text=text, reference=reference
                    )
                )
    # The meeting's version moves with its attendance and decisions even when its own columns
    # did not change, so a second stale correction is refused.
    if not session.is_modified(meeting):
        flag_modified(meeting, "title")
    session.flush()
    return meeting_detail(session, meeting.id, actor=actor, today=today)


def add_action_between_meetings(
    session: Session, data: ActionItemAdd, *, actor, today: date
) -> ActionItemRead:
    """An action agreed between meetings: raised at the last held meeting of its body, so it
    carries over to that body's next meeting."""
    require(actor, "meetings.write")
    meeting = session.scalars(
        select(BoardMeeting)
        .where(
            BoardMeeting.kind == data.kind,
            BoardMeeting.status == "held",
            BoardMeeting.held_on <= today,
        )
        .order_by(BoardMeeting.held_on.desc())
        .limit(1)
    ).first()
    if meeting is None:
        raise ValidationFailed(
            "The action item was not saved.",
            [
                (
                    "kind",
                    f"Record a held {KIND_LABELS[data.kind].lower()} first: actions carry "
                    "over from one meeting of a body to the next.",
                )
            ],
        )
    if data.owner_person_id is not None:
        _check_people(session, {data.owner_person_id}, "owner_person_id")
    if data.due_date is not None and data.due_date < meeting.held_on:
        raise ValidationFailed(
            "The action item was not saved.",
            [
                (
                    "due_date",
                    f"The due date is before the last meeting ({fmt_date(meeting.held_on)}).",
                )
            ],
        )
    item = ActionItem(
        raised_meeting_id=meeting.id,
        title=data.title,
        owner_person_id=data.owner_person_id,
        due_date=data.due_date,
        status="open",
    )
    session.add(item)
    session.flush()
    return _action_reads(session, ActionItem.id == item.id, as_of=today)[0]


def _apply_action(
    session: Session, edit: ActionItemRowEdit, today: date
) -> tuple[ActionItem, Problems]:
    item = session.get(ActionItem, edit.id)
    if item is None:
        raise NotFound("That action item no longer exists.")
    check_version(session, item, edit.expected_version, "action item")
    problems: Problems = []
    for name in edit.changes.model_fields_set:
        value = getattr(edit.changes, name)
        if name == "title":
            if not value:
                problems.append(("title", "This is required."))
            else:
                item.title = value
        elif name == "owner_person_id":
            if value is not None and session.get(Person, value) is None:
                problems.append(("owner_person_id", "That person is not on record."))
            else:
                item.owner_person_id = value
        elif name == "due_date":
            item.due_date = value
        elif name == "status":
            if value is None:
                problems.append(("status", "This is required."))
            elif value != item.status:
                item.status = value
                item.closed_on = None if value == "open" else today
    return item, problems


def save_action_table(
    session: Session, edits: list[ActionItemRowEdit], *, actor, today: date
) -> int:
    """Save the edited rows of the open action items: reassign, re-date, rename, close or drop.
    Every row or none; closing stamps today."""
    require(actor, "meetings.write")
    return save_rows(
        session, edits, lambda e: _apply_action(session, e, today), name=lambda i: i.title
    )
