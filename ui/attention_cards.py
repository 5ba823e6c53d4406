""" "Needs your attention", the board overview's first box, as one HTML block: the next meeting,
then three columns (red lights, what is overdue, what the next meeting must see).

Why one element: drawn as a bordered container, a heading, a line and three columns of
markdown, the box cost the board overview about 45 ms of its time to idle in Chromium at 100x
(bench/browser.py, cut point by cut point), a fifth of the page. The links to the pages behind
the items are one row under the box (ui.board.attention_box). Titles and details hold what people
typed, so every text goes through gfj_core's inert_html; the markup is only ours."""

from __future__ import annotations

from collections.abc import Sequence

from gfj_core.exports.safety import inert_html as inert
from gfj_core.formatting import days_away
from gfj_core.metrics.lights import Level
from gfj_core.schemas.attention import AttentionItem, NeedsAttention
from ui.theme import CARD_BORDER, INK, MUTED
from ui.tile_grid import light_shape_svg
from ui.widgets import fmt_date

SHOWN = 5  # items per column; "and N more" after them, the pages behind list every one

CSS = f"""<style>
.gfj-attn {{ {CARD_BORDER} color: {INK}; margin: 0 0 0.5rem 0; }}
.gfj-attn h3.gfj-attn-title {{ font-size: 1.5rem; font-weight: 600; margin: 0 0 0.5rem 0;
  padding: 0; }}
.gfj-attn .gfj-attn-next {{ margin: 0 0 0.75rem 0; }}
.gfj-attn .gfj-attn-calm {{ color: {MUTED}; margin: 0; }}
.gfj-attn-cols {{ display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem; }}
@media (max-width: 900px) {{ .gfj-attn-cols {{ grid-template-columns: minmax(0, 1fr); }} }}
.gfj-attn .gfj-attn-head {{ font-weight: 600; margin: 0; display: flex; align-items: center;
  gap: 0.4rem; }}
.gfj-attn ul {{ margin: 0.4rem 0 0 0; padding-left: 1.2rem; }}
.gfj-attn li {{ margin: 0.3rem 0; }}
.gfj-attn li .gfj-attn-detail {{ display: block; }}
.gfj-attn .gfj-attn-none, .gfj-attn .gfj-attn-more {{ font-style: italic; color: {MUTED};
  margin: 0.4rem 0 0 0; }}
</style>"""


def _column(mark: Level, heading: str, items: Sequence[AttentionItem], empty: str) -> str:
    """A column under its heading. The heading carries the scorecard's light shapes (ui.tile_grid)
    so the columns differ without colour: a square for Act, a triangle for overdue, a ring for
    the next meeting."""
    parts = [
        f'<div><p class="gfj-attn-head">{light_shape_svg(mark)}{inert(heading)} ({len(items)})</p>'
    ]
    if not items:
        parts.append(f'<p class="gfj-attn-none">{inert(empty)}</p>')
    else:
        lines = "".join(
            f"<li><strong>{inert(i.title)}</strong>"
            f'<span class="gfj-attn-detail">{inert(i.detail)}</span></li>'
            for i in items[:SHOWN]
        )
        parts.append(f"<ul>{lines}</ul>")
        if len(items) > SHOWN:
            parts.append(f'<p class="gfj-attn-more">and {len(items) - SHOWN} more</p>')
    parts.append("</div>")
    return "".join(parts)


def attention_html(att: NeedsAttention) -> str:
    """The whole box as one HTML block (no blank line in it: a blank line would end the block
    and let markdown read the rest)."""
    parts = [CSS, '<div class="gfj-attn">', '<h3 class="gfj-attn-title">Needs your attention</h3>']
    nxt = att.next_meeting
    if nxt is not None:
        parts.append(
            f'<p class="gfj-attn-next">Next board meeting: <strong>{inert(nxt.title)}</strong>, '
            f"<strong>{inert(fmt_date(nxt.held_on))}</strong> ({inert(days_away(nxt.days_away))})"
            "</p>"
        )
    if att.empty:
        parts.append(
            '<p class="gfj-attn-calm">Nothing needs your attention: no red lights and nothing '
            "overdue.</p>"
        )
    else:
        title = "For the next meeting" if nxt else "For the next meeting (none scheduled)"
        parts.append('<div class="gfj-attn-cols">')
        parts.append(_column(Level.red, "Act", att.red_lights, "No red lights."))
        parts.append(_column(Level.amber, "Overdue", att.overdue, "Nothing overdue."))
        parts.append(_column(Level.none, title, att.for_next_meeting, "Nothing due before it."))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)
