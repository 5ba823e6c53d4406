"""Screenshot pages as a given demo user, at projector and laptop sizes.

.venv/bin/python scripts/shoot.py --url http://127.0.0.1:8501 --user board --page "" --out test-artifacts/shots
(--page is the sidebar title of the page, e.g. "Leaders"; none means the home page)
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IDLE = (
    '[data-testid="stApp"][data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]'
)


def wait_idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=90000)
    page.wait_for_timeout(400)
    page.wait_for_selector(IDLE, timeout=90000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90000
    )


def device(p, width: int, height: int) -> dict:
    """A real phone below 600 px: Streamlit closes the sidebar after a click only when the user
    agent says mobile, so a desktop browser made narrow is not what a mentor sees."""
    if width >= 600:
        return {"viewport": {"width": width, "height": height}}
    phone = {k: v for k, v in p.devices["iPhone 13"].items() if k != "default_browser_type"}
    return {**phone, "viewport": {"width": width, "height": height}, "device_scale_factor": 1}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8501")
    ap.add_argument("--user", default="board")
    ap.add_argument("--password")
    ap.add_argument("--page", action="append", default=None)
    ap.add_argument("--out", default="test-artifacts/shots")
    ap.add_argument("--sizes", default="1920x1080,1280x800")
    ap.add_argument(
        "--whole",
        action="store_true",
        help="capture the whole page: Streamlit scrolls inside stMain, so full_page alone "
        "shows only the first screen; this grows the window to the content's height",
    )
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("GFJ_CHROMIUM", "/usr/bin/chromium"), args=FLAGS
        )
        for size in args.sizes.split(","):
            w, h = (int(x) for x in size.split("x"))
            page = browser.new_page(**device(p, w, h))
            page.goto(args.url)
            wait_idle(page)
            page.get_by_label("Username").fill(args.user)
            page.get_by_label("Password", exact=True).fill(args.password or f"demo-{args.user}")
            page.get_by_role("button", name="Sign in", exact=True).click()
            page.wait_for_selector('[data-testid="stSidebarNav"]', state="attached", timeout=90000)
            wait_idle(page)
            for name in args.page or [""]:
                if name:
                    # Navigate by the sidebar, as a person would (on a phone: open it first).
                    opener = page.get_by_test_id("stExpandSidebarButton")
                    if opener.count() and opener.is_visible():
                        opener.click()
                    page.get_by_test_id("stSidebarNavLink").filter(has_text=name).first.click()
                    page.wait_for_timeout(500)
                    wait_idle(page)
                page.wait_for_timeout(800)
                path = out / f"{args.user}-{name or 'home'}-{w}x{h}.png"
                if args.whole:
                    height = page.evaluate(
                        "document.querySelector('[data-testid=stMain]').scrollHeight"
                    )
                    page.set_viewport_size({"width": w, "height": max(h, height)})
                    page.wait_for_timeout(1000)
                    wait_idle(page)
                page.screenshot(path=str(path), full_page=True)
                page.set_viewport_size({"width": w, "height": h})
                print(path)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
