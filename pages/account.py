"""My account: who I am here, what I can see, and changing my password."""

from __future__ import annotations

import streamlit as st

from gfj_core.access import pages_for
from gfj_core.errors import ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.services.accounts import change_own_password
from ui.data import write
from ui.guard import require_page

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
