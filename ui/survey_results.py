"""The Surveys page's table of every question, beside the round before."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_date
from gfj_core.schemas.evaluation import GROUP_LABELS, KIND_LABELS
from ui.evaluation import fmt_change, fmt_score, short_question
from ui.widgets import data_table


def question_label(q) -> str:
    """Values alignment asks one question per value: the value's name is the clearer label."""
    return q.value_name or short_question(q.text)


def question_table(res, prev_label: str | None) -> None:
    """One row per question: answered, average, and the change since the round before."""
    table = []
    for q in res.questions:
        scale = q.question.kind == "scale"
        row = {
            "#": q.question.position,
            "Question": question_label(q.question),
            "Type": KIND_LABELS[q.question.kind],
            "Answered": q.answered,
            "Average": fmt_score(q.average) if scale else "",
        }
        if prev_label:
            row[f"Answered, {prev_label}"] = q.previous_answered
            row[f"Average, {prev_label}"] = fmt_score(q.previous_average) if scale else ""
            row["Change"] = fmt_change(q.change) or ""
        table.append(row)
    data_table(
        pd.DataFrame(table),
        hide_index=True,
        width="stretch",
        column_config={
            "#": st.column_config.NumberColumn(width=50),
            "Question": st.column_config.TextColumn(width=720),
        },
        key="sv_table",
    )


def round_tiles(res, prev_label: str | None) -> None:
    """Responses, the average rating, the round and the round it is compared with."""
    cols = st.columns(4, gap="medium")
    with cols[0], st.container(border=True, height="stretch"):
        delta = (
            None
            if res.previous_responses is None
            else f"{res.responses - res.previous_responses:+,} on {prev_label}"
        )
        st.metric("Responses", f"{res.responses:,}", delta=delta, delta_color="off")
        parts = [f"{GROUP_LABELS[g]} {n}" for g, n in res.by_group.items() if n]
        st.caption(" · ".join(parts) or "—")
    with cols[1], st.container(border=True, height="stretch"):
        change = (
            None
            if res.overall_average is None or res.previous_overall_average is None
            else res.overall_average - res.previous_overall_average
        )
        st.metric(
            "Average rating (1-5)",
            fmt_score(res.overall_average),
            delta=fmt_change(change, suffix=f" on {prev_label}") if change is not None else None,
            help="Mean of every 1-5 rating given in this round, all rating questions together.",
        )
        st.caption("Across all rating questions" if res.overall_average else "No ratings")
    with cols[2], st.container(border=True, height="stretch"):
        st.caption("Round")
        st.markdown(f"#### {md(res.round.label)}")
        st.caption(
            f"Responses from {fmt_date(res.round.opened_on)} to {fmt_date(res.round.closed_on)}"
        )
    with cols[3], st.container(border=True, height="stretch"):
        st.caption("Compared with")
        st.markdown(f"#### {md(prev_label) if prev_label else '—'}")
        st.caption(
            f"{res.previous_round.response_count:,} responses, closed "
            f"{fmt_date(res.previous_round.closed_on)}"
            if res.previous_round
            else "This is the first round: nothing to compare yet."
        )
