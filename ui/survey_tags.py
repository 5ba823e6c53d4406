"""Tagging free-text survey answers with themes, many at once (the Surveys page)."""

from __future__ import annotations

import streamlit as st

from gfj_core.formatting import fmt_date
from gfj_core.schemas.evaluation import GROUP_LABELS, BulkTagIn
from gfj_core.services.surveys import tag_answers
from ui.forms import (
    form_errors,
    save_form,
    show_confirmation,
    show_field_problem,
    show_other_problems,
)
from ui.widgets import choose_many


def answer_label(a) -> str:
    text = a.text if len(a.text) <= 80 else a.text[:79] + "…"
    return f"{fmt_date(a.submitted_at.date())} · {GROUP_LABELS[a.stakeholder_group]} · {text}"


def tag_form(actor, answers, themes) -> None:
    """Tag many answers at once: rows picked in the table above (or every answer listed), the
    themes chosen once. Each answer keeps the themes it had."""
    st.markdown("**Tag answers with themes**")
    st.caption(
        "Select rows in the table above (or pick them here), choose or type the themes once, "
        "and every chosen answer gets them; themes already on an answer stay."
    )
    by_id = {a.answer_id: a for a in answers}
    picked = (st.session_state.get("sv_answers") or {}).get("selection", {}).get("rows", [])
    picked_ids = [answers[i].answer_id for i in picked if i < len(answers)]
    # A new selection in the table becomes the form's choice (the form keeps its own after).
    if picked_ids != st.session_state.get("sv_seen_rows"):
        st.session_state["sv_seen_rows"] = picked_ids
        st.session_state["sv_bulk_answers"] = picked_ids
    errors = form_errors("sv_bulk_")
    with st.form("sv_bulk_form", border=True):
        chosen = choose_many(
            "Answers",
            list(by_id),
            format_func=lambda i: answer_label(by_id[i]),
            key="sv_bulk_answers",
            placeholder="Select rows in the table, or choose answers here",
        )
        show_field_problem(errors, "answer_ids")
        every = st.checkbox(f"Every answer listed above ({len(answers):,})", key="sv_bulk_all")
        existing = choose_many("Themes", [t.name for t in themes], key="sv_bulk_themes")
        new = st.text_input(
            "New themes (separate with commas)",
            key="sv_bulk_new",
            placeholder="e.g. Youth leadership, Transparency",
        )
        show_field_problem(errors, "themes")
        show_other_problems(errors, ["answer_ids", "themes"])
        saved = st.form_submit_button("Tag the chosen answers", type="primary")
    show_confirmation("sv_tagged")
    if saved:
        ids = list(by_id) if every else chosen
        wanted = existing + [t for t in new.split(",") if t.strip()]

        def flash(data: BulkTagIn) -> str:
            n = len(data.answer_ids)
            return f"{n:,} answer{'s' if n != 1 else ''} tagged: {', '.join(data.themes)}."

        save_form(
            "sv_bulk_",
            lambda: BulkTagIn(answer_ids=ids, themes=wanted),
            tag_answers,
            actor,
            flash_key="sv_tagged",
            flash=flash,
        )
