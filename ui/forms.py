"""The one way to build a form or an editable table on a page.

Forms: a page keeps its widgets keyed under a prefix (so Streamlit keeps their values across the
rerun that follows a refusal), builds its pydantic schema from them, and calls the service
through `submit`. On a refusal each problem is kept field -> message and `field_problem` draws it
right under its widget; `form_problem` draws what belongs to no field. `renew` gives a saved form
fresh widget keys, so the browser cannot resubmit the old values.

Tables: a page declares its columns (label, the update schema's field, kind, vocabulary) and
names the row-edit schema and the service; `edit_table` draws the grid, turns what was edited
into row edits (words back into codes, names back into ids), saves through `ui.data.write` (one
transaction: all rows or none), lists every problem by row and field, keeps the edits on
refusal, and on success starts a fresh grid with a confirmation right under it.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import pandas as pd
import streamlit as st
from pydantic import BaseModel, ValidationError

from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.formatting import date_grid_format, date_input_format
from gfj_core.schemas.messages import friendly_message
from gfj_core.vocabulary import Vocabulary
from ui.data import write
from ui.finder import MANY, chosen, find_box, first_matching, narrow, shown_caption
from ui.widgets import choose_many, data_table

FORM = "form"


def problems_by_field(exc: Exception, *, known: Sequence[str] | None = None) -> dict[str, str]:
    """Field -> message for a refused input, every message kept. A model-level pydantic rule
    names its field as "field: message" (see gfj_core.schemas.people); problems of fields the
    form does not show (`known`), and anything else, belong to the whole form."""
    out: dict[str, str] = {}

    def add(field: str, message: str) -> None:
        out[field] = f"{out[field]} {message}" if field in out else message

    if isinstance(exc, ValidationError):
        for err in exc.errors():
            message = friendly_message(err)
            if err["loc"]:
                add(str(err["loc"][0]), message)
            else:
                field, sep, rest = message.partition(": ")
                add(field, rest) if sep and " " not in field else add(FORM, message)
    elif isinstance(exc, ValidationFailed) and exc.problems:
        for field, message in exc.problems:
            add(field, message)
    else:
        add(FORM, str(exc))
    if known is not None:
        kept: dict[str, str] = {}
        for field, message in out.items():
            where = field if field in known else FORM
            kept[where] = f"{kept[where]} {message}" if where in kept else message
        out = kept
    return out


# --- Editable tables ------------------------------------------------------------------------

Kind = Literal["text", "date", "choice", "bool", "number"]


@dataclass(frozen=True)
class Column:
    """One column of an editable table. `field` is the update schema's field it writes (None:
    shown but not editable); `choices` maps stored codes (or ids) to the words in the cells."""

    label: str
    field: str | None = None
    kind: Kind = "text"
    choices: Mapping[Any, str] | None = None
    required: bool = False
    width: Literal["small", "medium", "large"] | None = None
    help: str | None = None
    # The cell's value for a row; by default the row's attribute named `field`.
    value: Callable[[Any], Any] | None = None
    min_value: float | None = None
    # A number column's display format (st.column_config.NumberColumn's: "localized" shows
    # 280,000); None: Streamlit's default.
    number_format: str | None = None
    # Editable without a field of its own: `extra_changes` reads it (the knowledge register's
    # person columns, which together make one field).
    editable: bool | None = None
    # A number column's step (1 unless given: 0.1 for a 1-5 average).
    step: float | None = None

    @property
    def is_editable(self) -> bool:
        return self.editable if self.editable is not None else self.field is not None

    def cell(self, row: Any) -> Any:
        raw = self.raw(row)
        if self.kind == "choice" and self.choices is not None and self.value is None:
            return self.choices.get(raw) if raw is not None else None
        return raw

    def stored(self, word: Any) -> Any:
        """What a cell holds, as the schema wants it (a code, an id, None for an empty cell)."""
        if self.kind != "choice" or self.choices is None:
            return None if word is None or (isinstance(word, float) and pd.isna(word)) else word
        if word is None or word == "":
            return None
        vocab = self.choices if isinstance(self.choices, Vocabulary) else Vocabulary(self.choices)
        return vocab.code(word)

    def raw(self, row: Any) -> Any:
        """The stored code (or value) of this column in a row."""
        return self.value(row) if self.value else getattr(row, self.field or "", None)

    def config(self, options: Sequence[str] | None = None):
        """The grid's column; `options` narrows a long choice to the words offered."""
        cc = st.column_config
        common = dict(required=self.required, width=self.width, help=self.help)
        if self.kind == "date":
            return cc.DateColumn(format=date_grid_format(), **common)
        if self.kind == "choice":
            words = list((self.choices or {}).values()) if options is None else list(options)
            return cc.SelectboxColumn(options=words, **common)
        if self.kind == "bool":
            return cc.CheckboxColumn(**common)
        if self.kind == "number":
            return cc.NumberColumn(
                min_value=self.min_value,
                step=self.step or 1,
                format=self.number_format,
                **common,
            )
        return cc.TextColumn(**common)


def table_frame(columns: Sequence[Column], rows: Sequence[Any]) -> pd.DataFrame:
    """The rows as a DataFrame for st.data_editor. An empty one gets object columns: pandas
    would make them float, which the editor refuses to edit as text or dates."""
    data = {c.label: [c.cell(r) for r in rows] for c in columns}
    if not rows:
        return pd.DataFrame(data, dtype=object)
    return pd.DataFrame(data)


def table_key(key: str, nonce: int, query: str = "") -> str:
    """The grid's widget key: a fresh one after each save (the nonce), and one of its own for
    each filter typed in its finder, as edits are kept by row position among the rows shown."""
    return f"{key}_{nonce}" + (f"_{zlib.crc32(query.encode())}" if query else "")


def edited_rows(state: Mapping | None) -> dict[int, dict]:
    """The edited rows of an st.data_editor, by row position."""
    if not state:
        return {}
    return {int(k): v for k, v in (state.get("edited_rows") or {}).items()}


def problems_of(exc: Exception) -> list[tuple[str, str]]:
    """Every problem of a refused save as (where, message): a pydantic error at the boundary,
    a service's ValidationFailed with its list, or any other GfjError as one message."""
    if isinstance(exc, ValidationError):
        # An empty required text says so in words, not pydantic's "at least 1 character".
        return [
            (
                ".".join(str(p) for p in e["loc"]) or "form",
                friendly_message(e),
            )
            for e in exc.errors()
        ]
    if isinstance(exc, ValidationFailed) and exc.problems:
        return list(exc.problems)
    return [("", str(exc))]


def show_field_problem(errors: Mapping[str, str], field: str) -> None:
    """The problem of one field, drawn right under its widget."""
    if field in errors:
        st.error(errors[field], icon=":material/error:")


def show_problems(problems: Sequence[tuple[str, str]], *, intro: str) -> None:
    """All problems at once, as text (a name typed by a user never becomes markup)."""
    lines = [f"{where}: {msg}" if where else msg for where, msg in problems]
    st.error(intro, icon=":material/error:")
    for line in lines:
        st.text(f"• {line}")


def edit_table(
    key: str,
    *,
    rows: Sequence[Any],
    columns: Sequence[Column],
    update: type[BaseModel],
    row_edit: type[BaseModel],
    save: Callable,
    actor,
    saved: Callable[[int], str],
    button: str = "Save changes",
    row_name: Callable[[Any], str] = lambda r: getattr(r, "name", None) or r.title,
    row_fields: Callable[[Any], dict] = lambda r: {"id": r.id, "expected_version": r.version},
    extra_changes: Callable[[Any, dict], dict] | None = None,
    height: int | str = "auto",
    noun: str = "rows",
    **save_kwargs: Any,
) -> None:
    """Draw an editable table of `rows` and save its edited rows through `save`.

    Past `MANY` rows the table shows the first `MANY` (in the service's order) under a finder
    that narrows them to the rows whose text matches, with "Showing 50 of 700 `noun`"; a long
    choice column (a person among thousands) offers the first `MANY` words, those already in
    the rows shown, and a finder of its own (ui.finder)."""
    nonce = st.session_state.setdefault(f"{key}_nonce", 0)
    by_label = {c.label: c for c in columns}
    shown, options, query = _narrowed_table(key, rows, columns, noun)
    grid_key = table_key(key, nonce, query)
    data_table(
        table_frame(columns, shown),
        key=grid_key,
        editable=True,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        height=height,
        disabled=[c.label for c in columns if not c.is_editable],
        column_config={c.label: c.config(options.get(c.label)) for c in columns},
    )
    problems = st.session_state.get(f"{key}_problems")
    if problems:
        show_problems(problems, intro="Nothing was saved: please fix these and save again.")
    show_confirmation(f"{key}_saved")
    if not st.button(button, type="primary", key=f"{key}_save"):
        return
    edits = []
    found: list[tuple[str, str]] = []
    for position, change in sorted(edited_rows(st.session_state.get(grid_key)).items()):
        row = shown[position]
        fields = {
            by_label[label].field: by_label[label].stored(value)
            for label, value in change.items()
            if label in by_label and by_label[label].field
        }
        try:
            if extra_changes:
                fields.update(extra_changes(row, change))
            edits.append(row_edit(**row_fields(row), changes=update(**fields)))
        except (ValidationError, KeyError) as exc:
            where = f"“{row_name(row)}”"
            if isinstance(exc, KeyError):
                found.append((where, str(exc.args[0])))
            else:
                found.extend((f"{where}: {f}", m) for f, m in problems_of(exc))
    if not edits and not found:
        found = [("", "Nothing was changed in the table.")]
    if not found:
        try:
            count = write(save, actor, edits=edits, **save_kwargs)
        except GfjError as exc:
            found = problems_of(exc)
    if found:
        st.session_state[f"{key}_problems"] = found
    else:
        st.session_state.pop(f"{key}_problems", None)
        st.session_state[f"{key}_nonce"] = nonce + 1
        st.session_state[f"{key}_saved"] = saved(count)
        st.toast(saved(count), icon=":material/check_circle:")
    st.rerun()


def _narrowed_table(
    key: str, rows: Sequence[Any], columns: Sequence[Column], noun: str
) -> tuple[list[Any], dict[str, list[str]], str]:
    """(the rows to draw, the words offered by each long choice column, the rows' filter)."""
    query = ""
    shown = list(rows)
    long_choices = [c for c in columns if c.is_editable and len(c.choices or ()) > MANY]
    finders = int(len(rows) > MANY) + len({id(c.choices) for c in long_choices})
    if not finders:
        return shown, {}, query
    places = iter(st.columns(finders) if finders > 1 else st.columns([1, 2])[:1])
    if len(rows) > MANY:
        where = next(places)
        query = find_box(f"{key}_find", f"Find {noun}", where=where)
        texts = [c for c in columns if c.kind in ("text", "choice")]
        shown, matching = first_matching(
            rows, lambda r: " ".join(str(c.cell(r) or "") for c in texts), query
        )
        where.caption(shown_caption(len(shown), matching, len(rows), noun, query))
    options: dict[str, list[str]] = {}
    by_vocabulary: dict[int, list[Column]] = {}
    for c in long_choices:
        by_vocabulary.setdefault(id(c.choices), []).append(c)
    for group in by_vocabulary.values():
        labels = " or ".join(c.label for c in group)
        offered = narrow(
            f"{key}_find_{group[0].label}",
            group[0].choices or {},
            label=f"Find a choice for {labels}",
            noun="choices",
            keep={c.raw(r) for c in group for r in shown},
            where=next(places),
        )
        for c in group:
            options[c.label] = list(offered.values())
    return shown, options, query


# --- Forms --------------------------------------------------------------------------------------


def clear_form(prefix: str) -> None:
    """Forget every widget value whose key starts with prefix (after a successful save)."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def _nonce_key(prefix: str) -> str:
    return f"_form_nonce_{prefix}"


def form_key(prefix: str, name: str) -> str:
    """A form widget's key that changes after each successful save_form: the browser keeps a
    widget's last value while its key stays the same (deleting the key resets only the
    server's copy), so a fresh key is what makes the saved form come back empty on screen."""
    nonce = st.session_state.get(_nonce_key(prefix), 0)
    return f"{prefix}{name}" if not nonce else f"{prefix}{name}~{nonce}"


def form_value(prefix: str, name: str) -> Any:
    return st.session_state[form_key(prefix, name)]


def form_values(prefix: str, names: Sequence[str]) -> dict[str, Any]:
    """The widgets' current values by field name (None for one not drawn this run)."""
    return {name: st.session_state.get(form_key(prefix, name)) for name in names}


def form_errors(prefix: str) -> dict[str, str]:
    """The problems by field of the form's last refused save (for `show_field_problem`)."""
    return st.session_state.get(prefix + "errors", {})


def error_message(exc: Exception) -> str:
    """One line for a refused save: every problem, each named by its field."""
    return "; ".join(f"{w}: {m}" if w else m for w, m in problems_of(exc))


def _call(service: Callable, actor, args: Mapping[str, Any]) -> Any:
    """The service in its own write transaction: through ui.data.write for a signed-in actor;
    without one (first-run setup, before any account exists) in a plain write session."""
    if actor is not None:
        return write(service, actor, **args)
    from gfj_core.db import session_scope
    from ui.state import engine

    with session_scope(engine(), write=True) as session:
        return service(session, **args)


def _save(
    prefix: str,
    build: Callable[[], Any],
    service: Callable,
    actor,
    *,
    data_arg: str | None,
    kwargs: Mapping[str, Any],
    confirm_key: str,
    confirm: Callable[[Any], str | None],
    after: Callable[[Any], None] | None,
    renew: bool,
    toast: bool,
) -> None:
    try:
        data = build()
        args = dict(data) if data_arg is None else {data_arg: data}
        result = _call(service, actor, args | dict(kwargs))
    except (ValidationError, GfjError) as exc:
        st.session_state[prefix + "error"] = error_message(exc)
        st.session_state[prefix + "errors"] = problems_by_field(exc)
    else:
        clear_form(prefix)
        if renew:
            st.session_state[_nonce_key(prefix)] = st.session_state.get(_nonce_key(prefix), 0) + 1
        message = confirm(data)
        if after is not None:
            after(result)
        if message:
            st.session_state[confirm_key] = message
            if toast:
                st.toast(message, icon=":material/check_circle:")
    st.rerun()


def save_form(
    prefix: str,
    build: Callable[[], Any],
    service: Callable,
    actor,
    *,
    flash_key: str,
    flash: Callable[[Any], str | None],
    data_arg: str | None = "data",
    after: Callable[[Any], None] | None = None,
    **kwargs,
) -> None:
    """Save what a form holds: build its schema from the widgets, call the service through
    ui.data.write, then rerun. `build` returns the schema passed as `data_arg`, or, with
    `data_arg=None`, the service's keyword arguments. Refused: nothing typed is cleared; each
    problem is kept by field under `<prefix>errors` (`form_errors`, for `show_field_problem`
    under its widget and `show_other_problems` above the button) and all of them in one line
    under `<prefix>error`. Saved: the form is cleared and its widgets get fresh keys
    (`form_key`), `after(result)` runs (a temporary password to show once, say), and `flash`
    is kept under `flash_key` for `show_confirmation` to say once, next to the button.
    `actor=None` is for first-run setup only, when nobody can be signed in yet."""
    _save(
        prefix,
        build,
        service,
        actor,
        data_arg=data_arg,
        kwargs=kwargs,
        confirm_key=flash_key,
        confirm=flash,
        after=after,
        renew=True,
        toast=False,
    )


def save_record(
    prefix: str,
    build: Callable[[], BaseModel],
    service: Callable,
    actor,
    *,
    confirm_key: str,
    confirm: Callable[[BaseModel], str],
    data_arg: str = "data",
    **kwargs,
) -> None:
    """Save one record's form (issue 22): like `save_form`, but the widgets keep their keys
    (`record_form` reloads them from the saved record) and the confirmation is also toasted.
    The page draws it right under the form that was saved with `show_confirmation`, so nobody
    is sent to the top of a long page; the open tab and the scroll position stay."""
    _save(
        prefix,
        build,
        service,
        actor,
        data_arg=data_arg,
        kwargs=kwargs,
        confirm_key=confirm_key,
        confirm=confirm,
        after=None,
        renew=False,
        toast=True,
    )


def show_confirmation(confirm_key: str, *, toast: bool = False) -> str | None:
    """The confirmation a save left, said once where the page calls this (under the form), and
    also as a toast when the form is often off screen (a phone). Returns it, for a page that
    follows it with a link."""
    message = st.session_state.pop(confirm_key, None)
    if message:
        st.success(message, icon=":material/check_circle:")
        if toast:
            st.toast(message, icon=":material/check_circle:")
    return message


def show_other_problems(errors: Mapping[str, str], shown: Sequence[str]) -> None:
    """Above a form's submit button: every problem whose field has no widget of its own there
    (`shown` are the fields drawn with `show_field_problem`), so none is ever dropped."""
    for field, message in errors.items():
        if field not in shown:
            st.error(message, icon=":material/error:")


def pick_record(
    label: str, records: Mapping[Any, Any], *, key: str, format_func: Callable[[Any], str]
) -> Any:
    """Choose one of `records` (id -> record) for the small form drawn under the picker; past
    `MANY` records, the first ones and a finder (ui.finder)."""
    words = {i: format_func(r) for i, r in records.items()}
    offered = narrow(f"{key}_find", words, label=f"Find: {label}", noun="records", keep=chosen(key))
    pick = st.selectbox(label, list(offered), format_func=offered.get, key=key)
    return records[pick]


def record_form(prefix: str, loaded: Mapping[str, Any]) -> dict[str, str]:
    """Start one record's form from its saved values (what was typed stays after a refusal, as
    the keys survive the rerun) and return the problems of its last refused save, by field."""
    for field, value in loaded.items():
        st.session_state.setdefault(prefix + field, value)
    return st.session_state.get(prefix + "errors", {})


# --- A form declared as its fields ----------------------------------------------------------

InputKind = Literal[
    "text", "password", "area", "date", "choice", "radio", "int", "float", "bool", "many"
]


@dataclass(frozen=True)
class Input:
    """One widget of a declared form, writing the schema's `field`. `choices` maps codes to
    words (None among the codes: an empty choice; with a `placeholder`, nothing is chosen at
    first: for a "radio", any placeholder text does that); an empty text is sent as None."""

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
    help: str | None = None
    autocomplete: str | None = None
    height: int | None = None
    # A number that may be left empty (sent as None) rather than starting at `value` or 0.
    optional: bool = False


def _widget(prefix: str, i: Input, where) -> None:
    key = form_key(prefix, i.field)
    text = dict(max_chars=i.max_chars, placeholder=i.placeholder, help=i.help, key=key)
    if i.kind in ("text", "password"):
        where.text_input(
            i.label,
            type="password" if i.kind == "password" else "default",
            autocomplete=i.autocomplete,
            **text,
        )
    elif i.kind == "area":
        where.text_area(i.label, height=i.height, **text)
    elif i.kind == "date":
        where.date_input(
            i.label,
            value=None if key in st.session_state else i.value,
            max_value=i.max_value,
            key=key,
            help=i.help,
            format=date_input_format(),
        )
    elif i.kind in ("choice", "radio"):
        words = i.choices if isinstance(i.choices, Mapping) else {c: c for c in i.choices or ()}
        choose = dict(
            format_func=lambda c: words.get(c, c),
            index=None if i.placeholder else 0,
            help=i.help,
            key=key,
        )
        if i.kind == "radio":
            where.radio(i.label, list(words), **choose)
        else:
            where.selectbox(i.label, list(words), placeholder=i.placeholder, **choose)
    elif i.kind in ("int", "float"):
        where.number_input(
            i.label,
            min_value=i.min_value,
            max_value=i.max_value,
            value=None
            if key in st.session_state or i.optional
            else (i.value if i.kind == "float" else int(i.value or 0)),
            step=i.step or (1 if i.kind == "int" else 0.1),
            help=i.help,
            key=key,
        )
    elif i.kind == "bool":
        where.checkbox(i.label, value=bool(i.value), help=i.help, key=key)
    else:
        with where:
            choose_many(i.label, list(i.choices or ()), key=key)


def _typed(prefix: str, i: Input) -> Any:
    key = form_key(prefix, i.field)
    value = st.session_state.get(key)
    if isinstance(value, str) and not value.strip():
        return None
    return int(value) if i.kind == "int" and value is not None else value


Rows = Sequence[Sequence[Input] | str]


def input_form(
    key: str,
    *,
    rows: Rows,
    schema: Callable[..., Any],
    service: Callable,
    actor,
    confirm: Callable[[Any], str | None],
    button: str,
    title: str | None = None,
    fixed: Callable[[dict], dict] | None = None,
    loaded: Mapping[str, Any] | None = None,
    data_arg: str | None = "data",
    after: Callable[[Any], None] | None = None,
    border: bool = True,
    button_width: Literal["content", "stretch"] = "content",
    **service_kwargs: Any,
) -> None:
    """A form declared as rows of `Input`s (a plain string among the rows is a heading), saved
    through `save_form`: every problem under its field, what was typed kept on a refusal, the
    form emptied and the confirmation said under its button on success.

    `schema(**values)` builds what the service takes (`data_arg`); `fixed(values)` adds what no
    widget holds (today's date of a consent ticked on the form). `loaded` starts the form from
    a saved record: its values fill the widgets the first time the form is drawn, and a loaded
    value no widget shows (the record's `version`) is kept from that moment and sent with the
    save, so an edit made from a copy someone changed since is refused, not saved over theirs."""
    prefix = f"{key}_"
    inputs = [i for row in rows if not isinstance(row, str) for i in row]
    hidden: list[str] = []
    if loaded is not None:
        shown = {i.field for i in inputs}
        for field, value in loaded.items():
            st.session_state.setdefault(form_key(prefix, field), value)
            if field not in shown:
                hidden.append(field)
    errors = form_errors(prefix)
    rows = _narrowed_inputs(prefix, rows)
    with st.form(key, border=border):
        if title:
            st.markdown(f"**{title}**")
        for row in rows:
            if isinstance(row, str):
                st.markdown(row)
                continue
            cols = st.columns(len(row)) if len(row) > 1 else [st.container()]
            for i, where in zip(row, cols, strict=True):
                _widget(prefix, i, where)
                with where:
                    show_field_problem(errors, i.field)
        show_other_problems(errors, [i.field for i in inputs])
        submitted = st.form_submit_button(button, type="primary", width=button_width)
    show_confirmation(f"{key}_done")
    if submitted:

        def build() -> Any:
            values = {i.field: _typed(prefix, i) for i in inputs}
            values |= {f: st.session_state.get(form_key(prefix, f)) for f in hidden}
            return schema(**(values | (fixed(values) if fixed else {})))

        save_form(
            prefix,
            build,
            service,
            actor,
            flash_key=f"{key}_done",
            flash=confirm,
            data_arg=data_arg,
            after=after,
            **service_kwargs,
        )


def _narrowed_inputs(prefix: str, rows: Rows) -> Rows:
    """The form's rows with each long choice (past `MANY`) narrowed by a finder drawn above
    the form: a form's widgets rerun only when it is sent, so the finder cannot sit inside."""
    long = [
        i
        for row in rows
        if not isinstance(row, str)
        for i in row
        if i.kind == "choice" and isinstance(i.choices, Mapping) and len(i.choices) > MANY
    ]
    if not long:
        return rows
    places = st.columns(len(long)) if len(long) > 1 else st.columns([1, 2])[:1]
    narrowed = {}
    for i, where in zip(long, places, strict=True):
        key = form_key(prefix, i.field)
        keep = [*chosen(key), *([None] if None in i.choices else [])]
        offered = narrow(
            f"{key}_find", i.choices, label=f"Find: {i.label}", noun="choices", keep=keep,
            where=where,
        )  # fmt: skip
        narrowed[i.field] = replace(i, choices=offered)
    return [
        row if isinstance(row, str) else [narrowed.get(i.field, i) for i in row] for row in rows
    ]
