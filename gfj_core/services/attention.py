"""'Needs your attention' on the board overview: red lights, what is overdue, and what the next
board meeting is asked to decide, each as far as the viewer's role may see it.

Visibility is the screens' own: the same small functions "Due this week" uses
(gfj_core.services.due_items), which delegate to the services that read each datum."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.formatting import fmt_date
from gfj_core.metrics.lights import Level
from gfj_core.models import BoardMeeting, ChecklistItem, Milestone, Person
from gfj_core.schemas.attention import AttentionItem, NeedsAttention, NextMeeting
from gfj_core.services.due_items import (
    may_read_checklist,
    may_read_meetings,
    may_read_milestones,
    milestone_visibility,
)


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _late_milestones(session: Session, today: date, actor) -> list[AttentionItem]:
    if not may_read_milestones(actor):
        return []
    q = (
        select(Milestone.title, Milestone.forecast_finish, Person.full_name)
        .outerjoin(Person, Person.id == Milestone.owner_person_id)
        .where(Milestone.status != "done", Milestone.forecast_finish < today)
        .order_by(Milestone.forecast_finish, Milestone.id)
    )
    visible = milestone_visibility(actor)
    if visible is not None:
        q = q.where(visible)
    return [
        AttentionItem(
            kind="late_milestone",
            title=title,
            detail=f"Milestone, forecast {fmt_date(due)}, {_days((today - due).days)} late"
            + (f" · {owner}" if owner else ""),
            due_on=due,
            page_key="timeline",
        )
        for title, due, owner in session.execute(q)
    ]


def _overdue_checklist(session: Session, today: date, actor) -> list[AttentionItem]:
    if not may_read_checklist(actor):
        return []
    from gfj_core.services.checklist import OPEN_STATUSES

    q = (
        select(ChecklistItem.title, ChecklistItem.due_date, Person.full_name)
        .outerjoin(Person, Person.id == ChecklistItem.owner_person_id)
        .where(
            ChecklistItem.status.in_(OPEN_STATUSES),
            ChecklistItem.due_date.is_not(None),
            ChecklistItem.due_date < today,
        )
        .order_by(ChecklistItem.due_date, ChecklistItem.id)
    )
    return [
        AttentionItem(
            kind="overdue_checklist",
            title=title,
            detail=f"Exit checklist, due {fmt_date(due)}, {_days((today - due).days)} overdue"
            + (f" · {owner}" if owner else ""),
            due_on=due,
            page_key="checklist",
        )
        for title, due, owner in session.execute(q)
    ]


def _next_meeting(session: Session, today: date) -> BoardMeeting | None:
    return session.scalars(
        select(BoardMeeting)
        .where(BoardMeeting.status == "scheduled", BoardMeeting.held_on >= today)
        .order_by(BoardMeeting.held_on, BoardMeeting.id)
        .limit(1)
    ).first()


def needs_your_attention(session: Session, *, today: date, actor, scorecard=None) -> NeedsAttention:
    """Red lights, what is overdue, what the next meeting must see. `scorecard`: the viewer's
    scorecard for `today` when the caller has it already (gfj_core.services.board_reads),
    so it is not computed twice."""
    require(actor, "overview.read")
    from gfj_core.services.overview import board_scorecard

    card = scorecard or board_scorecard(session, today=today, actor=actor)
    red = [
        AttentionItem(
            kind="red_light",
            title=t.label,
            detail=f"{t.value_text} · {t.light.word}" + (f" · {t.caption}" if t.caption else ""),
            page_key=t.page_key,
        )
        for t in card.tiles
        if t.light.level == Level.red
    ]
    overdue = _late_milestones(session, today, actor) + _overdue_checklist(session, today, actor)
    upcoming: NextMeeting | None = None
    for_meeting: list[AttentionItem] = []
    if may_read_meetings(actor):
        from gfj_core.services.board_meetings import open_action_items

        meeting = _next_meeting(session, today)
        if meeting is not None:
            upcoming = NextMeeting(
                id=meeting.id,
                held_on=meeting.held_on,
                title=meeting.title,
                days_away=(meeting.held_on - today).days,
            )
            for line in (meeting.agenda or "").splitlines():
                if line.strip():
                    for_meeting.append(
                        AttentionItem(
                            kind="agenda",
                            title=line.strip(),
                            detail=f"On the agenda for {fmt_date(meeting.held_on)}",
                            due_on=meeting.held_on,
                            page_key="meetings",
                        )
                    )
        for a in open_action_items(session, as_of=today, actor=actor):
            owner = f" · {a.owner_name}" if a.owner_name else ""
            if a.overdue:
                overdue.append(
                    AttentionItem(
                        kind="overdue_action",
                        title=a.title,
                        detail=f"Board action item, due {fmt_date(a.due_date)}, "
                        f"{_days((today - a.due_date).days)} overdue{owner}",
                        due_on=a.due_date,
                        page_key="meetings",
                    )
                )
            elif upcoming and a.due_date is not None and a.due_date <= upcoming.held_on:
                for_meeting.append(
                    AttentionItem(
                        kind="due_by_meeting",
                        title=a.title,
                        detail=f"Board action item, due {fmt_date(a.due_date)}, before the "
                        f"meeting{owner}",
                        due_on=a.due_date,
                        page_key="meetings",
                    )
                )
    overdue.sort(key=lambda i: (i.due_on or today, i.kind, i.title))
    return NeedsAttention(
        as_of=today,
        red_lights=red,
        overdue=overdue,
        next_meeting=upcoming,
        for_next_meeting=for_meeting,
    )
