"""Links between pages that respect the viewer's role (a link to a hidden page would fail)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from gfj_core.access import PAGE_BY_KEY, can_open
from gfj_core.schemas.auth import Actor


def page_path(actor: Actor, page_key: str) -> str | None:
    """The page's script path when this viewer may open it, else None."""
    if page_key in PAGE_BY_KEY and can_open(actor.role, page_key):
        return PAGE_BY_KEY[page_key].path
    return None


def page_links_row(actor: Actor, page_keys: Iterable[str | None]) -> None:
    """One row of "Open <page>" links to the pages named that this viewer may open, each once,
    in the order given: under a block drawn as one element (the scorecard's digest, the
    attention box, the due box), where a link per part would be an element per part."""
    paths = [(k, page_path(actor, k)) for k in dict.fromkeys(k for k in page_keys if k)]
    paths = [(k, path) for k, path in paths if path]
    if not paths:
        return
    with st.container(horizontal=True, gap="medium"):
        for key, path in paths:
            st.page_link(
                path, label=f"Open {PAGE_BY_KEY[key].title}", icon=":material/arrow_forward:"
            )
