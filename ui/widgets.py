"""Small drawing helpers shared by pages. They format and draw; they never compute figures."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager

import streamlit as st

from gfj_core.exports.safety import safe_csv_bytes
from gfj_core.formatting import (
    date_grid_format,
    datetime_grid_format,
    fmt_date,  # noqa: F401  (re-exported for the pages)
)
from gfj_core.formatting import pct as fmt_pct  # noqa: F401
from gfj_core.metrics.lights import Light
from ui.svg import sparkline_svg, sparkline_text
from ui.theme import BADGE_COLOURS, LIGHT_ICONS


@contextmanager
def lazy_expander(
    label: str, *, key: str, icon: str | None = None, expanded: bool = False
) -> Iterator[bool]:
    """An expander whose contents are drawn only while it is open:

        with lazy_expander("Correct this record", key="fix_open") as shown:
            if shown:
                ...draw the form...

    A closed st.expander still draws everything in it, hidden: the two correction forms kept
    shut on Board meetings cost the browser about 150 ms of every visit (569 to 420 ms to idle
    at 10x). Opening one reruns the page and draws it; it stays open across reruns (its state is
    st.session_state[key]), so a failed save keeps the form and what was typed."""
    box = st.expander(label, expanded=expanded, icon=icon, key=key, on_change="rerun")
    with box:
        yield bool(box.open)


def lazy_tabs(
    sections: Mapping[str, Callable[[], None]], *, key: str, keep: Collection[str] = ()
) -> str:
    """Tabs of which only the open one is drawn; returns its label:

        lazy_tabs({"Statements": statements, "Funders": funders}, key="fin_tab")

    Plain st.tabs draws every tab, hidden: the Finances page drew its eight plotly charts on
    every visit while the board looked at one tab. Choosing a tab reruns the page and draws it;
    the choice is st.session_state[key], so a rerun (a save, a picker) stays on the same tab.

    A tab in `keep` is drawn even while closed. Give it the tabs that hold a form or an editable
    grid: a form's typing lives in the browser until it is sent, and a grid's edits in widget
    state that Streamlit drops once the grid is not drawn, so a lazy tab would lose both when
    the user looks at another tab and comes back."""
    labels = list(sections)
    tabs = st.tabs(labels, key=key, on_change="rerun")
    shown = labels[0]
    for label, tab in zip(labels, tabs, strict=True):
        if tab.open:
            shown = label
        if tab.open or label in keep:
            with tab:
                sections[label]()
    return shown


def light_badge(light: Light, *, label: str | None = None) -> None:
    """A traffic light as colour + icon + word, so it reads in greyscale and to screen readers."""
    text = f"{label}: {light.word}" if label else light.word
    st.badge(text, icon=LIGHT_ICONS[light.level], color=BADGE_COLOURS[light.level])


def data_table(
    frame,
    *,
    download: str | None = None,
    key: str | None = None,
    download_label: str = "Download as CSV",
    editable: bool = False,
    static: bool = False,
    **kwargs,
):
    """The one way to show a table (every page's st.dataframe and st.data_editor come through
    here; tests/ui/test_tables.py checks it): an empty cell reads empty, not Streamlit's
    "None" (which is also a word some cells hold, "None" as a documentation level); dates in
    the organisation's style; no Streamlit CSV download (hidden by ui.theme.GLOBAL_CSS: it does
    not neutralise formulas) but, with `download="file.csv"`, our CSV beside it, every text
    cell neutralised (a leading apostrophe before =, +, -, @). `frame` may be a pandas
    DataFrame or a Styler of one. `editable=True` draws an st.data_editor and returns what it
    returns (ui/forms.edit_table is the editable table with its save; use that one).

    `static=True` draws a short list read on the shared screen as a plain HTML table: text a
    projector shows whole, no scrolling or sorting, same empty cells and dates. The browser
    draws it in next to no time; st.dataframe and st.table each cost the board overview about
    25 ms of its time to idle at 100x (bench/browser.py). A Styler (cell colours its author
    chose) goes to st.table, which draws its styles; `row_classes` and `right` go to
    html_table (a statement's headings, totals and amounts)."""
    if static:
        from pandas.io.formats.style import Styler

        if isinstance(frame, Styler):
            return st.table(
                frame, hide_index=kwargs.get("hide_index", True), border=kwargs.get("border", True)
            )
        return st.html(
            html_table(frame, row_classes=kwargs.get("row_classes"), right=kwargs.get("right", ()))
        )
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    kwargs.setdefault("placeholder", "")
    kwargs["column_config"] = date_columns(frame, kwargs.get("column_config"))
    if editable:
        return st.data_editor(frame, key=key, **kwargs)
    shown = st.dataframe(frame, key=key, **kwargs)
    if download:
        from pandas.io.formats.style import Styler

        data = frame.data if isinstance(frame, Styler) else frame  # a Styler holds its frame
        st.download_button(
            download_label,
            data=safe_csv_bytes(data),
            file_name=download,
            mime="text/csv",
            icon=":material/download:",
            key=f"{key or download}_csv",
        )
    return shown


SHORT_CELL = 14  # characters: "Nov 30, 2026", "$1,234,567", "Overdue"


def html_table(
    frame, *, row_classes: Sequence[str] | None = None, right: Collection[str] = ()
) -> str:
    """`frame` (or a dict of columns, or a list of rows) as an HTML table, every cell and heading
    escaped (typed text stays text), empty cells empty, dates in the house style. Each cell
    carries its column's name, so a phone shows each row as a card of "Column: value" lines
    (ui.theme.GLOBAL_CSS) instead of squeezing six columns into 390 pixels.

    `row_classes` gives each row a class of the theme's (gfj-heading, gfj-total: a statement's
    section headings and totals); the columns named in `right` are amounts, right-aligned in
    figures of one width, as in a printed statement."""
    from datetime import date
    from html import escape

    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(frame)

    def cell(v) -> str:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return ""
        return escape(fmt_date(v) if isinstance(v, date) else str(v))

    def td(name: str, v, amount: bool) -> str:
        text = cell(v)
        # A short value (a date, an amount, a status) stays on one line; long text wraps.
        classes = ["gfj-short"] if 0 < len(text) <= SHORT_CELL else []
        classes += ["gfj-num"] if amount else []
        attr = f' class="{" ".join(classes)}"' if classes else ""
        return f'<td data-label="{name}"{attr}>{text}</td>'

    columns = [str(c) for c in frame.columns]
    names = [escape(c) for c in columns]
    amounts = [c in right for c in columns]
    num = ' class="gfj-num"'
    head = "".join(
        f'<th scope="col"{num if a else ""}>{n}</th>' for n, a in zip(names, amounts, strict=True)
    )
    classes = list(row_classes) if row_classes is not None else [""] * len(frame)
    rows = "".join(
        (f'<tr class="{escape(k)}">' if k else "<tr>")
        + "".join(td(n, v, a) for n, v, a in zip(names, row, amounts, strict=True))
        + "</tr>"
        for row, k in zip(frame.itertuples(index=False, name=None), classes, strict=True)
    )
    return f'<table class="gfj-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def date_columns(frame, config: dict | None) -> dict:
    """The column_config with every date (or date-time) column not already configured shown in
    the organisation's date style (st.dataframe shows 2026-12-01 otherwise)."""
    from datetime import date, datetime

    from pandas.io.formats.style import Styler

    data = frame.data if isinstance(frame, Styler) else frame
    config = dict(config or {})
    for name in getattr(data, "columns", []):
        if name in config:
            continue
        sample = next((v for v in data[name] if v is not None and v == v), None)
        if isinstance(sample, datetime):
            config[name] = st.column_config.DatetimeColumn(format=datetime_grid_format())
        elif isinstance(sample, date):
            config[name] = st.column_config.DateColumn(format=date_grid_format())
    return config


def sparkline(values: Sequence[float], *, what: str | None = None) -> None:
    """A tile's trend as a small inline SVG line with its points as a text alternative. It costs
    the browser next to nothing; st.metric(chart_data=...) draws a Vega chart per tile. Through
    st.markdown because st.html's sanitiser drops <svg>; the SVG holds only our own figures."""
    if len(values) > 1:
        st.markdown(
            sparkline_svg(values, text=sparkline_text(values, what)), unsafe_allow_html=True
        )


def demo_notice() -> None:
    st.caption(
        ":material/info: Demo organization: The Gathering for Justice, its founder Harry Belafonte "
        "and its President & CEO are real; every other person and every figure is fictional."
    )


def choose_many(label: str, options, **kwargs) -> list:
    """Several choices from a list: the one multi-select every page uses, with the product's
    placeholder unless the page gives its own."""
    kwargs.setdefault("placeholder", "Choose one or more")
    return st.multiselect(label, options, **kwargs)
