"""The board packet (PDF and Excel) writes every date in the organisation's date style and in
no other (issue 22, item 6)."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf
from gfj_core.exports.packet_xlsx import render_packet_xlsx
from gfj_core.formatting import DATE_STYLES, date_style
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.org_settings import set_org_setting
from tests.conftest import DEMO_TODAY, bare_actor
from tests.date_patterns import dates_in, foreign_dates

BOARD = bare_actor(Role.board)


def _packet(engine, style: str):
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "date_style", style, actor=SYSTEM)
    with session_scope(engine) as s:
        return board_packet(s, as_of=DEMO_TODAY, actor=BOARD)


@pytest.mark.parametrize("style", ["us", "international"])
def test_every_date_in_the_packet_pdf_is_in_the_organisations_style(demo_db, style):
    packet = _packet(demo_db, style)
    assert packet.date_style == style
    assert date_style().key == "us"  # building the packet left the caller's style alone
    reader = PdfReader(io.BytesIO(render_packet_pdf(packet, charts=False)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    found = dates_in(style, text)
    # The cover, the running header on every page, the digest, the open actions...
    assert len(found) >= len(reader.pages) + 5, found
    assert DATE_STYLES[style].read(DEMO_TODAY) in text
    assert foreign_dates(style, text) == {}
    title = reader.metadata.title
    assert title.endswith(DATE_STYLES[style].read(DEMO_TODAY)), title


@pytest.mark.parametrize("style", ["us", "international"])
def test_every_date_in_the_packet_workbook_is_a_date_cell_in_the_organisations_style(
    demo_db, style
):
    packet = _packet(demo_db, style)
    wb = load_workbook(io.BytesIO(render_packet_xlsx(packet)))
    want = DATE_STYLES[style].excel
    date_cells, formats, texts = 0, set(), []
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date | datetime):
                    date_cells += 1
                    formats.add(cell.number_format)
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    assert date_cells >= 20
    assert formats == {want}
    text = " ".join(texts)
    assert foreign_dates(style, text) == {}
