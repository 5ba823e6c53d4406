"""Import mentoring sessions kept elsewhere: `gfj import sessions FILE`. All rows or none.

The file is CSV (UTF-8, comma-separated, header on the first line), columns in any order. The
columns are defined once, in SESSION_COLUMNS (gfj_core.imports.columns): the parser reads its
required and optional names and its cell parsers from it, and the README's table and worked
example are checked against it (tests/services/test_import_columns.py).

Nothing is written unless every row is valid. Problems name the spreadsheet row (the header is
row 1, the first session row 2) and the column. A row whose leader, mentor and date are already
recorded (or appear twice in the file) is refused, so running the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import ValidationFailed
from gfj_core.imports.columns import ImportColumn, contract
from gfj_core.models import (
    EmergingLeader,
    MentoringSession,
    Mentorship,
    Person,
    SessionActionItem,
    UserAccount,
)
from gfj_core.schemas.leadership import (
    ActionItemIn,
    ImportSummary,
    SessionCreate,
    problems_from,
)
from gfj_core.services.mentoring import (
    DUPLICATE_SESSION,
    join_topics,
    recorded_session_keys,
    split_topics,
)

DONE_MARK = "[x]"
DUE_MARK = " @ "
# Which CSV column each SessionCreate field came from, for naming the column in a problem.
FIELD_COLUMN = {
    "leader_id": "leader",
    "held_on": "date",
    "minutes": "minutes",
    "topics": "topics",
    "shared_notes": "shared_notes",
    "private_notes": "private_notes",
    "action_items": "action_items",
    "next_session_on": "next_session",
}


@dataclass
class ParsedRow:
    row: int  # spreadsheet row number (header = 1)
    leader: str
    mentor: str
    held_on: date | None
    minutes: int | None
    topics: list[str]
    shared_notes: str | None
    private_notes: str | None
    action_items: list[ActionItemIn]
    next_session_on: date | None


def _where(row: int, column: str) -> str:
    return f"row {row}, column {column}"


class CellProblems(ValueError):
    """One cell with several problems (an action_items cell, one per item)."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD).") from None


def _minutes(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a whole number.") from None


def _action_items(text: str) -> list[ActionItemIn]:
    items, messages = [], []
    for n, raw in enumerate(split_topics(text), start=1):
        done = raw.lower().startswith(DONE_MARK)
        if done:
            raw = raw[len(DONE_MARK) :].strip()
        description, due = raw, None
        if DUE_MARK in raw:
            description, _, due_text = raw.rpartition(DUE_MARK)
            description = description.strip()
            try:
                due = _day(due_text)
            except ValueError as exc:
                messages.append(str(exc))
        if not description:
            messages.append(f"item {n} has no description.")
            continue
        if len(description) > 300:
            messages.append(f"item {n} is over 300 characters.")
            continue
        items.append(ActionItemIn(description=description, due_on=due, done=done))
    if messages:
        raise CellProblems(messages)
    return items


def _text(text: str) -> str:
    return text


# The columns, defined once (gfj_core.imports.columns): the parser below, the README's table and
# its worked example read them. Cells arrive stripped; an empty one is never parsed.
SESSION_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("leader", True, "the emerging leader's full name", _text, "Elena Marquez"),
    ImportColumn("mentor", True, "the mentor's full name, email or username; must currently "
                 "mentor that leader; becomes the session's author", _text,
                 "mentor@gfj.example.org"),
    ImportColumn("date", True, "the day held, `YYYY-MM-DD`, not in the future", _day,
                 "2026-11-21"),
    ImportColumn("minutes", True, "whole minutes, 5 to 600", _minutes, "45"),
    ImportColumn("topics", False, "separated by `;`", split_topics, "Budget; Board relations"),
    ImportColumn("shared_notes", False, "notes shared with the leader (the board may read them)",
                 _text, "Walked through the budget"),
    ImportColumn("private_notes", False, "seen only by that mentor: never by the board, never "
                 "exported", _text, ""),
    ImportColumn("action_items", False, "separated by `;`, each `description` or `description @ "
                 "YYYY-MM-DD` (due); start with `[x] ` if done", _action_items,
                 "Draft the budget memo @ 2026-12-01; [x] Read the audit"),
    ImportColumn("next_session", False, "the next session's date, `YYYY-MM-DD`, after `date`",
                 _day, "2026-12-04"),
)  # fmt: skip
REQUIRED, OPTIONAL, COLUMNS, PARSERS, TEMPLATE_ROWS = contract(SESSION_COLUMNS)


def _parse_cells(number: int, values: dict[str, str], problems: list) -> dict:
    """Each column's cell parsed by its declaration; every bad cell recorded by row and column."""
    parsed: dict = {}
    for column in COLUMNS:
        raw = values.get(column, "")
        if not raw:
            if column in REQUIRED:
                problems.append((_where(number, column), "This value is required."))
            continue
        try:
            parsed[column] = PARSERS[column](raw)
        except ValueError as exc:
            messages = exc.messages if isinstance(exc, CellProblems) else [str(exc)]
            problems.extend((_where(number, column), m) for m in messages)
    return parsed


def parse_sessions_csv(text: str) -> tuple[list[ParsedRow], list[tuple[str, str]]]:
    """Read every row; return the rows and every (where, message) problem found. Pure."""
    problems: list[tuple[str, str]] = []
    # newline="": a carriage return inside a quoted note stays part of the note.
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        return [], [("row 1", "The file is empty: expected a header row.")]
    reader.fieldnames = header
    for column in REQUIRED:
        if column not in header:
            problems.append((_where(1, column), "This required column is missing."))
    for column in header:
        if column not in COLUMNS:
            problems.append(
                (_where(1, column or "(blank)"), f"Unknown column. Known: {', '.join(COLUMNS)}.")
            )
    if problems:
        return [], problems

    records: list[dict] = []
    try:
        records.extend(reader)
    except csv.Error as exc:
        return [], [(f"row {len(records) + 2}", f"This line is not valid CSV ({exc}).")]
    rows: list[ParsedRow] = []
    for number, raw in enumerate(records, start=2):
        if None in raw:
            problems.append((f"row {number}", "More values than columns in the header."))
            continue
        values = {k: (v or "").strip() for k, v in raw.items()}
        if not any(values.values()):
            continue  # a blank line
        cells = _parse_cells(number, values, problems)
        rows.append(
            ParsedRow(
                row=number,
                leader=cells.get("leader", ""),
                mentor=cells.get("mentor", ""),
                held_on=cells.get("date"),
                minutes=cells.get("minutes"),
                topics=cells.get("topics", []),
                shared_notes=cells.get("shared_notes"),
                private_notes=cells.get("private_notes"),
                action_items=cells.get("action_items", []),
                next_session_on=cells.get("next_session"),
            )
        )
    if not rows and not problems:
        problems.append(("row 2", "The file has a header but no sessions."))
    return rows, problems


def _people_lookup(session: Session) -> dict[str, int]:
    """Lower-cased full name, email and username -> person id."""
    lookup: dict[str, int] = {}
    for pid, name, email in session.execute(select(Person.id, Person.full_name, Person.email)):
        lookup[name.lower()] = pid
        if email:
            lookup[email.lower()] = pid
    for pid, username in session.execute(select(UserAccount.person_id, UserAccount.username)):
        lookup.setdefault(username.lower(), pid)
    return lookup


def validate_sessions(
    session: Session, rows: list[ParsedRow], *, today: date
) -> tuple[list[tuple[ParsedRow, SessionCreate, int]], list[tuple[str, str]]]:
    """Resolve names against the database and check every rule a logged session obeys."""
    problems: list[tuple[str, str]] = []
    people = _people_lookup(session)
    leaders = {
        name.lower(): (leader_id, status)
        for leader_id, name, status in session.execute(
            select(EmergingLeader.id, Person.full_name, EmergingLeader.status).join(
                Person, Person.id == EmergingLeader.person_id
            )
        )
    }
    mentorships = set(
        session.execute(
            select(Mentorship.leader_id, Mentorship.mentor_person_id).where(
                Mentorship.ended_on.is_(None)
            )
        ).all()
    )
    seen: dict[tuple[int, int, date], int] = {}
    valid = []
    for r in rows:
        row_problems: list[tuple[str, str]] = []
        leader = leaders.get(r.leader.lower()) if r.leader else None
        mentor_id = people.get(r.mentor.lower()) if r.mentor else None
        if r.leader and leader is None:
            row_problems.append(
                (_where(r.row, "leader"), f"No emerging leader named '{r.leader}'.")
            )
        elif leader is not None and leader[1] != "active":
            row_problems.append((_where(r.row, "leader"), f"{r.leader} is no longer active."))
        if r.mentor and mentor_id is None:
            row_problems.append((_where(r.row, "mentor"), f"No person or account '{r.mentor}'."))
        if (
            leader is not None
            and mentor_id is not None
            and (leader[0], mentor_id) not in mentorships
        ):
            row_problems.append(
                (_where(r.row, "mentor"), f"{r.mentor} does not mentor {r.leader}.")
            )
        if r.held_on is not None and r.held_on > today:
            row_problems.append((_where(r.row, "date"), "A session cannot be in the future."))
        for item in r.action_items:
            if item.due_on is not None and r.held_on is not None and item.due_on < r.held_on:
                row_problems.append(
                    (
                        _where(r.row, "action_items"),
                        f"'{item.description}' is due before the session.",
                    )
                )
        if leader is None or mentor_id is None or r.held_on is None or r.minutes is None:
            problems.extend(row_problems)
            continue
        try:
            data = SessionCreate(
                leader_id=leader[0],
                held_on=r.held_on,
                minutes=r.minutes,
                topics=r.topics,
                shared_notes=r.shared_notes,
                private_notes=r.private_notes,
                action_items=r.action_items,
                next_session_on=r.next_session_on,
            )
        except ValidationError as exc:
            for field, message in problems_from(exc):
                column = FIELD_COLUMN.get(field.split(".")[0], "date")
                row_problems.append((_where(r.row, column), message))
            problems.extend(row_problems)
            continue
        key = (leader[0], mentor_id, r.held_on)
        if key in seen:
            row_problems.append(
                (_where(r.row, "date"), f"Same leader, mentor and date as row {seen[key]}.")
            )
        seen.setdefault(key, r.row)
        problems.extend(row_problems)
        if not row_problems:
            valid.append((r, data, mentor_id))

    if valid:
        existing = recorded_session_keys(
            session, {(d.leader_id, m, d.held_on) for _, d, m in valid}
        )
        for r, d, mentor_id in valid:
            if (d.leader_id, mentor_id, d.held_on) in existing:
                problems.append((_where(r.row, "date"), DUPLICATE_SESSION))
    return valid, problems


def write_sessions(
    session: Session,
    valid: list[tuple[ParsedRow, SessionCreate, int]],
    *,
    logged_on: date | None,
) -> ImportSummary:
    """Add the validated sessions. `logged_on` None dates each as logged on the day it was held
    (the demo's history); the import uses today, which opens the 7-day correction window."""
    items = 0
    for _, d, mentor_id in valid:
        session.add(
            MentoringSession(
                leader_id=d.leader_id,
                mentor_person_id=mentor_id,
                held_on=d.held_on,
                minutes=d.minutes,
                topics=join_topics(d.topics),
                shared_notes=d.shared_notes,
                private_notes=d.private_notes,
                next_session_on=d.next_session_on,
                logged_on=logged_on or d.held_on,
                action_items=[
                    SessionActionItem(
                        description=i.description,
                        due_on=i.due_on,
                        done=i.done,
                        done_on=(logged_on or i.due_on or d.held_on) if i.done else None,
                    )
                    for i in d.action_items
                ],
            )
        )
        items += len(d.action_items)
    session.flush()
    return ImportSummary(
        sessions=len(valid),
        action_items=items,
        leaders=len({d.leader_id for _, d, _ in valid}),
        mentors=len({m for _, _, m in valid}),
    )


def import_sessions_text(session: Session, text: str, *, today: date, actor) -> ImportSummary:
    """Validate every row, then write all of them, or raise ValidationFailed listing every
    problem and write nothing."""
    require(actor, "sessions.import")
    rows, problems = parse_sessions_csv(text)
    valid, more = validate_sessions(session, rows, today=today) if not problems else ([], [])
    problems += more
    if problems:
        raise ValidationFailed(
            f"Nothing was imported: {len(problems)} problem{'s' if len(problems) != 1 else ''}.",
            problems,
        )
    return write_sessions(session, valid, logged_on=today)


def import_sessions_file(session: Session, path: Path, *, today: date, actor) -> ImportSummary:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationFailed(f"No such file: {path}.") from None
    except UnicodeDecodeError:
        raise ValidationFailed(f"{path} is not UTF-8 text; save it as CSV (UTF-8).") from None
    return import_sessions_text(session, text, today=today, actor=actor)
