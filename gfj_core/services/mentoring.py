"""Mentoring sessions: logging, correcting within the window, action items, and reading them back.

Privacy rule, enforced here and nowhere else: a session's private notes leave the database only
for the mentor who wrote them (actor.person_id == mentor_person_id). Every other reader gets None,
whatever their role, and the audit trail records only that the notes changed.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from gfj_core.access import Role, can, require
from gfj_core.errors import NotFound, PermissionDenied, ValidationFailed
from gfj_core.exports.safety import neutralise_rows
from gfj_core.formatting import fmt_date
from gfj_core.metrics.leadership import (
    CORRECTION_WINDOW_DAYS,
    correction_deadline,
    may_still_correct,
)
from gfj_core.models import (
    EmergingLeader,
    MentoringSession,
    Person,
    SessionActionItem,
)
from gfj_core.models.base import utcnow
from gfj_core.schemas.leadership import (
    TOPIC_SEPARATOR,
    ActionItemDone,
    ActionItemIn,
    ActionItemRead,
    MenteeOption,
    OpenActionItem,
    SessionCreate,
    SessionFormContext,
    SessionRead,
    SessionUpdate,
)
from gfj_core.services.leader_scope import mentored_leader_ids, mentors_now, visible_leader
from gfj_core.services.versioning import check_version
from gfj_core.visibility import private_notes_column, sees_private_note

STANDARD_TOPICS = (
    "Board relations",
    "Budget and finance",
    "Fundraising",
    "Funder relationships",
    "Kingian nonviolence",
    "Cultural organizing",
    "Managing people",
    "Policy and advocacy",
    "Public speaking and media",
    "Strategy",
    "Self-care and boundaries",
    "Career path",
)


def split_topics(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(";") if t.strip()]


def join_topics(topics: list[str]) -> str | None:
    return TOPIC_SEPARATOR.join(topics) or None


# ---------------------------------------------------------------- who may log for whom


def _loggable_leader(session: Session, actor, leader_id: int) -> EmergingLeader:
    """A mentor logs only for their own current mentees; the CEO for any active leader."""
    leader = session.get(EmergingLeader, leader_id)
    if leader is None:
        raise ValidationFailed("Choose a leader.", [("leader_id", "No such leader.")])
    if actor.role == Role.mentor and not mentors_now(session, actor, leader_id):
        raise PermissionDenied("You can log sessions only for your own mentees.")
    if leader.status != "active":
        raise ValidationFailed(
            "This leader is no longer in the program.",
            [("leader_id", "Sessions can be logged only for active leaders.")],
        )
    return leader


def _require_author(actor) -> int:
    if actor.person_id is None:
        raise PermissionDenied("Only a signed-in person can log mentoring sessions.")
    return actor.person_id


def _check_dates(data: SessionCreate, today: date) -> None:
    problems = []
    if data.held_on > today:
        problems.append(("held_on", "A session cannot be dated in the future."))
    for n, item in enumerate(data.action_items, start=1):
        if item.due_on is not None and item.due_on < data.held_on:
            problems.append(
                (f"action_items.{n}.due_on", f"Action item {n} is due before the session.")
            )
    if problems:
        raise ValidationFailed("The session was not saved.", problems)


def _new_items(items: list[ActionItemIn], today: date) -> list[SessionActionItem]:
    return [
        SessionActionItem(
            description=i.description,
            due_on=i.due_on,
            done=i.done,
            done_on=today if i.done else None,
        )
        for i in items
    ]


# ---------------------------------------------------------------- writes


DUPLICATE_SESSION = "A session for this leader, mentor and date is already recorded."


def recorded_session_keys(
    session: Session, keys: set[tuple[int, int, date]], *, except_id: int | None = None
) -> set[tuple[int, int, date]]:
    """Which (leader, mentor, date) keys already have a session: the one duplicate rule shared
    by the form, a correction and the CSV import. One query, whatever the number of keys."""
    if not keys:
        return set()
    query = select(
        MentoringSession.leader_id, MentoringSession.mentor_person_id, MentoringSession.held_on
    ).where(
        MentoringSession.leader_id.in_({k[0] for k in keys}),
        MentoringSession.held_on.in_({k[2] for k in keys}),
    )
    if except_id is not None:
        query = query.where(MentoringSession.id != except_id)
    return {tuple(r) for r in session.execute(query).all()} & keys


def _refuse_duplicate(
    session: Session, leader_id: int, mentor_id: int, held_on: date, except_id: int | None = None
) -> None:
    key = (leader_id, mentor_id, held_on)
    if recorded_session_keys(session, {key}, except_id=except_id):
        raise ValidationFailed(DUPLICATE_SESSION, [("held_on", DUPLICATE_SESSION)])


def record_session(session: Session, data: SessionCreate, *, today: date, actor) -> SessionRead:
    """Log a session as the signed-in mentor (or CEO), who becomes its author."""
    require(actor, "sessions.write")
    author = _require_author(actor)
    _loggable_leader(session, actor, data.leader_id)
    _check_dates(data, today)
    _refuse_duplicate(session, data.leader_id, author, data.held_on)
    row = MentoringSession(
        leader_id=data.leader_id,
        mentor_person_id=author,
        held_on=data.held_on,
        minutes=data.minutes,
        topics=join_topics(data.topics),
        shared_notes=data.shared_notes,
        private_notes=data.private_notes,
        next_session_on=data.next_session_on,
        logged_on=today,
        action_items=_new_items(data.action_items, today),
    )
    session.add(row)
    session.flush()
    return get_session(session, row.id, today=today, actor=actor)


def _correctable(session: Session, session_id: int, *, today: date, actor) -> MentoringSession:
    """The session this actor may correct or delete (issue 15): the CEO and an administrator
    ("sessions.correct_any") any session, at any time; its mentor only a session they wrote,
    for a leader they mentor now, within the correction window."""
    row = session.get(MentoringSession, session_id)
    if row is None:
        raise NotFound("That session no longer exists.")
    if can(actor.role, "sessions.correct_any"):
        return row
    if actor.person_id is None or row.mentor_person_id != actor.person_id:
        raise PermissionDenied("Only the mentor who wrote a session may change or delete it.")
    if not mentors_now(session, actor, row.leader_id):
        raise PermissionDenied("You can correct sessions only for your own current mentees.")
    if not may_still_correct(row.logged_on, today):
        raise PermissionDenied(
            f"This session could be corrected until {fmt_date(correction_deadline(row.logged_on))}"
            "; it is now part of the record (the CEO or an administrator can still correct it)."
        )
    return row


def update_session(
    session: Session,
    session_id: int,
    data: SessionUpdate,
    *,
    expected_version: int,
    today: date,
    actor,
) -> SessionRead:
    """Correct a session: its mentor within 7 days of logging it, the CEO or an administrator at
    any time; refused if someone (another tab) saved it after the form was loaded. Action items
    are replaced by the form's list. Private notes are their author's: anyone else's correction
    leaves them as they are."""
    require(actor, "sessions.correct")
    row = _correctable(session, session_id, today=today, actor=actor)
    check_version(session, row, expected_version, "session")
    if data.leader_id != row.leader_id:
        _loggable_leader(session, actor, data.leader_id)
    _check_dates(data, today)
    _refuse_duplicate(session, data.leader_id, row.mentor_person_id, data.held_on, row.id)
    done_before = {(i.description, i.due_on): i.done_on for i in row.action_items if i.done}
    row.leader_id = data.leader_id
    row.held_on = data.held_on
    row.minutes = data.minutes
    row.topics = join_topics(data.topics)
    row.shared_notes = data.shared_notes
    if row.mentor_person_id == actor.person_id:
        row.private_notes = data.private_notes
    row.next_session_on = data.next_session_on
    items = _new_items(data.action_items, today)
    for item in items:  # an item already done keeps the day it was done
        if item.done and (item.description, item.due_on) in done_before:
            item.done_on = done_before[(item.description, item.due_on)]
    row.action_items = items
    # Bump the version even when only the action items changed, so a stale tab is refused.
    row.updated_at = utcnow()
    session.flush()
    return get_session(session, row.id, today=today, actor=actor)


def delete_session(
    session: Session, session_id: int, *, expected_version: int, today: date, actor
) -> None:
    """Delete a session logged by mistake, with its action items (same rule as correcting)."""
    require(actor, "sessions.correct")
    row = _correctable(session, session_id, today=today, actor=actor)
    check_version(session, row, expected_version, "session")
    session.delete(row)
    session.flush()


def remove_session(
    session: Session,
    *,
    record_id: int,
    expected_version: int | None,
    actor,
    today: date | None = None,
) -> str:
    """Delete a session logged by mistake (the delete panel's call, which passes no date: the
    correction window is then read against today): the one it names."""
    require(actor, "sessions.correct")
    row = session.get(MentoringSession, record_id)
    if row is None:
        raise NotFound("That session no longer exists.")
    leader = session.get(EmergingLeader, row.leader_id)
    name = f"the session with {leader.person.full_name} on {fmt_date(row.held_on)}"
    delete_session(
        session, record_id, expected_version=expected_version or row.version,
        today=today or date.today(), actor=actor,
    )  # fmt: skip
    return name


def set_action_item_done(
    session: Session, item_id: int, done: bool, *, expected_version: int, today: date, actor
) -> ActionItemRead:
    """The session's author ticks an action item off (or back on) at any time."""
    require(actor, "sessions.write")
    item = session.get(SessionActionItem, item_id)
    if item is None:
        raise NotFound("That action item no longer exists.")
    if actor.person_id is None or item.mentoring_session.mentor_person_id != actor.person_id:
        raise PermissionDenied("Only the mentor who wrote the session may update its actions.")
    check_version(session, item, expected_version, "action item")
    if item.done != done:
        item.done = done
        item.done_on = today if done else None
        session.flush()
    return _item_read(item)


def update_action_items(
    session: Session, changes: list[ActionItemDone], *, today: date, actor
) -> int:
    """Tick several of one's own action items at once: all saved, or none."""
    for change in changes:
        set_action_item_done(
            session,
            change.id,
            change.done,
            expected_version=change.expected_version,
            today=today,
            actor=actor,
        )
    return len(changes)


# ---------------------------------------------------------------- reads


def _item_read(i: SessionActionItem) -> ActionItemRead:
    return ActionItemRead(
        id=i.id,
        description=i.description,
        due_on=i.due_on,
        done=i.done,
        done_on=i.done_on,
        version=i.version,
    )


def session_reads(session: Session, where, *, today: date, actor, limit: int | None = None):
    """Sessions matching `where`, newest first, as this actor may see them.

    The private notes column is selected only where the actor wrote the session, so other
    viewers' results never hold the text at all."""
    author = actor.person_id if actor.person_id is not None else -1
    leader_person = aliased(Person)
    mentor_person = aliased(Person)
    stmt = (
        select(
            MentoringSession.id,
            MentoringSession.leader_id,
            leader_person.full_name.label("leader_name"),
            MentoringSession.mentor_person_id,
            mentor_person.full_name.label("mentor_name"),
            MentoringSession.held_on,
            MentoringSession.minutes,
            MentoringSession.topics,
            MentoringSession.shared_notes,
            private_notes_column(actor).label("private"),
            MentoringSession.next_session_on,
            MentoringSession.logged_on,
            MentoringSession.version,
        )
        .join(EmergingLeader, EmergingLeader.id == MentoringSession.leader_id)
        .join(leader_person, leader_person.id == EmergingLeader.person_id)
        .join(mentor_person, mentor_person.id == MentoringSession.mentor_person_id)
        .where(where)
        .order_by(MentoringSession.held_on.desc(), MentoringSession.id.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    items: dict[int, list[ActionItemRead]] = defaultdict(list)
    if rows:
        for i in session.scalars(
            select(SessionActionItem)
            .where(SessionActionItem.session_id.in_([r.id for r in rows]))
            .order_by(SessionActionItem.id)
        ):
            items[i.session_id].append(_item_read(i))
    out = []
    for r in rows:
        is_author = r.mentor_person_id == author
        out.append(
            SessionRead(
                id=r.id,
                leader_id=r.leader_id,
                leader_name=r.leader_name,
                mentor_person_id=r.mentor_person_id,
                mentor_name=r.mentor_name,
                held_on=r.held_on,
                minutes=r.minutes,
                topics=split_topics(r.topics),
                shared_notes=r.shared_notes,
                private_notes=r.private if sees_private_note(actor, r.mentor_person_id) else None,
                next_session_on=r.next_session_on,
                logged_on=r.logged_on,
                action_items=items[r.id],
                is_author=is_author,
                editable_until=correction_deadline(r.logged_on)
                if is_author and may_still_correct(r.logged_on, today)
                else None,
                version=r.version,
            )
        )
    return out


def get_session(session: Session, session_id: int, *, today: date, actor) -> SessionRead:
    """One session, if the actor may see its leader."""
    require(actor, "leadership.read")
    where = MentoringSession.id == session_id
    if actor.role == Role.mentor:
        where = and_(where, MentoringSession.leader_id.in_(mentored_leader_ids(actor)))
    found = session_reads(session, where, today=today, actor=actor)
    if not found:
        raise NotFound("That session does not exist or is not yours to see.")
    return found[0]


def session_form_context(session: Session, *, today: date, actor) -> SessionFormContext:
    """Whom the actor may log for, the last mentee they logged for, their correctable sessions
    and their open action items."""
    require(actor, "sessions.write")
    author = _require_author(actor)
    last = (
        select(MentoringSession.leader_id, func.max(MentoringSession.held_on).label("last_on"))
        .where(MentoringSession.held_on <= today)
        .group_by(MentoringSession.leader_id)
        .subquery()
    )
    stmt = (
        select(EmergingLeader.id, Person.full_name, EmergingLeader.target_role, last.c.last_on)
        .join(Person, Person.id == EmergingLeader.person_id)
        .outerjoin(last, last.c.leader_id == EmergingLeader.id)
        .where(EmergingLeader.status == "active")
        .order_by(Person.full_name)
    )
    if actor.role == Role.mentor:
        stmt = stmt.where(EmergingLeader.id.in_(mentored_leader_ids(actor)))
    mentees = [
        MenteeOption(leader_id=i, name=n, target_role=t, last_session_on=d)
        for i, n, t, d in session.execute(stmt)
    ]
    allowed = {m.leader_id for m in mentees}
    recent_leader = session.scalar(
        select(MentoringSession.leader_id)
        .where(MentoringSession.mentor_person_id == author)
        .order_by(MentoringSession.held_on.desc(), MentoringSession.id.desc())
        .limit(1)
    )
    default = (
        recent_leader if recent_leader in allowed else (mentees[0].leader_id if mentees else None)
    )
    own_topics = session.scalars(
        select(MentoringSession.topics)
        .where(MentoringSession.mentor_person_id == author, MentoringSession.topics.is_not(None))
        .order_by(MentoringSession.held_on.desc())
        .limit(50)
    ).all()
    suggestions = list(STANDARD_TOPICS)
    for text in own_topics:
        for topic in split_topics(text):
            if topic.lower() not in {s.lower() for s in suggestions}:
                suggestions.append(topic)
    window_start = today - timedelta(days=CORRECTION_WINDOW_DAYS)
    recent = session_reads(
        session,
        and_(
            MentoringSession.mentor_person_id == author,
            MentoringSession.logged_on >= window_start,
        ),
        today=today,
        actor=actor,
    )
    leader_person = aliased(Person)
    open_items = [
        OpenActionItem(
            id=i.id,
            session_id=i.session_id,
            leader_name=name,
            description=i.description,
            due_on=i.due_on,
            held_on=held_on,
            version=i.version,
            overdue=i.due_on is not None and i.due_on < today,
        )
        for i, name, held_on in session.execute(
            select(SessionActionItem, leader_person.full_name, MentoringSession.held_on)
            .join(MentoringSession, MentoringSession.id == SessionActionItem.session_id)
            .join(EmergingLeader, EmergingLeader.id == MentoringSession.leader_id)
            .join(leader_person, leader_person.id == EmergingLeader.person_id)
            .where(
                MentoringSession.mentor_person_id == author,
                SessionActionItem.done.is_(False),
            )
            .order_by(SessionActionItem.due_on.is_(None), SessionActionItem.due_on)
        )
    ]
    return SessionFormContext(
        mentees=mentees,
        default_leader_id=default,
        topic_suggestions=suggestions,
        recent_own_sessions=[s for s in recent if s.editable_until is not None],
        open_action_items=open_items,
    )


def sessions_export_rows(session: Session, leader_id: int, *, today: date, actor) -> list[dict]:
    """A leader's sessions for a download. Never carries private notes, even for their author:
    a file leaves this app's control."""
    visible_leader(session, leader_id, actor=actor)
    rows = session_reads(session, MentoringSession.leader_id == leader_id, today=today, actor=actor)
    # Notes are free text: a note starting with "=" must not run as a formula in Excel.
    return neutralise_rows(
        {
            "date": s.held_on.isoformat(),
            "mentor": s.mentor_name,
            "minutes": s.minutes,
            "topics": TOPIC_SEPARATOR.join(s.topics),
            "shared_notes": s.shared_notes or "",
            "action_items": TOPIC_SEPARATOR.join(
                ("[x] " if i.done else "")
                + i.description
                + (f" @ {i.due_on.isoformat()}" if i.due_on else "")
                for i in s.action_items
            ),
            "next_session": s.next_session_on.isoformat() if s.next_session_on else "",
        }
        for s in rows
    )


def sessions_export_csv(session: Session, leader_id: int, *, today: date, actor) -> bytes:
    """The download itself: UTF-8 CSV with a BOM (Excel reads accents) and CRLF line ends, so a
    carriage return inside a note stays inside its quoted cell."""
    rows = sessions_export_rows(session, leader_id, today=today, actor=actor)
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
