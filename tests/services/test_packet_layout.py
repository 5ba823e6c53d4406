"""The packet reads like a document: no page ends with a heading (each keeps the block after
it), a table continued on a new page repeats its header there, and no section starts a page
of its own only to leave it mostly empty."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from gfj_core.db import session_scope
from gfj_core.exports.packet_pdf import PacketPDF, board_packet, render_packet_pdf
from tests.conftest import DEMO_TODAY, demo_actor


@pytest.fixture
def laid_out(demo_db):
    """The packet (charts left out: the layout is what is tested) and the headings drawn."""
    with session_scope(demo_db) as s:
        packet = board_packet(s, as_of=DEMO_TODAY, actor=demo_actor(demo_db, "board"))
    drawn: dict = {}
    original = PacketPDF.output

    def keep(self, *a, **kw):
        drawn["headings"], drawn["tables"] = list(self.headings), list(self.table_headers)
        return original(self, *a, **kw)

    PacketPDF.output = keep
    try:
        pdf = render_packet_pdf(packet, charts=False)
    finally:
        PacketPDF.output = original
    pages = [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]
    return pages, drawn["headings"], drawn["tables"]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_no_page_ends_with_a_heading(laid_out):
    pages, headings, _ = laid_out
    assert headings
    for page_no, heading in headings:
        text = _flat(pages[page_no - 1])
        at = text.rfind(_flat(heading))
        assert at >= 0, (page_no, heading)
        after = text[at + len(_flat(heading)) :].strip()
        # What follows the heading on its page is more than the page number in the footer.
        assert len(after) > 6, f"page {page_no} ends with the heading “{heading}”"


def test_a_table_continued_on_the_next_page_repeats_its_header(laid_out):
    pages, _, tables = laid_out
    for page_no, header in tables:
        text = _flat(pages[page_no - 1])
        assert all(h in text for h in header), (page_no, header)
    # The demo's packet has at least one table that runs onto a second page.
    runs = [
        t
        for t in zip(tables, tables[1:], strict=False)
        if t[0][1] == t[1][1] and t[1][0] == t[0][0] + 1
    ]
    assert runs or len(pages) < 4


def test_no_page_but_the_last_of_a_section_is_less_than_a_third_full(laid_out):
    pages, _, _ = laid_out
    lengths = [len(_flat(p)) for p in pages]
    longest = max(lengths)
    # The cover is short by design; beyond it, a page with under a third of a full page's
    # text must be the one before a page that starts a new part (its h1).
    short = [i for i, n in enumerate(lengths[1:-1], start=1) if n < longest / 3]
    assert len(short) <= 3, f"half-empty pages: {[i + 1 for i in short]} of {len(pages)}"
