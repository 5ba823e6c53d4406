"""“Mark done” on one exit-checklist item (issue 22): pick the item, say how it was done (a
note or a link), give the resolution date for an authority transfer, and see the confirmation
right under the form. The grid stays for bulk edits."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from gfj_core.exports.safety import inert_markdown
from gfj_core.formatting import date_input_format, fmt_date
from gfj_core.schemas.transition import ChecklistItemRead, ChecklistMarkDone
from gfj_core.services.checklist import mark_item_done
from ui.checklist_lists import now
from ui.forms import (
    pick_record,
    record_form,
    save_record,
    show_confirmation,
    show_field_problem,
)


def _label(item: ChecklistItemRead) -> str:
    due = f" · due {fmt_date(item.due_date)}" if item.due_date else ""
    return f"{'OVERDUE · ' if item.overdue else ''}{item.title}{due}"


def mark_done_form(items: list[ChecklistItemRead], actor) -> None:
    """The open items, overdue first; one small form for the chosen one."""
    open_items = sorted(
        (i for i in items if i.status in ("not_started", "in_progress")),
        key=lambda i: (not i.overdue, i.due_date is None, i.due_date or datetime.max.date()),
    )
    show_confirmation("cl_done_saved")
    if not open_items:
        st.success("Every item listed is done or not applicable.", icon=":material/check_circle:")
        return
    item = pick_record(
        "Item", {i.id: i for i in open_items}, format_func=_label, key="cl_done_pick"
    )
    prefix = f"cl_done_{item.id}_"
    errors = record_form(prefix, {})
    with st.form(f"cl_done_form_{item.id}", border=True):
        st.markdown(
            f"**{inert_markdown(item.title)}** · {item.category_word} · "
            f"owner {inert_markdown(item.owner_name or '—')}"
            + (" · authority transfer" if item.is_authority_transfer else "")
        )
        st.text_area(
            "How it was done (a note or a link to the document)",
            key=prefix + "evidence",
            height=90,
            placeholder="e.g. New signature cards filed with the bank on Nov 30; "
            "https://drive.example.org/…",
        )
        show_field_problem(errors, "evidence")
        if item.is_authority_transfer:
            st.date_input(
                "Date of the board resolution or minutes that backs it",
                value=None,
                key=prefix + "resolution_date",
                format=date_input_format(),
            )
            show_field_problem(errors, "resolution_date")
        show_field_problem(errors, "form")
        submitted = st.form_submit_button("Mark done", type="primary", icon=":material/check:")
    if submitted:
        save_record(
            prefix,
            lambda: ChecklistMarkDone(
                evidence=st.session_state[prefix + "evidence"],
                resolution_date=st.session_state.get(prefix + "resolution_date"),
            ),
            mark_item_done,
            actor,
            confirm_key="cl_done_saved",
            confirm=lambda _: f"Marked “{item.title}” done.",
            item_id=item.id,
            expected_version=item.version,
            now=now(),
        )
