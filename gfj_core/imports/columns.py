"""An import's columns, defined once (issue 13): the name in the header row, whether it is
required, what goes in it (in words), how a cell is parsed, and the worked example's value.
The importer reads REQUIRED / OPTIONAL and PARSERS from it, the Import data page its column
table and template, and the README its table (tests check the README against it).

Every spreadsheet import is written this way: monthly accounts, funders and gifts
(gfj_core/imports/financials.py, funders.py, gifts.py), community events (events.py), the
people directory (people.py), the leadership pipeline (pipeline.py) and mentoring sessions
(sessions.py)."""

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
    # The worked example's value; a tuple gives the template one row per value.
    example: str | tuple[str, ...] = ""
    # How the column table says "required" when it is neither yes nor no (a column the header
    # must have whose cells may be empty).
    required_word: str | None = None


Columns = Sequence[ImportColumn]


def names(columns: Columns) -> tuple[str, ...]:
    return tuple(c.name for c in columns)


def required(columns: Columns) -> tuple[str, ...]:
    return tuple(c.name for c in columns if c.required)


def optional(columns: Columns) -> tuple[str, ...]:
    return tuple(c.name for c in columns if not c.required)


def parsers(columns: Columns) -> dict[str, Callable[[Cell], Any]]:
    return {c.name: c.parse for c in columns}


def _examples(column: ImportColumn) -> tuple[str, ...]:
    return column.example if isinstance(column.example, tuple) else (column.example,)


def template_row(columns: Columns) -> list[str]:
    return [_examples(c)[0] for c in columns]


def template_rows(columns: Columns) -> list[list[str]]:
    """The template's worked examples: as many rows as the longest example tuple."""
    n = max(len(_examples(c)) for c in columns)
    return [[(_examples(c) + ("",) * n)[i] for c in columns] for i in range(n)]


def required_word(column: ImportColumn) -> str:
    return column.required_word or ("yes" if column.required else "no")


def contract(
    columns: Columns,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], dict, list]:
    """What an importer reads from its columns: (required, optional, names, parsers, the
    template's rows), e.g. `REQUIRED, OPTIONAL, COLUMNS, PARSERS, TEMPLATE_ROWS = contract(X)`."""
    return (
        required(columns),
        optional(columns),
        names(columns),
        parsers(columns),
        template_rows(columns),
    )


def described(columns: Columns) -> list[tuple[str, str, str]]:
    """(column, required yes/no, what goes in it): the Import data page's column table."""
    return [(c.name, required_word(c), c.what) for c in columns]


def markdown_table(columns: Columns) -> str:
    """The README's table of an import's columns."""
    lines = ["| column | required | what |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {required_word(c)} | {c.what} |" for c in columns]
    return "\n".join(lines)
