"""Which organisation this code is working for, without importing the registry.

`gfj_core.db.get_engine()` (no URL) and `alembic_config()` read `current_database_url()`: the
configured database (the default organisation) unless a caller chose another organisation for
this context (`use_organisation`: the CLI's `--org`, the app's script run). A context variable,
so a Streamlit script thread or a test sets its own and never another's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from gfj_core.settings import get_settings

# The database URL of the organisation chosen for this context; None: the configured one.
_current_url: ContextVar[str | None] = ContextVar("gfj_current_org_url", default=None)
_current_slug: ContextVar[str | None] = ContextVar("gfj_current_org_slug", default=None)


def current_database_url() -> str:
    return _current_url.get() or get_settings().database_url


def current_slug() -> str | None:
    """The slug of the organisation chosen for this context (None: nobody chose one)."""
    return _current_slug.get()


def set_current(slug: str | None, url: str | None) -> None:
    """Choose the organisation for the rest of this context (None, None: the default again)."""
    _current_slug.set(slug)
    _current_url.set(url)


@contextmanager
def using_database(slug: str | None, url: str | None) -> Iterator[None]:
    slug_token, url_token = _current_slug.set(slug), _current_url.set(url)
    try:
        yield
    finally:
        _current_slug.reset(slug_token)
        _current_url.reset(url_token)
