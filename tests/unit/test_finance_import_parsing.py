"""The shared import helpers (gfj_core.imports.common): money, months, dates, booleans, reading
CSV and XLSX, and the server-side upload checks."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from gfj_core.errors import ValidationFailed
from gfj_core.imports.common import (
    MAX_UPLOAD_BYTES,
    Problems,
    check_columns,
    check_upload,
    choice,
    one_line,
    parse_bool,
    parse_date,
    parse_money,
    parse_month,
    parse_row,
    read_table,
    template_csv,
    template_xlsx,
)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1234.5", 123_450),
        ("1,234.50", 123_450),
        ("$1,234.50", 123_450),
        ("(1,234.50)", -123_450),
        ("($1,234.50)", -123_450),
        ("-1234.50", -123_450),
        ("-$1,234.50", -123_450),
        ("$-1,234.50", -123_450),
        ("0", 0),
        ("0.07", 7),
        (".5", 50),
        (" 12 ", 1_200),
        ("1,000,000", 100_000_000),
        (1234, 123_400),
        (1234.5, 123_450),
        (0.1 + 0.2, 30),  # spreadsheet float dust is not a third decimal
        (Decimal("19.99"), 1_999),
    ],
)
def test_money_is_parsed_to_integer_cents(text, cents):
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "not an amount"),
        ("12,34.00", "not an amount"),  # misplaced thousands separator
        ("1234.", "not an amount"),
        ("$", "not an amount"),
        ("1.234", "more than two decimal places"),
        (1.234, "fractions of a cent"),
        (True, "not an amount"),
        ("((5))", "not an amount"),
    ],
)
def test_bad_money_is_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_money(text)


def test_months_are_yyyy_mm_or_an_excel_first_of_month():
    assert parse_month("2026-10") == date(2026, 10, 1)
    assert parse_month(datetime(2026, 10, 1)) == date(2026, 10, 1)
    for bad in ("2026-13", "2026-1", "Oct 2026", "2026-10-05", datetime(2026, 10, 5)):
        with pytest.raises(ValueError, match="not a month"):
            parse_month(bad)


def test_dates_and_booleans():
    assert parse_date("2026-02-28") == date(2026, 2, 28)
    assert parse_date(datetime(2026, 2, 28, 0, 0)) == date(2026, 2, 28)
    with pytest.raises(ValueError, match="not a date"):
        parse_date("2026-02-30")
    with pytest.raises(ValueError, match="not a date"):
        parse_date("28/02/2026")
    for word in ("true", "Yes", "1", "Y", True, 1):
        assert parse_bool(word) is True
    for word in ("false", "NO", "0", "n", False, 0):
        assert parse_bool(word) is False
    with pytest.raises(ValueError, match="not true or false"):
        parse_bool("maybe")


def test_choices_forgive_case_and_spaces():
    status = choice(("not_started", "introduced", "transferred"))
    assert status("Not started") == "not_started"
    assert status("TRANSFERRED") == "transferred"
    with pytest.raises(ValueError, match="is not one of"):
        status("done")


def test_csv_rows_keep_their_spreadsheet_numbers_and_skip_blank_rows():
    content = b"\xef\xbb\xbfname,amount\r\nA,1\r\n,\r\nB,2\r\n"
    table = read_table("x.csv", content)
    assert table.header == ["name", "amount"]
    assert [(n, r) for n, r in table.records()] == [
        (2, {"name": "A", "amount": "1"}),
        (4, {"name": "B", "amount": "2"}),
    ]


def test_semicolon_csv_from_a_european_excel_is_read():
    table = read_table("x.csv", "name;amount\nCafé;1\n".encode("cp1252"))
    assert list(table.records()) == [(2, {"name": "Café", "amount": "1"})]


def test_the_first_sheet_of_an_xlsx_is_read_with_typed_cells():
    book = Workbook()
    sheet = book.active
    sheet.append(["month", "cash"])
    sheet.append([datetime(2026, 10, 1), 1234.5])
    sheet.append([None, None])
    sheet.append(["2026-11", "$10.00"])
    book.create_sheet("ignored").append(["other"])
    out = io.BytesIO()
    book.save(out)
    table = read_table("accounts.xlsx", out.getvalue())
    rows = list(table.records())
    assert [n for n, _ in rows] == [2, 4]
    assert parse_month(rows[0][1]["month"]) == date(2026, 10, 1)
    assert parse_money(rows[0][1]["cash"]) == 123_450
    assert parse_money(rows[1][1]["cash"]) == 1_000


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("accounts.pdf", b"%PDF-1.4", "must be a .csv or .xlsx file"),
        ("accounts.csv", b"", "the file is empty"),
        ("accounts.xlsx", b"month,cash\n", "not an Excel .xlsx workbook"),
        ("accounts.xlsx", b"\xd0\xcf\x11\xe0rest", "old .xls workbook"),
        ("accounts.csv", b"PK\x03\x04zipped", "not a text CSV file"),
        ("accounts.csv", b"a,b\n\x00\x01", "not a text CSV file"),
        ("accounts.xlsx", b"PK\x03\x04not really a zip", "could not be read"),
    ],
)
def test_uploads_are_checked_on_the_server(name, content, message):
    with pytest.raises(ValidationFailed, match=message):
        read_table(name, content)


def test_an_upload_over_the_size_limit_is_refused():
    with pytest.raises(ValidationFailed, match="the limit is 10 MB"):
        check_upload("big.csv", b"a" * (MAX_UPLOAD_BYTES + 1))


def test_header_problems_are_named_on_row_one():
    table = read_table("x.csv", b"month,cash,cash,Cahs,,extra\n2026-10,1,1,1,9,\n")
    problems = Problems()
    assert not check_columns(table, ["month", "cash", "receivables"], ["note"], problems)
    found = {(p.row, p.column): p.message for p in problems}
    assert "appears more than once" in found[(1, "cash")]
    assert "Did you mean 'cash'" in found[(1, "Cahs")]
    assert "values but no name" in found[(1, "#5")]
    assert "unknown column" in found[(1, "extra")]
    assert "required column is missing" in found[(1, "receivables")]


def test_cells_past_the_last_named_column_put_the_row_out_of_line():
    # Row 2: 1,234.50 without quotes is two cells, so the row has 3 cells under 2 names.
    # Row 3: a trailing comma adds only an empty cell, which is harmless.
    table = read_table("x.csv", b"month,cash\n2026-10,1,234.50\n2026-11,7,\n")
    problems = Problems()
    assert not check_columns(table, ["month", "cash"], [], problems)
    assert [(p.row, p.column) for p in problems] == [(2, "#3")]
    assert "3 cells but the header names 2 columns" in problems.items[0].message
    assert '"1,234.50"' in problems.items[0].message


def test_a_header_without_data_rows_is_a_problem():
    problems = Problems()
    check_columns(read_table("x.csv", b"month,cash\n"), ["month", "cash"], [], problems)
    assert [p.message for p in problems] == ["the file has a header but no data rows"]


def test_parse_row_collects_every_bad_cell_of_a_row():
    problems = Problems()
    values = parse_row(
        7,
        {"month": "2026-13", "cash": "", "note": ""},
        {"month": parse_month, "cash": parse_money, "note": str},
        {"month", "cash"},
        problems,
    )
    assert values is None
    assert [(p.location, p.message.split(":")[0]) for p in problems] == [
        ("row 7, column month", "not a month"),
        ("row 7, column cash", "is empty; a value is required"),
    ]


def test_problems_read_as_one_line_for_the_command_line():
    problems = Problems()
    problems.add(3, "cash", "not an amount: 'x'")
    problems.add(None, None, "no rows")
    with pytest.raises(ValidationFailed) as caught:
        problems.raise_if_any("accounts.csv")
    line = one_line(caught.value)
    assert "2 problems" in line
    assert "row 3, column cash: not an amount: 'x'; file: no rows" in line


def test_templates_round_trip_through_the_reader():
    columns = ["month", "cash"]
    for name, content in (
        ("t.csv", template_csv(columns, [["2026-11", "1,000.00"]])),
        ("t.xlsx", template_xlsx(columns, [["2026-11", "1,000.00"]])),
    ):
        table = read_table(name, content)
        assert table.header == columns
        assert list(table.records()) == [(2, {"month": "2026-11", "cash": "1,000.00"})]
