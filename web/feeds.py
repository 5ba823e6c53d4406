"""The calendar feed over HTTP: GET /feeds/{token}.ics, a plain Starlette endpoint. The lead
mounts FEED_ROUTES into the app's st.App at merge.

Calendar programs fetch this without signing in, so every failure (wrong token, replaced
address, deactivated account) is the same bare 404: nothing tells a guesser which it was.
"""

from __future__ import annotations

from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from gfj_core.db import get_engine, session_scope
from gfj_core.services.calendar_feed import calendar_for_token
from gfj_core.tenancy import active_organisation, database_url_for, split_cookie


def today() -> date:
    """The day the feed is computed for (a seam for tests)."""
    return date.today()


def _read_feed(address: str) -> bytes | None:
    # The address names its organisation (gfj_core.tenancy.cookie_value); an unknown or
    # archived one is the same bare 404 as a wrong token.
    slug, token = split_cookie(address)
    org = active_organisation(slug)
    if org is None:
        return None
    with session_scope(get_engine(database_url_for(org))) as session:
        return calendar_for_token(session, token, today=today())


async def calendar_feed(request: Request) -> Response:
    token = request.path_params["token"]
    # The database work is synchronous: keep it off the event loop.
    body = await run_in_threadpool(_read_feed, token)
    if body is None:
        return PlainTextResponse("Not found", status_code=404)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            # The address is a secret: keep it out of shared caches and referrers.
            "Cache-Control": "private, max-age=300",
            "Referrer-Policy": "no-referrer",
            "Content-Disposition": 'inline; filename="gfj.ics"',
        },
    )


FEED_ROUTES = [Route("/feeds/{token}.ics", calendar_feed)]
