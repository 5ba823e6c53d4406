"""Drawing helpers for the leadership pages: labels, formats and plotly figures. Inputs are
service results; no figures are computed here."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from gfj_core.formatting import date_input_format, date_style, fmt_day_short, fmt_month
from gfj_core.formatting import score as fmt_score  # noqa: F401
from gfj_core.formatting import score_change as fmt_change  # noqa: F401
from gfj_core.metrics.leadership import BAND_RANGES, COMPETENCY_BANDS
from gfj_core.schemas.leadership import (
    READINESS_LABELS,
    READINESS_LEVELS,
    AssessmentPoint,
    CompetencyPoint,
    ReadinessMonth,
    TalentCell,
)
from ui.theme import GRID, INK, MUTED, READINESS_COLOURS, READINESS_OUTLINE, SERIES
from ui.widgets import choose_many

PROFILE_KEY = "profile_leader_id"  # the leader the profile page opens on
NOT_RATED = "Not rated"
STATUS_LABELS = {"active": "Active", "graduated": "Graduated", "left": "Left"}


def readiness_label(level: str | None) -> str:
    return READINESS_LABELS.get(level or "", NOT_RATED)


def wrap(label: str, width: int = 16) -> str:
    return "<br>".join(textwrap.wrap(label, width)) or label


def readiness_trend_figure(trend: Sequence[ReadinessMonth]) -> go.Figure:
    """Active leaders by readiness at each month's end, stacked, ready now at the bottom."""
    x = [fmt_month(m.month_end) for m in trend]
    x[-1] = f"{x[-1]} (now)" if x else x
    fig = go.Figure()
    for level in READINESS_LEVELS:
        label = READINESS_LABELS[level]
        values = [getattr(m, level) for m in trend]
        fig.add_bar(
            name=label,
            x=x,
            y=values,
            marker_color=READINESS_COLOURS[label],
            marker_line=dict(color=READINESS_OUTLINE, width=1),
            text=[v or "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            # Dark text on the light blues, white on the green: each at least 3:1.
            textfont=dict(size=15, color="white" if level == "ready_now" else INK),
            hovertemplate=f"%{{x}}: %{{y}} {label.lower()}<extra></extra>",
        )
    top = max((m.ready_now + m.ready_1_2_years + m.ready_3_plus_years for m in trend), default=1)
    fig.update_layout(
        barmode="stack",
        height=400,
        bargap=0.15,
        yaxis=dict(title="Active leaders", dtick=1 if top <= 12 else None, range=[0, top + 0.5]),
        xaxis=dict(tickangle=-45, nticks=13, tickfont=dict(size=14)),
        legend=dict(traceorder="normal"),
    )
    return fig


TALENT_CSS = f"""<style>
.gfj-talent {{ display: grid; grid-template-columns: auto repeat(3, minmax(0, 1fr)); gap: 6px;
  color: {INK}; font-size: 1rem; line-height: 1.3; }}
.gfj-talent .gfj-talent-head {{ font-weight: 600; text-align: center; padding: .25rem; }}
.gfj-talent .gfj-talent-head small {{ display: block; font-weight: 400; color: {MUTED}; }}
.gfj-talent .gfj-talent-row {{ font-weight: 600; display: flex; align-items: center;
  justify-content: flex-end; text-align: right; padding-right: .35rem; }}
.gfj-talent .gfj-talent-cell {{ border-radius: 4px; padding: .5rem .4rem; min-height: 4.2rem;
  display: flex; flex-direction: column; justify-content: center; align-items: center;
  text-align: center; overflow-wrap: anywhere; }}
.gfj-talent .gfj-talent-none {{ color: {MUTED}; }}
.gfj-talent .gfj-talent-cell div + div {{ margin-top: .4rem; }}
.gfj-talent-axis {{ text-align: center; color: {MUTED}; font-size: .875rem; margin-top: .4rem; }}
@media (max-width: 640px) {{ .gfj-talent {{ font-size: .875rem; gap: 4px; }}
  .gfj-talent .gfj-talent-cell {{ padding: .35rem .2rem; }}
  .gfj-talent .gfj-talent-row {{ max-width: 5.5rem; }} }}
</style>"""
# A cell's wash deepens with the leaders in it (none, one, two or more), as the heatmap did.
TALENT_WASHES = ("#F7F5F1", "#D4E9F8", "#A9D3F0")


def talent_grid_html(cells: Sequence[TalentCell]) -> str:
    """The 3x3 talent review as one HTML grid: readiness (rows, ready now on top) by
    competency band (columns), each cell naming its leaders. Text, not a plotly heatmap: the
    names stay whole on a phone, where the heatmap cut them off, and a screen reader reads
    them. Names are typed text, so each goes through inert_html."""
    from gfj_core.exports.safety import inert_html as inert

    by_cell = {(c.readiness, c.band): c.leaders for c in cells}
    parts = [TALENT_CSS, '<div class="gfj-talent" role="table" aria-label="Talent grid">']
    parts.append('<div role="row" style="display:contents"><div role="columnheader"></div>')
    for band in COMPETENCY_BANDS:
        parts.append(
            f'<div class="gfj-talent-head" role="columnheader">{inert(band)}'
            f"<small>{inert(BAND_RANGES[band])}</small></div>"
        )
    parts.append("</div>")
    for level in READINESS_LEVELS:
        label = inert(READINESS_LABELS[level])
        parts.append('<div role="row" style="display:contents">')
        parts.append(f'<div class="gfj-talent-row" role="rowheader">{label}</div>')
        for band in COMPETENCY_BANDS:
            names = by_cell.get((level, band), [])
            wash = TALENT_WASHES[min(len(names), 2)]
            inner = (
                "".join(f"<div>{inert(n)}</div>" for n in names)
                if names
                else '<span class="gfj-talent-none">none</span>'
            )
            parts.append(
                f'<div class="gfj-talent-cell" role="cell" style="background:{wash}">{inner}</div>'
            )
        parts.append("</div>")
    parts.append("</div>")
    parts.append('<div class="gfj-talent-axis">Mean competency score (latest, 1-5)</div>')
    return "".join(parts)


def radar_figure(points: Sequence[CompetencyPoint], *, now_label: str, before_label: str):
    # Short lines and room around the circle: long names on neighbouring spokes overlapped.
    labels = [wrap(p.competency, 12) for p in points]
    fig = go.Figure()
    fig.add_trace(
        go.Scatterpolar(
            r=[p.six_months_ago for p in points] + [points[0].six_months_ago] if points else [],
            theta=labels + labels[:1],
            name=before_label,
            line=dict(color=MUTED, dash="dash", width=2),
            hovertemplate="%{theta}: %{r}<extra>" + before_label + "</extra>",
        )
    )
    fig.add_trace(
        go.Scatterpolar(
            r=[p.now for p in points] + [points[0].now] if points else [],
            theta=labels + labels[:1],
            name=now_label,
            fill="toself",
            fillcolor="rgba(0,114,178,0.18)",
            line=dict(color=SERIES[0], width=3),
            hovertemplate="%{theta}: %{r}<extra>" + now_label + "</extra>",
        )
    )
    fig.update_layout(
        height=520,
        polar=dict(
            domain=dict(x=[0.12, 0.88], y=[0.08, 0.92]),
            radialaxis=dict(range=[0, 5], dtick=1, gridcolor=GRID, tickfont=dict(size=12)),
            angularaxis=dict(gridcolor=GRID, tickfont=dict(size=13)),
        ),
        legend=dict(orientation="h", y=-0.08, x=0.5, xanchor="center"),
        margin=dict(l=70, r=70, t=70, b=70),
    )
    return fig


def competency_trends_figure(points: Sequence[AssessmentPoint], order: Sequence[str]) -> go.Figure:
    """Small multiples: each competency's score at each assessment, on the same 1-5 scale."""
    series: dict[str, list[AssessmentPoint]] = defaultdict(list)
    for p in points:
        series[p.competency].append(p)
    names = [n for n in order if n in series]
    cols = 3
    n_rows = max(1, -(-len(names) // cols))
    fig = make_subplots(
        rows=n_rows,
        cols=cols,
        # Wrapped short so neighbouring titles never overlap when the column is laptop-narrow.
        subplot_titles=[wrap(n, 18) for n in names],
        shared_yaxes=True,
        vertical_spacing=0.14,
        horizontal_spacing=0.05,
    )
    for i, name in enumerate(names):
        pts = series[name]
        fig.add_trace(
            go.Scatter(
                x=[p.assessed_on for p in pts],
                y=[p.score for p in pts],
                mode="lines+markers",
                line=dict(color=SERIES[0], width=3, shape="hv"),
                marker=dict(size=7),
                name=name,
                showlegend=False,
                hovertemplate="%{x|"
                + date_style().chart_day
                + "}: %{y}<extra>"
                + name
                + "</extra>",
            ),
            row=i // cols + 1,
            col=i % cols + 1,
        )
    fig.update_yaxes(range=[0.5, 5.5], dtick=1, gridcolor=GRID, tickfont=dict(size=13))
    fig.update_xaxes(
        gridcolor=GRID, tickfont=dict(size=12), nticks=4, tickformat=date_style().chart_month
    )
    fig.update_annotations(font=dict(size=14))
    fig.update_layout(height=230 * n_rows + 50, margin=dict(l=10, r=10, t=64, b=10))
    return fig


# ---------------------------------------------------------------- the session form

ACTION_COLUMNS = ("Action", "Due", "Done")


def actions_frame(items=()) -> pd.DataFrame:
    """Action items as the form's editable table (empty for a new session)."""
    return pd.DataFrame(
        {
            "Action": pd.Series([i.description for i in items], dtype="object"),
            "Due": pd.Series([i.due_on for i in items], dtype="datetime64[ns]"),
            "Done": pd.Series([i.done for i in items], dtype="bool"),
        }
    )


def actions_from_frame(frame: pd.DataFrame) -> list[dict]:
    """The table's rows as plain dicts for ActionItemIn, skipping rows left entirely blank."""
    items = []
    for _, row in frame.iterrows():
        description = row.get("Action")
        description = "" if description is None or pd.isna(description) else str(description)
        due = row.get("Due")
        due = None if due is None or pd.isna(due) else pd.Timestamp(due).date()
        done = bool(row.get("Done")) if not pd.isna(row.get("Done")) else False
        if not description.strip() and due is None and not done:
            continue
        items.append({"description": description.strip(), "due_on": due, "done": done})
    return items


def actions_key(prefix: str) -> str:
    """The action-items grid's widget key. A data editor keeps its edited rows in the browser
    under its key, so popping the key from session_state does not empty it: the form's round is
    part of the key, and a new round (after a save) is a new, empty grid."""
    return f"{prefix}actions_{st.session_state.get(prefix + 'round', 0)}"


def start_new_round(prefix: str) -> None:
    """Forget everything a form's widgets hold, grids included (see actions_key)."""
    st.session_state.pop(actions_key(prefix), None)
    for key in [k for k in st.session_state if str(k).startswith(prefix + "act")]:
        del st.session_state[key]
    st.session_state.pop(prefix + "n_actions", None)
    st.session_state[prefix + "round"] = st.session_state.get(prefix + "round", 0) + 1


def _slot_key(prefix: str, k: int, part: str) -> str:
    return f"{prefix}act{st.session_state.get(prefix + 'round', 0)}_{k}_{part}"


def action_slots(prefix: str) -> tuple[list[dict], bool]:
    """The session's action items as one small block each (the action, its due date, done),
    stacked so that they read on a 390 px phone, with "Add action" for one more (issue 22: the
    grid's Done column read "D" on a phone). Returns the items typed and whether "Add action"
    was pressed. `<prefix>actions_base` (a correction) seeds the blocks once."""
    base = st.session_state.get(prefix + "actions_base")
    base_items = base if isinstance(base, list) else []
    n = st.session_state.setdefault(prefix + "n_actions", max(1, len(base_items)))
    items = []
    for k in range(n):
        seed = base_items[k] if k < len(base_items) else {}
        desc_key, due_key, done_key = (_slot_key(prefix, k, p) for p in ("desc", "due", "done"))
        st.session_state.setdefault(desc_key, seed.get("description", ""))
        st.session_state.setdefault(due_key, seed.get("due_on"))
        st.session_state.setdefault(done_key, seed.get("done", False))
        with st.container(border=True):
            description = st.text_input(
                f"Action {k + 1}", key=desc_key, max_chars=300, placeholder="What, and by whom"
            )
            left, right = st.columns([3, 2], vertical_alignment="bottom")
            with left:
                due = st.date_input("Due (optional)", key=due_key, format=date_input_format())
            with right:
                done = st.checkbox("Done", key=done_key)
        if (description or "").strip() or due is not None or done:
            items.append({"description": (description or "").strip(), "due_on": due, "done": done})
    add = st.form_submit_button("Add action", icon=":material/add:")
    return items, add


def add_action_slot(prefix: str) -> None:
    """One more action block, keeping what was typed (the form's widgets keep their values)."""
    st.session_state[prefix + "n_actions"] = st.session_state.get(prefix + "n_actions", 1) + 1


def field_error(errors: dict[str, str], *fields: str) -> None:
    """Show the problem(s) for these fields right under their widget."""
    for name, message in errors.items():
        if name in fields or any(name.startswith(f + ".") for f in fields):
            where = name.split(".")
            prefix = (
                f"Action item {where[1]}: " if where[0] == "action_items" and len(where) > 1 else ""
            )
            st.error(prefix + message, icon=":material/error:")


def session_form_fields(prefix: str, *, mentees, topics: list[str], errors: dict[str, str]):
    """The fields of the Log a session form (also used to correct a session). Widgets are keyed
    by `prefix` so they keep what was typed when a save is refused."""
    labels = {
        m.leader_id: m.name
        + (f" · last session {fmt_day_short(m.last_session_on)}" if m.last_session_on else "")
        for m in mentees
    }
    values: dict = {}
    values["leader_id"] = st.selectbox(
        "Leader", list(labels), format_func=labels.get, key=f"{prefix}leader"
    )
    field_error(errors, "leader_id")
    left, right = st.columns(2)
    with left:
        values["held_on"] = st.date_input(
            "Date held", key=f"{prefix}date", format=date_input_format()
        )
        field_error(errors, "held_on")
    with right:
        values["minutes"] = st.number_input(
            "Minutes", min_value=5, max_value=600, step=5, key=f"{prefix}minutes"
        )
        field_error(errors, "minutes")
    values["topics"] = choose_many(
        "Topics",
        topics,
        key=f"{prefix}topics",
        accept_new_options=True,
        placeholder="Choose or type topics",
    )
    field_error(errors, "topics")
    values["shared_notes"] = st.text_area(
        "Notes shared with the leader",
        key=f"{prefix}shared",
        height=110,
        placeholder="What you talked about and agreed; the leader and the board may read this.",
    )
    field_error(errors, "shared_notes")
    values["private_notes"] = st.text_area(
        "Private notes (only you will ever see these)",
        key=f"{prefix}private",
        height=90,
        help="Never shown to the leader, the CEO or the board, never exported, and not copied "
        "into the audit trail.",
    )
    field_error(errors, "private_notes")
    st.markdown("**Action items**")
    values["actions"], values["add_action"] = action_slots(prefix)
    field_error(errors, "action_items")
    values["next_session_on"] = st.date_input(
        "Next session (optional)", value=None, key=f"{prefix}next", format=date_input_format()
    )
    field_error(errors, "next_session_on")
    field_error(errors, "form")
    return values
