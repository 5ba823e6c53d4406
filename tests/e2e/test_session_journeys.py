"""Signed in stays signed in (issue 14, item 3), in real Chromium: a refresh keeps the person
signed in; Sign out, then a refresh, shows the sign-in form; Sign out everywhere in one browser
ends the other browser's session at its next click."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import go_to, sign_in, wait_idle

pytestmark = pytest.mark.e2e


def _sign_in_form(page):
    return page.get_by_role("button", name="Sign in", exact=True)


def _session_cookie(context):
    return [c for c in context.cookies() if c["name"] == "gfj_session"]


def test_a_refresh_keeps_you_signed_in_and_sign_out_ends_it(page, live_server):
    sign_in(page, live_server.url, "board")
    [cookie] = _session_cookie(page.context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find("gfj_session") == -1  # no script can read it

    page.reload()
    wait_idle(page)
    page.get_by_test_id("stSidebarNav").wait_for()
    assert "Marisol Vega-Brooks" in page.get_by_test_id("stSidebar").inner_text()
    assert _sign_in_form(page).count() == 0

    # A page other than home survives a refresh too.
    go_to(page, "Timeline")
    page.reload()
    wait_idle(page)
    page.get_by_role("heading", name="Timeline").first.wait_for()
    assert page.url.rstrip("/").endswith("/timeline")

    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    _sign_in_form(page).wait_for(timeout=30000)
    wait_idle(page)
    assert _session_cookie(page.context) == []
    page.reload()
    wait_idle(page)
    _sign_in_form(page).wait_for()
    assert page.get_by_test_id("stSidebarNav").count() == 0


def test_sign_out_everywhere_ends_the_other_browsers_session_at_its_next_click(
    browser, live_server
):
    laptop = browser.new_context()
    board_room = browser.new_context()
    try:
        mine, theirs = laptop.new_page(), board_room.new_page()
        sign_in(mine, live_server.url, "staff")
        sign_in(theirs, live_server.url, "staff")
        theirs.reload()  # the board-room screen is signed in by its own cookie
        wait_idle(theirs)
        theirs.get_by_test_id("stSidebarNav").wait_for()

        go_to(mine, "My account")
        mine.get_by_role("button", name="Sign out everywhere").click()
        _sign_in_form(mine).wait_for(timeout=30000)

        # The other browser's next click: the sign-in form with the reason, and no data.
        theirs.get_by_test_id("stSidebarNavLink").filter(has_text="Timeline").first.click()
        theirs.get_by_text("You were signed out everywhere").wait_for(timeout=30000)
        wait_idle(theirs)
        assert _sign_in_form(theirs).count() == 1
        assert "Milestones" not in theirs.get_by_test_id("stMain").inner_text()
        # Its cookie names an ended session: a refresh does not sign it back in.
        theirs.reload()
        wait_idle(theirs)
        _sign_in_form(theirs).wait_for()
    finally:
        laptop.close()
        board_room.close()
