"""Real IRS e-file returns (tests/fixtures/form990/real/, public records kept byte for byte, with
their source in that folder's README) read to the figures their XML reports. Every expected
value below was read off the XML by hand; the comment names the element it comes from. The
derived figures (ratio, surplus, months of cash) were worked by hand from those."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.imports.form990 import parse_return
from gfj_core.services.financial_history import financial_history, history_rows, import_form990
from tests.cli import gfj as run_gfj
from tests.conftest import bare_actor

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "form990" / "real"
ROOT = Path(__file__).resolve().parents[2]
TREASURER = bare_actor(Role.treasurer, user_id=3)
BOARD = bare_actor(Role.board)

# Greater Richmond Technology Council, Form 990 for 2008, schema 2008v2.7 (old element names).
GRTC_2008 = {
    "tax_year": 2008,  # ReturnHeader/TaxYear
    "period_end": "2008-12-31",  # ReturnHeader/TaxPeriodEndDate
    "form": "990",  # ReturnHeader/ReturnType
    "ein": "54-1599550",  # Filer/EIN
    "name": "Greater Richmond Technology Council",  # Filer/Name/BusinessNameLine1
    "total_revenue": 500_924,  # TotalRevenueCurrentYear (= TotalRevenue/TotalRevenueColumn)
    "contributions": 169_215,  # ContributionsGrantsCurrentYear
    "program_service_revenue": 302_590,  # ProgramServiceRevenueCY
    "total_expenses": 479_766,  # TotalExpensesCurrentYear (= TotalFunctionalExpenses/Total)
    # Part IX columns B-D are blank (a 501(c)(6) need not fill them): unknown, never 0.
    "program_expenses": None,  # no TotalFunctionalExpenses/ProgramServices
    "management_expenses": None,  # no TotalFunctionalExpenses/ManagementAndGeneral
    "fundraising_expenses": None,  # no TotalFunctionalExpenses/Fundraising
    "total_assets_eoy": 71_546,  # TotalAssetsEOY
    "total_liabilities_eoy": 26_961,  # TotalLiabilitiesEOY
    "net_assets_eoy": 44_585,  # NetAssetsOrFundBalancesEOY
    "cash_and_savings_eoy": 24_826,  # CashNonInterestBearing/EOY (no savings line)
    "program_expense_ratio": None,
    "surplus": 21_158,  # 500,924 - 479,766 (= RevenuesLessExpensesCY)
    "months_of_cash_eoy": 0.62,  # 24,826 / 479,766 x 12 = 0.621
}

# Corona del Mar Water Polo Foundation, Form 990 for 2013 (Sept 2013 - Aug 2014), schema 2013v4.0:
# the new element names, but the filer's name still in BusinessNameLine1 without the Txt suffix.
CDM_2013 = {
    "tax_year": 2013,  # ReturnHeader/TaxYr
    "period_end": "2014-08-31",  # ReturnHeader/TaxPeriodEndDt
    "form": "990",  # ReturnHeader/ReturnTypeCd
    "ein": "30-0004725",  # Filer/EIN
    "name": "CORONA DEL MAR WATER POLO FOUNDATION",  # Filer/BusinessName/BusinessNameLine1
    "total_revenue": 64_283,  # CYTotalRevenueAmt
    "contributions": 64_283,  # CYContributionsGrantsAmt
    "program_service_revenue": 0,  # CYProgramServiceRevenueAmt
    "total_expenses": 81_291,  # CYTotalExpensesAmt
    "program_expenses": 81_291,  # TotalFunctionalExpensesGrp/ProgramServicesAmt
    "management_expenses": 0,  # TotalFunctionalExpensesGrp/ManagementAndGeneralAmt
    "fundraising_expenses": 0,  # TotalFunctionalExpensesGrp/FundraisingAmt
    "total_assets_eoy": 30_776,  # TotalAssetsEOYAmt
    "total_liabilities_eoy": 0,  # TotalLiabilitiesEOYAmt
    "net_assets_eoy": 30_776,  # NetAssetsOrFundBalancesEOYAmt
    "cash_and_savings_eoy": 30_776,  # SavingsAndTempCashInvstGrp/EOYAmt (no cash line)
    "program_expense_ratio": 1.0,  # 81,291 / 81,291
    "surplus": -17_008,  # 64,283 - 81,291 (= CYRevenuesLessExpensesAmt)
    "months_of_cash_eoy": 4.54,  # 30,776 / 81,291 x 12 = 4.543
}

# Encore Cast Performing Arts, Form 990 for 2017, schema 2017v2.3, the amended box ticked.
ENCORE_2017 = {
    "tax_year": 2017,  # ReturnHeader/TaxYr
    "period_end": "2017-12-31",  # ReturnHeader/TaxPeriodEndDt
    "form": "990",  # ReturnHeader/ReturnTypeCd
    "ein": "27-0909836",  # Filer/EIN
    "name": "ENCORE CAST PERFORMING ARTS INC",  # Filer/BusinessName/BusinessNameLine1Txt
    "total_revenue": 258_374,  # CYTotalRevenueAmt
    "contributions": 43_209,  # CYContributionsGrantsAmt
    "program_service_revenue": 211_453,  # CYProgramServiceRevenueAmt
    "total_expenses": 208_533,  # CYTotalExpensesAmt
    "program_expenses": 203_978,  # TotalFunctionalExpensesGrp/ProgramServicesAmt
    "management_expenses": 4_555,  # TotalFunctionalExpensesGrp/ManagementAndGeneralAmt
    "fundraising_expenses": 0,  # TotalFunctionalExpensesGrp/FundraisingAmt
    "total_assets_eoy": 65_609,  # TotalAssetsEOYAmt
    "total_liabilities_eoy": 16_943,  # TotalLiabilitiesEOYAmt
    "net_assets_eoy": 48_666,  # NetAssetsOrFundBalancesEOYAmt
    "cash_and_savings_eoy": 65_459,  # CashNonInterestBearingGrp/EOYAmt (no savings line)
    "program_expense_ratio": 0.9782,  # 203,978 / 208,533 = 0.97816
    "surplus": 49_841,  # 258,374 - 208,533 (= CYRevenuesLessExpensesAmt)
    "months_of_cash_eoy": 3.77,  # 65,459 / 208,533 x 12 = 3.767
}

# Transformational Opportunities Inc, Form 990-EZ for 2014, schema 2014v5.0.
TOI_2014_EZ = {
    "tax_year": 2014,  # ReturnHeader/TaxYr
    "period_end": "2014-12-31",  # ReturnHeader/TaxPeriodEndDt
    "form": "990-EZ",  # ReturnHeader/ReturnTypeCd 990EZ
    "ein": "45-3658221",  # Filer/EIN
    "name": "Transformational Opportunities Inc",  # Filer/BusinessName/BusinessNameLine1Txt
    "total_revenue": 11_382,  # TotalRevenueAmt (line 9)
    "contributions": 10_734,  # ContributionsGiftsGrantsEtcAmt (line 1)
    "program_service_revenue": 648,  # ProgramServiceRevenueAmt (line 2)
    "total_expenses": 16_328,  # TotalExpensesAmt (line 17)
    # Part III line 32 as the filer gave it; the 12,505 of grants were left out of it (line 28a
    # shows expenses 1,087 beside grants 12,505), so the ratio is low. Read as reported.
    "program_expenses": 2_139,  # TotalProgramServiceExpensesAmt
    "management_expenses": None,  # not on the 990-EZ
    "fundraising_expenses": None,  # not on the 990-EZ
    "total_assets_eoy": 13_057,  # Form990TotalAssetsGrp/EOYAmt (line 25)
    "total_liabilities_eoy": 2_832,  # SumOfTotalLiabilitiesGrp/EOYAmt (line 26)
    "net_assets_eoy": 10_225,  # NetAssetsOrFundBalancesGrp/EOYAmt (line 27)
    "cash_and_savings_eoy": 9_549,  # CashSavingsAndInvestmentsGrp/EOYAmt (line 22)
    "program_expense_ratio": 0.131,  # 2,139 / 16,328 = 0.13100
    "surplus": -4_946,  # 11,382 - 16,328 (= ExcessOrDeficitForYearAmt)
    "months_of_cash_eoy": 7.02,  # 9,549 / 16,328 x 12 = 7.018
}

RETURNS = {
    "200931393493000150_public.xml": GRTC_2008,
    "201500429349300330_public.xml": CDM_2013,
    "201900099349300620_public.xml": ENCORE_2017,
    "201500089349200000_public.xml": TOI_2014_EZ,
}
PRIVATE_FOUNDATION = "201401439349100200_public.xml"  # Millman-Harris-Romano Foundation, 990-PF


def real(name: str) -> tuple[str, bytes]:
    return name, (REAL / name).read_bytes()


@pytest.mark.parametrize("name", sorted(RETURNS))
def test_a_real_return_imports_and_the_history_shows_its_figures(empty_db, name):
    with session_scope(empty_db, write=True, actor=TREASURER) as s:
        import_form990(s, files=[real(name)], people=False, actor=TREASURER)
    with session_scope(empty_db) as s:
        rows = history_rows(financial_history(s, actor=BOARD))
    assert rows == [RETURNS[name]]


def test_the_amended_box_of_a_real_return_marks_it_amended():
    assert parse_return(*real("201900099349300620_public.xml")).amended  # IRS990/AmendedReturnInd X
    for name in ("200931393493000150_public.xml", "201500429349300330_public.xml"):
        assert not parse_return(*real(name)).amended


def test_the_schema_version_of_each_real_return_is_kept():
    versions = {name: parse_return(*real(name)).schema_version for name in RETURNS}
    assert versions == {
        "200931393493000150_public.xml": "2008v2.7",  # Return/@returnVersion
        "201500429349300330_public.xml": "2013v4.0",
        "201900099349300620_public.xml": "2017v2.3",
        "201500089349200000_public.xml": "2014v5.0",
    }


def test_the_people_of_real_returns_are_read_with_their_pay():
    old = parse_return(*real("200931393493000150_public.xml")).officers
    assert len(old) == 47  # Form990PartVIISectionA groups
    farmer = next(o for o in old if o.name == "Chip Farmer")
    # NamePerson, Title, ReportableCompFromOrganization 100833, both boxes ticked
    assert (farmer.title, farmer.reportable_comp) == ("Executive Director", 10_083_300)
    assert farmer.is_director and farmer.is_officer
    new = parse_return(*real("201500429349300330_public.xml")).officers
    assert [(o.name, o.title) for o in new] == [  # Form990PartVIISectionAGrp PersonNm / TitleTxt
        ("MARTIN KLEIN", "VICE PRESIDENT"),
        ("STEVE RODOSKY", "TREASURER"),
        ("KRISTI POLOS", "SECRETARY"),
    ]
    ez = parse_return(*real("201500089349200000_public.xml")).officers
    # OfficerDirectorTrusteeEmplGrp PersonNm / TitleTxt / CompensationAmt 0
    assert [(o.name, o.title, o.reportable_comp) for o in ez] == [
        ("Brian Beyst", "Executive Director", 0)
    ]


def test_a_real_990pf_is_refused_naming_the_form():
    with pytest.raises(ValidationFailed, match="990-PF"):
        parse_return(*real(PRIVATE_FOUNDATION))


def test_real_returns_of_different_organizations_are_refused_together(empty_db):
    every = [real(n) for n in sorted(RETURNS)]
    with (
        pytest.raises(ValidationFailed) as exc,
        session_scope(empty_db, write=True, actor=TREASURER) as s,
    ):
        import_form990(s, files=every, people=False, actor=TREASURER)
    assert any("more than one organization" in p for _, p in exc.value.problems)


def _gfj(*args: str, env_url: str) -> subprocess.CompletedProcess:
    return run_gfj(*args, url=env_url, cwd=ROOT)


def test_the_cli_imports_a_real_return_prints_it_as_json_and_refuses_a_real_990pf(empty_db):
    url = str(empty_db.url)
    ok = _gfj("import", "form990", str(REAL / "201500429349300330_public.xml"), env_url=url)
    assert ok.returncode == 0, ok.stderr
    out = _gfj("history", "--json", env_url=url)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [CDM_2013]
    bad = _gfj("import", "form990", str(REAL / PRIVATE_FOUNDATION), env_url=url)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "990-PF" in bad.stderr
