"""Correcting the board's records (issue 15) on a real database file: whoever may write meetings
(the board, the CEO, an administrator) corrects a held meeting's attendance, decisions and
record, adds an action item between meetings, reassigns and re-dates one; the treasurer, staff
and mentors are refused; stale corrections are refused; each change is audited; a refused
table saves nothing."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import ActionItem, AuditLog
from gfj_core.schemas.board import DecisionCreate
from gfj_core.schemas.board_records import (
    ActionItemAdd,
    ActionItemChanges,
    ActionItemRowEdit,
    MeetingCorrection,
    decisions_text,
    parse_decisions,
)
from gfj_core.services.board_meetings import meeting_detail, meetings_book, people_choices
from gfj_core.services.board_records import (
    add_action_between_meetings,
    correct_meeting,
    save_action_table,
)
from tests.conftest import demo_actor

TODAY = date.today()
WRITERS = ("board", "ceo", "admin")
OTHERS = ("treasurer", "staff", "mentor")


def _last(engine, actor):
    with session_scope(engine) as s:
        last = meetings_book(s, today=TODAY, actor=actor).last_held
        return meeting_detail(s, last.id, actor=actor, today=TODAY)


def _correction(m, **changes) -> MeetingCorrection:
    fields = dict(
        expected_version=m.version,
        title=m.title,
        agenda=m.agenda,
        invited_person_ids=[a.person_id for a in m.attendees],
        attended_person_ids=[a.person_id for a in m.attendees if a.attended],
        decisions=[DecisionCreate(text=d.text, reference=d.reference) for d in m.decision_list],
    )
    return MeetingCorrection(**{**fields, **changes})


@pytest.mark.parametrize("writer", WRITERS)
def test_a_writer_corrects_a_held_meetings_attendance_and_decisions(demo_db, writer):
    actor = demo_actor(demo_db, writer)
    m = _last(demo_db, actor)
    absent = next(a for a in m.attendees if not a.attended) if m.present < m.invited else None
    came = [a.person_id for a in m.attendees if a.attended][1:]  # one fewer came
    fixed = _correction(
        m,
        title=m.title + " (corrected)",
        attended_person_ids=came + ([absent.person_id] if absent else []),
        decisions=[DecisionCreate(text="Interim CEO appointed.", reference="Resolution 2026-12")],
    )
    with session_scope(demo_db, write=True, actor=actor) as s:
        after = correct_meeting(s, m.id, fixed, actor=actor, today=TODAY)
    assert after.title.endswith("(corrected)")
    assert after.present == len(fixed.attended_person_ids)
    assert [(d.text, d.reference) for d in after.decision_list] == [
        ("Interim CEO appointed.", "Resolution 2026-12")
    ]
    assert after.version == m.version + 1
    with session_scope(demo_db) as s:
        entities = set(
            s.scalars(select(AuditLog.entity).where(AuditLog.actor_name == actor.username))
        )
    assert {"board_meeting", "meeting_attendance", "meeting_decision"} <= entities


def test_a_correction_of_attendance_alone_moves_the_version_so_a_stale_one_is_refused(demo_db):
    board, ceo = demo_actor(demo_db, "board"), demo_actor(demo_db, "ceo")
    m = _last(demo_db, board)
    came = [a.person_id for a in m.attendees if a.attended]
    with session_scope(demo_db, write=True, actor=board) as s:
        correct_meeting(
            s, m.id, _correction(m, attended_person_ids=came[:-1]), actor=board, today=TODAY
        )
    with pytest.raises(StaleEdit), session_scope(demo_db, write=True, actor=ceo) as s:
        correct_meeting(s, m.id, _correction(m, title="Mine wins"), actor=ceo, today=TODAY)
    assert _last(demo_db, board).title == m.title


def test_a_correction_with_nobody_attending_is_refused_and_changes_nothing(demo_db):
    board = demo_actor(demo_db, "board")
    m = _last(demo_db, board)
    with (
        pytest.raises(ValidationFailed, match="not saved"),
        session_scope(demo_db, write=True, actor=board) as s,
    ):
        correct_meeting(s, m.id, _correction(m, attended_person_ids=[]), actor=board, today=TODAY)
    assert _last(demo_db, board).present == m.present


@pytest.mark.parametrize("other", OTHERS)
def test_every_other_role_is_refused_every_board_correction(demo_db, other):
    actor = demo_actor(demo_db, other)
    m = _last(demo_db, demo_actor(demo_db, "board"))
    with session_scope(demo_db, write=True, actor=actor) as s:
        with pytest.raises(PermissionDenied):
            correct_meeting(s, m.id, _correction(m), actor=actor, today=TODAY)
        with pytest.raises(PermissionDenied):
            add_action_between_meetings(
                s, ActionItemAdd(title="Call the auditors"), actor=actor, today=TODAY
            )
        with pytest.raises(PermissionDenied):
            save_action_table(s, [], actor=actor, today=TODAY)


@pytest.mark.parametrize("writer", WRITERS)
def test_an_action_added_between_meetings_carries_over_like_any_other(demo_db, writer):
    actor = demo_actor(demo_db, writer)
    with session_scope(demo_db) as s:
        owner = people_choices(s, actor=actor)[0]
        book = meetings_book(s, today=TODAY, actor=actor)
    data = ActionItemAdd(
        kind="board",
        title="Call the auditors about the transition budget",
        owner_person_id=owner.id,
        due_date=TODAY + timedelta(days=14),
    )
    with session_scope(demo_db, write=True, actor=actor) as s:
        item = add_action_between_meetings(s, data, actor=actor, today=TODAY)
    assert item.status == "open" and item.owner_name == owner.name
    with session_scope(demo_db) as s:
        after = meetings_book(s, today=TODAY, actor=actor)
        raised_at = s.get(ActionItem, item.id).raised_meeting_id
        audit = s.scalars(
            select(AuditLog.field).where(
                AuditLog.entity == "action_item", AuditLog.entity_id == str(item.id)
            )
        ).all()
    assert item.id in {a.id for a in after.open_actions}
    last_board = max(
        (m for m in book.meetings if m.kind == "board" and m.status == "held"),
        key=lambda m: m.held_on,
    )
    assert raised_at == last_board.id
    assert "title" in audit


def test_an_action_due_before_the_last_meeting_is_refused(demo_db):
    board = demo_actor(demo_db, "board")
    with (
        pytest.raises(ValidationFailed) as refused,
        session_scope(demo_db, write=True, actor=board) as s,
    ):
        add_action_between_meetings(
            s,
            ActionItemAdd(title="Backdated item", due_date=date(2020, 1, 1)),
            actor=board,
            today=TODAY,
        )
    assert refused.value.problems[0][0] == "due_date"


def test_reassigning_redating_and_clearing_the_owner_in_the_table(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        open_items = meetings_book(s, today=TODAY, actor=ceo).open_actions
        people = people_choices(s, actor=ceo)
    a, b = open_items[0], open_items[1]
    other = next(p for p in people if p.id != a.owner_person_id)
    edits = [
        ActionItemRowEdit(
            id=a.id,
            expected_version=a.version,
            changes=ActionItemChanges(owner_person_id=other.id, due_date=date(2027, 1, 15)),
        ),
        ActionItemRowEdit(
            id=b.id, expected_version=b.version, changes=ActionItemChanges(owner_person_id=None)
        ),
    ]
    with session_scope(demo_db, write=True, actor=ceo) as s:
        assert save_action_table(s, edits, actor=ceo, today=TODAY) == 2
    with session_scope(demo_db) as s:
        ia, ib = s.get(ActionItem, a.id), s.get(ActionItem, b.id)
        assert (ia.owner_person_id, ia.due_date) == (other.id, date(2027, 1, 15))
        assert ib.owner_person_id is None
    # The same edit again, from the version it was loaded at: stale.
    with pytest.raises(StaleEdit), session_scope(demo_db, write=True, actor=ceo) as s:
        save_action_table(s, edits[:1], actor=ceo, today=TODAY)


def test_an_action_table_with_one_bad_row_saves_no_row(demo_db):
    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        a, b = meetings_book(s, today=TODAY, actor=ceo).open_actions[:2]
    edits = [
        ActionItemRowEdit(
            id=a.id, expected_version=a.version, changes=ActionItemChanges(status="done")
        ),
        ActionItemRowEdit(
            id=b.id, expected_version=b.version, changes=ActionItemChanges(owner_person_id=999_999)
        ),
    ]
    with pytest.raises(ValidationFailed), session_scope(demo_db, write=True, actor=ceo) as s:
        save_action_table(s, edits, actor=ceo, today=TODAY)
    with session_scope(demo_db) as s:
        assert s.get(ActionItem, a.id).status == "open"


def test_decisions_typed_one_per_line_read_back_as_typed():
    text = "[Resolution 2026-09] Internal-first search adopted.\nBudget approved."
    rows = parse_decisions(text)
    assert rows == [
        {"text": "Internal-first search adopted.", "reference": "Resolution 2026-09"},
        {"text": "Budget approved.", "reference": None},
    ]
    assert decisions_text([DecisionCreate(**r) for r in rows]) == text
