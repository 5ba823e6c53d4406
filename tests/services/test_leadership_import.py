"""`gfj import sessions FILE`: every row or none, problems named by row and column."""

from datetime import date

import pytest
from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.imports.sessions import import_sessions_text
from gfj_core.models import MentoringSession, SessionActionItem
from gfj_core.schemas.auth import SYSTEM
from tests.cli import gfj
from tests.conftest import demo_actor

TODAY = date(2026, 11, 22)
HEADER = "leader,mentor,date,minutes,topics,shared_notes,private_notes,action_items,next_session\n"
GOOD = (
    HEADER + "Elena Marquez,Yvette Sandoval,2026-06-03,60,Budget; Board,Read the accounts.,Tired.,"
    '"Reforecast @ 2026-06-17; [x] Send the memo",2026-06-20\n'
    + "Malik Hassan,mentor3,2026-06-04,45,,Planned the renewal.,,,\n"
    + "Rosa Delgado,mentor2@gfj.example.org,2026-06-05,90,Policy,,,,\n"
)


def sessions(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(MentoringSession))


def run_import(engine, text):
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        return import_sessions_text(s, text, today=TODAY, actor=SYSTEM)


def test_a_good_file_is_imported_whole_with_mentors_by_name_username_or_email(demo_db):
    before = sessions(demo_db)
    summary = run_import(demo_db, GOOD)
    assert (summary.sessions, summary.action_items, summary.leaders, summary.mentors) == (
        3,
        2,
        3,
        3,
    )
    assert sessions(demo_db) == before + 3
    with session_scope(demo_db) as s:
        row = s.scalar(select(MentoringSession).where(MentoringSession.held_on == date(2026, 6, 3)))
        assert (row.topics, row.private_notes, row.logged_on) == ("Budget; Board", "Tired.", TODAY)
        done = s.scalars(
            select(SessionActionItem.done).where(SessionActionItem.session_id == row.id)
        ).all()
        assert done == [False, True]


def test_one_bad_row_means_nothing_is_imported_and_every_problem_is_named(demo_db):
    before = sessions(demo_db)
    text = (
        GOOD
        + "Nobody Known,Yvette Sandoval,2026-06-06,60,,,,,\n"  # row 5
        + "Kiara Thompson,Yvette Sandoval,2026-06-07,60,,,,,\n"  # row 6: not her mentor
        + "Kiara Thompson,Bernard Ashby,2026-12-01,3,,,,,\n"  # row 7: future, too short
        + "Kiara Thompson,Bernard Ashby,2026-06-08,60,,,,,2026-06-01\n"  # row 8: next before
    )
    with pytest.raises(ValidationFailed) as exc:
        run_import(demo_db, text)
    assert "Nothing was imported" in str(exc.value)
    assert exc.value.problems == [
        ("row 5, column leader", "No emerging leader named 'Nobody Known'."),
        ("row 6, column mentor", "Yvette Sandoval does not mentor Kiara Thompson."),
        ("row 7, column date", "A session cannot be in the future."),
        ("row 7, column minutes", "Must be at least 5."),
        ("row 8, column next_session", "The next session must come after this one."),
    ]
    assert sessions(demo_db) == before


def test_running_the_same_file_twice_adds_nothing_the_second_time(demo_db):
    run_import(demo_db, GOOD)
    with pytest.raises(ValidationFailed) as exc:
        run_import(demo_db, GOOD)
    assert [w for w, _ in exc.value.problems] == [
        "row 2, column date",
        "row 3, column date",
        "row 4, column date",
    ]


def test_a_row_repeated_within_the_file_is_named_with_its_twin(demo_db):
    line = "Rosa Delgado,Bernard Ashby,2026-06-05,90,,,,,\n"
    with pytest.raises(ValidationFailed) as exc:
        run_import(demo_db, HEADER + line + line)
    assert exc.value.problems == [("row 3, column date", "Same leader, mentor and date as row 2.")]


def test_only_the_ceo_and_admin_may_import(demo_db):
    with pytest.raises(PermissionDenied), session_scope(demo_db, write=True) as s:
        import_sessions_text(s, GOOD, today=TODAY, actor=demo_actor(demo_db, "mentor"))


def test_the_command_imports_a_file_and_says_how_much(demo_db, tmp_path):
    path = tmp_path / "sessions.csv"
    path.write_text(GOOD.replace("2026-06-0", "2025-06-0"), encoding="utf-8")
    result = gfj("import", "sessions", str(path), url=str(demo_db.url))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Imported 3 sessions (2 action items) for 3 leaders from sessions.csv."
    )


def test_the_command_exits_2_with_one_line_naming_the_row_and_column(demo_db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "Elena Marquez,Yvette Sandoval,22/11/2026,60,,,,,\n", "utf-8")
    before = sessions(demo_db)
    result = gfj("import", "sessions", str(path), url=str(demo_db.url))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr == (
        "gfj: bad.csv: Nothing was imported: 1 problem. row 2, column date: '22/11/2026' is not "
        "a date (use YYYY-MM-DD).\n"
    )
    assert sessions(demo_db) == before
    missing = gfj("import", "sessions", str(tmp_path / "nope.csv"), url=str(demo_db.url))
    assert missing.returncode == 2 and "No such file" in missing.stderr
