"""One date style everywhere (issue 22, item 6): each style's formats, the context it is read
from, the setting's validation, and no page or ui/ module writing its own date format."""

import ast
import re
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from gfj_core.formatting import (
    DATE_STYLES,
    date_grid_format,
    date_input_format,
    date_style,
    datetime_grid_format,
    fmt_date,
    fmt_datetime,
    fmt_day_short,
    fmt_month,
    set_date_style,
    using_date_style,
)
from gfj_core.schemas.settings import OrgSettings

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 12, 1)

EXPECTED = {
    # style: read, short, month, input, grid, excel, a moment
    "us": ("Dec 1, 2026", "Dec 1", "Dec 2026", "MM/DD/YYYY", "MMM D, YYYY", "mmm d, yyyy",
           "Dec 1, 2026, 09:05 UTC"),
    "international": ("1 Dec 2026", "1 Dec", "Dec 2026", "DD/MM/YYYY", "D MMM YYYY",
                      "d mmm yyyy", "1 Dec 2026, 09:05 UTC"),
    "iso": ("2026-12-01", "12-01", "2026-12", "YYYY-MM-DD", "YYYY-MM-DD", "yyyy-mm-dd",
            "2026-12-01, 09:05 UTC"),
}  # fmt: skip


@pytest.mark.parametrize("key", list(EXPECTED))
def test_each_style_reads_types_and_exports_its_own_way(key):
    read, short, month, typed, grid, excel, moment = EXPECTED[key]
    with using_date_style(key) as style:
        assert style is DATE_STYLES[key]
        assert fmt_date(DAY) == read
        assert fmt_date(datetime(2026, 12, 1, 9, 5)) == read
        assert fmt_day_short(DAY) == short
        assert fmt_month(DAY) == month
        assert date_input_format() == typed
        assert date_grid_format() == grid
        assert datetime_grid_format().startswith(grid)
        assert style.excel == excel
        assert fmt_datetime(datetime(2026, 12, 1, 9, 5)) == moment
        assert fmt_date(None) == "—"
    # Two-digit days and the year's first month.
    with using_date_style(key):
        assert (
            fmt_date(date(2027, 1, 31))
            == {
                "us": "Jan 31, 2027",
                "international": "31 Jan 2027",
                "iso": "2027-01-31",
            }[key]
        )


def test_the_us_style_is_the_default_and_a_block_restores_what_was_there():
    assert date_style().key == "us"
    assert fmt_date(DAY) == "Dec 1, 2026"
    with using_date_style("international"):
        with using_date_style("iso"):
            assert fmt_date(DAY) == "2026-12-01"
        assert fmt_date(DAY) == "1 Dec 2026"
    assert fmt_date(DAY) == "Dec 1, 2026"
    with using_date_style("no-such-style"):
        assert fmt_date(DAY) == "Dec 1, 2026"


def test_a_style_set_in_one_thread_is_not_seen_in_another():
    """Streamlit runs each browser session's script in its own thread."""
    seen = {}

    def other():
        seen["before"] = fmt_date(DAY)
        set_date_style("iso")
        seen["after"] = fmt_date(DAY)

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert seen == {"before": "Dec 1, 2026", "after": "2026-12-01"}
    assert fmt_date(DAY) == "Dec 1, 2026"


def test_the_setting_accepts_the_three_styles_only():
    assert OrgSettings().date_style == "us"
    for key in DATE_STYLES:
        assert OrgSettings(date_style=key).date_style == key
    with pytest.raises(ValidationError):
        OrgSettings(date_style="uk")


# --- no page or ui/ module writes its own date format -------------------------------------------

# strftime / f-string formats that are machine formats, not dates for people to read.
ALLOWED = {
    ("ui/finance.py", "YYYY-MM-DD"),  # how an import file writes its dates (machine format)
}
_DATE_DIRECTIVE = re.compile(r"%-?[dbBmyYAaej]")
_DATE_WORDS = re.compile(r"^(?:D{1,2}|M{1,4}|Y{2,4})(?:[ /.,-]+(?:D{1,2}|M{1,4}|Y{2,4}))+$")


def _date_formats(path: Path):
    """(line, text) of every strftime call, f-string date format and literal date pattern."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "strftime"
        ):
            yield node.lineno, ast.unparse(node)
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = ast.unparse(node.format_spec)
            if _DATE_DIRECTIVE.search(spec):
                yield node.lineno, spec
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _DATE_WORDS.match(node.value.strip())
        ):
            yield node.lineno, node.value


def test_no_page_or_ui_module_writes_its_own_date_format():
    offenders = []
    for folder in ("pages", "ui"):
        for path in sorted((ROOT / folder).glob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for line, text in _date_formats(path):
                if not any(rel == f and allowed in text for f, allowed in ALLOWED):
                    offenders.append(f"{rel}:{line}: {text}")
    assert offenders == [], "format dates with gfj_core.formatting:\n" + "\n".join(offenders)


def test_the_static_check_catches_what_it_is_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "x = d.strftime('%-d %b %Y')\n"
        "y = f'{d:%b %-d, %Y}'\n"
        "st.date_input('Due', format='DD/MM/YYYY')\n"
        "st.column_config.DateColumn(format='D MMM YYYY')\n"
        "ok = f'{n:,.0f} and {share:.0%}'\n"
    )
    assert [line for line, _ in _date_formats(bad)] == [1, 2, 3, 4]
