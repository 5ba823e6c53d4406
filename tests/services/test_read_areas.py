"""Invalidation by area (issue 19): a cached read is keyed on the versions of the tables it reads,
so a write keeps the reads of other tables; and no declaration leaves out a table its service
reads."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from sqlalchemy import func, select, text

import gfj_core.services.board_meetings as board_meetings
import gfj_core.services.finance_measures as finance_measures
import gfj_core.services.finance_records as finance_records
import gfj_core.services.finance_scenarios as finance_scenarios
from gfj_core import areas
from gfj_core.db import session_scope
from gfj_core.models import AuditLog, BoardMeeting, EmergingLeader, MonthlyAccount
from gfj_core.schemas.board import ActionItemCreate
from gfj_core.services import (
    assessment_records,
    financial_history,
    form990_records,
    leader_development,
    meeting_lifecycle,
    org_settings,
    portfolio,
    sharing,
)
from tests.conftest import demo_actor
from tests.portfolio import SUPPORTER, share
from ui import data
from ui.data import clear_reads

TODAY = date(2026, 11, 22)


@pytest.fixture
def counted(monkeypatch):
    """counted(module, "name") -> a list that grows by one at each real run of the service."""
    clear_reads()

    def wrap(module, name):
        runs: list[int] = []
        original = getattr(module, name)

        @functools.wraps(original)
        def counting(*args, **kwargs):
            runs.append(1)
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)
        return runs

    yield wrap
    clear_reads()


def _held_meeting(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(BoardMeeting.id).where(BoardMeeting.status == "held").limit(1))


def _record_action(actor, meeting_id: int, title: str = "Send the audit letter") -> None:
    data.write(
        board_meetings.add_action_item,
        actor,
        meeting_id=meeting_id,
        data=ActionItemCreate(title=title),
        today=TODAY,
    )


def _latest_month(engine) -> date:
    with session_scope(engine) as s:
        return s.scalar(select(func.max(MonthlyAccount.month)))


def test_recording_an_action_item_keeps_the_finance_measures_cached(demo_db, actor_as, counted):
    board = actor_as("board")
    runs = counted(finance_measures, "finance_dashboard")
    as_of = _latest_month(demo_db)
    first = data.read(finance_measures.finance_dashboard, board, as_of=as_of)
    _record_action(board, _held_meeting(demo_db))
    again = data.read(finance_measures.finance_dashboard, board, as_of=as_of)
    assert len(runs) == 1
    assert again == first


def test_recording_an_action_item_refreshes_the_reads_of_action_items(demo_db, actor_as, counted):
    board = actor_as("board")
    runs = counted(board_meetings, "open_action_items")
    before = data.read(board_meetings.open_action_items, board, as_of=TODAY)
    _record_action(board, _held_meeting(demo_db), "Brief the new chair")
    after = data.read(board_meetings.open_action_items, board, as_of=TODAY)
    assert len(runs) == 2
    assert len(after) == len(before) + 1


def test_two_board_members_share_a_read_the_same_for_the_role_and_not_one_of_their_own(
    demo_db, actor_as, counted
):
    """gfj_core.viewers: ten board members with ten accounts compute the finance measures once
    after a write, not ten times; what is due this week stays each person's own."""
    from gfj_core.services import due_items

    board = actor_as("board")
    colleague = board.model_copy(update={"user_id": 4242, "username": "board-2", "person_id": 1})
    shared = counted(finance_measures, "finance_dashboard")
    own = counted(due_items, "due_this_week")
    as_of = _latest_month(demo_db)
    mine = data.read(finance_measures.finance_dashboard, board, as_of=as_of)
    assert data.read(finance_measures.finance_dashboard, colleague, as_of=as_of) is mine
    assert len(shared) == 1
    data.read(due_items.due_this_week, board, today=TODAY)
    data.read(due_items.due_this_week, colleague, today=TODAY)
    assert len(own) == 2


def test_ten_viewers_missing_the_same_read_at_once_compute_it_once(demo_db, actor_as, monkeypatch):
    """After a write, a room's next clicks all miss the same answer: the first computes it, the
    rest wait for it and get the same object (bench/load.py: ten board members at once)."""
    import threading
    import time

    clear_reads()
    board = actor_as("board")
    runs: list[int] = []
    original = board_meetings.open_action_items

    @functools.wraps(original)  # the cache names a service by its module and name
    def slow(*args, **kwargs):
        runs.append(1)
        time.sleep(0.3)  # long enough that every thread arrives while the first computes
        return original(*args, **kwargs)

    monkeypatch.setattr(board_meetings, "open_action_items", slow)
    start, got = threading.Barrier(10), []

    def viewer():
        start.wait()
        got.append(data.read(board_meetings.open_action_items, board, as_of=TODAY))

    threads = [threading.Thread(target=viewer) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(got) == 10
    assert len(runs) == 1
    assert all(answer is got[0] for answer in got)
    assert not data._computing  # nothing left held
    clear_reads()


def test_a_read_that_fails_is_not_kept_and_the_next_viewer_computes_it(
    demo_db, actor_as, monkeypatch
):
    clear_reads()
    board = actor_as("board")
    original = board_meetings.open_action_items

    @functools.wraps(original)
    def failing(*args, **kwargs):
        raise OSError("the database went away")

    monkeypatch.setattr(board_meetings, "open_action_items", failing)
    with pytest.raises(OSError):
        data.read(board_meetings.open_action_items, board, as_of=TODAY)
    assert not data._computing
    monkeypatch.setattr(board_meetings, "open_action_items", original)
    assert data.read(board_meetings.open_action_items, board, as_of=TODAY) is not None
    clear_reads()


def test_a_write_from_another_process_is_seen_at_the_next_read(demo_db, actor_as, counted):
    """As the CLI or a second server writes: straight to the database, never through ui.data."""
    treasurer = actor_as("treasurer")
    runs = counted(finance_measures, "finance_months")
    months = data.read(finance_measures.finance_months, treasurer)
    with session_scope(demo_db, write=True, actor=treasurer) as s:
        s.delete(s.scalar(select(MonthlyAccount).order_by(MonthlyAccount.month.desc()).limit(1)))
    assert data.read(finance_measures.finance_months, treasurer) == sorted(months)[:-1][::-1]
    assert len(runs) == 2


def test_an_undeclared_read_is_refreshed_by_any_write(demo_db, actor_as, counted):
    board = actor_as("board")
    assert areas.tables_read(financial_history.departing_leader_compensation) == {areas.EVERYTHING}
    runs = counted(financial_history, "departing_leader_compensation")
    data.read(financial_history.departing_leader_compensation, board, privacy=True)
    _record_action(board, _held_meeting(demo_db))
    data.read(financial_history.departing_leader_compensation, board, privacy=True)
    assert len(runs) == 2


def test_an_audit_row_about_no_table_moves_every_version(demo_db):
    """A restore is recorded about the whole database: every read must start again."""
    with session_scope(demo_db) as s:
        before = areas.data_versions(s.connection())
    with session_scope(demo_db, write=True) as s:
        s.add(AuditLog(actor_name="system", action="update", entity="database", entity_id="-"))
    with session_scope(demo_db) as s:
        after = areas.data_versions(s.connection())
    tables = areas.tables_read(finance_measures.finance_months)
    assert areas.version_key(after, tables) != areas.version_key(before, tables)
    assert after.get("monthly_account") == before.get("monthly_account")


def test_the_versions_are_the_newest_audit_row_of_each_table(demo_db):
    with session_scope(demo_db) as s:
        versions = areas.data_versions(s.connection())
        grouped = dict(
            s.execute(text("SELECT entity, max(id) FROM audit_log GROUP BY entity")).all()
        )
        newest = s.scalar(select(func.max(AuditLog.id)))
    assert {k: v for k, v in versions.items() if k != areas.EVERYTHING} == grouped
    assert versions[areas.EVERYTHING] == newest


def _declared_calls(engine, actor):
    as_of = _latest_month(engine)
    meeting = _held_meeting(engine)
    return {
        finance_measures.finance_months: {},
        finance_measures.finance_dashboard: {"as_of": as_of},
        finance_scenarios.runway_scenario: {
            "as_of": as_of,
            "lapse": (),
            "lapse_founder_dependent": True,
            "lapse_top_funder": True,
        },
        financial_history.financial_history: {},
        board_meetings.open_action_items: {"as_of": TODAY},
        board_meetings.board_engagement: {"today": TODAY},
        board_meetings.meetings_book: {"today": TODAY},
        board_meetings.meeting_detail: {"meeting_id": meeting, "today": TODAY},
        board_meetings.people_choices: {},
        finance_records.finance_records: {"include_archived": True},
        org_settings.org_date_style: {},
        leader_development.development_view: {},
        meeting_lifecycle.removable_meetings: {},
        form990_records.returns_on_file: {},
        # Scores are the CEO's and mentors' (not an admin's): read as the CEO.
        assessment_records.assessment_records: {
            "leader_id": _a_leader(engine),
            "actor": demo_actor(engine, "ceo"),
        },
        # Issue 20: the admin's sharing panel, and the supporter's read (run as the supporter).
        sharing.current_sharing: {},
        portfolio.portfolio_figures: {"today": TODAY},
        # ...and the computation behind it, in the view the refresh uses: its declared tables
        # are also the writes that refresh the figures (gfj_core.derived).
        portfolio.current_vital_figures: {"today": TODAY, "actor": portfolio.BOARD_VIEW},
    }


def _a_leader(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(EmergingLeader.id).limit(1))


def test_every_declared_read_reads_only_the_tables_it_declares(demo_db, actor_as):
    admin = actor_as("admin")
    calls = _declared_calls(demo_db, admin)
    declared = set(areas.DECLARED) | set(areas._REGISTRY)
    assert {areas.service_name(fn) for fn in calls} == declared, "a declared read is not run here"
    share(demo_db)  # so the supporter's read goes on to the snapshots
    fellow = admin.model_copy(update={"role": "portfolio", "supporter": SUPPORTER[0]})
    for service, kwargs in calls.items():
        who = fellow if service is portfolio.portfolio_figures else admin
        with session_scope(demo_db) as s, areas.recording_tables(s) as seen:
            service(s, **({"actor": who} | kwargs))
        missing = seen - areas.tables_read(service)
        assert not missing, f"{areas.service_name(service)} reads {sorted(missing)} undeclared"
