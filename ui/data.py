"""Reading and writing through gfj_core services from pages.

Reads are cached per process (`_cached_call`: the same object at every hit), keyed on the
service, its arguments, the viewer (the whole actor: role, person, user, since different people
may see different things; or the role alone for a service declared the same for the whole role,
`gfj_core.viewers`) and the versions of the tables the service reads (`gfj_core.areas`: the
newest audit row about each), so a write from any process or the CLI invalidates the reads of
what it changed, and only those: recording an action item keeps the finance measures cached."""

from __future__ import annotations

import importlib
import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import event
from sqlalchemy.orm import Session

from gfj_core import areas, tenancy, viewers
from gfj_core.db import session_scope
from gfj_core.formatting import date_style, using_date_style
from gfj_core.schemas.auth import Actor
from gfj_core.tenancy import Organisation
from ui.state import _engine_for as engine_at
from ui.state import database_url, engine

T = TypeVar("T")

_service_name = areas.service_name


def _resolve(name: str) -> Callable:
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def _run_marker():
    """An object that is new at every script run of this browser tab (None outside a run): the
    versions are read once per rerun, and again after a write in it."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return (ctx, getattr(ctx, "parallel_coordinator", None)) if ctx is not None else None


_VERSIONS_ATTR = "_gfj_data_versions"


def data_versions() -> dict[str, int]:
    """The newest audit row id per table (and of all): one indexed query per rerun."""
    marker = _run_marker()
    ctx = marker[0] if marker else None
    memo = getattr(ctx, _VERSIONS_ATTR, None) if ctx is not None else None
    if memo is not None and memo[0] is marker[1]:
        return memo[1]
    with engine().connect() as conn:
        versions = areas.data_versions(conn)
    if ctx is not None:
        setattr(ctx, _VERSIONS_ATTR, (marker[1], versions))
    return versions


def _forget_versions() -> None:
    marker = _run_marker()
    if marker is not None and hasattr(marker[0], _VERSIONS_ATTR):
        delattr(marker[0], _VERSIONS_ATTR)


def data_version() -> int:
    """Bumped by every audited write (the newest audit row of all)."""
    return data_versions()[areas.EVERYTHING]


_TTL_SECONDS = 600
_MAX_ENTRIES = 512
_reads: OrderedDict[bytes, tuple[float, Any, bytes | None]] = OrderedDict()
_reads_lock = threading.Lock()
_computing: dict[bytes, threading.Lock] = {}  # key -> held while one thread computes it


def clear_reads() -> None:
    """Forget every cached read of this process (and Streamlit's own data caches)."""
    with _reads_lock:
        _reads.clear()
    st.cache_data.clear()


def _held(key: bytes, service: str) -> tuple[float, Any, bytes | None] | None:
    """The stored answer for `key` while it is fresh (and, under pytest, unchanged), else None."""
    with _reads_lock:
        held = _reads.get(key)
        if held is None or time.monotonic() - held[0] >= _TTL_SECONDS:
            return None
        _reads.move_to_end(key)
    if held[2] is not None and pickle.dumps(held[1]) != held[2]:
        raise AssertionError(f"a page changed the cached answer of {service}")
    return held


def _checking() -> bool:
    """Under pytest every cache hit checks that no page changed the shared answer."""
    return "PYTEST_CURRENT_TEST" in os.environ


def _cached_call(
    service: str, db_url: str, actor: Actor, version: tuple, kwargs: dict[str, Any], style: str
):
    """The answer of `service`, computed once per key and then handed out as the same object.

    st.cache_data pickled each answer and unpickled it at every hit: at 100x a hit on the
    pipeline's or the development view's answer (0.9 MB of models) cost 100-140 ms of CPU, on
    every rerun (bench/profile.py --reads). The answers are pydantic models that pages only
    read, so a hit returns the stored object; under pytest each hit checks that its pickle is
    unchanged, so a page that mutates a shared answer fails its AppTest."""
    key = pickle.dumps((service, db_url, actor, version, sorted(kwargs.items()), style))
    held = _held(key, service)
    if held is not None:
        return held[1]
    # One computation per key: when a write makes ten board members' next click miss the same
    # answer at once, the first computes it and the others wait for it, instead of ten threads
    # computing it side by side on two cores (bench/load.py).
    with _reads_lock:
        computing = _computing.setdefault(key, threading.Lock())
    try:
        with computing:
            held = _held(key, service)
            if held is not None:
                return held[1]
            # `style`: services that write dates into text (digest, attention) follow the date
            # style in force, so it is part of the key, and set while the service runs.
            with session_scope(engine_at(db_url)) as session, using_date_style(style):
                value = _resolve(service)(session, actor=actor, **kwargs)
            with _reads_lock:
                _reads[key] = (
                    time.monotonic(),
                    value,
                    pickle.dumps(value) if _checking() else None,
                )
                while len(_reads) > _MAX_ENTRIES:
                    _reads.popitem(last=False)
    finally:
        with _reads_lock:
            if _computing.get(key) is computing:
                del _computing[key]
    return value


def read(service: Callable[..., T], actor: Actor, **kwargs: Any) -> T:
    """Call a read-only service through the cache. The answer may be shared with other reruns
    and viewers of the same key: read it, never change it (copy first)."""
    key = areas.version_key(data_versions(), areas.tables_read(service))
    style = date_style().key
    # A service the same for a whole role is computed once for the role (gfj_core.viewers).
    who = viewers.viewer(service, actor)
    return _cached_call(_service_name(service), database_url(), who, key, kwargs, style)


def read_each(orgs: Sequence[Organisation], service: Callable[..., T], actor: Actor, **kwargs: Any):
    """Call a read-only service on each of several organisations (a supporter's portfolio, issue
    20), each in its own read-only view (`gfj_core.tenancy.read_each`).

    Cached like `read`, but keyed on what the service declares with `areas.versioned_by`: its
    versions for every organisation come from one query on PostgreSQL (one per file on
    SQLite), so a warm rerun of 200 organisations is that query and 200 hits; a change in one
    organisation (a bad month, a revoke) misses only its own entry, at the next rerun. A service
    that declares nothing is read uncached."""
    style = date_style().key
    sql = areas.version_sql(service)
    if sql is None:
        with using_date_style(style):
            return tenancy.read_each(orgs, lambda s: service(s, actor=actor, **kwargs))
    name, now = _service_name(service), time.monotonic()
    versions = tenancy.versions_each(orgs, sql, areas.tables_read(service))
    prefix = pickle.dumps((name, actor, sorted(kwargs.items()), style))
    keys = [
        prefix + pickle.dumps((o.slug, o.location, v)) for o, v in zip(orgs, versions, strict=True)
    ]
    found: dict[int, Any] = {}
    with _reads_lock:
        for i, key in enumerate(keys):
            held = _reads.get(key)
            if held is not None and now - held[0] < _TTL_SECONDS:
                _reads.move_to_end(key)
                found[i] = held
    for held in found.values():
        if held[2] is not None and pickle.dumps(held[1]) != held[2]:
            raise AssertionError(f"a page changed the cached answer of {name}")
    missing = [i for i in range(len(orgs)) if i not in found]
    with using_date_style(style):
        fresh = tenancy.read_each(
            [orgs[i] for i in missing], lambda s: service(s, actor=actor, **kwargs)
        )
    with _reads_lock:
        for i, value in zip(missing, fresh, strict=True):
            found[i] = (now, value, pickle.dumps(value) if _checking() else None)
            _reads[keys[i]] = found[i]
        while len(_reads) > max(_MAX_ENTRIES, 2 * len(orgs)):
            _reads.popitem(last=False)
    return [found[i][1] for i in range(len(orgs))]


def _watch_writes(session: Session) -> set[str]:
    """The tables a write session changes, as far as the ORM sees them; EVERYTHING for a
    statement it cannot see into."""
    touched: set[str] = set()

    @event.listens_for(session, "before_flush")
    def _flushing(session, _ctx, _instances):
        for obj in (*session.new, *session.dirty, *session.deleted):
            touched.add(getattr(type(obj), "__tablename__", areas.EVERYTHING))

    @event.listens_for(session, "do_orm_execute")
    def _executing(state):
        if state.is_insert or state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            touched.add(getattr(table, "name", areas.EVERYTHING))

    return touched


def write(service: Callable[..., T], actor: Actor, **kwargs: Any) -> T:
    """Call a writing service in its own IMMEDIATE transaction; all or nothing. Raises GfjError
    subclasses for the page to show next to the form (which keeps what the user typed).

    An audited change moves the versions of its tables, which is all the cache needs. A change
    the audit trail does not see (a table without audit, a bulk statement) clears every cached
    read of this process, as every write did before; derived rows refreshed by the write itself
    (`gfj_core.derived`) are not such a change.

    The account is checked first: a button callback runs before the page's guard, and an
    account deactivated (or demoted) a moment ago must not get one last write through."""
    from gfj_core.errors import PermissionDenied
    from ui.state import revalidate

    if revalidate(actor) is None:
        raise PermissionDenied("Your session has ended: please sign in again.")
    with session_scope(engine(), write=True, actor=actor) as session:
        touched = _watch_writes(session)
        result = service(session, actor=actor, **kwargs)
    _forget_versions()
    if not touched - areas.derived_tables() <= areas.audited_tables():
        clear_reads()
    return result


def call(service: Callable[..., T], actor: Actor, **kwargs: Any) -> T:
    """Call a service that acts outside the database (sends an email) in a plain read session:
    not cached, and holding no write lock while it waits on the network."""
    with session_scope(engine(), actor=actor) as session:
        return service(session, actor=actor, **kwargs)
