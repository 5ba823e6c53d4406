"""Adding, correcting and removing the evaluation records (community programmes and events,
legacy items, stories, campaigns, influence items): the one mechanism the Community, Legacy and
Advocacy pages share, on top of ui.forms.

- `add_form`: a form declared as rows of `Input`s, saved through `ui.forms.save_form` (a refusal
  keeps what was typed and shows each problem under its field; a good save clears the form and
  confirms right under it).
- `records_table`: one column declaration for both views: an editable table (`edit_table`) for
  those who correct the records, the same columns read-only for everyone else.
- `remove_record`: delete one record with a confirmation naming what goes with it.
- `history_picker`: the History panel of the record the viewer picks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st
from pydantic import BaseModel

from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.schemas.corrections import RowEdit
from ui.data import write
from ui.forms import (
    Column,
    edit_table,
    error_message,
    form_key,
    form_value,
    save_form,
    show_field_problem,
    table_frame,
)
from ui.history import history_expander
from ui.widgets import choose_many

# The organization's typed date style (MM/DD/YYYY); read dates go through gfj_core.formatting.

InputKind = Literal["text", "area", "date", "choice", "int", "float", "bool", "many"]


@dataclass(frozen=True)
class Input:
    """One widget of an add form, writing the create schema's `field`. `choices` maps codes to
    words (None among the codes: an empty choice); an empty text is sent as None."""

    field: str
    label: str
    kind: InputKind = "text"
    choices: Mapping[Any, str] | Sequence[Any] | None = None
    value: Any = None
    max_chars: int | None = None
    placeholder: str | None = None
    min_value: float | None = None
    max_value: Any = None
    step: float | None = None


def _widget(prefix: str, i: Input, where) -> None:
    key = form_key(prefix, i.field)
    if i.kind == "text":
        where.text_input(i.label, key=key, max_chars=i.max_chars, placeholder=i.placeholder)
    elif i.kind == "area":
        where.text_area(i.label, key=key, max_chars=i.max_chars, placeholder=i.placeholder)
    elif i.kind == "date":
        where.date_input(
            i.label, value=i.value, max_value=i.max_value, key=key, format=date_input_format()
        )
    elif i.kind == "choice":
        words = i.choices if isinstance(i.choices, Mapping) else {c: c for c in i.choices or ()}
        where.selectbox(i.label, list(words), format_func=lambda c: words.get(c, c), key=key)
    elif i.kind in ("int", "float"):
        where.number_input(
            i.label,
            min_value=i.min_value,
            max_value=i.max_value,
            value=i.value if i.kind == "float" else int(i.value or 0),
            step=i.step or (1 if i.kind == "int" else 0.1),
            key=key,
        )
    elif i.kind == "bool":
        where.checkbox(i.label, key=key)
    else:
        with where:
            choose_many(i.label, list(i.choices or ()), key=key)


def _typed(prefix: str, i: Input) -> Any:
    value = form_value(prefix, i.field) if form_key(prefix, i.field) in st.session_state else None
    if isinstance(value, str) and not value.strip():
        return None
    return int(value) if i.kind == "int" and value is not None else value


def add_form(
    key: str,
    *,
    title: str,
    rows: Sequence[Sequence[Input]],
    schema: type[BaseModel],
    service: Callable,
    actor,
    confirm: Callable[[BaseModel], str],
    button: str,
    fixed: Callable[[dict], dict] | None = None,
) -> None:
    """Draw and save an add form. `fixed(values)` adds what no widget holds (today's date of
    a consent ticked on the form, for instance)."""
    prefix = f"{key}_"
    errors = st.session_state.get(prefix + "errors", {})
    fields = {i.field for row in rows for i in row}
    with st.form(key, border=True):
        st.markdown(f"**{title}**")
        for row in rows:
            cols = st.columns(len(row)) if len(row) > 1 else [st.container()]
            for i, where in zip(row, cols, strict=True):
                _widget(prefix, i, where)
                with where:
                    show_field_problem(errors, i.field)
        rest = [m for f, m in errors.items() if f not in fields]
        if rest:
            st.error(" ".join(rest), icon=":material/error:")
        submitted = st.form_submit_button(button, type="primary")
    said = st.session_state.pop(f"{key}_done", None)
    if said:
        st.success(said, icon=":material/check_circle:")
    if submitted:

        def build() -> BaseModel:
            values = {i.field: _typed(prefix, i) for row in rows for i in row}
            return schema(**(values | (fixed(values) if fixed else {})))

        save_form(prefix, build, service, actor, flash_key=f"{key}_done", flash=confirm)


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
        )
        return
    st.dataframe(
        table_frame(columns, rows),
        hide_index=True,
        width="stretch",
        height=height,
        column_config={c.label: c.config() for c in columns},
        key=f"{key}_view",
    )


def remove_record(
    key: str,
    *,
    rows: Sequence[Any],
    name_of: Callable[[Any], str],
    delete: Callable,
    actor,
    noun: str,
    entity: str,
    goes_with: Callable[[Any], str | None] = lambda r: None,
    deletable: Callable[[Any], bool] = lambda r: True,
    none_deletable: str | None = None,
) -> None:
    """Under an expander: delete one record added by mistake, after a confirmation naming what
    goes with it, and the History panel of any record."""
    a = "an" if noun[0] in "aeiou" else "a"
    with st.expander(f"Delete {a} {noun}, or see its history", icon=":material/delete:"):
        removable = [r for r in rows if deletable(r)]
        if rows and not removable and none_deletable:
            st.caption(none_deletable)
        _delete_one(key, removable, name_of, goes_with, delete, actor, noun)
        history_picker(entity, rows, name_of, actor, key=f"{key}_history")


def _delete_one(key, rows, name_of, goes_with, delete, actor, noun) -> None:
    said = st.session_state.pop(f"{key}_done", None)
    if said:
        st.success(said, icon=":material/check_circle:")
    if not rows:
        return
    by_id = {r.id: r for r in rows}
    pick = st.selectbox(
        f"Delete {'an' if noun[0] in 'aeiou' else 'a'} {noun}",
        [None, *by_id],
        format_func=lambda i: "—" if i is None else name_of(by_id[i]),
        key=f"{key}_pick",
    )
    if pick is None:
        return
    row = by_id[pick]
    extra = goes_with(row)
    st.caption(
        f"Deleting “{md(name_of(row))}” also deletes {md(extra)}."
        if extra
        else f"Nothing else is recorded against “{md(name_of(row))}”: only it is deleted."
    )
    sure = st.checkbox(f"Yes, delete this {noun}", key=f"{key}_sure_{pick}")
    error = st.session_state.pop(f"{key}_error", None)
    if error:
        st.error(error, icon=":material/error:")
    if st.button(f"Delete {noun}", disabled=not sure, key=f"{key}_delete"):
        try:
            gone = write(delete, actor, record_id=row.id, expected_version=row.version)
        except GfjError as exc:
            st.session_state[f"{key}_error"] = error_message(exc)
        else:
            st.session_state[f"{key}_done"] = f"Deleted “{gone}”."
            st.session_state.pop(f"{key}_pick", None)
        st.rerun()


def history_picker(
    entity: str, rows: Sequence[Any], name_of: Callable[[Any], str], actor, *, key: str
):
    """The History panel (every change, audited) of the record the viewer picks."""
    if not rows:
        return
    by_id = {r.id: name_of(r) for r in rows}
    pick = st.selectbox("Show the history of", list(by_id), format_func=by_id.get, key=key)
    history_expander(entity, pick, actor)


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
    said = st.session_state.pop(f"{key}_done", None)
    if said:
        st.success(said, icon=":material/check_circle:")
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
