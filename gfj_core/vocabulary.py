"""A vocabulary: the stored codes of a choice and the words people read, one type used both
ways. A page shows `words[code]` and saves `words.code(word)`; a grid's options are
`words.options()`. It is a read-only mapping, so `words[code]`, `.get`, `.items()` and
`.values()` read as they do on a dict."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

K = TypeVar("K")


class Vocabulary(Mapping[K, str], Generic[K]):
    __slots__ = ("_codes", "_words")

    def __init__(self, words: Mapping[K, str]) -> None:
        self._words: dict[K, str] = dict(words)
        self._codes: dict[str, K] = {w: c for c, w in self._words.items()}
        if len(self._codes) != len(self._words):
            raise ValueError("Two codes of a vocabulary share a word; a word must name one code.")

    def __getitem__(self, code: K) -> str:
        return self._words[code]

    def __iter__(self) -> Iterator[K]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def __repr__(self) -> str:
        return f"Vocabulary({self._words!r})"

    def word(self, code: K | None, default: str = "") -> str:
        """The word for a code; `default` for None or an unknown code."""
        return self._words.get(code, default) if code is not None else default

    def code(self, word: str | None) -> K | None:
        """The code for a word (or the code itself, given one); None for an empty cell."""
        if word is None or word == "":
            return None
        if word in self._codes:
            return self._codes[word]
        if word in self._words:
            return word  # type: ignore[return-value]
        raise KeyError(f"“{word}” is not one of: {', '.join(self._words.values())}.")

    def options(self) -> list[str]:
        return list(self._words.values())

    def without(self, *codes: K) -> Vocabulary[K]:
        return Vocabulary({c: w for c, w in self._words.items() if c not in codes})
