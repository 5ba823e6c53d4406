"""Every table a page draws goes through ui.widgets.data_table (issue 22, item 7): an empty cell
reads empty, never Streamlit's grey "None", which is also a word some cells hold (the knowledge
register's documentation level "None" was once indistinguishable from an empty cell)."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models.finance import Programme
from tests.conftest import demo_actor
from tests.ui.apptest import open_page

ROOT = Path(__file__).resolve().parents[2]
MECHANISM = ROOT / "ui" / "widgets.py"
TABLE_CALLS = {"dataframe", "data_editor", "table"}


def _direct_table_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in TABLE_CALLS
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}(")
    return found


def test_no_page_or_ui_module_draws_a_table_but_through_data_table():
    files = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py"))]
    files += [p for p in sorted((ROOT / "ui").rglob("*.py")) if p != MECHANISM]
    direct = [call for path in files for call in _direct_table_calls(path)]
    assert direct == []
    # The check itself can fail: the mechanism does call Streamlit's tables.
    assert _direct_table_calls(MECHANISM)


def _grids(at):
    return [*at.dataframe, *at.data_editor]


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("ceo", "pages/programmes.py"),
        ("ceo", "pages/continuity.py"),
        ("ceo", "pages/checklist.py"),
        ("board", "pages/leader_profile.py"),
    ],
)
def test_every_grid_on_the_page_leaves_an_empty_cell_empty(demo_db, role, page):
    at = open_page(demo_actor(demo_db, role), page)
    assert not at.exception
    grids = _grids(at)
    assert grids, f"{page} drew no table"
    for grid in grids:
        assert grid.proto.HasField("placeholder") and grid.proto.placeholder == ""


def test_a_program_without_a_backup_has_an_empty_backup_cell(demo_db):
    with session_scope(demo_db, write=True) as s:
        programme = s.scalars(select(Programme).order_by(Programme.name)).first()
        programme.backup_person_id = None
        name = programme.name
    at = open_page(demo_actor(demo_db, "ceo"), "pages/programmes.py")
    grid = at.data_editor[0]
    row = grid.value[grid.value["Program"] == name].iloc[0]
    assert pd.isna(row["Backup"])  # missing, so the placeholder ("") is what is drawn
    assert grid.proto.placeholder == ""


def test_a_plain_table_keeps_short_values_on_one_line_and_escapes_every_cell():
    from datetime import date

    from ui.widgets import html_table

    html = html_table(
        {
            "Action": ["Bring the search approach to the board <b>now</b>"],
            "Due": [date(2026, 11, 30)],
        }
    )
    assert '<td data-label="Due" class="gfj-short">Nov 30, 2026</td>' in html
    assert '<td data-label="Action">Bring the search approach to the board &lt;b&gt;now' in html
