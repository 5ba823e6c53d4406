"""Community events from a CSV or Excel file, all or nothing.

Columns (header names as written here, any order):
  required  date (YYYY-MM-DD), event, kind, state, participants, and one of
            new_participants / returning_participants (both may be given; they must add up)
  optional  programme, feedback_score (1-5, the average of the feedback forms),
            feedback_forms (how many forms that average covers), notes

kind: training, workshop, listening_session, rally, cultural, court_watch, meeting (the labels
"Listening session", "Cultural event", "Rally or march", "Community meeting" work too).
state: NY, CA or other ("New York", "California", "national" work too).
A programme named for the first time is created. An event already recorded (same date and name)
is refused: nothing is imported twice.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from gfj_core.imports.columns import ImportColumn, contract
from gfj_core.imports.common import (
    Cell,
    Problems,
    Table,
    add_pydantic_problems,
    cell_text,
    check_columns,
    parse_date,
    parse_row,
    parse_text,
)
from gfj_core.schemas.evaluation import EVENT_KIND_LABELS, EVENT_KINDS, EventCreate

_KIND_WORDS = {
    **{k: k for k in EVENT_KINDS},
    **{_l.lower(): k for k, _l in EVENT_KIND_LABELS.items()},
}
_KIND_WORDS.update({"rally": "rally", "march": "rally", "cultural event": "cultural"})
_STATE_WORDS = {
    "ny": "NY",
    "new york": "NY",
    "ca": "CA",
    "california": "CA",
    "other": "other",
    "national": "other",
    "elsewhere": "other",
    "online": "other",
}


def parse_kind(cell: Cell) -> str:
    text = re.sub(r"\s+", " ", cell_text(cell).strip().lower())
    kind = _KIND_WORDS.get(text) or _KIND_WORDS.get(text.replace(" ", "_").replace("-", "_"))
    if kind is None:
        raise ValueError(f"'{cell_text(cell)}' is not one of: {', '.join(EVENT_KINDS)}")
    return kind


def parse_state(cell: Cell) -> str:
    text = re.sub(r"\s+", " ", cell_text(cell).strip().lower())
    if text not in _STATE_WORDS:
        raise ValueError(f"'{cell_text(cell)}' is not NY, CA or other")
    return _STATE_WORDS[text]


def parse_count(cell: Cell) -> int:
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not a whole number")
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float) and cell.is_integer():
        value = int(cell)
    else:
        text = cell_text(cell).strip().replace(",", "")
        if not re.fullmatch(r"\d+", text):
            raise ValueError(f"'{cell_text(cell)}' is not a whole number")
        value = int(text)
    if value < 0:
        raise ValueError("cannot be negative")
    return value


def parse_score(cell: Cell) -> float:
    try:
        value = float(cell_text(cell).strip())
    except ValueError:
        raise ValueError(f"'{cell_text(cell)}' is not a score from 1 to 5") from None
    if not 1 <= value <= 5:
        raise ValueError(f"{value:g} is not between 1 and 5")
    return value


# The columns, defined once (gfj_core.imports.columns): the parser, the Community page's
# template and the README's table read them.
EVENT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("date", True, "the day held, `YYYY-MM-DD`", parse_date, ("2026-10-17", "2026-10-24")),
    ImportColumn("event", True, "the event's name; with the date, once ever", lambda c: parse_text(c, 200),
                 ("Kingian nonviolence Level I training (Bronx)", "Oakland listening session on future leadership")),
    ImportColumn("kind", True, "training, workshop, listening_session, rally, cultural, court_watch or meeting (the page's labels work too)",
                 parse_kind, ("training", "listening_session")),
    ImportColumn("state", True, "NY, CA or other (`New York`, `California`, `national` work too)", parse_state, ("NY", "CA")),
    ImportColumn("programme", False, "the program's name; one named for the first time is added", lambda c: parse_text(c, 120),
                 ("Kingian Nonviolence Training", "Community listening sessions")),
    ImportColumn("participants", True, "how many took part", parse_count, ("24", "38")),
    ImportColumn("new_participants", False, "how many came for the first time; give this or `returning_participants` (or both, adding up)",
                 parse_count, ("15", "20")),
    ImportColumn("returning_participants", False, "how many had come before", parse_count, ("9", "18")),
    ImportColumn("feedback_score", False, "1 to 5, the average of the feedback forms", parse_score, ("4.6", "4.3")),
    ImportColumn("feedback_forms", False, "how many forms that average covers", parse_count, ("21", "30")),
    ImportColumn("notes", False, "free text", lambda c: parse_text(c, 2000), ("", "")),
)  # fmt: skip
REQUIRED, OPTIONAL, COLUMNS, PARSERS, TEMPLATE_ROWS = contract(EVENT_COLUMNS)
# Where a model field's complaint belongs in the file.
COLUMN_FOR = {
    "name": "event",
    "held_on": "date",
    "new_participants": "new_participants",
    "feedback_count": "feedback_forms",
}


def parse_events(table: Table) -> tuple[list[tuple[int, EventCreate]], Problems]:
    """(row number, event) for every row, or the problems; duplicates within the file too."""
    problems = Problems()
    events: list[tuple[int, EventCreate]] = []
    if not check_columns(table, REQUIRED, OPTIONAL, problems):
        return [], problems
    if "new_participants" not in table.header and "returning_participants" not in table.header:
        problems.add(1, "new_participants", "give new_participants or returning_participants")
        return [], problems
    first_row: dict[tuple, int] = {}
    for number, record in table.records():
        values = parse_row(number, record, PARSERS, REQUIRED, problems)
        if values is None:
            continue
        new, returning = values.get("new_participants"), values.get("returning_participants")
        participants = values["participants"]
        if new is None and returning is None:
            problems.add(
                number, "new_participants", "give new_participants or returning_participants"
            )
            continue
        if new is not None and returning is not None and new + returning != participants:
            problems.add(
                number,
                "returning_participants",
                f"new ({new}) and returning ({returning}) add up to {new + returning}, "
                f"not {participants} participants",
            )
            continue
        if new is None:
            if returning > participants:
                problems.add(number, "returning_participants", "more than the participants")
                continue
            new = participants - returning
        try:
            event = EventCreate(
                name=values["event"],
                held_on=values["date"],
                kind=values["kind"],
                state=values["state"],
                programme=values.get("programme"),
                participants=participants,
                new_participants=new,
                feedback_score=values.get("feedback_score"),
                feedback_count=values.get("feedback_forms") or 0,
                notes=values.get("notes"),
            )
        except ValidationError as exc:
            add_pydantic_problems(exc, number, problems, COLUMN_FOR)
            continue
        key = (event.held_on, event.name.casefold())
        if key in first_row:
            problems.add(
                number, "event", f"the same event on the same date is on row {first_row[key]}"
            )
            continue
        first_row[key] = number
        events.append((number, event))
    if not events and not problems:
        problems.add(None, None, "the file has no events")
    return ([] if problems else events), problems
