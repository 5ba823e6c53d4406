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


def load_demo(engine: Engine, demo_dir: Path = DEMO_DIR) -> None:
    """Load the whole demo organisation into an empty database, all or nothing."""
    with session_scope(engine, write=True) as session:
        # The demo is history, not a user's edits: its rows are not audited one by one.
        session.info["audit"] = False
        if not database_is_empty(session):
            raise RuntimeError("The database already holds data; use --force to replace it.")
        for load in _loaders():
            load(session, demo_dir)
            session.flush()
