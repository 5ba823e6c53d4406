"""Writes the demo organisation's three Form 990 returns (FICTIONAL) as IRS e-file XML.

    .venv/bin/python data/demo/finance/generate_form990.py

The returns follow the 2013-onward e-file schema's element names. Every figure and every
compensation amount is invented: none is taken from the organization's real returns. For 2024
and 2025, revenue, expenses by function and the year-end balance sheet are the sums and December
balances of accounts.csv (to the dollar), so the Finances page's side-by-side shows no difference;
2023 is invented too (the monthly accounts begin in November 2023). The EIN 00-0000000 is not a
real one.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
OUT = HERE / "form990"
EIN = "000000000"
NAME = "THE GATHERING FOR JUSTICE"
CEO = "Carmen Perez-Jordan"

BOARD = [
    ("Marisol Vega-Brooks", "Board Chair"),
    ("Kenneth Oduya", "Vice Chair"),
    ("Alana Whitfield", "Treasurer"),
    ("Samuel Okafor-Price", "Secretary"),
    ("Tamika Reyes", "Director"),
    ("Jonah Feldstein", "Director"),
    ("Priya Raman", "Director"),
    ("Luis Ortega-Hale", "Director"),
    ("Dana Colfax", "Director"),
    ("Andre Jeffries", "Director"),
]
# Invented pay, whole dollars, by tax year: (name, title, flags, {year: pay}).
STAFF = [
    (CEO, "President & CEO", ["OfficerInd"], {2023: 158_000, 2024: 163_500, 2025: 168_400}),
    ("Nadia Castellanos", "Director of Operations", ["KeyEmployeeInd"],
     {2023: 104_000, 2024: 107_100, 2025: 110_300}),
    ("Jamal Whitaker", "Director of Programs", ["HighestCompensatedEmployeeInd"],
     {2023: 101_500, 2024: 104_500, 2025: 107_600}),
]  # fmt: skip
# 2023 is not covered by the monthly accounts: invented, in line with 2024.
Y2023 = dict(
    contributions=1_431_200, program=57_300, investment=4_100, other=1_900,
    expense_program=1_151_800, expense_management=190_400, expense_fundraising=131_600,
)  # fmt: skip


def _dollars(text: str) -> Decimal:
    text = text.replace(",", "").replace("$", "").strip()
    if text.startswith("(") and text.endswith(")"):
        return -Decimal(text[1:-1])
    return Decimal(text)


def _whole(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def year_figures() -> dict[int, dict]:
    rows = list(csv.DictReader((HERE / "accounts.csv").open(encoding="utf-8")))
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    december: dict[int, dict] = {}
    for r in rows:
        year = int(r["month"][:4])
        for k, v in r.items():
            if k != "month" and v:
                sums[year][k] += _dollars(v)
        if r["month"].endswith("-12"):
            december[year] = r
    out = {}
    for year in (2023, 2024, 2025):
        d = december[year]
        cash = _whole(_dollars(d["cash"]))
        investments = _whole(_dollars(d["investments"]))
        receivables = _whole(_dollars(d["receivables"]))
        fixed = _whole(_dollars(d["fixed_assets_net"]))
        liabilities = _whole(_dollars(d["total_liabilities"]))
        assets = cash + investments + receivables + fixed
        if year == 2023:
            f = dict(Y2023)
        else:
            s = sums[year]
            f = dict(
                contributions=_whole(
                    s["contributions_unrestricted"] + s["contributions_restricted"]
                ),
                program=_whole(s["program_revenue"]),
                investment=0,
                other=_whole(s["other_revenue"]),
                expense_program=_whole(s["expense_program"]),
                expense_management=_whole(s["expense_management"]),
                expense_fundraising=_whole(s["expense_fundraising"]),
            )
            # Rounding each sum separately can leave a dollar between the parts and the
            # months' total: the return's totals are the months' totals, the dollar goes to
            # the largest line.
            revenue = _whole(sum(s[k] for k in ("contributions_unrestricted",
                             "contributions_restricted", "program_revenue", "other_revenue")))  # fmt: skip
            f["contributions"] += revenue - (f["contributions"] + f["program"] + f["other"])
            expenses = _whole(sum(s[k] for k in ("expense_program", "expense_management",
                              "expense_fundraising")))  # fmt: skip
            f["expense_program"] += expenses - (
                f["expense_program"] + f["expense_management"] + f["expense_fundraising"]
            )
        f.update(
            # Checking is the non-interest-bearing line; the rest of the cash sits in savings.
            cash_checking=round(cash * 0.35),
            cash_savings=cash - round(cash * 0.35),
            investments=investments,
            assets=assets,
            liabilities=liabilities,
            net_assets=assets - liabilities,
        )
        out[year] = f
    return out


def person(name: str, title: str, flags: list[str], pay: int) -> str:
    marks = "".join(f"\n        <{f}>X</{f}>" for f in flags)
    return f"""      <Form990PartVIISectionAGrp>
        <PersonNm>{escape(name)}</PersonNm>
        <TitleTxt>{escape(title)}</TitleTxt>
        <AverageHoursPerWeekRt>{"40.00" if pay else "4.00"}</AverageHoursPerWeekRt>{marks}
        <ReportableCompFromOrgAmt>{pay}</ReportableCompFromOrgAmt>
        <ReportableCompFromRltdOrgAmt>0</ReportableCompFromRltdOrgAmt>
        <OtherCompensationAmt>0</OtherCompensationAmt>
      </Form990PartVIISectionAGrp>
"""


def return_xml(year: int, f: dict) -> str:
    revenue = f["contributions"] + f["program"] + f["investment"] + f["other"]
    expenses = f["expense_program"] + f["expense_management"] + f["expense_fundraising"]
    people = "".join(
        person(n, t, ["IndividualTrusteeOrDirectorInd"] + (["OfficerInd"] if i < 4 else []), 0)
        for i, (n, t) in enumerate(BOARD)
    ) + "".join(person(n, t, flags, pay[year]) for n, t, flags, pay in STAFF)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- FICTIONAL demo return: every figure and pay amount is invented (data/demo/finance/generate_form990.py). -->
<Return xmlns="http://www.irs.gov/efile" returnVersion="{year}v5.0">
  <ReturnHeader binaryAttachmentCnt="0">
    <ReturnTs>{year + 1}-05-14T10:00:00-04:00</ReturnTs>
    <TaxPeriodEndDt>{year}-12-31</TaxPeriodEndDt>
    <ReturnTypeCd>990</ReturnTypeCd>
    <TaxPeriodBeginDt>{year}-01-01</TaxPeriodBeginDt>
    <Filer>
      <EIN>{EIN}</EIN>
      <BusinessName>
        <BusinessNameLine1Txt>{NAME}</BusinessNameLine1Txt>
      </BusinessName>
      <BusinessNameControlTxt>GATH</BusinessNameControlTxt>
    </Filer>
    <BusinessOfficerGrp>
      <PersonNm>{CEO}</PersonNm>
      <PersonTitleTxt>PRESIDENT &amp; CEO</PersonTitleTxt>
    </BusinessOfficerGrp>
    <TaxYr>{year}</TaxYr>
  </ReturnHeader>
  <ReturnData documentCnt="1">
    <IRS990 documentId="IRS990-01">
      <PrincipalOfficerNm>{CEO}</PrincipalOfficerNm>
      <GrossReceiptsAmt>{revenue}</GrossReceiptsAmt>
      <Organization501c3Ind>X</Organization501c3Ind>
      <FormationYr>2005</FormationYr>
      <ActivityOrMissionDesc>SHIFT U.S. CULTURE TOWARDS JUSTICE; END CHILD INCARCERATION</ActivityOrMissionDesc>
      <TotalEmployeeCnt>10</TotalEmployeeCnt>
      <CYContributionsGrantsAmt>{f["contributions"]}</CYContributionsGrantsAmt>
      <CYProgramServiceRevenueAmt>{f["program"]}</CYProgramServiceRevenueAmt>
      <CYInvestmentIncomeAmt>{f["investment"]}</CYInvestmentIncomeAmt>
      <CYOtherRevenueAmt>{f["other"]}</CYOtherRevenueAmt>
      <CYTotalRevenueAmt>{revenue}</CYTotalRevenueAmt>
      <CYTotalExpensesAmt>{expenses}</CYTotalExpensesAmt>
      <CYRevenuesLessExpensesAmt>{revenue - expenses}</CYRevenuesLessExpensesAmt>
      <TotalAssetsEOYAmt>{f["assets"]}</TotalAssetsEOYAmt>
      <TotalLiabilitiesEOYAmt>{f["liabilities"]}</TotalLiabilitiesEOYAmt>
      <NetAssetsOrFundBalancesEOYAmt>{f["net_assets"]}</NetAssetsOrFundBalancesEOYAmt>
{people}      <TotalFunctionalExpensesGrp>
        <TotalAmt>{expenses}</TotalAmt>
        <ProgramServicesAmt>{f["expense_program"]}</ProgramServicesAmt>
        <ManagementAndGeneralAmt>{f["expense_management"]}</ManagementAndGeneralAmt>
        <FundraisingAmt>{f["expense_fundraising"]}</FundraisingAmt>
      </TotalFunctionalExpensesGrp>
      <CashNonInterestBearingGrp>
        <EOYAmt>{f["cash_checking"]}</EOYAmt>
      </CashNonInterestBearingGrp>
      <SavingsAndTempCashInvstGrp>
        <EOYAmt>{f["cash_savings"]}</EOYAmt>
      </SavingsAndTempCashInvstGrp>
      <InvestmentsPubTradedSecGrp>
        <EOYAmt>{f["investments"]}</EOYAmt>
      </InvestmentsPubTradedSecGrp>
      <TotalAssetsGrp>
        <EOYAmt>{f["assets"]}</EOYAmt>
      </TotalAssetsGrp>
      <TotalLiabilitiesGrp>
        <EOYAmt>{f["liabilities"]}</EOYAmt>
      </TotalLiabilitiesGrp>
    </IRS990>
  </ReturnData>
</Return>
"""


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for year, f in year_figures().items():
        (OUT / f"990-{year}-fictional.xml").write_text(return_xml(year, f), encoding="utf-8")


if __name__ == "__main__":
    main()
