"""Community engagement: events imported or recorded, and the aggregates worked out by hand."""

from datetime import date

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.models import CommunityEvent, CommunityProgramme
from gfj_core.schemas.evaluation import EventCreate, ProgrammeCreate
from gfj_core.services import community as cm
from tests.cli import gfj
from tests.conftest import bare_actor

STAFF = bare_actor(Role.staff)
BOARD = bare_actor(Role.board)

EVENTS = (
    "date,event,kind,state,programme,participants,new_participants,returning_participants,"
    "feedback_score,feedback_forms\n"
    # previous period (Jan 2026)
    "2026-01-15,Winter training,training,NY,Kingian Nonviolence Training,10,10,,4.0,10\n"
    # current period (Feb - Mar 2026)
    "2026-02-05,Training Harlem,training,NY,Kingian Nonviolence Training,20,,15,4.5,10\n"
    "2026-02-20,Oakland meeting,meeting,CA,Justice League CA,30,10,20,3.0,30\n"
    "2026-03-10,Capitol rally,Rally or march,California,Justice League CA,100,60,40,,\n"
)


@pytest.fixture
def events_db(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        result = cm.import_events(s, filename="events.csv", content=EVENTS.encode(), actor=STAFF)
    assert result.events == 4 and result.participants == 160
    assert result.programmes_created == ["Kingian Nonviolence Training", "Justice League CA"]
    return empty_db


def test_engagement_totals_match_the_hand_worked_period(events_db):
    with session_scope(events_db) as s:
        e = cm.engagement_summary(s, start=date(2026, 2, 1), end=date(2026, 3, 31), actor=BOARD)
    t = e.totals
    # 20 + 30 + 100 participants; new 5 + 10 + 60 (the first row gave returning 15 of 20)
    assert (t.events, t.participants, t.new_participants) == (3, 150, 75)
    assert t.returning_share == 0.5
    # feedback: (4.5 x 10 + 3.0 x 30) / 40 = 135 / 40
    assert t.feedback_average == 135 / 40 and t.feedback_forms == 40
    # the 59 days before 1 Feb: 31 in January and the last 28 of December (from the 4th)
    assert (e.previous_start, e.previous_end) == (date(2025, 12, 4), date(2026, 1, 31))
    assert (e.previous.events, e.previous.participants, e.previous.returning_share) == (1, 10, 0)
    assert [(m.month, m.participants, m.returning_participants) for m in e.trend] == [
        (date(2026, 2, 1), 50, 35),
        (date(2026, 3, 1), 100, 40),
    ]
    by_state = {r.key: (r.events, r.participants) for r in e.by_state}
    assert by_state == {"CA": (2, 130), "NY": (1, 20)}
    by_kind = {r.key: r.participants for r in e.by_kind}
    assert by_kind == {"rally": 100, "meeting": 30, "training": 20}
    assert [(r.label, r.participants) for r in e.by_programme] == [
        ("Justice League CA", 130),
        ("Kingian Nonviolence Training", 20),
    ]


def test_a_state_filter_keeps_only_that_states_events(events_db):
    with session_scope(events_db) as s:
        e = cm.engagement_summary(
            s, start=date(2026, 2, 1), end=date(2026, 3, 31), state="CA", actor=BOARD
        )
    assert (e.totals.events, e.totals.participants, e.totals.feedback_average) == (2, 130, 3.0)


def test_a_bad_events_file_names_rows_and_columns_and_writes_nothing(empty_db):
    bad = (
        "date,event,kind,state,participants,new_participants\n"
        "2026-02-05,Training,training,NY,20,5\n"
        "05/02/2026,Meeting,party,NY,twenty,5\n"
        "2026-02-06,Meeting,meeting,NY,10,12\n"
    )
    with (
        session_scope(empty_db, write=True, actor=STAFF) as s,
        pytest.raises(ValidationFailed) as c,
    ):
        cm.import_events(s, filename="events.csv", content=bad.encode(), actor=STAFF)
    assert [w for w, _ in c.value.problems] == [
        "row 3, column date",
        "row 3, column kind",
        "row 3, column participants",
        "row 4",
    ]
    assert "new participants cannot exceed participants" in c.value.problems[3][1]
    with session_scope(empty_db) as s:
        assert s.scalar(select(func.count()).select_from(CommunityEvent)) == 0
        assert s.scalar(select(func.count()).select_from(CommunityProgramme)) == 0


def test_importing_the_same_events_twice_is_refused(events_db):
    with (
        session_scope(events_db, write=True, actor=STAFF) as s,
        pytest.raises(ValidationFailed) as c,
    ):
        cm.import_events(s, filename="events.csv", content=EVENTS.encode(), actor=STAFF)
    assert len(c.value.problems) == 4
    assert c.value.problems[0][0] == "row 2, column event"


def test_recording_one_event_needs_a_known_programme_and_a_new_date_and_name(events_db):
    data = EventCreate(
        name="Oakland meeting", held_on=date(2026, 2, 20), kind="meeting", state="CA",
        participants=5, new_participants=1,
    )  # fmt: skip
    with session_scope(events_db, write=True, actor=STAFF) as s:
        with pytest.raises(ValidationFailed, match="already recorded"):
            cm.record_event(s, data=data, actor=STAFF)
        unknown = data.model_copy(update={"name": "New", "programme": "Nope"})
        with pytest.raises(ValidationFailed, match="Unknown program"):
            cm.record_event(s, data=unknown, actor=STAFF)
        cm.add_programme(s, data=ProgrammeCreate(name="Nope", state="CA"), actor=STAFF)
        saved = cm.record_event(s, data=unknown, actor=STAFF)
    assert (saved.programme, saved.returning_participants) == ("Nope", 4)


def test_the_board_reads_engagement_but_may_not_record_events(events_db):
    data = EventCreate(
        name="X", held_on=date(2026, 2, 1), kind="meeting", state="NY", participants=1,
        new_participants=1,
    )  # fmt: skip
    with session_scope(events_db, write=True, actor=BOARD) as s, pytest.raises(PermissionDenied):
        cm.record_event(s, data=data, actor=BOARD)
    with session_scope(events_db) as s:
        assert len(cm.list_events(s, actor=BOARD)) == 4


def test_a_feedback_score_needs_its_number_of_forms():
    with pytest.raises(ValueError, match="number of feedback forms"):
        EventCreate(
            name="X", held_on=date(2026, 2, 1), kind="meeting", state="NY", participants=10,
            new_participants=1, feedback_score=4.0,
        )  # fmt: skip


def test_twelve_months_to_a_date_includes_the_date_and_starts_the_day_after_a_year_before():
    assert cm.twelve_months_to(date(2026, 11, 22)) == (date(2025, 11, 23), date(2026, 11, 22))
    assert cm.years_to(date(2028, 2, 29), 1) == (date(2027, 3, 1), date(2028, 2, 29))


def test_the_import_events_command_imports_a_file_and_says_how_much(empty_db, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(EVENTS, encoding="utf-8")
    result = gfj("import", "events", str(path), url=str(empty_db.url))
    assert result.returncode == 0, result.stderr
    # 10 + 20 + 30 + 100 participants; two programmes named for the first time.
    assert result.stdout == (
        "Imported 4 events (160 participants); new programs: Kingian Nonviolence Training, "
        "Justice League CA.\n"
    )
    with session_scope(empty_db) as s:
        e = cm.engagement_summary(s, start=date(2026, 1, 1), end=date(2026, 3, 31), actor=BOARD)
    assert (e.totals.events, e.totals.participants) == (4, 160)


def test_the_import_events_command_refuses_a_bad_file_in_one_line_and_writes_nothing(
    empty_db, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,event,kind,state,participants,new_participants\n"
        "2026-02-05,Training,training,NY,20,5\n"
        "2026-02-06,Meeting,meeting,NY,ten,5\n",
        encoding="utf-8",
    )
    result = gfj("import", "events", str(path), url=str(empty_db.url))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("gfj: ")
    assert "row 3, column participants" in result.stderr
    with session_scope(empty_db) as s:
        assert s.scalar(select(func.count()).select_from(CommunityEvent)) == 0
    missing = gfj("import", "events", str(tmp_path / "nope.csv"), url=str(empty_db.url))
    assert missing.returncode == 2 and "no such file" in missing.stderr
