"""A board page's scorecard and what is built on it, from one computation of the scorecard.

Its own module: it reads the overview, attention and digest services, and the last two read the
overview's scorecard, so living in any of them would make an import circle."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gfj_core.access import can
from gfj_core.schemas.board import BoardReads
from gfj_core.services.attention import needs_your_attention
from gfj_core.services.digest import since_last_meeting
from gfj_core.services.overview import board_scorecard
from gfj_core.viewers import same_for_role


@same_for_role
def board_reads(
    session: Session, *, today: date, actor, privacy: bool = False, attention: bool = True
) -> BoardReads:
    """The scorecard, and what needs attention and what changed since the last meeting, built on
    that one scorecard. Each of them computes the scorecard when read alone, and a board page
    reads two or three: after a write, a cold board overview computed it three times (about
    0.3 s of CPU each at 100x). The digest is left out for roles without meeting business."""
    card = board_scorecard(session, today=today, actor=actor, privacy=privacy)
    return BoardReads(
        scorecard=card,
        # What needs attention is judged on the full scorecard, never the privacy one.
        attention=needs_your_attention(
            session, today=today, actor=actor, scorecard=None if privacy else card
        )
        if attention
        else None,
        digest=since_last_meeting(
            session, today=today, actor=actor, privacy=privacy, scorecard=card
        )
        if can(actor.role, "meetings.read")
        else None,
    )
