"""Helpers for AppTest: run the real router as a signed-in demo user, then switch pages."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from streamlit.testing.v1 import AppTest

from gfj_core.schemas.auth import Actor
from ui.state import ACTOR_KEY

TIMEOUT = 60
APP = Path(__file__).resolve().parents[2] / "app.py"


def app_as(actor: Actor | None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if actor is not None:
        at.session_state[ACTOR_KEY] = actor
    return at.run()


def open_page(actor: Actor, path: str) -> AppTest:
    at = app_as(actor)
    at.switch_page(path)
    return at.run()


def open_expander(at: AppTest, key: str) -> AppTest:
    """Open a ui.widgets.lazy_expander as a click on its header does: its state, then a rerun."""
    at.session_state[key] = True
    return at.run()


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Choose a tab of ui.widgets.lazy_tabs as a click does: its state, then a rerun."""
    at.session_state[key] = label
    return at.run()


def page_text(at: AppTest) -> str:
    """Everything the page wrote as text: markdown, captions, metrics, tables, errors."""
    parts: list[str] = []
    for md in at.markdown:
        parts.append(_as_read(md))
    for kind in (
        "title",
        "header",
        "subheader",
        "caption",
        "text",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts.extend(str(el.value) for el in getattr(at, kind))
    for m in at.metric:
        parts.append(f"{m.label} {m.value}")
    for t in at.table:
        parts.append(t.value.to_csv())
    for h in at.get("html"):  # our HTML (tables, charts) as the words it shows
        parts.append(_html_words(h.proto.body))
    for d in at.dataframe:
        parts.append(d.value.to_csv())
    # Read what a person sees: markdown escapes (``\:``, ``\-``) are not on screen.
    return _MARKDOWN_ESCAPE.sub(r"\1", "\n".join(parts))


# CommonMark: a backslash before any ASCII punctuation is an escape, shown as the character.
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _as_read(md) -> str:
    """A markdown element's text; one that holds our HTML (the scorecard's grid) as the words it
    shows."""
    body = str(md.value)
    return _html_words(body) if md.proto.allow_html else body


def _html_words(body: str) -> str:
    """HTML as the words it shows: tags and styles left out, one line per block."""
    text = _TAG.sub("\n", _STYLE.sub("", body))
    return html.unescape("\n".join(line for line in text.splitlines() if line.strip()))


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(at: AppTest) -> list[list[list[str]]]:
    """Every HTML table the page drew (ui.widgets.data_table(static=True)): rows of cell texts,
    the heading row first, entities read as the characters a person sees."""
    found: list[list[list[str]]] = []
    for h in at.get("html"):
        parser = _Tables()
        parser.feed(h.proto.body)
        found.extend(parser.tables)
    return found


_TILE_PARTS = {
    "label": re.compile(r'<div class="gfj-tile-label">(.*?)</div>', re.S),
    "figure": re.compile(r'<div class="gfj-tile-value">(.*?)</div>', re.S),
    "light": re.compile(r'<span class="gfj-light"[^>]*>.*?</svg>(.*?)</span>', re.S),
    "help": re.compile(r'<details class="gfj-tile-help"><summary>.*?</summary><p>(.*?)</p>', re.S),
}


@dataclass
class ShownTile:
    """A tile of the HTML grid (ui.tile_grid) as a person reads it."""

    label: str
    figure: str
    light: str  # the light's word; "" where no light is drawn
    help: str | None  # what "How it is measured" folds out, where the tile has it
    sparkline: bool


def shown_tiles(at: AppTest) -> dict[str, ShownTile]:
    """Every tile of every grid on the page, by label."""
    found = {}
    for md in at.markdown:
        for chunk in str(md.value).split('<div class="gfj-tile" ')[1:]:
            part = {k: rx.search(chunk) for k, rx in _TILE_PARTS.items()}
            read = {k: html.unescape(m.group(1)) if m else None for k, m in part.items()}
            found[read["label"]] = ShownTile(
                label=read["label"],
                figure=read["figure"],
                light=read["light"] or "",
                help=read["help"],
                sparkline='class="gfj-spark' in chunk,
            )
    return found


def tile_figures(at: AppTest) -> dict[str, tuple[str, str]]:
    """The scorecard grid's tiles as a person reads them: label -> (figure, light word)."""
    return {label: (t.figure, t.light) for label, t in shown_tiles(at).items()}


def nav_titles(at: AppTest) -> list[str]:
    """The page titles st.navigation received on the last run."""
    return [info["page_name"] for info in at._registered_pages.values()]


def run_page_directly(actor: Actor | None, path: str) -> AppTest:
    """Run a page script without the router, as a fresh server does for a page URL."""
    at = AppTest.from_file(str(APP.parent / path), default_timeout=TIMEOUT)
    if actor is not None:
        at.session_state[ACTOR_KEY] = actor
    return at.run()
