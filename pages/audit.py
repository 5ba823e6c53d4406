"""Audit trail: every change anyone made, filtered by table, record, person, field and date."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from gfj_core.errors import ValidationFailed
from gfj_core.exports.safety import safe_csv_bytes
from gfj_core.formatting import date_input_format
from gfj_core.services.audit_trail import (
    ACTION_WORDS,
    AuditFilters,
    audit_entries,
    audit_filter_choices,
)
from ui.data import read
from ui.guard import require_page
from ui.history import fmt_when, history_expander
from ui.widgets import choose_many, data_table

actor = require_page("audit")

PAGE_SIZE = 100
EXPORT_LIMIT = 5000
ALL = ""

st.title("Audit trail")
st.caption(
    "Every change is recorded in the same transaction as the change itself: who, when (UTC), "
    "which record and field, from what to what. Nobody can edit or delete these rows. "
    "Passwords and private notes are recorded as changed, never shown."
)

choices = read(audit_filter_choices, actor)
entity_options = [ALL, *choices.entities]

with st.container(border=True):
    top = st.columns([2, 1, 2, 2], gap="medium")
    entity = top[0].selectbox(
        "Table",
        entity_options,
        format_func=lambda k: "All tables" if k == ALL else choices.entities[k],
        key="audit_entity",
    )
    entity_id = top[1].text_input(
        "Record id", key="audit_entity_id", placeholder="any", help="The record's number."
    )
    field_options = [ALL, *choices.fields.get(entity, [])] if entity else [ALL]
    field = top[2].selectbox(
        "Field",
        field_options,
        format_func=lambda k: "All fields" if k == ALL else k,
        key="audit_field",
        disabled=not entity,
        help="Choose a table first.",
    )
    who = top[3].selectbox(
        "Person",
        [ALL, *choices.actors],
        format_func=lambda k: "Everyone" if k == ALL else k,
        key="audit_actor",
    )
    bottom = st.columns([2, 1, 1, 2], gap="medium")
    with bottom[0]:
        actions = choose_many(
            "Action",
            choices.actions,
            format_func=lambda a: ACTION_WORDS.get(a, a).capitalize(),
            key="audit_actions",
            placeholder="All actions",
        )
    date_from = bottom[1].date_input(
        "From (UTC)", value=None, key="audit_from", format=date_input_format()
    )
    date_to = bottom[2].date_input(
        "To (UTC)", value=None, key="audit_to", format=date_input_format()
    )
    text = bottom[3].text_input(
        "Value contains", key="audit_text", placeholder="e.g. a name or an amount", max_chars=200
    )

filters = AuditFilters(
    entity=entity or None,
    entity_id=entity_id,
    actor_name=who or None,
    field=field or None,
    actions=tuple(actions),
    date_from=date_from,
    date_to=date_to,
    text=text,
    limit=PAGE_SIZE,
)

try:
    first = read(audit_entries, actor, filters=filters)
except ValidationFailed as exc:
    for _, message in exc.problems or [("", str(exc))]:
        st.error(message)
    st.stop()

pages = max(1, math.ceil(first.total / PAGE_SIZE))
head = st.columns([3, 1, 2], vertical_alignment="bottom")
head[0].subheader(f"{first.total:,} matching change{'s' if first.total != 1 else ''}")
page_no = head[1].number_input(
    f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1, key="audit_page"
)
result = (
    first
    if page_no == 1
    else read(
        audit_entries,
        actor,
        filters=filters.model_copy(update={"offset": (page_no - 1) * PAGE_SIZE}),
    )
)


def _frame(entries) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "When (UTC)": fmt_when(e.at).removesuffix(" UTC"),
                "Who": e.actor_name,
                "Action": ACTION_WORDS.get(e.action, e.action),
                "Table": e.entity_label,
                "Record": f"{e.record_label} (#{e.entity_id})"
                if e.record_label
                else f"#{e.entity_id}",
                "Field": e.field or "—",
                "From": e.old_display if e.old_display is not None else "",
                "To": e.new_display if e.new_display is not None else "",
            }
            for e in entries
        ],
        columns=["When (UTC)", "Who", "Action", "Table", "Record", "Field", "From", "To"],
    )


with head[2]:
    if first.total:

        def _export_csv() -> bytes:
            """Built when the button is clicked, not on every rerun: up to 5,000 rows."""
            export = read(
                audit_entries, actor, filters=filters.model_copy(update={"limit": EXPORT_LIMIT})
            )
            return safe_csv_bytes(_frame(export.entries))

        st.download_button(
            f"Download {'these' if first.total <= EXPORT_LIMIT else f'the newest {EXPORT_LIMIT:,}'} rows (CSV)",
            data=_export_csv,
            file_name="gfj-audit-trail.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
        )

if not result.entries:
    st.info("No recorded change matches these filters.")
else:
    data_table(
        _frame(result.entries),
        hide_index=True,
        width="stretch",
        height=min(38 * (len(result.entries) + 1) + 3, 760),
        column_config={
            "When (UTC)": st.column_config.TextColumn(width="medium"),
            "Who": st.column_config.TextColumn(width="small"),
            "Action": st.column_config.TextColumn(width="small"),
            "From": st.column_config.TextColumn(width="large"),
            "To": st.column_config.TextColumn(width="large"),
        },
    )
    first_row = result.offset + 1
    st.caption(f"Rows {first_row:,} to {result.offset + len(result.entries):,}, newest first.")

if entity and entity != "database" and filters.entity_id:
    st.subheader("This record's history")
    history_expander(entity, filters.entity_id, actor, expanded=True)
