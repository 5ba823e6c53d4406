"""The Legacy page's cards: a principle of the founder and a story or testimonial. Every
typed text goes through inert_markdown (a story is never markup)."""

from __future__ import annotations

import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_date

PRINCIPLES_MORE = "Showing {shown} of {total} principles."
STORIES_MORE = "Showing {shown} of {total} stories; pick a value or a program to find others."


def principle_card(item) -> None:
    st.markdown(f"**{md(item.title)}**")
    if item.value_name:
        st.badge(item.value_name, icon=":material/favorite:", color="violet")
    if item.description:
        st.caption(md(item.description))


def story_card(story) -> None:
    st.markdown(f"#### {md(story.title)}")
    meta = f"{md(story.kind.title())} · {md(story.storyteller)} · {fmt_date(story.collected_on)}"
    st.caption(meta + (f" · {md(story.programme)}" if story.programme else ""))
    if not story.consent:
        st.badge("No consent yet: editors only", icon=":material/lock:", color="orange")
    st.markdown(md(story.body))
    if story.values:
        st.markdown(" ".join(f":violet-badge[{md(v)}]" for v in story.values))
