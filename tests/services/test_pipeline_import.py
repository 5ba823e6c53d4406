"""Importing leaders, mentorships and goals (issue 15) on a real database file: all rows or none,
problems by row and column, a row already on file updated, the CEO and admin only, every
written row audited, the templates import as they are, and the README lists the columns the
importer reads (defined once, in gfj_core.imports.pipeline)."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.imports.columns import markdown_table
from gfj_core.models import AuditLog, DevelopmentGoal, EmergingLeader, Mentorship, Person
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.pipeline_import import (
    COLUMNS,
    check_pipeline_import,
    pipeline_import_template,
    run_pipeline_import,
)
from tests import factories as f
from tests.conftest import bare_actor

CEO = bare_actor(Role.ceo)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def org(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        mo = f.person(s, "Mo Mentor")
        f.user(s, "mo", "mentor", mo)
        f.leader(s, f.person(s, "Ana Leader"), cohort_start=date(2025, 1, 1))
        f.person(s, "Pat Person")
    return empty_db


def _run(engine, kind, text, actor=CEO):
    with session_scope(engine, write=True, actor=actor) as s:
        return run_pipeline_import(
            s, kind=kind, filename=f"{kind}.csv", content=text.encode(), actor=actor
        )


def _count(engine, model) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_leaders_import_adds_new_people_updates_a_leader_on_file_and_is_audited(org):
    summary = _run(
        org,
        "leaders",
        "name,target_role,cohort_start,status,status_on,status_reason\n"
        "Pat Person,Organizer,2026-09-01,,,\n"
        "Quinn New,Program director,2026-09-01,active,,\n"
        "Ana Leader,Deputy director,2025-01-01,graduated,2026-06-30,Promoted\n",
    )
    assert (summary.created, summary.replaced) == (2, 1)
    assert "Added 1 person: Quinn New." in summary.message
    with session_scope(org) as s:
        ana = s.scalar(select(EmergingLeader).join(Person).where(Person.full_name == "Ana Leader"))
        assert (ana.status, ana.status_reason) == ("graduated", "Promoted")
        assert s.scalar(
            select(func.count()).where(
                AuditLog.entity == "emerging_leader", AuditLog.action == "insert"
            )
        )


def test_one_bad_row_imports_nothing_and_every_problem_names_row_and_column(org):
    before = _count(org, EmergingLeader), _count(org, Person)
    with pytest.raises(ValidationFailed) as refused:
        _run(
            org,
            "leaders",
            "name,target_role,cohort_start,status\n"
            "Quinn New,Program director,2026-09-01,active\n"
            "Rae New,,2026-13-01,left\n"
            "Quinn New,Organizer,2026-09-01,active\n",
        )
    where = [w for w, _ in refused.value.problems]
    assert "row 3, column target_role" in where and "row 3, column cohort_start" in where
    assert "row 4, column name" in where
    assert (_count(org, EmergingLeader), _count(org, Person)) == before


def test_mentorships_need_a_leader_and_a_mentor_account_and_a_pair_on_file_is_updated(org):
    with pytest.raises(ValidationFailed) as refused:
        _run(
            org,
            "mentorships",
            "leader,mentor,started_on\nAna Leader,Pat Person,2025-02-01\nNobody,Mo Mentor,2025-02-01\n",
        )
    assert [w for w, _ in refused.value.problems] == [
        "row 2, column mentor",
        "row 3, column leader",
    ]
    summary = _run(
        org, "mentorships", "leader,mentor,started_on,ended_on\nAna Leader,Mo Mentor,2025-02-01,\n"
    )
    assert (summary.created, summary.replaced) == (1, 0)
    summary = _run(
        org,
        "mentorships",
        "leader,mentor,started_on,ended_on\nAna Leader,Mo Mentor,2025-02-01,2026-01-31\n",
    )
    assert (summary.created, summary.replaced) == (0, 1)
    with session_scope(org) as s:
        assert s.scalar(select(Mentorship.ended_on)) == date(2026, 1, 31)


def test_goals_import_creates_then_updates_the_same_title(org):
    text = "leader,goal,type,target_date,progress,status\nAna Leader,Lead a funder call,70,2027-03-31,25,\n"
    assert _run(org, "goals", text).created == 1
    again = text.replace(",25,", ",100,done")
    assert _run(org, "goals", again).replaced == 1
    with session_scope(org) as s:
        goal = s.scalar(select(DevelopmentGoal))
        assert (goal.kind, goal.progress_pct, goal.status) == ("experience", 100, "done")


def test_the_check_writes_nothing_and_says_what_would_change(org):
    with session_scope(org) as s:
        check = check_pipeline_import(
            s,
            kind="leaders",
            filename="l.csv",
            content=b"name,target_role,cohort_start\nZed New,Organizer,2026-01-05\n",
            actor=CEO,
        )
    assert check.ok and check.plan == "1 leader new, 0 updated; 1 person to add: Zed New"
    assert _count(org, EmergingLeader) == 1


@pytest.mark.parametrize("role", [Role.board, Role.treasurer, Role.mentor, Role.staff])
def test_only_the_ceo_and_admin_import_the_pipeline(org, role):
    with pytest.raises(PermissionDenied):
        _run(org, "goals", "leader,goal,type\nAna Leader,X,training\n", actor=bare_actor(role))


@pytest.mark.parametrize("kind", ["leaders", "mentorships", "goals"])
def test_each_template_checks_without_problems_but_the_ones_about_names(demo_db, kind):
    """The worked example is well formed: only its made-up names can be unknown."""
    for file_type in ("csv", "xlsx"):
        with session_scope(demo_db) as s:
            check = check_pipeline_import(
                s,
                kind=kind,
                filename=f"t.{file_type}",
                content=pipeline_import_template(kind, file_type),
                actor=CEO,
            )
        assert {p.column for p in check.problems} <= {"leader"}, check.problems


def test_the_readme_lists_each_pipeline_import_s_columns_as_the_importer_defines_them():
    readme = (ROOT / "README.md").read_text()
    for columns in COLUMNS.values():
        assert markdown_table(columns) in readme


def test_the_cli_imports_a_good_file_and_refuses_a_bad_one_in_one_line(org, tmp_path):
    from tests.services.test_settings_and_cli import gfj

    url = org.url.render_as_string(hide_password=False)
    bad = tmp_path / "goals.csv"
    bad.write_text("leader,goal,type\nNobody,Lead a call,70\n")
    refused = gfj("import", "goals", str(bad), env_url=url)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 2 and len(lines) == 1, refused.stderr
    assert "row 2, column leader: 'Nobody' is not an emerging leader" in lines[0]
    good = tmp_path / "leaders.csv"
    good.write_text("name,target_role,cohort_start\nZed New,Organizer,2026-01-05\n")
    done = gfj("import", "leaders", str(good), env_url=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Imported 1 leader: 1 new, 0 updated. Added 1 person: Zed New."
