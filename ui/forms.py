"""One way for every form to refuse: each problem shown next to its field, what was typed kept.

A page keeps its widgets keyed under a prefix (so Streamlit keeps their values across the
rerun that follows a refusal), builds its pydantic schema from them, and calls the service. On a
refusal, `remember_problems` stores field -> message under the prefix and `field_problem` draws
each one right under its widget on the next run; `form_problem` draws what belongs to no field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import ValidationError

from gfj_core.errors import GfjError, ValidationFailed

FORM = "form"


def problems_of(exc: Exception) -> dict[str, str]:
    """Field -> message for a refused input. A model-level pydantic rule names its field as
    "field: message" (see gfj_core.schemas.people); anything else belongs to the whole form."""
    out: dict[str, str] = {}

    def add(field: str, message: str) -> None:
        out[field] = f"{out[field]} {message}" if field in out else message

    if isinstance(exc, ValidationError):
        for err in exc.errors():
            message = _friendly(err)
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
    return out


def _friendly(err: dict) -> str:
    """Pydantic's words for an empty field ("String should have at least 1 character", "Input
    should be a valid date") are not a person's: an empty required field says "Required."."""
    empty = err.get("input") in (None, "") or err["type"] == "missing"
    if empty and err["type"] in (
        "missing",
        "string_too_short",
        "date_type",
        "date_from_datetime_parsing",
        "int_type",
    ):
        return "Required."
    return err["msg"].removeprefix("Value error, ")


def _key(prefix: str) -> str:
    return f"{prefix}__problems"


def remember_problems(prefix: str, exc: Exception) -> None:
    st.session_state[_key(prefix)] = problems_of(exc)


def problems(prefix: str) -> dict[str, str]:
    return st.session_state.get(_key(prefix), {})


def clear_problems(prefix: str) -> None:
    st.session_state.pop(_key(prefix), None)


def field_problem(prefix: str, *fields: str) -> None:
    """Under a widget: the problem with its field(s), if the last submit was refused."""
    found = problems(prefix)
    for field in fields:
        if field in found:
            st.error(found[field], icon=":material/error:")


def form_problem(prefix: str, known_fields: set[str] | None = None) -> None:
    """Above the submit button: problems that no field of the form shows itself."""
    found = problems(prefix)
    rest = [m for f, m in found.items() if known_fields is None or f not in known_fields]
    if known_fields is None:
        rest = [found[FORM]] if FORM in found else []
    for message in rest:
        st.error(message, icon=":material/error:")


def submit(prefix: str, action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run the form's action (build the schema, call the service). Refused: problems are kept
    for the next run and (False, None) returned; saved: problems cleared, (True, result)."""
    try:
        result = action()
    except (ValidationError, GfjError) as exc:
        remember_problems(prefix, exc)
        return False, None
    clear_problems(prefix)
    return True, result


def values(prefix: str, names: list[str]) -> dict[str, Any]:
    """The widgets' current values, by field name (widgets keyed f"{prefix}{name}")."""
    return {name: st.session_state.get(f"{prefix}{name}") for name in names}


def forget(prefix: str) -> None:
    """Clear a saved form's widgets (and its problems) so it opens empty next time."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def flash(key: str, message: str | None = None) -> None:
    """Say something once after the rerun that follows a save: call with a message to set it,
    without to show (and forget) it."""
    if message is not None:
        st.session_state[key] = message
        return
    said = st.session_state.pop(key, None)
    if said:
        st.success(said, icon=":material/check_circle:")


def generation(base: str) -> str:
    """The widget-key prefix of a form that empties after each save: `base` plus a generation
    number. Deleting a saved form's keys is not enough, as the browser keeps showing (and then
    submits) the old values of widgets it still has; new keys make new, empty widgets."""
    return f"{base}{st.session_state.get(base + '_generation', 0)}_"


def renew(base: str) -> None:
    """After a save: forget the form's values and problems and start a new generation."""
    old = generation(base)
    forget(old)
    st.session_state[base + "_generation"] = st.session_state.get(base + "_generation", 0) + 1
