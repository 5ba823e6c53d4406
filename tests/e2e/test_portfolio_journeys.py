"""A supporter's portfolio in Chromium (issue 20): the supporter sees three organisations; one
turns red after its treasurer imports a bad month and its board records the meeting that keeps
the figures (the portfolio reads the snapshots, never recomputes); another's admin stops sharing,
and the supporter's next click no longer shows it. The organisations' own steps go through the
services, as their people's pages call them; the supporter's are the browser's."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from gfj_core.db import get_engine, session_scope
from gfj_core.demo import DEMO_DIR
from gfj_core.models import Person
from gfj_core.schemas.board import MeetingCreate
from gfj_core.services.board_meetings import record_meeting
from gfj_core.services.finance_imports import run_import
from gfj_core.settings import get_settings
from gfj_core.supporters import add_supporter, add_supporter_account
from gfj_core.tenancy import registry_engine
from gfj_core.tenancy.models import OrganisationRow
from tests.conftest import copy_sqlite, demo_actor, sqlite_url
from tests.e2e.conftest import screenshot, start_server, stop_server, wait_idle
from tests.portfolio import PASSWORD, SUPPORTER, revoke, share

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"second": "Second Journey Organization", "third": "Third Journey Organization"}
# The monthly accounts' columns, as the demo's own file has them.
HEADER = (DEMO_DIR / "finance" / "accounts.csv").read_text(encoding="utf-8").splitlines()[0]
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


def _bad_month(engine) -> None:
    """The treasurer imports November: the cash nearly gone."""
    treasurer, board = demo_actor(engine, "treasurer"), demo_actor(engine, "board")
    row = ("2026-11,5000.00,0.00,1000.00,0.00,100000.00,17000.00,11000.00,1050.00,2000.00,0.00,"
           "60000.00,30000.00,9000.00,140000.00,150000.00,300000.00,50000.00,80000.00,"
           "150000.00,119166.66")  # fmt: skip
    with session_scope(engine, write=True, actor=treasurer) as s:
        run_import(s, kind="financials", filename="november.csv",
                   content=f"{HEADER}\n{row}\n".encode(), confirm_unusual=True, actor=treasurer)  # fmt: skip
    with session_scope(engine) as s:
        chair = s.scalar(select(Person.id).where(Person.board_role == "chair"))
    with session_scope(engine, write=True, actor=board) as s:
        record_meeting(
            s, MeetingCreate(held_on=date.today(), title="Board meeting after November",
                             attended_person_ids=[chair]),
            actor=board, today=date.today(),
        )  # fmt: skip


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
    _bad_month(engines["third"])
    _open(page, NAMES["second"])  # any click: the next rerun reads the new snapshot
    _open(page, NAMES["third"])
    cash = page.get_by_test_id("stVerticalBlock").filter(has_text="Months of cash")
    assert "Act" in cash.last.inner_text()
    screenshot(page, "portfolio-third-red")

    revoke(engines["second"])
    _open(page, "The Gathering for Justice")  # the supporter's next click
    assert NAMES["second"] not in _options(page)
    assert NAMES["second"] not in page.locator("body").inner_text()
