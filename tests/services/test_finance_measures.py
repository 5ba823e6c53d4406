"""The measures through the database and the command line, on a small organisation whose
figures are worked out by hand below (the same example as tests/unit/test_finance_metrics.py,
plus 25 cents of other revenue in December to prove money is kept to the cent).

Window as of 2026-03: Dec, Jan, Feb, Mar (4 months).
    revenue 45,000.25; expenses 40,000; surplus 5,000.25; E = (40,000 − 800) ÷ 4 = 9,800
    months of cash = 29,500 ÷ 9,800; LUNA 25,000 → 25,000 ÷ 9,800
Funders: A (held by Ada, not started), B (Ben), C (held by Ada, transferred to Ben),
D (held by Ada, introduced to Ben). Gifts in the window: A 12,000 + 8,000, B 10,000, C 6,000,
D 4,000 = 40,000; a gift to A on 30 Nov 2025 and one on 1 Apr 2026 fall outside it.
    top funder A, 0.5; HHI 0.345; founder-dependent = (A + D) ÷ 40,000 = 0.6 (C is transferred)
Runway lapsing A: (45,000.25 − 20,000) ÷ 4 − 9,800 = −3,549.9375 → 29,500 ÷ 3,549.9375
Runway lapsing the founder-dependent (A, D): (45,000.25 − 24,000) ÷ 4 − 9,800 = −4,549.9375
"""

import json
import re
from datetime import date

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.finance_imports import run_import
from gfj_core.services.finance_measures import finance_measures, finance_months
from gfj_core.services.finance_scenarios import runway_scenario
from gfj_core.services.org_settings import set_org_setting
from tests import factories as f
from tests.cli import gfj
from tests.conftest import bare_actor

HEADER = (
    "month,contributions_unrestricted,contributions_restricted,program_revenue,other_revenue,"
    "expense_program,expense_management,expense_fundraising,depreciation,cash,investments,"
    "receivables,fixed_assets_net,fixed_asset_debt,current_liabilities,total_liabilities,"
    "net_assets_without_restrictions,board_designated,net_assets_with_restrictions,"
    "budget_revenue,budget_expense"
)
ACCOUNTS = "\n".join(
    [
        HEADER,
        "2025-03,9000,0,0,0,9000,1000,500,100,1,1,1,1,1,1,1,1,1,1,,",
        "2025-12,10000,2000,1000,0.25,8000,1500,500,200,1,1,1,1,1,1,1,1,1,1,,",
        "2026-01,6000,0,1000,(500),7000,2000,1000,200,1,1,1,1,1,1,1,1,1,1,10000,9500",
        "2026-02,8000,4000,2000,500,8500,1000,500,200,1,1,1,1,1,1,1,1,1,1,10000,9500",
        '2026-03,"$9,000.00",1000,1000,0,7500,1500,1000,200,"24,500",5000,4900,12000,2000,'
        "8000,10000,40000,5000,6000,10000,9500",
    ]
)
FUNDERS = """name,type,relationship_owner,successor_owner,handoff_status
A,foundation,Ada Leader,Ben Successor,not_started
B,corporate,Ben Successor,,not_started
C,foundation,Ada Leader,Ben Successor,transferred
D,individual,Ada Leader,Ben Successor,introduced
"""
GIFTS = """reference,date,funder,amount,restricted
g0,2025-11-30,A,99999,no
g1,2025-12-01,A,12000,no
g2,2026-03-31,A,8000,no
g3,2026-01-15,B,10000,yes
g4,2026-02-10,C,6000,no
g5,2026-02-11,D,4000,no
g6,2026-04-01,A,55555,no
"""
MARCH = date(2026, 3, 1)


@pytest.fixture
def books(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        f.person(s, "Ada Leader")
        f.person(s, "Ben Successor")
        set_org_setting(s, "departing_leader", "Ada Leader", actor=SYSTEM)
        for kind, text in (("funders", FUNDERS), ("financials", ACCOUNTS), ("gifts", GIFTS)):
            # The hand-worked months are tiny and jumpy (cash $1 to $24,500): confirmed as meant.
            run_import(
                s, kind=kind, filename=f"{kind}.csv", content=text.encode(), actor=SYSTEM,
                confirm_unusual=kind == "financials",
            )  # fmt: skip
    return empty_db


def test_measures_match_the_hand_worked_example(books):
    with session_scope(books) as s:
        m = finance_measures(s, as_of=MARCH, actor=bare_actor(Role.board))
    assert (m.as_of, m.window_start, m.months_in_window) == ("2026-03", "2025-12", 4)
    assert m.total_revenue == 45_000.25
    assert m.total_expenses == 40_000.00
    assert m.surplus == 5_000.25
    assert m.average_monthly_cash_expenses == 9_800.00
    assert m.months_of_cash == pytest.approx(29_500 / 9_800, rel=1e-12)
    assert m.luna == 25_000.00
    assert m.months_of_luna == pytest.approx(25_000 / 9_800, rel=1e-12)
    assert m.defensive_interval_months == pytest.approx(34_400 / 9_800, rel=1e-12)
    assert m.current_ratio == pytest.approx(4.3, rel=1e-12)
    assert m.operating_reliance == pytest.approx(0.125, rel=1e-12)
    assert m.program_expense_ratio == pytest.approx(0.775, rel=1e-12)
    assert m.admin_ratio == pytest.approx(0.15, rel=1e-12)
    assert m.fundraising_efficiency == pytest.approx(0.075, rel=1e-12)
    assert m.budget_variance_revenue_ytd == pytest.approx(2_000 / 30_000, rel=1e-12)
    assert m.budget_variance_expense_ytd == pytest.approx(1_500 / 28_500, rel=1e-12)
    assert m.gifts_total == 40_000.00
    assert m.top_funder == "A"
    assert m.top_funder_share == pytest.approx(0.5, rel=1e-12)
    assert m.funder_hhi == pytest.approx(0.345, rel=1e-12)
    assert m.founder_dependent_gift_share == pytest.approx(0.6, rel=1e-12)


def test_lights_carry_words_from_the_default_thresholds(books):
    with session_scope(books) as s:
        m = finance_measures(s, as_of=MARCH, actor=SYSTEM)
    words = {k: v.word for k, v in m.lights.items()}
    assert words == {
        "months_of_cash": "Healthy",  # 3.01 ≥ 3
        "months_of_luna": "Watch",  # 2.55 < 3
        "program_expense_ratio": "Healthy",  # 0.775 ≥ 0.75
        "admin_ratio": "Healthy",  # 0.15 is not above 0.15
        "fundraising_efficiency": "Healthy",  # 0.075
        "top_funder_share": "Act",  # 0.5 ≥ 0.5
        "founder_dependent_gift_share": "Act",  # 0.6 ≥ 0.30
        "budget_variance_expense_ytd": "Watch",  # +5.3% beyond +5%
    }


def test_a_threshold_changed_in_the_settings_changes_the_light(books):
    with session_scope(books, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "thresholds.months_of_cash.amber", "4", actor=SYSTEM)
        set_org_setting(s, "thresholds.months_of_cash.red", "3.5", actor=SYSTEM)
    with session_scope(books) as s:
        m = finance_measures(s, as_of=MARCH, actor=SYSTEM)
    assert m.lights["months_of_cash"].word == "Act"


def test_without_a_departing_leader_founder_dependence_is_not_judged(books):
    with session_scope(books, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "departing_leader", "null", actor=SYSTEM)
    with session_scope(books) as s:
        m = finance_measures(s, as_of=MARCH, actor=SYSTEM)
    assert m.founder_dependent_gift_share is None
    assert m.lights["founder_dependent_gift_share"].word == "No data"


def test_a_month_not_on_file_is_refused_with_the_months_that_are(books):
    with (
        session_scope(books) as s,
        pytest.raises(
            ValidationFailed, match="No monthly accounts for 2026-04.*2025-03 to 2026-03"
        ),
    ):
        finance_measures(s, as_of=date(2026, 4, 1), actor=SYSTEM)


def test_months_are_listed_newest_first(books):
    with session_scope(books) as s:
        months = finance_months(s, actor=SYSTEM)
    assert months[0] == MARCH and months[-1] == date(2025, 3, 1) and len(months) == 5


def test_runway_when_the_largest_funder_lapses(books):
    with session_scope(books) as s:
        r = runway_scenario(s, as_of=MARCH, lapse=["a"], actor=SYSTEM)
    assert r.lapsed_funders == ["A"]
    assert r.lapsed_gifts == 20_000.00
    assert r.lapsed_share == 0.5  # of the window's gifts: A 20,000 + B 10,000 + C 6,000 + D 4,000
    assert r.monthly_net == -3_549.94  # −3,549.9375 to the cent
    assert r.runway_months == pytest.approx(29_500 / 3_549.9375, rel=1e-12)
    assert r.baseline_runway_months is None  # +1,450.0625 a month: sustainable
    assert r.curve[0].scenario == 29_500.00
    assert r.curve[2].scenario == 22_400.13  # 29,500 − 2 × 3,549.9375 = 22,400.125


def test_runway_when_every_founder_dependent_funder_lapses(books):
    with session_scope(books) as s:
        r = runway_scenario(s, as_of=MARCH, lapse_founder_dependent=True, actor=SYSTEM)
    assert r.lapsed_funders == ["A", "D"]  # C was transferred
    assert r.lapsed_gifts == 24_000.00
    assert r.lapsed_share == 0.6  # 24,000 of the window's 40,000
    assert r.runway_months == pytest.approx(29_500 / 4_549.9375, rel=1e-12)


def test_runway_when_several_named_funders_lapse_together(books):
    # B 10,000 + C 6,000 = 16,000: (45,000.25 − 16,000) ÷ 4 − 9,800 = −2,549.9375 a month.
    with session_scope(books) as s:
        r = runway_scenario(s, as_of=MARCH, lapse=["B", "C"], actor=SYSTEM)
    assert r.lapsed_funders == ["B", "C"]
    assert r.lapsed_gifts == 16_000.00
    assert r.monthly_net == -2_549.94
    assert r.runway_months == pytest.approx(29_500 / 2_549.9375, rel=1e-12)


def test_a_named_funder_that_is_also_founder_dependent_is_counted_once(books):
    # A named and A, D as founder-dependent: A + D = 24,000, not 44,000.
    with session_scope(books) as s:
        r = runway_scenario(s, as_of=MARCH, lapse=["A"], lapse_founder_dependent=True,
                            actor=SYSTEM)  # fmt: skip
    assert r.lapsed_funders == ["A", "D"]
    assert r.lapsed_gifts == 24_000.00
    assert r.runway_months == pytest.approx(29_500 / 4_549.9375, rel=1e-12)


def test_an_unknown_funder_cannot_lapse(books):
    with session_scope(books) as s, pytest.raises(ValidationFailed, match="no funder named 'Z'"):
        runway_scenario(s, as_of=MARCH, lapse=["Z"], actor=SYSTEM)


@pytest.mark.parametrize("role", [Role.staff, Role.mentor])
def test_roles_without_finance_access_are_refused(books, role):
    with session_scope(books) as s, pytest.raises(PermissionDenied):
        finance_measures(s, as_of=MARCH, actor=bare_actor(role))


def test_gfj_metrics_json_prints_the_measures_money_to_the_cent(books):
    result = gfj("metrics", "--as-of", "2026-03", "--json", url=str(books.url))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_revenue"] == 45000.25
    assert data["surplus"] == 5000.25
    assert data["months_in_window"] == 4
    assert data["months_of_cash"] == pytest.approx(29_500 / 9_800, rel=1e-12)
    assert data["founder_dependent_gift_share"] == pytest.approx(0.6, rel=1e-12)
    assert data["top_funder"] == "A"
    for key in ("luna", "months_of_luna", "operating_reliance", "defensive_interval_months",
                "current_ratio", "program_expense_ratio", "admin_ratio", "fundraising_efficiency",
                "budget_variance_revenue_ytd", "budget_variance_expense_ytd", "top_funder_share",
                "funder_hhi", "total_expenses"):  # fmt: skip
        assert key in data


def test_gfj_scenario_json_gives_the_runway(books):
    result = gfj(
        "scenario", "--as-of", "2026-03", "--lapse", "A", "--lapse-founder-dependent", "--json",
        url=str(books.url),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lapsed_funders"] == ["A", "D"]
    assert data["runway_months"] == pytest.approx(29_500 / 4_549.9375, rel=1e-12)


def test_gfj_scenario_says_null_when_the_lapse_leaves_a_surplus(books):
    # Lapsing D: (45,000.25 − 4,000) ÷ 4 − 9,800 = +450.06 a month: sustainable.
    result = gfj("scenario", "--as-of", "2026-03", "--lapse", "D", "--json", url=str(books.url))
    data = json.loads(result.stdout)
    assert data["runway_months"] is None and data["monthly_net"] == 450.06
    # Lapsing C: (45,000.25 − 6,000) ÷ 4 − 9,800 = −49.9375 a month.
    result = gfj("scenario", "--as-of", "2026-03", "--lapse", "C", "--json", url=str(books.url))
    assert json.loads(result.stdout)["runway_months"] == pytest.approx(29_500 / 49.9375)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("metrics", "--as-of", "2026-04", "--json"), "No monthly accounts for 2026-04"),
        (("metrics", "--as-of", "March", "--json"), "is not a month"),
        (("scenario", "--as-of", "2026-03", "--lapse", "Nobody"), "no funder named"),
        (("scenario", "--as-of", "2026-03"), "name a funder"),
    ],
)
def test_gfj_metrics_and_scenario_user_errors_exit_2_with_one_line(books, args, message):
    result = gfj(*args, url=str(books.url))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gfj: ") and message in lines[0]


def test_gfj_config_set_reaches_a_finance_threshold(books):
    result = gfj("config", "set", "thresholds.months_of_cash.red", "1.5", url=str(books.url))
    assert result.returncode == 0, result.stderr
    with session_scope(books) as s:
        from gfj_core.services.org_settings import load_org_settings

        assert load_org_settings(s).thresholds["months_of_cash"].red == 1.5


def test_gfj_metrics_names_every_measure_as_the_catalogue_does(books):
    from gfj_core.measures import FINANCE

    result = gfj("metrics", "--as-of", "2026-03", url=str(books.url))
    assert result.returncode == 0, result.stderr
    names = [re.split(r"\s{2,}", line.strip())[0] for line in result.stdout.splitlines()[1:]]
    assert set(names) <= {m.name for m in FINANCE.values()}
    assert len(names) == 18
    months = next(line for line in result.stdout.splitlines() if "Months of cash" in line)
    assert f"{29_500 / 9_800:.2f} months" in months


def test_the_board_figures_take_name_and_formula_from_the_catalogue(demo_db):
    from gfj_core.measures import BOARD_FINANCE_KEYS, FINANCE
    from gfj_core.services.finance_measures import finance_board_figures

    with session_scope(demo_db) as s:
        figures = finance_board_figures(s, actor=bare_actor(Role.board)).figures
    assert list(figures) == list(BOARD_FINANCE_KEYS)
    for key, fig in figures.items():
        assert (fig.label, fig.unit, fig.formula) == (
            FINANCE[key].name,
            FINANCE[key].unit,
            FINANCE[key].formula,
        )


# --- the treasurer's view (issue 22 item 10) ----------------------------------------------------
#
# Statement of activities at 2026-03, fiscal year from January (Jan, Feb, Mar on file):
#   March: gifts 9,000 + 1,000, program 1,000, other 0 = 11,000 (budget 10,000);
#          expenses 7,500 + 1,500 + 1,000 = 10,000 (budget 9,500); change 1,000 (budget 500).
#   Year to date: unrestricted 6,000 + 8,000 + 9,000 = 23,000; restricted 0 + 4,000 + 1,000 =
#          5,000; program 1,000 + 2,000 + 1,000 = 4,000; other −500 + 500 + 0 = 0; total 32,000
#          against 30,000 (+2,000, +6.7%); expenses program 23,000, management 4,500, fundraising
#          2,500 = 30,000 against 28,500 (+1,500, +5.26%); change 2,000 against 1,500.
# Balance sheet at 2026-03: cash 24,500, investments 5,000, receivables 4,900, fixed 12,000;
#   liabilities 10,000 (current 8,000, long-term 2,000); net assets 40,000 + 6,000 = 46,000;
#   total assets = 10,000 + 46,000 = 56,000, so other assets 56,000 − 46,400 = 9,600.
#   Beside it, Dec 2025 (the end of the last fiscal year): every balance $1.


def test_the_statement_of_activities_matches_the_hand_worked_figures(books):
    from gfj_core.services.finance_statements import financial_statements

    with session_scope(books) as s:
        st = financial_statements(s, as_of=MARCH, actor=bare_actor(Role.treasurer))
    lines = {r.key: r for r in st.activities}
    assert [r.key for r in st.activities] == [
        "contributions_unrestricted", "contributions_restricted", "program_revenue",
        "other_revenue", "total_revenue", "expense_program", "expense_management",
        "expense_fundraising", "total_expenses", "change_in_net_assets",
    ]  # fmt: skip
    assert (st.ytd_start, st.ytd_months) == (date(2026, 1, 1), 3)
    assert [(lines[k].month, lines[k].ytd) for k in REVENUE_KEYS] == [
        (9_000, 23_000), (1_000, 5_000), (1_000, 4_000), (0, 0), (11_000, 32_000)
    ]  # fmt: skip
    rev = lines["total_revenue"]
    assert (rev.month_budget, rev.ytd_budget, rev.ytd_variance) == (10_000, 30_000, 2_000)
    assert rev.ytd_variance_share == pytest.approx(2_000 / 30_000)
    exp = lines["total_expenses"]
    assert (exp.month, exp.ytd, exp.month_budget, exp.ytd_budget) == (10_000, 30_000, 9_500, 28_500)
    assert exp.ytd_variance == 1_500 and exp.ytd_variance_share == pytest.approx(1_500 / 28_500)
    assert exp.light.word == "Watch"  # 5.3% over budget
    assert [(lines[k].month, lines[k].ytd) for k in EXPENSE_KEYS] == [
        (7_500, 23_000), (1_500, 4_500), (1_000, 2_500)
    ]  # fmt: skip
    net = lines["change_in_net_assets"]
    assert (net.month, net.ytd, net.month_budget, net.ytd_budget) == (1_000, 2_000, 500, 1_500)


REVENUE_KEYS = (
    "contributions_unrestricted", "contributions_restricted", "program_revenue", "other_revenue",
    "total_revenue",
)  # fmt: skip
EXPENSE_KEYS = ("expense_program", "expense_management", "expense_fundraising")


def test_the_balance_sheet_summary_matches_the_hand_worked_figures(books):
    from gfj_core.services.finance_statements import financial_statements

    with session_scope(books) as s:
        st = financial_statements(s, as_of=MARCH, actor=bare_actor(Role.board))
    b = {r.key: r for r in st.balance_sheet}
    assert st.year_start == date(2025, 12, 1)
    assert {k: b[k].now for k in b} == {
        "cash": 24_500, "investments": 5_000, "receivables": 4_900, "fixed_assets_net": 12_000,
        "other_assets": 9_600, "total_assets": 56_000, "current_liabilities": 8_000,
        "long_term_liabilities": 2_000, "total_liabilities": 10_000,
        "net_assets_without_restrictions": 40_000, "board_designated": 5_000,
        "net_assets_with_restrictions": 6_000, "total_net_assets": 46_000,
        "total_liabilities_and_net_assets": 56_000,
    }  # fmt: skip
    assert (b["cash"].year_start, b["cash"].change) == (1, 24_499)
    assert b["board_designated"].memo and b["total_assets"].total


def test_a_2_6_percent_overspend_is_not_green(empty_db):
    from gfj_core.measures import measure
    from gfj_core.schemas.settings import OrgSettings

    band = OrgSettings().thresholds["budget_variance_expense_ytd"]
    spending = measure("budget_variance_expense_ytd")
    assert spending.light(0.026, band).word == "Watch"  # was Healthy: under the 5% amber line
    assert spending.light(0.0, band).word == "Healthy"  # on budget
    assert spending.light(-0.2, band).word == "Healthy"  # under budget is not judged
    assert spending.light(0.12, band).word == "Act"
    assert "Healthy at 0% or less; Watch above it; Act above 10%" in spending.help_text(band)
    # Through the service: 102,600 spent against 100,000 budgeted in January.
    head = HEADER
    line = "2026-01,100000,0,0,0,80000,12600,10000,0,500000,0,0,0,0,0,0,500000,0,0,100000,100000"
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        run_import(s, kind="financials", filename="a.csv", content=f"{head}\n{line}\n".encode(),
                   actor=SYSTEM)  # fmt: skip
    with session_scope(empty_db) as s:
        m = finance_measures(s, as_of=date(2026, 1, 1), actor=bare_actor(Role.treasurer))
    assert m.budget_variance_expense_ytd == pytest.approx(0.026)
    assert m.lights["budget_variance_expense_ytd"].word == "Watch"


def test_runway_and_months_of_cash_say_what_they_assume(books):
    # E = 9,800 a month; revenue 45,000.25 ÷ 4 = 11,250.06 a month: the baseline is sustainable.
    # Lapsing A: 20,000 ÷ 4 = 5,000 a month less; 6,250.06 against 9,800: falls by 3,549.94.
    with session_scope(books) as s:
        sc = runway_scenario(s, as_of=MARCH, lapse=("A",), actor=bare_actor(Role.board))
    assert sc.months_of_cash_assumes == (
        "Months of cash (3.0 months) assumes no money comes in at all from today: $29,500 of "
        "cash and investments spent at $9,800 a month (the last 4 months' average of cash "
        "expenses, depreciation left out)."
    )
    assert sc.baseline_assumes == (
        "Runway if nothing changes assumes revenue goes on at $11,250 a month and spending at "
        "$9,800 a month (the last 4 months' averages): what comes in covers what goes out, so "
        "the cushion does not run down (Sustainable)."
    )
    assert sc.scenario_assumes == (
        "Runway if they lapse assumes A stops giving from today and never return: $5,000 a "
        "month less, so revenue of "
        "$6,250 a month against spending of $9,800 a month: the cushion falls by $3,550 a "
        "month and lasts 8.3 months."
    )


def test_every_finance_figure_carries_its_unit_and_jargon_is_named_in_words():
    from gfj_core.measures import FINANCE, measure

    assert measure("defensive_interval_months").text(5.2) == "5.2 months"
    assert measure("months_of_cash").text(4.9) == "4.9 months"
    assert measure("current_ratio").text(2.34) == "2.3 to 1"
    assert measure("fundraising_efficiency").text(0.214) == "$0.21"  # per $1: in the name
    assert measure("funder_hhi").text(0.1234) == "0.12 of 1"
    assert measure("surplus").text(1_440_000) == "$1,440,000"  # one money format: in full
    assert measure("top_funder_share").text(0.2374) == "24%"
    assert measure("operating_reliance").text(0.2374) == "24%"  # one share format
    assert measure("budget_variance_expense_ytd").text(0.026) == "+2.6%"
    assert "Herfindahl" in measure("funder_hhi").name
    assert "liquid unrestricted net assets" in measure("months_of_luna").name
    for m in FINANCE.values():
        assert "programme" not in f"{m.name} {m.formula} {m.help} {m.assumes}".lower(), m.key
