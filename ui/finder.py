"""Long lists on a page: past `MANY` rows or choices a table or a picker offers the first `MANY`
(in the order the service gave: the most relevant first) and a "Find" box above it that narrows
them to what matches, with a caption saying how many there are in all.

Why: a table or a picker of 4,000 people is drawn again at every rerun (each option formatted,
copied and sent to the browser: tens of milliseconds at 100x the demo), and nobody scrolls
4,000 names to find one. Lists of at most `MANY` are drawn whole, as before, with no finder."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import streamlit as st

MANY = 50

T = TypeVar("T")


def plural(noun: str) -> str:
    """ "story" -> "stories", "event" -> "events" (the nouns the pages name their rows by)."""
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun if noun.endswith("s") else noun + "s"


def find_box(key: str, label: str, *, where: Any = None) -> str:
    """The finder's text, folded for matching ("" when nothing is typed)."""
    text = (where or st).text_input(
        label,
        key=key,
        placeholder="Type part of a name or a word",
        help="Lists longer than this show only the first ones: type to find the others.",
    )
    return (text or "").strip().casefold()


def shown_caption(
    shown: int,
    matching: int,
    total: int,
    noun: str,
    query: str,
    hint: str = "type in the box above to find the others",
) -> str:
    """ "Showing 50 of 3,400 people" or "Showing 12 of 12 people matching “ann” (3,400 in all)"."""
    said = f"Showing {shown:,} of {matching:,} {noun}"
    if query:
        said += f" matching “{query}” ({total:,} in all)"
    if shown < matching:
        said += f": {hint}."
    return said


def first_matching(
    items: Sequence[T], text_of: Callable[[T], str], query: str, limit: int = MANY
) -> tuple[list[T], int]:
    """The first `limit` items whose text contains `query` (all of them when it is empty), and
    how many match in all."""
    if not query:
        return list(items[:limit]), len(items)
    matching = [x for x in items if query in text_of(x).casefold()]
    return matching[:limit], len(matching)


def narrow(
    key: str,
    choices: Mapping[Any, str],
    *,
    label: str,
    noun: str,
    keep: Iterable[Any] = (),
    where: Any = None,
    finder: str | None = None,
) -> dict[Any, str]:
    """`choices` (code -> word) as a picker should offer them: all of them when there are at
    most `MANY`; past that a finder labelled `label` (keyed `key`), and the first `MANY` that
    match, always with the codes in `keep` (what is already chosen, and an empty choice), in
    the order of `choices`."""
    if len(choices) <= MANY:
        return dict(choices)
    return narrow_codes(
        key,
        list(choices),
        choices.__getitem__,
        label=label,
        noun=noun,
        keep=keep,
        where=where,
        finder=finder,
    )


def narrow_codes(
    key: str,
    codes: Sequence[Any],
    word: Callable[[Any], str],
    *,
    label: str,
    noun: str,
    keep: Iterable[Any] = (),
    where: Any = None,
    finder: str | None = None,
) -> dict[Any, str]:
    """`narrow` over codes whose words are worked out only for the codes offered (and for all
    of them only while something is typed in the finder). With `finder`, the key of a finder
    already on the page (the table above), no finder of its own: it follows that one."""
    if len(codes) <= MANY:
        return {c: word(c) for c in codes}
    if finder is not None:
        query = str(st.session_state.get(finder) or "").strip().casefold()
    else:
        where = where or st.columns([1, 2])[0]  # a finder needs no more than a third
        query = find_box(key, label, where=where)
    first, matching = first_matching(codes, lambda c: str(word(c)), query)
    wanted = set(first) | set(keep)
    offered = {c: word(c) for c in codes if c in wanted}
    if finder is None:
        (where or st).caption(shown_caption(len(first), matching, len(codes), noun, query))
    return offered


def chosen(key: str) -> list[Any]:
    """What a keyed picker holds now (one value or several), to keep it offered."""
    value = st.session_state.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
