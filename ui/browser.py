"""Send the browser to another address on this site: a full page load, not a page switch.

The script talks to the browser over a websocket, so it cannot set or clear an HttpOnly cookie;
web/auth_routes.py can, and this is how the script gets the browser there. It sends the same
message st.login and st.logout send for their redirects (the frontend sets window.location),
which needs no component iframe and no JavaScript of our own."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx


def send_browser_to(path: str) -> None:
    """`path` is a path on this site (it starts with "/")."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"not a path on this site: {path!r}")
    ctx = get_script_run_ctx()
    if ctx is None:  # no browser to send anywhere (a bare import, a unit test)
        return
    msg = ForwardMsg()
    msg.auth_redirect.url = path
    ctx.enqueue(msg)
