"""User text is text (issue 16): Markdown and HTML people typed never render as images, links or
markup. One helper (gfj_core.exports.safety.inert_markdown) does it; this checks the helper and
the pages that showed a story's body, title and storyteller, a principle's description, a
milestone's title and a leader's name as Markdown."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.exports.safety import inert_markdown
from gfj_core.models import EmergingLeader, LegacyItem, Milestone, Person, Story
from tests.conftest import demo_actor
from tests.ui.apptest import open_page

BEACON = "![x](http://beacon.example/p.png)"
LINK = "[click me](http://evil.example/)"
HTML = "<img src=http://beacon.example/h.png>"
TYPED = f"{BEACON} {LINK} {HTML} www.evil.example **bold** :red[red]"

# Markdown that would render: an image or a link with an unescaped bracket, an HTML tag, a bare
# www. autolink, emphasis, a Streamlit colour directive.
LIVE = re.compile(
    r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|(?<!\\)<img|www\.evil|(?<!\\)\*\*bold|(?<!\\):red"
)


def test_inert_markdown_leaves_no_image_link_or_markup():
    out = inert_markdown(TYPED)
    assert not LIVE.search(out), out
    # What the reader sees once Markdown has removed the escapes is what was typed.
    assert re.sub(r"\\(.)", r"\1", out) == TYPED
    assert inert_markdown(None) == ""


def _markdown_of(at) -> list[str]:
    return [
        str(el.value)
        for kind in ("markdown", "caption", "title", "subheader", "info", "header")
        for el in getattr(at, kind)
    ]


def test_a_story_and_a_principle_with_markdown_render_as_text_on_the_legacy_page(demo_db):
    with session_scope(demo_db, write=True) as s:
        s.add(
            Story(
                title=f"Title {LINK}",
                body=TYPED,
                kind="story",
                storyteller=f"Teller {BEACON}",
                collected_on=date(2026, 11, 20),
                consent=True,
                consent_on=date(2026, 11, 20),
            )
        )
        s.add(LegacyItem(kind="principle", title=f"Principle {LINK}", description=TYPED))
    at = open_page(demo_actor(demo_db, "staff"), "pages/legacy.py")
    assert not at.exception
    shown = _markdown_of(at)
    ours = [t for t in shown if "beacon" in t or "evil" in t]
    assert len(ours) >= 4, shown
    assert [t for t in ours if LIVE.search(t)] == []


def test_a_milestone_title_and_a_leader_name_with_markdown_render_as_text(demo_db):
    with session_scope(demo_db, write=True) as s:
        m = s.scalars(select(Milestone).where(Milestone.status != "done")).first()
        m.title = f"Milestone {BEACON}"
        m.forecast_finish = date(2026, 11, 30)  # due in the next 30 days: drawn as Markdown
        leader = s.scalars(select(EmergingLeader)).first()
        s.get(Person, leader.person_id).full_name = f"Leader {LINK}"
        leader_id = leader.id
    timeline = open_page(demo_actor(demo_db, "board"), "pages/timeline.py")
    assert not timeline.exception
    ours = [t for t in _markdown_of(timeline) if "beacon" in t]
    assert ours and [t for t in ours if LIVE.search(t)] == []

    from tests.ui.apptest import app_as

    at = app_as(demo_actor(demo_db, "board"))
    at.switch_page("pages/leader_profile.py")
    at.session_state["profile_leader"] = leader_id
    at.run()
    assert not at.exception
    ours = [t for t in _markdown_of(at) if "evil" in t]
    assert [t for t in ours if LIVE.search(t)] == []
