"""Every financial measure against a small example worked out by hand (issue 4's contract).

The example, in dollars (the code works in cents, so every figure below is ×100):

    month    contrib_u contrib_r program other | exp_prog exp_mgmt exp_fund deprec | budget rev/exp
    2025-03     9,000        0       0      0  |   9,000    1,000      500    100 |   — / —     (outside window)
    2025-12    10,000    2,000   1,000      0  |   8,000    1,500      500    200 |   — / —
    2026-01     6,000        0   1,000   −500  |   7,000    2,000    1,000    200 | 10,000 / 9,500
    2026-02     8,000    4,000   2,000    500  |   8,500    1,000      500    200 | 10,000 / 9,500
    2026-03     9,000    1,000   1,000      0  |   7,500    1,500    1,000    200 | 10,000 / 9,500

As of 2026-03 the window runs from 2025-04: Dec, Jan, Feb, Mar are present, so months_in_window
= 4 (March 2025 is twelve months back and falls outside).
    revenue   = 13,000 + 6,500 + 14,500 + 11,000 = 45,000
    expenses  = 10,000 × 4 = 40,000;  surplus = 5,000;  depreciation = 800
    E         = (40,000 − 800) ÷ 4 = 9,800
Balances at the end of March 2026: cash 24,500, investments 5,000, receivables 4,900, fixed
assets net 12,000, fixed-asset debt 2,000, current liabilities 8,000, net assets without
restrictions 40,000, board-designated 5,000.
    months of cash      = 29,500 ÷ 9,800 = 3.010204…
    LUNA                = 40,000 − 5,000 − (12,000 − 2,000) = 25,000;  months = 25,000 ÷ 9,800
    defensive interval  = (29,500 + 4,900) ÷ 9,800 = 34,400 ÷ 9,800
    current ratio       = 34,400 ÷ 8,000 = 4.3
    operating reliance  = (1,000 + 1,000 + 2,000 + 1,000) ÷ 40,000 = 0.125
    program ratio       = (8,000 + 7,000 + 8,500 + 7,500) ÷ 40,000 = 31,000 ÷ 40,000 = 0.775
    admin ratio         = (1,500 + 2,000 + 1,000 + 1,500) ÷ 40,000 = 0.15
    fundraising eff.    = (500 + 1,000 + 500 + 1,000) ÷ (12,000 + 6,000 + 12,000 + 10,000) = 0.075
Year to date (fiscal year from January): Jan-Mar.
    revenue 32,000 vs budget 30,000 → +2,000 ÷ 30,000;  expenses 30,000 vs 28,500 → 1,500 ÷ 28,500
Gifts in the window (1 Dec 2025 to 31 Mar 2026): A 20,000, B 10,000, C 6,000, D 4,000 = 40,000.
    shares .5 .25 .15 .1;  top = A at 0.5;  HHI = .25 + .0625 + .0225 + .01 = 0.345
    founder-dependent (A and D) = 24,000 ÷ 40,000 = 0.6
Runway, lapsing A: (45,000 − 20,000) ÷ 4 − 9,800 = −3,550 a month → 29,500 ÷ 3,550 months.
With no lapse: 45,000 ÷ 4 − 9,800 = +1,450 a month → sustainable (None).
"""

from datetime import date

import pytest

from gfj_core.metrics.finance import (
    MonthFigures,
    MonthNotInData,
    add_months,
    amount_in_period,
    budget_variance,
    compute_measures,
    concentration,
    fiscal_year_start,
    gift_window,
    measures_trend,
    next_twelve_months,
    projected_cash,
    runway,
    window,
)
from gfj_core.metrics.lights import Level, light_for
from gfj_core.schemas.settings import OrgSettings

D = 100  # cents per dollar


def month(y, m, cu, cr, pr, other, ep, em, ef, dep, budget=(None, None), **balances):
    return MonthFigures(
        month=date(y, m, 1),
        contributions_unrestricted=cu * D,
        contributions_restricted=cr * D,
        program_revenue=pr * D,
        other_revenue=other * D,
        expense_program=ep * D,
        expense_management=em * D,
        expense_fundraising=ef * D,
        depreciation=dep * D,
        budget_revenue=None if budget[0] is None else budget[0] * D,
        budget_expense=None if budget[1] is None else budget[1] * D,
        **{k: v * D for k, v in balances.items()},
    )


MONTHS = [
    month(2025, 3, 9_000, 0, 0, 0, 9_000, 1_000, 500, 100),
    month(2025, 12, 10_000, 2_000, 1_000, 0, 8_000, 1_500, 500, 200),
    month(2026, 1, 6_000, 0, 1_000, -500, 7_000, 2_000, 1_000, 200, (10_000, 9_500)),
    month(2026, 2, 8_000, 4_000, 2_000, 500, 8_500, 1_000, 500, 200, (10_000, 9_500)),
    month(
        2026, 3, 9_000, 1_000, 1_000, 0, 7_500, 1_500, 1_000, 200, (10_000, 9_500),
        cash=24_500, investments=5_000, receivables=4_900, fixed_assets_net=12_000,
        fixed_asset_debt=2_000, current_liabilities=8_000, total_liabilities=10_000,
        net_assets_without_restrictions=40_000, board_designated=5_000,
        net_assets_with_restrictions=6_000,
    ),
]  # fmt: skip
AS_OF = date(2026, 3, 1)
GIFTS = {"A": 20_000 * D, "B": 10_000 * D, "C": 6_000 * D, "D": 4_000 * D}
FOUNDER_DEPENDENT = {"A", "D"}


@pytest.fixture
def m():
    return compute_measures(
        MONTHS, AS_OF, gifts_by_funder=GIFTS, founder_dependent=FOUNDER_DEPENDENT
    )


def test_the_window_is_the_months_present_in_the_last_twelve(m):
    assert [x.month for x in window(MONTHS, AS_OF)] == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    assert m.months_in_window == 4
    assert m.window_start == date(2025, 12, 1)


def test_revenue_expenses_surplus_and_average_cash_expenses(m):
    assert m.total_revenue == 45_000 * D
    assert m.total_expenses == 40_000 * D
    assert m.surplus == 5_000 * D
    assert m.depreciation == 800 * D
    assert m.average_monthly_cash_expenses == 9_800 * D


def test_months_of_cash_luna_defensive_interval_and_current_ratio(m):
    assert m.cash_and_investments == 29_500 * D
    assert m.months_of_cash == pytest.approx(29_500 / 9_800, rel=1e-12)
    assert m.luna == 25_000 * D
    assert m.months_of_luna == pytest.approx(25_000 / 9_800, rel=1e-12)
    assert m.defensive_interval_months == pytest.approx(34_400 / 9_800, rel=1e-12)
    assert m.current_ratio == pytest.approx(4.3, rel=1e-12)


def test_spending_ratios_and_fundraising_efficiency(m):
    assert m.operating_reliance == pytest.approx(0.125, rel=1e-12)
    assert m.program_expense_ratio == pytest.approx(0.775, rel=1e-12)
    assert m.admin_ratio == pytest.approx(0.15, rel=1e-12)
    assert m.fundraising_efficiency == pytest.approx(0.075, rel=1e-12)


def test_budget_variance_year_to_date(m):
    assert m.ytd_months == 3 and m.ytd_start == date(2026, 1, 1)
    assert m.ytd_revenue == 32_000 * D and m.ytd_budget_revenue == 30_000 * D
    assert m.budget_variance_revenue_ytd == pytest.approx(2_000 / 30_000, rel=1e-12)
    assert m.budget_variance_expense_ytd == pytest.approx(1_500 / 28_500, rel=1e-12)


def test_funder_concentration_and_founder_dependence(m):
    assert m.gifts_total == 40_000 * D
    assert m.top_funder == "A"
    assert m.top_funder_share == pytest.approx(0.5, rel=1e-12)
    assert m.funder_hhi == pytest.approx(0.345, rel=1e-12)
    assert m.founder_dependent_gift_share == pytest.approx(0.6, rel=1e-12)
    assert m.founder_dependent_gifts == 24_000 * D


def test_gift_window_runs_from_the_first_window_month_to_the_end_of_as_of():
    assert gift_window(MONTHS, AS_OF) == (date(2025, 12, 1), date(2026, 3, 31))


def test_runway_when_the_largest_funder_lapses_and_when_nothing_lapses(m):
    lapsed = runway(m.total_revenue, GIFTS["A"], 4, m.average_monthly_cash_expenses, 29_500 * D)
    assert lapsed.monthly_net == pytest.approx(-3_550 * D, rel=1e-12)
    assert lapsed.runway_months == pytest.approx(29_500 / 3_550, rel=1e-12)
    baseline = runway(m.total_revenue, 0, 4, m.average_monthly_cash_expenses, 29_500 * D)
    assert baseline.monthly_net == pytest.approx(1_450 * D, rel=1e-12)
    assert baseline.runway_months is None


def test_runway_is_sustainable_when_the_monthly_net_is_exactly_zero():
    # 12,000 revenue over 4 months = 3,000 a month, against 3,000 of cash expenses.
    assert runway(12_000, 0, 4, 3_000, 10_000).runway_months is None


def test_projected_cash_falls_by_the_monthly_net():
    assert projected_cash(29_500, -3_550, 3) == [29_500, 25_950, 22_400, 18_850]


def test_a_month_not_in_the_data_is_refused():
    with pytest.raises(MonthNotInData):
        compute_measures(MONTHS, date(2026, 4, 1), gifts_by_funder={})


def test_zero_divisors_and_missing_budgets_give_none():
    quiet = [month(2026, 1, 0, 0, 0, 0, 0, 0, 0, 0, (None, 5_000), cash=100)]
    q = compute_measures(quiet, date(2026, 1, 1), gifts_by_funder={})
    assert q.average_monthly_cash_expenses == 0
    assert q.months_of_cash is None and q.months_of_luna is None
    assert q.program_expense_ratio is None and q.current_ratio is None
    assert q.fundraising_efficiency is None
    assert q.budget_variance_revenue_ytd is None  # the month has no revenue budget
    assert q.budget_variance_expense_ytd == pytest.approx(-1.0)  # spent 0 of 5,000
    assert q.top_funder is None and q.funder_hhi is None
    assert q.founder_dependent_gift_share is None


def test_one_month_without_a_budget_blanks_the_year_to_date_variance():
    assert budget_variance([100, 100], [90, None]) is None
    assert budget_variance([100, 110], [100, 100]) == pytest.approx(0.05)


def test_a_tie_for_largest_funder_goes_to_the_first_name_alphabetically():
    c = concentration({"Zeta": 500, "Alpha": 500, "Mid": 0}, founder_dependent=())
    assert c.top_funder == "Alpha" and c.top_funder_share == 0.5
    assert c.funder_hhi == pytest.approx(0.5)  # a funder with nothing given has no share


def test_fiscal_year_start_in_july():
    assert fiscal_year_start(date(2026, 3, 1), 7) == date(2025, 7, 1)
    assert fiscal_year_start(date(2026, 7, 1), 7) == date(2026, 7, 1)
    # With a July year the year to date as of March 2026 is Dec, Jan, Feb, Mar here.
    r = compute_measures(MONTHS, AS_OF, gifts_by_funder=GIFTS, fiscal_year_start_month=7)
    assert r.ytd_months == 4
    assert r.budget_variance_revenue_ytd is None  # December has no budget


def test_trend_sums_monthly_gift_buckets_over_each_window():
    buckets = {
        date(2025, 12, 1): {"A": 10_000},
        date(2026, 1, 1): {"B": 5_000},
        date(2026, 3, 1): {"A": 10_000, "B": 5_000},
    }
    jan, mar = measures_trend(
        MONTHS,
        [date(2026, 1, 1), AS_OF],
        gifts_by_month=buckets,
        founder_dependent={"A"},
    )
    # January's window: Dec + Jan gifts = A 10,000, B 5,000.
    assert jan.gifts_total == 15_000 and jan.top_funder_share == pytest.approx(10_000 / 15_000)
    # March's window: all buckets = A 20,000, B 10,000.
    assert mar.gifts_total == 30_000
    assert mar.founder_dependent_gift_share == pytest.approx(20_000 / 30_000)


def test_month_arithmetic_crosses_years():
    assert add_months(date(2026, 3, 1), -11) == date(2025, 4, 1)
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert next_twelve_months(date(2026, 10, 1)) == (date(2026, 11, 1), date(2027, 10, 31))


def test_a_grant_is_spread_evenly_over_its_days():
    # $120,000 from 1 Jul 2026 to 30 Jun 2027 (365 days); Nov 2026 - Oct 2027 overlaps it from
    # 1 Nov 2026 to 30 Jun 2027: 30+31+31+28+31+30+31+30 = 242 days.
    part = amount_in_period(
        120_000, date(2026, 7, 1), date(2027, 6, 30), date(2026, 11, 1), date(2027, 10, 31)
    )
    assert part == pytest.approx(120_000 * 242 / 365)
    assert amount_in_period(100, date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1),
                            date(2026, 12, 31)) == 0  # fmt: skip


@pytest.mark.parametrize(
    ("key", "value", "word"),
    [
        ("months_of_cash", 0.99, "Act"),
        ("months_of_cash", 1.0, "Watch"),
        ("months_of_cash", 3.0, "Healthy"),
        ("months_of_luna", 0.99, "Act"),  # red below one month
        ("months_of_luna", 1.0, "Watch"),
        ("months_of_luna", 29_500 / 9_800, "Healthy"),  # the example's 3.01
        ("months_of_luna", 25_000 / 9_800, "Watch"),  # the example's 2.55
        ("program_expense_ratio", 0.64, "Act"),
        ("program_expense_ratio", 0.70, "Watch"),
        ("program_expense_ratio", 0.775, "Healthy"),
        ("admin_ratio", 0.15, "Healthy"),  # amber only above 0.15
        ("admin_ratio", 0.20, "Watch"),
        ("admin_ratio", 0.26, "Act"),
        ("fundraising_efficiency", 0.20, "Healthy"),
        ("fundraising_efficiency", 0.30, "Watch"),
        ("fundraising_efficiency", 0.36, "Act"),
        ("top_funder_share", 0.25, "Watch"),  # at or above 0.25
        ("top_funder_share", 0.5, "Act"),  # at or above 0.5
        ("top_funder_share", 0.24, "Healthy"),
        ("founder_dependent_gift_share", 0.10, "Watch"),
        ("founder_dependent_gift_share", 0.30, "Act"),
        ("founder_dependent_gift_share", 0.09, "Healthy"),
        ("budget_variance_expense_ytd", 1_500 / 28_500, "Watch"),  # the example's +5.3%
        ("budget_variance_expense_ytd", 0.05, "Healthy"),  # only beyond +5%
        ("budget_variance_expense_ytd", 0.11, "Act"),
        ("budget_variance_expense_ytd", -0.30, "Healthy"),  # underspending is not judged
    ],
)
def test_default_thresholds_give_the_issues_lights(key, value, word):
    band = OrgSettings().thresholds[key]
    assert light_for(value, band).word == word
    assert light_for(value, band).level != Level.none


def test_the_concentration_index_does_not_depend_on_the_order_rows_arrived_in():
    from itertools import permutations

    from gfj_core.metrics.finance import concentration

    # Seven funders whose plain float sum of squared shares gives 3 different answers
    # depending on order (checked when this test was written).
    gifts = {
        "A": 3_992_384,
        "B": 9_942_865,
        "C": 9_130_652,
        "D": 2_188_132,
        "E": 6_206_818,
        "F": 7_953_299,
        "G": 9_745_081,
    }
    results = {
        concentration(dict(order), founder_dependent=()).funder_hhi
        for order in permutations(gifts.items())
    }
    assert len(results) == 1
