"""Links between pages that respect the viewer's role (a link to a hidden page would fail)."""

from __future__ import annotations

from gfj_core.access import PAGE_BY_KEY, can_open
from gfj_core.schemas.auth import Actor


def page_path(actor: Actor, page_key: str) -> str | None:
    """The page's script path when this viewer may open it, else None."""
    if page_key in PAGE_BY_KEY and can_open(actor.role, page_key):
        return PAGE_BY_KEY[page_key].path
    return None
