"""Reading a sessions CSV: every problem named by spreadsheet row (header = 1) and column."""

from datetime import date

from gfj_core.imports.sessions import parse_sessions_csv

HEADER = "leader,mentor,date,minutes,topics,shared_notes,private_notes,action_items,next_session\n"


def test_a_good_row_is_read_with_topics_and_action_items():
    rows, problems = parse_sessions_csv(
        HEADER + "Ana Ruiz,Yvette Sandoval,2026-11-02,60,Budget; Strategy,Shared,Private,"
        '"Draft memo @ 2026-11-16; [x] Call the funder",2026-11-30\n'
    )
    assert problems == []
    (row,) = rows
    assert (row.row, row.leader, row.held_on, row.minutes) == (2, "Ana Ruiz", date(2026, 11, 2), 60)
    assert row.topics == ["Budget", "Strategy"]
    assert [(i.description, i.due_on, i.done) for i in row.action_items] == [
        ("Draft memo", date(2026, 11, 16), False),
        ("Call the funder", None, True),
    ]
    assert row.next_session_on == date(2026, 11, 30)


def test_only_the_required_columns_are_needed_in_any_order():
    rows, problems = parse_sessions_csv("minutes,date,mentor,leader\n45,2026-10-01,m,l\n")
    assert problems == [] and rows[0].minutes == 45 and rows[0].topics == []


def test_missing_and_unknown_columns_are_named_on_row_one():
    _, problems = parse_sessions_csv("leader,mentor,date,mins\nA,B,2026-01-01,60\n")
    assert ("row 1, column minutes", "This required column is missing.") in problems
    assert any(where == "row 1, column mins" for where, _ in problems)


def test_every_bad_value_is_reported_with_its_row_and_column():
    text = (
        HEADER
        + "A,M,2026-13-01,60,,,,,\n"  # row 2: bad date
        + "A,M,2026-11-01,an hour,,,,,\n"  # row 3: minutes not a number
        + ",M,2026-11-01,60,,,,Task @ soon,\n"  # row 4: no leader, bad due date
        + "A,M,2026-11-02,60,,,,,2026-02-30\n"  # row 5: bad next session
    )
    _, problems = parse_sessions_csv(text)
    where = [w for w, _ in problems]
    assert where == [
        "row 2, column date",
        "row 3, column minutes",
        "row 4, column leader",
        "row 4, column action_items",
        "row 5, column next_session",
    ]
    assert "'2026-13-01' is not a date (use YYYY-MM-DD)." in dict(problems).values()


def test_blank_lines_are_skipped_and_an_empty_file_is_refused():
    rows, problems = parse_sessions_csv(HEADER + ",,,,,,,,\nA,M,2026-11-01,60,,,,,\n")
    assert problems == [] and [r.row for r in rows] == [3]
    assert parse_sessions_csv("")[1] == [("row 1", "The file is empty: expected a header row.")]
    assert parse_sessions_csv(HEADER)[1] == [("row 2", "The file has a header but no sessions.")]


def test_a_carriage_return_inside_a_quoted_note_stays_in_the_note():
    text = 'leader,mentor,date,minutes,shared_notes\r\nA,B,2026-11-02,30,"first\rsecond"\r\n'
    rows, problems = parse_sessions_csv(text)
    assert problems == []
    assert rows[0].shared_notes == "first\rsecond"


def test_a_line_the_csv_reader_refuses_is_a_problem_on_its_row_not_a_traceback():
    huge = "x" * 200_000  # over the csv module's field size limit (131,072): csv.Error
    text = f'leader,mentor,date,minutes\nA,B,2026-11-02,30\nA,B,2026-11-03,"{huge}"\n'
    rows, problems = parse_sessions_csv(text)
    assert rows == []
    assert problems[0][0] == "row 3"
    assert "not valid CSV" in problems[0][1]
