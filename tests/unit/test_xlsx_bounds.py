"""Bounded spreadsheet reads (issue 16): an .xlsx is read no wider than its header, whatever
dimension the sheet declares, and a file past the column or cell cap is refused by name."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from gfj_core.errors import ValidationFailed
from gfj_core.imports import common
from gfj_core.imports.common import read_table


def _xlsx(rows, *, declare: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    if declare is None:
        return out.getvalue()
    # Rewrite the sheet's declared dimension, as a hostile or broken tool would.
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    dst_buf = io.BytesIO()
    with zipfile.ZipFile(dst_buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{declare}"'.encode(), data
                )
                assert declare.encode() in data
            dst.writestr(item, data)
    return dst_buf.getvalue()


def test_a_small_file_declaring_16384_columns_stays_under_50_mb():
    rows = [["month", "cash", "note"]] + [[f"2026-{i % 12 + 1:02d}", i, "x"] for i in range(1000)]
    content = _xlsx(rows, declare="A1:XFD1001")
    assert len(content) < 64 * 1024
    tracemalloc.start()
    try:
        table = read_table("wide.xlsx", content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"{peak / 2**20:.0f} MiB"
    assert table.header == ["month", "cash", "note"]
    assert len(table) == 1000
    assert all(len(cells) == 3 for _, cells in table.rows)


def test_a_header_wider_than_the_column_cap_is_refused_with_a_clear_message():
    content = _xlsx([[f"c{i}" for i in range(common.MAX_COLUMNS + 5)], [1]])
    with pytest.raises(ValidationFailed, match=r"more than 200 columns"):
        read_table("wide.xlsx", content)


def test_a_file_past_the_cell_cap_is_refused(monkeypatch):
    monkeypatch.setattr(common, "MAX_CELLS", 50)
    content = _xlsx([["a", "b"]] + [[i, i] for i in range(40)])
    with pytest.raises(ValidationFailed, match=r"more than 50 cells; split the file"):
        read_table("many.xlsx", content)


def test_cells_beyond_the_header_are_not_read():
    content = _xlsx([["a", "b"], [1, 2, "stray", "more"]])
    table = read_table("stray.xlsx", content)
    assert [cells for _, cells in table.rows] == [[1, 2]]
