"""Advocacy (campaigns and bills by stage, wins over time) and sector influence, against figures
worked out by hand."""

from datetime import date

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.schemas.evaluation import CampaignCreate, InfluenceCreate
from gfj_core.services import impact as im
from tests.conftest import bare_actor

STAFF = bare_actor(Role.staff)
BOARD = bare_actor(Role.board)
AS_OF = date(2026, 11, 22)  # the last 12 months: 23 Nov 2025 to 22 Nov 2026

CAMPAIGNS = [
    # name, stage, started, decided
    ("Raise the Age NY", "won", date(2021, 3, 1), date(2022, 4, 1)),
    ("Youth Interrogation CA", "won", date(2023, 1, 10), date(2024, 9, 30)),
    ("Second Look NY", "won", date(2024, 1, 5), date(2025, 11, 22)),  # one day before the window
    ("Police Records CA", "won", date(2025, 1, 5), date(2025, 11, 23)),  # first day of the window
    ("Stop Profiling NY", "won", date(2025, 6, 1), date(2026, 6, 30)),
    ("Solitary Ban CA", "lost", date(2024, 2, 1), date(2025, 5, 1)),
    ("Youth Courts NY", "introduced", date(2026, 2, 1), None),
    ("Diversion CA", "committee", date(2026, 1, 15), None),
    ("Body Cameras NY", "committee", date(2025, 9, 1), None),
    ("Probation Reform CA", "passed_both", date(2025, 3, 1), None),
]


def campaign(name, stage, started, decided, **kw) -> CampaignCreate:
    return CampaignCreate(
        name=name, jurisdiction=name.split()[-1], issue="youth_justice", stage=stage,
        org_role="coalition", started_on=started, decided_on=decided, **kw,
    )  # fmt: skip


@pytest.fixture
def campaigns_db(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        for row in CAMPAIGNS:
            im.add_campaign(s, data=campaign(*row), actor=STAFF)
    return empty_db


def test_campaigns_are_counted_by_stage_and_wins_by_year_with_the_running_total(campaigns_db):
    with session_scope(campaigns_db) as s:
        a = im.advocacy_summary(s, as_of=AS_OF, actor=BOARD)
    assert (a.total, a.won, a.lost) == (10, 5, 1)
    # open: introduced 1 + committee 2 + passed one chamber 0 + passed both 1
    assert a.open == 4
    assert a.by_stage == {
        "introduced": 1, "committee": 2, "passed_one": 0, "passed_both": 1, "won": 5, "lost": 1,
    }  # fmt: skip
    # Wins per year from the first win to this year, years without a win shown as 0:
    # 2022 1, 2023 0, 2024 1, 2025 2 (22 and 23 Nov), 2026 1; running 1, 1, 2, 4, 5.
    assert [(y.year, y.count, y.cumulative) for y in a.wins_by_year] == [
        (2022, 1, 1),
        (2023, 0, 1),
        (2024, 1, 2),
        (2025, 2, 4),
        (2026, 1, 5),
    ]
    # In the 12 months to 22 Nov 2026: 23 Nov 2025 and 30 Jun 2026; 22 Nov 2025 is outside.
    assert a.won_last_12_months == 2
    # Open campaigns first (newest start first), then decided ones, newest decision first.
    assert [c.name for c in a.campaigns][:5] == [
        "Youth Courts NY",
        "Diversion CA",
        "Body Cameras NY",
        "Probation Reform CA",
        "Stop Profiling NY",
    ]


def test_the_wins_kpi_counts_decisions_inside_the_dates_only(campaigns_db):
    with session_scope(campaigns_db) as s:
        assert im.wins_between(s, date(2025, 11, 23), AS_OF) == 2
        assert im.wins_between(s, date(2025, 11, 22), AS_OF) == 3
        # No start: every win to the end date (the loss of May 2025 is not a win).
        assert im.wins_between(s, None, date(2025, 12, 31)) == 4


def test_wins_years_run_to_the_year_of_the_date_even_without_a_win_in_it(campaigns_db):
    with session_scope(campaigns_db) as s:
        a = im.advocacy_summary(s, as_of=date(2028, 1, 5), actor=BOARD)
    assert [(y.year, y.count, y.cumulative) for y in a.wins_by_year][-3:] == [
        (2026, 1, 5),
        (2027, 0, 5),
        (2028, 0, 5),
    ]
    assert a.won_last_12_months == 0


def test_without_a_win_there_is_no_wins_series(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        im.add_campaign(s, data=campaign(*CAMPAIGNS[6]), actor=STAFF)
        a = im.advocacy_summary(s, as_of=AS_OF, actor=BOARD)
    assert (a.total, a.open, a.won, a.wins_by_year) == (1, 1, 0, [])


def test_moving_a_campaign_along_and_closing_it_checks_its_dates_and_version(campaigns_db):
    with session_scope(campaigns_db) as s:
        loaded = next(c for c in im.list_campaigns(s, actor=STAFF) if c.name == "Diversion CA")
    with session_scope(campaigns_db, write=True, actor=STAFF) as s:
        with pytest.raises(ValidationFailed) as caught:
            im.update_campaign_stage(
                s, campaign_id=loaded.id, stage="won", expected_version=loaded.version,
                actor=STAFF,
            )  # fmt: skip
        assert caught.value.problems == [
            ("decided_on", "a signed or lost campaign needs the date it was decided")
        ]
        with pytest.raises(ValidationFailed) as caught:
            im.update_campaign_stage(
                s, campaign_id=loaded.id, stage="lost", decided_on=date(2026, 1, 1),
                expected_version=loaded.version, actor=STAFF,
            )  # fmt: skip
        assert caught.value.problems == [("decided_on", "decided before the campaign started")]
        won = im.update_campaign_stage(
            s, campaign_id=loaded.id, stage="won", decided_on=date(2026, 9, 30),
            outcome="Signed by the governor", expected_version=loaded.version, actor=STAFF,
        )  # fmt: skip
    assert (won.stage, won.decided_on, won.outcome) == (
        "won",
        date(2026, 9, 30),
        "Signed by the governor",
    )
    with session_scope(campaigns_db) as s:
        a = im.advocacy_summary(s, as_of=AS_OF, actor=BOARD)
    # Committee 2 -> 1, won 5 -> 6, 2026 wins 1 -> 2 and inside the last 12 months 2 -> 3.
    assert (a.by_stage["committee"], a.won, a.open, a.won_last_12_months) == (1, 6, 3, 3)
    assert (a.wins_by_year[-1].count, a.wins_by_year[-1].cumulative) == (2, 6)
    with (
        session_scope(campaigns_db, write=True, actor=STAFF) as s,
        pytest.raises(StaleEdit),
    ):
        im.update_campaign_stage(
            s, campaign_id=loaded.id, stage="committee", expected_version=loaded.version,
            actor=STAFF,
        )  # fmt: skip


def test_reopening_a_campaign_clears_its_decision_date(campaigns_db):
    with session_scope(campaigns_db, write=True, actor=STAFF) as s:
        lost = next(c for c in im.list_campaigns(s, actor=STAFF) if c.stage == "lost")
        reopened = im.update_campaign_stage(
            s, campaign_id=lost.id, stage="committee", decided_on=date(2025, 5, 1), actor=STAFF
        )
    assert (reopened.stage, reopened.decided_on) == ("committee", None)


def test_a_campaign_name_is_recorded_once_whatever_its_case(campaigns_db):
    with (
        session_scope(campaigns_db, write=True, actor=STAFF) as s,
        pytest.raises(ValidationFailed) as caught,
    ):
        im.add_campaign(s, data=campaign("raise the age ny", *CAMPAIGNS[0][1:]), actor=STAFF)
    assert caught.value.problems[0][0] == "name"


def test_the_board_reads_advocacy_but_may_not_change_it(campaigns_db):
    with session_scope(campaigns_db, write=True, actor=BOARD) as s:
        with pytest.raises(PermissionDenied):
            im.add_campaign(
                s, data=campaign("New", "introduced", date(2026, 1, 1), None), actor=BOARD
            )
        first = im.list_campaigns(s, actor=BOARD)[0]
        with pytest.raises(PermissionDenied):
            im.update_campaign_stage(s, campaign_id=first.id, stage="committee", actor=BOARD)
    with session_scope(campaigns_db) as s, pytest.raises(PermissionDenied):
        im.advocacy_summary(s, as_of=AS_OF, actor=bare_actor(Role.mentor))


INFLUENCE = [
    # kind, date
    ("speaking", date(2024, 5, 1)),
    ("speaking", date(2025, 3, 1)),  # the 12 months before (23 Nov 2024 - 22 Nov 2025)
    ("speaking", date(2025, 11, 22)),  # the 12 months before, last day
    ("speaking", date(2025, 11, 23)),  # last 12 months, first day
    ("speaking", date(2026, 4, 1)),
    ("speaking", date(2026, 10, 1)),
    ("publication", date(2025, 1, 15)),
    ("publication", date(2026, 2, 1)),
    ("citation", date(2026, 3, 1)),
    ("citation", date(2026, 9, 1)),
    ("adoption", date(2023, 6, 1)),
    ("adoption", date(2026, 5, 1)),
    ("speaking", date(2026, 12, 1)),  # after the date: counted nowhere
]


@pytest.fixture
def influence_db(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        for n, (kind, when) in enumerate(INFLUENCE):
            im.add_influence(
                s, data=InfluenceCreate(kind=kind, title=f"Item {n}", organisation=f"Org {n}",
                                        occurred_on=when), actor=STAFF,
            )  # fmt: skip
    return empty_db


def test_influence_is_counted_per_kind_for_all_time_and_each_12_months(influence_db):
    with session_scope(influence_db) as s:
        inf = im.influence_summary(s, as_of=AS_OF, actor=BOARD)
    kinds = {k.kind: (k.total, k.last_12_months, k.previous_12_months) for k in inf.kinds}
    assert kinds == {
        # speaking: 6 to the date; 23 Nov 25, 1 Apr 26, 1 Oct 26; 1 Mar 25 and 22 Nov 25
        "speaking": (6, 3, 2),
        "publication": (2, 1, 1),
        "citation": (2, 2, 0),
        "adoption": (2, 1, 0),
    }
    assert inf.by_year == {
        2023: {"speaking": 0, "publication": 0, "citation": 0, "adoption": 1},
        2024: {"speaking": 1, "publication": 0, "citation": 0, "adoption": 0},
        2025: {"speaking": 3, "publication": 1, "citation": 0, "adoption": 0},
        2026: {"speaking": 2, "publication": 1, "citation": 2, "adoption": 1},
    }
    # The list holds every item, newest first.
    assert len(inf.items) == 13 and inf.items[0].occurred_on == date(2026, 12, 1)


def test_the_influence_kpis_count_kinds_between_dates(influence_db):
    with session_scope(influence_db) as s:
        assert im.influence_count(s, ("speaking",), date(2025, 11, 23), AS_OF) == 3
        assert im.influence_count(s, ("publication", "citation"), date(2025, 11, 23), AS_OF) == 3
        assert im.influence_count(s, ("adoption",), None, AS_OF) == 2
        assert im.influence_count(s, ("adoption",), None, date(2026, 4, 30)) == 1


def test_the_influence_list_can_show_one_kind_and_refuses_an_unknown_one(influence_db):
    with session_scope(influence_db) as s:
        only = im.influence_summary(s, as_of=AS_OF, kind="citation", actor=BOARD)
        assert [i.occurred_on for i in only.items] == [date(2026, 9, 1), date(2026, 3, 1)]
        # The counts stay those of every kind.
        assert sum(k.total for k in only.kinds) == 12
        with pytest.raises(ValidationFailed, match="not a kind"):
            im.influence_summary(s, as_of=AS_OF, kind="tweet", actor=BOARD)
    with session_scope(influence_db, write=True, actor=BOARD) as s, pytest.raises(PermissionDenied):
        im.add_influence(
            s, data=InfluenceCreate(kind="speaking", title="X", organisation="Y",
                                    occurred_on=AS_OF), actor=BOARD,
        )  # fmt: skip
