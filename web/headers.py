"""Security headers on every HTTP response the server sends: the app's HTML, its scripts, the
health check, our own routes. Nobody may frame the app (clickjacking: a hidden "Sign out
everywhere" or an approve button under a decoy), and no address with a query string leaves
the site in a Referer header."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS: dict[str, str] = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Plain ASGI rather than BaseHTTPMiddleware: it wraps the response start message only, so
    streamed responses and the websocket pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
