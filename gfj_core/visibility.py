"""One visibility rule per kind of restricted datum: who may see which rows, by name.

gfj_core.access says which pages a role opens and which services it calls; this module says,
inside a service a role may call, which *rows* it may see and whether it may see them by name.
Every query that reads one of these data (the owning page's service, scorecard tiles and their
drill-downs, the "since the last meeting" digest, presenter topics, the board packet and every
export) asks here, so a derived view cannot hold its own idea of who may see what. Counts follow
the same rule as the rows: the board's milestone count leaves out milestones hidden from it.

A viewer without the right gets the aggregate or nothing, never the names.

This module imports only models and access (no services), so every service may import it.
"""

from __future__ import annotations

from sqlalchemy import case, literal, select, true

from gfj_core.access import Role, can
from gfj_core.models import MentoringSession, Mentorship, Milestone

# --- Milestones -------------------------------------------------------------------------------
# A milestone marked "not visible to the board" is a working item of the CEO's office: only the
# roles that edit the plan (CEO, admin) see it, in rows and in counts alike.


def sees_hidden_milestones(actor) -> bool:
    return actor is not None and can(actor.role, "transition.write")


def milestones_visible(actor):
    """A SQL condition on Milestone: the milestones this actor may see (rows and counts)."""
    if sees_hidden_milestones(actor):
        return true()
    return Milestone.visible_to_board.is_(True)


# --- Exit checklist ---------------------------------------------------------------------------
# The checklist names people, accounts and gaps: item by item only for the roles that open the
# Exit checklist page. Others (the treasurer, staff) may get counts, never a title or an owner.


def sees_checklist_items(actor) -> bool:
    return actor is not None and can(actor.role, "transition.checklist.read")


# --- Leaders by name --------------------------------------------------------------------------
# Roles with leadership access see leaders by name (a mentor only their own mentees: see
# leader_scope); the others (treasurer, staff) get aggregates only: counts by readiness level,
# never a name next to a rating, a score or a change.


def sees_leaders_by_name(actor) -> bool:
    return actor is not None and can(actor.role, "leadership.read")


def mentored_leader_ids(actor):
    """A select of the leaders this actor currently mentors (ended mentorships do not count)."""
    return select(Mentorship.leader_id).where(
        Mentorship.mentor_person_id == actor.person_id, Mentorship.ended_on.is_(None)
    )


def leader_scope(actor):
    """None: every leader. For a mentor: a select of the leaders they currently mentor. Only
    meaningful for an actor that sees_leaders_by_name."""
    if actor is not None and actor.role == Role.mentor:
        return mentored_leader_ids(actor)
    return None


# --- Private session notes --------------------------------------------------------------------
# Whatever the role, a private note is returned only to its author; it is never part of a
# digest, a packet, an export or an audit value in clear.


def private_notes_column(actor):
    """MentoringSession.private_notes where this actor wrote the session, NULL elsewhere: the
    column is selected only for its author, so no other viewer's result holds the text."""
    author = actor.person_id if actor is not None and actor.person_id is not None else -1
    return case(
        (MentoringSession.mentor_person_id == author, MentoringSession.private_notes),
        else_=literal(None),
    )


def sees_private_note(actor, author_person_id: int | None) -> bool:
    return (
        actor is not None
        and actor.person_id is not None
        and author_person_id is not None
        and actor.person_id == author_person_id
    )


# --- Stories ----------------------------------------------------------------------------------
# A story without the storyteller's consent is shown only to story editors.


def sees_unconsented_stories(actor) -> bool:
    return actor is not None and can(actor.role, "stories.edit")
