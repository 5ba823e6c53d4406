"""A real organisation from day one, in real Chromium on an empty database: the setup code `gfj
init` printed, a wrong one refused, the right one; the admin adds a board member and a mentor
with accounts; the board member signs in with the temporary password and chooses their own.
Then two browser contexts: the admin deactivates a signed-in user, or changes their role, and
that user's next click shows the sign-in form with the reason, and none of the data."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.conftest import sqlite_url
from tests.e2e.conftest import ROOT, go_to, screenshot, start_server, stop_server, wait_idle

pytestmark = pytest.mark.e2e

ORG = "Riverbend Youth Justice"
ADMIN = ("ira", "a-long-password")
SHOTS = ((1920, 1080), (390, 844))


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("accounts")
    db = folder / "empty.db"
    out = subprocess.run(
        [sys.executable, "-c", "from gfj_core.cli import main; main()", "init"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GFJ_DATABASE_URL": sqlite_url(db)},
        check=True,
    ).stdout
    code = re.search(r"Setup code: (\S+)", out).group(1)
    server = start_server(db, folder / "streamlit.log")
    server.setup_code = code
    yield server
    stop_server(server)


def fill(page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def type_date(page, label: str, month: str, day: str, year: str) -> None:
    """The date field is three segments (month, day, year here): type every digit into the
    first and the field moves through them."""
    segments = page.get_by_role("group", name=label, exact=True).get_by_role("spinbutton")
    segments.first.click()
    page.keyboard.type(month + day + year)
    page.keyboard.press("Tab")


def choose(page, label: str, option: str, *, last: bool = False) -> None:
    """Pick a selectbox option by typing it; the box is found by its exact label among the
    visible ones (the other tabs' widgets are in the page too, hidden)."""
    boxes = page.get_by_test_id("stSelectbox").filter(
        has=page.get_by_text(label, exact=True), visible=True
    )
    box = boxes.last if last else boxes.first
    box.locator("input").click()
    box.locator("input").fill(option)
    page.keyboard.press("Enter")
    # The rerun may not have started yet when the app first reads idle.
    page.wait_for_timeout(500)
    wait_idle(page)


def submit(page, name: str) -> None:
    page.get_by_test_id("stFormSubmitButton").get_by_role("button", name=name).click()


def sign_in_form(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url)
    wait_idle(page)
    fill(page, "Username", username)
    fill(page, "Password", password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(300)


def add_person(page, name: str, seat: str | None) -> None:
    open_tab(page, "Add a person")
    fill(page, "Full name", name)
    if seat:
        choose(page, "Board seat", seat)
    submit(page, "Add to the directory")
    page.get_by_text(f"Added {name}.").wait_for(timeout=30000)
    wait_idle(page)


def create_account(page, person: str, username: str, role: str) -> str:
    open_tab(page, "Accounts")
    choose(page, "Person", person)
    fill(page, "Username", username)
    choose(page, "Role", role)
    submit(page, "Create with a temporary password")
    page.get_by_text(f"Account {username} ").wait_for(timeout=30000)
    wait_idle(page)
    return page.get_by_test_id("stCode").inner_text().strip()


def first_sign_in(page, base_url: str, username: str, temporary: str, new: str) -> None:
    sign_in_form(page, base_url, username, temporary)
    page.get_by_text("Choose your password").first.wait_for(timeout=30000)
    wait_idle(page)
    fill(page, "Temporary password", temporary)
    fill(page, "New password (at least 8 characters)", new)
    fill(page, "New password again", new)
    submit(page, "Save my password")
    page.get_by_test_id("stSidebarNav").wait_for(timeout=30000)
    wait_idle(page)


def manage(page, username: str, person: str) -> None:
    open_tab(page, "Accounts")
    choose(page, "Account", f"{username} ({person})")
    box = page.get_by_test_id("stSelectbox").filter(
        has=page.get_by_text("Account", exact=True), visible=True
    )
    expect(box.locator("input")).to_have_value(f"{username} ({person})", timeout=30000)
    wait_idle(page)


def test_a_new_organisation_is_set_up_and_its_people_sign_in(browser, empty_server):
    url = empty_server.url
    admin_ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = admin_ctx.new_page()
    page.goto(url)
    wait_idle(page)
    page.get_by_text("Set up your organization").first.wait_for(timeout=30000)
    screenshot(page, "setup-empty", SHOTS)
    page.set_viewport_size({"width": 1920, "height": 1080})

    fill(page, "Setup code", "AAAA-BBBB-CCCC")
    fill(page, "Organization name", ORG)
    fill(page, "Departing leader's full name", "Dana Cole")
    fill(page, "Their title", "Executive Director")
    type_date(page, "Transition start", "12", "01", "2026")
    type_date(page, "Planned handover", "09", "30", "2027")
    fill(page, "Full name", "Ira Admin")
    fill(page, "Email (optional)", "ira@riverbend.example.org")
    fill(page, "Username", ADMIN[0])
    fill(page, "Password (at least 8 characters)", ADMIN[1])
    fill(page, "Password again", ADMIN[1])
    submit(page, "Set up the organization")
    page.get_by_text("That setup code is wrong").first.wait_for(timeout=30000)
    wait_idle(page)
    screenshot(page, "setup-refused", SHOTS)
    page.set_viewport_size({"width": 1920, "height": 1080})
    # Everything typed was kept: only the code is typed again.
    assert page.get_by_label("Organization name", exact=True).input_value() == ORG
    fill(page, "Setup code", empty_server.setup_code)
    submit(page, "Set up the organization")
    page.get_by_text("Your organization is set up").wait_for(timeout=30000)

    sign_in_form(page, url, *ADMIN)
    page.get_by_test_id("stSidebarNav").wait_for(timeout=30000)
    wait_idle(page)
    go_to(page, "People & accounts")
    add_person(page, "Bea Board", "Member")
    add_person(page, "Mo Mentor", None)
    bea_temp = create_account(page, "Bea Board", "bea", "Board member")
    mo_temp = create_account(page, "Mo Mentor", "mo", "Mentor")
    assert bea_temp != mo_temp
    screenshot(page, "people-accounts", SHOTS)
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_tab(page, "Directory")
    screenshot(page, "people-directory", SHOTS)
    page.set_viewport_size({"width": 1920, "height": 1080})
    go_to(page, "Organization settings")
    screenshot(page, "settings", SHOTS)
    page.set_viewport_size({"width": 1920, "height": 1080})

    # The board member: temporary password, then their own; the board's pages open.
    bea_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    bea = bea_ctx.new_page()
    first_sign_in(bea, url, "bea", bea_temp, "beas-own-password")
    assert bea.get_by_test_id("stSidebarNavLink").filter(has_text="Board overview").count() == 1
    # An empty organisation: the readiness light is grey "No data", never a red "Act".
    assert bea.get_by_text("Act", exact=True).count() == 0

    # The mentor too.
    mo_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    mo = mo_ctx.new_page()
    first_sign_in(mo, url, "mo", mo_temp, "mos-own-password")

    # The admin deactivates the board member: at their next click, the sign-in form and why.
    go_to(page, "People & accounts")
    manage(page, "bea", "Bea Board")
    page.get_by_role("button", name="Deactivate").click()
    page.get_by_text("bea deactivated").wait_for(timeout=30000)
    wait_idle(page)
    go_to(bea, "Timeline")
    bea.get_by_text("Your account was deactivated").wait_for(timeout=30000)
    assert bea.get_by_label("Username", exact=True).is_visible()
    assert bea.get_by_test_id("stSidebarNav").count() == 0
    assert bea.get_by_text("Dana Cole").count() == 0

    # The admin changes the mentor's role: at their next click, the sign-in form and why.
    manage(page, "mo", "Mo Mentor")
    choose(page, "Role", "Staff", last=True)
    page.get_by_role("button", name="Change role").click()
    page.get_by_text("mo is now Staff").wait_for(timeout=30000)
    go_to(mo, "My account")
    mo.get_by_text("Your role changed").wait_for(timeout=30000)
    assert mo.get_by_label("Username", exact=True).is_visible()
    # Signing in again shows the new role's pages.
    sign_in_form(mo, url, "mo", "mos-own-password")
    mo.get_by_test_id("stSidebarNav").wait_for(timeout=30000)
    wait_idle(mo)
    links = mo.get_by_test_id("stSidebarNavLink")
    assert links.filter(has_text="Log a session").count() == 0
    assert links.filter(has_text="Board overview").count() == 1
    for ctx in (admin_ctx, bea_ctx, mo_ctx):
        ctx.close()
