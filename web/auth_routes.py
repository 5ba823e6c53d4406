"""The session cookie's two routes. A Streamlit script cannot set an HttpOnly cookie (it talks
to the browser over a websocket), so the sign-in form hands the browser a single-use nonce and
sends it here; this route spends the nonce, sets the cookie and redirects back.

- GET /auth/session?org=slug&nonce=...&next=/page : set the cookie (HttpOnly, SameSite=Strict,
  Secure over HTTPS, also behind a proxy that says X-Forwarded-Proto: https), then 303 to
  `next`. The nonce is spent in that organisation's database (no org: the default one) and the
  cookie's value names the organisation (gfj_core.tenancy.cookie_value).
- GET /auth/signout?next=/ : end the server session the cookie names, clear the cookie, 303.

Both refuse to act for a request another site started (Sec-Fetch-Site: cross-site or
same-site): that would be login CSRF (signing a victim in as the attacker) or a forced sign-out.
`next` may only be a path on this site, never another host.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from gfj_core.db import get_engine, session_scope
from gfj_core.models.base import utcnow
from gfj_core.services.web_sessions import COOKIE_NAME, end_session, redeem_handoff
from gfj_core.tenancy import (
    DEFAULT_SLUG,
    Organisation,
    active_organisation,
    cookie_value,
    database_url_for,
    split_cookie,
)

SESSION_PATH = "/auth/session"
SIGNOUT_PATH = "/auth/signout"


def is_https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def started_by_another_site(request: Request) -> bool:
    # Browsers send Sec-Fetch-Site on every navigation; "none" is a typed address or bookmark.
    return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


def safe_next(value: str | None) -> str:
    """A path on this site to return to, or "/": never an open redirect."""
    if not value or any(ord(c) < 0x21 or c == "\\" for c in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or value.startswith("//"):
        return "/"
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _redirect(request: Request) -> RedirectResponse:
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    # The response carries a session cookie: never stored by a cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def _organisation(slug: str | None) -> Organisation | None:
    """The active organisation named (the default when none is named); None: no such one."""
    return active_organisation(slug or DEFAULT_SLUG)


def _engine(org: Organisation):
    return get_engine(database_url_for(org))


def start_browser_session(request: Request) -> RedirectResponse:
    response = _redirect(request)
    if started_by_another_site(request):
        return response
    org = _organisation(request.query_params.get("org"))
    if org is None:
        return response
    now = utcnow()
    # The nonce is spent in the named organisation's own database: one from another is unknown.
    with session_scope(_engine(org), write=True) as s:
        issued = redeem_handoff(s, request.query_params.get("nonce", ""), now=now)
    if issued is not None:
        response.set_cookie(
            COOKIE_NAME,
            cookie_value(org.slug, issued.token),
            # Persistent until the session's absolute end: a refresh or a browser restart keeps
            # the person signed in; the server still ends it after the idle timeout.
            max_age=int((issued.expires_at - now).total_seconds()),
            path="/",
            secure=is_https(request),
            httponly=True,
            samesite="strict",
        )
    return response


def end_browser_session(request: Request) -> RedirectResponse:
    response = _redirect(request)
    if started_by_another_site(request):
        return response
    value = request.cookies.get(COOKIE_NAME)
    slug, token = split_cookie(value) if value else (None, None)
    org = _organisation(slug) if slug else None
    if org is not None and token:
        with session_scope(_engine(org), write=True) as s:
            end_session(s, token=token)
    response.delete_cookie(
        COOKIE_NAME, path="/", secure=is_https(request), httponly=True, samesite="strict"
    )
    return response


ROUTES = [
    Route(SESSION_PATH, start_browser_session, methods=["GET"]),
    Route(SIGNOUT_PATH, end_browser_session, methods=["GET"]),
]
