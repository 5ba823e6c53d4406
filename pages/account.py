"""My account: who I am here, what I can see, changing my password, signing out everywhere."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from gfj_core.access import pages_for
from gfj_core.errors import ValidationFailed
from gfj_core.services.accounts import change_own_password
from gfj_core.services.web_sessions import SessionPolicy, end_own_sessions
from ui.data import write
from ui.guard import require_page
from ui.state import sign_out

actor = require_page("account")

st.title("My account")
st.markdown(
    f"Signed in as **{actor.display_name}** (`{actor.username}`), role **{actor.role.value}**."
)
st.markdown(
    "Pages open to your role: " + ", ".join(f"**{p.title}**" for p in pages_for(actor.role)) + "."
)

st.subheader("Change password")
errors: dict[str, str] = st.session_state.get("pw_errors", {})
with st.form("change_password", border=True, width=520):
    current = st.text_input("Current password", type="password", key="pw_current")
    if "current" in errors:
        st.error(errors["current"])
    new = st.text_input("New password (at least 8 characters)", type="password", key="pw_new")
    if "new" in errors:
        st.error(errors["new"])
    confirm = st.text_input("New password again", type="password", key="pw_confirm")
    if "confirm" in errors:
        st.error(errors["confirm"])
    submitted = st.form_submit_button("Change password", type="primary")

if submitted:
    try:
        write(change_own_password, actor, current=current, new=new, confirm=confirm)
    except ValidationFailed as exc:
        st.session_state["pw_errors"] = dict(exc.problems)
        st.rerun()
    else:
        st.session_state["pw_errors"] = {}
        st.success("Your password has been changed.")

st.subheader("Signed-in browsers")
policy = SessionPolicy.from_settings()
st.markdown(
    "You stay signed in on this browser after a refresh, until you sign out, after "
    f"{policy.idle_timeout / timedelta(hours=1):g} hours without activity, or "
    f"{policy.lifetime / timedelta(days=1):g} days after signing in. Signed in on a shared or lost "
    "computer? Sign out everywhere: every browser, this one included, shows the sign-in form "
    "at its next click."
)


def _sign_out_everywhere() -> None:
    write(end_own_sessions, actor)
    sign_out()


st.button("Sign out everywhere", icon=":material/devices:", on_click=_sign_out_everywhere)
