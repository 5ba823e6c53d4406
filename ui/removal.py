"""The one way to remove a record imported by mistake (issue 15): pick it, ask to remove it,
read what goes with it, confirm. The confirmation is drawn right under the picker and names
what will be deleted (the service's own words); the removal runs through ui.data.write (one
transaction: all of it or none), and the confirmation or the refusal is said once, under it.

    removal_panel(
        "fr_gift",
        options={g.id: gift_removal_line(g) for g in records.gifts},
        label="Gift", ask="Remove this gift…",
        confirm=lambda gift_id: (f"This removes {line(gift_id)}.", {"gift_id": gift_id}),
        service=remove_gift, actor=actor,
        done=lambda said: f"Removed {said}.",
    )
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from gfj_core.errors import GfjError
from gfj_core.exports.safety import inert_markdown as md
from ui.data import write


def removal_panel(
    key: str,
    *,
    options: Mapping[Any, str],
    label: str,
    ask: str,
    confirm: Callable[[Any], tuple[str, dict]],
    service: Callable,
    actor,
    done: Callable[[Any], str],
    placeholder: str = "Choose one",
) -> None:
    """Draw the picker, the confirmation and the outcome of one kind of removal."""
    nonce = st.session_state.setdefault(f"{key}_nonce", 0)
    pick = st.selectbox(
        label,
        list(options),
        format_func=lambda k: options[k],
        index=None,
        placeholder=placeholder,
        key=f"{key}_pick_{nonce}",
    )
    pending_key = f"{key}_pending"
    if st.session_state.get(pending_key) not in (None, pick):
        st.session_state.pop(pending_key)  # another record was picked: ask again
    if st.button(ask, disabled=pick is None, key=f"{key}_ask", icon=":material/delete:"):
        st.session_state[pending_key] = pick
        st.session_state.pop(f"{key}_error", None)
        st.rerun()
    if pick is not None and st.session_state.get(pending_key) == pick:
        said, kwargs = confirm(pick)
        with st.container(border=True):
            st.warning(md(said), icon=":material/warning:")
            buttons = st.container(horizontal=True)
            if buttons.button("Yes, remove it", type="primary", key=f"{key}_yes"):
                try:
                    result = write(service, actor, **kwargs)
                except GfjError as exc:
                    st.session_state[f"{key}_error"] = str(exc)
                else:
                    st.session_state[f"{key}_done"] = done(result)
                    st.session_state[f"{key}_nonce"] = nonce + 1
                    st.toast(md(done(result)), icon=":material/check_circle:")
                st.session_state.pop(pending_key, None)
                st.rerun()
            if buttons.button("Cancel", key=f"{key}_no"):
                st.session_state.pop(pending_key, None)
                st.rerun()
    error = st.session_state.pop(f"{key}_error", None)
    if error:
        st.error(md(error), icon=":material/error:")
    said = st.session_state.pop(f"{key}_done", None)
    if said:
        st.success(md(said), icon=":material/check_circle:")
