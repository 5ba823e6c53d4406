"""Import data: an upload is checked and every problem listed by row and column before anything
is written; a clean file is imported only on confirm, and the summary says what changed."""

from datetime import date

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import MonthlyAccount
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

HEADER = (
    "month,contributions_unrestricted,contributions_restricted,program_revenue,other_revenue,"
    "expense_program,expense_management,expense_fundraising,depreciation,cash,investments,"
    "receivables,fixed_assets_net,fixed_asset_debt,current_liabilities,total_liabilities,"
    "net_assets_without_restrictions,board_designated,net_assets_with_restrictions,"
    "budget_revenue,budget_expense"
)
NOVEMBER = (
    '2026-11,"98,500.00",12000,4800,650,"99,200",16100,11300,1050,{cash},205000,38400,24600,'
    "6000,61000,67000,432000,100000,131500,121000,126000"
)


def november(cash: str) -> bytes:
    return f"{HEADER}\n{NOVEMBER.format(cash=cash)}\n".encode()


def months_on_file(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(MonthlyAccount))


def upload(at, name: str, content: bytes, kind: str = "financials"):
    at.file_uploader(key=f"imp_file_{kind}_{at.session_state['imp_nonce']}").upload(
        name, content, "text/csv"
    )
    return at.run()


def test_an_error_is_listed_with_row_and_column_and_nothing_is_written(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/import_data.py")
    before = months_on_file(demo_db)
    at = upload(at, "november.csv", november('"4I2,300"'))  # a letter I typed for a 1
    assert not at.exception
    text = page_text(at).replace("**", "")  # bold markers are not on screen
    assert "1 problem in november.csv. Nothing has been imported." in text
    # The row and the column in words, where the treasurer reads first.
    assert "Row 2, column cash: not an amount: '4I2,300'" in text
    assert not [b for b in at.button if b.key == "imp_confirm"]
    assert months_on_file(demo_db) == before


def test_an_amount_with_a_comma_but_no_quotes_is_refused_not_shifted(demo_db):
    # 412,300 unquoted is two cells: cash would read 412 and every later column would move one
    # along (investments 300, receivables 205000, ...), all still numbers. Refused instead.
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/import_data.py")
    before = months_on_file(demo_db)
    at = upload(at, "november.csv", november("412,300"))
    text = page_text(at).replace("**", "")  # bold markers are not on screen
    assert "1 problem in november.csv. Nothing has been imported." in text
    assert "Row 2, column #22: this row has 22 cells but the header names 21 columns" in text
    assert months_on_file(demo_db) == before


def test_many_errors_are_all_listed_in_a_table_and_the_first_in_words(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/import_data.py")
    before = months_on_file(demo_db)
    # Ten months, each with text in the cash column: rows 2 to 11 of the spreadsheet.
    body = "\n".join(
        NOVEMBER.format(cash="n/a").replace("2026-11", f"2025-{m:02d}", 1) for m in range(1, 11)
    )
    at = upload(at, "year.csv", f"{HEADER}\n{body}\n".encode())
    text = page_text(at).replace("**", "")  # bold markers are not on screen
    assert "10 problems in year.csv. Nothing has been imported." in text
    assert "Row 2, column cash" in text and "Row 9, column cash" in text
    assert "Row 10, column cash" not in text  # the ninth and tenth are in the table only
    assert "and 2 more: every problem is listed in the table below" in text
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert list(problems["Row"]) == list(range(2, 12))
    assert set(problems["Column"]) == {"cash"}
    assert months_on_file(demo_db) == before


def test_a_clean_file_is_previewed_then_imported_on_confirm(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/import_data.py")
    before = months_on_file(demo_db)
    at = upload(at, "november.csv", november('"412,300"'))
    text = page_text(at).replace("**", "")  # bold markers are not on screen
    assert "1 row checked in november.csv: no problems" in text
    assert "1 month new (2026-11), 0 replaced" in text
    preview = next(d.value for d in at.dataframe if "month" in d.value.columns)
    assert preview.iloc[0]["cash"] == "412,300"
    assert months_on_file(demo_db) == before  # nothing written before the confirm
    at.button(key="imp_confirm").click().run()
    assert not at.exception
    assert "Imported 1 month of accounts (2026-11): 1 new, 0 replaced." in page_text(at)
    with session_scope(demo_db) as s:
        assert s.scalar(select(MonthlyAccount.cash).where(
            MonthlyAccount.month == date(2026, 11, 1))) == 41_230_000  # fmt: skip
    log = next(d.value for d in at.dataframe if "By" in d.value.columns)
    assert log.iloc[0]["By"] == "Alana Whitfield" and log.iloc[0]["New"] == 1


def test_a_ten_times_month_is_held_until_the_treasurer_confirms_it(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/import_data.py")
    before = months_on_file(demo_db)
    # Program expenses 99,200 typed as 992,000.
    content = november('"412,300"').replace(b'"99,200"', b'"992,000"')
    at = upload(at, "november.csv", content)
    assert not at.exception
    text = page_text(at).replace("**", "")
    assert "1 row checked in november.csv: no errors, but 1 figure looks unusual." in text
    assert "Nothing has been imported." in text
    assert "Row 2, column expense_program: $992,000 is " in text
    assert "times its median of" in text
    assert at.button(key="imp_confirm").disabled  # nothing can be written yet
    assert months_on_file(demo_db) == before
    confirm = next(c for c in at.checkbox if c.key.startswith("imp_confirm_unusual"))
    assert confirm.label.startswith("These look unusual")
    confirm.check().run()
    assert not at.button(key="imp_confirm").disabled
    assert months_on_file(demo_db) == before  # ticking the box writes nothing either
    at.button(key="imp_confirm").click().run()
    assert not at.exception
    assert "1 unusual figure confirmed as right by the importer" in page_text(at)
    assert months_on_file(demo_db) == before + 1


def test_a_file_that_is_not_a_csv_is_refused_on_the_server(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), "pages/import_data.py")
    at = upload(at, "accounts.csv", b"PK\x03\x04 a workbook renamed")
    assert "not a text CSV file" in page_text(at)
    assert "Nothing was imported" in page_text(at)


def test_funders_with_unknown_owners_can_add_them_when_asked(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), "pages/import_data.py")
    at.radio(key="imp_kind").set_value("funders").run()
    content = (
        b"name,type,relationship_owner,successor_owner,handoff_status\n"
        b"New Fund,foundation,Ines Newcomer,,not_started\n"
    )
    at = upload(at, "funders.csv", content, kind="funders")
    assert "no person named 'Ines Newcomer'" in page_text(at)
    at.checkbox(key="imp_create_people").check().run()
    assert "1 person to add: Ines Newcomer" in page_text(at)


def test_each_format_offers_csv_and_excel_templates(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/import_data.py")
    for kind in ("financials", "funders", "gifts"):
        at.radio(key="imp_kind").set_value(kind).run()
        labels = [b.proto.label for b in at.get("download_button")]
        assert labels == ["CSV template", "Excel template"], kind


def test_the_board_cannot_open_the_import_page(demo_db):
    at = run_page_directly(demo_actor(demo_db, "board"), "pages/import_data.py")
    assert "not available to your role (board)" in page_text(at)
    assert not at.get("file_uploader")


# --- Form 990 returns (issue 17) -------------------------------------------------------------------

FORM990 = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "form990"


def _upload_returns(at, *names: str):
    uploader = at.file_uploader(key=f"imp_990_files_{at.session_state['imp_nonce']}")
    for n in names:
        uploader.upload(n, (FORM990 / n).read_bytes(), "text/xml")
    return at.run()


def _returns_on_file(engine) -> int:
    from gfj_core.models import Form990Return

    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(Form990Return))


def test_another_organizations_return_is_previewed_and_refused(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/import_data.py")
    at.radio(key="imp_kind").set_value("form990").run()
    at = _upload_returns(at, "990_2019_modern.xml")
    assert not at.exception
    text = page_text(at).replace("**", "")
    # The demo's returns carry another EIN: one organization's history only.
    assert "1 problem in these files. Nothing has been imported." in text
    assert "more than one organization" in text and "on file: 00-0000000" in text
    preview = next(d.value for d in at.dataframe if "People listed" in d.value.columns)
    assert list(preview["Year"]) == [2019] and list(preview["People listed"]) == [10]
    assert not [b for b in at.button if b.key == "imp_990_confirm"]
    assert _returns_on_file(demo_db) == 3  # the demo's three, untouched


def test_a_990pf_among_the_returns_stops_the_whole_import(empty_db):
    from gfj_core.access import Role
    from tests.conftest import bare_actor

    at = open_page(bare_actor(Role.treasurer), "pages/import_data.py")
    at.radio(key="imp_kind").set_value("form990").run()
    at = _upload_returns(at, "990_2019_modern.xml", "990pf_2018.xml")
    assert not at.exception
    text = page_text(at).replace("**", "")
    assert "1 problem in these files. Nothing has been imported." in text
    assert "990pf_2018.xml: Form 990-PF is a private foundation's return" in text
    assert not [b for b in at.button if b.key == "imp_990_confirm"]
    assert _returns_on_file(empty_db) == 0


def test_a_clean_set_of_returns_is_imported_with_people_when_asked(empty_db):
    from gfj_core.access import Role
    from gfj_core.models import Person
    from tests.conftest import bare_actor

    at = open_page(bare_actor(Role.admin), "pages/import_data.py")
    at.radio(key="imp_kind").set_value("form990").run()
    at.checkbox(key="imp_990_people").check().run()
    at = _upload_returns(at, "990_2011_legacy.xml", "990_2019_modern.xml")
    text = page_text(at).replace("**", "")
    assert "People from the 2019 return: 9 to add" in text
    assert "former officers left out: Theodore Marsh" in text
    at.button(key="imp_990_confirm").click().run()
    assert not at.exception
    assert "Imported 2 returns: 2011, 2019 new. People from the 2019 return: 9 added" in page_text(
        at
    )
    assert _returns_on_file(empty_db) == 2
    with session_scope(empty_db) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 9


def test_the_ceo_is_not_offered_form990_returns(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), "pages/import_data.py")
    assert "Form 990 returns" not in at.radio(key="imp_kind").options
    treasurer = open_page(demo_actor(demo_db, "treasurer"), "pages/import_data.py")
    assert "Form 990 returns" in treasurer.radio(key="imp_kind").options
