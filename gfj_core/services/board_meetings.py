"""Board meetings: record and schedule them, their action items, and board engagement figures.

Carry-over is a rule, not a copy: an action item raised at a meeting stays on the list of every
later meeting of the same kind (board or succession committee) until it is closed, so nothing
has to be re-typed and nothing can be forgotten in the copying.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from pydantic import TypeAdapter
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from gfj_core.access import require
from gfj_core.areas import reads
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.models import (
    ActionItem,
    BoardMeeting,
    MeetingAttendance,
    MeetingDecision,
    Person,
    ScorecardSnapshot,
)
from gfj_core.schemas.board import (
    ActionItemCreate,
    ActionItemRead,
    ActionItemUpdate,
    AttendancePoint,
    AttendeeRead,
    BoardEngagement,
    DecisionRead,
    MeetingCreate,
    MeetingRead,
    MeetingsBook,
    MeetingSummary,
    PersonChoice,
)
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.versioning import check_version
from gfj_core.viewers import same_for_role

ENGAGEMENT_WINDOW_DAYS = 365
# A list validated at once in pydantic-core: several times faster than one model per row.
_SUMMARIES = TypeAdapter(list[MeetingSummary])
_ACTIONS = TypeAdapter(list[ActionItemRead])


# --- reading -----------------------------------------------------------------------------------


def _summaries(session: Session, where=None) -> list[MeetingSummary]:
    invited = (
        select(func.count())
        .where(MeetingAttendance.meeting_id == BoardMeeting.id)
        .correlate(BoardMeeting)
        .scalar_subquery()
    )
    present = (
        select(func.count())
        .where(MeetingAttendance.meeting_id == BoardMeeting.id, MeetingAttendance.attended)
        .correlate(BoardMeeting)
        .scalar_subquery()
    )
    decisions = (
        select(func.count())
        .where(MeetingDecision.meeting_id == BoardMeeting.id)
        .correlate(BoardMeeting)
        .scalar_subquery()
    )
    raised = (
        select(func.count())
        .where(ActionItem.raised_meeting_id == BoardMeeting.id)
        .correlate(BoardMeeting)
        .scalar_subquery()
    )
    m = BoardMeeting
    # Columns, not entities: the book lists every meeting ever held.
    q = select(
        m.id,
        m.held_on,
        m.kind,
        m.title,
        m.status,
        m.version,
        m.cancelled_on,
        m.cancel_reason,
        invited.label("invited"),
        present.label("present"),
        decisions.label("decisions"),
        raised.label("actions_raised"),
    ).order_by(m.held_on.desc(), m.id.desc())
    if where is not None:
        q = q.where(where)
    return _SUMMARIES.validate_python([row._asdict() for row in session.execute(q)])


def _held_dates(session: Session, as_of: date) -> dict[str, list[date]]:
    """The dates of the held meetings up to as_of, by kind, in order."""
    dates: dict[str, list[date]] = {}
    rows = session.execute(
        select(BoardMeeting.kind, BoardMeeting.held_on)
        .where(BoardMeeting.status == "held", BoardMeeting.held_on <= as_of)
        .order_by(BoardMeeting.held_on)
    )
    for kind, held_on in rows:
        dates.setdefault(kind, []).append(held_on)
    return dates


def _action_reads(session: Session, where, *, as_of: date) -> list[ActionItemRead]:
    """Action items matching `where`, each with how many later meetings it was carried into:
    the held meetings of the same kind after the one that raised it, up to its closing (or
    as_of). Counted from the meetings' dates (a few hundred) rather than by a subquery per item
    (thousands at scale)."""
    raised = aliased(BoardMeeting)
    a = ActionItem
    rows = session.execute(
        select(
            a.id,
            a.title,
            a.owner_person_id,
            Person.full_name,
            a.due_date,
            a.status,
            a.closed_on,
            a.raised_meeting_id,
            raised.held_on,
            raised.kind,
            a.version,
        )
        .join(raised, raised.id == a.raised_meeting_id)
        .outerjoin(Person, Person.id == a.owner_person_id)
        .where(where)
        .order_by(a.due_date.is_(None), a.due_date, raised.held_on, a.id)
    ).all()
    held = _held_dates(session, as_of) if rows else {}
    out = []
    for iid, title, owner_id, owner, due, status, closed, meeting_id, raised_on, kind, v in rows:
        dates = held.get(kind, ())
        until = min(closed, as_of) if closed is not None else as_of
        carried = max(0, bisect_right(dates, until) - bisect_right(dates, raised_on))
        out.append(
            dict(
                id=iid,
                title=title,
                owner_person_id=owner_id,
                owner_name=owner,
                due_date=due,
                status=status,
                closed_on=closed,
                raised_meeting_id=meeting_id,
                raised_on=raised_on,
                times_carried_over=carried,
                overdue=status == "open" and due is not None and due < as_of,
                version=v,
            )
        )
    return _ACTIONS.validate_python(out)


@reads("action_item", "board_meeting", "person")
@same_for_role
def open_action_items(session: Session, *, as_of: date, actor) -> list[ActionItemRead]:
    """Every action item still open, raised at a meeting held on or before `as_of`."""
    require(actor, "meetings.read")
    raised = (
        select(BoardMeeting.id)
        .where(BoardMeeting.held_on <= as_of, BoardMeeting.status == "held")
        .scalar_subquery()
    )
    return _action_reads(
        session,
        and_(ActionItem.status == "open", ActionItem.raised_meeting_id.in_(raised)),
        as_of=as_of,
    )


@reads("board_meeting", "meeting_attendance", "person")
def board_engagement(session: Session, *, today: date, actor) -> BoardEngagement:
    """Attendance at board meetings and participation in the succession committee, over the
    last twelve months."""
    require(actor, "meetings.read")
    since = today - timedelta(days=ENGAGEMENT_WINDOW_DAYS)
    held = and_(
        BoardMeeting.status == "held", BoardMeeting.held_on > since, BoardMeeting.held_on <= today
    )
    rows = session.execute(
        select(
            BoardMeeting.held_on,
            BoardMeeting.kind,
            BoardMeeting.title,
            func.count(MeetingAttendance.id).filter(MeetingAttendance.attended),
            func.count(MeetingAttendance.id),
        )
        .outerjoin(MeetingAttendance, MeetingAttendance.meeting_id == BoardMeeting.id)
        .where(held)
        .group_by(BoardMeeting.id, BoardMeeting.held_on, BoardMeeting.kind, BoardMeeting.title)
        .order_by(BoardMeeting.held_on)
    ).all()
    points = [
        AttendancePoint(held_on=d, kind=k, title=t, present=p, invited=i) for d, k, t, p, i in rows
    ]

    def rate(kind: str) -> float | None:
        present = sum(p.present for p in points if p.kind == kind)
        invited = sum(p.invited for p in points if p.kind == kind)
        return present / invited if invited else None

    board_members = session.scalar(
        select(func.count()).where(Person.board_role.is_not(None), Person.active)
    )
    in_committee = session.scalar(
        select(func.count(func.distinct(MeetingAttendance.person_id)))
        .join(BoardMeeting, BoardMeeting.id == MeetingAttendance.meeting_id)
        .join(Person, Person.id == MeetingAttendance.person_id)
        .where(
            held,
            BoardMeeting.kind == "succession_committee",
            MeetingAttendance.attended,
            Person.board_role.is_not(None),
        )
    )
    return BoardEngagement(
        since=since,
        board_meetings_held=sum(1 for p in points if p.kind == "board"),
        board_attendance_rate=rate("board"),
        committee_meetings_held=sum(1 for p in points if p.kind == "succession_committee"),
        committee_participation_rate=rate("succession_committee"),
        board_members=board_members,
        board_members_in_committee_work=in_committee,
        points=points,
    )


@reads(
    "board_meeting", "meeting_attendance", "meeting_decision", "action_item", "person", "setting"
)
@same_for_role
def meetings_book(session: Session, *, today: date, actor) -> MeetingsBook:
    """All meetings (newest first), the last held and the next scheduled one, open actions."""
    require(actor, "meetings.read")
    meetings = _summaries(session)
    held = [m for m in meetings if m.status == "held" and m.held_on <= today]
    upcoming = [m for m in meetings if m.status == "scheduled" and m.held_on >= today]
    return MeetingsBook(
        meetings=meetings,
        last_held=held[0] if held else None,
        next_scheduled=upcoming[-1] if upcoming else None,
        open_actions=open_action_items(session, as_of=today, actor=actor),
        engagement=board_engagement(session, today=today, actor=actor),
        demo=load_org_settings(session).demo_loaded,
    )


def last_held_meeting(
    session: Session, *, before: date, kind: str | None = "board"
) -> BoardMeeting | None:
    """The most recent held meeting strictly before `before` (of `kind`, or of any kind)."""
    q = select(BoardMeeting).where(BoardMeeting.status == "held", BoardMeeting.held_on < before)
    if kind:
        q = q.where(BoardMeeting.kind == kind)
    return session.scalars(q.order_by(BoardMeeting.held_on.desc()).limit(1)).first()


@reads("board_meeting", "meeting_attendance", "meeting_decision", "action_item", "person")
@same_for_role
def meeting_detail(session: Session, meeting_id: int, *, actor, today: date) -> MeetingRead:
    require(actor, "meetings.read")
    summary = next(iter(_summaries(session, BoardMeeting.id == meeting_id)), None)
    if summary is None:
        raise NotFound(f"No meeting with id {meeting_id}.")
    meeting = session.get(BoardMeeting, meeting_id)
    attendees = session.execute(
        select(MeetingAttendance.attended, Person.id, Person.full_name, Person.title)
        .join(Person, Person.id == MeetingAttendance.person_id)
        .where(MeetingAttendance.meeting_id == meeting_id)
        .order_by(Person.board_role.is_(None), Person.full_name)
    ).all()
    decisions = session.execute(
        select(MeetingDecision.text, MeetingDecision.reference)
        .where(MeetingDecision.meeting_id == meeting_id)
        .order_by(MeetingDecision.position, MeetingDecision.id)
    ).all()
    # What this meeting inherits: open (as of its date) items from earlier meetings of its kind.
    as_of = max(today, meeting.held_on)
    earlier = (
        select(BoardMeeting.id)
        .where(
            BoardMeeting.kind == meeting.kind,
            BoardMeeting.status == "held",
            BoardMeeting.held_on < meeting.held_on,
        )
        .scalar_subquery()
    )
    carried_in = _action_reads(
        session,
        and_(
            ActionItem.raised_meeting_id.in_(earlier),
            or_(ActionItem.status == "open", ActionItem.closed_on >= meeting.held_on),
        ),
        as_of=as_of,
    )
    return MeetingRead(
        **summary.model_dump(),
        agenda=[line for line in (meeting.agenda or "").splitlines() if line.strip()],
        attendees=[
            AttendeeRead(person_id=pid, name=name, title=title, attended=att)
            for att, pid, name, title in attendees
        ],
        decision_list=[DecisionRead(text=t, reference=r) for t, r in decisions],
        raised=_action_reads(session, ActionItem.raised_meeting_id == meeting_id, as_of=as_of),
        carried_in=carried_in,
    )


@reads("person")
@same_for_role
def people_choices(session: Session, *, actor) -> list[PersonChoice]:
    """Active people, board members first: who can be invited or own an action."""
    require(actor, "meetings.read")
    rows = session.execute(
        select(Person.id, Person.full_name, Person.title, Person.board_role)
        .where(Person.active)
        .order_by(Person.board_role.is_(None), Person.full_name)
    ).all()
    return [PersonChoice(id=i, name=n, title=t, board_role=b) for i, n, t, b in rows]


# --- writing -----------------------------------------------------------------------------------


def _check_people(session: Session, ids: set[int], field: str) -> None:
    if not ids:
        return
    found = set(session.scalars(select(Person.id).where(Person.id.in_(ids))))
    if ids - found:
        raise ValidationFailed(
            "Someone chosen is not on record.",
            [(field, f"unknown person ids {sorted(ids - found)}")],
        )


def _add_actions(session: Session, meeting: BoardMeeting, actions: list[ActionItemCreate]) -> None:
    _check_people(
        session, {a.owner_person_id for a in actions if a.owner_person_id}, "action items"
    )
    for a in actions:
        session.add(
            ActionItem(
                raised_meeting_id=meeting.id,
                title=a.title.strip(),
                owner_person_id=a.owner_person_id,
                due_date=a.due_date,
                status="open",
            )
        )


def snapshot_scorecard(session: Session, meeting: BoardMeeting, *, actor) -> int:
    """Keep the scorecard's figures as the board saw them at this meeting (the tiles' trend)."""
    from gfj_core.services.overview import board_scorecard

    card = board_scorecard(session, today=meeting.held_on, actor=actor, privacy=True)
    existing = {
        s.tile_key: s
        for s in session.scalars(
            select(ScorecardSnapshot).where(ScorecardSnapshot.meeting_id == meeting.id)
        )
    }
    for t in card.tiles:
        row = existing.get(t.key) or ScorecardSnapshot(meeting_id=meeting.id, tile_key=t.key)
        row.label, row.value, row.value_text, row.light = (
            t.label,
            t.value,
            t.value_text,
            t.light.level.value,
        )
        session.add(row)
    # The vital few that are not tiles, for a supporter's portfolio (issue 20).
    from gfj_core.services.portfolio import vital_rows

    for key, label, value, text, light in vital_rows(session, card, actor=actor):
        row = existing.get(key) or ScorecardSnapshot(meeting_id=meeting.id, tile_key=key)
        row.label, row.value, row.value_text, row.light = label, value, text, light
        session.add(row)
    return len(card.tiles)


def record_meeting(session: Session, data: MeetingCreate, *, actor, today: date) -> MeetingRead:
    """Record a held meeting (attendance, decisions, new action items) or schedule one.

    Recording a meeting that was scheduled for the same day and kind completes that record."""
    require(actor, "meetings.write")
    problems: list[tuple[str, str]] = []
    if data.status == "held" and data.held_on > today:
        problems.append(("date", "A meeting in the future can be scheduled, not recorded as held."))
    if data.status == "scheduled" and data.held_on < today:
        problems.append(("date", "A scheduled meeting must be today or later."))
    invited = set(data.invited_person_ids) | set(data.attended_person_ids)
    if data.status == "held" and not data.attended_person_ids:
        problems.append(("attendees", "Tick who attended."))
    if data.status == "scheduled" and (data.decisions or data.actions):
        problems.append(("decisions", "Decisions and actions belong to a held meeting."))
    if problems:
        raise ValidationFailed("The meeting was not saved.", problems)
    _check_people(session, invited, "attendees")

    meeting = session.scalars(
        select(BoardMeeting).where(
            BoardMeeting.held_on == data.held_on, BoardMeeting.kind == data.kind
        )
    ).first()
    if meeting is not None and not (meeting.status == "scheduled" and data.status == "held"):
        raise ValidationFailed(
            "The meeting was not saved.",
            [
                (
                    "date",
                    f"A {data.kind.replace('_', ' ')} meeting on {fmt_date(data.held_on)} is on record.",
                )
            ],
        )
    if meeting is None:
        meeting = BoardMeeting(held_on=data.held_on, kind=data.kind)
        session.add(meeting)
    meeting.title = data.title.strip()
    meeting.status = data.status
    if data.agenda:
        meeting.agenda = "\n".join(data.agenda)
    session.flush()

    attended = set(data.attended_person_ids)
    current = {
        a.person_id: a
        for a in session.scalars(
            select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id)
        )
    }
    for pid in sorted(invited):
        row = current.get(pid) or MeetingAttendance(meeting_id=meeting.id, person_id=pid)
        row.attended = pid in attended if data.status == "held" else False
        session.add(row)
    start = (
        session.scalar(
            select(func.coalesce(func.max(MeetingDecision.position), 0)).where(
                MeetingDecision.meeting_id == meeting.id
            )
        )
        or 0
    )
    for i, d in enumerate(data.decisions, start=start + 1):
        session.add(
            MeetingDecision(
                meeting_id=meeting.id, position=i, text=d.text.strip(), reference=d.reference
            )
        )
    _add_actions(session, meeting, data.actions)
    session.flush()
    if data.status == "held":
        snapshot_scorecard(session, meeting, actor=actor)
        session.flush()
    return meeting_detail(session, meeting.id, actor=actor, today=today)


def add_action_item(
    session: Session, meeting_id: int, data: ActionItemCreate, *, actor, today: date
) -> ActionItemRead:
    require(actor, "meetings.write")
    meeting = session.get(BoardMeeting, meeting_id)
    if meeting is None:
        raise NotFound(f"No meeting with id {meeting_id}.")
    if meeting.status != "held":
        raise ValidationFailed(
            "Actions are agreed at a held meeting.", [("meeting", "This meeting is scheduled.")]
        )
    _add_actions(session, meeting, [data])
    session.flush()
    newest = session.scalar(select(func.max(ActionItem.id)))
    return _action_reads(session, ActionItem.id == newest, as_of=today)[0]


def update_action_item(
    session: Session, item_id: int, data: ActionItemUpdate, *, actor, today: date
) -> ActionItemRead:
    """Close, drop, reopen or re-date an action item. Closing stamps today unless told a date."""
    require(actor, "meetings.write")
    item = session.get(ActionItem, item_id)
    if item is None:
        raise NotFound(f"No action item with id {item_id}.")
    check_version(session, item, data.expected_version, "action item")
    if data.owner_person_id is not None:
        _check_people(session, {data.owner_person_id}, "owner")
        item.owner_person_id = data.owner_person_id
    if data.due_date is not None:
        item.due_date = data.due_date
    if data.status != item.status:
        item.status = data.status
        item.closed_on = None if data.status == "open" else (data.closed_on or today)
    elif data.status != "open" and data.closed_on is not None:
        item.closed_on = data.closed_on
    if item.closed_on is not None and item.closed_on > today:
        raise ValidationFailed(
            "The action item was not saved.", [("closed on", "cannot be in the future")]
        )
    session.flush()
    return _action_reads(session, ActionItem.id == item.id, as_of=today)[0]


def carry_over_line(carried: int, open_total: int, kind: str) -> str:
    """How many of the open action items carry over to a meeting, said so that it reconciles
    with the overview's count of every open item (issue 22): items carry over only to later
    meetings of the body that raised them."""
    body = "the board" if kind == "board" else "the succession committee"
    others = open_total - carried
    rest = (
        f"; the other {others} belong to "
        + ("the succession committee" if kind == "board" else "the board")
        if others
        else ""
    )
    return (
        f"**{carried} of the {open_total} open action items carry over to it** (those raised "
        f"by {body}{rest}; all are under Open action items)."
    )
