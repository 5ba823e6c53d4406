"""Data frames in real Chromium (issue 16): Streamlit's own "Download as CSV" (which writes
formulas as typed) is hidden on every table; search and fullscreen stay; the exit checklist
offers our neutralised CSV instead."""

import pytest

from tests.e2e.conftest import go_to, sign_in

pytestmark = pytest.mark.e2e


def test_streamlits_csv_download_is_hidden_and_ours_is_offered(live_server, page):
    sign_in(page, live_server.url, "board")
    go_to(page, "Exit checklist")
    frame = page.get_by_test_id("stDataFrame").first
    frame.scroll_into_view_if_needed()
    frame.hover()
    page.wait_for_timeout(500)
    buttons = page.get_by_test_id("stElementToolbarButton")
    labels = {
        buttons.nth(i).locator("button").get_attribute("aria-label"): buttons.nth(i).is_visible()
        for i in range(buttons.count())
    }
    assert labels.get("Download as CSV") is False, labels
    assert labels.get("Search") is True, labels
    assert page.get_by_test_id("stDownloadButton").filter(has_text="Download as CSV").count() >= 1
