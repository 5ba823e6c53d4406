"""My account: who I am here, what I can see, my password, signing out everywhere, my
calendar feed and my email."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from gfj_core.access import pages_for
from gfj_core.errors import ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.services.accounts import change_own_password
from gfj_core.services.calendar_feed import (
    feed_address_status,
    new_feed_address,
    stop_feed_address,
)
from gfj_core.services.notify import my_preferences, set_my_preferences
from gfj_core.services.web_sessions import SessionPolicy, end_own_sessions
from ui.data import read, write
from ui.guard import require_page
from ui.state import sign_out
from ui.widgets import fmt_date

actor = require_page("account")

st.title("My account")
st.markdown(
    f"Signed in as **{md(actor.display_name)}** ({md(actor.username)}), "
    f"role **{actor.role.value}**."
)
st.markdown(
    "Pages open to your role: "
    + ", ".join(f"**{md(p.title)}**" for p in pages_for(actor.role))
    + "."
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

# --- Calendar feed -----------------------------------------------------------------------------
st.subheader("Calendar feed")
st.markdown(
    "Subscribe to your own calendar of what concerns you here: board meetings, what you own "
    "with its due date, your next mentoring sessions, as your role may see them. In your "
    "calendar program choose *Add calendar from URL* (Google: *From URL*; Outlook: *Subscribe "
    "from web*) and paste the address."
)
feed = read(feed_address_status, actor)
new_address = st.session_state.get("feed_new_address")
if new_address:
    st.success("Your new feed address. Copy it now: for your safety it is shown only this once.")
    st.code(new_address, language=None)
elif feed.has_address:
    st.markdown(
        f"You have a feed address, made {fmt_date(feed.created_at.date())}. It is kept secret "
        "(only a fingerprint is stored), so it cannot be shown again: make a new one to see it."
    )
else:
    st.caption("You have no feed address yet.")
cols = st.columns([1, 1, 3])
label = "Make a new address" if feed.has_address else "Make my feed address"
if cols[0].button(label, key="feed_new", help="Any older address stops working at once."):
    st.session_state["feed_new_address"] = write(new_feed_address, actor)
    st.rerun()
if feed.has_address and cols[1].button("Stop my feed", key="feed_stop"):
    write(stop_feed_address, actor)
    st.session_state.pop("feed_new_address", None)
    st.rerun()

# --- Email ---------------------------------------------------------------------------------------
st.subheader("Email reminders")
prefs = [p for p in read(my_preferences, actor) if p.applies]
with st.form("email_preferences", border=True, width=640):
    choices = {p.kind: st.checkbox(p.label, value=p.enabled, key=f"pref_{p.kind}") for p in prefs}
    saved = st.form_submit_button("Save email choices")
if saved:
    write(set_my_preferences, actor, choices=choices)
    st.success("Your email choices are saved.")

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
