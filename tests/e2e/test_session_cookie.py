"""The session cookie's routes and the security headers, on the real server (web/app.py started
the way `make run` starts it). HTTP only, no browser: the cookie's flags and the headers are
what a browser would be given.

In the e2e group because it starts a Streamlit server; it needs no Chromium."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select

from gfj_core.db import get_engine, session_scope
from gfj_core.models import UserAccount, UserSession
from gfj_core.services.web_sessions import COOKIE_NAME, hash_secret, start_session
from web.auth_routes import safe_next
from web.headers import SECURITY_HEADERS

pytestmark = pytest.mark.e2e


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _get(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        return _opener.open(request, timeout=15)
    except urllib.error.HTTPError as response:  # 303 and 404 arrive here
        return response


def _nonce(server, username="board") -> str:
    engine = get_engine(server.db_url)
    with session_scope(engine, write=True) as s:
        user_id = s.scalar(select(UserAccount.id).where(UserAccount.username == username))
        return start_session(s, user_id).nonce


def _session_cookie(response) -> str:
    [cookie] = [
        c for c in response.headers.get_all("set-cookie") or [] if c.startswith(f"{COOKIE_NAME}=")
    ]
    return cookie


def _attributes(cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}


def test_the_handoff_sets_an_httponly_strict_cookie_and_redirects_to_next(live_server):
    response = _get(f"{live_server.url}/auth/session?nonce={_nonce(live_server)}&next=/timeline")
    assert response.status == 303
    assert response.headers["location"] == "/timeline"
    assert response.headers["cache-control"] == "no-store"
    cookie = _session_cookie(response)
    assert "httponly" in _attributes(cookie)
    assert "samesite=strict" in cookie.lower()
    assert "secure" not in _attributes(cookie)  # plain http: a Secure cookie would be dropped
    max_age = int(re.search(r"max-age=(\d+)", cookie.lower()).group(1))
    assert 14 * 24 * 3600 - 60 < max_age <= 14 * 24 * 3600  # until the absolute lifetime
    # The cookie's token is stored only as its hash.
    token = cookie.split(";", 1)[0].split("=", 1)[1]
    with session_scope(get_engine(live_server.db_url)) as s:
        assert s.scalar(select(UserSession).where(UserSession.token_hash == hash_secret(token)))


@pytest.mark.parametrize("how", ["X-Forwarded-Proto: https", "X-Forwarded-Proto: https, http"])
def test_the_cookie_is_secure_behind_an_https_proxy(live_server, how):
    name, value = how.split(": ")
    response = _get(
        f"{live_server.url}/auth/session?nonce={_nonce(live_server)}", headers={name: value}
    )
    cookie = _session_cookie(response)
    assert {"secure", "httponly"} <= _attributes(cookie)
    assert "samesite=strict" in cookie.lower()


def test_a_nonce_works_once(live_server):
    nonce = _nonce(live_server)
    assert _session_cookie(_get(f"{live_server.url}/auth/session?nonce={nonce}"))
    again = _get(f"{live_server.url}/auth/session?nonce={nonce}")
    assert again.status == 303
    assert not [c for c in again.headers.get_all("set-cookie") or [] if COOKIE_NAME in c]


def test_another_site_cannot_sign_a_browser_in_or_out(live_server):
    nonce = _nonce(live_server)
    cross = {"Sec-Fetch-Site": "cross-site"}
    refused = _get(f"{live_server.url}/auth/session?nonce={nonce}", headers=cross)
    assert refused.status == 303
    assert not [c for c in refused.headers.get_all("set-cookie") or [] if COOKIE_NAME in c]
    # The nonce was not spent by the refused request: the real one still works.
    own = {"Sec-Fetch-Site": "same-origin"}
    cookie = _session_cookie(_get(f"{live_server.url}/auth/session?nonce={nonce}", headers=own))
    pair = cookie.split(";", 1)[0]
    out = _get(f"{live_server.url}/auth/signout", headers={**cross, "Cookie": pair})
    assert not [c for c in out.headers.get_all("set-cookie") or [] if COOKIE_NAME in c]


def test_signing_out_ends_the_server_session_and_clears_the_cookie(live_server):
    cookie = _session_cookie(_get(f"{live_server.url}/auth/session?nonce={_nonce(live_server)}"))
    pair = cookie.split(";", 1)[0]
    token = pair.split("=", 1)[1]
    response = _get(f"{live_server.url}/auth/signout?next=/", headers={"Cookie": pair})
    assert response.status == 303 and response.headers["location"] == "/"
    cleared = _session_cookie(response)
    assert "max-age=0" in cleared.lower() and "httponly" in _attributes(cleared)
    with session_scope(get_engine(live_server.db_url)) as s:
        row = s.scalar(select(UserSession).where(UserSession.token_hash == hash_secret(token)))
        assert row.ended_at is not None


@pytest.mark.parametrize(
    "next_", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_next_never_leaves_the_site(live_server, next_):
    from urllib.parse import quote

    response = _get(f"{live_server.url}/auth/signout?next={quote(next_)}")
    assert response.headers["location"] == "/"


def test_safe_next_keeps_a_page_and_its_query():
    assert safe_next("/leader_profile?leader=3") == "/leader_profile?leader=3"
    assert safe_next(None) == safe_next("") == safe_next("timeline") == "/"


@pytest.mark.parametrize(
    "path",
    ["/", "/timeline", "/_stcore/health", "/auth/session", "/auth/signout", "/no-such-thing"],
)
def test_every_response_carries_the_security_headers(live_server, path):
    response = _get(f"{live_server.url}{path}")
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (path, name)


def test_the_apps_scripts_carry_them_too(live_server):
    html = _get(f"{live_server.url}/").read().decode()
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', html).group(1)
    response = _get(f"{live_server.url}/{script}")
    assert response.status == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_the_health_check_still_answers(live_server):
    response = _get(f"{live_server.url}/_stcore/health")
    assert response.status == 200 and response.read() == b"ok"
