"""Charts and small widgets for the evaluation pages (surveys, community, legacy, impact,
targets). They draw service results; every figure is computed in gfj_core."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from gfj_core.errors import ValidationFailed
from gfj_core.metrics.lights import Level
from ui.theme import BRAND, GRID, LIGHT_COLOURS, MUTED, SERIES
from ui.widgets import data_table

# Ratings 1..5 on a diverging, colour-blind-safe scale (Okabe-Ito oranges to blues).
RATING_COLOURS = {1: "#D55E00", 2: "#E69F00", 3: "#C8C8C8", 4: "#56B4E9", 5: "#0072B2"}
RATING_WORDS = {1: "1 (lowest)", 2: "2", 3: "3", 4: "4", 5: "5 (highest)"}
ROW_HEIGHT = 46


def _lines(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return lines or [""]


def _wrap(text: str, width: int = 38) -> str:
    """Break a long axis label onto lines (plotly does not wrap)."""
    return "<br>".join(_lines(text, width))


def _row_height(labels: Sequence[str], width: int, *, minimum: int = ROW_HEIGHT) -> int:
    """Pixels per bar row: enough for the longest wrapped label at the theme's font size."""
    most = max((len(_lines(label, width)) for label in labels), default=1)
    return max(minimum, 22 * most + 14)


def short_question(text: str) -> str:
    """A question without its trailing hint, e.g. '(1 = not important, 5 = essential)'."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", text).strip() or text


def fmt_score(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def fmt_change(x: float | None, *, digits: int = 2, suffix: str = "") -> str | None:
    """A signed change for st.metric's delta, or None when there is nothing to compare."""
    if x is None:
        return None
    return f"{x:+.{digits}f}{suffix}"


def fmt_kpi(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "share":
        return f"{value * 100:.0f}%"
    if unit == "score":
        return f"{value:.2f}"
    if unit == "dollars":
        return f"${value:,.0f}"
    if unit in ("ratio", "months"):
        return f"{value:.1f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def show_problems(exc: ValidationFailed, *, key: str) -> None:
    """Every problem of a refused input, as a table the user can work down."""
    n = len(exc.problems)
    st.error(
        f"**{exc}**" + ("" if n else "") + " Fix each row listed below, then try again.",
        icon=":material/error:",
    )
    if n:
        data_table(
            pd.DataFrame([{"Where": w, "Problem": m} for w, m in exc.problems]),
            hide_index=True,
            width="stretch",
            key=key,
        )


def illustrative_notice(what: str) -> None:
    st.caption(f":material/info: Illustrative demo: {what}")


# --------------------------------------------------------------------------- survey charts


def likert_chart(rows: Sequence[tuple[str, Sequence[int]]]) -> go.Figure:
    """One 100% bar per question: the share of each rating 1-5, labelled with its percentage."""
    labels = [_wrap(label, 34) for label, _ in rows]
    per_row = _row_height([label for label, _ in rows], 34)
    fig = go.Figure()
    for rating in range(1, 6):
        shares, texts = [], []
        for _, counts in rows:
            total = sum(counts) or 1
            share = counts[rating - 1] / total * 100
            shares.append(share)
            texts.append(f"{share:.0f}%" if share >= 7 else "")
        fig.add_bar(
            name=RATING_WORDS[rating],
            y=labels,
            x=shares,
            orientation="h",
            marker_color=RATING_COLOURS[rating],
            text=texts,
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(color="#1B1B1B" if rating in (2, 3, 4) else "white", size=15),
            hovertemplate=f"Rating {rating}: %{{x:.0f}}%<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=120 + per_row * max(1, len(rows)),
        xaxis=dict(range=[0, 100], ticksuffix="%", gridcolor=GRID),
        yaxis=dict(autorange="reversed"),
        bargap=0.3,
        legend=dict(title=None, traceorder="normal"),
    )
    return fig


def average_chart(
    rows: Sequence[tuple[str, float | None, float | None]],
    *,
    latest_label: str,
    previous_label: str | None,
) -> go.Figure:
    """Average rating per item, this round beside the round before (if any)."""
    labels = [_wrap(label, 30) for label, _, _ in rows]
    per_row = _row_height([label for label, _, _ in rows], 30, minimum=34 if previous_label else 30)
    fig = go.Figure()
    if previous_label:
        prev = [p for _, _, p in rows]
        fig.add_bar(
            name=previous_label,
            y=labels,
            x=[p or 0 for p in prev],
            orientation="h",
            marker_color="#B9CFE0",
            text=[fmt_score(p) for p in prev],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra>" + previous_label + "</extra>",
        )
    latest = [v for _, v, _ in rows]
    fig.add_bar(
        name=latest_label,
        y=labels,
        x=[v or 0 for v in latest],
        orientation="h",
        marker_color=SERIES[0],
        text=[fmt_score(v) for v in latest],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra>" + latest_label + "</extra>",
    )
    bars = 2 if previous_label else 1
    fig.update_layout(
        barmode="group",
        height=130 + max(per_row, 26 * bars + 14) * max(1, len(rows)),
        xaxis=dict(range=[1, 5.45], dtick=1, gridcolor=GRID, title="Average rating (1-5)"),
        yaxis=dict(autorange="reversed"),
        bargap=0.25,
        bargroupgap=0.05,
    )
    return fig


def count_bars(
    rows: Sequence[tuple[str, int, float | None]], *, colour: str = SERIES[0], unit: str = ""
) -> go.Figure:
    """Horizontal bars of counts, each written as 'n (share%)'."""
    labels = [_wrap(label, 32) for label, _, _ in rows]
    per_row = _row_height([label for label, _, _ in rows], 32, minimum=40)
    texts = [f"{n:,}" + ("" if share is None else f" ({share * 100:.0f}%)") for _, n, share in rows]
    top = max([n for _, n, _ in rows] or [1])
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=[n for _, n, _ in rows],
            orientation="h",
            marker_color=colour,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(
        height=100 + per_row * max(1, len(rows)),
        xaxis=dict(range=[0, top * 1.35 + 1], gridcolor=GRID, title=unit or None),
        yaxis=dict(autorange="reversed"),
        showlegend=False,
        bargap=0.3,
    )
    return fig


# --------------------------------------------------------------------------- community charts


def participation_chart(months: Sequence, *, show_feedback: bool = True) -> go.Figure:
    """New and returning participants per month (stacked), with the feedback average."""
    x = [m.month for m in months]
    fig = go.Figure()
    fig.add_bar(
        name="Returning",
        x=x,
        y=[m.returning_participants for m in months],
        marker_color=SERIES[0],
        hovertemplate="%{x|%b %Y}: %{y:,} returning<extra></extra>",
    )
    fig.add_bar(
        name="New",
        x=x,
        y=[m.new_participants for m in months],
        marker_color=SERIES[4],
        hovertemplate="%{x|%b %Y}: %{y:,} new<extra></extra>",
    )
    if show_feedback:
        fig.add_scatter(
            name="Feedback (1-5, right)",
            x=x,
            y=[m.feedback_average for m in months],
            yaxis="y2",
            mode="lines+markers",
            line=dict(color=BRAND, width=3),
            marker=dict(size=8),
            connectgaps=True,
            hovertemplate="%{x|%b %Y}: feedback %{y:.2f}<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=400,
        xaxis=dict(dtick="M1", tickformat="%b<br>%Y", gridcolor=GRID),
        yaxis=dict(title="Participants", gridcolor=GRID, rangemode="tozero"),
        yaxis2=dict(
            title="Feedback", overlaying="y", side="right", range=[1, 5], showgrid=False, dtick=1
        ),
        bargap=0.2,
    )
    return fig


# --------------------------------------------------------------------------- legacy charts


def values_dumbbell(
    values: Sequence, *, latest_label: str, previous_label: str | None
) -> go.Figure:
    """Each value's average: a ring for the previous round, a dot for the latest, joined by a
    line; the latest figure and its change are written at the right edge."""
    ordered = sorted(values, key=lambda v: (v.latest is None, -(v.latest or 0)))
    names = [v.value_name for v in ordered]
    present = [x for v in ordered for x in (v.latest, v.previous) if x is not None]
    low = max(1.0, math.floor((min(present) - 0.25) * 2) / 2) if present else 1.0
    fig = go.Figure()
    if previous_label:
        for v in ordered:
            if v.previous is not None and v.latest is not None:
                fig.add_shape(
                    type="line",
                    x0=v.previous,
                    x1=v.latest,
                    y0=v.value_name,
                    y1=v.value_name,
                    line=dict(color=MUTED, width=3),
                    layer="below",
                )
        fig.add_scatter(
            name=previous_label,
            x=[v.previous for v in ordered],
            y=names,
            mode="markers",
            marker=dict(size=15, color="white", line=dict(color=SERIES[0], width=3)),
            hovertemplate="%{y}: %{x:.2f}<extra>" + previous_label + "</extra>",
        )
    fig.add_scatter(
        name=latest_label,
        x=[v.latest for v in ordered],
        y=names,
        mode="markers",
        marker=dict(size=17, color=SERIES[0]),
        hovertemplate="%{y}: %{x:.2f}<extra>" + latest_label + "</extra>",
    )
    for v in ordered:
        if v.latest is None:
            continue
        arrow = ""
        if v.change is not None:
            arrow = f"  {'▲' if v.change > 0.005 else '▼' if v.change < -0.005 else '='} {v.change:+.2f}"
        fig.add_annotation(
            x=1.0,
            xref="paper",
            y=v.value_name,
            xanchor="left",
            showarrow=False,
            text=f"<b>{v.latest:.2f}</b>{arrow}",
            font=dict(size=16),
        )
    fig.update_layout(
        height=130 + 46 * len(ordered),
        xaxis=dict(range=[low, 5.05], dtick=0.5, gridcolor=GRID, title="Average rating (1-5)"),
        yaxis=dict(autorange="reversed"),
        margin=dict(r=150),
    )
    return fig


def overall_trend(points: Sequence[tuple[str, float | None]]) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            x=[label for label, _ in points],
            y=[v for _, v in points],
            mode="lines+markers+text",
            text=[fmt_score(v) for _, v in points],
            textposition="top center",
            textfont=dict(size=17),
            line=dict(color=SERIES[0], width=3),
            marker=dict(size=12),
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        )
    )
    fig.update_layout(
        height=300,
        xaxis=dict(type="category", range=[-0.5, len(points) - 0.5]),
        yaxis=dict(range=[1, 5.4], dtick=1, title="Average (1-5)"),
    )
    return fig


# --------------------------------------------------------------------------- advocacy charts


def wins_chart(years: Sequence) -> go.Figure:
    """Wins per year (bars) and the running total (line)."""
    fig = go.Figure()
    fig.add_bar(
        name="Wins that year",
        x=[y.year for y in years],
        y=[y.count for y in years],
        marker_color=LIGHT_COLOURS[Level.green],
        text=[y.count or "" for y in years],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{x}: %{y} won<extra></extra>",
    )
    fig.add_scatter(
        name="Running total",
        x=[y.year for y in years],
        y=[y.cumulative for y in years],
        mode="lines+markers",
        line=dict(color=SERIES[0], width=3),
        hovertemplate="%{x}: %{y} in all<extra></extra>",
    )
    top = max([y.cumulative for y in years] or [1])
    fig.update_layout(
        height=360,
        xaxis=dict(dtick=1, gridcolor=GRID),
        yaxis=dict(range=[0, top + 1.5], dtick=2, gridcolor=GRID, title="Campaigns won"),
    )
    return fig


def stacked_years(by_year: dict[int, dict[str, int]], labels: dict[str, str]) -> go.Figure:
    years = sorted(by_year)
    fig = go.Figure()
    for i, (kind, label) in enumerate(labels.items()):
        fig.add_bar(
            name=label,
            x=years,
            y=[by_year[y].get(kind, 0) for y in years],
            marker_color=SERIES[i % len(SERIES)],
            hovertemplate="%{x}: %{y} " + label.lower() + "<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=360,
        xaxis=dict(dtick=1, gridcolor=GRID),
        yaxis=dict(gridcolor=GRID, title="Items", rangemode="tozero"),
    )
    return fig


# --------------------------------------------------------------------------- targets chart


def target_chart(rows: Sequence) -> go.Figure:
    """Progress from baseline to target (0-100%), grouped by area, each bar coloured and
    labelled by its light, with a black tick where progress should be by now."""
    areas = [r.kpi.area for r in rows]
    labels = [_wrap(r.kpi.label, 30) for r in rows]
    values = [
        100 if r.status == "Met" else (0 if r.progress is None else r.progress * 100) for r in rows
    ]
    texts = [
        f"<b>{r.light.word}</b> · {r.status}"
        + ("" if r.progress is None or r.status == "Met" else f" · {r.progress * 100:.0f}%")
        for r in rows
    ]
    fig = go.Figure(
        go.Bar(
            y=[areas, labels],
            x=values,
            orientation="h",
            marker_color=[LIGHT_COLOURS[r.light.level] for r in rows],
            customdata=texts,
            hovertemplate="%{customdata}<extra></extra>",
            name="Progress to the target (colour: its light)",
        )
    )
    # The words sit in their own column right of 100%, clear of the bars and the ticks.
    fig.add_scatter(
        x=[104] * len(rows),
        y=[areas, labels],
        mode="text",
        text=texts,
        textposition="middle right",
        textfont=dict(size=16),
        cliponaxis=False,  # on a narrow screen the words run on into the right margin
        showlegend=False,
        hoverinfo="skip",
    )
    ticks = [(r.expected * 100, a, lbl) for r, a, lbl in zip(rows, areas, labels, strict=True)
             if r.expected is not None and r.status != "Met"]  # fmt: skip
    if ticks:
        fig.add_scatter(
            x=[x for x, _, _ in ticks],
            y=[[a for _, a, _ in ticks], [lbl for _, _, lbl in ticks]],
            mode="markers",
            marker=dict(symbol="line-ns", size=34, line=dict(width=4, color="#1B1B1B")),
            name="Where it should be by now",
            hovertemplate="should be %{x:.0f}% of the way by now<extra></extra>",
        )
    fig.update_layout(
        height=140 + 52 * max(1, len(rows)),
        xaxis=dict(
            range=[0, 165],
            tickvals=[0, 25, 50, 75, 100],
            ticksuffix="%",
            gridcolor=GRID,
            title="Progress (%) from the KPI's value when the target was set",
        ),
        yaxis=dict(autorange="reversed", tickfont=dict(size=15)),
        bargap=0.3,
        showlegend=True,
        margin=dict(r=90),
    )
    return fig


def days_left(deadline: date, as_of: date) -> str:
    days = (deadline - as_of).days
    if days < 0:
        return f"{-days} days overdue"
    return f"{days} days left"
