"""Plotly figure builders shared by pages. Inputs are service results; no calculations here."""

from __future__ import annotations

import plotly.graph_objects as go

from ui.theme import BRAND, GRID, READINESS_COLOURS, READINESS_OUTLINE, SERIES


def progress_bars(
    rows: list[tuple[str, float | None]],
    *,
    marker_label: str | None = None,
    marker: float | None = None,
) -> go.Figure:
    """Horizontal 0-100% bars with the value written on each bar; an optional reference line."""
    labels = [label for label, _ in rows]
    values = [0 if v is None else round(v * 100, 1) for _, v in rows]
    texts = ["no data" if v is None else f"{v * 100:.0f}%" for _, v in rows]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            text=texts,
            textposition="outside",
            marker_color=[SERIES[0]] * len(rows),
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    if marker is not None:
        fig.add_vline(x=marker * 100, line_width=3, line_dash="dash", line_color=BRAND)
        fig.add_annotation(
            x=marker * 100,
            y=1.06,
            yref="paper",
            text=marker_label or "",
            showarrow=False,
            font=dict(color=BRAND, size=16),
        )
    fig.update_layout(
        height=90 + 62 * len(rows),
        xaxis=dict(range=[0, 110], ticksuffix="%", gridcolor=GRID),
        yaxis=dict(autorange="reversed"),
        showlegend=False,
        bargap=0.35,
    )
    return fig


def readiness_bar(counts: dict[str, int]) -> go.Figure:
    labels = list(counts)
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=[counts[k] for k in labels],
            text=[counts[k] for k in labels],
            textposition="outside",
            cliponaxis=False,
            marker_color=[READINESS_COLOURS.get(k, SERIES[0]) for k in labels],
            marker_line=dict(color=READINESS_OUTLINE, width=1),
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    top = max(counts.values() or [1])
    fig.update_layout(
        height=340, yaxis=dict(title="Leaders", range=[0, top + 1.5], dtick=1), showlegend=False
    )
    return fig


def show(fig: go.Figure, *, key: str | None = None) -> None:
    """Draw a figure with our theme (not Streamlit's) and without the plotly toolbar."""
    import streamlit as st

    st.plotly_chart(fig, theme=None, config={"displayModeBar": False}, key=key)
