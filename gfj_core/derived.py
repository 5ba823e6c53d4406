"""Derived rows kept current by the write that changes their inputs (issue 20).

A supporter's portfolio shows each organisation's vital few as they stand now, not as the board
last recorded them: a bad month imported today must turn the portfolio red at the supporter's
next click. Recomputing 200 scorecards per portfolio render is out of the question, so each
organisation keeps its figures in a derived table (`vital_figure`) and this module refreshes it
just before a write session commits, in the same transaction, when the session touched one of
the tables the figures are computed from.

The inputs are not a second list: they are the `@reads` declaration of the computation itself
(`services.portfolio.current_vital_figures`), which `tests/services/test_read_areas.py` checks
against the tables it really reads. Minus `audit_log`: an audit row only ever comes with a write
of the table it names, which is in the set already.

Only write sessions (`session_scope(write=True)`) refresh; a refresh that fails is logged and
rolled back to its savepoint, so the organisation's own write still goes through and the
portfolio shows the figures' older date (`vital_figure.as_of`) rather than nothing.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from functools import cache

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

WRITE_SESSION = "gfj_write"  # session.info key set by gfj_core.db.session_scope
_TOUCHED = "_gfj_touched_tables"
_REFRESHING = "_gfj_refreshing"

# refresher -> the read service whose declared tables are its inputs, by name (imported at the
# first write, so that importing gfj_core.db pulls in no service).
REFRESHERS: dict[str, str] = {
    "gfj_core.services.portfolio:refresh_vital_figures": (
        "gfj_core.services.portfolio:current_vital_figures"
    ),
}
# Writes that change what is refreshed without being an input of the computation: a new share
# needs the figures at once.
EXTRA_TRIGGERS: dict[str, frozenset[str]] = {
    "gfj_core.services.portfolio:refresh_vital_figures": frozenset({"portfolio_share"}),
}


def _resolve(name: str) -> Callable:
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


@cache
def triggers() -> dict[str, frozenset[str]]:
    """refresher name -> the tables whose writes make it run."""
    from gfj_core import areas

    out = {}
    for refresher, computation in REFRESHERS.items():
        inputs = areas.tables_read(_resolve(computation)) - {"audit_log"}  # imports it
        if areas.EVERYTHING in inputs:
            raise RuntimeError(f"{computation} must declare the tables it reads (@reads)")
        out[refresher] = inputs | EXTRA_TRIGGERS.get(refresher, frozenset())
    return out


def _note(session: Session, objects) -> None:
    touched = session.info.setdefault(_TOUCHED, set())
    for obj in objects:
        name = getattr(type(obj), "__tablename__", None)
        if name is not None:
            touched.add(name)


@event.listens_for(Session, "before_flush")
def _seen_in_flush(session: Session, _ctx, _instances) -> None:
    if session.info.get(WRITE_SESSION):
        _note(session, (*session.new, *session.dirty, *session.deleted))


@event.listens_for(Session, "do_orm_execute")
def _seen_in_statement(state) -> None:
    if state.session.info.get(WRITE_SESSION) and (
        state.is_insert or state.is_update or state.is_delete
    ):
        table = getattr(state.statement, "table", None)
        if table is not None:
            state.session.info.setdefault(_TOUCHED, set()).add(table.name)


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    if not session.info.get(WRITE_SESSION) or session.info.get(_REFRESHING):
        return
    if session.in_nested_transaction():
        return  # a savepoint being released: the outer commit refreshes
    _note(session, (*session.new, *session.dirty, *session.deleted))  # not flushed yet
    touched = session.info.pop(_TOUCHED, set())
    if not touched:
        return
    for refresher, tables in triggers().items():
        if touched & tables:
            _run(session, refresher)


def _run(session: Session, refresher: str) -> None:
    session.info[_REFRESHING] = True
    savepoint = session.begin_nested()
    try:
        _resolve(refresher)(session)
        savepoint.commit()
    except Exception:
        savepoint.rollback()
        log.exception("%s failed: the derived rows keep their previous values", refresher)
    finally:
        session.info.pop(_REFRESHING, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_the_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_TOUCHED, None)
