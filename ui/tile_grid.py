"""The scorecard's tiles as one HTML grid: label, figure, light, sparkline and context of every
tile in a single Streamlit element.

Why one element: drawn as Streamlit widgets, each tile was eight elements (a bordered container,
st.metric, the sparkline, st.badge, a caption, a row with a page link and a button), and the
browser's time to draw the board overview grew with their count (issue 19). The figures are text,
so a screen reader, a search and a test read them as they read any paragraph; the light is its
word with a shape beside it, so it reads in greyscale. What a tile leads to (its drill-down and
its page) is one picker under the grid (ui.board.scorecard_grid).

Every text here comes from gfj_core's tiles and some of it was typed by people (names in a
caption), so all of it goes through gfj_core's inert_html; the markup is only ours."""

from __future__ import annotations

from collections.abc import Sequence

from gfj_core.exports.safety import inert_html as inert
from gfj_core.metrics.lights import Level, Light
from gfj_core.schemas.board import Tile
from ui.svg import sparkline_svg, sparkline_text
from ui.theme import CARD_BORDER, INK, LIGHT_COLOURS, LIGHT_WASHES, MUTED

# The shape of each light, so green, amber and red differ without colour: a disc, a triangle,
# a square, and an open ring for no data.
_SHAPES = {
    Level.green: '<circle cx="6" cy="6" r="5" fill="{c}"/>',
    Level.amber: '<path d="M6 1 L11 11 L1 11 Z" fill="{c}"/>',
    Level.red: '<rect x="1.5" y="1.5" width="9" height="9" fill="{c}"/>',
    Level.none: '<circle cx="6" cy="6" r="4.2" fill="none" stroke="{c}" stroke-width="1.6"/>',
}

CSS = f"""<style>
.gfj-tiles {{ display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 1rem;
  margin: 0 0 1rem 0; }}
@media (max-width: 1180px) {{ .gfj-tiles {{ grid-template-columns: repeat(2, minmax(0, 1fr)); }} }}
@media (max-width: 640px) {{ .gfj-tiles {{ grid-template-columns: minmax(0, 1fr); }} }}
.gfj-tile {{ {CARD_BORDER}
  display: flex; flex-direction: column; gap: 0.35rem; min-width: 0; color: {INK}; }}
.gfj-tiles .gfj-tile-label {{ font-size: 0.875rem; line-height: 1.3; margin: 0; }}
.gfj-tiles .gfj-tile-value {{ font-size: 2.1rem; line-height: 1.15; font-weight: 400; margin: 0;
  overflow-wrap: anywhere; }}
.gfj-tiles .gfj-tile-caption {{ font-size: 0.875rem; line-height: 1.35; color: {MUTED}; margin: 0; }}
.gfj-tiles .gfj-light {{ display: inline-flex; align-items: center; gap: 0.35rem; align-self: flex-start;
  border-radius: 0.5rem; padding: 0.05rem 0.5rem; font-size: 0.875rem; font-weight: 600;
  color: {INK}; }}
.gfj-light svg {{ flex: none; }}
@media (min-width: 1181px) {{
  .gfj-tiles.gfj-cols-3 {{ grid-template-columns: repeat(3, minmax(0, 1fr)); }}
  .gfj-tiles.gfj-cols-5 {{ grid-template-columns: repeat(5, minmax(0, 1fr)); }}
  .gfj-tiles.gfj-cols-6 {{ grid-template-columns: repeat(6, minmax(0, 1fr)); }}
}}
.gfj-tiles .gfj-tile-help {{ font-size: 0.8125rem; line-height: 1.35; color: {MUTED}; margin-top: auto; }}
.gfj-tiles .gfj-tile-help summary {{ cursor: pointer; width: fit-content; padding: 0.25rem 0; }}
.gfj-tiles .gfj-tile-help p {{ margin: 0.3rem 0 0 0; font-size: 0.8125rem; }}
.gfj-tiles-present .gfj-tile-label {{ font-size: clamp(20px, 1.5vw, 28px); font-weight: 600; }}
.gfj-tiles-present .gfj-tile-value {{ font-size: clamp(44px, 4.6vw, 88px); font-weight: 600; }}
.gfj-tiles-present .gfj-light {{ font-size: clamp(22px, 1.6vw, 30px); }}
.gfj-tiles-present .gfj-light svg {{ width: 0.9em; height: 0.9em; }}
</style>"""


def light_shape_svg(level: Level) -> str:
    """The light's shape in its colour, decorative (the word beside it says it)."""
    shape = _SHAPES[level].format(c=LIGHT_COLOURS[level])
    return (
        '<svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">'
        f"{shape}</svg>"
    )


def light_chip_html(level: Level, word: str) -> str:
    """The light as its word in a pale wash of its colour, with its shape."""
    return (
        f'<span class="gfj-light" style="background:{LIGHT_WASHES[level]}">'
        f"{light_shape_svg(level)}{inert(word)}</span>"
    )


def tile_html(t: Tile, *, presenter: bool = False, with_help: bool = False) -> str:
    """One tile. A light with no word (a measure with no threshold set) is not drawn; with
    `with_help`, the tile's help (its formula and thresholds) folds out under it, in a native
    <details> that opens without a rerun and reads to a screen reader as a disclosure."""
    parts = [
        f'<div class="gfj-tile" data-tile="{inert(t.key)}">',
        f'<div class="gfj-tile-label">{inert(t.label)}</div>',
        f'<div class="gfj-tile-value">{inert(t.value_text)}</div>',
    ]
    if len(t.trend) > 1:
        parts.append(sparkline_svg(t.trend, text=sparkline_text(t.trend, t.trend_label)))
    if t.light.word:
        parts.append(light_chip_html(t.light.level, t.light.word))
    if t.caption and not presenter:
        parts.append(f'<div class="gfj-tile-caption">{inert(t.caption)}</div>')
    if with_help and t.help and not presenter:
        parts.append(
            '<details class="gfj-tile-help"><summary>How it is measured</summary>'
            f"<p>{inert(t.help)}</p></details>"
        )
    parts.append("</div>")
    return "".join(parts)


def tile_grid_html(
    tiles: Sequence[Tile], *, presenter: bool = False, columns: int = 4, with_help: bool = False
) -> str:
    """The whole grid, styles included, as one HTML block. It must hold no blank line (a blank
    line would end the block and let markdown read the rest): tests/unit/test_board_html.py.
    `columns` (3 to 6) is the row's width on a projector; a laptop shows 2, a phone 1."""
    cls = "gfj-tiles gfj-tiles-present" if presenter else "gfj-tiles"
    if columns != 4:
        cls += f" gfj-cols-{min(max(columns, 3), 6)}"
    body = "".join(tile_html(t, presenter=presenter, with_help=with_help) for t in tiles)
    return f'{CSS}<div class="{cls}">{body}</div>'


NO_LIGHT = Light(level=Level.none, word="")  # a figure with no threshold: no light is drawn


def figure_tile(
    key: str,
    label: str,
    value: str,
    *,
    area: str,
    light: Light | None = None,
    caption: str | None = None,
    help: str | None = None,
    trend: Sequence[float] = (),
    trend_label: str = "month end",
) -> Tile:
    """A page's own figure (a Finances measure, a Leaders figure) as a tile of this grid."""
    return Tile(
        key=key,
        area=area,
        label=label,
        value_text=value,
        value=None,
        light=light or NO_LIGHT,
        caption=caption,
        help=help,
        trend=list(trend),
        trend_label=trend_label,
    )


def tile_grid_row(tiles: Sequence[Tile], *, columns: int | None = None) -> None:
    """A row of tiles as one HTML grid, each with its formula one click away. Drawn as
    Streamlit widgets, the Finances page's seventeen tiles were about seventy elements and
    seventeen Vega sparklines (st.metric(chart_data=...)), most of its time in the browser; the
    Leaders page's six stayed a fixed 218 pixels wide on a phone."""
    import streamlit as st

    st.markdown(
        tile_grid_html(tiles, columns=columns or len(tiles), with_help=True),
        unsafe_allow_html=True,
    )
