"""Behind the proxy, everything works (issue 21): Debian's Caddy with `tls internal` on
127.0.0.1 (deploy/Caddyfile.test, the production site block with a test address) in front of a
real app server, driven by real Chromium over https.

- sign in, an import uploads (XSRF-checked through the proxy), the packet downloads;
- the websocket is upgraded through Caddy and a foreign origin is still refused;
- plain HTTP: Caddy redirects it to HTTPS, and the app itself cannot be reached from outside
  localhost at all (it listens on 127.0.0.1 only, as deploy/gfj.service starts it).

`test_session_cookie_is_secure_behind_caddy` asserts what the onboarding issue adds (a
server-side session in an HttpOnly cookie, Secure over HTTPS through X-Forwarded-Proto, and
the security headers from st.App). It fails until that work is merged; on purpose it is neither
skipped nor marked xfail.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.conftest import copy_sqlite
from tests.e2e.conftest import (
    ROOT,
    free_port,
    go_to,
    sign_in,
    start_server,
    stop_server,
    wait_idle,
)
from tests.e2e.test_finance_journeys import FIXED, months_on_file, november, upload

pytestmark = pytest.mark.e2e

CADDYFILE = ROOT / "deploy" / "Caddyfile.test"
XSRF_COOKIE = "_streamlit_xsrf"


def caddy_path() -> str:
    path = shutil.which("caddy")
    if not path:
        pytest.fail("Caddy not found; install it (apt-get install caddy; .ci/run does).")
    return path


def _unverified() -> ssl.SSLContext:
    """Caddy's internal CA is not trusted by this machine: the test checks the proxy, not PKI."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, *, follow: bool = True, timeout: float = 10):
    handlers = [urllib.request.HTTPSHandler(context=_unverified())]
    if not follow:
        handlers.append(NoRedirect())
    try:
        return urllib.request.build_opener(*handlers).open(url, timeout=timeout)
    except urllib.error.HTTPError as exc:
        return exc


class Proxied:
    def __init__(self, app, https_port: int, http_port: int, proc: subprocess.Popen):
        self.app, self.https_port, self.http_port, self.proc = app, https_port, http_port, proc
        self.url = f"https://127.0.0.1:{https_port}"


def start_caddy(app_port: int, folder: Path) -> Proxied:
    https_port, http_port = free_port(), free_port()
    env = {
        **os.environ,
        "GFJ_TEST_HTTPS_PORT": str(https_port),
        "GFJ_TEST_HTTP_PORT": str(http_port),
        "GFJ_TEST_APP_PORT": str(app_port),
        "GFJ_TEST_CADDY_DATA": str(folder / "data"),
        "XDG_DATA_HOME": str(folder / "xdg-data"),
        "XDG_CONFIG_HOME": str(folder / "xdg-config"),
        "HOME": str(folder),
    }
    log = open(folder / "caddy.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [caddy_path(), "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            if _get(f"https://127.0.0.1:{https_port}/_stcore/health", timeout=2).status == 200:
                return Proxied(None, https_port, http_port, proc)
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"caddy did not start; see {folder / 'caddy.log'}")


@pytest.fixture(scope="module")
def proxied(demo_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("caddy")
    db = folder / "demo.db"
    copy_sqlite(demo_template, db)
    app = start_server(db, folder / "streamlit.log")
    try:
        front = start_caddy(app.port, folder)
    except BaseException:
        stop_server(app)
        raise
    front.app = app
    yield front
    front.proc.terminate()
    try:
        front.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        front.proc.kill()
    stop_server(app)


@pytest.fixture
def https_context(browser):
    context = browser.new_context(
        ignore_https_errors=True, viewport={"width": 1920, "height": 1080}, accept_downloads=True
    )
    yield context
    context.close()


def outside_address() -> str:
    """This machine's address on its network (not loopback): how another computer reaches it."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.254", 9))  # no packet is sent: this only picks the route
        address = s.getsockname()[0]
    assert not address.startswith("127."), "this machine has no network address to test from"
    return address


# ---------------------------------------------------------------------------------------------


def test_the_app_answers_over_https_through_caddy(proxied):
    response = _get(f"{proxied.url}/_stcore/health")
    assert response.status == 200 and response.read() == b"ok"
    page = _get(f"{proxied.url}/")
    assert page.status == 200 and b"<noscript>" in page.read()
    # The proxy's own transport headers (deploy/Caddyfile).
    assert "max-age=" in (page.headers.get("Strict-Transport-Security") or "")


def test_plain_http_is_redirected_to_https(proxied):
    for host in ("127.0.0.1", outside_address()):
        response = _get(f"http://{host}:{proxied.http_port}/backup?x=1", follow=False)
        assert response.status == 308, host
        assert response.headers["Location"] == f"https://{host}:{proxied.https_port}/backup?x=1"
        assert b"<noscript>" not in response.read()  # never the app itself over plain HTTP


def test_the_app_itself_cannot_be_reached_from_outside_localhost(proxied):
    with pytest.raises(OSError), socket.create_connection((outside_address(), proxied.app.port), 3):
        pass
    # ... while Caddy reaches it on the loopback address.
    assert _get(f"http://127.0.0.1:{proxied.app.port}/_stcore/health").status == 200


def _stream(proxied) -> str:
    return f"wss://127.0.0.1:{proxied.https_port}/_stcore/stream"


def test_the_websocket_is_upgraded_through_the_proxy(proxied):
    with connect(
        _stream(proxied),
        subprotocols=["streamlit"],
        origin=proxied.url,
        ssl=_unverified(),
        open_timeout=10,
    ) as ws:
        assert ws.subprotocol == "streamlit"


def test_a_websocket_from_a_foreign_origin_is_still_refused_through_the_proxy(proxied):
    with (
        pytest.raises(InvalidStatus) as refused,
        connect(
            _stream(proxied),
            subprotocols=["streamlit"],
            origin="https://evil.example",
            ssl=_unverified(),
            open_timeout=10,
        ),
    ):
        pass
    assert refused.value.response.status_code == 403


def test_the_treasurer_signs_in_uploads_an_import_and_downloads_the_packet(
    proxied, https_context, tmp_path
):
    page = https_context.new_page()
    before = months_on_file(proxied.app.db_path)
    sign_in(page, proxied.url, "treasurer")
    assert page.url.startswith("https://127.0.0.1:")

    # An upload: Streamlit's XSRF check passes through the proxy, and the rows arrive.
    go_to(page, "Import data")
    page.get_by_text("What are you importing?").wait_for()
    upload(page, november(FIXED))
    page.get_by_text("1 row checked in november.csv: no problems.").wait_for(timeout=30000)
    wait_idle(page)
    page.get_by_role("button", name="Import 1 row").click()
    page.get_by_text("Imported 1 month of accounts (2026-11): 1 new, 0 replaced.").wait_for(
        timeout=30000
    )
    assert len(months_on_file(proxied.app.db_path)) == len(before) + 1

    # A download: the packet's PDF comes back through the proxy whole.
    go_to(page, "Board overview")
    page.get_by_role("button", name="Download board packet").click()
    page.get_by_text("Ready: the download starts below").wait_for(timeout=180000)
    wait_idle(page)
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Download board packet")
    button.wait_for(timeout=60000)
    with page.expect_download(timeout=60000) as download:
        button.locator("button").click()
    pdf = tmp_path / "packet.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000


def test_session_cookie_is_secure_behind_caddy(proxied, https_context):
    """The onboarding issue's session, proved behind HTTPS (fails until it is merged)."""
    page = https_context.new_page()
    response = page.goto(proxied.url)
    headers = {k.lower(): v for k, v in response.all_headers().items()}
    # Security headers, from the app's st.App (not from Caddy: the proxy adds only HSTS).
    assert headers.get("x-frame-options", "").upper() in {"DENY", "SAMEORIGIN"}
    assert "frame-ancestors" in headers.get("content-security-policy", "")
    assert headers.get("referrer-policy")

    wait_idle(page)
    sign_in(page, proxied.url, "board")
    session = [c for c in https_context.cookies() if c["name"] != XSRF_COOKIE]
    assert session, "no session cookie was set after signing in"
    for cookie in session:
        assert cookie["secure"], cookie["name"]
        assert cookie["httpOnly"], cookie["name"]
        assert cookie["sameSite"] in {"Lax", "Strict"}, cookie["name"]

    # Reload: still signed in (the cookie carries the session across a new websocket).
    page.reload()
    page.get_by_test_id("stSidebarNav").wait_for(timeout=30000)
    wait_idle(page)
    assert page.get_by_label("Username").count() == 0


def test_a_persons_calendar_feed_is_served_through_the_proxy(proxied):
    """A calendar app subscribes to the public HTTPS address: the feed route of web/app.py
    answers through Caddy with its own headers, and a guessed address is a 404 there too."""
    import icalendar

    from gfj_core.db import get_engine, session_scope
    from gfj_core.services.calendar_feed import new_feed_address
    from tests.conftest import demo_actor

    engine = get_engine(proxied.app.db_url)
    board = demo_actor(engine, "board")
    with session_scope(engine, write=True, actor=board) as s:
        address = new_feed_address(s, actor=board)
    path = "/feeds/" + address.rsplit("/feeds/", 1)[1]
    response = _get(f"{proxied.url}{path}")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "max-age=" in (response.headers.get("Strict-Transport-Security") or "")
    assert icalendar.Calendar.from_ical(response.read()).walk("VEVENT")
    assert _get(f"{proxied.url}/feeds/not-a-real-token.ics").status == 404
