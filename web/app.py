"""The server: Streamlit's router script (../app.py) inside a Starlette application with our
own routes and middleware. Started from the project folder with

    streamlit run web/app.py [--server.port 8501 ...]

(`streamlit run` finds the `app = st.App(...)` below and serves it with uvicorn; the usual
--server.* flags and .streamlit/config.toml apply, and /_stcore/health still answers.)

Adding a route is one line in ROUTES; adding middleware one line in MIDDLEWARE.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

ROOT = Path(__file__).resolve().parents[1]
# `streamlit run web/app.py` puts web/ first on sys.path and imports this file as `app`; the
# project folder is needed too, for `web.*` here and for ui/ and pages/ in the script.
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

from web import auth_routes, feeds  # noqa: E402
from web.headers import SecurityHeadersMiddleware  # noqa: E402

ROUTES = [
    *auth_routes.ROUTES,  # /auth/session, /auth/signout: the session cookie
    *feeds.FEED_ROUTES,  # /feeds/{token}.ics: each person's secret calendar feed
]

MIDDLEWARE = [
    Middleware(SecurityHeadersMiddleware),
]

app = st.App(str(ROOT / "app.py"), routes=ROUTES, middleware=MIDDLEWARE)
