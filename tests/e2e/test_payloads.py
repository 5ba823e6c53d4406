"""HTML and script payloads written through the services (tests/payloads.py) are shown in
Chromium as the literal text typed: no alert dialog fires, no element is injected, and where the
page draws the text as markdown the tags themselves are visible."""

from __future__ import annotations

import re

import pytest

from tests.conftest import copy_sqlite
from tests.e2e.conftest import go_to, sign_in, start_server, stop_server, wait_idle
from tests.payloads import IMG, SCRIPT, seed_payloads

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def payload_server(demo_template, tmp_path_factory):
    from gfj_core.db import get_engine

    folder = tmp_path_factory.mktemp("payloads")
    db = folder / "demo.db"
    copy_sqlite(demo_template, db)
    engine = get_engine(f"sqlite:///{db}")
    seeded = seed_payloads(engine)
    engine.dispose()
    get_engine.cache_clear()
    server = start_server(db, folder / "streamlit.log")
    yield server, seeded
    stop_server(server)


@pytest.fixture
def dialogs(page):
    """Every alert/confirm/prompt the page opens (none may)."""
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen


def _nothing_injected(page, dialogs) -> None:
    page.wait_for_timeout(500)  # an onerror handler fires as soon as the broken image loads
    assert dialogs == []
    assert page.locator('img[src="x"]').count() == 0
    scripts = page.locator("script").evaluate_all("els => els.map(e => e.textContent)")
    assert not any("alert(1)" in (s or "") for s in scripts)


def _go(page, title: str) -> None:
    """go_to, first opening the sidebar's "View N more" when the role has many pages."""
    more = page.get_by_text(re.compile(r"^View \d+ more$"))
    if more.count():
        more.first.click()
    go_to(page, title)


def _pick(page, label: str, option: str) -> None:
    wait_idle(page)
    # The picker whose label is `label`, not one that merely mentions it (a removal panel's
    # "History or delete: choose a meeting" sits further down, in a closed expander).
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).first
    choice = page.get_by_role("option", name=option).first
    for _ in range(3):  # a click that lands during a rerun does not open the list
        box.click()
        try:
            choice.wait_for(timeout=5000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: try the click again
            page.keyboard.press("Escape")
            wait_idle(page)
    choice.click()
    wait_idle(page)


def test_a_board_decision_shows_its_tags_as_text(page, payload_server, dialogs):
    server, seeded = payload_server
    sign_in(page, server.url, "board")
    _go(page, "Board meetings")
    page.get_by_role("tab", name="Meeting record").click()
    _pick(page, "Meeting", seeded.meeting_title)
    # The decision is listed with the meeting and again in the held meeting's correction form.
    every = page.get_by_text(seeded.decision, exact=True)
    every.first.wait_for(timeout=30000)
    assert every.first.is_visible()
    visible = [shown for shown in every.all() if shown.is_visible()]
    assert visible
    for shown in visible:  # the other copy sits in a closed expander
        assert SCRIPT in shown.inner_text() and IMG in shown.inner_text()
    _nothing_injected(page, dialogs)


def test_a_sessions_shared_notes_show_their_tags_as_text(page, payload_server, dialogs):
    server, seeded = payload_server
    sign_in(page, server.url, "mentor")
    _go(page, "Leader profile")
    _pick(page, "Leader", seeded.leader_name)
    page.get_by_role("tab", name="Sessions").click()
    shown = page.get_by_text(seeded.shared_notes, exact=True)
    shown.wait_for(timeout=30000)
    assert shown.is_visible()
    _nothing_injected(page, dialogs)


@pytest.mark.parametrize(
    ("user", "title", "opens"),
    [
        ("ceo", "Timeline", "All milestones"),  # the milestone's notes, in the table
        ("admin", "Surveys", "Free-text answers and themes"),  # the survey answer, in the table
    ],
)
def test_pages_showing_payloads_in_tables_run_no_script(
    page, payload_server, dialogs, user, title, opens
):
    server, seeded = payload_server
    sign_in(page, server.url, user)
    _go(page, title)
    if title == "Surveys":
        _pick(page, "Survey", "Future leadership qualities")
    page.get_by_text(opens, exact=False).first.click()
    wait_idle(page)
    page.locator("[data-testid=stDataFrame]:visible").first.wait_for(timeout=30000)
    _nothing_injected(page, dialogs)
