"""Time to idle in Chromium: the board overview at scale against a bare Streamlit page."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
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
REPEATS = 5


def _serve(script: str, port: int, db_url: str | None) -> subprocess.Popen:
    env = {**os.environ}
    if db_url:
        env["GFJ_DATABASE_URL"] = db_url
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            # A file edited during the run must not pop a "source changed" notice mid-timing.
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{script} did not start")


def _wait_idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=60000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000
    )


def _click_to_idle(page, title: str, expect: str) -> float:
    t0 = time.perf_counter()
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
    page.get_by_text(expect).first.wait_for(timeout=60000)
    _wait_idle(page)
    return time.perf_counter() - t0


def sign_in_board(page, url: str) -> None:
    """Sign the bench's board member in at `url` and wait for the overview to settle."""
    page.goto(url)
    _wait_idle(page)
    page.get_by_label("Username").fill("board")
    page.get_by_label("Password", exact=True).fill("bench-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("leadership transition").first.wait_for(timeout=60000)
    _wait_idle(page)


def overview_times(page, repeats: int) -> list[float]:
    """Time to idle of the board overview, reached from My account `repeats` times."""
    times = []
    for _ in range(repeats):
        _click_to_idle(page, "My account", "Change password")
        times.append(_click_to_idle(page, "Board overview", "leadership transition"))
    return times


def time_to_idle(db_url: str, port_app: int = 8701, port_bare: int = 8702) -> dict:
    chromium = os.environ.get("GFJ_CHROMIUM", "/usr/bin/chromium")
    app = _serve("web/app.py", port_app, db_url)  # as `make run` serves it
    bare = _serve("bench/bare_app.py", port_bare, None)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            sign_in_board(page, f"http://127.0.0.1:{port_app}")
            app_times = overview_times(page, REPEATS)
            page.goto(f"http://127.0.0.1:{port_bare}")
            _wait_idle(page)
            bare_times = []
            for _ in range(REPEATS):
                _click_to_idle(page, "Start", "Start")
                bare_times.append(_click_to_idle(page, "Target", "A bare Streamlit page."))
            browser.close()
    finally:
        app.terminate()
        bare.terminate()
    a, b = statistics.median(app_times), statistics.median(bare_times)
    return {"overview_idle_s": a, "bare_idle_s": b, "ratio": a / b, "repeats": REPEATS}
