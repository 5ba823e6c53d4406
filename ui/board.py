"""Drawing the board's scorecard, the readiness index, "since last meeting", action items and
engagement, for the overview, the meetings page and presenter mode. Figures come from
gfj_core services; this module only lays them out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from gfj_core.exports.safety import inert_markdown
from gfj_core.schemas.attention import NeedsAttention
from gfj_core.schemas.auth import Actor
from gfj_core.schemas.board import (
    KIND_LABELS,
    ActionItemRead,
    AttendancePoint,
    BoardEngagement,
    Digest,
    Drill,
    ReadinessIndex,
    Scorecard,
    Tile,
)
from gfj_core.schemas.board_records import ACTION_STATUS_WORDS
from ui.attention_cards import attention_html
from ui.digest_cards import digest_column_html
from ui.nav import page_links_row, page_path
from ui.theme import GRID, INK, SERIES
from ui.tile_grid import tile_grid_html
from ui.widgets import data_table, fmt_date, fmt_pct

PRESENTER_CSS = Path(__file__).with_name("presenter.css")
# Text people typed, made inert inside st.markdown: the one helper, in gfj_core.
md = inert_markdown


# --- Scorecard -----------------------------------------------------------------------------------


def _drill(d: Drill, *, big: bool = False) -> None:
    st.markdown(f"**{md(d.title)}**")
    if d.rows:
        st.markdown("\n".join(f"- {md(r.label)}: **{md(r.value)}**" for r in d.rows))
    if d.table:
        frame = pd.DataFrame(d.table, columns=d.columns)
        if big:
            data_table(frame, hide_index=True, static=True)
        else:
            data_table(frame, hide_index=True, width="stretch")
    if d.note:
        st.caption(md(d.note))


def drill_dialog(t: Tile, actor: Actor) -> None:
    """What is behind a tile, in a dialog wide enough for its tables (a popover cut them), with
    the way to the page the tile reads."""

    def body() -> None:
        st.markdown(f"**{md(t.value_text)}** · {md(t.light.word)}")
        # The help, unless a drill-down's note already says it (formula and threshold).
        if t.help and not any(d.note and t.help[:40] in d.note for d in t.drill):
            st.caption(md(t.help))
        if t.trend_label and len(t.trend) > 1:
            st.caption(f"Sparkline: {md(t.trend_label)}.")
        for d in t.drill:
            _drill(d)
        target = page_path(actor, t.page_key) if t.page_key else None
        if target:
            st.page_link(target, label="Open the page behind it", icon=":material/arrow_forward:")

    st.dialog(t.label, width="large")(body)()


DRILL_PICK = "scorecard_drill_pick"  # the picker under the grid
DRILL_OPEN = "scorecard_drill_open"  # the tile whose dialog this run opens


def _picked() -> None:
    # The picker is a row of buttons, not a lasting choice: the pick opens the dialog once and
    # the row is cleared, so the next pick of the same tile opens it again.
    st.session_state[DRILL_OPEN] = st.session_state.get(DRILL_PICK)
    st.session_state[DRILL_PICK] = None


def scorecard_grid(card: Scorecard, actor: Actor, *, presenter: bool = False) -> None:
    """Every tile in one HTML grid (ui.tile_grid), then one row naming the tiles: a click opens
    that tile's drill-down and its page. Presenter mode shows the grid alone, bigger."""
    st.markdown(tile_grid_html(card.tiles, presenter=presenter), unsafe_allow_html=True)
    if presenter:
        return
    behind = {
        t.key: t for t in card.tiles if t.drill or (t.page_key and page_path(actor, t.page_key))
    }
    if not behind:
        return
    st.pills(
        "What is behind a tile: pick one to see its figures and open its page",
        list(behind),
        format_func=lambda k: behind[k].label,
        key=DRILL_PICK,
        on_change=_picked,
    )
    opened = st.session_state.pop(DRILL_OPEN, None)
    if opened in behind:
        drill_dialog(behind[opened], actor)


def areas_note(card: Scorecard) -> str:
    wired = ", ".join(card.areas_wired) or "none"
    text = f"Tiles from: {wired}."
    if card.areas_missing:
        text += " Not on the scorecard: " + "; ".join(card.areas_missing) + "."
    return text


def index_components_figure(index: ReadinessIndex, *, big: bool = False) -> go.Figure:
    """Each included component's score (bar) with its weight in the label."""
    used = index.included
    if big:
        # On the shared screen the weight goes beside the score and long names take two lines,
        # so the bars keep their room on a narrower screen too.
        labels = [_two_lines(c.label) for c in used]
        texts = [f"{c.score:.0%} · weight {c.normalised_weight:.0%}" for c in used]
    else:
        labels = [f"{c.label} (weight {c.normalised_weight:.0%})" for c in used]
        texts = [f"{c.score:.0%}" for c in used]
    values = [c.score * 100 for c in used]
    size = 26 if big else 16
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker_color=SERIES[0],
            textfont=dict(size=size),
            hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
        )
    )
    fig.update_layout(
        height=(110 if big else 90) + (72 if big else 52) * len(used),
        xaxis=dict(
            range=[0, 150 if big else 115],
            tickvals=[0, 25, 50, 75, 100],
            ticktext=["0%", "25%", "50%", "75%", "100%"],
            gridcolor=GRID,
            tickfont=dict(size=size),
        ),
        yaxis=dict(autorange="reversed", tickfont=dict(size=size)),
        showlegend=False,
        bargap=0.3,
        margin=dict(l=10, r=30, t=20, b=10),
    )
    return fig


def _two_lines(label: str, width: int = 20) -> str:
    """Break a long label at the space nearest its middle (plotly wraps only on <br>)."""
    if len(label) <= width or " " not in label:
        return label
    middle = len(label) // 2
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return label[:cut] + "<br>" + label[cut + 1 :]


INDEX_EXPLAINED = "How the succession readiness index is worked out"


def index_explainer(card: Scorecard, actor: Actor) -> None:
    """The formula on demand, which components are in, and each one's rule and inputs: in a
    dialog, drawn only when asked for (in an expander it was drawn on every visit, shut or
    open, and was a tenth of the overview's elements)."""
    if st.button(INDEX_EXPLAINED, icon=":material/functions:", type="tertiary", key="index_how"):
        st.dialog(INDEX_EXPLAINED, width="large")(_index_explained)(card, actor)


def _index_explained(card: Scorecard, actor: Actor) -> None:
    index = card.index
    intro = [
        "The index is the weighted mean of its components' scores (each 0 to 100%). "
        "Weights are organization settings; a component that has no data, or could "
        "not be computed, is left out and the other weights are scaled up to fill 100%.",
        f"**Formula:** {index.formula}",
        f"**Included ({len(index.included)} of {len(index.components)}):** "
        + (", ".join(c.label for c in index.included) or "none"),
    ]
    if index.excluded:
        intro.append(
            "**Left out:** " + "; ".join(f"{c.label} ({md(c.reason)})" for c in index.excluded)
        )
    st.markdown("\n\n".join(intro))
    rows = [
        {
            "Component": c.label,
            "Included": "yes" if c.included else "no",
            "Weight (setting)": f"{c.weight:g}",
            "Weight used": "—" if c.normalised_weight is None else f"{c.normalised_weight:.0%}",
            "Score": "—" if c.score is None else f"{c.score:.0%}",
            "Points": "—" if c.points is None else f"{c.points:.1f}",
        }
        for c in index.components
    ]
    data_table(pd.DataFrame(rows), hide_index=True, width="stretch")
    # Each component's rule and inputs as one block of text (an expander each was seven more
    # blocks), then one link per page behind them.
    st.markdown("\n\n".join(_component_text(c) for c in index.components))
    page_links_row(actor, [c.page_key for c in index.components])


def _component_text(c) -> str:
    title = f"**{md(c.label)}: " + (f"{c.score:.0%}**" if c.included else "left out**")
    rule = f"Rule: {md(c.formula)}" if c.included else f"Left out: {md(c.reason)}."
    inputs = "".join(f"\n- {md(row.label)}: **{md(row.value)}**" for row in c.inputs)
    return f"{title}  \n{rule}{inputs}"


# --- Needs your attention ---------------------------------------------------------------------


def attention_box(att: NeedsAttention, actor: Actor) -> None:
    """What the board overview opens with: red lights, what is overdue, the next meeting (one
    HTML block, ui.attention_cards), then a link to each page behind an item."""
    st.markdown(attention_html(att), unsafe_allow_html=True)
    everything = [*att.red_lights, *att.overdue, *att.for_next_meeting]
    page_links_row(actor, [i.page_key for i in everything])


# --- Since last meeting ------------------------------------------------------------------------


def digest_heading(d: Digest) -> str:
    if d.since is None:
        return "No board meeting recorded yet: everything on record is new."
    return (
        f"Changes recorded since **{md(d.since_title)}** ({fmt_date(d.since)}) "
        f"up to {fmt_date(d.until)}."
    )


def digest_block(d: Digest, actor: Actor, *, limit: int | None = None) -> None:
    """The changes since the last meeting: two columns of section cards (one element each,
    ui.digest_cards), then a link to each page behind a section with changes."""
    st.markdown(digest_heading(d))
    cols = st.columns(2, gap="large")
    for i, col in enumerate(cols):
        col.markdown(digest_column_html(d.sections[i::2], limit=limit), unsafe_allow_html=True)
    page_links_row(actor, [s.page_key for s in d.sections if s.items])


# --- Action items and engagement --------------------------------------------------------------


ACTIONS_SHOWN = 10  # open actions on the overview, soonest due; Board meetings lists them all


def actions_frame(actions: Sequence[ActionItemRead], *, with_status: bool = False) -> pd.DataFrame:
    rows = []
    for a in actions:
        row = {
            "Action": a.title,
            "Owner": a.owner_name or "—",
            "Due": fmt_date(a.due_date),
            "Raised": fmt_date(a.raised_on),
            "Carried over": f"{a.times_carried_over}×" if a.times_carried_over else "new",
            "Flag": "Overdue" if a.overdue else "",
        }
        if with_status:
            row["Status"] = ACTION_STATUS_WORDS.get(a.status, a.status)
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=["Action", "Owner", "Due", "Raised", "Carried over", "Flag"]
        + (["Status"] if with_status else []),
    )


def engagement_figure(points: Sequence[AttendancePoint], *, big: bool = False) -> go.Figure:
    size = 24 if big else 15
    fig = go.Figure()
    for kind, colour in (("board", SERIES[0]), ("succession_committee", SERIES[1])):
        pts = [p for p in points if p.kind == kind and p.rate is not None]
        fig.add_trace(
            go.Bar(
                x=[fmt_date(p.held_on) for p in pts],
                y=[round(p.rate * 100) for p in pts],
                name=KIND_LABELS[kind],
                marker_color=colour,
                # Hatching tells committee from board without relying on colour.
                marker_pattern_shape="/" if kind == "succession_committee" else "",
                marker_pattern_fgcolor="white",
                text=[f"{p.present}/{p.invited}" for p in pts],
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=size),
                hovertemplate="%{x}: %{y}% (%{text})<extra>" + KIND_LABELS[kind] + "</extra>",
            )
        )
    # Meetings in date order whatever their kind (the traces alone would list board meetings,
    # then committee meetings).
    order = [fmt_date(d) for d in sorted({p.held_on for p in points if p.rate is not None})]
    fig.update_layout(
        height=560 if big else 340,
        barmode="group",
        yaxis=dict(range=[0, 118], ticksuffix="%", title="Attended", tickfont=dict(size=size)),
        xaxis=dict(
            type="category",
            categoryorder="array",
            categoryarray=order,
            tickfont=dict(size=size - 2),
        ),
        legend=dict(font=dict(size=size)),
    )
    return fig


def engagement_summary_line(e: BoardEngagement) -> str:
    return (
        f"Board attendance **{fmt_pct(e.board_attendance_rate)}** over "
        f"{e.board_meetings_held} meeting{'s' if e.board_meetings_held != 1 else ''} · "
        f"succession committee participation **{fmt_pct(e.committee_participation_rate)}** over "
        f"{e.committee_meetings_held} · {e.board_members_in_committee_work} of "
        f"{e.board_members} board members in committee work (last 12 months)"
    )


# --- Presenter mode ------------------------------------------------------------------------------


def presenter_css() -> None:
    """Sidebar hidden, large type: read from the back of a room at 1920x1080."""
    st.html(f"<style>{PRESENTER_CSS.read_text(encoding='utf-8')}</style>")


def big_figure_layout(fig: go.Figure, height: int = 620) -> go.Figure:
    fig.update_layout(
        height=height,
        font=dict(size=26, color=INK),
        legend=dict(font=dict(size=26)),
        xaxis=dict(tickfont=dict(size=26)),
        yaxis=dict(tickfont=dict(size=26)),
        margin=dict(l=10, r=40, t=40, b=10),
    )
    return fig


def light_chip(t: Tile) -> str:
    """The light as a coloured word (for st.markdown in presenter tables)."""
    return f":{_badge_name(t)}-badge[{t.light.word}]"


def _badge_name(t: Tile) -> str:
    from ui.theme import BADGE_COLOURS

    return BADGE_COLOURS[t.light.level]


# --- Board packet ------------------------------------------------------------------------------


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _packet_files(db_url: str, actor: Actor, version: int, as_of) -> dict:
    """The packet's PDF and workbook, made once per data version: the second download, and
    everyone else's with the same role, is instant until a write changes the figures."""
    from gfj_core.db import session_scope
    from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf
    from gfj_core.exports.packet_xlsx import render_packet_xlsx
    from ui.state import engine

    with session_scope(engine()) as session:
        packet = board_packet(session, as_of=as_of, actor=actor)
    return {"pdf": render_packet_pdf(packet), "xlsx": render_packet_xlsx(packet)}


PACKET_READY_KEY = "board_packet_ready"


def packet_section(actor: Actor, today) -> None:
    """One "Download board packet" button. The first time for a data version it is made with
    a progress bar; after that the download is immediate until the data changes."""
    from ui.data import data_version
    from ui.state import database_url

    st.subheader("Board packet")
    st.caption(
        "A PDF to read before the meeting (cover, scorecard, charts, since the last meeting, "
        "open actions, the areas, a five-year financial history) and an Excel workbook with "
        "the figures behind it. Aggregates only: no notes of any kind, no individual leader's "
        "rating or score."
    )
    version = data_version()
    stamp = today.isoformat()
    made = st.session_state.get(PACKET_READY_KEY) == (version, stamp)
    if not made:
        # Not yet made for these figures: the button makes it (with progress), then downloads.
        if st.button(
            "Download board packet",
            icon=":material/picture_as_pdf:",
            key="prepare_packet",
            type="primary",
        ):
            bar = st.progress(0.1, text="Gathering the figures and drawing the charts")
            _packet_files(database_url(), actor, version, today)
            bar.progress(1.0, text="Ready: the download starts below")
            st.session_state[PACKET_READY_KEY] = (version, stamp)
            made = True
        else:
            st.caption(
                "The first time takes a few seconds; then it is ready at once until "
                "the figures change."
            )
    if made:
        files = _packet_files(database_url(), actor, version, today)
        left, right = st.columns([1, 1])
        with left:
            st.download_button(
                "Download board packet",
                files["pdf"],
                file_name=f"board-packet-{stamp}.pdf",
                mime="application/pdf",
                icon=":material/download:",
                on_click="ignore",
                type="primary",
                key="download_packet",
            )
        with right:
            st.download_button(
                "Figures behind it (Excel)",
                files["xlsx"],
                file_name=f"board-packet-{stamp}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                icon=":material/table:",
                on_click="ignore",
                type="tertiary",
                key="download_packet_xlsx",
            )
        st.caption(f"Figures as of {fmt_date(today)}; made again only when the data changes.")


PRIVACY_WORDS = {
    True: "Privacy mode on: aggregates only, no names",
    False: "Privacy mode OFF: names shown",
}


def presenter_controls(
    titles: Sequence[str],
    position: int,
    move: Callable[[int], None],
    *,
    privacy: bool,
    privacy_key: str,
) -> None:
    """Presenter mode's bar: Previous, Next, the topic list, the operator's privacy switch and
    the privacy state. It sits above the topic, so no topic can push Next off the screen.
    Presentation clickers send arrow keys, Page Up/Down or space: each is a shortcut of a Next
    or Previous button (the extra ones are hidden; Streamlit listens on the whole page)."""
    with st.container(key="gfj_controls"):
        bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
        bar.button(
            "Previous",
            icon=":material/arrow_back:",
            on_click=move,
            args=(position - 1,),
            key="present_prev",
            shortcut="Left",
        )
        bar.button(
            "Next",
            icon=":material/arrow_forward:",
            on_click=move,
            args=(position + 1,),
            key="present_next",
            type="primary",
            shortcut="Right",
        )
        with bar.popover("Topics", icon=":material/list:", key="present_topics"):
            for i, topic_title in enumerate(titles):
                st.button(
                    f"{i + 1}. {topic_title}",
                    key=f"present_jump_{i}",
                    on_click=move,
                    args=(i,),
                    type="primary" if i == position else "tertiary",
                    disabled=i == position,
                )
        with bar.popover("Operator", icon=":material/settings:", key="present_operator"):
            st.toggle(
                "Privacy mode",
                key=privacy_key,
                help="On: aggregates only, no individual leader's rating or score and no notes "
                "of any kind. Off: names are shown on the shared screen.",
            )
            st.caption("Keys: → Page Down Space ↓ next · ← Page Up ↑ previous")
            if st.button("Leave presenter mode", icon=":material/close:", key="present_leave"):
                st.switch_page("pages/overview.py")
        with bar.container(key="present_privacy_state", width="content"):
            st.markdown(
                f":{'green' if privacy else 'orange'}-badge[:material/"
                f"{'lock' if privacy else 'lock_open'}: {PRIVACY_WORDS[privacy]}]"
            )
        with bar.container(key="present_counter", width="stretch"):
            st.markdown(f"**{position + 1} / {len(titles)}**")
    with st.container(key="present_hidden_keys"):
        for name, to, shortcut in (
            ("next_pagedown", position + 1, "PageDown"),
            ("next_space", position + 1, "Space"),
            ("next_down", position + 1, "Down"),
            ("prev_pageup", position - 1, "PageUp"),
            ("prev_up", position - 1, "Up"),
        ):
            st.button(name, key=f"present_{name}", on_click=move, args=(to,), shortcut=shortcut)
