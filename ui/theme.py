"""One look for every chart and light: large type for a projector, colour-blind-safe lights
(Okabe-Ito palette) that always carry a word and an icon as well as a colour."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from gfj_core.metrics.lights import Level

BRAND = "#7A1F2B"
INK = "#1B1B1B"
MUTED = "#5F5A55"
ALARM_TEXT = "#B34700"  # "Overdue", "None" in words: 5:1 on white, unlike the red light
GRID = "#E4DED6"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
LIGHT_COLOURS = {
    Level.green: "#009E73",
    Level.amber: "#E69F00",
    Level.red: "#D55E00",
    Level.none: "#8C8C8C",
}
LIGHT_ICONS = {
    Level.green: ":material/check_circle:",
    Level.amber: ":material/error:",
    Level.red: ":material/cancel:",
    Level.none: ":material/help:",
}
# A pale wash of each light's colour, behind dark text (the HTML scorecard grid): the word stays
# at 12:1 or better while a shape beside it carries the colour.
LIGHT_WASHES = {
    Level.green: "#E1F3EC",
    Level.amber: "#FCEFD6",
    Level.red: "#FAE3D7",
    Level.none: "#ECECEC",
}
# The border of a card drawn in HTML (scorecard tiles, digest sections), as st.container's.
CARD_BORDER = (
    "border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.9rem 1rem;"
)
# st.badge colour names for the same levels.
BADGE_COLOURS = {Level.green: "green", Level.amber: "orange", Level.red: "red", Level.none: "gray"}
SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7A1F2B"]
READINESS_COLOURS = {
    "Ready now": "#009E73",
    "Ready in 1-2 years": "#56B4E9",
    # Furthest from ready is the quietest colour: the eye goes to who could lead soonest.
    "Ready in 3+ years": "#C8D3DF",
    "Not rated": "#BBBBBB",
}
# Pale bars get an outline so their edge still stands out from the white page (WCAG 1.4.11).
READINESS_OUTLINE = "#5B7186"

pio.templates["gfj"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family="Source Sans Pro, Arial, sans-serif", size=17, color=INK),
        title=dict(font=dict(size=22)),
        colorway=SERIES,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis=dict(gridcolor=GRID, zerolinecolor=GRID, tickfont=dict(size=16)),
        yaxis=dict(gridcolor=GRID, zerolinecolor=GRID, tickfont=dict(size=16)),
        legend=dict(font=dict(size=16), orientation="h", yanchor="bottom", y=1.02, x=0),
        margin=dict(l=10, r=10, t=50, b=10),
        hoverlabel=dict(font_size=16),
    )
)
# Merged once and registered under one name: a "plotly_white+gfj" default is re-merged by
# plotly on every go.Figure() (about 80 ms each; 0.5 ms with the merged template).
pio.templates["plotly_white_gfj"] = pio.templates.merge_templates("plotly_white", "gfj")
pio.templates.default = "plotly_white_gfj"


# Streamlit cuts a metric's label and value to one line ("Succession read...", "31 Au..."); a
# board member must read the whole name and figure at 1280 wide too, so both wrap instead.
#
# Streamlit's own "Download as CSV" on every data frame writes the cells as they are, so a typed
# "=HYPERLINK(...)" runs when the file is opened in a spreadsheet (issue 16). It is hidden
# everywhere; a frame holding user text offers ours instead (ui.widgets.data_table), whose CSV is
# neutralised by gfj_core.exports.safety. Search, fullscreen and column choice stay.
GLOBAL_CSS = """<style>
[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as CSV"]) {
  display: none !important;
}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
/* Commands shown with st.code wrap on a phone instead of scrolling sideways: a scrolling box
   must be reachable by keyboard, and a wrapped command is easier to read anyway. */
[data-testid="stCode"] pre, [data-testid="stCode"] pre code {
  white-space: pre-wrap !important; overflow-wrap: anywhere; overflow-x: visible !important;
}
/* Plain tables (st.table: real table markup for screen readers) wrap their cells on a phone
   rather than scrolling sideways inside a box a keyboard cannot reach. */
[data-testid="stTable"] div { overflow: visible !important; }
[data-testid="stTable"] table { width: 100%; table-layout: auto; }
[data-testid="stTable"] th, [data-testid="stTable"] td {
  white-space: normal !important; overflow-wrap: anywhere;
}
/* Tab labels are how a page is navigated (ui.widgets.lazy_tabs): body size, so they read on a
   projector as well as the headings around them. */
[data-testid="stTab"] p { font-size: 1rem; }
/* A short table drawn as HTML (ui.widgets.data_table(static=True)): the look of st.table; on
   a phone each row becomes a card of "Column: value" lines, the first column as its title. */
table.gfj-table { width: 100%; border-collapse: collapse; font-size: 1rem; }
table.gfj-table th { text-align: left; font-weight: 600; }
table.gfj-table td.gfj-short { white-space: nowrap; }
table.gfj-table .gfj-num { text-align: right; font-variant-numeric: tabular-nums; }
table.gfj-table td:first-child { white-space: pre-wrap; }  /* a statement's indented lines */
table.gfj-table tr.gfj-heading td { font-weight: 700; background: #F3EFEA; }
table.gfj-table tr.gfj-total td { font-weight: 700; }
table.gfj-table th, table.gfj-table td {
  padding: .4rem .6rem; border-bottom: 1px solid rgba(49, 51, 63, .15); vertical-align: top;
  overflow-wrap: break-word;
}
@media (max-width: 640px) {
  table.gfj-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  table.gfj-table tr { display: block; padding: .5rem 0;
    border-bottom: 1px solid rgba(49, 51, 63, .15); }
  table.gfj-table td { display: block; border: none; padding: .1rem 0; }
  table.gfj-table td:empty { display: none; }
  table.gfj-table td:first-child { font-weight: 600; }
  table.gfj-table td:not(:first-child)::before { content: attr(data-label) ": "; color: #4a4541; }
  table.gfj-table td.gfj-num { text-align: left; }  /* "This month: $83,919" reads as a line */
  /* A page's tabs wrap onto a second line rather than scroll sideways behind an arrow, where
     a mentor on a phone would not find the last ones. */
  [data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; overflow: visible; row-gap: .25rem; }
}
</style>"""


def apply_global_css() -> None:
    """Called once per run by the router, so every page gets it."""
    st.html(GLOBAL_CSS)
