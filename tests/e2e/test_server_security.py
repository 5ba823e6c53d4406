"""The real server's cross-site protections (.streamlit/config.toml: enableXsrfProtection,
enableCORS): it hands out an XSRF cookie, refuses an upload that does not echo it, and refuses a
websocket opened by a page on another origin while accepting one from its own.

No browser is needed: these are HTTP and websocket handshakes, driven with urllib and the
`websockets` client (a dependency of Streamlit's own server)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

pytestmark = pytest.mark.e2e

XSRF_COOKIE = "_streamlit_xsrf"


def _open(url: str, **kwargs):
    return connect(url, subprotocols=["streamlit"], open_timeout=10, **kwargs)


def _stream_url(server) -> str:
    return f"ws://127.0.0.1:{server.port}/_stcore/stream"


def test_the_server_sets_a_same_site_xsrf_cookie(live_server):
    with urllib.request.urlopen(f"{live_server.url}/_stcore/health", timeout=10) as r:
        cookies = r.headers.get_all("set-cookie") or []
    [xsrf] = [c for c in cookies if c.startswith(f"{XSRF_COOKIE}=")]
    value = xsrf.split(";", 1)[0].split("=", 1)[1]
    # Streamlit's token: "2|mask|masked token|timestamp" (tornado's v2 format).
    assert value.startswith("2|") and len(value.split("|")) == 4
    assert "samesite=lax" in xsrf.lower() or "samesite=strict" in xsrf.lower()


def test_an_upload_without_the_xsrf_token_is_refused(live_server):
    request = urllib.request.Request(
        f"{live_server.url}/_stcore/upload_file/some-session/some-file",
        data=b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
        b"month\r\n--x--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        method="PUT",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://evil.example:{port}",  # same port, other host
        "null",  # a sandboxed iframe or a file:// page
    ],
)
def test_a_websocket_from_a_foreign_origin_is_refused(live_server, origin):
    with (
        pytest.raises(InvalidStatus) as refused,
        _open(_stream_url(live_server), origin=origin.format(port=live_server.port)),
    ):
        pass
    assert refused.value.response.status_code == 403


def test_a_websocket_from_the_apps_own_origin_is_accepted(live_server):
    # Streamlit compares host names only: its own address and localhost are its origin.
    for origin in (live_server.url, f"http://localhost:{live_server.port}"):
        with _open(_stream_url(live_server), origin=origin) as ws:
            assert ws.subprotocol == "streamlit"


def test_the_real_server_serves_a_persons_calendar_feed_and_404s_a_guess(live_server):
    """The feed route is mounted in the app the server runs (web/app.py), with the headers."""
    import icalendar

    from gfj_core.db import get_engine, session_scope
    from gfj_core.services.calendar_feed import new_feed_address
    from tests.conftest import demo_actor

    engine = get_engine(live_server.db_url)
    board = demo_actor(engine, "board")
    with session_scope(engine, write=True, actor=board) as s:
        address = new_feed_address(s, actor=board)
    path = "/feeds/" + address.rsplit("/feeds/", 1)[1]
    with urllib.request.urlopen(f"{live_server.url}{path}", timeout=20) as r:
        assert r.headers["Content-Type"].startswith("text/calendar")
        assert r.headers["X-Frame-Options"] == "DENY"
        calendar = icalendar.Calendar.from_ical(r.read())
    assert calendar.walk("VEVENT"), "the demo board member's feed has events"
    with pytest.raises(urllib.error.HTTPError) as guessed:
        urllib.request.urlopen(f"{live_server.url}/feeds/not-a-real-token.ics", timeout=20)
    assert guessed.value.code == 404
