"""Calendar feeds: parsed back with icalendar, a person's feed holds exactly the events their role
may see; a wrong, replaced or stopped address, or a deactivated account, gets 404."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select, update
from starlette.applications import Starlette
from starlette.testclient import TestClient

import web.feeds as feeds
from gfj_core.db import session_scope
from gfj_core.models import (
    ActionItem,
    BoardMeeting,
    CalendarFeed,
    ChecklistItem,
    EmergingLeader,
    MentoringSession,
    Mentorship,
    Milestone,
    Person,
    UserAccount,
)
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.calendar_feed import meeting_ics, new_feed_address, stop_feed_address
from tests.conftest import DEMO_TODAY, demo_actor


@pytest.fixture
def client(demo_db, monkeypatch):
    monkeypatch.setattr(feeds, "today", lambda: DEMO_TODAY)
    with TestClient(Starlette(routes=feeds.FEED_ROUTES)) as c:
        yield c


def _address(engine, username: str) -> str:
    actor = demo_actor(engine, username)
    with session_scope(engine, write=True, actor=actor) as s:
        url = new_feed_address(s, actor=actor)
    assert url.startswith("http://localhost:8501/feeds/") and url.endswith(".ics")
    return "/feeds/" + url.rsplit("/", 1)[1]


def _events(response) -> dict[str, tuple[str, date]]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): (str(e["SUMMARY"]), e.decoded("DTSTART")) for e in cal.walk("VEVENT")}


def test_a_mentors_feed_holds_exactly_their_next_sessions(demo_db, client):
    events = _events(client.get(_address(demo_db, "mentor")))
    # Expected, read straight from the tables: for each current mentee, the next session agreed
    # at Yvette's latest session with them, if it is still ahead.
    with session_scope(demo_db) as s:
        me = s.scalar(select(UserAccount.person_id).where(UserAccount.username == "mentor"))
        expected = set()
        for leader_id, name in s.execute(
            select(Mentorship.leader_id, Person.full_name)
            .join(EmergingLeader, EmergingLeader.id == Mentorship.leader_id)
            .join(Person, Person.id == EmergingLeader.person_id)
            .where(
                Mentorship.mentor_person_id == me,
                Mentorship.ended_on.is_(None),
                EmergingLeader.status == "active",
            )
        ):
            latest = s.scalars(
                select(MentoringSession)
                .where(
                    MentoringSession.leader_id == leader_id, MentoringSession.mentor_person_id == me
                )
                .order_by(MentoringSession.held_on.desc())
            ).first()
            if latest and latest.next_session_on and latest.next_session_on >= DEMO_TODAY:
                expected.add((f"Mentoring session with {name}", latest.next_session_on))
    assert expected, "the demo mentor has sessions ahead"
    # A mentor's role sees no board meetings, milestones or checklist: only the sessions.
    assert set(events.values()) == expected


def test_a_board_members_feed_holds_meetings_their_items_and_board_visible_milestones(
    demo_db, client
):
    events = _events(client.get(_address(demo_db, "board")))
    with session_scope(demo_db) as s:
        me = s.scalar(select(UserAccount.person_id).where(UserAccount.username == "board"))
        meetings = {
            f"meeting-{i}@gfj"
            for i in s.scalars(
                select(BoardMeeting.id).where(
                    BoardMeeting.held_on >= DEMO_TODAY - timedelta(days=180),
                    BoardMeeting.held_on <= DEMO_TODAY + timedelta(days=400),
                )
            )
        }
        milestones = {
            f"milestone-{i}@gfj"
            for i in s.scalars(
                select(Milestone.id).where(
                    Milestone.status != "done", Milestone.visible_to_board.is_(True)
                )
            )
        }
        hidden = {
            f"milestone-{i}@gfj"
            for i in s.scalars(select(Milestone.id).where(Milestone.visible_to_board.is_(False)))
        }
        checklist = {
            f"checklist_item-{i}@gfj"
            for i in s.scalars(
                select(ChecklistItem.id).where(
                    ChecklistItem.owner_person_id == me,
                    ChecklistItem.status.in_(("not_started", "in_progress")),
                    ChecklistItem.due_date.is_not(None),
                )
            )
        }
        held = select(BoardMeeting.id).where(
            BoardMeeting.status == "held", BoardMeeting.held_on <= DEMO_TODAY
        )
        actions = {
            f"action_item-{i}@gfj"
            for i in s.scalars(
                select(ActionItem.id).where(
                    ActionItem.owner_person_id == me,
                    ActionItem.status == "open",
                    ActionItem.due_date.is_not(None),
                    ActionItem.raised_meeting_id.in_(held),
                )
            )
        }
    assert meetings and milestones and actions
    assert set(events) == meetings | milestones | checklist | actions
    assert not set(events) & hidden
    december = next(v for k, v in events.items() if v[0] == "Board meeting, December 2026")
    assert december[1] == date(2026, 12, 3)


def test_a_wrong_token_gets_404(demo_db, client):
    _address(demo_db, "board")
    assert client.get("/feeds/not-a-real-token.ics").status_code == 404
    assert client.get("/feeds/.ics").status_code == 404


def test_a_new_address_revokes_the_old_one(demo_db, client):
    old = _address(demo_db, "board")
    assert client.get(old).status_code == 200
    new = _address(demo_db, "board")
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.count()).select_from(CalendarFeed)) == 1
        # Only the hash is kept.
        assert new.split("/")[-1].removesuffix(".ics") not in s.scalar(
            select(CalendarFeed.token_hash)
        )


def test_a_stopped_feed_gets_404(demo_db, client):
    path = _address(demo_db, "ceo")
    actor = demo_actor(demo_db, "ceo")
    with session_scope(demo_db, write=True, actor=actor) as s:
        stop_feed_address(s, actor=actor)
    assert client.get(path).status_code == 404


def test_a_deactivated_accounts_feed_stops_at_once(demo_db, client):
    path = _address(demo_db, "ceo")
    assert client.get(path).status_code == 200
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        s.execute(update(UserAccount).where(UserAccount.username == "ceo").values(active=False))
    assert client.get(path).status_code == 404


def test_one_meeting_downloads_as_a_single_event(demo_db):
    board = demo_actor(demo_db, "board")
    with session_scope(demo_db) as s:
        meeting_id = s.scalar(
            select(BoardMeeting.id).where(BoardMeeting.held_on == date(2026, 12, 3))
        )
        body = meeting_ics(s, meeting_id, actor=board)
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Board meeting, December 2026"
    assert event.decoded("DTSTART") == date(2026, 12, 3)
    assert event.decoded("DTEND") == date(2026, 12, 4)
    assert "Agenda:" in str(event["DESCRIPTION"])
