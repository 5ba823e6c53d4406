"""Delete one row of the transition plan, after a confirmation that names what goes with it.

    remove_record("tl_ph", entity="phase", record_id=p.id, delete=delete_phase,
                  id_arg="phase_id", actor=actor)

draws a "Delete" popover: what goes with the row (gfj_core.services.transition_removal), or why
it cannot go yet (nothing to confirm then); on confirmation the row's `delete_*` service runs
through ui.data.write with the version the popover was drawn from, so a row someone changed
meanwhile is refused, not deleted unseen. The result is said right under the popover after the
rerun. `record_tools` adds a picker and the row's History panel for tabs that edit in a grid."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from gfj_core.errors import GfjError
from gfj_core.exports.safety import inert_markdown
from gfj_core.services.transition_removal import removal_consequences
from ui.data import read, write
from ui.forms import show_confirmation
from ui.history import history_expander


def remove_record(
    key: str,
    *,
    entity: str,
    record_id: int,
    delete: Callable,
    id_arg: str,
    actor,
    what: str,
) -> None:
    """The Delete popover of one row, and the confirmation or refusal of the last attempt."""
    removal = read(removal_consequences, actor, entity=entity, entity_id=record_id)
    name = inert_markdown(removal.name)
    with st.popover(f"Delete this {what}", icon=":material/delete:"):
        if removal.blocked_by:
            st.markdown(inert_markdown(removal.blocked_by))
        else:
            goes = " and ".join(removal.goes_with)
            st.markdown(
                f"Delete **{name}**"
                + (f" with {goes}" if goes else "")
                + "? This cannot be undone; the History keeps a record of it."
            )
            if st.button("Yes, delete it", type="primary", key=f"{key}_delete_{record_id}"):
                try:
                    write(
                        delete,
                        actor,
                        **{id_arg: record_id},
                        expected_version=removal.version,
                    )
                except GfjError as exc:
                    st.session_state[f"{key}_refused"] = str(exc)
                else:
                    st.session_state.pop(f"{key}_refused", None)
                    st.session_state[f"{key}_removed"] = f"Deleted “{name}”."
                st.rerun()
    refused = st.session_state.pop(f"{key}_refused", None)
    if refused:
        st.error(inert_markdown(refused), icon=":material/error:")


def record_tools(
    key: str,
    *,
    entity: str,
    records: Mapping[int, str],
    delete: Callable,
    id_arg: str,
    actor,
    what: str,
) -> None:
    """Under a grid: pick one of its rows to see its History or delete it."""
    show_confirmation(f"{key}_removed")
    if not records:
        return
    with st.container(border=True):
        pick = st.selectbox(
            f"History or delete: choose a {what}",
            list(records),
            format_func=records.get,
            key=f"{key}_pick",
        )
        history_expander(entity, pick, actor)
        remove_record(
            key,
            entity=entity,
            record_id=pick,
            delete=delete,
            id_arg=id_arg,
            actor=actor,
            what=what,
        )
