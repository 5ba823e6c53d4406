"""Small charts drawn as inline SVG and HTML, for places where a Vega or plotly chart would cost the
browser far more than it shows: tile sparklines and the board overview's two bar charts.

Measured at 100x in Chromium (bench/browser.py): the overview's two plotly charts took about
1.6 s of main-thread time on every visit and the eight st.metric Vega sparklines about 0.3 s;
these drawings cost a few milliseconds. Every figure is written as text (a screen reader reads
it; a sparkline carries an aria-label and a <title> with its points), so nothing is colour only.
Inputs are figures a service worked out; nothing is calculated here beyond placing them."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ui.theme import BRAND, GRID, INK, MUTED, READINESS_COLOURS, READINESS_OUTLINE, SERIES

SPARK_COLOUR = "#4F5B6B"  # the quiet slate of Streamlit's own metric sparkline, 6.9:1 on white


def point(v: float) -> str:
    """A trend point as a person reads it, to one decimal without a trailing .0: 4,829 · 3.4."""
    return f"{v:,.1f}".removesuffix(".0")


def sparkline_text(values: Sequence[float], what: str | None = None) -> str:
    """The sparkline in words: what each point is, then the points oldest first."""
    head = f"Trend ({what})" if what else "Trend"
    return f"{head}, oldest to newest: " + ", ".join(point(v) for v in values)


def sparkline_svg(values: Sequence[float], *, text: str, height: int = 46) -> str:
    """A line through the points, scaled to fill the width; the newest point is marked.

    The drawing stretches to any width (viewBox 0-100 by 0-40, preserveAspectRatio none) while
    the stroke and the end dot keep their size (non-scaling stroke; a zero-length round-capped
    segment draws the dot). A flat series sits in the middle, as Streamlit's sparkline does."""
    lo, hi = min(values), max(values)
    span = hi - lo
    last = len(values) - 1
    xs = [100 * i / last for i in range(len(values))]
    ys = [20.0 if span == 0 else 36 - 32 * (v - lo) / span for v in values]
    path = "M" + " L".join(f"{x:.2f} {y:.2f}" for x, y in zip(xs, ys, strict=True))
    label = escape(text, quote=True)
    return (
        f'<svg class="gfj-spark" role="img" aria-label="{label}" viewBox="0 0 100 40" '
        f'preserveAspectRatio="none" width="100%" height="{height}" '
        f'style="display:block;overflow:visible">'
        f"<title>{label}</title>"
        f'<path d="{path}" fill="none" stroke="{SPARK_COLOUR}" stroke-width="2" '
        f'stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
        f'<path d="M{xs[-1]:.2f} {ys[-1]:.2f} l0 0" stroke="{SPARK_COLOUR}" stroke-width="6" '
        f'stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
        "</svg>"
    )


# --- Bar charts as HTML ---------------------------------------------------------------------------

_BARS_CSS = f"""<style>
.gfj-hb {{ display: grid; grid-template-columns: max-content 1fr; column-gap: .75rem;
  row-gap: .55rem; align-items: center; color: {INK}; font-size: 1rem; margin: .25rem 0 .5rem; }}
.gfj-hb-label {{ text-align: right; }}
.gfj-hb-track {{ grid-column: 2; position: relative; height: 2.1rem;
  background-image: linear-gradient(to right, {GRID} 1px, transparent 1px);
  background-size: calc(100% * 20 / 110) 100%; }}
.gfj-hb-bar {{ position: absolute; left: 0; top: 0; bottom: 0; background: {SERIES[0]}; }}
.gfj-hb-value {{ position: absolute; top: 50%; transform: translateY(-50%); z-index: 1;
  margin-left: .2rem; padding: 0 .2rem; white-space: nowrap; background: rgba(255,255,255,.85); }}
.gfj-hb-marker {{ grid-column: 2; position: relative; align-self: stretch; pointer-events: none; }}
.gfj-hb-marker span {{ position: absolute; top: 0; bottom: 0;
  border-left: 3px dashed {BRAND}; }}
.gfj-hb-note {{ grid-column: 2; grid-row: 1; position: relative; height: 1.5rem; }}
.gfj-hb-note span {{ position: absolute; transform: translateX(-50%); white-space: nowrap;
  color: {BRAND}; font-weight: 600; }}
.gfj-hb-axis {{ grid-column: 2; position: relative; height: 1.4rem; color: {MUTED};
  font-size: .9rem; }}
.gfj-hb-axis span {{ position: absolute; transform: translateX(-50%); }}
.gfj-vb {{ display: flex; align-items: flex-end; gap: 1.25rem; height: 15rem; color: {INK};
  border-bottom: 1px solid {MUTED}; padding: 0 .5rem; margin-top: .5rem; }}
.gfj-vb-col {{ flex: 1 1 0; display: flex; flex-direction: column; justify-content: flex-end;
  align-items: stretch; height: 100%; text-align: center; }}
.gfj-vb-value {{ font-size: 1.05rem; font-weight: 600; padding-bottom: .2rem; }}
.gfj-vb-bar {{ box-sizing: border-box; border: 1px solid {READINESS_OUTLINE};
  border-bottom: 0; border-radius: 3px 3px 0 0; }}
.gfj-vb-labels {{ display: flex; gap: 1.25rem; padding: .35rem .5rem 0; color: {INK}; }}
.gfj-vb-labels span {{ flex: 1 1 0; text-align: center; }}
.gfj-sr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }}
</style>"""


def _x(share_pct: float) -> float:
    """Position on a 0-110% axis (room after a full bar for its figure), as % of the track."""
    return max(0.0, min(share_pct, 110.0)) * 100 / 110


def progress_bars_html(
    rows: list[tuple[str, float | None]],
    *,
    marker: float | None = None,
    marker_label: str | None = None,
) -> str:
    """Horizontal 0-100% bars with the figure written after each bar and an optional dashed
    reference line (time elapsed): the same drawing as ui.charts.progress_bars, as HTML."""
    parts = [_BARS_CSS, '<div class="gfj-hb">']
    first = 1
    if marker is not None:
        parts.append(
            f'<div class="gfj-hb-note"><span style="left:{_x(marker * 100):.2f}%">'
            f"{escape(marker_label or '')}</span></div>"
        )
        first = 2
    for i, (label, v) in enumerate(rows):
        pct = 0.0 if v is None else round(v * 100, 1)
        text = "no data" if v is None else f"{v * 100:.0f}%"
        r = first + i
        parts.append(
            f'<div class="gfj-hb-label" style="grid-row:{r}">{escape(label)}</div>'
            f'<div class="gfj-hb-track" style="grid-row:{r}">'
            f'<div class="gfj-hb-bar" style="width:{_x(pct):.2f}%"></div>'
            f'<span class="gfj-hb-value" style="left:{_x(pct):.2f}%">{text}</span></div>'
        )
    if marker is not None:
        parts.append(
            f'<div class="gfj-hb-marker" aria-hidden="true" '
            f'style="grid-row:{first} / span {len(rows)}">'
            f'<span style="left:calc({_x(marker * 100):.2f}% - 1px)"></span></div>'
        )
    ticks = "".join(
        f'<span style="left:{_x(t):.2f}%">{t}%</span>' for t in (0, 20, 40, 60, 80, 100)
    )
    parts.append(
        f'<div class="gfj-hb-axis" aria-hidden="true" style="grid-row:{first + len(rows)}">'
        f"{ticks}</div></div>"
    )
    return "".join(parts)


def readiness_bars_html(counts: dict[str, int]) -> str:
    """Leaders by readiness as columns with the count written above each one and the level
    below: the same drawing as ui.charts.readiness_bar, as HTML."""
    top = max([*counts.values(), 1]) + 0.5
    cols = "".join(
        f'<div class="gfj-vb-col"><span class="gfj-vb-value">'
        f'<span class="gfj-sr">{escape(label)}: </span>{n}</span>'
        f'<div class="gfj-vb-bar" aria-hidden="true" style="height:{80 * n / top:.1f}%;'
        f'background:{READINESS_COLOURS.get(label, SERIES[0])}"></div></div>'
        for label, n in counts.items()
    )
    labels = "".join(f"<span>{escape(label)}</span>" for label in counts)
    return (
        f'{_BARS_CSS}<div class="gfj-vb" role="group" aria-label="Leaders by readiness">{cols}'
        f'</div><div class="gfj-vb-labels" aria-hidden="true">{labels}</div>'
    )
