"""The supporter's portfolio (issue 20): each sharing organisation's figures read through the
cache, keyed on that organisation's own table versions, so a revoke there (an audit row about
`portfolio_share`) is seen at the supporter's next click. Draws the comparison table and one
organisation's aggregate scorecard; every figure, light and change comes from
`gfj_core.services.portfolio`."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_date
from gfj_core.schemas.portfolio import PortfolioEntry
from gfj_core.services.portfolio import portfolio_columns, portfolio_figures, sort_portfolio
from gfj_core.services.sharing import SHAREABLE_FIGURES
from gfj_core.settings import get_settings
from gfj_core.tenancy import Organisation, database_url_for, list_organisations
from ui.data import read_at
from ui.theme import BADGE_COLOURS, LIGHT_COLOURS
from ui.widgets import data_table

NOT_SHARED = "not shared"


@lru_cache(maxsize=4096)
def _url(org: Organisation, configured: str) -> str:
    return database_url_for(org)  # `configured`: the URL it is made from, in the key


def portfolio_entries(actor, today: date) -> list[PortfolioEntry]:
    """The organisations that share with the actor's supporter, most red lights first: one
    cached read per organisation, keyed on its own versions of the tables the read uses."""
    orgs = list_organisations()
    configured = get_settings().database_url
    found = read_at([_url(o, configured) for o in orgs], portfolio_figures, actor, today=today)
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
    keys = portfolio_columns(entries)
    rows, levels = [], []
    for e in entries:
        by_key = {f.key: f for f in e.figures.figures}
        row = {"Organization": e.name, "Red lights": e.figures.red_lights,
               "Recorded": fmt_date(e.figures.as_of) if e.figures.as_of else "no meeting yet"}  # fmt: skip
        lv = {}
        for k in keys:
            f = by_key.get(k)
            row[SHAREABLE_FIGURES[k]] = _cell(f) if f else NOT_SHARED
            lv[SHAREABLE_FIGURES[k]] = f.light.level if f else None
        rows.append(row)
        levels.append(lv)
    frame = pd.DataFrame(rows)

    def colour(col):
        # A pale tint of the light's colour behind its word (the word carries the meaning).
        return [
            f"background-color: {LIGHT_COLOURS[lv[col.name]]}33"
            if lv.get(col.name) is not None and lv[col.name].value != "none"
            else ""
            for lv in levels
        ]

    data_table(
        frame.style.apply(colour),
        hide_index=True,
        width="stretch",
        column_config={"Organization": st.column_config.TextColumn(pinned=True)},
    )


def aggregate_scorecard(entry: PortfolioEntry) -> None:
    """The organisation's shared figures, each with its light, change and history."""
    f = entry.figures
    st.subheader(md(entry.name))
    when = (
        f"As recorded up to its board meeting of {fmt_date(f.as_of)}"
        if f.as_of
        else "No meeting yet"
    )
    if f.compared_with:
        when += f"; change since {fmt_date(f.compared_with)}"
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
            if fig.recorded_on and fig.recorded_on != f.as_of:
                st.caption(f"Last recorded {fmt_date(fig.recorded_on)}")
            if len(fig.trend) > 1:
                st.line_chart(
                    pd.DataFrame({"value": [v for _, v in fig.trend]},
                                 index=[d for d, _ in fig.trend]),
                    height=120,
                )  # fmt: skip
