""" "Due this week" for the signed-in person, drawn on each role's home page."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.exports.safety import inert_html as inert
from gfj_core.schemas.auth import Actor
from gfj_core.schemas.notify import DueThisWeek
from gfj_core.services.due_items import due_this_week
from ui.data import read
from ui.nav import page_links_row
from ui.theme import ALARM_TEXT, CARD_BORDER, INK, MUTED
from ui.widgets import fmt_date

DUE_SHOWN = 8  # items listed; "and N more" after them, the pages behind list every one

KIND_WORDS = {
    "milestone": "Milestone",
    "checklist_item": "Exit checklist",
    "action_item": "Action item",
    "mentoring_action": "Mentoring action",
}


CSS = f"""<style>
.gfj-due {{ {CARD_BORDER} color: {INK}; margin: 0 0 0.5rem 0; }}
.gfj-due .gfj-due-head {{ margin: 0; }}
.gfj-due ul {{ margin: 0.4rem 0 0 0; padding-left: 1.2rem; }}
.gfj-due li {{ margin: 0.2rem 0; }}
.gfj-due .gfj-due-overdue {{ color: {ALARM_TEXT}; }}
.gfj-due .gfj-due-calm, .gfj-due .gfj-due-more {{ color: {MUTED}; margin: 0.4rem 0 0 0; }}
.gfj-due .gfj-due-more {{ font-style: italic; }}
</style>"""


def due_html(week: DueThisWeek) -> str:
    """The box as one HTML block: the week's meetings and sessions (a few) first and always,
    then the items, soonest (most overdue) first, the first DUE_SHOWN of them. Titles hold what
    people typed, so every text goes through gfj_core's inert_html."""
    head = (
        f"<strong>Due this week</strong> · {inert(fmt_date(week.today))} to "
        f"{inert(fmt_date(week.until))}"
    )
    parts = [CSS, '<div class="gfj-due">', f'<p class="gfj-due-head">{head}</p>']
    if week.empty:
        parts.append('<p class="gfj-due-calm">Nothing of yours falls due this week.</p>')
        parts.append("</div>")
        return "".join(parts)
    lines = [f"Meeting: {inert(m.title)}, {inert(fmt_date(m.held_on))}" for m in week.meetings]
    lines += [
        f"Mentoring session with {inert(s.leader_name)}, {inert(fmt_date(s.on))}"
        for s in week.sessions
    ]
    for i in week.items[:DUE_SHOWN]:
        # Overdue is said in words, not only shown in colour.
        when = (
            f'<strong class="gfj-due-overdue">Overdue</strong> since {inert(fmt_date(i.due_on))}'
            if i.overdue
            else f"due {inert(fmt_date(i.due_on))}"
        )
        whose = f" ({inert(i.context)})" if i.context else ""
        lines.append(f"{KIND_WORDS[i.kind]}: {inert(i.title)}{whose}, {when}")
    parts.append("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")
    if len(week.items) > DUE_SHOWN:
        parts.append(f'<p class="gfj-due-more">and {len(week.items) - DUE_SHOWN} more</p>')
    parts.append("</div>")
    return "".join(parts)


def due_this_week_box(actor: Actor, today: date) -> None:
    """The signed-in person's week (one HTML block: a bordered container of markdown cost the
    overview about 30 ms of its time to idle at 100x), then a link to each page behind it."""
    week = read(due_this_week, actor, today=today)
    st.markdown(due_html(week), unsafe_allow_html=True)
    if week.empty:
        return
    wanted = {i.page_key for i in week.items} | ({"meetings"} if week.meetings else set())
    order = ("timeline", "checklist", "meetings", "log_session")
    page_links_row(actor, [key for key in order if key in wanted])
