"""The board packet: the PDF's text holds the screen's figures and no note or individual rating;
the Excel workbook holds the rows behind it; the CLI writes both."""

import io
import os
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied
from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf
from gfj_core.exports.packet_xlsx import render_packet_xlsx
from gfj_core.models import Base, ChecklistItem, EmergingLeader, Milestone, Person
from gfj_core.services.board_meetings import open_action_items
from gfj_core.services.overview import board_scorecard
from tests.cli import gfj as run_gfj
from tests.conftest import DEMO_TODAY, bare_actor

BOARD = bare_actor(Role.board)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def packet(demo_db):
    with session_scope(demo_db) as s:
        return board_packet(s, as_of=DEMO_TODAY, actor=BOARD)


def test_the_pdf_holds_the_same_figures_as_the_screen(demo_db, packet):
    text = pdf_text(render_packet_pdf(packet, charts=False))
    with session_scope(demo_db) as s:
        screen = board_scorecard(s, today=DEMO_TODAY, actor=BOARD)
        actions = open_action_items(s, as_of=DEMO_TODAY, actor=BOARD)
    flat = " ".join(text.split())
    for tile in screen.tiles:
        assert f"{tile.label} " in flat or tile.label in flat, tile.label
        assert tile.value_text in flat, (tile.label, tile.value_text)
    assert f"Succession readiness index: {screen.index.value:.0f} / 100" in flat
    assert screen.index.formula in flat
    for a in actions:
        assert a.title.split()[0] in flat
    assert "Board meeting, December 2026" in flat  # the cover names the meeting
    assert "Institutional knowledge inventory (first pass)" in flat  # since last meeting
    assert "13 mentoring sessions logged" in flat


def test_the_pdf_holds_no_note_and_no_individual_leaders_rating(demo_db, packet):
    text = " ".join(pdf_text(render_packet_pdf(packet, charts=False)).split())
    with session_scope(demo_db) as s:
        notes = [n for n in s.scalars(select(Milestone.notes)) if n]
        leaders = list(
            s.scalars(
                select(Person.full_name).join(EmergingLeader, EmergingLeader.person_id == Person.id)
            )
        )
        session_table = Base.metadata.tables.get("mentoring_session")
        private = (
            [n for (n,) in s.execute(select(session_table.c.private_notes)) if n]
            if session_table is not None
            else []
        )
        shared = (
            [n for (n,) in s.execute(select(session_table.c.shared_notes)) if n]
            if session_table is not None
            else []
        )
    assert notes and leaders  # the demo has both, so the checks below mean something
    for note in notes + private + shared:
        assert " ".join(note.split())[:40] not in text
    for name in leaders:
        assert name not in text, f"{name} appears in the packet"
    assert "aggregates only" in text


def test_the_pdf_has_its_parts_and_draws_the_charts(packet):
    data = render_packet_pdf(packet, charts=True)
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(pdf_text(data).split())
    for heading in (
        "Board packet: leadership transition",
        "Scorecard",
        "How the succession readiness index is worked out",
        "Charts",
        "Since the last board meeting",
        "Open action items",
        "Transition plan",
        "Leadership pipeline",
    ):
        assert heading in text, heading
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 3  # index components, work against time, readiness, attendance


def test_the_workbook_holds_the_rows_behind_the_packet(demo_db, packet):
    wb = load_workbook(io.BytesIO(render_packet_xlsx(packet)))
    for name in (
        "About",
        "Scorecard",
        "Readiness index",
        "Index inputs",
        "Since last meeting",
        "Open actions",
        "Attendance",
        "Milestones",
        "Exit checklist",
        "Leaders by readiness",
        "Area figures",
    ):
        assert name in wb.sheetnames, name
    with session_scope(demo_db) as s:
        n_milestones = len(list(s.scalars(select(Milestone.id).where(Milestone.visible_to_board))))
        n_items = len(list(s.scalars(select(ChecklistItem.id))))
    assert wb["Milestones"].max_row - 1 == n_milestones
    assert wb["Exit checklist"].max_row - 1 == n_items
    assert wb["Open actions"].max_row - 1 == len(packet.open_actions)
    assert wb["Scorecard"].max_row - 1 == len(packet.scorecard.tiles)
    assert wb["Attendance"].max_row - 1 == len(packet.engagement.points)
    scorecard = {row[0]: row for row in wb["Scorecard"].iter_rows(min_row=2, values_only=True)}
    for tile in packet.scorecard.tiles:
        assert scorecard[tile.label][1] == tile.value_text
        assert scorecard[tile.label][2] == tile.value  # a number, not text
    due = [r[2] for r in wb["Open actions"].iter_rows(min_row=2, values_only=True)]
    assert all(d is None or hasattr(d, "year") for d in due)  # real dates


def test_the_workbook_neutralises_text_that_a_spreadsheet_would_run(demo_db):
    with session_scope(demo_db, write=True) as s:
        s.add(ChecklistItem(category="knowledge", title='=HYPERLINK("http://x","y")'))
    with session_scope(demo_db) as s:
        packet = board_packet(s, as_of=DEMO_TODAY, actor=BOARD)
    wb = load_workbook(io.BytesIO(render_packet_xlsx(packet)))
    titles = [r[1] for r in wb["Exit checklist"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x","y")' in titles


def test_the_packet_is_refused_to_staff(demo_db):
    with session_scope(demo_db) as s, pytest.raises(PermissionDenied):
        board_packet(s, as_of=DEMO_TODAY, actor=bare_actor(Role.staff))


def run_cli(demo_db, *args):
    return run_gfj(*args, url=str(demo_db.url), cwd=ROOT)


def test_the_cli_writes_the_workbook_and_the_pdf(demo_db, tmp_path):
    xlsx = tmp_path / "packet.xlsx"
    done = run_cli(demo_db, "export", "packet", "--as-of", "2026-10", "--out", str(xlsx))
    assert done.returncode == 0, done.stderr
    assert "as of Oct 31, 2026" in done.stdout
    assert load_workbook(xlsx)["About"]["B3"].value.date() == date(2026, 10, 31)
    pdf = tmp_path / "packet.pdf"
    done = run_cli(
        demo_db, "export", "packet", "--as-of", "2026-10", "--out", str(pdf), "--no-charts"
    )
    assert done.returncode == 0, done.stderr
    assert "Board packet" in pdf_text(pdf.read_bytes())


def test_the_cli_refuses_a_bad_month_or_format(demo_db, tmp_path):
    bad = run_cli(
        demo_db, "export", "packet", "--as-of", "2026-13", "--out", str(tmp_path / "p.pdf")
    )
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr
    fmt = run_cli(
        demo_db, "export", "packet", "--as-of", "2026-10", "--out", str(tmp_path / "p.doc")
    )
    assert fmt.returncode == 2 and ".pdf or an .xlsx" in fmt.stderr


def test_the_packet_has_the_five_year_history_and_never_anyones_pay(demo_db, packet):
    from gfj_core.services.financial_history import financial_history

    with session_scope(demo_db) as s:
        years = financial_history(s, actor=BOARD).years
    flat = " ".join(pdf_text(render_packet_pdf(packet, charts=False)).split())
    assert "Five-year financial history (Form 990)" in flat
    assert "The returns beside the monthly accounts" in flat
    for y in years:
        assert f"${y.total_revenue:,}" in flat and f"${y.total_expenses:,}" in flat, y.tax_year
        assert f"{y.program_expense_ratio:.1%} (Healthy)" in flat
    assert "2 of 12" in flat and "partial" in flat  # 2023: only Nov and Dec are on file
    assert "fictional demo data" in flat
    # Privacy mode: the departing leader's reported pay is in the returns, never in the packet.
    assert "$168,400" not in flat and "168400" not in flat and "compensation" not in flat.lower()
    sheet = load_workbook(io.BytesIO(render_packet_xlsx(packet)))["Form 990 history"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [2023, 2024, 2025]
    assert rows[1][5] == years[1].total_revenue  # a number, not text
    assert rows[1][22] == 0  # 2024: the return agrees with its twelve months


def test_the_packet_has_a_one_page_financial_summary_with_the_finances_pages_figures(
    demo_db, packet
):
    """The statement of activities and the balance sheet of the newest month on file (the
    Finances page's own service), the board's finance measures with their lights; one page."""
    from gfj_core.formatting import fmt_month
    from gfj_core.services.finance_measures import finance_months
    from gfj_core.services.finance_statements import financial_statements

    with session_scope(demo_db) as s:
        month = finance_months(s, actor=BOARD)[0]
        page = financial_statements(s, as_of=month, actor=BOARD)
    assert month <= DEMO_TODAY and packet.finances == page
    reader = PdfReader(io.BytesIO(render_packet_pdf(packet, charts=False)))
    pages = [p.extract_text() for p in reader.pages]
    [at] = [i for i, text in enumerate(pages) if "\nFinancial summary" in text]
    summary = pages[at]
    total_expenses = next(r for r in page.activities if r.key == "total_expenses")
    assert f"Monthly accounts to {fmt_month(month)}" in summary
    assert f"${round(total_expenses.ytd):,}" in summary
    assert f"({total_expenses.light.word})" in summary  # overspending carries its light
    last_balance_line = page.balance_sheet[-1]
    assert last_balance_line.label in summary and f"${round(last_balance_line.now):,}" in summary
    for m in packet.finance_measures:
        assert m.value_text in summary
    assert "Statement of activities" not in pages[at + 1]  # nothing spilled onto the next page

    book = load_workbook(io.BytesIO(render_packet_xlsx(packet)))
    rows = list(book["Financial summary"].iter_rows(values_only=True))
    assert ("Activities", total_expenses.label, round(total_expenses.month)) == rows[
        next(i for i, r in enumerate(rows) if r[1] == total_expenses.label)
    ][:3]
    balance = list(book["Balance sheet"].iter_rows(values_only=True))
    assert balance[-1][:2] == (last_balance_line.label, round(last_balance_line.now))


def test_a_packet_without_monthly_accounts_has_no_financial_summary(empty_db):
    with session_scope(empty_db) as s:
        got = board_packet(s, as_of=DEMO_TODAY, actor=BOARD)
    assert got.finances is None and got.finance_measures == []
    assert "Financial summary" not in pdf_text(render_packet_pdf(got, charts=False))
