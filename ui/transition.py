"""Figures and form helpers for the transition pages (timeline, exit checklist, continuity).

Figure builders take service results and only lay them out: every number comes from gfj_core.
Every colour is paired with a word (legend entries, bar labels, row labels): never colour alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import plotly.graph_objects as go
import streamlit as st

from gfj_core.formatting import date_style, fmt_date
from gfj_core.metrics.lights import Level
from gfj_core.schemas.transition import (
    CAPABILITY_WORDS,
    FUNCTION_RISK_WORDS,
    MILESTONE_STATE_WORDS,
    CategoryProgress,
    KnowledgeRegisterView,
    LedgerView,
    MilestoneRead,
    TimelineView,
)
from ui.theme import ALARM_TEXT, BRAND, GRID, INK, LIGHT_COLOURS, MUTED

# Okabe-Ito, as in ui.theme: each state also carries its word on the bar and in the legend.
STATE_COLOURS = {
    "done": "#009E73",
    "on_track": "#0072B2",
    "at_risk": "#E69F00",
    "late": "#D55E00",
    "not_started": "#9A9A9A",
}
BASELINE_FILL = "rgba(95, 90, 85, 0.18)"
BASELINE_LINE = "#8A847D"
DEPENDENCY_GREY = "#9C968F"
RED = LIGHT_COLOURS[Level.red]
AMBER = LIGHT_COLOURS[Level.amber]
GREEN = LIGHT_COLOURS[Level.green]
DAY_MS = 24 * 3600 * 1000
ROW_PX = 34


def _short(text: str, limit: int = 52) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrap(text: str, width: int = 56) -> str:
    """A milestone name longer than one line of the chart on two balanced lines (the second
    shortened only if it is still too long), so the name is read whole and the bars keep the
    width."""
    if len(text) <= width:
        return text
    spaces = [i for i, ch in enumerate(text) if ch == " " and i <= width]
    if not spaces:
        return _short(text, width)
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "<br>" + _short(text[cut + 1 :], width)


# A white halo round chart words, so a line or bar passing behind them never hides them.
HALO = "-1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff, 0 0 3px #fff"


def _fmt(d: date | None) -> str:
    return fmt_date(d)


def bar_label(m: MilestoneRead) -> str:
    """The words at the end of a milestone's bar: its state, and its slip when it has one."""
    word = MILESTONE_STATE_WORDS[m.state]
    return f"{word} · +{m.slip_days} d slip" if m.slip_days else word


# --- Gantt ----------------------------------------------------------------------------------------


def gantt(
    view: TimelineView, milestones: Sequence[MilestoneRead] | None = None, *, today: date
) -> go.Figure:
    """Baseline (thin grey) against forecast (coloured by state, labelled) for each milestone,
    grouped by phase; dependency connectors; the driving chain to the handover outlined; today's
    line and the planned handover date."""
    shown = list(view.milestones if milestones is None else milestones)
    rows: list[tuple[str, MilestoneRead | None]] = []  # (label, milestone or None for a header)
    last_phase = None
    for m in shown:
        if m.phase_id != last_phase:
            rows.append((f"<b>{m.phase_name.upper()}</b>", None))
            last_phase = m.phase_id
        rows.append((m.title, m))
    y_of = {m.id: i for i, (_, m) in enumerate(rows) if m is not None}

    fig = go.Figure()
    # Phase header rows: a light band so the groups read at a glance.
    for i, (_, m) in enumerate(rows):
        if m is None:
            fig.add_shape(
                type="rect",
                xref="paper",
                x0=0,
                x1=1,
                y0=i - 0.5,
                y1=i + 0.5,
                fillcolor="rgba(122, 31, 43, 0.07)",
                line_width=0,
                layer="below",
            )

    with_bars = [m for _, m in rows if m is not None]
    fig.add_trace(
        go.Bar(
            name="Baseline (approved by the board)",
            orientation="h",
            y=[y_of[m.id] + 0.27 for m in with_bars],
            base=[m.baseline_start.isoformat() for m in with_bars],
            x=[((m.baseline_finish - m.baseline_start).days + 1) * DAY_MS for m in with_bars],
            width=0.2,
            marker=dict(color=BASELINE_FILL, line=dict(color=BASELINE_LINE, width=1)),
            customdata=[[_fmt(m.baseline_start), _fmt(m.baseline_finish)] for m in with_bars],
            hovertemplate="Baseline %{customdata[0]} – %{customdata[1]}<extra></extra>",
        )
    )
    for state, word in MILESTONE_STATE_WORDS.items():
        group = [m for m in with_bars if m.state == state]
        if not group:
            continue
        fig.add_trace(
            go.Bar(
                name=word,
                orientation="h",
                y=[y_of[m.id] - 0.1 for m in group],
                base=[m.forecast_start.isoformat() for m in group],
                x=[((m.forecast_finish - m.forecast_start).days + 1) * DAY_MS for m in group],
                width=0.46,
                marker=dict(
                    color=STATE_COLOURS[state],
                    line=dict(
                        color=[BRAND if m.on_driving_chain else "rgba(0,0,0,0)" for m in group],
                        width=[3.5 if m.on_driving_chain else 0 for m in group],
                    ),
                ),
                customdata=[
                    [
                        m.title,
                        m.owner_name or "no owner",
                        _fmt(m.forecast_start),
                        _fmt(m.forecast_finish),
                        _fmt(m.baseline_finish),
                        bar_label(m),
                    ]
                    for m in group
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>Owner: %{customdata[1]}<br>"
                    "Forecast %{customdata[2]} – %{customdata[3]}<br>"
                    "Approved finish %{customdata[4]}<br>%{customdata[5]}<extra></extra>"
                ),
            )
        )

    # State (and slip) written at the end of each bar, so colour is never the only signal.
    label_x = [
        (
            max(m.forecast_finish, m.baseline_finish) + timedelta(days=12 if m.is_handover else 4)
        ).isoformat()
        for m in with_bars
    ]
    fig.add_trace(
        go.Scatter(
            x=label_x,
            y=[y_of[m.id] for m in with_bars],
            mode="text",
            text=[
                f"<b>{bar_label(m)}</b>" if m.slip_days or m.state == "late" else bar_label(m)
                for m in with_bars
            ],
            textposition="middle right",
            textfont=dict(
                size=15,
                color=[RED if m.state == "late" or m.slip_days else MUTED for m in with_bars],
                shadow=HALO,
            ),
            hoverinfo="skip",
            showlegend=False,
        )
    )

    # The handover milestone as a diamond, whatever its length.
    handovers = [m for m in with_bars if m.is_handover]
    if handovers:
        fig.add_trace(
            go.Scatter(
                name="Handover milestone",
                x=[m.forecast_finish.isoformat() for m in handovers],
                y=[y_of[m.id] - 0.1 for m in handovers],
                mode="markers",
                marker=dict(
                    symbol="diamond",
                    size=20,
                    color=[STATE_COLOURS[m.state] for m in handovers],
                    line=dict(color=BRAND, width=3),
                ),
                hovertemplate="Handover forecast %{x|"
                + date_style().chart_day
                + "}<extra></extra>",
            )
        )

    _dependency_traces(fig, view, y_of, {m.id: m for m in with_bars})

    # Today and the planned handover: lines drawn as shapes (add_vline's annotation mishandles
    # dates), each with its own words at the top.
    xs = [m.baseline_start for m in with_bars] + [m.forecast_start for m in with_bars]
    xe = [m.baseline_finish for m in with_bars] + [m.forecast_finish for m in with_bars]
    first = min([*xs, today]) if xs else today - timedelta(days=30)
    last = max([*xe, today]) if xe else today + timedelta(days=30)
    lines = [(today, INK, "dash", f"Today {_fmt(today)}")]
    if view.planned_handover_date:
        lines.append(
            (
                view.planned_handover_date,
                BRAND,
                "dot",
                f"Planned handover {_fmt(view.planned_handover_date)}",
            )
        )
        last = max(last, view.planned_handover_date)
    for i, (day, colour, dash, text) in enumerate(lines):
        if not first <= day <= last + timedelta(days=60):
            continue
        fig.add_shape(
            type="line",
            x0=day.isoformat(),
            x1=day.isoformat(),
            yref="paper",
            y0=0,
            y1=1,
            line=dict(color=colour, width=2.5, dash=dash),
        )
        fig.add_annotation(
            x=day.isoformat(),
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=48 + 24 * i,
            text=f"<b>{text}</b>",
            showarrow=False,
            font=dict(size=15, color=colour),
            bgcolor="rgba(255,255,255,0.85)",
        )

    span = (last - first).days
    wrapped = any(m is not None and "<br>" in _wrap(label) for label, m in rows)
    fig.update_layout(
        barmode="overlay",
        height=max(320, 150 + (ROW_PX + 8 * wrapped) * len(rows)),
        margin=dict(l=10, r=20, t=130, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.02, x=0, font=dict(size=15)),
        xaxis=dict(
            type="date",
            side="top",
            range=[
                (first - timedelta(days=7)).isoformat(),
                (last + timedelta(days=max(60, span // 6))).isoformat(),  # room for the last labels
            ],
            tickformat="%b<br>%Y" if span > 200 else date_style().chart_day_short,
            # Quarters on a long plan: month labels would crowd and tilt on a laptop screen.
            dtick="M1" if span <= 240 else ("M2" if span <= 420 else "M3"),
            tickangle=0,
            gridcolor=GRID,
            tickfont=dict(size=15),
        ),
        yaxis=dict(
            tickmode="array",
            tickvals=list(range(len(rows))),
            ticktext=[
                label
                if m is None
                else (
                    "<br>".join(f"<b>{part}</b>" for part in _wrap(label).split("<br>"))
                    if m.on_driving_chain
                    else _wrap(label)
                )
                for label, m in rows
            ],
            range=[len(rows) - 0.4, -0.6],
            showgrid=False,
            tickfont=dict(size=16),
            automargin=True,
        ),
        hoverlabel=dict(font_size=15),
    )
    return fig


def _dependency_traces(fig: go.Figure, view: TimelineView, y_of: dict, by_id: dict) -> None:
    """Elbow connectors from a prerequisite's forecast finish to its dependant's forecast start;
    the links of the driving chain thick and in the brand colour."""
    for drives, name, colour, width in (
        (False, "Dependency", DEPENDENCY_GREY, 1.3),
        (True, "Drives the handover date", BRAND, 3),
    ):
        xs: list = []
        ys: list = []
        ends_x: list = []
        ends_y: list = []
        for dep in view.dependencies:
            if (
                dep.drives != drives
                or dep.milestone_id not in y_of
                or dep.depends_on_id not in y_of
            ):
                continue
            pred, succ = by_id[dep.depends_on_id], by_id[dep.milestone_id]
            x0 = (pred.forecast_finish + timedelta(days=1)).isoformat()
            x1 = succ.forecast_start.isoformat()
            y0, y1 = y_of[pred.id] - 0.1, y_of[succ.id] - 0.1
            xs += [x0, x0, x1, None]
            ys += [y0, y1, y1, None]
            ends_x.append(x1)
            ends_y.append(y1)
        if not ends_x:
            continue
        fig.add_trace(
            go.Scatter(
                name=name,
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=colour, width=width, dash=None if drives else "dot"),
                hoverinfo="skip",
                legendgroup=name,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=ends_x,
                y=ends_y,
                mode="markers",
                marker=dict(symbol="triangle-right", size=11 if drives else 8, color=colour),
                hoverinfo="skip",
                showlegend=False,
                legendgroup=name,
            )
        )


# --- Exit checklist -------------------------------------------------------------------------------


def category_progress(categories: Sequence[CategoryProgress]) -> go.Figure:
    """Per category: done, in progress and not yet started, stacked, with the share done written."""
    labels = [c.label for c in categories]
    done = [c.done for c in categories]
    doing = [c.in_progress for c in categories]
    todo = [c.applicable - c.done - c.in_progress for c in categories]
    fig = go.Figure()
    for name, values, colour, text_colour in (
        ("Done", done, GREEN, "white"),
        ("In progress", doing, "#56B4E9", INK),
        ("Not started", todo, "#D9D4CE", INK),
    ):
        fig.add_trace(
            go.Bar(
                name=name,
                y=labels,
                x=values,
                orientation="h",
                marker_color=colour,
                text=[str(v) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=15, color=text_colour),
                hovertemplate=f"%{{y}}: %{{x}} {name.lower()}<extra></extra>",
            )
        )
    widest = max((c.applicable for c in categories), default=1)
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=[c.applicable + widest * 0.02 for c in categories],
            mode="text",
            text=[
                "no items" if c.done_share is None else f"<b>{c.done_share * 100:.0f}%</b> done"
                for c in categories
            ],
            textposition="middle right",
            textfont=dict(size=15, color=INK),
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        barmode="stack",
        height=110 + 52 * len(categories),
        xaxis=dict(
            title="Items",
            range=[0, widest * 1.25],
            gridcolor=GRID,
            dtick=1 if widest <= 12 else None,
        ),
        yaxis=dict(autorange="reversed", automargin=True, tickfont=dict(size=15)),
        bargap=0.3,
        margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(traceorder="normal"),
    )
    return fig


# --- Knowledge register ---------------------------------------------------------------------------

LEVEL_VALUE = {None: 0, "learning": 1, "can_do": 2, "expert": 3}
# A light-to-mid blue ramp so black cell words stay readable on every level.
HEAT_SCALE = [  # zmin -0.5, zmax 3.5: levels 0..3 sit in the middle of each quarter
    [0.0, "#F7F4EF"],
    [0.25, "#F7F4EF"],
    [0.25, "#DCEAF6"],
    [0.5, "#DCEAF6"],
    [0.5, "#9FC8EA"],
    [0.75, "#9FC8EA"],
    [0.75, "#5AA1D8"],
    [1.0, "#5AA1D8"],
]
# Darker than the fill colours so the words stay readable as text on white.
RISK_COLOURS = {
    "only_departing": "#B34700",
    "nobody": "#B34700",
    "single": "#8A5A00",
    "covered": "#00734F",
}


# Above this many people a column per person is unreadable (and slow): keep those who can do
# one of the functions shown, and always the departing leader.
MAX_PEOPLE_COLUMNS = 30


def people_for_columns(people: Sequence, functions: Sequence) -> list:
    """The people who get a column: everyone in a small organisation; at scale, the departing
    leader and whoever holds a capability in the functions shown."""
    if len(people) <= MAX_PEOPLE_COLUMNS:
        return list(people)
    holders = {pid for f in functions for pid in f.capabilities}
    return [p for p in people if p.is_departing or p.id in holders]


def capability_heatmap(register: KnowledgeRegisterView, *, max_rows: int = 60) -> go.Figure:
    """Function x person: who can do each critical function. Each cell carries its word; each row
    ends with its risk in words, the red ones first."""
    functions = register.functions[:max_rows]
    people = people_for_columns(register.people, functions)
    z = [[LEVEL_VALUE[f.capabilities.get(p.id)] for p in people] for f in functions]
    words = [
        [CAPABILITY_WORDS.get(f.capabilities.get(p.id), "") for p in people] for f in functions
    ]
    x = [
        f"<b>{p.name.replace(' ', '<br>', 1)}</b><br>(departing)"
        if p.is_departing
        else p.name.replace(" ", "<br>", 1)
        for p in people
    ]
    y = [_short(f.name, 46) for f in functions]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(len(people))),
            y=list(range(len(functions))),
            zmin=-0.5,
            zmax=3.5,
            colorscale=HEAT_SCALE,
            showscale=False,
            xgap=3,
            ygap=3,
            text=words,
            texttemplate="%{text}" if len(functions) * len(people) <= 900 else "",
            textfont=dict(size=14, color=INK),
            customdata=[[f.name] * len(people) for f in functions],
            hovertemplate="%{customdata}<br>%{text}<extra></extra>",
        )
    )
    # The departing leader's column outlined: the board reads down it for sole knowledge.
    departing = [i for i, p in enumerate(people) if p.is_departing]
    for i in departing:
        fig.add_shape(
            type="rect",
            x0=i - 0.5,
            x1=i + 0.5,
            y0=-0.5,
            y1=len(functions) - 0.5,
            line=dict(color=BRAND, width=3),
        )
    # One layout update for every row's risk word: add_annotation per row re-validates the whole
    # figure each time, which cost seconds with a thousand functions.
    fig.update_layout(
        annotations=[
            dict(
                x=1.005,
                xref="paper",
                xanchor="left",
                y=row,
                text=("⚠ " if f.risk in ("only_departing", "nobody") else "")
                + FUNCTION_RISK_WORDS[f.risk],
                showarrow=False,
                font=dict(
                    size=14,
                    color=RISK_COLOURS[f.risk],
                    weight="bold" if f.risk in ("only_departing", "nobody") else "normal",
                ),
            )
            for row, f in enumerate(functions)
        ]
    )
    fig.update_layout(
        height=150 + 40 * len(functions),
        margin=dict(l=10, r=250, t=90, b=10),
        xaxis=dict(
            side="top",
            tickmode="array",
            tickvals=list(range(len(people))),
            ticktext=x,
            tickfont=dict(size=14),
            tickangle=0,
            showgrid=False,
        ),
        yaxis=dict(
            tickmode="array",
            tickvals=list(range(len(functions))),
            ticktext=[
                f"<b>{label}</b>" if f.risk in ("only_departing", "nobody") else label
                for label, f in zip(y, functions, strict=True)
            ],
            autorange="reversed",
            showgrid=False,
            tickfont=dict(size=15),
            automargin=True,
        ),
    )
    return fig


# --- Relationship ledger --------------------------------------------------------------------------


def ledger_bars(ledger: LedgerView) -> go.Figure:
    """Per kind of relationship: held only by the departing leader, introduced, transferred, and
    held by someone else."""
    order = ["funder", "partner", "official", "vendor", "other"]
    kinds = [k for k in order if k in ledger.by_kind] + [
        k for k in ledger.by_kind if k not in order
    ]
    names = {
        "funder": "Funders",
        "partner": "Partners",
        "official": "Officials",
        "vendor": "Vendors and advisers",
        "other": "Other",
    }
    labels = [names.get(k, k.title()) for k in kinds]
    counts = [ledger.by_kind[k] for k in kinds]
    only = [c.held_only_by_departing for c in counts]
    intro = [c.introduced for c in counts]
    moved = [c.transferred for c in counts]
    # Rows neither hers alone nor in handover: already held by someone else.
    rest = [c.total - o - i - t for c, o, i, t in zip(counts, only, intro, moved, strict=True)]
    fig = go.Figure()
    for name, values, colour, text_colour in (
        ("Only the departing leader", only, RED, "white"),
        ("Introduced to the successor", intro, "#56B4E9", INK),
        ("Transferred", moved, GREEN, "white"),
        ("Held by someone else", rest, "#D9D4CE", INK),
    ):
        fig.add_trace(
            go.Bar(
                name=name,
                y=labels,
                x=values,
                orientation="h",
                marker_color=colour,
                text=[str(v) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=15, color=text_colour),
                hovertemplate=f"%{{y}}: %{{x}} — {name.lower()}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=140 + 56 * len(kinds),
        xaxis=dict(title="Relationships", gridcolor=GRID),
        yaxis=dict(autorange="reversed", automargin=True, tickfont=dict(size=15)),
        bargap=0.3,
        margin=dict(l=10, r=10, t=60, b=10),
        legend=dict(traceorder="normal"),
    )
    return fig


# --- Form helpers ---------------------------------------------------------------------------------


def changed_fields(before: dict, after: dict) -> dict:
    """The form's values that differ from what it was loaded with."""
    return {k: v for k, v in after.items() if before.get(k) != v}


def reverse_lookup(mapping: dict, value, default=None):
    for k, v in mapping.items():
        if v == value:
            return k
    return default


# --- Shared by the continuity and checklist tabs ---------------------------------------------

# Text a cell says in red (with a ⚠ and in words: never colour alone).
RED_TEXT = f"color: {ALARM_TEXT}; font-weight: 700"


def showing(shown: int, total: int, what: str) -> None:
    """Under a register cut to its rows that need attention first: say so."""
    if total > shown:
        st.caption(
            f"Showing {shown} of {total} {what}, those needing attention first; the figures "
            "above count them all."
        )
