"""The supporter's portfolio (issue 20): each sharing organisation's vital few as they stand
now, read uncached at every rerun (two indexed reads per organisation, `ui.data.read_each`), so a
bad month imported there or a revoke is seen at the supporter's next click. Draws the comparison
table and one organisation's aggregate scorecard; every figure, light and change comes from
`gfj_core.services.portfolio`."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_date
from gfj_core.metrics.lights import Level
from gfj_core.schemas.portfolio import PortfolioEntry
from gfj_core.services.portfolio import portfolio_columns, portfolio_figures, sort_portfolio
from gfj_core.services.sharing import SHAREABLE_FIGURES
from gfj_core.tenancy import list_organisations
from ui.data import read_each
from ui.theme import BADGE_COLOURS, LIGHT_COLOURS
from ui.widgets import data_table

NOT_SHARED = "not shared"


def portfolio_entries(actor, today: date) -> list[PortfolioEntry]:
    """The organisations that share with the actor's supporter, most red lights first."""
    orgs = list_organisations()
    found = read_each(orgs, portfolio_figures, actor, today=today)
    entries = [
        PortfolioEntry(slug=o.slug, name=o.name, figures=f)
        for o, f in zip(orgs, found, strict=True)
        if f is not None
    ]
    return sort_portfolio(entries)


def _cell(f) -> str:
    change = "" if f.change is None else f" ({f.change_text})"
    word = "" if f.light.level.value == "none" else f" · {f.light.word}"
    return f"{f.value_text}{word}{change}"


def comparison_table(entries: list[PortfolioEntry]) -> None:
    """Organisations side by side. Each figure's cell is a label tinted with its light's colour
    (the word in it carries the meaning): a read-only multiselect column whose options are the
    column's texts, each with its colour. (A pandas Styler did the same at 100-200 ms a rerun
    for 200 organisations; this costs the column's options.)"""
    keys = portfolio_columns(entries)
    columns = [SHAREABLE_FIGURES[k] for k in keys]
    rows, tints = [], {c: {} for c in columns}  # column -> {cell text: colour}
    for e in entries:
        by_key = {f.key: f for f in e.figures.figures}
        row = {"Organization": e.name, "Red lights": e.figures.red_lights,
               "As of": fmt_date(e.figures.as_of) if e.figures.as_of else "not computed yet"}  # fmt: skip
        for k, column in zip(keys, columns, strict=True):
            f = by_key.get(k)
            text = _cell(f) if f else NOT_SHARED
            row[column] = [text]
            tints[column].setdefault(text, f"{LIGHT_COLOURS[f.light.level if f else Level.none]}33")
        rows.append(row)
    config = {"Organization": st.column_config.TextColumn(pinned=True)}
    for column, colours in tints.items():
        config[column] = st.column_config.MultiselectColumn(
            column, options=list(colours), color=list(colours.values())
        )
    data_table(pd.DataFrame(rows), column_config=config)


def aggregate_scorecard(entry: PortfolioEntry) -> None:
    """The organisation's shared figures, each with its light, change and history."""
    f = entry.figures
    st.subheader(md(entry.name))
    when = f"As of {fmt_date(f.as_of)}" if f.as_of else "Not computed yet"
    if f.compared_with:
        when += f"; change since the board meeting of {fmt_date(f.compared_with)}"
    st.caption(when + ". Aggregates only.")
    row = st.container(horizontal=True, wrap=True, gap="medium")
    for fig in f.figures:
        with row, st.container(border=True, width=300, height="stretch"):
            st.metric(
                fig.label, fig.value_text,
                delta=None if fig.change is None else fig.change_text, delta_color="off",
            )  # fmt: skip
            if fig.light.level.value != "none" or fig.value is None:  # days have no light
                st.badge(fig.light.word, color=BADGE_COLOURS[fig.light.level])
            if fig.compared_on and fig.compared_on != f.compared_with:
                st.caption(f"Change since {fmt_date(fig.compared_on)}")
            if len(fig.trend) > 1:
                st.line_chart(
                    pd.DataFrame({"value": [v for _, v in fig.trend]},
                                 index=[d for d, _ in fig.trend]),
                    height=120,
                )  # fmt: skip
