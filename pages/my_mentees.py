"""My mentees: a mentor's home. "Log a session" first, then one card per mentee (how long since
the last session, goals, readiness) and the sessions they logged last, told apart by date,
length and topics. A mentor sees only their own mentees (gfj_core.services.leader_scope)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.services.mentees import my_mentees
from ui.board import md
from ui.data import read
from ui.due import due_this_week_box
from ui.guard import require_page
from ui.leadership import PROFILE_KEY, readiness_label
from ui.nav import page_path
from ui.widgets import fmt_date

actor = require_page("my_mentees")
today = date.today()
home = read(my_mentees, actor, today=today)
log_page = page_path(actor, "log_session")
profile_page = page_path(actor, "leader_profile")
LOG_LEADER_KEY = "ls_leader"  # the Log a session form's mentee picker (pages/log_session.py)


def _log_for(leader_id: int | None) -> None:
    if leader_id is not None:
        st.session_state[LOG_LEADER_KEY] = leader_id
    st.switch_page(log_page)


def _open_profile(leader_id: int) -> None:
    st.session_state[PROFILE_KEY] = leader_id
    st.switch_page(profile_page)


st.title("My mentees")
if log_page and st.button(
    "Log a session",
    type="primary",
    icon=":material/edit_note:",
    key="mm_log",
    width="stretch",
):
    _log_for(None)

if not home.mentees:
    st.info("You have no mentees assigned yet. The CEO or an administrator assigns mentors.")
    st.stop()

active = [m for m in home.mentees if m.status == "active"]
stale = [m for m in active if m.stale]
st.markdown(
    f"{len(active)} mentee{'s' if len(active) != 1 else ''}"
    + (
        f" · **{len(stale)} with no session in {home.session_stale_days} days**"
        if stale
        else f" · each seen in the last {home.session_stale_days} days"
    )
)

# Fixed-width cards in a wrapping row: one column on a phone, three or four on a laptop.
cards = st.container(horizontal=True, gap="small")
for m in home.mentees:
    with cards.container(border=True, width=340, key=f"mm_card_{m.leader_id}"):
        st.markdown(f"**{md(m.name)}**  \n{md(m.target_role)}")
        if m.last_session_on is None:
            last = ":orange[**No session yet**]"
        else:
            days = f"{m.days_since_session} day{'s' if m.days_since_session != 1 else ''} ago"
            last = f"Last session {fmt_date(m.last_session_on)} ({days})"
            if m.stale:
                last = f":orange[**⚠ {last}**]"
        progress = "—" if m.goal_progress is None else f"{m.goal_progress:.0%}"
        st.markdown(
            f"{last}  \n{m.sessions_90_days} session{'s' if m.sessions_90_days != 1 else ''} in "
            f"90 days · goals {progress} · {readiness_label(m.readiness)}"
        )
        buttons = st.container(horizontal=True, gap="small")
        if (
            log_page
            and m.status == "active"
            and buttons.button(
                "Log a session",
                key=f"mm_log_{m.leader_id}",
                icon=":material/edit_note:",
                help=f"Log a session with {m.name}",
            )
        ):
            _log_for(m.leader_id)
        if profile_page and buttons.button(
            "Open profile", key=f"mm_profile_{m.leader_id}", icon=":material/person:"
        ):
            _open_profile(m.leader_id)

due_this_week_box(actor, today)

st.subheader("Your recent sessions")
if not home.recent_sessions:
    st.caption("Sessions you log appear here.")
for s in home.recent_sessions:
    topics = ", ".join(s.topics) if s.topics else "no topics noted"
    open_items = sum(not i.done for i in s.action_items)
    st.markdown(
        f"**{fmt_date(s.held_on)}** · {md(s.leader_name)} · {s.minutes} min · {md(topics)}"
        + (f" · {open_items} open action{'s' if open_items != 1 else ''}" if open_items else "")
    )
