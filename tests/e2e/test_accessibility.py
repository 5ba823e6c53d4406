"""axe-core in real Chromium on every page the administrator can open, on the sign-in screen and
on every topic of presenter mode: no serious or critical violation caused by our code.

axe-core is vendored (tests/e2e/vendor/, see its README for version, source and licence) so a
clean clone needs no npm install. A few violations come from Streamlit's own markup, which no
page can change; they are excused one rule and one place at a time in STREAMLIT_INTERNAL, and
the same rule anywhere else still fails."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from gfj_core.access import Role, pages_for
from tests.e2e.conftest import go_to, operator_menu, sign_in, wait_idle

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE_VERSION = "4.10.3"
AXE_SHA256 = "880970c081707360e64f34cea25ff91892f5bc95675b0776925b9709dd8a68bb"
FAILING_IMPACTS = ("serious", "critical")

# rule id -> (CSS selector of the Streamlit-owned region it is excused in, why).
STREAMLIT_INTERNAL: dict[str, tuple[str, str]] = {
    "list": (
        '[data-testid="stSidebarNav"]',
        "st.navigation's sidebar puts section headings straight inside its <ul>; "
        "Streamlit renders it and no option changes the markup.",
    ),
    "listitem": (
        '[data-testid="stSidebarNav"]',
        "the same sidebar navigation: its <li> sit in containers axe does not count as lists.",
    ),
    "svg-img-alt": (
        '[data-testid="stMetric"]',
        "st.metric(chart_data=...) draws its sparkline with Vega, whose mark groups carry "
        'role="graphics-symbol" and no name; st.metric has no option to label them. The tile\'s '
        "figure, light word and the drill-down's trend caption carry the same information.",
    ),
}
# WCAG 1.4.3 exempts text of an inactive control. Streamlit greys a disabled widget's label,
# but links it to the control in a way axe does not follow, so the label is excused only when
# the widget it belongs to is disabled.
DISABLED_WIDGET = """el => {
  const box = el.closest('[data-testid="stElementContainer"]');
  return !!box && !!box.querySelector('input:disabled, button:disabled, [aria-disabled="true"]');
}"""

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target[0], html: n.html.slice(0, 200)})),
  }));
}"""


def axe_source() -> str:
    data = (VENDOR / "axe.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, "vendored axe.min.js was changed"
    assert f"axe v{AXE_VERSION}" in data[:200].decode()
    return data.decode()


def serious_violations(page) -> list[str]:
    """Every serious or critical violation on the page now, less the excused Streamlit ones."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    found = []
    for v in page.evaluate(RUN_AXE):
        if v["impact"] not in FAILING_IMPACTS:
            continue
        for node in v["nodes"]:
            element = page.locator(node["target"]).first
            if v["id"] in STREAMLIT_INTERNAL:
                region = STREAMLIT_INTERNAL[v["id"]][0]
                if element.evaluate(f"el => !!el.closest('{region}')"):
                    continue
            if v["id"] == "color-contrast" and element.evaluate(DISABLED_WIDGET):
                continue
            found.append(f"{v['id']} ({v['impact']}): {v['help']} at {node['html']}")
    return found


def open_from_sidebar(page, title: str) -> None:
    more = page.get_by_text(re.compile(r"^View \d+ more$"))
    if more.count():
        more.first.click()
        page.wait_for_timeout(200)
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
    page.wait_for_timeout(500)
    wait_idle(page)
    page.wait_for_timeout(500)  # charts and lazily loaded widgets draw after the run ends
    wait_idle(page)


@pytest.fixture(scope="module")
def admin_page(browser, live_server):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sign_in(page, live_server.url, "admin")
    yield page
    page.close()


@pytest.fixture(scope="module")
def phone_page(browser, live_server):
    """The admin on a phone: the sidebar starts closed and is opened for each page."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server.url, "admin")
    yield page
    page.close()


def test_the_vendored_axe_core_is_the_pinned_release():
    source = axe_source()
    assert len(source) > 400_000
    assert (VENDOR / "axe-core.LICENSE").read_text().startswith("Mozilla Public License")


def test_the_checker_catches_a_violation_we_would_cause(admin_page):
    """An image without alt text, added to the page for a moment, is reported: the filter
    above does not excuse everything."""
    admin_page.evaluate(
        """() => { const i = document.createElement('img'); i.id = 'gfj-axe-probe';
        i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.querySelector(
        '[data-testid="stMain"]').appendChild(i); }"""
    )
    try:
        assert any(v.startswith("image-alt") for v in serious_violations(admin_page))
    finally:
        admin_page.evaluate("() => document.getElementById('gfj-axe-probe').remove()")


def test_the_sign_in_screen_has_no_serious_violation(page, live_server):
    page.goto(live_server.url)
    wait_idle(page)
    page.get_by_label("Username").wait_for()
    assert serious_violations(page) == []


@pytest.mark.parametrize("title", [p.title for p in pages_for(Role.admin) if p.key != "presenter"])
def test_each_page_has_no_serious_violation_for_the_admin(admin_page, title):
    open_from_sidebar(admin_page, title)
    assert serious_violations(admin_page) == []


@pytest.mark.parametrize("title", [p.title for p in pages_for(Role.admin) if p.key != "presenter"])
def test_each_page_has_no_serious_violation_on_a_phone(phone_page, title):
    go_to(phone_page, title)
    phone_page.wait_for_timeout(500)  # charts and lazily loaded widgets draw after the run ends
    wait_idle(phone_page)
    assert serious_violations(phone_page) == []


def test_every_presenter_topic_has_no_serious_violation(admin_page):
    open_from_sidebar(admin_page, "Presenter mode")
    # The privacy switch lives in the operator menu, off the shared screen.
    admin_page.get_by_test_id("stPopover").filter(has_text="Operator").wait_for()
    first = admin_page.locator("h1").first.inner_text()
    problems: dict[str, list[str]] = {}
    for _ in range(20):
        title = admin_page.locator("h1").first.inner_text()
        found = serious_violations(admin_page)
        if found:
            problems[title] = found
        admin_page.get_by_role(
            "button", name="Next"
        ).first.click()  # its label carries the key hint
        admin_page.wait_for_function(
            "t => document.querySelector('h1') && document.querySelector('h1').innerText !== t",
            arg=title,
            timeout=30000,
        )
        wait_idle(admin_page)
        admin_page.wait_for_timeout(300)
        if admin_page.locator("h1").first.inner_text() == first:
            break
    operator_menu(admin_page)
    admin_page.get_by_role("button", name="Leave presenter mode").click()
    admin_page.get_by_test_id("stSidebarNav").wait_for()
    wait_idle(admin_page)
    assert problems == {}
