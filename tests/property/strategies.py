"""Hypothesis strategies that build input for any pydantic model from its field annotations,
mixing well-typed values with the junk people paste into forms and spreadsheets."""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime

from hypothesis import strategies as st
from pydantic import BaseModel

NASTY_TEXT = [
    "",
    " ",
    "  padded  ",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** [link](javascript:alert(1))",
    '=HYPERLINK("http://evil","x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "Robert'); DROP TABLE person;--",
    "nul\x00byte",
    "tab\tand\nnewline",
    "é ñ ü 漢字 😀",
    "x" * 1000,
    "NaN",
    "inf",
    "1e309",
    "null",
    "true",
    "2026-02-30",
    "2026-13-01",
    "31/12/2026",
    "0",
    "  42  ",
]

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.dates().map(str),
)

TEXT = st.one_of(st.text(max_size=60), st.sampled_from(NASTY_TEXT))


def for_annotation(tp, depth: int = 0) -> st.SearchStrategy:
    """Values of the annotated type (not necessarily valid under the field's constraints)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is typing.Any or tp is object:
        return JUNK
    if origin is typing.Annotated:
        return for_annotation(args[0], depth)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(for_annotation(a, depth) for a in args))
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (list, set, frozenset, tuple) or tp in (list, tuple):
        item = for_annotation(args[0], depth + 1) if args else JUNK
        return st.lists(item, max_size=3 if depth < 2 else 1)
    if origin is dict or tp is dict:
        key = for_annotation(args[0], depth + 1) if args else st.text(max_size=8)
        value = for_annotation(args[1], depth + 1) if len(args) > 1 else JUNK
        return st.dictionaries(key, value, max_size=3 if depth < 2 else 1)
    if tp is type(None):
        return st.none()
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return model_input(tp, depth + 1) if depth < 3 else st.just({})
        if issubclass(tp, enum.Enum):
            return st.sampled_from([m.value for m in tp])
        if issubclass(tp, bool):
            return st.booleans()
        if issubclass(tp, int):
            return st.one_of(st.integers(min_value=-5, max_value=400), st.integers())
        if issubclass(tp, float):
            return st.one_of(
                st.floats(min_value=-10, max_value=1e7, allow_nan=False),
                st.floats(allow_nan=True, allow_infinity=True),
            )
        if issubclass(tp, datetime):
            return st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1))
        if issubclass(tp, date):
            return st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1))
        if issubclass(tp, str):
            return TEXT
    return JUNK


def model_input(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[dict]:
    """A dict for model_validate: each field usually present and well-typed, sometimes junk,
    sometimes missing; now and then an unknown key."""
    fields = {
        (info.alias or name): st.one_of(
            for_annotation(info.annotation, depth),
            for_annotation(info.annotation, depth),
            for_annotation(info.annotation, depth),
            JUNK,
        )
        for name, info in model.model_fields.items()
    }

    @st.composite
    def build(draw):
        data = draw(st.fixed_dictionaries(fields))
        for key in draw(st.sets(st.sampled_from(sorted(fields)), max_size=1)) if fields else ():
            data.pop(key)
        if draw(st.integers(0, 19)) == 0:
            data["unexpected_field"] = draw(JUNK)
        return data

    return build()
