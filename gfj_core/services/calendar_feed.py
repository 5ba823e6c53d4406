"""Calendar feeds (iCalendar, RFC 5545): each person's secret feed of what concerns them and
what their role may see, and a one-off .ics for a single meeting.

The feed is read by calendar programs without a sign-in, so the address itself is the secret:
a random token, of which only the SHA-256 is stored (a lookup by hash is exact and needs no
slow password hash: the token has 256 bits). A new address replaces the old one at once, and a
deactivated account's feed stops at once because the account is checked on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound, PermissionDenied
from gfj_core.formatting import fmt_date
from gfj_core.models import BoardMeeting, CalendarFeed, Milestone, Person, UserAccount
from gfj_core.models.base import utcnow
from gfj_core.schemas.notify import FeedAddressStatus, FeedEvent
from gfj_core.services import due_items as due
from gfj_core.services.org_settings import load_org_settings
from gfj_core.viewers import same_for_role

PRODID = "-//The Gathering for Justice//Transition oversight//EN"
# Meetings this far back stay in the feed (the calendar keeps its history sensibly short).
PAST_MEETINGS = timedelta(days=180)
# Owned items are listed this far ahead (and every overdue one).
AHEAD = timedelta(days=400)
MEETING_KIND_WORDS = {"board": "Board meeting", "succession_committee": "Succession committee"}
KIND_WORDS = {
    "milestone": "Milestone due",
    "checklist_item": "Exit checklist item due",
    "action_item": "Action item due",
}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_url(base_url: str, token: str) -> str:
    """The address names the organisation it belongs to, as the session cookie does
    (gfj_core.tenancy.cookie_value): the route looks the token up in that one's database."""
    from gfj_core.tenancy import DEFAULT_SLUG, cookie_value
    from gfj_core.tenancy.context import current_slug

    return f"{base_url.rstrip('/')}/feeds/{cookie_value(current_slug() or DEFAULT_SLUG, token)}.ics"


def _page_url(base_url: str, page_key: str) -> str:
    return f"{base_url.rstrip('/')}/{page_key}"


# ---------------------------------------------------------------- the address (My account)


def _own_user_id(actor) -> int:
    if actor.user_id is None:
        raise PermissionDenied("Only a signed-in person has a calendar feed.")
    return actor.user_id


def feed_address_status(session: Session, *, actor) -> FeedAddressStatus:
    require(actor, "reminders.own")
    row = session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == _own_user_id(actor)))
    return FeedAddressStatus(has_address=row is not None, created_at=row and row.created_at)


def new_feed_address(session: Session, *, actor) -> str:
    """Make a new secret address (the old one, if any, stops working) and return it. The token
    is returned this once: only its hash is kept."""
    require(actor, "reminders.own")
    user_id = _own_user_id(actor)
    token = secrets.token_urlsafe(32)
    row = session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user_id))
    if row is None:
        session.add(CalendarFeed(user_id=user_id, token_hash=_hash(token)))
    else:
        row.token_hash = _hash(token)
        row.created_at = utcnow()
    session.flush()
    return feed_url(load_org_settings(session).email.app_url, token)


def stop_feed_address(session: Session, *, actor) -> None:
    require(actor, "reminders.own")
    row = session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == _own_user_id(actor)))
    if row is not None:
        session.delete(row)
        session.flush()


# ---------------------------------------------------------------- events


def _meeting_event(m: BoardMeeting, base_url: str) -> FeedEvent:
    agenda = (m.agenda or "").strip()
    kind = MEETING_KIND_WORDS.get(m.kind, m.kind)
    if m.status == "cancelled":
        # Same UID, STATUS:CANCELLED: a calendar that holds the invitation marks it cancelled.
        return FeedEvent(
            uid=f"meeting-{m.id}@gfj",
            summary=f"Cancelled: {m.title}",
            on=m.held_on,
            description=f"{kind} (cancelled on {fmt_date(m.cancelled_on)}). "
            f"Reason: {m.cancel_reason or 'not given'}.",
            url=_page_url(base_url, "meetings"),
            cancelled=True,
        )
    return FeedEvent(
        uid=f"meeting-{m.id}@gfj",
        summary=m.title,
        on=m.held_on,
        description=(f"Agenda:\n{agenda}\n\n" if agenda else "") + f"{kind} ({m.status}).",
        url=_page_url(base_url, "meetings"),
    )


def feed_events(session: Session, *, today: date, actor) -> list[FeedEvent]:
    """Everything in this person's feed, as their role may see it."""
    require(actor, "reminders.own")
    base = load_org_settings(session).email.app_url
    events: list[FeedEvent] = [
        _meeting_event(m, base)
        for m in due.upcoming_meetings(
            session, start=today - PAST_MEETINGS, until=today + AHEAD, actor=actor
        )
    ]
    owned = due.owned_items(session, today=today, until=today + AHEAD, actor=actor)
    for item in owned:
        events.append(
            FeedEvent(
                uid=f"{item.kind}-{item.id}@gfj",
                summary=f"{KIND_WORDS[item.kind]}: {item.title}",
                on=item.due_on,
                description="You own this." + (" It is overdue." if item.overdue else ""),
                url=_page_url(base, item.page_key),
            )
        )
    if due.sees_board_milestones(actor):
        own_ids = {i.id for i in owned if i.kind == "milestone"}
        q = select(Milestone.id, Milestone.title, Milestone.forecast_finish).where(
            Milestone.status != "done"
        )
        visible = due.milestone_visibility(actor)
        if visible is not None:
            q = q.where(visible)
        for mid, title, finish in session.execute(q):
            if mid not in own_ids:
                events.append(
                    FeedEvent(
                        uid=f"milestone-{mid}@gfj",
                        summary=f"Milestone: {title}",
                        on=finish,
                        description="Forecast finish.",
                        url=_page_url(base, "timeline"),
                    )
                )
    for s in due.next_sessions(session, today=today, actor=actor):
        events.append(
            FeedEvent(
                uid=f"session-{s.leader_name.lower().replace(' ', '-')}-{s.on.isoformat()}@gfj",
                summary=f"Mentoring session with {s.leader_name}",
                on=s.on,
                description="The next session agreed at your last one.",
                url=_page_url(base, "log_session"),
            )
        )
    return sorted(events, key=lambda e: (e.on, e.uid))


def render_ics(events: list[FeedEvent], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC)
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("summary", e.summary)
        # All-day: the app keeps dates, not times. DTEND is exclusive (RFC 5545 3.6.1).
        ev.add("dtstart", e.on)
        ev.add("dtend", e.on + timedelta(days=1))
        ev.add("transp", "TRANSPARENT")
        if e.cancelled:
            ev.add("status", "CANCELLED")
        if e.description:
            ev.add("description", e.description)
        if e.url:
            ev.add("url", e.url)
        cal.add_component(ev)
    return cal.to_ical()


def calendar_for_token(session: Session, token: str, *, today: date) -> bytes | None:
    """The feed behind a secret address, or None (wrong, replaced, or a deactivated account)."""
    from gfj_core.services.auth import actor_for

    if not token or len(token) > 200:
        return None
    user = session.scalar(
        select(UserAccount)
        .join(CalendarFeed, CalendarFeed.user_id == UserAccount.id)
        .join(Person, Person.id == UserAccount.person_id)
        .where(CalendarFeed.token_hash == _hash(token), UserAccount.active, Person.active)
    )
    if user is None:
        return None
    actor = actor_for(user)
    name = f"{load_org_settings(session).organisation_name}: {actor.display_name}"
    return render_ics(feed_events(session, today=today, actor=actor), name=name)


@same_for_role
def meeting_ics(session: Session, meeting_id: int, *, actor) -> bytes:
    """One meeting as a one-off .ics (the "Add to calendar" download)."""
    require(actor, "meetings.read")
    meeting = session.get(BoardMeeting, meeting_id)
    if meeting is None:
        raise NotFound("That meeting does not exist.")
    base = load_org_settings(session).email.app_url
    return render_ics([_meeting_event(meeting, base)], name=meeting.title)
