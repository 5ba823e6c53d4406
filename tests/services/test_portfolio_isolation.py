"""The portfolio role sees nothing beyond aggregates (issue 20 Tests): with a marker in every
restricted field of the demo organisation (tests/markers.py) and a board meeting recorded after
them, what the supporter reads holds no marker, no person's name and no free text; and the
portfolio role is refused every other read of the organisation."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from gfj_core import tenancy
from gfj_core.access import PERMISSIONS, Role, can
from gfj_core.db import session_scope
from gfj_core.demo import load_demo
from gfj_core.errors import PermissionDenied
from gfj_core.models import Person
from gfj_core.schemas.auth import Actor
from gfj_core.schemas.board import MeetingCreate
from gfj_core.schemas.people import PeopleFilter
from gfj_core.schemas.portfolio import ShareGrant
from gfj_core.services.board_meetings import record_meeting
from gfj_core.services.overview import board_overview, board_scorecard
from gfj_core.services.people import list_people
from gfj_core.services.portfolio import PORTFOLIO_VERSION, portfolio_figures
from gfj_core.services.sharing import DEFAULT_FIGURES, grant_sharing
from gfj_core.tenancy.models import COUNTED_TABLES
from tests.conftest import DEMO_TODAY, demo_actor
from tests.markers import ALLOWED
from tests.portfolio import SUPPORTER, import_bad_month, revoke, share

assert SUPPORTER[0] == "fellowship"  # FELLOW's, which share() shares with

FELLOW = Actor(
    user_id=1, username="fellow", role=Role.portfolio, person_id=None,
    display_name="Fellowship staff", supporter="fellowship",
)  # fmt: skip


@pytest.fixture
def shared(marked):
    board, admin = demo_actor(marked, "board"), demo_actor(marked, "admin")
    with session_scope(marked) as s:
        people = list(s.scalars(select(Person.full_name)))
    with session_scope(marked, write=True, actor=board) as s:
        record_meeting(
            s,
            MeetingCreate(held_on=DEMO_TODAY, title="Board meeting with markers",
                          attended_person_ids=[board.person_id]),
            actor=board, today=DEMO_TODAY,
        )  # fmt: skip
    with session_scope(marked, write=True, actor=admin) as s:
        grant_sharing(
            s, ShareGrant(supporter_key="fellowship", supporter_name="The Fellowship",
                          figures=list(DEFAULT_FIGURES)), actor=admin,
        )  # fmt: skip
    return marked, people


def test_what_the_supporter_reads_holds_no_marker_no_name_and_no_free_text(shared):
    engine, people = shared
    with session_scope(engine) as s:
        got = portfolio_figures(s, actor=FELLOW, today=DEMO_TODAY)
    # As they stand on the day the share (the last write) refreshed them.
    assert got.as_of == date.today() and len(got.figures) == len(DEFAULT_FIGURES)
    dumped = got.model_dump_json()
    assert [m for m in ALLOWED if m.lower() in dumped.lower()] == []
    assert [p for p in people if p in dumped] == []
    # Every figure is a number and its short text: nothing longer than a figure could hold.
    assert all(len(f.value_text) <= 12 for f in got.figures)
    # The figures read are the ones the board's own privacy-mode scorecard shows that day.
    with session_scope(engine) as s:
        card = board_scorecard(s, today=got.as_of, actor=demo_actor(engine, "board"), privacy=True)
    tiles = {t.key: t.value_text for t in card.tiles}
    for f in got.figures:
        if f.key in tiles:
            assert f.value_text == tiles[f.key], f.key


@pytest.mark.parametrize(
    "read",
    [
        lambda s: board_overview(s, today=DEMO_TODAY, actor=FELLOW),
        lambda s: board_scorecard(s, today=DEMO_TODAY, actor=FELLOW, privacy=True),
        lambda s: list_people(s, filters=PeopleFilter(), actor=FELLOW),
    ],
    ids=["overview", "scorecard", "people"],
)
def test_the_portfolio_role_is_refused_the_organisations_own_reads(shared, read):
    engine, _ = shared
    with pytest.raises(PermissionDenied), session_scope(engine) as s:
        read(s)


def test_the_portfolio_role_holds_no_permission_but_its_own():
    assert [p for p in PERMISSIONS if can(Role.portfolio, p)] == ["portfolio.read"]


def test_a_figure_not_shared_is_not_read_even_if_recorded(shared):
    engine, _ = shared
    admin = demo_actor(engine, "admin")
    with session_scope(engine, write=True, actor=admin) as s:
        from gfj_core.services.sharing import current_sharing

        share = current_sharing(s, actor=admin).current[0]
        grant_sharing(
            s, ShareGrant(supporter_key="fellowship", supporter_name="The Fellowship",
                          figures=["readiness_index"]),
            actor=admin, expected_version=share.version,
        )  # fmt: skip
    with session_scope(engine) as s:
        got = portfolio_figures(s, actor=FELLOW, today=date(2026, 11, 23))
    assert [f.key for f in got.figures] == ["readiness_index"]


def test_the_supporter_reads_each_organisation_in_its_own_file_or_schema(marked):
    """Two organisations (a second SQLite file, or a second PostgreSQL schema read through the
    same connection as the first): a bad month in one is red in that one only, no marker of the
    other's restricted data reaches the supporter, and a revoke there takes only that one off."""
    other = tenancy.add_organisation("Riverside Tenants Union")
    other_engine = tenancy.engine_for(other)
    load_demo(other_engine)
    share(marked)
    share(other_engine)
    import_bad_month(other_engine)

    def portfolio() -> dict:
        orgs = tenancy.list_organisations()
        read = tenancy.read_each(
            orgs, lambda s: portfolio_figures(s, actor=FELLOW, today=date.today())
        )
        return dict(zip([o.slug for o in orgs], read, strict=True))

    def cash(figures) -> str:
        return {f.key: f for f in figures.figures}["months_of_cash"].light.level

    got = portfolio()
    assert (cash(got[other.slug]), cash(got["default"]) != "red") == ("red", True)
    dumped = "".join(f.model_dump_json() for f in got.values())
    assert [m for m in ALLOWED if m.lower() in dumped.lower()] == []
    # What the supporter's cached read is keyed on (one query for every schema on PostgreSQL):
    # the revoke moves the other organisation's version only.
    orgs = tenancy.list_organisations()

    def versions() -> dict:
        # Both ways of keying: the declared SQL in every schema, and (PostgreSQL) the registry's
        # counter that the counted tables' triggers bump (migration 0027).
        declared = tenancy.versions_each(orgs, PORTFOLIO_VERSION)
        counted = tenancy.versions_each(orgs, PORTFOLIO_VERSION, COUNTED_TABLES)
        return dict(zip([o.slug for o in orgs], zip(declared, counted, strict=True), strict=True))

    before = versions()
    revoke(other_engine)
    after = versions()
    assert after["default"] == before["default"]
    assert [a != b for a, b in zip(after[other.slug], before[other.slug], strict=True)] == [
        True,
        True,
    ]
    got = portfolio()
    assert got[other.slug] is None and got["default"] is not None


def test_the_portfolio_key_moves_with_any_write_of_what_it_reads_even_outside_the_app(
    shared, db_backend
):
    """On PostgreSQL the key is the registry's counter, bumped by each counted table's trigger in
    the writing transaction: a write by plain SQL moves it as surely as the app's refresh, and a
    write elsewhere in the organisation's data does not. (SQLite reads the declared SQL in each
    file, which every refresh moves: its refreshed_at.)"""
    marked, _ = shared
    touch = "value_text = value_text"
    if db_backend != "postgres":
        touch = "refreshed_at = '2999-01-01 00:00:00'"
    other = tenancy.add_organisation("Riverside Tenants Union")
    load_demo(tenancy.engine_for(other))
    orgs = tenancy.list_organisations()

    def key() -> list:
        return tenancy.versions_each(orgs, PORTFOLIO_VERSION, COUNTED_TABLES)

    before = key()
    with marked.begin() as conn:
        conn.exec_driver_sql(f"UPDATE vital_figure SET {touch}")
    moved = key()
    with marked.begin() as conn:
        conn.exec_driver_sql("UPDATE person SET full_name = full_name")
    assert (moved[0] != before[0], moved[1] == before[1], key() == moved) == (True, True, True)
