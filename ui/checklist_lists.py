"""What the exit-checklist page lists for everyone who may see it: the authority transfers with
the board resolution that backs each, and every item (filtered by category and open items)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from gfj_core.schemas.transition import ChecklistItemRead, ChecklistView
from ui.transition import RED_TEXT
from ui.widgets import data_table, fmt_date

TABLE_HEIGHT = 720  # the tallest the item list grows before it scrolls


def now() -> datetime:
    """The time a save is recorded at (naive UTC, as the database stores it)."""
    return datetime.now(UTC).replace(tzinfo=None)


def completed(i: ChecklistItemRead) -> str:
    return (
        f"{fmt_date(i.completed_at.date())} by {i.completed_by or 'unknown'}"
        if i.completed_at
        else ""
    )


def authority_status(i: ChecklistItemRead) -> str:
    if i.status == "done" and i.resolution_date is None:
        return "Done · NO RESOLUTION ON RECORD"
    return i.status_word + (" · OVERDUE" if i.overdue else "")


# Widths in pixels that add up to the projector's content width (about 1,400 px at 1920): the
# grid's own sizing gave the title columns the room and cut Evidence and Completed.
WIDTHS = {"Transfer": 420, "Item": 400, "Category": 150, "Owner": 140, "Due": 100,
          "Status": 165, "Board resolution or minutes": 175, "Evidence": 190, "Completed": 230}  # fmt: skip


def _widths(frame: pd.DataFrame) -> dict:
    return {
        c: st.column_config.TextColumn(c, width=WIDTHS[c]) for c in frame.columns if c in WIDTHS
    }


def authority_frame(authority: list[ChecklistItemRead]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Transfer": [i.title for i in authority],
            "Owner": [i.owner_name or "—" for i in authority],
            "Due": [fmt_date(i.due_date) for i in authority],
            "Status": [authority_status(i) for i in authority],
            "Board resolution or minutes": [fmt_date(i.resolution_date) for i in authority],
            "Evidence": [i.evidence or "" for i in authority],
            "Completed": [completed(i) for i in authority],
        }
    )


def authority_table(view: ChecklistView) -> None:
    authority = view.authority
    t = view.totals
    st.subheader(f"Authority transfers ({t.authority_done} of {t.authority_total} done)")
    if not authority:
        st.markdown("No authority transfers are on the checklist yet.")
        return
    frame = authority_frame(authority)
    data_table(
        frame.style.map(
            lambda v: RED_TEXT if "OVERDUE" in v or "NO " in v else "", subset=["Status"]
        ),
        hide_index=True,
        width="stretch",
        column_config=_widths(frame),
    )
    if view.authority_matching > len(authority):
        st.caption(
            f"Showing the first {len(authority)} of {view.authority_matching} authority "
            "transfers (by category, then due date)."
        )


def items_frame(items: list[ChecklistItemRead]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Category": [i.category_word for i in items],
            "Item": [i.title for i in items],
            "Owner": [i.owner_name or "—" for i in items],
            "Due": [fmt_date(i.due_date) for i in items],
            "Status": [i.status_word + (" · OVERDUE" if i.overdue else "") for i in items],
            "Evidence": [i.evidence or "" for i in items],
            "Completed": [completed(i) for i in items],
        }
    )


def every_item(view: ChecklistView) -> None:
    """The filters (their values pick the rows the service returns at the next run) and the
    items they leave."""
    st.subheader("Every item")
    labels = {c.category: c.label for c in view.categories}
    st.pills(
        "Category",
        list(labels),
        format_func=lambda c: labels[c],
        selection_mode="multi",
        key="cl_filter",
    )
    st.toggle("Only items still open", key="cl_only_open")
    items = view.items
    frame = items_frame(items)
    data_table(
        frame.style.map(lambda v: RED_TEXT if "OVERDUE" in v else "", subset=["Status"]),
        hide_index=True,
        width="stretch",
        column_config=_widths(frame),
        height=min(38 + 35 * max(len(items), 1), TABLE_HEIGHT),
        download="exit-checklist.csv",
        key="cl_items",
    )
    if view.matching > len(items):
        st.caption(
            f"Showing the first {len(items)} of {view.matching} items (by category, then due "
            "date). Pick a category or only open items to narrow the list."
        )
