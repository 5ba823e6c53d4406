""" "Since last meeting" from a scripted sequence of recorded changes."""

from contextlib import contextmanager
from datetime import date, datetime

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied
from gfj_core.models import ChecklistItem, EmergingLeader, Milestone
from gfj_core.schemas.board import ActionItemCreate, ActionItemUpdate, MeetingCreate
from gfj_core.services.board_meetings import record_meeting, update_action_item
from gfj_core.services.digest import since_last_meeting
from tests import factories as f
from tests.conftest import DEMO_TODAY, bare_actor

BOARD = bare_actor(Role.board)


@contextmanager
def at(engine, when: datetime):
    """A write session whose audit rows carry the given time (as if made then)."""
    with session_scope(engine, write=True, actor=BOARD) as session:
        session.info["audit_at"] = when
        yield session


def change(engine, when: datetime, model, row_id: int, **values) -> None:
    with at(engine, when) as s:
        row = s.get(model, row_id)
        for k, v in values.items():
            setattr(row, k, v)


@pytest.fixture
def story(empty_db):
    """A plan, a board meeting on 1 Feb 2026, then a month of recorded changes."""
    e = empty_db
    with at(e, datetime(2026, 1, 5, 9)) as s:
        members = [f.person(s, f"Member {i}", board_role="member") for i in range(3)]
        ph = f.phase(s, "Prepare", date(2026, 1, 1), date(2026, 6, 30), position=1)
        m1 = f.milestone(
            s, ph, baseline_finish=date(2026, 2, 1), status="on_track", title="Plan adopted"
        )
        m2 = f.milestone(
            s, ph, baseline_finish=date(2026, 2, 15), status="on_track", title="Budget set"
        )
        m3 = f.milestone(s, ph, baseline_finish=date(2026, 3, 31), title="Profile written")
        c1 = f.checklist_item(s, authority=True, title="Bank signatories updated")
        c2 = f.checklist_item(s, title="Calendar documented")
        l1 = f.leader(s, f.person(s, "Ada Leader"), readiness="ready_1_2_years")
        f.leader(s, f.person(s, "Bo Leader"), readiness="ready_3_plus_years")
        ids = dict(m1=m1.id, m2=m2.id, m3=m3.id, c1=c1.id, c2=c2.id, l1=l1.id)
        member_ids = [p.id for p in members]

    # Before the meeting: must not appear.
    change(e, datetime(2026, 1, 20, 12), Milestone, ids["m3"], status="on_track")

    with at(e, datetime(2026, 2, 1, 18)) as s:
        meeting = record_meeting(
            s,
            MeetingCreate(
                held_on=date(2026, 2, 1),
                title="Board meeting, February",
                attended_person_ids=member_ids,
                actions=[ActionItemCreate(title="Find a venue")],
            ),
            actor=BOARD,
            today=date(2026, 2, 1),
        )

    feb3 = datetime(2026, 2, 3, 10)
    change(e, feb3, Milestone, ids["m1"], status="done", completed_on=date(2026, 2, 3))
    change(e, datetime(2026, 2, 5, 10), Milestone, ids["m2"], forecast_finish=date(2026, 3, 1))
    change(e, datetime(2026, 2, 6, 10), ChecklistItem, ids["c1"], status="done")
    change(e, datetime(2026, 2, 7, 10), EmergingLeader, ids["l1"], readiness="ready_now")
    change(e, datetime(2026, 2, 8, 10), ChecklistItem, ids["c2"], status="in_progress")
    item = meeting.raised[0]
    with at(e, datetime(2026, 2, 10, 10)) as s:
        update_action_item(
            s,
            item.id,
            ActionItemUpdate(status="done", expected_version=item.version),
            actor=BOARD,
            today=date(2026, 2, 10),
        )
    # After the as-of date: must not appear.
    change(e, datetime(2026, 2, 25, 10), Milestone, ids["m3"], status="done")
    return e


def digest(engine, *, privacy: bool, today=date(2026, 2, 20)):
    with session_scope(engine) as s:
        return since_last_meeting(s, today=today, actor=BOARD, privacy=privacy)


def texts(d, key):
    return [i.text for i in next(s for s in d.sections if s.key == key).items]


def test_digest_starts_at_the_previous_board_meeting(story):
    d = digest(story, privacy=True)
    assert d.since == date(2026, 2, 1)
    assert d.since_title == "Board meeting, February"
    assert d.until == date(2026, 2, 20)


def test_digest_lists_the_completed_and_the_slipped_milestones(story):
    d = digest(story, privacy=True)
    assert texts(d, "milestones_done") == ["Plan adopted"]  # not "Profile written" (25 Feb)
    assert texts(d, "milestones_slipped") == [
        "Budget set: forecast finish Feb 15, 2026 → Mar 1, 2026 (+14 days)"
    ]


def test_digest_lists_checklist_items_done_and_marks_authority_transfers(story):
    d = digest(story, privacy=True)
    assert texts(d, "checklist_done") == ["Bank signatories updated (authority transfer)"]
    section = next(s for s in d.sections if s.key == "checklist_done")
    assert section.summary == "1 exit-checklist item done, 1 of them authority transfer"


def test_privacy_mode_reports_readiness_changes_as_counts_without_names(story):
    d = digest(story, privacy=True)
    readiness = texts(d, "readiness")
    assert "1 leader moved up: ready in 1-2 years → ready now" in readiness
    assert not any("Ada Leader" in t for s in d.sections for t in (i.text for i in s.items))


def test_without_privacy_the_readiness_change_names_the_leader(story):
    d = digest(story, privacy=False)
    assert "Ada Leader: ready in 1-2 years → ready now" in texts(d, "readiness")


def test_measures_that_crossed_a_threshold_compare_with_the_meetings_figures(story):
    d = digest(story, privacy=True)
    # At the meeting nobody was ready now (Act); now one leader is (Watch: a thin bench).
    assert "Leaders ready now: better (Act → Watch); 0 → 1" in texts(d, "thresholds")


def test_closed_action_items_are_listed(story):
    d = digest(story, privacy=True)
    assert texts(d, "actions_closed") == ["Find a venue"]


def test_a_later_as_of_date_takes_in_the_later_changes(story):
    d = digest(story, privacy=True, today=date(2026, 2, 28))
    assert texts(d, "milestones_done") == ["Plan adopted", "Profile written"]


def test_without_a_meeting_everything_on_record_counts(empty_db):
    with session_scope(empty_db) as s:
        d = since_last_meeting(s, today=date(2026, 2, 1), actor=BOARD)
    assert d.since is None and d.changes == 0


def test_the_digest_is_for_roles_that_see_meetings(empty_db):
    with session_scope(empty_db) as s, pytest.raises(PermissionDenied):
        since_last_meeting(s, today=date(2026, 2, 1), actor=bare_actor(Role.staff))


def test_the_demo_tells_what_changed_since_the_october_board_meeting(demo_db):
    with session_scope(demo_db) as s:
        d = since_last_meeting(s, today=DEMO_TODAY, actor=BOARD, privacy=True)
    assert d.since == date(2026, 10, 15)
    slipped = texts(d, "milestones_slipped")
    assert any(t.startswith("Community listening sessions") and "+42 days" in t for t in slipped)
    assert any(
        t.startswith("Institutional knowledge inventory") and "now late" in t for t in slipped
    )
    assert texts(d, "checklist_done") == [
        "Account and password custody moved to the shared vault (authority transfer)",
        "Grant reporting calendar and templates documented",
    ]
    sessions = next(s for s in d.sections if s.key == "sessions")
    # leadership/sessions.csv dates 13 sessions between 16 Oct and 22 Nov 2026.
    assert sessions.summary == "13 mentoring sessions logged"
    # The light follows the late share, not the milestones done: the line says so, and worse.
    (line,) = [t for t in texts(d, "thresholds") if t.startswith("Milestones done")]
    assert line.startswith("Milestones done: worse (Healthy → Watch), because the share of open")


def test_rebaselines_and_later_forecasts_appear_with_their_reasons(story):
    from gfj_core.formatting import fmt_date
    from gfj_core.models import MilestoneDateChange
    from gfj_core.schemas.transition import MilestoneRebaseline, MilestoneUpdate
    from gfj_core.services.timeline import rebaseline_milestone, update_milestone

    with session_scope(story, write=True, actor=BOARD) as s:
        ph = s.scalar(select(Milestone)).phase
        m3 = f.milestone(s, ph, baseline_finish=date(2026, 3, 31), title="Search firm hired")
        rebaseline_milestone(
            s,
            m3.id,
            MilestoneRebaseline(
                baseline_start=m3.baseline_start,
                baseline_finish=date(2026, 4, 30),
                reason="The search committee added a listening tour",
                resolution="Resolution 2026-03",
            ),
            expected_version=m3.version,
            actor=BOARD,
        )
        m3_id, version = m3.id, m3.version
    ceo = bare_actor(Role.ceo)
    with session_scope(story, write=True, actor=ceo) as s:
        update_milestone(
            s,
            m3_id,
            MilestoneUpdate(
                forecast_finish=date(2026, 5, 15), forecast_reason="Two interviews moved"
            ),
            expected_version=version,
            today=date(2026, 2, 12),
            actor=ceo,
        )
    with session_scope(story, write=True, actor=BOARD) as s:
        for c in s.scalars(select(MilestoneDateChange)):
            c.changed_at = datetime(2026, 2, 12, 9)
    lines = texts(digest(story, privacy=True), "date_changes")
    d = fmt_date
    assert lines == [
        f"Search firm hired: approved finish re-baselined {d(date(2026, 3, 31))} → "
        f"{d(date(2026, 4, 30))} (+30 days). Why: The search committee added a listening tour; "
        "rests on Resolution 2026-03",
        f"Search firm hired: forecast finish {d(date(2026, 3, 31))} → {d(date(2026, 5, 15))} "
        "(+45 days), past the approved date. Why: Two interviews moved",
    ]
