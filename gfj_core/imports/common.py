"""Shared pieces for every import: check the upload, read a CSV or the first sheet of an XLSX,
parse cells (money, months, dates, booleans, choices, text), and collect problems as
(row, column, message) so the user sees every one of them before anything is written.

How an import module uses it (see gfj_core/imports/financials.py for a complete example):

    table = read_table(filename, content)           # raises ValidationFailed for a bad file
    problems = Problems()
    if check_columns(table, REQUIRED, OPTIONAL, problems):
        for row, record in table.records():
            values = parse_row(row, record, PARSERS, REQUIRED, problems)
            ...validate `values` with a pydantic model; add_pydantic_problems(...) on failure
    problems.raise_if_any("monthly accounts")      # all or nothing: nothing written yet

Row numbers are the spreadsheet's: the header is row 1 and the first data row is row 2, so the
user can go straight to the cell. Blank rows are skipped but keep their numbers.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from gfj_core.errors import ValidationFailed

Cell = str | int | float | Decimal | date | datetime | bool | None
# progress(fraction done 0..1, what is happening) — pages draw a bar with it; the CLI ignores it.
Progress = Callable[[float, str], None]

ALLOWED_SUFFIXES = (".csv", ".xlsx")
# The real limit (Streamlit's server.maxUploadSize is only a first, coarser fence).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_DATA_ROWS = 200_000
# A spreadsheet is read no wider than its header, and never past these caps, whatever the sheet
# declares about itself: a 6 KiB .xlsx declaring 16,384 columns made openpyxl pad every row to
# that width (155 MiB at 1,000 rows). The widest import has about 25 columns.
MAX_COLUMNS = 200
MAX_CELLS = 5_000_000
TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "0"})
_MONEY = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- problems ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    @property
    def location(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts) or "file"


@dataclass
class Problems:
    """Every problem found in a file, in the order found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.items.append(Problem(row, column, message))

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def as_pairs(self) -> list[tuple[str, str]]:
        """(location, message) pairs, the shape ValidationFailed carries."""
        return [(p.location, p.message) for p in self.items]

    def raise_if_any(self, what: str) -> None:
        if self.items:
            n = len(self.items)
            raise ValidationFailed(
                f"{what}: nothing was imported; {n} problem{'s' if n != 1 else ''} to fix.",
                self.as_pairs(),
            )


def one_line(exc: ValidationFailed, limit: int = 20) -> str:
    """A ValidationFailed with its problems on one line (for the CLI's single error line)."""
    if not exc.problems:
        return str(exc)
    shown = "; ".join(f"{where}: {msg}" for where, msg in exc.problems[:limit])
    more = len(exc.problems) - limit
    return f"{exc} {shown}" + (f"; and {more} more" if more > 0 else "")


# --- reading files ----------------------------------------------------------------------------


@dataclass
class Table:
    """A file's header and its non-blank data rows, each with its spreadsheet row number."""

    filename: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> Iterator[tuple[int, dict[str, Cell]]]:
        """(row number, {column name: cell}) for each data row; unnamed columns are left out."""
        names = [(i, name) for i, name in enumerate(self.header) if name]
        for number, cells in self.rows:
            yield number, {name: (cells[i] if i < len(cells) else None) for i, name in names}


def check_upload(
    filename: str,
    content: bytes,
    *,
    allowed: Sequence[str] = ALLOWED_SUFFIXES,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> str:
    """Refuse a file by its name, size and first bytes before parsing it; returns its suffix.
    Run on the server for every upload: the browser's own file filter is only a convenience."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in allowed:
        kinds = " or ".join(allowed)
        raise ValidationFailed(f"{filename or 'The file'}: must be a {kinds} file.")
    if not content:
        raise ValidationFailed(f"{filename}: the file is empty.")
    if len(content) > max_bytes:
        raise ValidationFailed(
            f"{filename}: the file is {len(content) / 1_048_576:.1f} MB; "
            f"the limit is {max_bytes / 1_048_576:.0f} MB."
        )
    is_zip = content.startswith(b"PK\x03\x04")
    is_old_excel = content.startswith(b"\xd0\xcf\x11\xe0")
    if suffix == ".xlsx" and not is_zip:
        hint = " (an old .xls workbook: save it as .xlsx or CSV)" if is_old_excel else ""
        raise ValidationFailed(f"{filename}: not an Excel .xlsx workbook{hint}.")
    if suffix == ".csv" and (is_zip or is_old_excel or b"\x00" in content[:65536]):
        raise ValidationFailed(
            f"{filename}: not a text CSV file (is it a workbook? name it .xlsx or save as CSV)."
        )
    return suffix


def read_table(filename: str, content: bytes, *, max_rows: int = MAX_DATA_ROWS) -> Table:
    """Read a CSV (UTF-8, or Windows-1252 as Excel saves it) or an XLSX's first sheet."""
    suffix = check_upload(filename, content)
    if suffix == ".xlsx":
        header, rows = _read_xlsx(filename, content, max_rows)
    else:
        header, rows = _read_csv(filename, content, max_rows)
    return Table(filename=filename, header=header, rows=rows)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _delimiter(first_line: str) -> str:
    # Excel in many European locales saves "CSV" with semicolons.
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _is_blank_row(cells: Sequence[Cell]) -> bool:
    return all(is_blank(c) for c in cells)


def _too_many(filename: str, max_rows: int) -> ValidationFailed:
    return ValidationFailed(f"{filename}: more than {max_rows:,} rows; split the file.")


def _read_csv(filename: str, content: bytes, max_rows: int) -> tuple[list[str], list]:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        header = [h.strip() for h in next(reader, [])]
        rows: list[tuple[int, list[Cell]]] = []
        for number, cells in enumerate(reader, start=2):
            if _is_blank_row(cells):
                continue
            if len(rows) >= max_rows:
                raise _too_many(filename, max_rows)
            rows.append((number, [c.strip() for c in cells]))
    except csv.Error as exc:
        raise ValidationFailed(f"{filename}: not a readable CSV file ({exc}).") from None
    return header, rows


def _read_xlsx(filename: str, content: bytes, max_rows: int) -> tuple[list[str], list]:
    from openpyxl import load_workbook

    try:
        # data_only: a formula's last computed value, as the user saw it in Excel.
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ValidationFailed(
            f"{filename}: could not be read as an Excel workbook ({type(exc).__name__})."
        ) from None
    try:
        if not book.worksheets:
            raise ValidationFailed(f"{filename}: the workbook has no sheets.")
        sheet = book.worksheets[0]
        # The declared dimension (<dimension ref="A1:XFD1000">) is the file's claim, not its
        # content: forget it, so rows are not padded to it.
        sheet.reset_dimensions()
        first = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS + 1, values_only=True), ())
        header = ["" if h is None else str(h).strip() for h in first or ()]
        while header and not header[-1]:
            header.pop()
        if len(header) > MAX_COLUMNS:
            raise ValidationFailed(
                f"{filename}: the first row has more than {MAX_COLUMNS} columns; "
                "keep only the columns the import needs."
            )
        width = max(1, len(header))
        rows: list[tuple[int, list[Cell]]] = []
        cells_read = 0
        for number, values in enumerate(
            sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
        ):
            cells = [v.strip() if isinstance(v, str) else v for v in values]
            if _is_blank_row(cells):
                continue
            if len(rows) >= max_rows:
                raise _too_many(filename, max_rows)
            cells_read += width
            if cells_read > MAX_CELLS:
                raise ValidationFailed(
                    f"{filename}: more than {MAX_CELLS:,} cells; split the file."
                )
            rows.append((number, cells))
    finally:
        book.close()
    return header, rows


def check_columns(
    table: Table, required: Sequence[str], optional: Sequence[str], problems: Problems
) -> bool:
    """Header rules: every required column present, none twice, none unknown (a misspelt
    optional column would otherwise be silently dropped). Returns True when the header is fine."""
    known = [*required, *optional]
    before = len(problems)
    seen: set[str] = set()
    for index, name in enumerate(table.header):
        if not name:
            if any(index < len(cells) and not is_blank(cells[index]) for _, cells in table.rows):
                problems.add(1, f"#{index + 1}", "this column has values but no name")
            continue
        if name in seen:
            problems.add(1, name, "this column appears more than once")
            continue
        seen.add(name)
        if name not in known:
            close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            problems.add(1, name, f"unknown column.{hint} Expected: {', '.join(known)}.")
    for name in required:
        if name not in seen:
            problems.add(1, name, "required column is missing")
    # Cells past the last named column: usually an amount such as 1,234.50 written without
    # quotes, which splits into two cells and moves every later value one column along.
    width = len(table.header)
    for number, cells in table.rows:
        extra = [i for i in range(width, len(cells)) if not is_blank(cells[i])]
        if extra:
            problems.add(
                number,
                f"#{extra[0] + 1}",
                f"this row has {len(cells)} cells but the header names {width} columns, so its "
                "values are out of line. A number with a comma must be in quotes, e.g. "
                '"1,234.50".',
            )
    if not table.rows and len(problems) == before:
        problems.add(None, None, "the file has a header but no data rows")
    return len(problems) == before


# --- parsing cells ----------------------------------------------------------------------------


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: Cell) -> str:
    """A cell as the user would read it, for previews and messages."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _quoted(cell: Cell, limit: int = 40) -> str:
    text = cell_text(cell)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def parse_money(cell: Cell) -> int:
    """Dollars to integer cents. Text may be 1234.5, 1,234.50, $1,234.50, -1234.50 or the
    accountant's (1,234.50); spreadsheet numbers are taken as they are."""
    if isinstance(cell, bool):
        raise ValueError(f"not an amount: {_quoted(cell)}")
    if isinstance(cell, int):
        return cell * 100
    if isinstance(cell, float | Decimal):
        if isinstance(cell, float) and not math.isfinite(cell):
            raise ValueError(f"not an amount: {_quoted(cell)}")
        cents = Decimal(str(cell)) * 100
        whole = cents.to_integral_value()
        # Spreadsheet arithmetic leaves float dust (0.1 + 0.2); a real third decimal is refused.
        if abs(cents - whole) > Decimal("0.000001"):
            raise ValueError(f"{_quoted(cell)} has fractions of a cent")
        return int(whole)
    text = str(cell).strip()
    s = text
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.startswith("-"):
        negative, s = not negative, s[1:].strip()
    if s.startswith("$"):
        s = s[1:].strip()
    if s.startswith("-") and not negative:
        negative, s = True, s[1:].strip()
    match = _MONEY.match(s)
    if not s or not match or (match.group(1) is None and match.group(2) is None):
        raise ValueError(
            f"not an amount: {_quoted(text)} (write e.g. 1234.50, 1,234.50, $1,234.50 or "
            "(1,234.50) for a negative)"
        )
    whole, fraction = match.group(1) or "0", match.group(2) or ""
    if len(fraction) > 2:
        raise ValueError(f"{_quoted(text)} has more than two decimal places")
    cents = int(whole.replace(",", "")) * 100 + int(fraction.ljust(2, "0"))
    return -cents if negative else cents


def parse_month(cell: Cell) -> date:
    """YYYY-MM to the first day of that month. Excel turns a typed 2026-10 into 1 Oct 2026, so a
    date cell on the first of a month is accepted too."""
    if isinstance(cell, datetime | date):
        d = cell.date() if isinstance(cell, datetime) else cell
        if d.day == 1:
            return d
        raise ValueError(f"not a month: {_quoted(cell)} (write YYYY-MM, e.g. 2026-10)")
    text = cell_text(cell).strip()
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a month: {_quoted(text)} (write YYYY-MM, e.g. 2026-10)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def parse_date(cell: Cell) -> date:
    """YYYY-MM-DD, or a spreadsheet date cell."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = cell_text(cell).strip()
    try:
        if not _DATE.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"not a date: {_quoted(text)} (write YYYY-MM-DD, e.g. 2026-10-15)"
        ) from None


def parse_bool(cell: Cell) -> bool:
    """true/false, yes/no, 1/0 (any case), or a spreadsheet TRUE/FALSE."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    word = cell_text(cell).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"not true or false: {_quoted(cell)} (write true/false, yes/no or 1/0)")


def parse_text(cell: Cell, max_length: int | None = None) -> str:
    text = " ".join(cell_text(cell).split())
    if max_length is not None and len(text) > max_length:
        raise ValueError(f"is {len(text)} characters long; at most {max_length} fit")
    return text


def choice(options: Sequence[str]) -> Callable[[Cell], str]:
    """A parser accepting one of `options`, forgiving case and spaces ("Not started")."""

    def parse(cell: Cell) -> str:
        word = re.sub(r"[\s-]+", "_", cell_text(cell).strip().lower())
        if word in options:
            return word
        raise ValueError(f"{_quoted(cell)} is not one of: {', '.join(options)}")

    return parse


def parse_row(
    row: int,
    record: Mapping[str, Cell],
    parsers: Mapping[str, Callable[[Cell], Any]],
    required: Collection[str],
    problems: Problems,
) -> dict[str, Any] | None:
    """Parse each column of one row; every bad cell is recorded. None if any cell was bad.
    A blank optional cell becomes None; a column absent from the file is left out."""
    values: dict[str, Any] = {}
    ok = True
    for column, parser in parsers.items():
        if column not in record:
            continue
        cell = record[column]
        if is_blank(cell):
            if column in required:
                problems.add(row, column, "is empty; a value is required")
                ok = False
            else:
                values[column] = None
            continue
        try:
            values[column] = parser(cell)
        except ValueError as exc:
            problems.add(row, column, str(exc))
            ok = False
    return values if ok else None


def add_pydantic_problems(
    exc: PydanticValidationError,
    row: int,
    problems: Problems,
    column_for: Mapping[str, str] | None = None,
) -> None:
    """Turn a pydantic ValidationError for one row into (row, column, message) problems;
    `column_for` maps a model field to the file's column where the names differ."""
    column_for = column_for or {}
    for error in exc.errors():
        field_name = str(error["loc"][0]) if error["loc"] else None
        column = column_for.get(field_name, field_name) if field_name else None
        message = error["msg"].removeprefix("Value error, ")
        problems.add(row, column, message)


def report(progress: Progress | None, done: int, total: int, what: str, every: int = 500) -> None:
    """Call progress every `every` rows and at the end; cheap enough to call on every row."""
    if progress is not None and total and (done % every == 0 or done == total):
        progress(min(1.0, done / total), f"{what} {done:,} of {total:,}")


# --- templates --------------------------------------------------------------------------------


def template_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]] = ()) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def template_xlsx(
    columns: Sequence[str], rows: Sequence[Sequence[Any]] = (), title: str = "Data"
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(name) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
