"""Finance journeys in real Chromium: the treasurer's upload is refused with the row and column
named, fixed and imported; the board, in its own browser session, then sees the new month."""

import sqlite3

import pytest

from tests.e2e.conftest import go_to, screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e

HEADER = (
    "month,contributions_unrestricted,contributions_restricted,program_revenue,other_revenue,"
    "expense_program,expense_management,expense_fundraising,depreciation,cash,investments,"
    "receivables,fixed_assets_net,fixed_asset_debt,current_liabilities,total_liabilities,"
    "net_assets_without_restrictions,board_designated,net_assets_with_restrictions,"
    "budget_revenue,budget_expense"
)
# November 2026: the month after the demo's last (October 2026).
NOVEMBER = (
    '2026-11,"98,500.00",12000,4800,650,"99,200",16100,11300,1050,"{cash}",205000,38400,24600,'
    "6000,61000,67000,432000,100000,131500,121000,126000"
)
TYPO = "4I2,300"  # a capital I typed for a 1
FIXED = "412,300"
# Cash and investments at the end of November: 412,300 + 205,000 = 617,300.
CUSHION = "$617,300 cash and investments"


def november(cash: str) -> dict:
    text = f"{HEADER}\n{NOVEMBER.format(cash=cash)}\n"
    return {"name": "november.csv", "mimeType": "text/csv", "buffer": text.encode()}


def months_on_file(db_path) -> list[str]:
    with sqlite3.connect(db_path) as db:
        return [r[0] for r in db.execute("SELECT month FROM monthly_account ORDER BY month")]


def upload(page, file: dict) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[file])


def test_the_treasurer_fixes_a_refused_upload_and_the_board_sees_the_new_month(
    browser, live_server
):
    before = months_on_file(live_server.db_path)
    assert before[-1].startswith("2026-10")  # the demo's last month

    treasurer = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    sign_in(treasurer, live_server.url, "treasurer")
    go_to(treasurer, "Import data")
    treasurer.get_by_text("What are you importing?").wait_for()

    # 1. The file with text in a number: refused, the row and the column named, nothing written.
    upload(treasurer, november(TYPO))
    error = treasurer.get_by_test_id("stAlertContentError").filter(has_text="1 problem")
    error.wait_for(timeout=30000)
    wait_idle(treasurer)
    message = error.inner_text()
    assert "1 problem in november.csv. Nothing has been imported." in message
    assert "Row 2, column cash" in message  # header = row 1, so the first data row is row 2
    assert f"not an amount: '{TYPO}'" in message
    assert treasurer.get_by_role("button", name="Import 1 row").count() == 0
    screenshot(treasurer, "finance-import-refused-treasurer", sizes=((1920, 1080),))
    assert months_on_file(live_server.db_path) == before

    # 2. The corrected file: checked clean, previewed, imported on confirm.
    upload(treasurer, november(FIXED))
    treasurer.get_by_text("1 row checked in november.csv: no problems.").wait_for(timeout=30000)
    wait_idle(treasurer)
    assert treasurer.get_by_text("1 problem in november.csv").count() == 0
    assert months_on_file(live_server.db_path) == before  # still nothing before the confirm
    treasurer.get_by_role("button", name="Import 1 row").click()
    treasurer.get_by_text("Imported 1 month of accounts (2026-11): 1 new, 0 replaced.").wait_for(
        timeout=30000
    )
    wait_idle(treasurer)
    after = months_on_file(live_server.db_path)
    assert len(after) == len(before) + 1 and after[-1].startswith("2026-11")
    treasurer.context.close()

    # 3. The board, in a browser session of its own, opens Finances on the new month.
    board = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    sign_in(board, live_server.url, "board")
    go_to(board, "Finances")
    board.get_by_text("Twelve months").first.wait_for(timeout=30000)
    wait_idle(board)
    picker = board.get_by_test_id("stSelectbox").filter(has_text="As of month")
    # The newest month is chosen by default (the choice is shown in the box's input).
    assert picker.locator("input").input_value() == "Nov 2026"
    body = board.locator("body").inner_text()
    assert "Twelve months Dec 2025 to Nov 2026" in body
    assert CUSHION in body  # November's own balances, not October's
    assert "Import data" not in [
        link.inner_text() for link in board.get_by_test_id("stSidebarNavLink").all()
    ]
    screenshot(board, "finance-new-month-board", sizes=((1920, 1080),))
    board.context.close()
