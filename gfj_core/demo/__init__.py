"""The demo organisation: read from data/demo/ and written in one transaction.

Each area registers a loader in AREA_LOADERS; they run in order, so later areas can look up
what earlier ones created (people by name, leaders by person).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gfj_core.db import session_scope
from gfj_core.demo.source import DEMO_DIR, DEMO_PASSWORD_PREFIX
from gfj_core.models import Person, UserAccount


def database_is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Person)) == 0


def demo_logins(session: Session) -> list[tuple[str, str, str]]:
    """(username, password, role) for the demo accounts, in the order they are listed."""
    from gfj_core.demo.organisation import DEMO_USERNAMES

    rows = session.execute(
        select(UserAccount.username, UserAccount.role).where(
            UserAccount.username.in_(DEMO_USERNAMES)
        )
    ).all()
    by_name = {u: r for u, r in rows}
    return [(u, DEMO_PASSWORD_PREFIX + u, by_name[u]) for u in DEMO_USERNAMES if u in by_name]


def _loaders() -> list[Callable[[Session, Path], None]]:
    from gfj_core.demo import board, continuity, evaluation, finance, leadership, organisation, plan

    return [
        organisation.load,
        plan.load,
        leadership.load,
        board.load,
        continuity.load,
        finance.load,
        evaluation.load,
    ]


def complete_snapshots(session: Session, *, recompute: bool) -> None:
    """Give every recorded meeting the vital few a supporter's portfolio reads (issue 20): the
    figures not written in the demo's files, as of the meeting's day; or, for a variant whose
    files describe someone else's story, the whole scorecard snapshot from its own data."""
    from gfj_core.models import BoardMeeting, ScorecardSnapshot
    from gfj_core.schemas.auth import SYSTEM
    from gfj_core.services.board_meetings import snapshot_scorecard
    from gfj_core.services.overview import board_scorecard
    from gfj_core.services.portfolio import vital_rows

    for meeting in session.scalars(select(BoardMeeting).where(BoardMeeting.status == "held")):
        if recompute:
            snapshot_scorecard(session, meeting, actor=SYSTEM)
            continue
        have = set(
            session.scalars(
                select(ScorecardSnapshot.tile_key).where(ScorecardSnapshot.meeting_id == meeting.id)
            )
        )
        card = board_scorecard(session, today=meeting.held_on, actor=SYSTEM, privacy=True)
        for key, label, value, text, light in vital_rows(session, card, actor=SYSTEM):
            if key not in have:
                session.add(
                    ScorecardSnapshot(
                        meeting_id=meeting.id, tile_key=key, label=label, value=value,
                        value_text=text, light=light,
                    )
                )  # fmt: skip
    session.flush()


def load_demo(engine: Engine, demo_dir: Path = DEMO_DIR, *, variant: str | None = None) -> None:
    """Load the whole demo organisation into an empty database, all or nothing; `variant`: one
    of the portfolio's other fictional organisations (`gfj_core.demo.variants`)."""
    if variant is not None:
        from gfj_core.demo.variants import VARIANT_BY_KEY, variant_dir

        with variant_dir(VARIANT_BY_KEY[variant]) as folder:
            _load(engine, folder, recompute=True)
        return
    _load(engine, demo_dir, recompute=False)


def _load(engine: Engine, demo_dir: Path, *, recompute: bool) -> None:
    with session_scope(engine, write=True) as session:
        # The demo is history, not a user's edits: its rows are not audited one by one.
        session.info["audit"] = False
        if not database_is_empty(session):
            raise RuntimeError("The database already holds data; use --force to replace it.")
        for load in _loaders():
            load(session, demo_dir)
            session.flush()
        complete_snapshots(session, recompute=recompute)
