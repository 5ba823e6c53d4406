"""The Finances page's one read, the board scorecard's figures, and the demo's story."""

from datetime import date

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.finance_measures import (
    finance_board_figures,
    finance_dashboard,
    finance_measures,
    finance_months,
)
from tests.conftest import DEMO_TODAY, bare_actor

OCT_2026 = date(2026, 10, 1)
BOARD = bare_actor(Role.board)


def test_the_demo_holds_36_months_ending_october_2026(demo_db):
    with session_scope(demo_db) as s:
        months = finance_months(s, actor=BOARD)
    assert len(months) == 36
    assert (months[-1], months[0]) == (date(2023, 11, 1), OCT_2026)


def test_the_demo_spends_the_real_annual_budget_over_the_last_twelve_months(demo_db):
    with session_scope(demo_db) as s:
        m = finance_measures(s, as_of=OCT_2026, actor=BOARD)
    assert m.total_expenses == 1_529_050.00
    assert m.months_in_window == 12


def test_the_demo_story_a_cushion_eroding_as_the_founder_held_funder_shrinks(demo_db):
    with session_scope(demo_db) as s:
        d = finance_dashboard(s, as_of=OCT_2026, actor=BOARD)
        year_before = finance_measures(s, as_of=date(2025, 10, 1), actor=BOARD)
        two_before = finance_measures(s, as_of=date(2024, 10, 1), actor=BOARD)
    now = d.measures
    # Healthy but eroding: both cushions stay at or above three months and fall year on year.
    assert 3 <= now.months_of_luna < year_before.months_of_luna < two_before.months_of_luna
    assert 3 <= now.months_of_cash < two_before.months_of_cash
    # The largest funder is held by the departing leader, and its gifts shrink each year.
    hollis = [f for f in d.funders if f.name == "Hollis Park Foundation"][0]
    assert hollis.held_by_departing_leader and hollis.founder_dependent
    assert now.top_funder == "Hollis Park Foundation"
    assert hollis.gifts == 300_000.00  # four quarterly payments of $75,000 in 2026
    assert two_before.founder_dependent_gift_share > now.founder_dependent_gift_share


def test_the_dashboard_trend_covers_36_months_and_ends_at_the_as_of_measures(demo_db):
    with session_scope(demo_db) as s:
        d = finance_dashboard(s, as_of=OCT_2026, actor=BOARD)
        m = finance_measures(s, as_of=OCT_2026, actor=BOARD)
    assert len(d.trend) == 36 and len(d.months) == 36
    assert d.trend[-1] == m and d.measures == m
    assert d.trend[0].as_of == "2023-11" and d.trend[0].months_in_window == 1
    assert [p.month.month for p in d.ytd] == list(range(1, 11))
    assert d.ytd[-1].expenses == m.ytd_expenses


def test_funders_are_listed_by_share_with_the_departing_leaders_marked(demo_db):
    with session_scope(demo_db) as s:
        d = finance_dashboard(s, as_of=OCT_2026, actor=BOARD)
    shares = [f.share for f in d.funders]
    assert shares == sorted(shares, reverse=True)
    assert sum(shares) == pytest.approx(1.0)
    held = {f.name: f.handoff_status for f in d.funders if f.held_by_departing_leader}
    assert held["Westbrook Arts & Justice Fund"] == "transferred"
    dependent = {f.name for f in d.funders if f.founder_dependent}
    assert "Westbrook Arts & Justice Fund" not in dependent
    assert dependent == {n for n, status in held.items() if status != "transferred"}


def test_programme_continuity_spreads_secured_grants_over_the_next_twelve_months(demo_db):
    """Justice League CA, next twelve months Nov 2026 - Oct 2027 (365 days), from
    data/demo/finance/programmes.yaml:
      Pacific Commons $340,000 over 1 Jun 2026 - 31 May 2028 (731 days): all 365 days fall in
      Oakland $60,000 over 1 Jul 2026 - 30 Jun 2027 (365 days): 1 Nov - 30 Jun = 242 days
      Oakland $60,000 over 1 Jul 2027 - 30 Jun 2028 (366 days): 1 Jul - 31 Oct = 123 days
    secured = 340,000 × 365/731 + 60,000 × 242/365 + 60,000 × 123/366, of a $280,000 cost."""
    with session_scope(demo_db) as s:
        d = finance_dashboard(s, as_of=OCT_2026, actor=BOARD)
    assert d.next_12_months == (date(2026, 11, 1), date(2027, 10, 31))
    ca = {p.name: p for p in d.programmes}["Justice League CA"]
    secured = 340_000 * 365 / 731 + 60_000 * 242 / 365 + 60_000 * 123 / 366
    assert ca.secured_next_12_months == pytest.approx(secured, abs=0.005)
    assert ca.secured_share == pytest.approx(secured / 280_000, abs=1e-7)
    assert (ca.lead, ca.backup) == ("Sofia Benitez", "Elena Marquez")
    advocacy = {p.name: p for p in d.programmes}["Policy and legislative advocacy"]
    assert advocacy.backup_is_departing_leader
    assert advocacy.secured_via_departing_leader > 0  # Hollis Park's 2026 allocation
    kingian = {p.name: p for p in d.programmes}["Kingian nonviolence training"]
    assert kingian.backup is None


def test_board_figures_for_the_scorecard_default_to_the_newest_month(demo_db):
    with session_scope(demo_db) as s:
        b = finance_board_figures(s, today=DEMO_TODAY, actor=BOARD)
        m = finance_measures(s, as_of=OCT_2026, actor=BOARD)
    assert b.as_of == OCT_2026
    luna = b.figures["months_of_luna"]
    assert luna.value == m.months_of_luna and luna.unit == "months"
    assert luna.light == m.lights["months_of_luna"]
    assert len(luna.trend) == 36 and luna.trend[-1] == (OCT_2026, m.months_of_luna)
    founder = b.figures["founder_dependent_gift_share"]
    assert founder.value == m.founder_dependent_gift_share and founder.light.word == "Act"
    assert "departing leader" in founder.formula


def test_board_figures_are_absent_without_accounts(empty_db):
    with session_scope(empty_db) as s:
        b = finance_board_figures(s, today=DEMO_TODAY, actor=SYSTEM)
    assert b.as_of is None and b.figures == {}


def test_board_figures_never_look_past_today(demo_db):
    with session_scope(demo_db) as s:
        b = finance_board_figures(s, today=date(2025, 6, 15), actor=BOARD)
    assert b.as_of == date(2025, 6, 1)


@pytest.mark.parametrize("role", [Role.staff, Role.mentor])
def test_the_dashboard_refuses_roles_without_finance_access(demo_db, role):
    with session_scope(demo_db) as s, pytest.raises(PermissionDenied):
        finance_dashboard(s, as_of=OCT_2026, actor=bare_actor(role))
