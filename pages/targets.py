"""Succession targets: for each KPI the board sets a target and a deadline; this page shows how
far each KPI has come from where it stood, against how far it should be by now, with a light."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError, StaleEdit, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.metrics.lights import Level, Light
from gfj_core.schemas.evaluation import TargetSet
from gfj_core.services.surveys import evaluation_context
from gfj_core.services.targets import remove_target, set_target, targets_board
from ui.charts import show
from ui.data import read, write
from ui.evaluation import days_left, fmt_kpi, show_problems, target_chart
from ui.forms import show_confirmation
from ui.guard import require_page
from ui.removal import Removal, removal_panel
from ui.theme import LIGHT_COLOURS
from ui.widgets import data_table, demo_notice, fmt_date, light_badge

actor = require_page("targets")
can_set = can(actor.role, "targets.write")
today = date.today()

st.title("Succession targets")
st.markdown(
    "The board's clear metrics for a successful succession: a target and a deadline for each "
    "KPI. Progress is measured from where the KPI stood when the target was set; the black tick "
    "shows where it should be by now (the share of the time to the deadline that has passed)."
)
if read(evaluation_context, actor).demo:
    demo_notice()
show_confirmation("tg_done")

board = read(targets_board, actor, as_of=today)
with_target = [r for r in board.rows if r.target is not None]
without = [r for r in board.rows if r.target is None]

HINTS = {
    "Healthy": "Met, or within 10 points of the time elapsed",
    "Watch": "Behind by 10-25 points, or not yet met",
    "Act": "Further behind, or past the deadline",
    "No data": "The KPI cannot be measured yet",
}
LEVELS = {"Healthy": Level.green, "Watch": Level.amber, "Act": Level.red, "No data": Level.none}
cols = st.columns(4, gap="medium")
for col, word in zip(cols, HINTS, strict=True):
    with col, st.container(border=True, height="stretch"):
        st.metric(f"Targets: {word}", board.counts.get(word, 0))
        light_badge(Light(level=LEVELS[word], word=word))
        st.caption(HINTS[word])
st.caption(
    f"{len(with_target)} of {len(board.rows)} measurable KPIs have a target · as of "
    f"{fmt_date(board.as_of)}"
)

if with_target:
    st.subheader("Progress to each target")
    show(target_chart(with_target), key="tg_chart")
    details = pd.DataFrame(
        [
            {
                "KPI": r.kpi.label,
                "Area": r.kpi.area,
                "Light": r.light.word,
                "Status": r.status,
                "Now": fmt_kpi(r.kpi.current, r.kpi.unit),
                "Target": ("≥ " if r.kpi.higher_is_better else "≤ ")
                + fmt_kpi(r.target.target_value, r.kpi.unit),
                "Deadline": fmt_date(r.target.deadline),
                "Time left": days_left(r.target.deadline, board.as_of),
                "When set": f"{fmt_kpi(r.target.baseline_value, r.kpi.unit)} on "
                f"{fmt_date(r.target.set_on)}",
            }
            for r in with_target
        ]
    )
    styled = details.style.map(
        lambda word: (
            f"background-color: {LIGHT_COLOURS[LEVELS.get(word, Level.none)]}; "
            f"color: {'#1B1B1B' if word == 'Watch' else 'white'}; font-weight: 600"
        ),
        subset=["Light"],
    )
    data_table(
        styled,
        hide_index=True,
        width="stretch",
        height=46 + 38 * len(with_target),
        column_config={
            "KPI": st.column_config.TextColumn(width=330),
            "Area": st.column_config.TextColumn(width=170),
            "Light": st.column_config.TextColumn(width=80),
            "Status": st.column_config.TextColumn(width=100),
            "Now": st.column_config.TextColumn(width=70),
            "Target": st.column_config.TextColumn(width=80),
            "Deadline": st.column_config.TextColumn(width=110),
            "Time left": st.column_config.TextColumn(width=120),
        },
        key="tg_details",
    )
    # The board's reasons, in full: a table cell would cut them off.
    reasons = [r for r in with_target if r.target.note]
    if reasons:
        st.markdown("**Why these targets**")
        st.markdown("\n".join(f"- **{md(r.kpi.label)}**: {md(r.target.note)}" for r in reasons))
else:
    st.info("The board has not set any target yet.", icon=":material/flag:")

if without:
    st.subheader("KPIs without a target")
    data_table(
        pd.DataFrame(
            [
                {
                    "Area": r.kpi.area,
                    "KPI": r.kpi.label,
                    "Now": fmt_kpi(r.kpi.current, r.kpi.unit),
                    "What it counts": r.kpi.description,
                }
                for r in without
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Area": st.column_config.TextColumn(width=170),
            "KPI": st.column_config.TextColumn(width=360),
            "Now": st.column_config.TextColumn(width=80),
            "What it counts": st.column_config.TextColumn(width=760),
        },
        key="tg_without",
    )


def seen_version(form: str, kpi_key: str) -> int | None:
    """The version of the KPI's target that the previous run showed (None: it showed none),
    and remember the one this run shows. A form is submitted from what the previous run drew,
    so a target someone else set or changed after that is refused, not silently replaced."""
    key = f"tg_seen_{form}_{kpi_key}"
    t = by_key[kpi_key].target
    now = t.version if t else None
    shown = st.session_state.get(key, now)
    st.session_state[key] = now
    return shown


if can_set:
    st.subheader("Set or change a target")
    by_key = {r.kpi.key: r for r in board.rows}
    left, right = st.columns([3, 2], gap="large")
    with left:
        kpi_key = st.selectbox(
            "KPI",
            list(by_key),
            format_func=lambda k: (
                f"{by_key[k].kpi.area}: {by_key[k].kpi.label}"
                + (" (has a target)" if by_key[k].target else "")
            ),
            key="tg_kpi",
        )
        chosen = by_key[kpi_key]
        unit = chosen.kpi.unit
        st.caption(
            f"Now {fmt_kpi(chosen.kpi.current, unit)}. "
            + (chosen.kpi.description or "")
            + (" Lower is better." if not chosen.kpi.higher_is_better else "")
        )
        seen = seen_version("set", kpi_key)
        with st.form("tg_form", border=True):
            current_target = chosen.target.target_value if chosen.target else None
            if unit == "share":
                raw = st.number_input(
                    "Target (%)",
                    min_value=0.0,
                    max_value=100.0,
                    step=5.0,
                    value=None if current_target is None else round(current_target * 100, 1),
                    key=f"tg_value_{kpi_key}",
                )
            else:
                raw = st.number_input(
                    "Target" + (" (1-5)" if unit == "score" else ""),
                    min_value=0.0,
                    step=0.1 if unit == "score" else 1.0,
                    value=current_target,
                    key=f"tg_value_{kpi_key}",
                )
            deadline = st.date_input(
                "Deadline",
                value=chosen.target.deadline if chosen.target else None,
                min_value=today,
                key=f"tg_deadline_{kpi_key}",
                format=date_input_format(),
            )
            note = st.text_input(
                "Why this target (optional)",
                value=(chosen.target.note or "") if chosen.target else "",
                max_chars=2000,
                key=f"tg_note_{kpi_key}",
            )
            saved = st.form_submit_button("Save target", type="primary")
        if saved:
            problems = []
            if raw is None:
                problems.append(("target_value", "give the target"))
            if deadline is None:
                problems.append(("deadline", "give the deadline"))
            try:
                if problems:
                    raise ValidationFailed("The target was not saved.", problems)
                value = raw / 100 if unit == "share" else raw
                result = write(
                    set_target,
                    actor,
                    data=TargetSet(
                        kpi_key=kpi_key, target_value=value, deadline=deadline, note=note or None
                    ),
                    as_of=today,
                    expected_version=seen,
                )
            except ValidationFailed as exc:
                show_problems(exc, key="tg_problems")
            except (StaleEdit, GfjError) as exc:
                st.error(str(exc))
            else:
                st.session_state["tg_done"] = (
                    f"Target saved: {md(chosen.kpi.label)} {fmt_kpi(result.target_value, unit)} by "
                    f"{fmt_date(result.deadline)}."
                )
                st.rerun()
    with right:
        targeted = {r.kpi.key: r for r in board.rows if r.target is not None}
        removal_panel(
            "tg_remove",
            options={k: r.kpi.label for k, r in targeted.items()},
            label="Remove a target",
            what="target",
            verb="Remove",
            removal=lambda k: Removal(
                said=f"Remove the target for **{md(targeted[k].kpi.label)}**? The KPI "
                "stays; the History keeps the target.",
                args={"kpi_key": k, "expected_version": targeted[k].target.version},
                done=f"Target removed: {md(targeted[k].kpi.label)}.",
            ),
            service=remove_target,
            actor=actor,
            border=True,
        )
