"""Presenter mode: the board meeting's shared screen. No sidebar, large type, one topic per
screen with Previous and Next; the topic is in the URL (?topic=...). Privacy mode is on by
default: aggregates only, no individual leader's rating or score, no notes of any kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from gfj_core.metrics.plan import schedule_counts
from gfj_core.services.board_meetings import meeting_detail, meetings_book
from gfj_core.services.board_reads import board_reads
from ui.board import (
    big_figure_layout,
    digest_heading,
    engagement_figure,
    index_components_figure,
    md,
    presenter_controls,
    presenter_css,
    scorecard_grid,
)
from ui.charts import progress_bars, readiness_bar, show
from ui.data import read
from ui.guard import require_page
from ui.widgets import data_table, fmt_date, fmt_pct, light_badge, sparkline

actor = require_page("presenter")
presenter_css()
today = date.today()
PRIVACY_KEY = "presenter_privacy"
SHOWN_ACTIONS = 6  # what fits on one 1080-pixel screen at presenter size
DIGEST_ITEMS = 3
if PRIVACY_KEY not in st.session_state:
    st.session_state[PRIVACY_KEY] = True
privacy: bool = st.session_state[PRIVACY_KEY]

board = read(board_reads, actor, today=today, privacy=privacy, attention=False)
card, digest = board.scorecard, board.digest
book = read(meetings_book, actor, today=today)
ov = card.overview


def topic_scorecard() -> None:
    scorecard_grid(card, actor, presenter=True)


def topic_index() -> None:
    idx = card.index
    left, right = st.columns([1, 2.4], gap="large")
    with left, st.container(key="present_hero"):
        st.metric(
            "Succession readiness index",
            "—" if idx.value is None else f"{idx.value:.0f}",
            label_visibility="collapsed",
        )
        light_badge(idx.light)
        st.markdown(f"out of 100 · {len(idx.included)} of {len(idx.components)} components")
    with right:
        if idx.included:
            show(index_components_figure(idx, big=True), key="present_index_chart")
    st.markdown(f"**Formula:** {idx.formula}")
    if idx.excluded:
        st.caption(
            "Left out (weights renormalised): "
            + "; ".join(f"{c.label}: {c.reason}" for c in idx.excluded)
        )


def topic_since() -> None:
    st.markdown(digest_heading(digest))
    # Three columns of two items each: six sections fit one 1080-pixel screen; more sections
    # (re-baselines and later forecasts) take a fourth column and one item each.
    n = len(digest.sections)
    width, per = (3, DIGEST_ITEMS) if n <= 6 else (4, 1)
    cols = st.columns(width, gap="medium")
    for i, section in enumerate(digest.sections):
        with cols[i % width], st.container(border=True):
            st.markdown(f"**{md(section.title)}**: {md(section.summary)}")
            shown = [item for item in section.items if item.text != section.summary]
            for item in shown[:per]:
                st.markdown(f"- {md(item.text)}")
            if len(shown) > per:
                st.caption(f"and {len(shown) - per} more")


def topic_transition() -> None:
    m, c = ov.milestones, ov.checklist
    left, right = st.columns([3, 2], gap="large")
    with left:
        fig = progress_bars(
            [
                ("Milestones done", m.done_share),
                ("Exit checklist done", c.done_share),
                ("Authority transfers done", c.authority_done_share),
            ],
            marker=ov.transition_elapsed_share,
            marker_label=f"Time elapsed {fmt_pct(ov.transition_elapsed_share)}",
        )
        fig.update_traces(textfont=dict(size=28))
        for a in fig.layout.annotations:
            a.font.size = 26
        show(big_figure_layout(fig, height=520), key="present_progress")
    with right:
        st.metric(
            "Days to planned handover",
            f"{ov.days_to_handover:,}" if ov.days_to_handover is not None else "—",
        )
        if ov.phase:
            st.markdown(
                f"Phase {ov.phase.position} of {ov.phase.phases_total}: **{md(ov.phase.name)}**, "
                f"ends {fmt_date(ov.phase.end_date)}"
            )
        st.markdown(f"Milestones: **{m.done} of {m.total}** done · {schedule_counts(m)}")
        st.markdown(f"Authority transfers: **{c.authority_done} of {c.authority_total}** done")
    late = next((t for t in card.tiles if t.key == "milestones"), None)
    off = next((d for d in late.drill if d.table), None) if late else None
    if off and off.table:
        st.markdown(
            "**Off schedule:** "
            + " · ".join(f"{md(row[0])} (+{md(row[4])}, {md(row[5])})" for row in off.table[:3])
        )


def topic_leadership() -> None:
    r = ov.readiness
    left, right = st.columns([3, 2], gap="large")
    with left:
        counts = {
            "Ready now": r.ready_now,
            "Ready in 1-2 years": r.ready_1_2_years,
            "Ready in 3+ years": r.ready_3_plus_years,
        }
        if r.not_rated:
            counts["Not rated"] = r.not_rated
        fig = readiness_bar(counts)
        fig.update_traces(textfont=dict(size=30))
        show(big_figure_layout(fig, height=560), key="present_readiness")
    with right, st.container(key="present_hero_small"):
        st.metric("Leaders ready now", str(r.ready_now))
        st.metric("Ready in 1-2 years", str(r.ready_1_2_years))
        st.caption(f"{r.total} emerging leaders · counts only")


def area_topic(area_key: str) -> Callable[[], None]:
    def draw() -> None:
        tiles = [t for t in card.tiles if t.area == area_key]
        cols = st.columns(max(1, len(tiles)), gap="large")
        for col, t in zip(cols, tiles, strict=True):
            with col, st.container(border=True):
                st.metric(t.label, t.value_text)
                sparkline(t.trend, what=t.trend_label)
                light_badge(t.light)
                for d in t.drill:
                    for row in d.rows[:5]:
                        st.markdown(f"- {md(row.label)}: **{md(row.value)}**")

    return draw


def topic_actions() -> None:
    actions = book.open_actions
    if not actions:
        st.markdown("No open action items.")
        return
    overdue = sum(1 for a in actions if a.overdue)
    st.markdown(
        f"**{len(actions)} open**"
        + (f" · **{overdue} overdue**" if overdue else "")
        + " · open items carry over until closed"
    )
    rows = [
        {
            "Action": a.title,
            "Owner": a.owner_name or "—",
            "Due": fmt_date(a.due_date),
            "Carried": f"{a.times_carried_over}×" if a.times_carried_over else "new",
            "Flag": "Overdue" if a.overdue else "",
        }
        for a in actions[:SHOWN_ACTIONS]
    ]
    data_table(rows, static=True)
    if len(actions) > SHOWN_ACTIONS:
        st.caption(
            f"and {len(actions) - SHOWN_ACTIONS} more (soonest due first) on the Board meetings page"
        )


def topic_engagement() -> None:
    e = book.engagement
    a, b, c = st.columns(3, gap="large")
    a.metric("Board attendance", fmt_pct(e.board_attendance_rate))
    b.metric("Committee participation", fmt_pct(e.committee_participation_rate))
    c.metric(
        "Board members in committee work",
        f"{e.board_members_in_committee_work} of {e.board_members}",
    )
    if e.points:
        show(
            big_figure_layout(engagement_figure(e.points, big=True), height=480),
            key="present_attendance",
        )


def topic_agenda() -> None:
    nxt = book.next_scheduled
    if nxt is None:
        st.markdown("No meeting scheduled yet.")
        return
    detail = read(meeting_detail, actor, meeting_id=nxt.id, today=today)
    st.markdown(f"### {md(nxt.title)} · {fmt_date(nxt.held_on)}")
    if not detail.agenda:
        st.markdown("No agenda recorded yet.")
    for i, item in enumerate(detail.agenda, 1):
        st.markdown(f"{i}. {md(item)}")


# The agenda first: the meeting starts from what it is asked to decide.
TOPICS: list[tuple[str, str, Callable[[], None]]] = [
    ("agenda", "Agenda", topic_agenda),
    ("scorecard", "Scorecard", topic_scorecard),
    ("index", "Succession readiness index", topic_index),
    ("since", "Since the last board meeting", topic_since),
    ("transition", "Transition plan", topic_transition),
    ("leadership", "Leadership pipeline", topic_leadership),
]
for area_key, area_title in (
    ("finance", "Financial health"),
    ("continuity", "Continuity and knowledge"),
    ("engagement", "Community engagement"),
):
    if any(t.area == area_key for t in card.tiles):
        TOPICS.append((area_key, area_title, area_topic(area_key)))
TOPICS += [
    ("actions", "Open action items", topic_actions),
    ("board", "Board engagement", topic_engagement),
]
keys = [k for k, _, _ in TOPICS]
current = st.query_params.get("topic", keys[0])
if current not in keys:
    current = keys[0]
position = keys.index(current)


def go(to: int) -> None:
    st.query_params["topic"] = keys[to % len(keys)]
    st.query_params["present"] = "1"


key, title, draw = TOPICS[position]


presenter_controls(
    [t for _, t, _ in TOPICS], position, go, privacy=privacy, privacy_key=PRIVACY_KEY
)

st.title(title)
draw()
st.container(key="present_footer").caption(
    f"{md(ov.organisation_name)} · as of {fmt_date(today)} · "
    + ("privacy mode on: aggregates only" if privacy else "privacy mode OFF: names shown")
    + (
        " · demo: every person except the founder and the President & CEO is fictional"
        if ov.demo
        else ""
    )
)
