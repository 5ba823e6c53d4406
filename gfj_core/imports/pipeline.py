"""Emerging leaders, mentorships and development goals from a CSV or Excel file, all or nothing
(issue 15). Each import's columns are defined once, below (gfj_core.imports.columns): the
parsers, the Import data page, the templates and the README all read them.

  leaders      a name already a leader is updated; a name not in the people directory is added
               as a new person; graduated and left need the date and the reason, as in the app.
  mentorships  the leader must be an emerging leader and the mentor a person with an active
               mentor account; a pair already on file is updated (its start and end).
  goals        the leader must be an emerging leader; a goal already on file for that leader
               (same title) is updated.

The parsers are pure: they get what they need to know about the database as plain lookups
(names -> ids), so property tests can drive them without one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import Role
from gfj_core.imports.columns import ImportColumn, optional, parsers, required
from gfj_core.imports.common import (
    Cell,
    Problems,
    Table,
    cell_text,
    check_columns,
    choice,
    parse_date,
    parse_row,
    parse_text,
)
from gfj_core.models import DevelopmentGoal, EmergingLeader, Mentorship, Person, UserAccount

LEADER_STATUSES = ("active", "graduated", "left")
GOAL_STATUSES = ("not_started", "in_progress", "done", "dropped")
_GOAL_KIND_WORDS = {
    "experience": "experience",
    "70": "experience",
    "relationship": "relationship",
    "relationships": "relationship",
    "20": "relationship",
    "training": "training",
    "10": "training",
}


def _text(limit: int):
    def parse(cell: Cell) -> str:
        return parse_text(cell, limit)

    return parse


def parse_goal_kind(cell: Cell) -> str:
    """experience / relationship / training, or 70 / 20 / 10, or the app's labels."""
    word = re.sub(r"\s*\(\d+\)\s*$", "", cell_text(cell).strip().lower())
    if word in _GOAL_KIND_WORDS:
        return _GOAL_KIND_WORDS[word]
    raise ValueError(f"'{cell_text(cell)}' is not experience, relationship or training (70-20-10)")


def parse_percent(cell: Cell) -> int:
    text = cell_text(cell).strip().removesuffix("%").strip()
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{cell_text(cell)}' is not a percentage from 0 to 100") from None
    if not value.is_integer() or not 0 <= value <= 100:
        raise ValueError(f"'{cell_text(cell)}' is not a whole percentage from 0 to 100")
    return int(value)


LEADER_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("name", True, "the person's full name; someone new is added to the people directory", _text(160), "Maya Ortiz"),
    ImportColumn("target_role", True, "the role they are being prepared for", _text(120), "Program director"),
    ImportColumn("cohort_start", True, "when they joined the pipeline, `YYYY-MM-DD`", parse_date, "2026-09-01"),
    ImportColumn("status", False, "`active` (the default), `graduated` or `left`", choice(LEADER_STATUSES), "active"),
    ImportColumn("status_on", False, "for graduated or left: the day, `YYYY-MM-DD`, not before the cohort start", parse_date),
    ImportColumn("status_reason", False, "for graduated or left: why, in a line", _text(300)),
)  # fmt: skip
MENTORSHIP_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("leader", True, "the emerging leader's full name", _text(160), "Maya Ortiz"),
    ImportColumn("mentor", True, "the full name of a person with an active mentor account", _text(160), "Yvette Sandoval"),
    ImportColumn("started_on", True, "`YYYY-MM-DD`, not before the leader's cohort start", parse_date, "2026-09-15"),
    ImportColumn("ended_on", False, "`YYYY-MM-DD` if the mentorship has ended, not before it started", parse_date),
)  # fmt: skip
GOAL_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("leader", True, "the emerging leader's full name", _text(160), "Maya Ortiz"),
    ImportColumn("goal", True, "the goal, in a line; once per leader", _text(200), "Lead the spring funder call"),
    ImportColumn("type", True, "`experience` (70), `relationship` (20) or `training` (10)", parse_goal_kind, "experience"),
    ImportColumn("target_date", False, "`YYYY-MM-DD`", parse_date, "2027-03-31"),
    ImportColumn("progress", False, "a whole percentage, 0 to 100 (default 0)", parse_percent, "25"),
    ImportColumn("status", False, "`not_started`, `in_progress`, `done` or `dropped` (default: from the progress)", choice(GOAL_STATUSES), "in_progress"),
)  # fmt: skip


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


# ---------------------------------------------------------------- parsed rows


@dataclass(frozen=True)
class LeaderRow:
    name: str
    target_role: str
    cohort_start: date
    status: str
    status_on: date | None
    status_reason: str | None


@dataclass(frozen=True)
class MentorshipRow:
    leader_id: int
    mentor_person_id: int
    started_on: date
    ended_on: date | None


@dataclass(frozen=True)
class GoalRow:
    leader_id: int
    title: str
    kind: str
    target_date: date | None
    progress_pct: int
    status: str


@dataclass(frozen=True)
class KnownLeader:
    id: int
    person_id: int
    cohort_start: date


def _header_ok(table: Table, columns, problems: Problems) -> bool:
    return check_columns(table, required(columns), optional(columns), problems)


def parse_leaders(table: Table) -> tuple[list[tuple[int, LeaderRow]], Problems]:
    """(row number, leader) for every row, or the problems (the same name twice too)."""
    problems = Problems()
    out: list[tuple[int, LeaderRow]] = []
    if not _header_ok(table, LEADER_COLUMNS, problems):
        return [], problems
    first: dict[str, int] = {}
    for number, record in table.records():
        v = parse_row(number, record, parsers(LEADER_COLUMNS), required(LEADER_COLUMNS), problems)
        if v is None:
            continue
        status = v.get("status") or "active"
        ok = True
        if status != "active":
            if v.get("status_on") is None:
                problems.add(number, "status_on", f"say when they {status} (YYYY-MM-DD)")
                ok = False
            elif v["status_on"] < v["cohort_start"]:
                problems.add(number, "status_on", "is before their cohort started")
                ok = False
            if not v.get("status_reason"):
                problems.add(number, "status_reason", f"say why they {status} (a line is enough)")
                ok = False
        key = _key(v["name"])
        if key in first:
            problems.add(number, "name", f"this person is already on row {first[key]}")
            ok = False
        if not ok:
            continue
        first[key] = number
        active = status == "active"
        out.append(
            (
                number,
                LeaderRow(
                    name=" ".join(v["name"].split()),
                    target_role=v["target_role"],
                    cohort_start=v["cohort_start"],
                    status=status,
                    status_on=None if active else v["status_on"],
                    status_reason=None if active else v["status_reason"],
                ),
            )
        )
    return ([] if problems else out), problems


def parse_mentorships(
    table: Table, leaders: Mapping[str, KnownLeader], mentors: Mapping[str, int]
) -> tuple[list[tuple[int, MentorshipRow]], Problems]:
    """`leaders`: emerging leaders by name (casefolded); `mentors`: mentor accounts' people."""
    problems = Problems()
    out: list[tuple[int, MentorshipRow]] = []
    if not _header_ok(table, MENTORSHIP_COLUMNS, problems):
        return [], problems
    first: dict[tuple[int, int], int] = {}
    cols = MENTORSHIP_COLUMNS
    for number, record in table.records():
        v = parse_row(number, record, parsers(cols), required(cols), problems)
        if v is None:
            continue
        leader = leaders.get(_key(v["leader"]))
        mentor = mentors.get(_key(v["mentor"]))
        ok = True
        if leader is None:
            problems.add(number, "leader", f"'{v['leader']}' is not an emerging leader")
            ok = False
        if mentor is None:
            problems.add(number, "mentor", f"'{v['mentor']}' has no active mentor account")
            ok = False
        if not ok:
            continue
        if mentor == leader.person_id:
            problems.add(number, "mentor", "a leader cannot mentor themselves")
            continue
        if v["started_on"] < leader.cohort_start:
            problems.add(number, "started_on", "is before the leader's cohort started")
            continue
        if v.get("ended_on") is not None and v["ended_on"] < v["started_on"]:
            problems.add(number, "ended_on", "is before the mentorship started")
            continue
        pair = (leader.id, mentor)
        if pair in first:
            problems.add(number, "mentor", f"the same pair is already on row {first[pair]}")
            continue
        first[pair] = number
        out.append((number, MentorshipRow(leader.id, mentor, v["started_on"], v.get("ended_on"))))
    return ([] if problems else out), problems


def parse_goals(
    table: Table, leaders: Mapping[str, KnownLeader]
) -> tuple[list[tuple[int, GoalRow]], Problems]:
    problems = Problems()
    out: list[tuple[int, GoalRow]] = []
    if not _header_ok(table, GOAL_COLUMNS, problems):
        return [], problems
    first: dict[tuple[int, str], int] = {}
    for number, record in table.records():
        v = parse_row(number, record, parsers(GOAL_COLUMNS), required(GOAL_COLUMNS), problems)
        if v is None:
            continue
        leader = leaders.get(_key(v["leader"]))
        if leader is None:
            problems.add(number, "leader", f"'{v['leader']}' is not an emerging leader")
            continue
        key = (leader.id, v["goal"].casefold())
        if key in first:
            problems.add(number, "goal", f"the same goal for this leader is on row {first[key]}")
            continue
        first[key] = number
        progress = v.get("progress") or 0
        status = v.get("status") or ("in_progress" if progress else "not_started")
        if status == "done":
            progress = 100
        out.append(
            (
                number,
                GoalRow(leader.id, v["goal"], v["type"], v.get("target_date"), progress, status),
            )
        )
    return ([] if problems else out), problems


# ---------------------------------------------------------------- what the database knows


def known_leaders(session: Session) -> dict[str, KnownLeader]:
    return {
        _key(name): KnownLeader(i, pid, start)
        for i, pid, start, name in session.execute(
            select(
                EmergingLeader.id,
                EmergingLeader.person_id,
                EmergingLeader.cohort_start,
                Person.full_name,
            ).join(Person, Person.id == EmergingLeader.person_id)
        )
    }


def mentor_people(session: Session) -> dict[str, int]:
    return {
        _key(name): pid
        for pid, name in session.execute(
            select(Person.id, Person.full_name)
            .join(UserAccount, UserAccount.person_id == Person.id)
            .where(UserAccount.role == Role.mentor.value, UserAccount.active.is_(True))
        )
    }


def _people_by_name(session: Session) -> dict[str, Person]:
    return {_key(p.full_name): p for p in session.scalars(select(Person))}


def leader_plan(session: Session, rows: list[LeaderRow]) -> tuple[int, int, list[str]]:
    """(leaders new, leaders updated, people to add to the directory)."""
    people = _people_by_name(session)
    leaders = known_leaders(session)
    updated = sum(1 for r in rows if _key(r.name) in leaders)
    new_people = [r.name for r in rows if _key(r.name) not in people]
    return len(rows) - updated, updated, new_people


def write_leaders(session: Session, rows: list[LeaderRow]) -> tuple[int, int]:
    people = _people_by_name(session)
    by_person = {el.person_id: el for el in session.scalars(select(EmergingLeader))}
    created = updated = 0
    for r in rows:
        person = people.get(_key(r.name))
        if person is None:
            person = Person(full_name=r.name)
            session.add(person)
            session.flush()
            people[_key(r.name)] = person
        leader = by_person.get(person.id)
        fields = dict(
            target_role=r.target_role,
            cohort_start=r.cohort_start,
            status=r.status,
            status_on=r.status_on,
            status_reason=r.status_reason,
        )
        if leader is None:
            session.add(EmergingLeader(person_id=person.id, **fields))
            created += 1
        else:
            for name, value in fields.items():
                setattr(leader, name, value)
            updated += 1
    session.flush()
    return created, updated


def existing_pairs(session: Session) -> dict[tuple[int, int], Mentorship]:
    return {(m.leader_id, m.mentor_person_id): m for m in session.scalars(select(Mentorship))}


def write_mentorships(session: Session, rows: list[MentorshipRow]) -> tuple[int, int]:
    pairs = existing_pairs(session)
    created = updated = 0
    for r in rows:
        m = pairs.get((r.leader_id, r.mentor_person_id))
        if m is None:
            session.add(Mentorship(**vars(r)))
            created += 1
        else:
            m.started_on, m.ended_on = r.started_on, r.ended_on
            updated += 1
    session.flush()
    return created, updated


def existing_goals(session: Session) -> dict[tuple[int, str], DevelopmentGoal]:
    return {
        (g.leader_id, g.title.casefold()): g
        for g in session.scalars(select(DevelopmentGoal).order_by(DevelopmentGoal.id.desc()))
    }


def write_goals(session: Session, rows: list[GoalRow]) -> tuple[int, int]:
    goals = existing_goals(session)
    created = updated = 0
    for r in rows:
        g = goals.get((r.leader_id, r.title.casefold()))
        if g is None:
            session.add(DevelopmentGoal(**vars(r)))
            created += 1
        else:
            for name, value in vars(r).items():
                if name != "leader_id":
                    setattr(g, name, value)
            updated += 1
    session.flush()
    return created, updated
