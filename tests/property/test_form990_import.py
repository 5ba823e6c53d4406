"""Form 990 returns built by hypothesis (990 or 990-EZ, 2009-2012 or 2013+ element names, with
or without the IRS namespace, some figures missing, some junk, some other return types, some
files cut short): each batch is either imported and every figure reads back as written, or
refused with a reason per file and nothing written. Never another exception, never half a
batch. Each example runs in one session that is rolled back, on one empty database."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.models import AuditLog, Form990Officer, Form990Return, Person
from gfj_core.services.financial_history import financial_history, import_form990
from tests.conftest import bare_actor

ADMIN = bare_actor(Role.admin)
SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# (modern name, legacy name) for each figure: (990 paths, 990-EZ paths).
NAMES_990 = {
    "total_revenue": ("CYTotalRevenueAmt", "TotalRevenueCurrentYear"),
    "contributions": ("CYContributionsGrantsAmt", "ContributionsGrantsCurrentYear"),
    "program_service_revenue": ("CYProgramServiceRevenueAmt", "ProgramServiceRevenueCY"),
    "total_expenses": ("CYTotalExpensesAmt", "TotalExpensesCurrentYear"),
    "total_assets_eoy": ("TotalAssetsEOYAmt", "TotalAssetsEOY"),
    "total_liabilities_eoy": ("TotalLiabilitiesEOYAmt", "TotalLiabilitiesEOY"),
    "net_assets_eoy": ("NetAssetsOrFundBalancesEOYAmt", "NetAssetsOrFundBalancesEOY"),
}
FUNCTIONAL = {
    "program_expenses": ("ProgramServicesAmt", "ProgramServices"),
    "management_expenses": ("ManagementAndGeneralAmt", "ManagementAndGeneral"),
    "fundraising_expenses": ("FundraisingAmt", "Fundraising"),
}
NAMES_EZ = {
    "total_revenue": ("TotalRevenueAmt", "TotalRevenue"),
    "contributions": ("ContributionsGiftsGrantsEtcAmt", "ContributionsGiftsGrantsEtc"),
    "program_service_revenue": ("ProgramServiceRevenueAmt", "ProgramServiceRevenue"),
    "total_expenses": ("TotalExpensesAmt", "TotalExpenses"),
    "program_expenses": ("TotalProgramServiceExpensesAmt", "TotalProgramServiceExpenses"),
}
EZ_GROUPS = {
    "total_assets_eoy": ("Form990TotalAssetsGrp", "Form990TotalAssets"),
    "total_liabilities_eoy": ("SumOfTotalLiabilitiesGrp", "SumOfTotalLiabilities"),
    "net_assets_eoy": ("NetAssetsOrFundBalancesGrp", "NetAssetsOrFundBalances"),
    "cash_and_savings_eoy": ("CashSavingsAndInvestmentsGrp", "CashSavingsAndInvestments"),
}
AMOUNT = st.integers(min_value=-5_000_000, max_value=50_000_000)
# Mostly a whole-dollar amount, now and then absent (a required one absent is a refusal).
VALUE = st.one_of(*[AMOUNT] * 9, st.none())
JUNK = st.sampled_from(["12.50", "n/a", "1,000", "$5", "12 000"])
# What is wrong with a return, if anything: most are fine, so both outcomes are exercised.
FLAWS = ["none"] * 12 + ["junk", "kind", "cut"]


@st.composite
def returns(draw):
    form = draw(st.sampled_from(["990", "990EZ"]))
    modern = draw(st.booleans())
    i = 0 if modern else 1
    year = draw(st.integers(min_value=2009, max_value=2025))
    flaw = draw(st.sampled_from(FLAWS))
    junk_key = draw(st.sampled_from(sorted(NAMES_990 if form == "990" else NAMES_EZ)))
    values = {}
    body = []
    names = NAMES_990 if form == "990" else NAMES_EZ
    for key, pair in names.items():
        v = draw(JUNK) if flaw == "junk" and key == junk_key else draw(VALUE)
        values[key] = v
        if v is not None:
            body.append(f"<{pair[i]}>{v}</{pair[i]}>")
    if form == "990":
        group = ("TotalFunctionalExpensesGrp", "TotalFunctionalExpenses")[i]
        inner = []
        for key, pair in FUNCTIONAL.items():
            v = draw(VALUE)
            values[key] = v
            if v is not None:
                inner.append(f"<{pair[i]}>{v}</{pair[i]}>")
        body.append(f"<{group}>{''.join(inner)}</{group}>")
        cash, savings = draw(VALUE), draw(VALUE)
        for v, pair in ((cash, ("CashNonInterestBearingGrp", "CashNonInterestBearing")),
                        (savings, ("SavingsAndTempCashInvstGrp", "SavingsAndTempCashInvestments"))):  # fmt: skip
            if v is not None:
                eoy = ("EOYAmt", "EOY")[i]
                body.append(f"<{pair[i]}><{eoy}>{v}</{eoy}></{pair[i]}>")
        values["cash_and_savings_eoy"] = (cash, savings)
    else:
        for key, pair in EZ_GROUPS.items():
            v = draw(VALUE)
            values[key] = v
            if v is not None:
                eoy = ("EOYAmt", "EOY")[i]
                body.append(f"<{pair[i]}><{eoy}>{v}</{eoy}></{pair[i]}>")
    officers = draw(
        st.lists(
            st.tuples(
                st.text(alphabet="ABCDEFGHIJ &'<-", min_size=1, max_size=20).filter(str.strip),
                st.sampled_from(["CHAIR", "Treasurer", "Director", "President & CEO", ""]),
                st.integers(min_value=0, max_value=400_000),
            ),
            max_size=4,
        )
    )
    tag = {"990": ("Form990PartVIISectionAGrp", "Form990PartVIISectionA"),
           "990EZ": ("OfficerDirectorTrusteeEmplGrp", "OfficerDirectorTrusteeKeyEmpl")}[form][i]  # fmt: skip
    person = ("PersonNm", "NamePerson" if form == "990" else "PersonName")[i]
    title = ("TitleTxt", "Title")[i]
    comp = {"990": ("ReportableCompFromOrgAmt", "ReportableCompFromOrganization"),
            "990EZ": ("CompensationAmt", "Compensation")}[form][i]  # fmt: skip
    for name, t, pay in officers:
        body.append(
            f"<{tag}><{person}>{escape(name)}</{person}><{title}>{escape(t)}</{title}>"
            f"<{comp}>{pay}</{comp}></{tag}>"
        )
    kind = draw(st.sampled_from(["990PF", "990N", "990T", "990-X"])) if flaw == "kind" else form
    header = (
        f"<ReturnTypeCd>{kind}</ReturnTypeCd><TaxPeriodBeginDt>{year}-01-01</TaxPeriodBeginDt>"
        f"<TaxPeriodEndDt>{year}-12-31</TaxPeriodEndDt><TaxYr>{year}</TaxYr><Filer><EIN>991234567"
        "</EIN><BusinessName><BusinessNameLine1Txt>EXAMPLE ORG</BusinessNameLine1Txt>"
        "</BusinessName></Filer>"
        if modern
        else f"<ReturnType>{kind}</ReturnType><TaxPeriodBeginDate>{year}-01-01"
        f"</TaxPeriodBeginDate><TaxPeriodEndDate>{year}-12-31</TaxPeriodEndDate><TaxYear>{year}"
        "</TaxYear><Filer><EIN>991234567</EIN><Name><BusinessNameLine1>EXAMPLE ORG"
        "</BusinessNameLine1></Name></Filer>"
    )
    element = {"990": "IRS990", "990EZ": "IRS990EZ"}[form]
    ns = ' xmlns="http://www.irs.gov/efile"' if draw(st.booleans()) else ""
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?><Return{ns}><ReturnHeader>{header}</ReturnHeader>'
        f"<ReturnData><{element}>{''.join(body)}</{element}></ReturnData></Return>"
    ).encode()
    if flaw == "cut":
        xml = xml[: draw(st.integers(min_value=1, max_value=len(xml) - 8))]  # cut short
    return {"form": form, "kind": kind, "flaw": flaw, "year": year, "values": values, "xml": xml,
            "officers": officers}  # fmt: skip


def _expected(r: dict) -> dict:
    """What the history must read back, in whole dollars."""
    out = {}
    for key, v in r["values"].items():
        if key == "cash_and_savings_eoy" and isinstance(v, tuple):
            cash, savings = v
            out[key] = None if cash is None and savings is None else (cash or 0) + (savings or 0)
        else:
            out[key] = v
    if r["form"] == "990EZ":
        out["management_expenses"] = out["fundraising_expenses"] = None
    return out


def _rows(s) -> tuple[int, int, int, int]:
    return tuple(
        s.scalar(select(func.count()).select_from(t))
        for t in (Form990Return, Form990Officer, Person, AuditLog)
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from gfj_core.db import get_engine, upgrade_database
    from tests.conftest import sqlite_url

    url = sqlite_url(tmp_path_factory.mktemp("f990") / "empty.db")
    upgrade_database(url)
    engine = get_engine(url)
    yield engine
    engine.dispose()
    get_engine.cache_clear()


@SETTINGS
@given(batch=st.lists(returns(), min_size=1, max_size=2), people=st.booleans())
def test_a_batch_either_imports_and_reads_back_or_is_refused_without_writing(db, batch, people):
    files = [(f"r{i}.xml", r["xml"]) for i, r in enumerate(batch)]
    with session_scope(db, write=True, actor=ADMIN) as s:
        before = _rows(s)
        try:
            summary = import_form990(s, files=files, people=people, actor=ADMIN)
        except ValidationFailed as exc:
            assert exc.problems, "a refusal names what is wrong"
            assert all(where for where, _ in exc.problems)
            assert _rows(s) == before, "a refused batch wrote something"
            event("refused")
            s.rollback()
            return
        # Accepted: every file was a readable 990 or 990-EZ, one per year.
        event("accepted")
        assert all(r["kind"] == r["form"] and r["flaw"] == "none" for r in batch)
        years = {r["year"] for r in batch}
        assert len(years) == len(batch)
        assert sorted(summary.new_years + summary.replaced_years) == sorted(years)
        history = {y.tax_year: y for y in financial_history(s, actor=ADMIN).years}
        for r in batch:
            got = history[r["year"]]
            assert got.form == ("990" if r["form"] == "990" else "990-EZ")
            for key, value in _expected(r).items():
                assert getattr(got, key) == value, (key, value)
            assert got.surplus == got.total_revenue - got.total_expenses
            stored = s.scalar(select(Form990Return).where(Form990Return.tax_year == r["year"]))
            assert [o.reportable_comp for o in stored.officers] == [
                pay * 100 for _, _, pay in r["officers"]
            ]
        s.rollback()
