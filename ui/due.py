""" "Due this week" for the signed-in person, drawn on each role's home page."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.schemas.auth import Actor
from gfj_core.services.due_items import due_this_week
from ui.board import md
from ui.data import read
from ui.nav import page_links_row
from ui.widgets import fmt_date

KIND_WORDS = {
    "milestone": "Milestone",
    "checklist_item": "Exit checklist",
    "action_item": "Action item",
    "mentoring_action": "Mentoring action",
}


def due_this_week_box(actor: Actor, today: date) -> None:
    week = read(due_this_week, actor, today=today)
    with st.container(border=True, key="due_this_week"):
        st.markdown(f"**Due this week** · {fmt_date(week.today)} to {fmt_date(week.until)}")
        if week.empty:
            st.caption("Nothing of yours falls due this week.")
            return
        lines = []
        for i in week.items:
            # Overdue is said in words, not only shown in colour.
            when = (
                f":red[**Overdue**] since {fmt_date(i.due_on)}"
                if i.overdue
                else f"due {fmt_date(i.due_on)}"
            )
            whose = f" ({md(i.context)})" if i.context else ""
            lines.append(f"- {KIND_WORDS[i.kind]}: {md(i.title)}{whose}, {when}")
        for m in week.meetings:
            lines.append(f"- Meeting: {md(m.title)}, {fmt_date(m.held_on)}")
        for s in week.sessions:
            lines.append(f"- Mentoring session with {md(s.leader_name)}, {fmt_date(s.on)}")
        st.markdown("\n".join(lines))
        wanted = {i.page_key for i in week.items} | ({"meetings"} if week.meetings else set())
        order = ("timeline", "checklist", "meetings", "log_session")
        page_links_row(actor, [key for key in order if key in wanted])
