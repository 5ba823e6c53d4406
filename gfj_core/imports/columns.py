"""An import's columns, defined once (issue 13): the name in the header row, whether it is
required, what goes in it (in words), how a cell is parsed, and the worked example's value.
The importer reads REQUIRED / OPTIONAL and PARSERS from it, the Import data page its column
table and template, and the README its table (a test checks the README against it).

An existing import follows by replacing its REQUIRED, OPTIONAL, COLUMNS, PARSERS and
TEMPLATE_ROWS with one tuple of ImportColumn and the helpers below (see gfj_core/imports/
pipeline.py for three imports written that way)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gfj_core.imports.common import Cell


@dataclass(frozen=True)
class ImportColumn:
    name: str
    required: bool
    what: str
    parse: Callable[[Cell], Any]
    example: str = ""


Columns = Sequence[ImportColumn]


def names(columns: Columns) -> tuple[str, ...]:
    return tuple(c.name for c in columns)


def required(columns: Columns) -> tuple[str, ...]:
    return tuple(c.name for c in columns if c.required)


def optional(columns: Columns) -> tuple[str, ...]:
    return tuple(c.name for c in columns if not c.required)


def parsers(columns: Columns) -> dict[str, Callable[[Cell], Any]]:
    return {c.name: c.parse for c in columns}


def template_row(columns: Columns) -> list[str]:
    return [c.example for c in columns]


def described(columns: Columns) -> list[tuple[str, str, str]]:
    """(column, required yes/no, what goes in it): the Import data page's column table."""
    return [(c.name, "yes" if c.required else "no", c.what) for c in columns]


def markdown_table(columns: Columns) -> str:
    """The README's table of an import's columns."""
    lines = ["| column | required | what |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {'yes' if c.required else 'no'} | {c.what} |" for c in columns]
    return "\n".join(lines)
