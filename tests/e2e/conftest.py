"""Real Streamlit servers driven by real Chromium. Each test module gets its own server on a
free port over its own copy of the demo database, so journeys that write never collide."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import copy_sqlite, sqlite_url

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
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

pytestmark = pytest.mark.e2e


def chromium_path() -> str:
    path = os.environ.get("GFJ_CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {path}; CI must not skip browser tests.")
        pytest.fail(f"Chromium not found at {path}; install it (apt-get install chromium).")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_FLAGS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, db_path: Path, port: int, proc: subprocess.Popen):
        self.db_path, self.port, self.proc = db_path, port, proc
        self.url = f"http://127.0.0.1:{port}"
        self.db_url = sqlite_url(db_path)


def start_server(db_path: Path, log_path: Path) -> LiveServer:
    port = free_port()
    env = {**os.environ, "GFJ_DATABASE_URL": sqlite_url(db_path)}
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "web/app.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            # The tests never edit the source under a running server: no watcher on the tree.
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return LiveServer(db_path, port, proc)
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"streamlit did not start; see {log_path}")


def stop_server(server: LiveServer) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture(scope="module")
def live_server(demo_template, tmp_path_factory, request):
    folder = tmp_path_factory.mktemp("live")
    db = folder / "demo.db"
    copy_sqlite(demo_template, db)
    server = start_server(db, folder / "streamlit.log")
    yield server
    stop_server(server)


# A ceiling, not a delay: on 2 cores the other xdist worker may be running the PostgreSQL pass
# beside this browser, and a rerun that takes 3 s alone can then take 30.
IDLE_TIMEOUT_MS = 60_000


def wait_idle(page) -> None:
    """Streamlit has finished the current run (see shared/browser-testing.md)."""
    page.wait_for_selector(IDLE, timeout=IDLE_TIMEOUT_MS)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=IDLE_TIMEOUT_MS
    )


def sign_in(page, base_url: str, username: str, password: str | None = None) -> None:
    page.goto(base_url)
    wait_idle(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password or f"demo-{username}")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_test_id("stSidebarNav").wait_for(state="attached", timeout=30000)
    wait_idle(page)


def go_to(page, title: str) -> None:
    """Navigate by the sidebar: a new URL would start a new, signed-out session. On a phone the
    sidebar starts closed: open it first, as a person would."""
    opener = page.get_by_test_id("stExpandSidebarButton")
    on_phone = (page.viewport_size or {}).get("width", 1920) < 768
    if opener.is_visible():
        try:
            opener.click(timeout=5000)
            page.wait_for_timeout(400)  # the sidebar slides in
        except PlaywrightTimeoutError:
            # A window just grown back from a phone's width to a desktop's re-expands the
            # sidebar by itself: the button left the page between the look and the click.
            pass
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
    page.wait_for_timeout(300)
    wait_idle(page)
    if on_phone and not opener.is_visible():  # still open over the page: close it
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click(force=True)
        opener.wait_for(state="visible")


def screenshot(page, name: str, sizes=((1920, 1080), (1280, 800))) -> list[Path]:
    ARTIFACTS.mkdir(exist_ok=True)
    paths = []
    for w, h in sizes:
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(300)
        path = ARTIFACTS / f"{name}-{w}x{h}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    return paths


def operator_menu(page) -> None:
    """Open presenter mode's operator popover: the privacy switch and the way out live there,
    off the shared screen."""
    page.get_by_role("button", name="Operator").click()
    page.get_by_test_id("stPopoverBody").last.wait_for(timeout=30000)
