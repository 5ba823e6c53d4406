"""The pipeline imports' parsers (leaders, mentorships, goals) fed hypothesis-built files: a good
file is read back exactly as written; any file is either accepted whole or refused with every
problem located by a row of the file and a column of its header, and no row returned (all or
nothing). Never another exception. Pure: the database's names come in as lookups."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gfj_core.errors import ValidationFailed
from gfj_core.imports.common import read_table
from gfj_core.imports.pipeline import (
    GOAL_COLUMNS,
    LEADER_COLUMNS,
    MENTORSHIP_COLUMNS,
    KnownLeader,
    parse_goal_kind,
    parse_goals,
    parse_leaders,
    parse_mentorships,
    parse_percent,
)
from tests.property.strategies import NASTY_TEXT

SETTINGS = settings(max_examples=60, deadline=None)
JUNK = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=12))
WORDS = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F),
    min_size=1,
    max_size=16,
)
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
LEADERS = {
    "ana leader": KnownLeader(1, 11, date(2020, 1, 1)),
    "ben leader": KnownLeader(2, 12, date(2020, 1, 1)),
}
MENTORS = {"mo mentor": 21, "zoe mentor": 22}


def _csv(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _table(name: str, header: list[str], rows: list[dict]):
    """The file as read, or None when it is refused whole (a NUL byte: not a text file)."""
    try:
        return read_table(name, _csv(header, rows))
    except ValidationFailed as exc:
        assert "nothing" in str(exc).lower() or "not a text" in str(exc)
        return None


def _with_junk(good: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    """A good row, or a good row with one cell replaced by junk."""
    return st.one_of(
        good,
        good.flatmap(
            lambda r: st.sampled_from(list(r)).flatmap(
                lambda col: JUNK.map(lambda junk: {**r, col: junk})
            )
        ),
    )


def _located(problems, header: list[str], n_rows: int) -> None:
    for p in problems:
        assert p.row is None or 1 <= p.row <= n_rows + 1, p
        assert p.column is None or p.column in header or p.column.startswith("#"), p
        assert p.message


GOOD_LEADER = st.fixed_dictionaries(
    {
        "name": WORDS.map(lambda w: f"Leader {w}"),
        "target_role": WORDS,
        "cohort_start": DAYS.map(date.isoformat),
        "status": st.just("active"),
    }
)
LEADER_HEADER = ["name", "target_role", "cohort_start", "status"]


@SETTINGS
@given(st.lists(GOOD_LEADER, min_size=1, max_size=8, unique_by=lambda r: r["name"].casefold()))
def test_good_leader_files_are_read_back_exactly(rows):
    table = read_table("l.csv", _csv(LEADER_HEADER, rows))
    parsed, problems = parse_leaders(table)
    assert not problems
    assert [(n, r.name, r.target_role, r.cohort_start.isoformat()) for n, r in parsed] == [
        (i + 2, row["name"], row["target_role"], row["cohort_start"]) for i, row in enumerate(rows)
    ]


@SETTINGS
@given(st.lists(_with_junk(GOOD_LEADER), min_size=1, max_size=8))
def test_any_leader_file_is_accepted_whole_or_refused_with_located_problems(rows):
    table = _table("l.csv", LEADER_HEADER, rows)
    if table is None:
        return
    parsed, problems = parse_leaders(table)
    if problems:
        assert parsed == []
        _located(problems, LEADER_HEADER, len(rows))
    else:
        assert len(parsed) == len(table)


@SETTINGS
@given(
    st.lists(
        _with_junk(
            st.fixed_dictionaries(
                {
                    "leader": st.sampled_from(["Ana Leader", "ben leader", "Nobody"]),
                    "mentor": st.sampled_from(["Mo Mentor", "Zoe  Mentor", "Ana Leader"]),
                    "started_on": DAYS.map(date.isoformat),
                    "ended_on": st.one_of(st.just(""), DAYS.map(date.isoformat)),
                }
            )
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_mentorship_file_is_accepted_whole_or_refused_with_located_problems(rows):
    header = ["leader", "mentor", "started_on", "ended_on"]
    table = _table("m.csv", header, rows)
    if table is None:
        return
    parsed, problems = parse_mentorships(table, LEADERS, MENTORS)
    if problems:
        assert parsed == []
        _located(problems, header, len(rows))
    else:
        assert len(parsed) == len(table)
        for _, m in parsed:
            assert m.mentor_person_id in MENTORS.values()
            assert m.ended_on is None or m.ended_on >= m.started_on


@SETTINGS
@given(
    st.lists(
        _with_junk(
            st.fixed_dictionaries(
                {
                    "leader": st.sampled_from(["Ana Leader", "Ben Leader"]),
                    "goal": WORDS,
                    "type": st.sampled_from(["70", "20", "10", "Experience (70)", "training"]),
                    "progress": st.integers(0, 100).map(str),
                    "status": st.sampled_from(["", "In progress", "done", "not started"]),
                }
            )
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_goal_file_is_accepted_whole_or_refused_with_located_problems(rows):
    header = ["leader", "goal", "type", "progress", "status"]
    table = _table("g.csv", header, rows)
    if table is None:
        return
    parsed, problems = parse_goals(table, LEADERS)
    if problems:
        assert parsed == []
        _located(problems, header, len(rows))
    else:
        assert len(parsed) == len(table)
        for _, g in parsed:
            assert 0 <= g.progress_pct <= 100 and (g.status != "done" or g.progress_pct == 100)


@SETTINGS
@given(st.integers(-1000, 1000))
def test_a_percentage_is_a_whole_number_from_0_to_100(n):
    if 0 <= n <= 100:
        assert parse_percent(str(n)) == parse_percent(f"{n}%") == n
    else:
        try:
            parse_percent(str(n))
        except ValueError:
            return
        raise AssertionError(f"{n} was accepted")


def test_the_goal_type_reads_the_70_20_10_words():
    assert [parse_goal_kind(w) for w in ("70", "Relationship (20)", "training")] == [
        "experience",
        "relationship",
        "training",
    ]


def test_a_leader_who_left_needs_a_date_not_before_the_cohort_and_a_reason():
    header = ["name", "target_role", "cohort_start", "status", "status_on", "status_reason"]
    rows = [
        {"name": "A", "target_role": "R", "cohort_start": "2026-01-01", "status": "left"},
        {
            "name": "B",
            "target_role": "R",
            "cohort_start": "2026-01-01",
            "status": "graduated",
            "status_on": (date(2026, 1, 1) - timedelta(days=1)).isoformat(),
            "status_reason": "x",
        },
    ]
    _, problems = parse_leaders(read_table("l.csv", _csv(header, rows)))
    assert [(p.row, p.column) for p in problems] == [
        (2, "status_on"),
        (2, "status_reason"),
        (3, "status_on"),
    ]


def test_every_column_set_has_unique_names_and_an_example_for_each_required_column():
    for columns in (LEADER_COLUMNS, MENTORSHIP_COLUMNS, GOAL_COLUMNS):
        names = [c.name for c in columns]
        assert len(names) == len(set(names))
        assert all(c.example for c in columns if c.required)
