""" "Due this week" for the signed-in person, drawn on each role's home page."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.schemas.auth import Actor
from gfj_core.services.due_items import due_this_week
from ui.board import first_lines, md
from ui.data import read
from ui.nav import page_links_row
from ui.widgets import fmt_date

DUE_SHOWN = 8  # items listed; "and N more" after them, the pages behind list every one

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
        # The meetings and sessions (a few a week) first and always; then the items, soonest
        # (most overdue) first, capped.
        dated = [f"- Meeting: {md(m.title)}, {fmt_date(m.held_on)}" for m in week.meetings]
        dated += [
            f"- Mentoring session with {md(s.leader_name)}, {fmt_date(s.on)}" for s in week.sessions
        ]
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
        st.markdown("\n".join([*dated, first_lines(lines, DUE_SHOWN)]))
        wanted = {i.page_key for i in week.items} | ({"meetings"} if week.meetings else set())
        order = ("timeline", "checklist", "meetings", "log_session")
        page_links_row(actor, [key for key in order if key in wanted])
