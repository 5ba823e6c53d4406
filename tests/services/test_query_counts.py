"""No query per row: each page's main read services make a number of SQL statements that does
not grow with the data.

Every service below runs on the demo organisation and on a synthetic organisation ten times its
size (bench.synth at 10x: 70 leaders instead of 7, 10,000 sessions instead of 298, 100 board
meetings instead of 10, 5,000 gifts instead of 99, 1,500 community events instead of 149). The
statements are counted with SQLAlchemy's before_cursor_execute event. Two checks each:
  - at both sizes the count stays under a fixed bound (BOUND, the same at every size);
  - the 10x count is at most the demo's count plus GROWTH_SLACK (a query per leader, meeting or
    event would add tens: 63 more leaders, 90 more meetings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select

from bench import synth
from gfj_core.db import get_engine, session_scope, upgrade_database
from gfj_core.models import BoardMeeting, UserAccount
from gfj_core.services.attention import needs_your_attention
from gfj_core.services.audit_trail import AuditFilters, audit_entries, audit_filter_choices
from gfj_core.services.auth import actor_for
from gfj_core.services.board_meetings import (
    meeting_detail,
    meetings_book,
    open_action_items,
    people_choices,
)
from gfj_core.services.calendar_feed import feed_events
from gfj_core.services.checklist import checklist_view, standard_items
from gfj_core.services.community import engagement_summary, list_events, list_programmes
from gfj_core.services.continuity import (
    emergency_plan,
    founder_role,
    knowledge_register,
    relationship_ledger,
)
from gfj_core.services.digest import since_last_meeting
from gfj_core.services.due_items import due_this_week
from gfj_core.services.finance_imports import recent_imports
from gfj_core.services.finance_measures import finance_dashboard, finance_months
from gfj_core.services.impact import advocacy_summary, influence_summary
from gfj_core.services.leader_assessments import assessment_sheet, competency_framework
from gfj_core.services.leader_kpis import leaders_overview
from gfj_core.services.leader_pipeline import leader_options
from gfj_core.services.leader_profile import leader_profile
from gfj_core.services.legacy import legacy_register, list_stories, values_alignment
from gfj_core.services.mentoring import session_form_context
from gfj_core.services.overview import board_scorecard
from gfj_core.services.programmes import programmes_admin
from gfj_core.services.surveys import (
    evaluation_context,
    list_surveys,
    survey_results,
    text_answers,
    theme_counts,
)
from gfj_core.services.targets import targets_board
from gfj_core.services.timeline import people_options, timeline_view
from tests.conftest import copy_sqlite, sqlite_url

TODAY = date(2026, 11, 22)
LAST_MONTH = date(2026, 10, 1)  # the newest month of accounts in the demo and in bench.synth
SYNTH_SCALE = 10
GROWTH_SLACK = 3
# Statements that are not the service's reads (connection set-up and transaction control).
NOT_A_QUERY = ("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass(frozen=True)
class Case:
    page: str
    role: str
    call: Callable  # (session, actor, ids) -> result; ids: a visible leader, a held meeting
    bound: int


def _first_leader(s, actor) -> int | None:
    options = (
        leader_options(s, actor=actor) if actor.role in ("admin", "board", "ceo", "mentor") else []
    )
    return options[0].leader_id if options else None


def _last_held_meeting(s) -> int:
    return s.scalar(select(func.max(BoardMeeting.id)).where(BoardMeeting.status == "held"))


CASES: dict[str, Case] = {
    # Board overview and presenter mode.
    # Issue 22: the drill-downs name what is behind each figure (funders, functions,
    # relationships, authority transfers, leaders): a fixed dozen more statements, not per row.
    "board_scorecard": Case(
        "overview", "board", lambda s, a, ids: board_scorecard(s, today=TODAY, actor=a), 65
    ),
    "board_scorecard_private": Case(
        "presenter",
        "board",
        lambda s, a, ids: board_scorecard(s, today=TODAY, actor=a, privacy=True),
        65,
    ),
    "needs_your_attention": Case(
        "overview", "board", lambda s, a, ids: needs_your_attention(s, today=TODAY, actor=a), 75
    ),
    # The digest builds the scorecard it compares with (bound 65) and adds about a dozen reads.
    "since_last_meeting": Case(
        "overview", "board", lambda s, a, ids: since_last_meeting(s, today=TODAY, actor=a), 80
    ),
    "open_action_items": Case(
        "overview", "board", lambda s, a, ids: open_action_items(s, as_of=TODAY, actor=a), 5
    ),
    # Board meetings.
    "meetings_book": Case(
        "meetings", "board", lambda s, a, ids: meetings_book(s, today=TODAY, actor=a), 10
    ),
    "people_choices": Case("meetings", "board", lambda s, a, ids: people_choices(s, actor=a), 5),
    "meeting_detail": Case(
        "meetings",
        "board",
        lambda s, a, ids: meeting_detail(s, ids["meeting"], today=TODAY, actor=a),
        15,
    ),
    # Transition.
    "timeline_view": Case(
        "timeline", "board", lambda s, a, ids: timeline_view(s, today=TODAY, actor=a), 15
    ),
    "people_options": Case("timeline", "ceo", lambda s, a, ids: people_options(s, actor=a), 5),
    "checklist_view": Case(
        "checklist", "board", lambda s, a, ids: checklist_view(s, today=TODAY, actor=a), 15
    ),
    "standard_items": Case("checklist", "ceo", lambda s, a, ids: standard_items(s, actor=a), 5),
    "emergency_plan": Case(
        "continuity", "board", lambda s, a, ids: emergency_plan(s, today=TODAY, actor=a), 15
    ),
    "knowledge_register": Case(
        "continuity", "board", lambda s, a, ids: knowledge_register(s, actor=a), 15
    ),
    "relationship_ledger": Case(
        "continuity", "board", lambda s, a, ids: relationship_ledger(s, actor=a), 15
    ),
    "founder_role": Case("continuity", "board", lambda s, a, ids: founder_role(s, actor=a), 10),
    # Leadership.
    "leaders_overview": Case(
        "leaders", "board", lambda s, a, ids: leaders_overview(s, today=TODAY, actor=a), 20
    ),
    "leaders_overview_mentor": Case(
        "leaders", "mentor", lambda s, a, ids: leaders_overview(s, today=TODAY, actor=a), 20
    ),
    "leader_profile": Case(
        "leader_profile",
        "board",
        lambda s, a, ids: leader_profile(s, ids["leader"], today=TODAY, actor=a),
        30,
    ),
    "session_form_context": Case(
        "log_session", "mentor", lambda s, a, ids: session_form_context(s, today=TODAY, actor=a), 15
    ),
    "assessment_sheet": Case(
        "assessments",
        "mentor",
        lambda s, a, ids: assessment_sheet(s, ids["leader"], actor=a),
        15,
    ),
    "competency_framework": Case(
        "assessments", "ceo", lambda s, a, ids: competency_framework(s, actor=a), 5
    ),
    # Trust.
    "audit_filter_choices": Case(
        "audit", "admin", lambda s, a, ids: audit_filter_choices(s, actor=a), 5
    ),
    "audit_entries": Case(
        "audit", "admin", lambda s, a, ids: audit_entries(s, filters=AuditFilters(), actor=a), 10
    ),
    # Finances.
    "finance_months": Case("finances", "board", lambda s, a, ids: finance_months(s, actor=a), 3),
    "finance_dashboard": Case(
        "finances", "board", lambda s, a, ids: finance_dashboard(s, as_of=LAST_MONTH, actor=a), 30
    ),
    "programmes_admin": Case(
        "programmes", "treasurer", lambda s, a, ids: programmes_admin(s, as_of=TODAY, actor=a), 25
    ),
    "recent_imports": Case(
        "import_data", "treasurer", lambda s, a, ids: recent_imports(s, actor=a), 3
    ),
    # Evaluation.
    "evaluation_context": Case(
        "surveys", "board", lambda s, a, ids: evaluation_context(s, actor=a), 5
    ),
    "list_surveys": Case("surveys", "board", lambda s, a, ids: list_surveys(s, actor=a), 10),
    "survey_results": Case(
        "surveys",
        "board",
        lambda s, a, ids: survey_results(s, survey_key="values_alignment", actor=a),
        15,
    ),
    "theme_counts": Case(
        "surveys",
        "board",
        lambda s, a, ids: theme_counts(s, survey_key="future_leadership_qualities", actor=a),
        5,
    ),
    "text_answers": Case(
        "surveys",
        "board",
        lambda s, a, ids: text_answers(
            s, survey_key="future_leadership_qualities", question_key="carry_forward", actor=a
        ),
        10,
    ),
    "engagement_summary": Case(
        "community",
        "board",
        lambda s, a, ids: engagement_summary(s, start=date(2025, 12, 1), end=TODAY, actor=a),
        15,
    ),
    "list_events": Case(
        "community",
        "board",
        lambda s, a, ids: list_events(s, start=date(2025, 12, 1), end=TODAY, limit=500, actor=a),
        5,
    ),
    "list_programmes": Case("community", "board", lambda s, a, ids: list_programmes(s, actor=a), 3),
    "values_alignment": Case("legacy", "board", lambda s, a, ids: values_alignment(s, actor=a), 15),
    "legacy_register": Case("legacy", "board", lambda s, a, ids: legacy_register(s, actor=a), 5),
    "list_stories": Case("legacy", "board", lambda s, a, ids: list_stories(s, actor=a), 10),
    "advocacy_summary": Case(
        "impact", "board", lambda s, a, ids: advocacy_summary(s, as_of=TODAY, actor=a), 15
    ),
    "influence_summary": Case(
        "impact", "board", lambda s, a, ids: influence_summary(s, as_of=TODAY, actor=a), 15
    ),
    "targets_board": Case(
        "targets", "board", lambda s, a, ids: targets_board(s, as_of=TODAY, actor=a), 60
    ),
    # Reminders and calendars: "Due this week" on the home pages, and a calendar feed.
    "due_this_week": Case(
        "overview", "board", lambda s, a, ids: due_this_week(s, today=TODAY, actor=a), 10
    ),
    "due_this_week_mentor": Case(
        "leaders", "mentor", lambda s, a, ids: due_this_week(s, today=TODAY, actor=a), 12
    ),
    "feed_events": Case(
        "account", "board", lambda s, a, ids: feed_events(s, today=TODAY, actor=a), 12
    ),
}


def _counted(engine: Engine, case: Case) -> int:
    with session_scope(engine) as s:
        user = s.scalar(select(UserAccount).where(UserAccount.username == case.role))
        actor = actor_for(user)
        ids = {"leader": _first_leader(s, actor), "meeting": _last_held_meeting(s)}
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(NOT_A_QUERY):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with session_scope(engine) as s:
            case.call(s, actor, ids)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


@pytest.fixture(scope="module")
def demo_engine(demo_template, tmp_path_factory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("qc-demo") / "demo.db"
    copy_sqlite(demo_template, path)
    engine = get_engine(sqlite_url(path))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def synth_engine(tmp_path_factory) -> Iterator[Engine]:
    path: Path = tmp_path_factory.mktemp("qc-synth") / f"synth-{SYNTH_SCALE}x.db"
    url = sqlite_url(path)
    upgrade_database(url)
    engine = get_engine(url)
    synth.build(engine, SYNTH_SCALE)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def counts(demo_engine, synth_engine) -> dict[str, tuple[int, int]]:
    out = {}
    for name, case in CASES.items():
        out[name] = (_counted(demo_engine, case), _counted(synth_engine, case))
    return out


def test_the_synthetic_organisation_is_ten_times_the_demo_where_it_matters(synth_engine):
    # The growth check below means something only if the 10x data has many more rows to loop
    # over: bench.synth makes 7 leaders and 10 meetings per demo unit.
    with session_scope(synth_engine) as s:
        leaders = s.scalar(select(func.count()).select_from(synth.EmergingLeader))
        meetings = s.scalar(select(func.count()).select_from(BoardMeeting))
    assert leaders == 7 * SYNTH_SCALE
    assert meetings == 10 * SYNTH_SCALE


@pytest.mark.parametrize("name", list(CASES))
def test_a_page_read_makes_a_fixed_number_of_queries_whatever_the_size(name, counts):
    demo, big = counts[name]
    bound = CASES[name].bound
    assert demo >= 1, f"{name}: no statement counted on the demo; the listener is not attached"
    assert demo <= bound, f"{name}: {demo} statements on the demo (bound {bound})"
    assert big <= bound, f"{name}: {big} statements at {SYNTH_SCALE}x (bound {bound})"
    assert big <= demo + GROWTH_SLACK, (
        f"{name}: {demo} statements on the demo but {big} at {SYNTH_SCALE}x: a query per row?"
    )


def test_the_counter_sees_a_query_per_row(synth_engine):
    # The counter itself must be able to fail: a deliberate N+1 (one select per meeting) is
    # counted as 1 + one per meeting, 100 meetings at 10x.
    def n_plus_one(s, actor, ids):
        for mid in s.scalars(select(BoardMeeting.id)).all():
            s.scalar(select(BoardMeeting.title).where(BoardMeeting.id == mid))

    n = _counted(synth_engine, Case("none", "board", n_plus_one, 0))
    assert n == 1 + 10 * SYNTH_SCALE
