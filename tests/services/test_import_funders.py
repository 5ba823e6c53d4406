"""Funders import: owners must be known people (unless people may be created), funders are
updated by name, and a rejected file changes nothing."""

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.models import AuditLog, FinanceImport, Funder, Person
from gfj_core.services.finance_imports import check_import, run_import
from tests import factories as f
from tests.conftest import bare_actor

CEO = bare_actor(Role.ceo, user_id=3)
HEADER = "name,type,relationship_owner,successor_owner,handoff_status"


def do_import(engine, text: str, create_people=False):
    with session_scope(engine, write=True, actor=CEO) as s:
        return run_import(
            s,
            kind="funders",
            filename="funders.csv",
            content=text.encode(),
            create_people=create_people,
            actor=CEO,
        )


@pytest.fixture
def people(empty_db):
    with session_scope(empty_db, write=True, actor=CEO) as s:
        f.person(s, "Ada Leader")
        f.person(s, "Ben Successor")
    return empty_db


def funders(engine):
    with session_scope(engine) as s:
        rows = s.scalars(select(Funder).order_by(Funder.name)).all()
        names = {p.id: p.full_name for p in s.scalars(select(Person))}
        return [
            (
                r.name,
                r.type,
                names.get(r.relationship_owner_person_id),
                names.get(r.successor_owner_person_id),
                r.handoff_status,
                r.introduction_meeting_on,
            )
            for r in rows
        ]


def snapshot(engine):
    with session_scope(engine) as s:
        return (
            funders(engine),
            s.scalar(select(func.count()).select_from(Person)),
            s.scalar(select(func.count()).select_from(AuditLog)),
            s.scalar(select(func.count()).select_from(FinanceImport)),
        )


def test_funders_are_created_with_their_owners(people):
    summary = do_import(
        people,
        f"{HEADER}\nHollis Park,foundation,Ada Leader,Ben Successor,introduced\n"
        "Harbor Bank,Corporate,ben successor,,Not started\n",
    )
    assert (summary.created, summary.replaced) == (2, 0)
    assert funders(people) == [
        ("Harbor Bank", "corporate", "Ben Successor", None, "not_started", None),
        ("Hollis Park", "foundation", "Ada Leader", "Ben Successor", "introduced", None),
    ]


def test_a_funder_already_on_file_is_updated_by_name_in_any_case(people):
    do_import(people, f"{HEADER}\nHollis Park,foundation,Ada Leader,,not_started\n")
    summary = do_import(
        people,
        f"{HEADER},introduction_meeting_on\n"
        "HOLLIS PARK,foundation,Ada Leader,Ben Successor,transferred,2026-09-15\n",
    )
    assert (summary.created, summary.replaced) == (0, 1)
    (name, _type, owner, successor, status, intro), = funders(people)  # fmt: skip
    assert (name, successor, status, str(intro)) == (
        "Hollis Park",
        "Ben Successor",
        "transferred",
        "2026-09-15",
    )


def test_a_file_without_the_meeting_column_keeps_the_recorded_meeting_date(people):
    do_import(
        people,
        f"{HEADER},introduction_meeting_on\nA,foundation,Ada Leader,Ben Successor,introduced,"
        "2026-09-15\n",
    )
    do_import(people, f"{HEADER}\nA,foundation,Ada Leader,Ben Successor,transferred\n")
    assert str(funders(people)[0][5]) == "2026-09-15"


def test_unknown_owners_are_refused_unless_people_may_be_created(people):
    text = f"{HEADER}\nA,foundation,Zoe New,Ben Successor,introduced\n"
    before = snapshot(people)
    with pytest.raises(ValidationFailed) as caught:
        do_import(people, text)
    assert caught.value.problems == [
        (
            "row 2, column relationship_owner",
            "no person named 'Zoe New' (check the spelling, or allow new people to be created)",
        )
    ]
    assert snapshot(people) == before
    summary = do_import(people, text, create_people=True)
    assert "Added 1 person: Zoe New" in summary.message
    assert funders(people)[0][2] == "Zoe New"


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ("A,charity,Ada Leader,,not_started", "row 2, column type", "is not one of: foundation"),
        ("A,foundation,Ada Leader,,done", "row 2, column handoff_status", "is not one of"),
        ("A,foundation,,,not_started", "row 2, column relationship_owner", "a value is required"),
        ("A,foundation,Ada Leader,,transferred", "row 2, column successor_owner", "needs a successor"),
        ("A,foundation,Ada Leader,Nobody,introduced", "row 2, column successor_owner", "no person named 'Nobody'"),
        (",foundation,Ada Leader,,not_started", "row 2, column name", "a value is required"),
    ],
)  # fmt: skip
def test_each_rejection_rule_names_the_row_and_column_and_changes_nothing(
    people, line, where, message
):
    do_import(people, f"{HEADER}\nKeep,other,Ben Successor,,not_started\n")
    before = snapshot(people)
    with pytest.raises(ValidationFailed) as caught:
        do_import(people, f"{HEADER}\n{line}\n")
    assert any(w == where and message in m for w, m in caught.value.problems), caught.value.problems
    assert snapshot(people) == before


def test_a_funder_twice_in_one_file_is_refused(people):
    with pytest.raises(ValidationFailed) as caught:
        do_import(
            people,
            f"{HEADER}\nA,foundation,Ada Leader,,not_started\na,other,Ada Leader,,not_started\n",
        )
    assert caught.value.problems == [
        ("row 3, column name", "'a' appears twice in this file (first on row 2)")
    ]


def test_a_rejected_file_creates_no_people_even_when_allowed(people):
    before = snapshot(people)
    with pytest.raises(ValidationFailed):
        do_import(
            people,
            f"{HEADER}\nA,foundation,Zoe New,,not_started\nB,bad-type,Ada Leader,,not_started\n",
            create_people=True,
        )
    assert snapshot(people) == before


def test_the_check_lists_new_and_updated_funders_and_people_to_add(people):
    do_import(people, f"{HEADER}\nA,foundation,Ada Leader,,not_started\n")
    with session_scope(people) as s:
        check = check_import(
            s,
            kind="funders",
            filename="f.csv",
            content=f"{HEADER}\na,foundation,Ada Leader,,not_started\nB,other,Yan New,,not_started\n"
            .encode(),
            create_people=True,
            actor=CEO,
        )  # fmt: skip
    assert check.ok and (check.will_create, check.will_replace) == (1, 1)
    assert check.new_people == ["Yan New"]
    assert check.plan == "1 funder new, 1 updated; 1 person to add: Yan New"
