"""What a person owns that falls due, and what else is coming up for them, as their role may see
it. Read by "Due this week", the calendar feed and the reminder emails alike.

The visibility rules are the screens' own, not new ones: each is one small named function below
that delegates to the service that reads the datum, so they can be pointed at a shared
visibility module (gfj_core/visibility.py) when one exists.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gfj_core.access import Role, can, require
from gfj_core.models import (
    BoardMeeting,
    ChecklistItem,
    EmergingLeader,
    MentoringSession,
    Mentorship,
    Milestone,
    Person,
)
from gfj_core.schemas.notify import DueItem, DueThisWeek, NextSession, UpcomingMeeting

WEEK = timedelta(days=7)


# ---------------------------------------------------------------- visibility (the screens' rules)


def may_read_milestones(actor) -> bool:
    """The Timeline's permission."""
    return can(actor.role, "transition.read")


def milestone_visibility(actor):
    """The Timeline's filter: CEO and admin see every milestone, others the board-visible ones."""
    from gfj_core.services.timeline import _visible_filter

    return _visible_filter(actor)


def may_read_checklist(actor) -> bool:
    """The Exit checklist's permission (it names people and gaps)."""
    return can(actor.role, "transition.checklist.read")


def may_read_meetings(actor) -> bool:
    """Board meetings and their action items."""
    return can(actor.role, "meetings.read")


def sees_board_milestones(actor) -> bool:
    """Board roles follow every board-visible milestone, not only their own."""
    return actor.role in (Role.board, Role.treasurer) and may_read_milestones(actor)


def own_mentorships(actor):
    """A mentor's current mentees (the Leaders page's scope for a mentor)."""
    from gfj_core.services.mentoring import mentored_leader_ids

    return mentored_leader_ids(actor)


# ---------------------------------------------------------------- reads


def owned_items(session: Session, *, today: date, until: date, actor) -> list[DueItem]:
    """Open milestones, checklist items and board action items the actor's person owns, due on
    or before `until` (overdue ones included), that the actor's role may see on its screens."""
    person = actor.person_id
    if person is None:
        return []
    items: list[DueItem] = []
    if may_read_milestones(actor):
        q = select(Milestone.id, Milestone.title, Milestone.forecast_finish).where(
            Milestone.owner_person_id == person,
            Milestone.status != "done",
            Milestone.forecast_finish <= until,
        )
        visible = milestone_visibility(actor)
        if visible is not None:
            q = q.where(visible)
        items += [
            DueItem(
                kind="milestone", id=i, title=t, due_on=d, overdue=d < today, page_key="timeline"
            )
            for i, t, d in session.execute(q)
        ]
    if may_read_checklist(actor):
        from gfj_core.services.checklist import OPEN_STATUSES

        q = select(ChecklistItem.id, ChecklistItem.title, ChecklistItem.due_date).where(
            ChecklistItem.owner_person_id == person,
            ChecklistItem.status.in_(OPEN_STATUSES),
            ChecklistItem.due_date.is_not(None),
            ChecklistItem.due_date <= until,
        )
        items += [
            DueItem(
                kind="checklist_item",
                id=i,
                title=t,
                due_on=d,
                overdue=d < today,
                page_key="checklist",
            )
            for i, t, d in session.execute(q)
        ]
    if may_read_meetings(actor):
        from gfj_core.services.board_meetings import open_action_items

        items += [
            DueItem(
                kind="action_item",
                id=a.id,
                title=a.title,
                due_on=a.due_date,
                overdue=a.overdue,
                page_key="meetings",
            )
            for a in open_action_items(session, as_of=today, actor=actor)
            if a.owner_person_id == person and a.due_date is not None and a.due_date <= until
        ]
    return sorted(items, key=lambda i: (i.due_on, i.kind, i.id))


def mentoring_actions(session: Session, *, today: date, until: date, actor) -> list[DueItem]:
    """Open action items from the mentor's own sessions, due on or before `until`."""
    if actor.role not in (Role.mentor, Role.ceo) or actor.person_id is None:
        return []
    from gfj_core.services.mentoring import session_form_context

    context = session_form_context(session, today=today, actor=actor)
    return [
        DueItem(
            kind="mentoring_action",
            id=i.id,
            title=i.description,
            due_on=i.due_on,
            overdue=i.overdue,
            page_key="log_session",
            context=i.leader_name,
        )
        for i in context.open_action_items
        if i.due_on is not None and i.due_on <= until
    ]


def upcoming_meetings(session: Session, *, start: date, until: date, actor) -> list[BoardMeeting]:
    if not may_read_meetings(actor):
        return []
    return list(
        session.scalars(
            select(BoardMeeting)
            .where(BoardMeeting.held_on >= start, BoardMeeting.held_on <= until)
            .order_by(BoardMeeting.held_on, BoardMeeting.id)
        )
    )


def next_sessions(session: Session, *, today: date, actor) -> list[NextSession]:
    """For each current mentee, the next session agreed at the latest one, if still ahead."""
    if actor.person_id is None:
        return []
    latest = (
        select(MentoringSession.leader_id, func.max(MentoringSession.held_on).label("held_on"))
        .where(
            MentoringSession.mentor_person_id == actor.person_id,
            MentoringSession.leader_id.in_(own_mentorships(actor)),
        )
        .group_by(MentoringSession.leader_id)
        .subquery()
    )
    rows = session.execute(
        select(Person.full_name, MentoringSession.next_session_on)
        .join(
            latest,
            and_(
                latest.c.leader_id == MentoringSession.leader_id,
                latest.c.held_on == MentoringSession.held_on,
            ),
        )
        .join(EmergingLeader, EmergingLeader.id == MentoringSession.leader_id)
        .join(Person, Person.id == EmergingLeader.person_id)
        .join(
            Mentorship,
            and_(
                Mentorship.leader_id == MentoringSession.leader_id,
                Mentorship.mentor_person_id == actor.person_id,
                Mentorship.ended_on.is_(None),
            ),
        )
        .where(
            MentoringSession.mentor_person_id == actor.person_id,
            EmergingLeader.status == "active",
            MentoringSession.next_session_on >= today,
        )
        .order_by(MentoringSession.next_session_on, Person.full_name)
    ).all()
    seen: dict[str, NextSession] = {}
    for name, on in rows:
        seen.setdefault(name, NextSession(leader_name=name, on=on))
    return list(seen.values())


def due_this_week(session: Session, *, today: date, actor) -> DueThisWeek:
    """The signed-in person's week: what they own that is due or overdue, meetings, sessions."""
    require(actor, "reminders.own")
    until = today + WEEK
    items = owned_items(session, today=today, until=until, actor=actor)
    items += mentoring_actions(session, today=today, until=until, actor=actor)
    return DueThisWeek(
        today=today,
        until=until,
        items=sorted(items, key=lambda i: (i.due_on, i.kind, i.id)),
        meetings=[
            UpcomingMeeting(id=m.id, title=m.title, held_on=m.held_on, kind=m.kind)
            for m in upcoming_meetings(session, start=today, until=until, actor=actor)
        ],
        sessions=[s for s in next_sessions(session, today=today, actor=actor) if s.on <= until],
    )
