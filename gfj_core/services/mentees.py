"""A mentor's home: their mentees (whom they may log for, how recent the last session is) and
the sessions they logged most recently, told apart by date, length and topics."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.models import MentoringSession
from gfj_core.schemas.leadership import LeaderRow, SessionRead
from gfj_core.services.leader_pipeline import leader_rows
from gfj_core.services.leader_scope import leader_scope
from gfj_core.services.mentoring import _require_author, session_reads
from gfj_core.services.org_settings import load_org_settings

RECENT_SESSIONS = 6


class MyMentees(BaseModel):
    """What the My mentees page shows: one card per mentee, then the latest sessions."""

    as_of: date
    session_stale_days: int
    mentees: list[LeaderRow]  # active mentees first, the longest without a session first
    recent_sessions: list[SessionRead]  # the author's own, newest first


def my_mentees(session: Session, *, today: date, actor) -> MyMentees:
    require(actor, "sessions.write")
    require(actor, "leadership.read")
    author = _require_author(actor)
    stale_days = load_org_settings(session).session_stale_days
    rows = leader_rows(session, today=today, scope=leader_scope(actor), stale_days=stale_days)
    rows.sort(
        key=lambda r: (
            r.status != "active",
            not r.stale,
            -(r.days_since_session if r.days_since_session is not None else 10**6),
            r.name,
        )
    )
    recent = session_reads(
        session,
        MentoringSession.mentor_person_id == author,
        today=today,
        actor=actor,
        limit=RECENT_SESSIONS,
    )
    return MyMentees(
        as_of=today, session_stale_days=stale_days, mentees=rows, recent_sessions=recent
    )
