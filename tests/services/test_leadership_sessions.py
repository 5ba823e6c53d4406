"""Logging, correcting and deleting mentoring sessions, and ticking off action items."""

from datetime import date

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import MentoringSession, SessionActionItem
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.leadership import ActionItemDone, ActionItemIn, SessionCreate, SessionUpdate
from gfj_core.services.mentoring import (
    delete_session,
    record_session,
    session_form_context,
    set_action_item_done,
    update_action_items,
    update_session,
)
from tests import factories as f
from tests.services import test_leadership_support as b

TODAY = date(2026, 11, 22)


@pytest.fixture
def mentees(empty_db):
    """Ada mentors Lee and Kim; Bo mentors Max (and co-mentors Lee)."""
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        ada, bo = f.person(s, "Ada"), f.person(s, "Bo")
        lee = f.leader(s, f.person(s, "Lee"), mentors=[ada, bo])
        kim = f.leader(s, f.person(s, "Kim"), mentors=[ada])
        mx = f.leader(s, f.person(s, "Max"), mentors=[bo])
        gone = f.leader(s, f.person(s, "Gone"), mentors=[ada], status="left")
        ids = dict(ada=ada.id, bo=bo.id, lee=lee.id, kim=kim.id, max=mx.id, gone=gone.id)
    ids["ada_actor"] = b.as_role(Role.mentor, ids["ada"])
    ids["bo_actor"] = b.as_role(Role.mentor, ids["bo"])
    return empty_db, ids


def new(leader_id, held_on=date(2026, 11, 20), **kw) -> SessionCreate:
    return SessionCreate(leader_id=leader_id, held_on=held_on, minutes=60, **kw)


def log(engine, actor, data, today=TODAY):
    with session_scope(engine, write=True, actor=actor) as s:
        return record_session(s, data, today=today, actor=actor)


def test_a_mentor_logs_a_session_with_action_items_for_their_mentee(mentees):
    engine, ids = mentees
    saved = log(
        engine,
        ids["ada_actor"],
        new(
            ids["lee"],
            topics=["Budget"],
            shared_notes="Read the accounts.",
            action_items=[
                ActionItemIn(description="Reforecast", due_on=date(2026, 12, 1)),
                ActionItemIn(description="Already sent", done=True),
            ],
            next_session_on=date(2026, 12, 4),
        ),
    )
    assert (saved.leader_name, saved.mentor_name, saved.logged_on) == ("Lee", "Ada", TODAY)
    assert saved.topics == ["Budget"] and saved.next_session_on == date(2026, 12, 4)
    assert [(i.description, i.done, i.done_on) for i in saved.action_items] == [
        ("Reforecast", False, None),
        ("Already sent", True, TODAY),
    ]
    assert saved.is_author and saved.editable_until == date(2026, 11, 29)


def test_a_mentor_cannot_log_for_someone_elses_mentee_or_a_leader_who_left(mentees):
    engine, ids = mentees
    with pytest.raises(PermissionDenied, match="your own mentees"):
        log(engine, ids["ada_actor"], new(ids["max"]))
    with pytest.raises(ValidationFailed) as exc:
        log(engine, ids["ada_actor"], new(ids["gone"]))
    assert exc.value.problems[0][0] == "leader_id"


@pytest.mark.parametrize("role", [Role.board, Role.admin, Role.treasurer, Role.staff])
def test_only_mentors_and_the_ceo_may_log_sessions(mentees, role):
    engine, ids = mentees
    with pytest.raises(PermissionDenied):
        log(engine, b.as_role(role, ids["ada"]), new(ids["lee"]))


def test_the_ceo_may_log_for_any_active_leader_as_the_author(mentees):
    engine, ids = mentees
    ceo = b.as_role(Role.ceo, ids["bo"])
    assert log(engine, ceo, new(ids["kim"])).mentor_name == "Bo"


def test_a_future_date_and_an_action_due_before_the_session_are_named_by_field(mentees):
    engine, ids = mentees
    with pytest.raises(ValidationFailed) as exc:
        log(
            engine,
            ids["ada_actor"],
            new(
                ids["lee"],
                held_on=date(2026, 11, 23),
                action_items=[ActionItemIn(description="x", due_on=date(2026, 11, 1))],
            ),
        )
    assert dict(exc.value.problems) == {
        "held_on": "A session cannot be dated in the future.",
        "action_items.1.due_on": "Action item 1 is due before the session.",
    }
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(MentoringSession)) == 0


def _update(engine, actor, session_id, version, today, **kw):
    with session_scope(engine, write=True, actor=actor) as s:
        return update_session(
            s,
            session_id,
            SessionUpdate(
                **{
                    "leader_id": kw.pop("leader_id"),
                    "held_on": date(2026, 11, 20),
                    "minutes": 90,
                    **kw,
                }
            ),
            expected_version=version,
            today=today,
            actor=actor,
        )


def test_the_author_may_correct_a_session_for_seven_days_after_logging_it(mentees):
    engine, ids = mentees
    saved = log(engine, ids["ada_actor"], new(ids["lee"]), today=date(2026, 11, 20))
    fixed = _update(
        engine, ids["ada_actor"], saved.id, saved.version, date(2026, 11, 27), leader_id=ids["kim"]
    )
    assert (fixed.minutes, fixed.leader_name, fixed.version) == (90, "Kim", saved.version + 1)
    with pytest.raises(PermissionDenied, match="could be corrected until Nov 27, 2026"):
        _update(
            engine,
            ids["ada_actor"],
            saved.id,
            fixed.version,
            date(2026, 11, 28),
            leader_id=ids["kim"],
        )


def test_a_co_mentor_cannot_correct_or_delete_anothers_session(mentees):
    engine, ids = mentees
    saved = log(engine, ids["ada_actor"], new(ids["lee"]))
    with pytest.raises(PermissionDenied, match="Only the mentor who wrote"):
        _update(engine, ids["bo_actor"], saved.id, saved.version, TODAY, leader_id=ids["lee"])
    with pytest.raises(PermissionDenied), session_scope(engine, write=True) as s:
        delete_session(
            s, saved.id, expected_version=saved.version, today=TODAY, actor=ids["bo_actor"]
        )


def test_a_correction_from_a_stale_form_is_refused(mentees):
    engine, ids = mentees
    saved = log(engine, ids["ada_actor"], new(ids["lee"], shared_notes="First"))
    _update(
        engine,
        ids["ada_actor"],
        saved.id,
        saved.version,
        TODAY,
        leader_id=ids["lee"],
        shared_notes="From the other tab",
    )
    with pytest.raises(StaleEdit, match="'First' to 'From the other tab'"):
        _update(engine, ids["ada_actor"], saved.id, saved.version, TODAY, leader_id=ids["lee"])


def test_replacing_only_the_action_items_still_bumps_the_version(mentees):
    engine, ids = mentees
    saved = log(engine, ids["ada_actor"], new(ids["lee"]))
    fixed = _update(
        engine,
        ids["ada_actor"],
        saved.id,
        saved.version,
        TODAY,
        leader_id=ids["lee"],
        action_items=[ActionItemIn(description="New action")],
    )
    assert fixed.version == saved.version + 1
    assert [i.description for i in fixed.action_items] == ["New action"]


def test_deleting_within_the_window_removes_the_session_and_its_action_items(mentees):
    engine, ids = mentees
    saved = log(
        engine, ids["ada_actor"], new(ids["lee"], action_items=[ActionItemIn(description="a")])
    )
    with session_scope(engine, write=True, actor=ids["ada_actor"]) as s:
        delete_session(
            s, saved.id, expected_version=saved.version, today=TODAY, actor=ids["ada_actor"]
        )
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(MentoringSession)) == 0
        assert s.scalar(select(func.count()).select_from(SessionActionItem)) == 0


def test_the_author_ticks_action_items_off_at_any_time_and_no_one_else_can(mentees):
    engine, ids = mentees
    saved = log(
        engine,
        ids["ada_actor"],
        new(
            ids["lee"],
            held_on=date(2026, 1, 9),
            action_items=[ActionItemIn(description="a"), ActionItemIn(description="b")],
        ),
        today=date(2026, 1, 10),  # long past the correction window: ticking is still allowed
    )
    a, bb = saved.action_items
    with session_scope(engine, write=True) as s, pytest.raises(PermissionDenied):
        set_action_item_done(
            s, a.id, True, expected_version=a.version, today=TODAY, actor=ids["bo_actor"]
        )
    with session_scope(engine, write=True, actor=ids["ada_actor"]) as s:
        update_action_items(
            s,
            [
                ActionItemDone(id=a.id, done=True, expected_version=a.version),
                ActionItemDone(id=bb.id, done=True, expected_version=bb.version),
            ],
            today=TODAY,
            actor=ids["ada_actor"],
        )
    with session_scope(engine) as s:
        items = s.scalars(select(SessionActionItem).order_by(SessionActionItem.id)).all()
        assert [(i.done, i.done_on) for i in items] == [(True, TODAY), (True, TODAY)]


def test_the_form_defaults_to_the_mentors_last_mentee_and_lists_only_their_mentees(mentees):
    engine, ids = mentees
    log(engine, ids["ada_actor"], new(ids["lee"], held_on=date(2026, 11, 1)))
    log(
        engine,
        ids["ada_actor"],
        new(
            ids["kim"],
            held_on=date(2026, 11, 10),
            topics=["Grant writing"],
            action_items=[
                ActionItemIn(description="Later", due_on=date(2026, 12, 20)),
                ActionItemIn(description="Overdue", due_on=date(2026, 11, 15)),
                ActionItemIn(description="Undated"),
            ],
        ),
        today=date(2026, 11, 10),
    )
    log(engine, ids["bo_actor"], new(ids["lee"], held_on=date(2026, 11, 21)))
    with session_scope(engine) as s:
        ctx = session_form_context(s, today=TODAY, actor=ids["ada_actor"])
    assert [m.name for m in ctx.mentees] == ["Kim", "Lee"]  # active mentees only, by name
    assert {m.name: m.last_session_on for m in ctx.mentees}["Lee"] == date(2026, 11, 21)
    assert ctx.default_leader_id == ids["kim"]
    assert "Grant writing" in ctx.topic_suggestions
    # Logged on 10 Nov: correctable until 17 Nov, so only the session logged today is listed.
    assert [s.leader_name for s in ctx.recent_own_sessions] == ["Lee"]
    assert [(i.description, i.overdue) for i in ctx.open_action_items] == [
        ("Overdue", True),
        ("Later", False),
        ("Undated", False),
    ]


def test_the_form_refuses_a_second_session_for_the_same_leader_mentor_and_day(mentees):
    """The same rule as the sessions import: one session per leader, mentor and date."""
    engine, ids = mentees
    log(engine, ids["ada_actor"], new(ids["lee"]))
    with pytest.raises(ValidationFailed) as refused:
        log(engine, ids["ada_actor"], new(ids["lee"], shared_notes="again"))
    assert dict(refused.value.problems) == {
        "held_on": "A session for this leader, mentor and date is already recorded."
    }
    # Another mentor of the same leader, or the same mentor another day, is a different session.
    log(engine, ids["bo_actor"], new(ids["lee"]))
    log(engine, ids["ada_actor"], new(ids["lee"], held_on=date(2026, 11, 21)))
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(MentoringSession)) == 3


def test_a_correction_may_not_move_a_session_onto_another_of_the_same_day(mentees):
    engine, ids = mentees
    log(engine, ids["ada_actor"], new(ids["lee"], held_on=date(2026, 11, 19)))
    second = log(engine, ids["ada_actor"], new(ids["lee"]))
    moved = SessionUpdate(leader_id=ids["lee"], held_on=date(2026, 11, 19), minutes=30)
    with (
        pytest.raises(ValidationFailed, match="already recorded"),
        session_scope(engine, write=True, actor=ids["ada_actor"]) as s,
    ):
        update_session(
            s,
            second.id,
            moved,
            expected_version=second.version,
            today=TODAY,
            actor=ids["ada_actor"],
        )
    # Saving a correction of the same session on its own date is not a duplicate of itself.
    same_day = SessionUpdate(leader_id=ids["lee"], held_on=second.held_on, minutes=30)
    with session_scope(engine, write=True, actor=ids["ada_actor"]) as s:
        update_session(
            s,
            second.id,
            same_day,
            expected_version=second.version,
            today=TODAY,
            actor=ids["ada_actor"],
        )
