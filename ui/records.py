"""Showing and correcting the evaluation records (community programmes and events, legacy
items, stories, campaigns, influence items) on the Community, Legacy and Advocacy pages, on top
of ui.forms (their add forms are `ui.forms.input_form` declarations; deleting one is
`ui.removal.removal_panel` with `row_removal`).

- `records_table`: one column declaration for both views: an editable table (`edit_table`) for
  those who correct the records, the same columns read-only for everyone else.
- `import_box`, `empty_state`, `card_grid`: an import, an empty list, a grid of cards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from pydantic import BaseModel

from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.schemas.corrections import RowEdit
from ui.data import write
from ui.finder import plural
from ui.forms import (
    Column,
    edit_table,
    show_confirmation,
    table_frame,
)
from ui.widgets import data_table


def records_table(
    key: str,
    *,
    rows: Sequence[Any],
    columns: Sequence[Column],
    editable: bool = False,
    changes: type[BaseModel] | None = None,
    save: Callable | None = None,
    actor=None,
    noun: str = "row",
    row_name: Callable[[Any], str] = lambda r: r.name,
    height: int | str = "auto",
) -> None:
    """The records as a table: editable (saved all or none) for who corrects them, the same
    columns read-only for everyone else."""
    if editable and changes is not None and save is not None:
        edit_table(
            key,
            rows=rows,
            columns=columns,
            update=changes,
            row_edit=RowEdit,
            save=save,
            actor=actor,
            saved=lambda n: f"Saved {n} {noun}(s).",
            button=f"Save {noun} changes",
            row_name=row_name,
            height=height,
            noun=plural(noun),
        )
        return
    data_table(
        table_frame(columns, rows),
        hide_index=True,
        width="stretch",
        height=height,
        column_config={c.label: c.config() for c in columns},
        key=f"{key}_view",
    )


def empty_state(message: str, *, icon: str = ":material/info:") -> None:
    """A list with nothing in it yet says where its first record is added."""
    st.info(message, icon=icon)


def import_box(
    key: str,
    *,
    label: str,
    intro: str,
    template: bytes,
    template_name: str,
    service: Callable,
    actor,
    confirm: Callable[[Any], str],
) -> None:
    """Upload a CSV or Excel file and import it all or nothing; every problem by row and
    column. A good import clears the uploader and confirms under it."""
    from ui.evaluation import show_problems

    st.markdown(intro)
    st.download_button(
        "CSV template",
        template,
        file_name=template_name,
        mime="text/csv",
        icon=":material/download:",
        key=f"{key}_template",
    )
    show_confirmation(f"{key}_done")
    nonce = st.session_state.setdefault(f"{key}_nonce", 0)
    upload = st.file_uploader(label, type=["csv", "xlsx"], key=f"{key}_file_{nonce}")
    if upload is None or not st.button("Import", type="primary", key=f"{key}_import"):
        return
    try:
        result = write(service, actor, filename=upload.name, content=upload.getvalue())
    except ValidationFailed as exc:
        show_problems(exc, key=f"{key}_problems")
    except GfjError as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        st.session_state[f"{key}_done"] = confirm(result)
        st.session_state[f"{key}_nonce"] = nonce + 1
        st.rerun()


def card_grid(items: Sequence[Any], *, columns: int, limit: int, draw: Callable, more: str):
    """A card per item in `columns` columns; past `limit` the rest are counted, not drawn
    (`more` is said with {shown} and {total})."""
    cols = st.columns(columns, gap="medium")
    for n, item in enumerate(items[:limit]):
        with cols[n % columns], st.container(border=True):
            draw(item)
    if len(items) > limit:
        st.caption(more.format(shown=limit, total=len(items)))
