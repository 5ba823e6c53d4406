"""Each import's columns are defined once, in gfj_core/imports (issue 13): the parser's required
and optional headers, the Import data page's column table, the templates and the README's tables
all come from that definition, and these tests fail the moment one of them differs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from gfj_core.imports import financials as fin_import
from gfj_core.imports.columns import described, markdown_table, names, optional, required
from gfj_core.imports.events import EVENT_COLUMNS
from gfj_core.imports.people import PEOPLE_COLUMNS
from gfj_core.imports.sessions import SESSION_COLUMNS, TEMPLATE_ROWS, parse_sessions_csv
from gfj_core.metrics.finance import AMOUNT_COLUMNS, BUDGET_COLUMNS
from gfj_core.services.finance_imports import COLUMNS, import_formats, import_template
from gfj_core.services.pipeline_import import COLUMNS as PIPELINE_COLUMNS
from gfj_core.services.pipeline_import import pipeline_import_formats, pipeline_import_template

ROOT = Path(__file__).resolve().parents[2]
ALL = {**COLUMNS, **PIPELINE_COLUMNS}
# Imported on the Community and People & accounts pages, or by `gfj import sessions` only.
README_ONLY = {"events": EVENT_COLUMNS, "people": PEOPLE_COLUMNS, "sessions": SESSION_COLUMNS}


def _template_header(kind: str) -> list[str]:
    template = pipeline_import_template if kind in PIPELINE_COLUMNS else import_template
    return next(csv.reader(io.StringIO(template(kind, "csv").decode("utf-8-sig"))))


@pytest.mark.parametrize("kind", sorted({**ALL, **README_ONLY}))
def test_the_readme_lists_each_import_s_columns_as_the_importer_defines_them(kind):
    columns = {**ALL, **README_ONLY}[kind]
    assert markdown_table(columns) in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(ALL))
def test_the_template_header_is_the_importer_s_columns_in_order(kind):
    assert _template_header(kind) == list(names(ALL[kind]))


@pytest.mark.parametrize("kind", sorted(ALL))
def test_the_import_page_s_column_table_is_the_importer_s(kind):
    intro, table = {**import_formats(), **pipeline_import_formats()}[kind]
    assert intro
    assert table == described(ALL[kind])
    assert [c for c, *_ in table] == list(names(ALL[kind]))


def test_monthly_accounts_columns_are_the_figures_the_measures_read():
    """The importer's column names are the stored figures of gfj_core.metrics.finance: a column
    renamed in one place only fails here, not at the treasurer's next import."""
    cols = fin_import.ACCOUNT_COLUMNS
    assert required(cols) == ("month", *AMOUNT_COLUMNS)
    assert optional(cols) == (*BUDGET_COLUMNS, "total_assets")


def test_the_events_template_header_is_the_importer_s_columns():
    from gfj_core.imports.common import template_csv
    from gfj_core.imports.events import COLUMNS as EVENT_NAMES
    from gfj_core.imports.events import TEMPLATE_ROWS

    header = next(
        csv.reader(io.StringIO(template_csv(EVENT_NAMES, TEMPLATE_ROWS).decode("utf-8-sig")))
    )
    assert header == list(names(EVENT_COLUMNS))


def test_the_people_template_header_is_the_importer_s_columns():
    from gfj_core.services.people import people_template

    header = next(csv.reader(io.StringIO(people_template().decode("utf-8-sig"))))
    assert header == list(names(PEOPLE_COLUMNS))


def test_a_column_the_header_needs_but_whose_cells_may_be_empty_says_so():
    table = dict((c, r) for c, r, _ in import_formats()["funders"][1])
    assert table["successor_owner"] == "may be empty"
    assert table["name"] == "yes" and table["introduction_meeting_on"] == "no"


def _readme_csv_after(heading: str) -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(heading) :]
    block = after[after.index("```csv\n") + len("```csv\n") :]
    return list(csv.reader(io.StringIO(block[: block.index("```")])))


def test_the_readme_s_sessions_example_is_the_declared_worked_example():
    rows = _readme_csv_after("### Importing mentoring sessions")
    assert rows[0] == list(names(SESSION_COLUMNS))
    assert rows[1:] == TEMPLATE_ROWS


def test_the_sessions_worked_example_reads_without_a_problem():
    text = ",".join(names(SESSION_COLUMNS)) + "\n"
    text += "".join(",".join(row) + "\n" for row in TEMPLATE_ROWS)
    rows, problems = parse_sessions_csv(text)
    assert problems == [] and len(rows) == len(TEMPLATE_ROWS)


@pytest.mark.parametrize("column", required(SESSION_COLUMNS))
def test_the_sessions_parser_requires_exactly_the_declared_required_columns(column):
    header = [c for c in required(SESSION_COLUMNS) if c != column]
    _, problems = parse_sessions_csv(",".join(header) + "\n" + ",".join("x" * len(header)) + "\n")
    assert problems == [(f"row 1, column {column}", "This required column is missing.")]


def test_every_declared_optional_sessions_column_is_known_to_the_parser():
    header = [*required(SESSION_COLUMNS), *optional(SESSION_COLUMNS)]
    _, problems = parse_sessions_csv(",".join(header) + "\n")
    assert problems == [("row 2", "The file has a header but no sessions.")]
