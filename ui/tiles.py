"""A row of figure tiles of a fixed width that wrap onto a second row on a narrow screen, so no
label is cut: the Community, Legacy and Advocacy pages' headline figures. Each figure, delta and
caption is computed in gfj_core; this only lays them out."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from gfj_core.exports.safety import inert_markdown as md


def tile_row(tiles: Sequence, *, width: int = 320) -> None:
    """Each tile: anything with label, value, caption, delta and help (gfj_core's `Figure`)."""
    row = st.container(horizontal=True, wrap=True, gap="medium")
    for t in tiles:
        with row, st.container(border=True, width=width, height="stretch"):
            st.metric(t.label, t.value, delta=t.delta, help=t.help)
            if t.caption:
                st.caption(md(t.caption))  # round labels and names are typed text
