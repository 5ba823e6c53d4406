"""The History panel: who changed a record, when, and from what to what.

Any page can put one under a record it shows:

    from ui.history import history_expander
    history_expander("milestone", milestone.id, actor)

It reads gfj_core.services.audit_trail.record_history through the cache. A viewer whose role may
not see the record's history (see audit_trail.HISTORY_READ) gets no panel at all, not an error.
Values are shown in a dataframe, never as markdown, so whatever people typed is shown as text.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from gfj_core.errors import PermissionDenied
from gfj_core.exports.safety import inert_markdown
from gfj_core.formatting import fmt_datetime
from gfj_core.schemas.auth import Actor
from gfj_core.services.audit_trail import ACTION_WORDS, ChangeSet, record_history
from ui.data import read
from ui.finder import chosen, narrow
from ui.widgets import data_table, lazy_expander

# User text made inert inside st.markdown: the one helper, in gfj_core.exports.safety.
md_escape = inert_markdown


def fmt_when(at: datetime) -> str:
    return fmt_datetime(at)


def change_rows(change_sets: list[ChangeSet]) -> list[dict[str, str]]:
    """One line per changed field, newest save first; a deletion is one line."""
    rows = []
    for cs in change_sets:
        what = ACTION_WORDS.get(cs.action, cs.action)
        for ch in cs.changes or []:
            rows.append(
                {
                    "When": fmt_when(cs.at),
                    "Who": cs.actor_name,
                    "What": what,
                    "Field": ch.field_label or "—",
                    "From": "" if ch.old_display is None else ch.old_display,
                    "To": "" if ch.new_display is None else ch.new_display,
                }
            )
        if not cs.changes:
            rows.append(
                {"When": fmt_when(cs.at), "Who": cs.actor_name, "What": what}
                | {"Field": "—", "From": "", "To": ""}
            )
    return rows


def history_expander(
    entity: str,
    entity_id: int | str,
    actor: Actor,
    *,
    title: str = "History",
    limit: int = 50,
    expanded: bool = False,
) -> None:
    """An expander listing every save of one record (newest first), its table drawn only while
    it is open (ui.widgets.lazy_expander): a page shows a History panel per record, and each
    closed one used to draw its whole table, hidden."""
    try:
        history = read(record_history, actor, entity=entity, entity_id=str(entity_id), limit=limit)
    except PermissionDenied:
        return
    saves = len(history.change_sets)
    count = f"{saves}{'+' if history.truncated else ''} change{'s' if saves != 1 else ''}"
    with lazy_expander(
        f"{title} ({count})",
        icon=":material/history:",
        expanded=expanded,
        key=f"history_{entity}_{entity_id}_{title}_open",
    ) as shown:
        if not shown:
            return
        if not history.change_sets:
            st.caption(
                "No changes recorded for this record. (Records loaded with the demo organization "
                "start without history.)"
            )
            return
        data_table(
            change_rows(history.change_sets),
            hide_index=True,
            width="stretch",
            column_config={
                "When": st.column_config.TextColumn(width="medium"),
                "Who": st.column_config.TextColumn(width="small"),
                "What": st.column_config.TextColumn(width="small"),
            },
        )
        if history.truncated:
            st.caption(f"Showing the newest {limit} changes; the audit trail holds the rest.")


def history_picker(
    entity: str,
    records: dict[int, str],
    key: str,
    actor,
    *,
    noun: str = "records",
    finder: str | None = None,
) -> None:
    """The History panel of one record the viewer picks (every change is audited); past
    ui.finder.MANY records the picker offers the first ones and a finder, or follows the
    finder keyed `finder` (the table's above it)."""
    if not records:
        return
    offered = narrow(
        f"{key}_find",
        records,
        label="Find a record's history",
        noun=noun,
        keep=chosen(key),
        finder=finder,
    )
    pick = st.selectbox("Show the history of", list(offered), format_func=offered.get, key=key)
    history_expander(entity, pick, actor)
