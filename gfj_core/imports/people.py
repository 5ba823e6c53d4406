"""The people directory from a CSV or XLSX file, all or nothing.

Columns: `full_name` (required; a name already on file updates that person), optionally
`email` (unique), `title`, `board_seat` (chair, vice chair, treasurer, secretary, member),
`board_term_start`, `board_term_end` (YYYY-MM-DD), `staff` (true/false, yes/no, 1/0).
"""

from __future__ import annotations

from pydantic import ValidationError

from gfj_core.imports.columns import ImportColumn, contract
from gfj_core.imports.common import (
    Problems,
    Table,
    check_columns,
    choice,
    parse_bool,
    parse_date,
    parse_row,
    parse_text,
)
from gfj_core.schemas.people import BOARD_SEATS, PersonFields


def _email(text: str) -> str:
    """Checked here as well as by the schema, so a row with several bad cells names them all."""
    return PersonFields._email(text)


# Model field -> file column, for problems raised by the schema.
COLUMN_FOR = {"board_role": "board_seat", "is_staff": "staff"}
# The columns, defined once (gfj_core.imports.columns): the parser, the template and the
# README's table read them.
PEOPLE_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("full_name", True, "the person's full name; a name already on file updates that person",
                 lambda c: parse_text(c, 120), ("Ada Example", "Ben Example")),
    ImportColumn("email", False, "unique", lambda c: _email(parse_text(c, 200)), ("ada@example.org", "")),
    ImportColumn("title", False, "their job or board title", lambda c: parse_text(c, 160),
                 ("Board chair", "Program director")),
    ImportColumn("board_seat", False, "chair, vice_chair, treasurer, secretary or member",
                 choice(BOARD_SEATS), ("chair", "")),
    ImportColumn("board_term_start", False, "`YYYY-MM-DD`", parse_date, ("2025-01-01", "")),
    ImportColumn("board_term_end", False, "`YYYY-MM-DD`", parse_date, ("2027-12-31", "")),
    ImportColumn("staff", False, "true/false, yes/no or 1/0", parse_bool, ("no", "yes")),
)  # fmt: skip
REQUIRED, OPTIONAL, COLUMNS, PARSERS, TEMPLATE_ROWS = contract(PEOPLE_COLUMNS)


def parse_people(table: Table) -> tuple[list[tuple[int, PersonFields]], Problems]:
    """Every row checked; (row number, person) for the good ones and every problem found."""
    problems = Problems()
    rows: list[tuple[int, PersonFields]] = []
    if not check_columns(table, REQUIRED, OPTIONAL, problems):
        return rows, problems
    first_name: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for number, record in table.records():
        values = parse_row(number, record, PARSERS, REQUIRED, problems)
        if values is None:
            continue
        data = {
            "full_name": values["full_name"],
            "email": values.get("email"),
            "title": values.get("title"),
            "board_role": values.get("board_seat"),
            "board_term_start": values.get("board_term_start"),
            "board_term_end": values.get("board_term_end"),
            "is_staff": bool(values.get("staff")),
        }
        try:
            person = PersonFields.model_validate(data)
        except ValidationError as exc:
            _add_problems(exc, number, problems)
            continue
        key = person.full_name.lower()
        if key in first_name:
            problems.add(
                number,
                "full_name",
                f"'{person.full_name}' appears twice in this file (first on row {first_name[key]})",
            )
            continue
        first_name[key] = number
        if person.email:
            if person.email in first_email:
                problems.add(
                    number,
                    "email",
                    f"'{person.email}' appears twice in this file "
                    f"(first on row {first_email[person.email]})",
                )
                continue
            first_email[person.email] = number
        rows.append((number, person))
    return rows, problems


def _add_problems(exc: ValidationError, row: int, problems: Problems) -> None:
    """Field errors go to their column; the schema's cross-field rules name theirs as 'field: '."""
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        if error["loc"]:
            field = str(error["loc"][0])
            problems.add(row, COLUMN_FOR.get(field, field), message)
            continue
        field, sep, rest = message.partition(": ")
        column = COLUMN_FOR.get(field, field) if sep else None
        problems.add(row, column, rest if sep else message)
