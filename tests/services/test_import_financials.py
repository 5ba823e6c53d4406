"""Monthly accounts import: every rejection rule names the row and column, and a rejected file
changes nothing at all (no month, no audit row, no import log)."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, UnusualFigures, ValidationFailed
from gfj_core.imports import financials as fin_import
from gfj_core.models import AuditLog, FinanceImport, MonthlyAccount
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.finance_imports import check_import, import_template, run_import
from gfj_core.services.org_settings import set_org_setting
from tests.cli import gfj as run_gfj
from tests.conftest import bare_actor

TREASURER = bare_actor(Role.treasurer, user_id=7)
COLUMNS = [
    "month", "contributions_unrestricted", "contributions_restricted", "program_revenue",
    "other_revenue", "expense_program", "expense_management", "expense_fundraising",
    "depreciation", "cash", "investments", "receivables", "fixed_assets_net", "fixed_asset_debt",
    "current_liabilities", "total_liabilities", "net_assets_without_restrictions",
    "board_designated", "net_assets_with_restrictions", "budget_revenue", "budget_expense",
]  # fmt: skip
COLUMNS_WITH_TOTAL = [*COLUMNS, "total_assets"]
GOOD = {
    "month": "2026-10",
    "contributions_unrestricted": "$98,500.00",
    "contributions_restricted": "12,000",
    "program_revenue": "4800.5",
    "other_revenue": "(650.25)",
    "expense_program": "99,200",
    "expense_management": "16,100",
    "expense_fundraising": "11,300",
    "depreciation": "1,050",
    "cash": "412,300",
    "investments": "205,000",
    "receivables": "38,400",
    "fixed_assets_net": "24,600",
    "fixed_asset_debt": "6,000",
    "current_liabilities": "61,000",
    "total_liabilities": "67,000",
    "net_assets_without_restrictions": "432,000",
    "board_designated": "100,000",
    "net_assets_with_restrictions": "131,500",
    "budget_revenue": "121,000",
    "budget_expense": "126,000",
}


def csv_of(rows: list[dict], columns=COLUMNS) -> bytes:
    def cell(v: str) -> str:
        return f'"{v}"' if "," in v else v

    lines = [",".join(columns)]
    lines += [",".join(cell(r.get(c, "")) for c in columns) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def row(**changes) -> dict:
    return {**GOOD, **changes}


def do_import(engine, content: bytes, name="accounts.csv"):
    with session_scope(engine, write=True, actor=TREASURER) as s:
        return run_import(s, kind="financials", filename=name, content=content, actor=TREASURER)


def snapshot(engine):
    """Everything an import could touch."""
    with session_scope(engine) as s:
        months = s.execute(
            select(MonthlyAccount.month, MonthlyAccount.cash, MonthlyAccount.budget_revenue)
        ).all()
        return (
            sorted(months),
            s.scalar(select(func.count()).select_from(AuditLog)),
            s.scalar(select(func.count()).select_from(FinanceImport)),
        )


def test_a_good_file_is_stored_in_cents_and_summarised(empty_db):
    summary = do_import(empty_db, csv_of([row(), row(month="2026-11")]))
    assert summary.created == 2 and summary.replaced == 0
    assert "2 months" in summary.message and "2 new, 0 replaced" in summary.message
    with session_scope(empty_db) as s:
        oct_ = s.scalar(select(MonthlyAccount).order_by(MonthlyAccount.month))
        assert oct_.contributions_unrestricted == 9_850_000
        assert oct_.program_revenue == 480_050
        assert oct_.other_revenue == -65_025  # accounting negative
        assert oct_.budget_revenue == 12_100_000
        log = s.scalars(select(FinanceImport)).one()
        assert (log.kind, log.rows, log.created, log.replaced) == ("financials", 2, 2, 0)
        audited = s.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.entity == "monthly_account")
        )
        assert audited > 0


def test_reimporting_a_month_replaces_it_and_the_summary_says_so(empty_db):
    do_import(empty_db, csv_of([row()]))
    summary = do_import(empty_db, csv_of([row(cash="400,000.00"), row(month="2026-11")]))
    assert (summary.created, summary.replaced) == (1, 1)
    assert "1 new, 1 replaced" in summary.message
    with session_scope(empty_db) as s:
        cash = dict(s.execute(select(MonthlyAccount.month, MonthlyAccount.cash)).all())
    assert sorted(cash.values()) == [40_000_000, 41_230_000]


def test_optional_budget_columns_may_be_left_out_or_empty(empty_db):
    columns = [c for c in COLUMNS if not c.startswith("budget_")]
    do_import(empty_db, csv_of([row()], columns))
    do_import(empty_db, csv_of([row(month="2026-11", budget_revenue="", budget_expense="")]))
    with session_scope(empty_db) as s:
        budgets = s.execute(select(MonthlyAccount.budget_revenue)).scalars().all()
    assert budgets == [None, None]


def test_an_xlsx_first_sheet_imports_like_a_csv(empty_db):
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append([GOOD[c] if c == "month" else 1000 for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    summary = do_import(empty_db, out.getvalue(), name="accounts.xlsx")
    assert summary.created == 1
    with session_scope(empty_db) as s:
        assert s.scalar(select(MonthlyAccount.cash)) == 100_000


@pytest.mark.parametrize(
    ("rows", "columns", "where", "message"),
    [
        ([row()], [c for c in COLUMNS if c != "cash"], "row 1, column cash", "required column is missing"),
        ([row(), row(cash="")], COLUMNS, "row 3, column cash", "a value is required"),
        ([row(receivables="lots")], COLUMNS, "row 2, column receivables", "not an amount"),
        ([row(month="2026-13")], COLUMNS, "row 2, column month", "not a month"),
        ([row(month="Oct 2026")], COLUMNS, "row 2, column month", "not a month"),
        ([row(), row()], COLUMNS, "row 3, column month", "appears twice in this file (first on row 2)"),
        ([row(cash="(5.00)")], COLUMNS, "row 2, column cash", "may not be negative"),
        ([row(expense_program="-1")], COLUMNS, "row 2, column expense_program", "may not be negative"),
        ([row(budget_expense="(1)")], COLUMNS, "row 2, column budget_expense", "may not be negative"),
        ([row(depreciation="126,601")], COLUMNS, "row 2, column depreciation", "may not exceed the month's total expenses ($126,600.00)"),
        ([row(cash="1.234")], COLUMNS, "row 2, column cash", "more than two decimal places"),
        ([row()], [*COLUMNS, "notes"], "row 1, column notes", "unknown column"),
    ],
)  # fmt: skip
def test_each_rejection_rule_names_the_row_and_column_and_changes_nothing(
    empty_db, rows, columns, where, message
):
    do_import(empty_db, csv_of([row(month="2026-01", cash="7.00")]))
    before = snapshot(empty_db)
    with pytest.raises(ValidationFailed) as caught:
        do_import(empty_db, csv_of(rows, columns))
    assert any(w == where and message in m for w, m in caught.value.problems), caught.value.problems
    assert "nothing was imported" in str(caught.value)
    assert snapshot(empty_db) == before


def test_an_amount_with_an_unquoted_comma_is_refused_rather_than_shifting_columns(empty_db):
    # cash written 412,300 without quotes: two cells, and every later column one along (all
    # still numbers, so only the count of cells gives it away). Refused; nothing changes.
    do_import(empty_db, csv_of([row(month="2026-01", cash="7.00")]))
    before = snapshot(empty_db)
    good = csv_of([row()]).decode().splitlines()
    shifted = good[1].replace('"412,300"', "412,300")
    assert shifted != good[1]
    with pytest.raises(ValidationFailed) as caught:
        do_import(empty_db, f"{good[0]}\n{shifted}\n".encode())
    assert [w for w, _ in caught.value.problems] == [f"row 2, column #{len(COLUMNS) + 1}"]
    assert snapshot(empty_db) == before


def test_negatives_are_allowed_in_other_revenue_and_net_assets(empty_db):
    summary = do_import(
        empty_db,
        csv_of(
            [
                row(
                    other_revenue="(1,000.00)",
                    net_assets_without_restrictions="-5,000",
                    net_assets_with_restrictions="($250.00)",
                )
            ]
        ),
    )
    assert summary.created == 1
    with session_scope(empty_db) as s:
        a = s.scalar(select(MonthlyAccount))
    assert (a.other_revenue, a.net_assets_without_restrictions) == (-100_000, -500_000)
    assert a.net_assets_with_restrictions == -25_000


def test_depreciation_equal_to_total_expenses_is_accepted(empty_db):
    # 99,200 + 16,100 + 11,300 = 126,600
    assert do_import(empty_db, csv_of([row(depreciation="126,600.00")])).created == 1


def test_every_problem_in_a_file_is_listed_not_just_the_first(empty_db):
    bad = [
        row(cash="x"),
        row(month="2026-11", receivables=""),
        row(month="2026-12", depreciation="1,000,000"),
    ]
    with pytest.raises(ValidationFailed) as caught:
        do_import(empty_db, csv_of(bad))
    assert [w for w, _ in caught.value.problems] == [
        "row 2, column cash",
        "row 3, column receivables",
        "row 4, column depreciation",
    ]


def test_a_rejected_file_with_good_rows_does_not_replace_the_months_it_holds(empty_db):
    do_import(empty_db, csv_of([row(cash="7.00")]))
    before = snapshot(empty_db)
    with pytest.raises(ValidationFailed):
        do_import(empty_db, csv_of([row(cash="999.00"), row(month="2026-11", cash="oops")]))
    assert snapshot(empty_db) == before
    with session_scope(empty_db) as s:
        assert s.scalar(select(MonthlyAccount.cash)) == 700


def test_checking_a_file_writes_nothing_and_says_what_would_happen(empty_db):
    do_import(empty_db, csv_of([row()]))
    before = snapshot(empty_db)
    with session_scope(empty_db) as s:
        check = check_import(
            s,
            kind="financials",
            filename="a.csv",
            content=csv_of([row(), row(month="2026-11")]),
            actor=TREASURER,
        )
    assert check.ok and check.rows == 2
    assert (check.will_create, check.will_replace) == (1, 1)
    assert check.plan == "1 month new (2026-11), 1 replaced (2026-10)"
    assert check.preview[0]["month"] == "2026-10" and check.preview[0]["row"] == "2"
    assert snapshot(empty_db) == before


def test_a_file_of_the_wrong_type_is_refused_before_parsing(empty_db):
    with pytest.raises(ValidationFailed, match="must be a .csv or .xlsx file"):
        do_import(empty_db, b"%PDF", name="accounts.pdf")


def test_the_board_may_not_import(empty_db):
    with session_scope(empty_db, write=True) as s, pytest.raises(PermissionDenied):
        run_import(
            s, kind="financials", filename="a.csv", content=csv_of([row()]),
            actor=bare_actor(Role.board),
        )  # fmt: skip


def test_progress_is_reported_while_checking_and_writing(empty_db):
    seen = []
    rows = [row(month=f"20{20 + i // 12}-{i % 12 + 1:02d}") for i in range(60)]
    with session_scope(empty_db, write=True, actor=TREASURER) as s:
        run_import(
            s, kind="financials", filename="a.csv", content=csv_of(rows), actor=TREASURER,
            progress=lambda fraction, text: seen.append(fraction),
        )  # fmt: skip
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0)


# --- plausibility and the balance check (issue 22) ----------------------------------------------

SIX_MONTHS = [row(month=f"2026-{m:02d}") for m in range(1, 7)]


def check_of(engine, content: bytes):
    with session_scope(engine) as s:
        return check_import(
            s, kind="financials", filename="july.csv", content=content, actor=TREASURER
        )


def test_a_month_ten_times_its_median_is_held_for_confirmation_and_nothing_is_written(empty_db):
    do_import(empty_db, csv_of(SIX_MONTHS))
    before = snapshot(empty_db)
    july = csv_of([row(month="2026-07", expense_program="992,000")])  # 99,200 typed with a 0 more
    check = check_of(empty_db, july)
    assert not check.problems
    assert [(w.row, w.column) for w in check.warnings] == [(2, "expense_program")]
    assert check.warnings[0].message == (
        "$992,000 is 10.0 times its median of $99,200 over the previous 6 months: "
        "is a digit missing or extra?"
    )
    with pytest.raises(UnusualFigures) as caught:
        do_import(empty_db, july)
    assert caught.value.problems == [("row 2, column expense_program", check.warnings[0].message)]
    assert "nothing was imported" in str(caught.value)
    assert snapshot(empty_db) == before


def test_a_confirmed_unusual_month_is_imported_and_the_log_says_it_was_confirmed(empty_db):
    do_import(empty_db, csv_of(SIX_MONTHS))
    july = csv_of([row(month="2026-07", expense_program="992,000")])
    with session_scope(empty_db, write=True, actor=TREASURER) as s:
        summary = run_import(
            s, kind="financials", filename="july.csv", content=july, actor=TREASURER,
            confirm_unusual=True,
        )  # fmt: skip
    assert summary.created == 1
    assert "1 unusual figure confirmed as right by the importer" in summary.message


def test_a_steady_line_under_a_third_of_its_median_is_unusual(empty_db):
    do_import(empty_db, csv_of(SIX_MONTHS))
    check = check_of(empty_db, csv_of([row(month="2026-07", expense_management="1,610")]))
    assert [(w.column, w.message.split(" over")[0]) for w in check.warnings] == [
        ("expense_management", "$1,610 is under a third of (10%) its median of $16,100")
    ]


def test_gifts_arrive_in_lumps_so_only_three_times_the_largest_month_is_unusual(empty_db):
    months = [row(month=f"2026-{m:02d}", contributions_restricted="0") for m in range(1, 6)]
    do_import(empty_db, csv_of([*months, row(month="2026-06", contributions_restricted="45,000")]))
    # A quarterly grant payment of 120,000 (under 3 x 45,000) and a month with no gifts at all
    # are ordinary; 985,000 for 98,500 is not.
    assert not check_of(
        empty_db, csv_of([row(month="2026-07", contributions_restricted="120,000")])
    ).warnings
    assert not check_of(
        empty_db, csv_of([row(month="2026-07", contributions_unrestricted="0")])
    ).warnings
    check = check_of(empty_db, csv_of([row(month="2026-07", contributions_unrestricted="985,000")]))
    assert [(w.column, w.message) for w in check.warnings] == [
        (
            "contributions_unrestricted",
            "$985,000 is 10.0 times the largest month of the previous 6 ($98,500): is a digit "
            "missing or extra?",
        )
    ]


def test_the_demo_organisations_own_accounts_look_usual():
    from pathlib import Path

    from gfj_core.imports.common import read_table

    path = Path(__file__).parents[2] / "data" / "demo" / "finance" / "accounts.csv"
    numbered, problems = fin_import.parse_numbered(read_table(path.name, path.read_bytes()))
    assert not problems and len(numbered) == 36
    assert not fin_import.unusual_figures(numbered, {}, cash_move_share=0.5)


def test_cash_moving_more_than_the_set_share_in_one_month_is_unusual(empty_db):
    do_import(empty_db, csv_of(SIX_MONTHS))
    # 412,300 typed as 4,123,000: +900% in one month, against the 50% default.
    check = check_of(empty_db, csv_of([row(month="2026-07", cash="4,123,000")]))
    assert [(w.row, w.column, w.message) for w in check.warnings] == [
        (
            2,
            "cash",
            "cash moved from $412,300 to $4,123,000 (+900%) in one month, more than the 50% "
            "the settings call usual",
        )
    ]
    # A 40% move is within the default; with the setting at 0.3 it is not.
    assert not check_of(empty_db, csv_of([row(month="2026-07", cash="577,220")])).warnings
    with session_scope(empty_db, write=True, actor=TREASURER) as s:
        set_org_setting(s, "import_cash_move_share", "0.3", actor=SYSTEM)
    moved = check_of(empty_db, csv_of([row(month="2026-07", cash="577,220")])).warnings
    assert [w.column for w in moved] == ["cash"]


def test_a_file_is_checked_against_its_own_earlier_rows(empty_db):
    rows = [*SIX_MONTHS, row(month="2026-07", expense_fundraising="113,000")]
    check = check_of(empty_db, csv_of(rows))
    assert [(w.row, w.column) for w in check.warnings] == [(8, "expense_fundraising")]


def test_without_three_months_before_it_no_median_is_judged(empty_db):
    check = check_of(
        empty_db, csv_of([row(month="2026-01"), row(month="2026-02", expense_program="992,000")])
    )
    assert not check.warnings


def test_the_balance_check_refuses_a_sheet_off_by_more_than_a_dollar(empty_db):
    columns = [*COLUMNS, "total_assets"]
    # Assets 412,300 + 205,000 + 38,400 + 24,600 = 680,300; liabilities 67,000; so net assets
    # must be 613,300 = 481,800 + 131,500. Ninety-nine cents off is rounding, not an error.
    balanced = row(net_assets_without_restrictions="481,800", total_assets="680,300.99")
    assert do_import(empty_db, csv_of([balanced], columns)).created == 1
    before = snapshot(empty_db)
    with pytest.raises(ValidationFailed) as caught:
        do_import(empty_db, csv_of([row(month="2026-11", total_assets="680,300")], columns))
    assert caught.value.problems == [
        (
            "row 2, column total_assets",
            "the balance sheet does not balance: total assets $680,300 − total liabilities "
            "$67,000 = $613,300, but net assets (without + with donor restrictions) are "
            "$563,500; off by $49,800.00",
        )
    ]
    assert snapshot(empty_db) == before


def test_total_assets_below_the_assets_listed_is_refused(empty_db):
    columns = [*COLUMNS, "total_assets"]
    # Balances (630,500 − 67,000 = 563,500) but the listed assets come to 680,300.
    with pytest.raises(ValidationFailed) as caught:
        do_import(empty_db, csv_of([row(total_assets="630,500")], columns))
    assert [w for w, _ in caught.value.problems] == ["row 2, column total_assets"]
    assert "less than the assets listed in this row" in caught.value.problems[0][1]


def test_the_templates_example_balances_and_imports_without_a_warning(empty_db):
    for file_type, name in (("csv", "t.csv"), ("xlsx", "t.xlsx")):
        content = import_template("financials", file_type)
        check = check_of(empty_db, content) if file_type == "csv" else None
        if check is not None:
            assert not check.problems and not check.warnings
        with session_scope(empty_db, write=True, actor=TREASURER) as s:
            run_import(s, kind="financials", filename=name, content=content, actor=TREASURER)
    example = dict(zip(COLUMNS_WITH_TOTAL, fin_import.TEMPLATE_ROWS[0], strict=True))

    def cents(c: str) -> int:
        return round(float(example[c].replace(",", "")) * 100)

    assets = sum(cents(c) for c in ("cash", "investments", "receivables", "fixed_assets_net"))
    net = cents("net_assets_without_restrictions") + cents("net_assets_with_restrictions")
    assert assets == cents("total_assets")
    assert cents("total_assets") - cents("total_liabilities") == net


def test_the_cli_exits_2_listing_unusual_figures_unless_confirmed(empty_db, tmp_path):

    do_import(empty_db, csv_of(SIX_MONTHS))
    path = tmp_path / "july.csv"
    path.write_bytes(csv_of([row(month="2026-07", expense_program="992,000")]))

    def gfj(*args):
        return run_gfj(*args, url=str(empty_db.url))

    before = snapshot(empty_db)
    refused = gfj("import", "financials", str(path))
    assert refused.returncode == 2
    assert "1 figure looks unusual" in refused.stderr
    assert "row 2, column expense_program: $992,000 is 10.0 times its median" in refused.stderr
    assert "--confirm-unusual" in refused.stderr
    assert snapshot(empty_db) == before
    confirmed = gfj("import", "financials", str(path), "--confirm-unusual")
    assert confirmed.returncode == 0, confirmed.stderr
    assert "1 unusual figure confirmed" in confirmed.stdout
