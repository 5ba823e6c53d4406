""" "Since the last board meeting" as HTML cards: each column of the overview's digest is one
Streamlit element, however many sections and changes it lists.

Why: drawn as a bordered container, a markdown block and a link per section, the digest was a
quarter of the elements the board overview sent, and the browser's time to draw the page grows
with their count (issue 19). The links to the pages behind the sections are one row under the
cards (ui.board.digest_block). The changes' texts hold what people typed (milestone and item
titles), so every text goes through gfj_core's inert_html; the markup is only ours."""

from __future__ import annotations

from collections.abc import Sequence

from gfj_core.exports.safety import inert_html as inert
from gfj_core.schemas.board import DigestSection
from ui.theme import CARD_BORDER, INK, MUTED
from ui.widgets import fmt_date

CSS = f"""<style>
.gfj-digest {{ display: flex; flex-direction: column; gap: 1rem; }}
.gfj-digest-card {{ {CARD_BORDER} color: {INK}; }}
.gfj-digest .gfj-digest-title {{ font-weight: 600; margin: 0; }}
.gfj-digest .gfj-digest-summary {{ font-weight: 400; }}
.gfj-digest ul {{ margin: 0.5rem 0 0 0; padding-left: 1.3rem; }}
.gfj-digest li {{ margin: 0.2rem 0; }}
.gfj-digest .gfj-digest-note {{ font-style: italic; color: {MUTED}; margin: 0.4rem 0 0 0; }}
</style>"""


def section_html(section: DigestSection, *, limit: int | None = None) -> str:
    """One section: its title and summary, its changes (at most `limit`), how many more."""
    parts = [
        '<div class="gfj-digest-card">',
        f'<div class="gfj-digest-title">{inert(section.title)} · '
        f'<span class="gfj-digest-summary">{inert(section.summary)}</span></div>',
    ]
    if not section.items:
        parts.append('<div class="gfj-digest-note">Nothing since the last meeting.</div>')
    shown = section.items if limit is None else section.items[:limit]
    lines = [
        f"<li>{inert((fmt_date(item.when) + ': ' if item.when else '') + item.text)}</li>"
        for item in shown
        if item.text != section.summary
    ]
    if lines:
        parts.append(f"<ul>{''.join(lines)}</ul>")
    if limit is not None and len(section.items) > limit:
        parts.append(f'<div class="gfj-digest-note">and {len(section.items) - limit} more</div>')
    parts.append("</div>")
    return "".join(parts)


def digest_column_html(sections: Sequence[DigestSection], *, limit: int | None = None) -> str:
    """A column of section cards as one HTML block (no blank line in it: a blank line would end
    the block and let markdown read the rest)."""
    cards = "".join(section_html(s, limit=limit) for s in sections)
    return f'{CSS}<div class="gfj-digest">{cards}</div>'
