"""Pieces of the Leader development page that are mechanisms, not drawing of one record: picking
a record to see its history, and removing a record with a confirmation that names it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from gfj_core.errors import GfjError
from gfj_core.exports.safety import inert_markdown
from gfj_core.schemas.development import RecordRemoval
from ui.data import write
from ui.forms import error_message, form_key, show_field_problem
from ui.history import history_expander

# The organization's date style to type (issue: one date style).
FLASH = "dev_flash"


def errors_of(prefix: str) -> dict[str, str]:
    """The problems by field of the form's last refused save (see ui.forms.save_form)."""
    return st.session_state.get(prefix + "errors", {})


def select_field(
    label: str, options: dict, prefix: str, name: str, field: str | None = None
) -> None:
    """A form's choice among ids (shown by their names), with its field's problem under it."""
    st.selectbox(label, list(options), format_func=options.get, key=form_key(prefix, name))
    show_field_problem(errors_of(prefix), field or name)


def history_picker(entity: str, records: Mapping[int, str], key: str, actor) -> None:
    """The History panel of one record the viewer picks (every change is audited)."""
    if records:
        pick = st.selectbox("Show the history of", list(records), format_func=records.get, key=key)
        history_expander(entity, pick, actor)


def remove_record(
    key: str,
    records: Mapping[int, tuple[str, int]],
    service: Callable,
    actor,
    *,
    what: str,
) -> None:
    """Remove one record (id -> (label, version)) recorded by mistake. Nothing points at these
    records, so they are deleted; the confirmation names the record and says that nothing else
    goes with it, and the record's History keeps what it held."""
    if not records:
        return
    article = "an" if what[0] in "aeiou" else "a"
    with st.expander(f"Remove {article} {what} recorded by mistake"):
        pick = st.selectbox(
            f"The {what}", list(records), format_func=lambda i: records[i][0], key=f"{key}_pick"
        )
        label, version = records[pick]
        sure = st.checkbox(
            f"Yes, remove “{inert_markdown(label)}”. Nothing else goes with it; its history keeps what it held.",
            key=f"{key}_sure_{pick}",
        )
        problem = st.session_state.pop(f"{key}_error", None)
        if problem:
            st.error(problem, icon=":material/error:")
        if st.button(f"Remove this {what}", key=f"{key}_go", disabled=not sure):
            try:
                removed = write(
                    service, actor, data=RecordRemoval(id=pick, expected_version=version)
                )
            except GfjError as exc:
                st.session_state[f"{key}_error"] = error_message(exc)
            else:
                st.session_state[FLASH] = f"Removed the {what} “{removed}”."
            st.rerun()
