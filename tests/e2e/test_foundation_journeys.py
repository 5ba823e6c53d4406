"""Foundation journeys in real Chromium."""

from pathlib import Path

import pytest

from gfj_core.access import PAGES
from tests.conftest import copy_sqlite
from tests.e2e.conftest import screenshot, sign_in, start_server, stop_server, wait_idle

pytestmark = pytest.mark.e2e


def test_board_member_signs_in_and_sees_the_overview_figures(page, live_server):
    sign_in(page, live_server.url, "board")
    page.get_by_text("leadership transition").first.wait_for()
    # Both charts are HTML and the sparklines inline SVG (ui/svg.py), drawn with the page.
    page.locator(".gfj-vb").wait_for()
    wait_idle(page)
    body = page.locator("body").inner_text()
    for label in (
        "Days to planned handover",
        "Milestones done",
        "Exit checklist done",
        "Leaders ready now",
        "Search and select",
        "Time elapsed",
        "Authority transfers done",
        "Ready in 1-2 years",
    ):
        assert label in body
    assert page.locator(".gfj-hb").count() == 1 and page.locator(".gfj-vb").count() == 1
    sparks = page.locator('svg.gfj-spark[role="img"]')
    assert sparks.count() >= 4  # one per tile with a trend; each named in words
    assert sparks.first.get_attribute("aria-label").startswith("Trend (")
    screenshot(page, "board-overview")


def test_a_fresh_server_refuses_every_page_url_to_a_stranger(page, demo_template, tmp_path):
    """Streamlit runs pages/x.py directly for /x before any session ran st.navigation; each
    page's own guard must stop it."""
    db = tmp_path / "fresh.db"
    copy_sqlite(demo_template, db)
    server = start_server(db, tmp_path / "log.txt")
    try:
        for spec in PAGES:
            page.goto(f"{server.url}/{Path(spec.path).stem}")
            wait_idle(page)
            body = page.locator("body").inner_text()
            assert "Please sign in" in body or "Sign in" in body, spec.path
            assert "Milestones done" not in body and "Change password" not in body, spec.path
    finally:
        stop_server(server)


def test_wrong_password_shows_a_message_in_the_browser(page, live_server):
    page.goto(live_server.url)
    wait_idle(page)
    page.get_by_label("Username").fill("board")
    page.get_by_label("Password", exact=True).fill("wrong-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("Wrong username or password.").wait_for()


def _sign_in_at(page, url: str, username: str) -> None:
    page.goto(url)
    wait_idle(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(f"demo-{username}")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_test_id("stSidebarNav").wait_for(timeout=30000)
    wait_idle(page)


def test_a_shared_link_survives_signing_in(page, live_server):
    _sign_in_at(page, f"{live_server.url}/timeline", "board")
    assert page.url.rstrip("/").endswith("/timeline")
    page.get_by_role("heading", name="Timeline").first.wait_for()
    assert "Page not found" not in page.locator("body").inner_text()


def test_a_link_to_a_page_the_role_may_not_see_lands_on_its_home(page, live_server):
    _sign_in_at(page, f"{live_server.url}/finances", "mentor")
    body = page.locator("body").inner_text()
    assert "Log a session" in body  # the mentor's navigation
    assert "cash and investments" not in body  # no finance figure
    assert "Page not found" not in body
