"""The one way to delete (or retire) a record with a confirmation: pick it, read what goes with
it (or why it cannot go yet), confirm or cancel, and read the outcome right under the panel.

    removal_panel(
        "fr_gift",
        options={g.id: gift_removal_line(g) for g in records.gifts},
        what="gift",
        removal=lambda gift_id: Removal(
            said=f"This removes {line(gift_id)}.", args={"gift_id": gift_id},
            done=lambda said: f"Removed {said}.",
        ),
        service=remove_gift, actor=actor,
    )

`removal(pick)` says what removing that record means (`Removal`): the confirmation's words, the
service's arguments (the record's id and the version the panel was drawn from, so a record
someone changed meanwhile is refused, not deleted unseen) and what to say once it is done; or
`blocked`, why it cannot go yet (nothing to confirm then). The service runs through
ui.data.write (one transaction: all of it or none). A refusal keeps the pick and says why; a
cancel leaves the database as it was; a removal empties the picker and confirms under it.
`history=` adds the picked record's History panel (every change is audited). `remove_one` is
the same confirmation for a record the page has already chosen (the timeline's one milestone).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from gfj_core.errors import GfjError
from gfj_core.exports.safety import inert_markdown as md
from ui.data import read, write
from ui.finder import chosen, narrow_codes, plural
from ui.forms import error_message, show_confirmation
from ui.history import history_expander


@dataclass(frozen=True)
class Removal:
    """What removing one record means. `said` and `done` (the sentence said afterwards, or a
    function of what the service returned) are Markdown the caller made safe: user text
    through inert_markdown."""

    said: str
    args: Mapping[str, Any] = field(default_factory=dict)
    done: str | Callable[[Any], str] = "Deleted."
    blocked: str | None = None


def remove_one(
    key: str,
    record_id: Any,
    *,
    removal: Removal,
    service: Callable,
    actor,
    what: str,
    verb: str = "Delete",
) -> None:
    """The confirmation of removing one record, then its outcome (said once, under it). The
    service's arguments are kept from the moment the confirmation is shown: a record someone
    changed after that is refused as a stale edit, not removed unseen."""
    pending_key, args_key = f"{key}_pending", f"{key}_args"
    if removal.blocked:
        st.info(md(removal.blocked), icon=":material/block:")
    elif st.session_state.get(pending_key) != record_id:
        if st.button(
            f"{verb} this {what}…",
            key=f"{key}_{verb.lower()}_{record_id}",
            icon=":material/delete:",
        ):
            st.session_state[pending_key] = record_id
            st.session_state.pop(args_key, None)
            st.rerun()
    else:
        args = st.session_state.setdefault(args_key, dict(removal.args))
        with st.container(border=True):
            st.warning(removal.said, icon=":material/warning:")
            buttons = st.container(horizontal=True)
            yes = buttons.button(
                f"Yes, {verb.lower()} it", type="primary", key=f"{key}_yes_{record_id}"
            )
            if buttons.button("Cancel", key=f"{key}_no_{record_id}"):
                st.session_state.pop(pending_key, None)
                st.session_state.pop(args_key, None)
                st.rerun()
        if yes:
            st.session_state.pop(pending_key, None)
            st.session_state.pop(args_key, None)
            try:
                result = write(service, actor, **args)
            except GfjError as exc:
                st.session_state[f"{key}_error"] = error_message(exc)
            else:
                done = removal.done(result) if callable(removal.done) else removal.done
                st.session_state[f"{key}_done"] = done
                st.session_state[f"{key}_nonce"] = st.session_state.get(f"{key}_nonce", 0) + 1
                st.toast(done, icon=":material/check_circle:")
            st.rerun()
    show_outcome(key)


def show_outcome(key: str) -> None:
    """The refusal or the confirmation of the last removal, said once."""
    error = st.session_state.pop(f"{key}_error", None)
    if error:
        st.error(md(error), icon=":material/error:")
    show_confirmation(f"{key}_done")


def removal_panel(
    key: str,
    *,
    options: Mapping[Any, str],
    removal: Callable[[Any], Removal],
    service: Callable,
    actor,
    what: str,
    verb: str = "Delete",
    label: str | None = None,
    history: str | None = None,
    placeholder: str = "Choose one",
    border: bool = False,
    finder: str | None = None,
) -> None:
    """Pick one of `options` (id -> name), then `remove_one` it. After a removal the picker
    starts empty again (a fresh key); after a refusal it keeps the pick. `border` draws the
    panel in a box (under a grid it edits). A long list gets a finder, or follows the one keyed
    `finder` (ui.finder)."""
    if border and options:
        with st.container(border=True):
            removal_panel(
                key,
                options=options,
                removal=removal,
                service=service,
                actor=actor,
                what=what,
                verb=verb,
                label=label,
                history=history,
                placeholder=placeholder,
                finder=finder,
            )
        return
    if not options:
        show_outcome(key)
        return
    nonce = st.session_state.get(f"{key}_nonce", 0)
    pick_key = f"{key}_pick_{nonce}" if nonce else f"{key}_pick"
    a = "an" if what[:1] in tuple("aeiou") else "a"
    offered = narrow_codes(
        f"{key}_find",
        list(options),
        options.__getitem__,
        label=f"Find {a} {what}",
        noun=plural(what),
        keep=chosen(pick_key),
        finder=finder,
    )
    pick = st.selectbox(
        label
        or (f"History or {verb.lower()}: choose {a} {what}" if history else what.capitalize()),
        list(offered),
        format_func=lambda k: offered.get(k, "—"),
        index=None,
        placeholder=placeholder,
        key=pick_key,
    )
    if st.session_state.get(f"{key}_pending") not in (None, pick):
        st.session_state.pop(f"{key}_pending")  # another record was picked: ask again
        st.session_state.pop(f"{key}_args", None)
    if pick is None:
        show_outcome(key)
        return
    if history:
        history_expander(history, pick, actor)
    remove_one(key, pick, removal=removal(pick), service=service, actor=actor, what=what, verb=verb)


def plan_removal(entity: str, record_id: int, *, id_arg: str, actor) -> Removal:
    """A transition-plan row's removal (services/transition_removal): what goes with it, or
    what still points at it, and the version read now."""
    from gfj_core.services.transition_removal import removal_consequences

    found = read(removal_consequences, actor, entity=entity, entity_id=record_id)
    name = md(found.name)
    goes = " and ".join(found.goes_with)
    return Removal(
        said=f"Delete **{name}**"
        + (f" with {goes}" if goes else "")
        + "? This cannot be undone; the History keeps a record of it.",
        args={id_arg: record_id, "expected_version": found.version},
        done=f"Deleted “{name}”.",
        blocked=found.blocked_by,
    )


def row_removal(
    row, *, name: str, goes_with: str | None = None, blocked: str | None = None
) -> Removal:
    """An evaluation record's removal (services/corrections.delete_row: the record's id and
    the version read now); the service returns the name of what it deleted."""
    shown = md(name)
    return Removal(
        said=f"Delete **{shown}**"
        + (f" with {md(goes_with)}" if goes_with else ": nothing else is recorded against it")
        + ". This cannot be undone; the History keeps a record of it.",
        args={"record_id": row.id, "expected_version": row.version},
        done=lambda gone: f"Deleted “{md(gone)}”.",
        blocked=blocked,
    )


def rows_removal(
    key: str,
    *,
    rows,
    name_of: Callable[[Any], str],
    service: Callable,
    actor,
    what: str,
    history: str,
    goes_with: Callable[[Any], str | None] = lambda r: None,
    blocked: Callable[[Any], str | None] = lambda r: None,
    finder: str | None = None,
) -> None:
    """Under an expander, "Delete a … (the …, when there is one), or see its history":
    `removal_panel` over rows that carry `id` and `version`, each removed with `row_removal`
    (the service takes `record_id` and `expected_version` and returns the name of what it
    deleted)."""
    by_id = {r.id: r for r in rows}
    # One row (the founder's one role): "Delete the role", not "a role" as if there were more.
    a = "the" if len(by_id) == 1 else "an" if what[0] in "aeiou" else "a"
    with st.expander(f"Delete {a} {what}, or see its history", icon=":material/delete:"):
        removal_panel(
            key,
            options=_Names(by_id, name_of),
            removal=lambda i: row_removal(
                by_id[i],
                name=name_of(by_id[i]),
                goes_with=goes_with(by_id[i]),
                blocked=blocked(by_id[i]),
            ),
            service=service,
            actor=actor,
            what=what,
            history=history,
            finder=finder,
        )


class _Names(Mapping):
    """id -> the row's name, worked out when asked: a long list names only the rows it offers."""

    def __init__(self, by_id: Mapping[Any, Any], name_of: Callable[[Any], str]) -> None:
        self._by_id, self._name_of = by_id, name_of

    def __getitem__(self, i: Any) -> str:
        return self._name_of(self._by_id[i])

    def __iter__(self):
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)
