"""The services' side of "a mentor sees only their own current mentees". The rule itself is
written once, in gfj_core.visibility (leader_scope, mentored_leader_ids); this module gives the
services what they build on it: scoping a query, refusing a leader the actor may not open.
Leadership figures, profiles, sessions, the session form and the sessions export all read it
from here, and no service module imports another for it."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import Role, require
from gfj_core.errors import NotFound, PermissionDenied
from gfj_core.models import EmergingLeader, Mentorship
from gfj_core.visibility import leader_scope, mentored_leader_ids

__all__ = ["leader_scope", "mentored_leader_ids", "mentors_now", "scoped", "visible_leader"]


def scoped(stmt, column, scope):
    """`stmt` limited to rows whose `column` is a leader in `scope` (None: no limit)."""
    return stmt if scope is None else stmt.where(column.in_(scope))


def mentors_now(session: Session, actor, leader_id: int) -> bool:
    """Is this actor one of the leader's current mentors?"""
    return bool(
        session.scalar(
            select(func.count()).where(
                Mentorship.leader_id == leader_id,
                Mentorship.mentor_person_id == actor.person_id,
                Mentorship.ended_on.is_(None),
            )
        )
    )


def visible_leader(session: Session, leader_id: int, *, actor) -> EmergingLeader:
    """The leader, if this actor may see them; a mentor sees only their own mentees."""
    require(actor, "leadership.read")
    leader = session.get(EmergingLeader, leader_id)
    if leader is None:
        raise NotFound("No such leader.")
    if actor.role == Role.mentor and not mentors_now(session, actor, leader_id):
        raise PermissionDenied("You can see only the leaders you mentor.")
    return leader
