"""Gifts import: references update, unknown funders are created, amounts must be above zero,
and a rejected file changes nothing (not even the funders it names)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.models import AuditLog, FinanceImport, Funder, Gift
from gfj_core.services.finance_imports import check_import, run_import
from tests.conftest import bare_actor

ADMIN = bare_actor(Role.admin, user_id=1)
HEADER = "reference,date,funder,amount,restricted,note"


def do_import(engine, text: str):
    with session_scope(engine, write=True, actor=ADMIN) as s:
        return run_import(s, kind="gifts", filename="gifts.csv", content=text.encode(), actor=ADMIN)


def gifts(engine):
    with session_scope(engine) as s:
        return s.execute(
            select(
                Gift.reference,
                Gift.date,
                Funder.name,
                Gift.amount_cents,
                Gift.restricted,
                Gift.note,
            )  # fmt: skip
            .join(Funder)
            .order_by(Gift.reference)
        ).all()


def snapshot(engine):
    with session_scope(engine) as s:
        return (
            gifts(engine),
            s.scalars(select(Funder.name).order_by(Funder.name)).all(),
            s.scalar(select(func.count()).select_from(AuditLog)),
            s.scalar(select(func.count()).select_from(FinanceImport)),
        )


def test_gifts_are_stored_and_unknown_funders_created(empty_db):
    summary = do_import(
        empty_db,
        f'{HEADER}\nG1,2026-10-03,Hollis Park,"$75,000.00",no,Q4\nG2,2026-10-12,Sojourner,90000,YES,\n',
    )
    assert (summary.created, summary.replaced) == (2, 0)
    assert "Created 2 new funders" in summary.message
    assert gifts(empty_db) == [
        ("G1", date(2026, 10, 3), "Hollis Park", 7_500_000, False, "Q4"),
        ("G2", date(2026, 10, 12), "Sojourner", 9_000_000, True, None),
    ]


def test_reimporting_a_reference_updates_that_gift(empty_db):
    do_import(empty_db, f"{HEADER}\nG1,2026-10-03,Hollis Park,100,no,first\n")
    summary = do_import(empty_db, f"{HEADER}\nG1,2026-10-04,hollis park,250.50,1,second\n")
    assert (summary.created, summary.replaced) == (0, 1)
    assert gifts(empty_db) == [("G1", date(2026, 10, 4), "Hollis Park", 25_050, True, "second")]


def test_a_file_without_a_note_column_keeps_the_notes_on_record(empty_db):
    do_import(empty_db, f"{HEADER}\nG1,2026-10-03,A,100,no,keep me\n")
    do_import(empty_db, "reference,date,funder,amount,restricted\nG1,2026-10-03,A,200,no\n")
    assert gifts(empty_db)[0][3:] == (20_000, False, "keep me")


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ("G9,2026-10-03,New Funder,0,no,", "row 2, column amount", "must be more than zero"),
        ("G9,2026-10-03,New Funder,(5.00),no,", "row 2, column amount", "must be more than zero"),
        ("G9,2026-10-03,New Funder,-5,no,", "row 2, column amount", "must be more than zero"),
        ("G9,2026-10-03,New Funder,five,no,", "row 2, column amount", "not an amount"),
        ("G9,03/10/2026,New Funder,5,no,", "row 2, column date", "not a date"),
        ("G9,2026-10-03,New Funder,5,perhaps,", "row 2, column restricted", "not true or false"),
        ("G9,2026-10-03,,5,no,", "row 2, column funder", "a value is required"),
        (",2026-10-03,New Funder,5,no,", "row 2, column reference", "a value is required"),
        ("G9,2026-10-03,New Funder,1,000,no,Spring appeal", "row 2, column #7", "out of line"),
    ],
)
def test_each_rejection_rule_names_the_row_and_column_and_changes_nothing(
    empty_db, line, where, message
):
    do_import(empty_db, f"{HEADER}\nG1,2026-10-03,Kept,100,no,\n")
    before = snapshot(empty_db)
    with pytest.raises(ValidationFailed) as caught:
        do_import(empty_db, f"{HEADER}\nG2,2026-10-04,Another New Funder,10,no,\n{line}\n")
    assert any(w.replace("row 3", "row 2") == where and message in m
               for w, m in caught.value.problems), caught.value.problems  # fmt: skip
    assert snapshot(empty_db) == before  # no gift and no "Another New Funder"


def test_a_reference_twice_in_one_file_is_refused(empty_db):
    with pytest.raises(ValidationFailed) as caught:
        do_import(empty_db, f"{HEADER}\nG1,2026-10-03,A,1,no,\nG1,2026-10-04,A,2,no,\n")
    assert caught.value.problems == [
        ("row 3, column reference", "'G1' appears twice in this file (first on row 2)")
    ]


def test_the_check_names_funders_that_would_be_created(empty_db):
    do_import(empty_db, f"{HEADER}\nG1,2026-10-03,Known,100,no,\n")
    before = snapshot(empty_db)
    with session_scope(empty_db) as s:
        check = check_import(
            s,
            kind="gifts",
            filename="g.csv",
            content=f"{HEADER}\nG1,2026-10-03,known,100,no,\nG2,2026-10-05,Brand New,5,no,\n".encode(),
            actor=ADMIN,
        )
    assert check.ok and (check.will_create, check.will_replace) == (1, 1)
    assert check.new_funders == ["Brand New"]
    assert snapshot(empty_db) == before
