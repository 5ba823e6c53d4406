"""A supporter's portfolio in Chromium (issue 20): the supporter sees three organisations; one
turns red as soon as its treasurer imports a bad month (no board meeting: the import's own
transaction refreshes the figures the portfolio reads); another's admin stops sharing, and the
supporter's next click no longer shows it. The organisations' own steps go through the
services, as their people's pages call them; the supporter's are the browser's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gfj_core.db import get_engine, session_scope
from gfj_core.settings import get_settings
from gfj_core.supporters import add_supporter, add_supporter_account
from gfj_core.tenancy import registry_engine
from gfj_core.tenancy.models import OrganisationRow
from tests.conftest import copy_sqlite, sqlite_url
from tests.e2e.conftest import screenshot, start_server, stop_server, wait_idle
from tests.portfolio import PASSWORD, SUPPORTER, import_bad_month, revoke, share

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"second": "Second Journey Organization", "third": "Third Journey Organization"}
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def portfolio_server(demo_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("portfolio")
    copy_sqlite(demo_template, folder / "gfj.db")
    (folder / "orgs").mkdir()
    engines = {"default": get_engine(sqlite_url(folder / "gfj.db"))}
    before = os.environ.get("GFJ_DATABASE_URL")
    os.environ["GFJ_DATABASE_URL"] = sqlite_url(folder / "gfj.db")
    get_settings.cache_clear()
    try:
        with session_scope(registry_engine(), write=True) as s:
            for slug, name in NAMES.items():
                copy_sqlite(demo_template, folder / "orgs" / f"{slug}.db")
                s.add(OrganisationRow(slug=slug, name=name, location=f"orgs/{slug}.db"))
                engines[slug] = get_engine(sqlite_url(folder / "orgs" / f"{slug}.db"))
            add_supporter(s, key=SUPPORTER[0], name=SUPPORTER[1])
            add_supporter_account(s, supporter_key=SUPPORTER[0], username="fellow",
                                  display_name="Fran Fellow", password=PASSWORD)  # fmt: skip
    finally:
        if before is None:
            os.environ.pop("GFJ_DATABASE_URL", None)
        else:
            os.environ["GFJ_DATABASE_URL"] = before
        get_settings.cache_clear()
    for engine in engines.values():
        share(engine)
    server = start_server(folder / "gfj.db", folder / "streamlit.log")
    yield server, engines
    stop_server(server)


def _options(page) -> list[str]:
    page.get_by_label("Open an organization's scorecard").click()
    options = page.get_by_role("option")
    options.first.wait_for()
    names = [t.strip() for t in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return names


def _open(page, name: str) -> None:
    page.get_by_label("Open an organization's scorecard").click()
    page.get_by_role("option", name=name).click()
    page.get_by_role("heading", name=name).wait_for(timeout=30000)
    wait_idle(page)


def test_the_supporter_sees_three_then_one_turns_red_then_one_stops_sharing(page, portfolio_server):
    server, engines = portfolio_server
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(server.url)
    wait_idle(page)
    page.get_by_role("button", name="Sign in for a supporter (portfolio)").click()
    page.get_by_text("Sign in for a supporter").first.wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Back to an organization's sign-in").wait_for()
    # The organisation's form stays on screen, faded, until the rerun that replaces it ends.
    expect(page.get_by_label("Username")).to_have_count(1, timeout=30000)
    page.get_by_label("Username").fill("fellow")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("Open an organization's scorecard").wait_for(timeout=60000)
    wait_idle(page)
    default_name = _options(page)
    assert sorted(default_name) == sorted([*NAMES.values(), "The Gathering for Justice"])

    _open(page, NAMES["third"])
    cash = page.get_by_test_id("stVerticalBlock").filter(has_text="Months of cash")
    assert "Act" not in cash.last.inner_text()
    import_bad_month(engines["third"])  # the treasurer's import, and nothing else
    _open(page, NAMES["second"])  # any click: the next rerun reads the refreshed figures
    _open(page, NAMES["third"])
    cash = page.get_by_test_id("stVerticalBlock").filter(has_text="Months of cash")
    assert "Act" in cash.last.inner_text()
    screenshot(page, "portfolio-third-red")

    revoke(engines["second"])
    _open(page, "The Gathering for Justice")  # the supporter's next click
    assert NAMES["second"] not in _options(page)
    assert NAMES["second"] not in page.locator("body").inner_text()
