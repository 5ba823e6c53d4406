"""Financial history from Form 990s, on a real database file: both schema generations of 990 and
990-EZ read to the right figures, the rest refused with nothing written, re-imports and amended
returns replace, officers become people without duplicates, and the history's derived figures
match values worked by hand. The fixtures are synthetic (tests/fixtures/form990/README.md)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.models import AuditLog, FinanceImport, Form990Officer, Form990Return, Person
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.financial_history import HISTORY_JSON_KEYS
from gfj_core.services.financial_history import (
    check_form990,
    departing_leader_compensation,
    financial_history,
    history_rows,
    import_form990,
)
from tests.cli import gfj as run_gfj
from tests.conftest import bare_actor

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "form990"
ROOT = Path(__file__).resolve().parents[2]
TREASURER = bare_actor(Role.treasurer, user_id=3)
BOARD = bare_actor(Role.board)


def files(*names: str) -> list[tuple[str, bytes]]:
    return [(n, (FIXTURES / n).read_bytes()) for n in names]


def run_import(engine, *names: str, people: bool = False):
    with session_scope(engine, write=True, actor=TREASURER) as s:
        return import_form990(s, files=files(*names), people=people, actor=TREASURER)


def history(engine):
    with session_scope(engine) as s:
        return financial_history(s, actor=BOARD)


def counts(engine) -> tuple[int, int, int, int]:
    with session_scope(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(Form990Return)),
            s.scalar(select(func.count()).select_from(Form990Officer)),
            s.scalar(select(func.count()).select_from(Person)),
            s.scalar(select(func.count()).select_from(FinanceImport)),
        )


# --- figures read from each generation ----------------------------------------------------------

# Hand-worked from the fixtures (whole dollars): program ratio = program ÷ total expenses,
# surplus = revenue − expenses, months of cash = cash and savings ÷ expenses × 12.
EXPECTED = {
    2010: dict(
        form="990-EZ", total_revenue=104_450, contributions=98_700, program_service_revenue=5_300,
        total_expenses=101_200, program_expenses=None, management_expenses=None,
        fundraising_expenses=None, total_assets_eoy=25_400, total_liabilities_eoy=3_050,
        net_assets_eoy=22_350, cash_and_savings_eoy=23_900, program_expense_ratio=None,
        surplus=3_250, months_of_cash_eoy=2.83,  # 23,900 / 101,200 × 12 = 2.834
    ),
    2011: dict(
        form="990", total_revenue=1_164_645, contributions=1_120_450,
        program_service_revenue=41_200, total_expenses=1_198_300, program_expenses=851_000,
        management_expenses=231_400, fundraising_expenses=115_900, total_assets_eoy=402_770,
        total_liabilities_eoy=96_540, net_assets_eoy=306_230,
        cash_and_savings_eoy=208_310,  # 88,310 cash + 120,000 savings
        program_expense_ratio=0.7102,  # 851,000 / 1,198,300 = 0.71017
        surplus=-33_655, months_of_cash_eoy=2.09,  # 208,310 / 1,198,300 × 12 = 2.0861
    ),
    2019: dict(
        form="990", total_revenue=1_465_700, contributions=1_402_310,
        program_service_revenue=58_400, total_expenses=1_431_050, program_expenses=1_102_905,
        management_expenses=200_347, fundraising_expenses=127_798, total_assets_eoy=868_215,
        total_liabilities_eoy=141_760, net_assets_eoy=726_455,
        cash_and_savings_eoy=514_380,  # 212,480 + 301,900
        program_expense_ratio=0.7707,  # 1,102,905 / 1,431,050 = 0.770696
        surplus=34_650, months_of_cash_eoy=4.31,  # 514,380 / 1,431,050 × 12 = 4.3133
    ),
}  # fmt: skip


def test_both_generations_of_990_and_990ez_give_the_hand_worked_figures(empty_db):
    summary = run_import(
        empty_db, "990ez_2010_legacy.xml", "990_2011_legacy.xml", "990_2019_modern.xml"
    )
    assert summary.new_years == [2010, 2011, 2019] and summary.replaced_years == []
    rows = {r["tax_year"]: r for r in history_rows(history(empty_db))}
    assert list(rows) == [2010, 2011, 2019]  # oldest first
    for year, expected in EXPECTED.items():
        for key, value in expected.items():
            assert rows[year][key] == value, (year, key)
    assert rows[2010]["name"] == "RIVERBEND YOUTH JUSTICE COLLABORATIVE INC"  # two name lines
    assert rows[2019]["ein"] == "99-1234567" and rows[2019]["period_end"] == "2019-12-31"


def test_the_json_has_exactly_the_documented_keys_in_whole_dollars(empty_db):
    run_import(empty_db, "990_2019_modern.xml")
    (row,) = history_rows(history(empty_db))
    assert tuple(row) == HISTORY_JSON_KEYS
    assert all(isinstance(row[k], int) for k in ("total_revenue", "net_assets_eoy", "surplus"))


def test_a_990ez_stores_management_and_fundraising_as_unknown_not_zero(empty_db):
    run_import(empty_db, "990ez_2016_modern.xml")
    with session_scope(empty_db) as s:
        r = s.scalar(select(Form990Return))
        assert r.management_expenses is None and r.fundraising_expenses is None
        assert r.program_expenses == 11_840_000  # Part III line 32, in cents
        assert r.period_begin.isoformat() == "2016-07-01"  # a July-June fiscal year
    (year,) = history(empty_db).years
    assert year.program_expense_ratio == pytest.approx(118_400 / 149_875)
    assert year.lights["program_expense_ratio"].word == "Healthy"  # 79.0% ≥ 75%


def test_lights_use_the_monthly_measures_thresholds(empty_db):
    run_import(empty_db, "990_2011_legacy.xml", "990_2019_modern.xml")
    y2011, y2019 = history(empty_db).years
    assert y2011.lights["program_expense_ratio"].word == "Watch"  # 71.0%: 65-75%
    assert y2011.lights["months_of_cash_eoy"].word == "Watch"  # 2.1: 1-3 months
    assert y2019.lights["program_expense_ratio"].word == "Healthy"
    assert y2019.lights["months_of_cash_eoy"].word == "Healthy"  # 4.3 ≥ 3


# --- refusals: one line, nothing written --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("990pf_2018.xml", "Form 990-PF is a private foundation's return"),
        ("990n_2020.xml", "Form 990-N (the e-Postcard) reports no figures"),
        ("malformed.xml", "not well-formed XML"),
        ("not_a_return.xml", "not an IRS e-file return (the XML's root is <rss>"),
    ],
)
def test_a_file_that_is_not_a_990_or_990ez_is_refused_and_nothing_is_written(empty_db, name, words):
    before = counts(empty_db)
    with pytest.raises(ValidationFailed) as exc:
        # A good return in the same batch is not imported either: all files or none.
        run_import(empty_db, "990_2019_modern.xml", name)
    assert any(where == name and words in what for where, what in exc.value.problems)
    assert len(exc.value.problems) == 1  # the good return had nothing wrong
    assert "nothing was imported" in str(exc.value)
    assert counts(empty_db) == before


def test_an_xml_bomb_is_refused_without_expanding_it(empty_db):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Return>&b;</Return>'
    )
    with (
        session_scope(empty_db, write=True, actor=TREASURER) as s,
        pytest.raises(ValidationFailed) as exc,
    ):
        import_form990(s, files=[("bomb.xml", bomb)], actor=TREASURER)
    assert "declares a DTD or entities" in exc.value.problems[0][1]
    assert counts(empty_db)[0] == 0


def test_two_organizations_returns_are_refused_together(empty_db):
    with pytest.raises(ValidationFailed) as exc:
        run_import(empty_db, "990_2019_modern.xml", "990ez_2016_modern.xml")
    assert any("more than one organization" in what for _, what in exc.value.problems)
    assert counts(empty_db)[0] == 0


# --- replacing a year, amended returns ----------------------------------------------------------


def test_reimporting_a_year_replaces_it_and_says_so(empty_db):
    run_import(empty_db, "990_2019_modern.xml")
    again = run_import(empty_db, "990_2019_modern.xml")
    assert again.new_years == [] and again.replaced_years == [2019]
    assert "2019 replaced the return already on file" in again.message
    returns, officers, _, imports = counts(empty_db)
    assert (returns, officers, imports) == (1, 10, 2)  # officers replaced, not added twice


def test_an_amended_return_replaces_the_original_and_wins_in_one_batch(empty_db):
    run_import(empty_db, "990_2019_modern.xml")
    summary = run_import(empty_db, "990_2019_amended.xml")
    assert summary.replaced_years == [2019]
    (y,) = history(empty_db).years
    assert y.amended and y.total_revenue == 1_468_900 and y.surplus == 37_850


def test_both_returns_of_a_year_in_one_batch_keep_the_amended_one(empty_db):
    summary = run_import(empty_db, "990_2019_amended.xml", "990_2019_modern.xml")
    assert "Left out for their amended returns: 990_2019_modern.xml" in summary.message
    (y,) = history(empty_db).years
    assert y.amended and y.contributions == 1_405_510


def test_an_original_does_not_overwrite_an_amended_return_on_file(empty_db):
    run_import(empty_db, "990_2019_amended.xml")
    with pytest.raises(ValidationFailed) as exc:
        run_import(empty_db, "990_2019_modern.xml")
    assert "an amended return for 2019 is already on file" in exc.value.problems[0][1]
    assert history(empty_db).years[0].amended


# --- officers and directors to people -----------------------------------------------------------


def _people(engine) -> dict[str, Person]:
    with session_scope(engine) as s:
        return {p.full_name: p for p in s.scalars(select(Person))}


def test_people_come_from_the_latest_return_with_seats_from_their_titles(empty_db):
    summary = run_import(empty_db, "990_2011_legacy.xml", "990_2019_modern.xml", people=True)
    assert summary.people.tax_year == 2019
    people = _people(empty_db)
    seats = {name: (p.board_role, p.is_staff) for name, p in people.items()}
    assert seats == {
        "Margaret Oyelaran": ("chair", False),
        "Luis Albarran": ("vice_chair", False),
        "Desmond Kwarteng": ("treasurer", False),
        "Priyanka Sethi-Moore": ("secretary", False),
        "Harold Birch": ("member", False),
        "Odalys Fuentes": ("member", False),
        "Jordan Ellison-Park": (None, True),  # President & CEO: the staff leader, not a seat
        "Wendell Achterberg": (None, True),  # key employee
        "Renata Volkova": (None, True),  # highest compensated: "Director of Programs" is staff
    }
    assert "Theodore Marsh" not in people  # a former treasurer is not made a person
    assert summary.people.skipped_former == ["Theodore Marsh"]


def test_people_are_matched_by_name_and_never_duplicated(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        s.add(Person(full_name="Margaret Oyelaran", board_role="vice_chair", title="Board member"))
    first = run_import(empty_db, "990_2019_modern.xml", people=True)
    assert "Margaret Oyelaran" in first.people.matched and len(first.people.added) == 8
    again = run_import(empty_db, "990_2019_modern.xml", people=True)
    assert again.people.added == [] and len(again.people.matched) == 9
    people = _people(empty_db)
    assert len(people) == 9
    # What the organization already recorded is kept: the record is newer than the return.
    assert people["Margaret Oyelaran"].board_role == "vice_chair"


def test_without_people_nobody_is_added(empty_db):
    run_import(empty_db, "990_2019_modern.xml")
    assert _people(empty_db) == {}


def test_the_check_says_what_would_happen_and_writes_nothing(empty_db):
    with session_scope(empty_db) as s:
        check = check_form990(
            s, files=files("990_2019_modern.xml", "990_2011_legacy.xml"), people=True,
            actor=TREASURER,
        )  # fmt: skip
    assert check.problems == []
    assert [f.tax_year for f in check.files] == [2011, 2019]
    assert check.plan == "2 years new (2011, 2019), 0 replaced"
    assert len(check.people.added) == 9
    assert counts(empty_db) == (0, 0, 0, 0)


# --- the departing leader's pay, the audit trail, permissions -----------------------------------


def test_the_departing_leaders_pay_is_read_from_the_latest_return_that_lists_her(empty_db):
    run_import(empty_db, "990_2011_legacy.xml", "990_2019_modern.xml", people=True)
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        from gfj_core.services.org_settings import set_org_setting

        set_org_setting(s, "departing_leader", "Jordan Ellison-Park", actor=SYSTEM)
    with session_scope(empty_db) as s:
        pay = departing_leader_compensation(s, actor=BOARD)
        hidden = departing_leader_compensation(s, privacy=True, actor=BOARD)
        with pytest.raises(PermissionDenied):
            departing_leader_compensation(s, actor=bare_actor(Role.admin))
    assert (pay.tax_year, pay.reportable_comp, pay.title) == (2019, 164_250, "PRESIDENT & CEO")
    assert hidden is None  # presenter privacy mode


def test_pay_is_redacted_in_the_audit_trail(empty_db):
    run_import(empty_db, "990_2019_modern.xml")
    with session_scope(empty_db) as s:
        values = set(
            s.scalars(
                select(AuditLog.new_value).where(
                    AuditLog.entity == "form990_officer", AuditLog.field == "reportable_comp"
                )
            )
        )
    assert values == {"(redacted)"}


def test_only_the_treasurer_and_admin_import_returns(empty_db):
    for role in (Role.ceo, Role.board, Role.staff):
        with session_scope(empty_db, write=True) as s, pytest.raises(PermissionDenied):
            import_form990(s, files=files("990_2019_modern.xml"), actor=bare_actor(role))


# --- the demo and the CLI -----------------------------------------------------------------------


def test_the_demo_has_three_fictional_returns_that_agree_with_its_monthly_accounts(demo_db):
    years = history(demo_db).years
    assert [y.tax_year for y in years] == [2023, 2024, 2025]
    assert all(y.fictional for y in years)
    for y in years[1:]:  # 2024 and 2025 are covered month by month
        assert y.monthly.complete and y.monthly.months_on_file == 12
        assert (y.monthly.revenue_difference, y.monthly.expenses_difference) == (0, 0)
    assert years[0].monthly.months_on_file == 2 and not years[0].monthly.complete
    with session_scope(demo_db) as s:
        pay = departing_leader_compensation(s, actor=BOARD)
    assert pay.name == "Carmen Perez-Jordan" and pay.tax_year == 2025 and pay.fictional


def _gfj(*args: str, env_url: str) -> subprocess.CompletedProcess:
    return run_gfj(*args, url=env_url, cwd=ROOT)


def test_the_cli_imports_prints_json_and_refuses_a_990pf_with_one_line(empty_db):
    url = str(empty_db.url)
    ok = _gfj("import", "form990", str(FIXTURES / "990_2011_legacy.xml"),
              str(FIXTURES / "990_2019_modern.xml"), "--people", env_url=url)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "Imported 2 returns: 2011, 2019 new. People from the 2019 return: 9 added" in ok.stdout
    out = _gfj("history", "--json", env_url=url)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["tax_year"] for r in rows] == [2011, 2019]
    assert rows[1]["program_expense_ratio"] == 0.7707 and rows[1]["surplus"] == 34_650
    bad = _gfj("import", "form990", str(FIXTURES / "990pf_2018.xml"), env_url=url)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "990-PF" in bad.stderr
    table = _gfj("history", env_url=url)
    assert "2019  990" in table.stdout and "77.1%" in table.stdout


def test_reading_the_history_makes_the_same_number_of_queries_for_one_year_or_many(empty_db):
    from sqlalchemy import event

    def queries() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(empty_db, "before_cursor_execute", listener)
        try:
            history(empty_db)
        finally:
            event.remove(empty_db, "before_cursor_execute", listener)
        return len(seen)

    run_import(empty_db, "990_2019_modern.xml")
    one = queries()
    run_import(empty_db, "990ez_2010_legacy.xml", "990_2011_legacy.xml")
    assert queries() == one


def test_the_cli_says_how_to_start_when_no_return_is_on_file(empty_db):
    out = _gfj("history", env_url=str(empty_db.url))
    assert out.returncode == 0 and "No Form 990 returns on file" in out.stdout
    assert json.loads(_gfj("history", "--json", env_url=str(empty_db.url)).stdout) == []
    missing = _gfj("import", "form990", "no-such.xml", env_url=str(empty_db.url))
    assert missing.returncode == 2 and "no-such.xml: no such file." in missing.stderr
