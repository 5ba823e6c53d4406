"""Reading and writing through gfj_core services from pages.

Reads are cached per process with st.cache_data, keyed on the service, its arguments, the whole
actor (role, person, user: different viewers may see different things) and the database's data
version (the newest audit row), so a write from any process or the CLI invalidates them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import AuditLog
from gfj_core.schemas.auth import Actor
from ui.state import database_url, engine

T = TypeVar("T")


def _service_name(fn: Callable) -> str:
    return f"{fn.__module__}:{fn.__qualname__}"


def _resolve(name: str) -> Callable:
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def data_version() -> int:
    """Bumped by every audited write; one indexed max() per rerun."""
    with engine().connect() as conn:
        return conn.execute(select(func.coalesce(func.max(AuditLog.id), 0))).scalar_one()


@st.cache_data(ttl=600, max_entries=1024, show_spinner=False)
def _cached_call(service: str, db_url: str, actor: Actor, version: int, kwargs: dict[str, Any]):
    with session_scope(engine()) as session:
        return _resolve(service)(session, actor=actor, **kwargs)


def read(service: Callable[..., T], actor: Actor, **kwargs: Any) -> T:
    """Call a read-only service through the cache."""
    return _cached_call(_service_name(service), database_url(), actor, data_version(), kwargs)


def write(service: Callable[..., T], actor: Actor, **kwargs: Any) -> T:
    """Call a writing service in its own IMMEDIATE transaction; all or nothing. Raises GfjError
    subclasses for the page to show next to the form (which keeps what the user typed).

    The account is checked first: a button callback runs before the page's guard, and an
    account deactivated (or demoted) a moment ago must not get one last write through."""
    from gfj_core.errors import PermissionDenied
    from ui.state import revalidate

    if revalidate(actor) is None:
        raise PermissionDenied("Your session has ended: please sign in again.")
    with session_scope(engine(), write=True, actor=actor) as session:
        result = service(session, actor=actor, **kwargs)
    st.cache_data.clear()
    return result


def call(service: Callable[..., T], actor: Actor, **kwargs: Any) -> T:
    """Call a service that acts outside the database (sends an email) in a plain read session:
    not cached, and holding no write lock while it waits on the network."""
    with session_scope(engine(), actor=actor) as session:
        return service(session, actor=actor, **kwargs)
