"""Form 990 and 990-EZ returns from the IRS's e-file XML, every schema generation since 2009.

The IRS renamed most elements when the 2013 schemas came in (`TotalRevenueCurrentYear` became
`CYTotalRevenueAmt`, `NamePerson` became `PersonNm`, `ReturnType` became `ReturnTypeCd`), and
files come with the `http://www.irs.gov/efile` namespace or without it (some re-publishers strip
it). Namespaces are dropped on reading and each figure is looked up by a list of paths, newest
name first, so one reader covers both generations.

Refused with one line each: Form 990-PF (a private foundation's return, another form), 990-N
(the e-Postcard, which has no figures), any other return type, XML that is not a return, and a
file that is not well-formed. Parsing uses defusedxml with DTDs forbidden: an uploaded file never
expands entities or reaches the network.

Amounts in e-file XML are whole dollars; they are kept as integer cents like every other amount.
A figure the form does not report (a 990-EZ's management and fundraising expenses) is None,
never 0.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.errors import ValidationFailed
from gfj_core.models.finance import Form990Officer, Form990Return
from gfj_core.schemas.financial_history import Form990In, OfficerIn

MAX_RETURN_BYTES = 20 * 1024 * 1024  # the largest real returns with schedules are a few MB
FORMS = {"990": "990", "990EZ": "990-EZ"}
# The form element inside ReturnData for each accepted return type.
FORM_ELEMENT = {"990": "IRS990", "990EZ": "IRS990EZ"}
REFUSED_TYPES = {
    "990PF": "Form 990-PF is a private foundation's return, a different form; only Form 990 "
    "and 990-EZ can be imported",
    "990N": "Form 990-N (the e-Postcard) reports no figures; only Form 990 and 990-EZ can be "
    "imported",
    "990T": "Form 990-T is the unrelated business income tax return; only Form 990 and 990-EZ "
    "can be imported",
}
_TRUE = {"x", "1", "true", "yes"}

# Each figure: paths tried in order (2013+ name first, then the 2009-2012 name).
FIELDS_990: dict[str, tuple[str, ...]] = {
    "total_revenue": (
        "CYTotalRevenueAmt",
        "TotalRevenueCurrentYear",
        "TotalRevenueGrp/TotalRevenueColumnAmt",
        "TotalRevenue/TotalRevenueColumn",
    ),
    "contributions": (
        "CYContributionsGrantsAmt",
        "ContributionsGrantsCurrentYear",
        "TotalContributionsAmt",
        "TotalContributions",
    ),
    "program_service_revenue": (
        "CYProgramServiceRevenueAmt",
        "ProgramServiceRevenueCY",
        "TotalProgramServiceRevenueAmt",
        "TotalProgramServiceRevenue",
    ),
    "total_expenses": (
        "CYTotalExpensesAmt",
        "TotalExpensesCurrentYear",
        "TotalFunctionalExpensesGrp/TotalAmt",
        "TotalFunctionalExpenses/Total",
    ),
    "program_expenses": (
        "TotalFunctionalExpensesGrp/ProgramServicesAmt",
        "TotalFunctionalExpenses/ProgramServices",
    ),
    "management_expenses": (
        "TotalFunctionalExpensesGrp/ManagementAndGeneralAmt",
        "TotalFunctionalExpenses/ManagementAndGeneral",
    ),
    "fundraising_expenses": (
        "TotalFunctionalExpensesGrp/FundraisingAmt",
        "TotalFunctionalExpenses/Fundraising",
    ),
    "total_assets_eoy": (
        "TotalAssetsEOYAmt",
        "TotalAssetsEOY",
        "TotalAssetsGrp/EOYAmt",
        "TotalAssets/EOY",
    ),
    "total_liabilities_eoy": (
        "TotalLiabilitiesEOYAmt",
        "TotalLiabilitiesEOY",
        "TotalLiabilitiesGrp/EOYAmt",
        "TotalLiabilities/EOY",
    ),
    "net_assets_eoy": (
        "NetAssetsOrFundBalancesEOYAmt",
        "NetAssetsOrFundBalancesEOY",
        "TotalNetAssetsFundBalanceGrp/EOYAmt",
        "TotalNetAssetsFundBalances/EOY",
    ),
}
CASH_990 = ("CashNonInterestBearingGrp/EOYAmt", "CashNonInterestBearing/EOY")
SAVINGS_990 = ("SavingsAndTempCashInvstGrp/EOYAmt", "SavingsAndTempCashInvestments/EOY")

FIELDS_990EZ: dict[str, tuple[str, ...]] = {
    "total_revenue": ("TotalRevenueAmt", "TotalRevenue"),
    "contributions": ("ContributionsGiftsGrantsEtcAmt", "ContributionsGiftsGrantsEtc"),
    "program_service_revenue": ("ProgramServiceRevenueAmt", "ProgramServiceRevenue"),
    "total_expenses": ("TotalExpensesAmt", "TotalExpenses"),
    # Part III, line 32: the 990-EZ's only functional figure (optional on the form).
    "program_expenses": ("TotalProgramServiceExpensesAmt", "TotalProgramServiceExpenses"),
    "total_assets_eoy": ("Form990TotalAssetsGrp/EOYAmt", "Form990TotalAssets/EOY"),
    "total_liabilities_eoy": ("SumOfTotalLiabilitiesGrp/EOYAmt", "SumOfTotalLiabilities/EOY"),
    "net_assets_eoy": (
        "NetAssetsOrFundBalancesGrp/EOYAmt",
        "NetAssetsOrFundBalances/EOY",
        "NetAssetsOrFundBalancesEOYAmt",
        "NetAssetsOrFundBalancesEOY",
    ),
    # Line 22 is "cash, savings, and investments" in one figure: the closest the form comes.
    "cash_and_savings_eoy": (
        "CashSavingsAndInvestmentsGrp/EOYAmt",
        "CashSavingsAndInvestments/EOY",
    ),
}
REQUIRED_FIGURES = ("total_revenue", "total_expenses")

# Part VII Section A (990) and Part IV (990-EZ): one group per person, both generations.
PEOPLE_990 = ("Form990PartVIISectionAGrp", "Form990PartVIISectionA")
PEOPLE_990EZ = ("OfficerDirectorTrusteeEmplGrp", "OfficerDirectorTrusteeKeyEmpl")
PERSON_NAME = (
    "PersonNm",
    "NamePerson",
    "PersonName",
    "BusinessName/BusinessNameLine1Txt",
    "BusinessName/BusinessNameLine1",
)
PERSON_TITLE = ("TitleTxt", "Title")
PERSON_COMP = (
    "ReportableCompFromOrgAmt",
    "ReportableCompFromOrganization",
    "CompensationAmt",
    "Compensation",
)
PERSON_FLAGS = {
    "is_director": ("IndividualTrusteeOrDirectorInd", "IndividualTrusteeOrDirector",
                    "InstitutionalTrusteeInd", "InstitutionalTrustee"),
    "is_officer": ("OfficerInd", "Officer"),
    "is_key_employee": ("KeyEmployeeInd", "KeyEmployee"),
    "is_highest_compensated": ("HighestCompensatedEmployeeInd", "HighestCompensatedEmployee"),
    "is_former": ("FormerOfcrDirectorTrusteeInd", "Former"),
}  # fmt: skip
_AMOUNT = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class ReadProblem:
    filename: str
    message: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag


def _strip_namespaces(root: ET.Element) -> ET.Element:
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = _local(el.tag)
    return root


def _text(parent: ET.Element | None, paths: tuple[str, ...]) -> str | None:
    if parent is None:
        return None
    for path in paths:
        el = parent.find(path)
        if el is not None and el.text is not None and el.text.strip():
            return " ".join(el.text.split())
    return None


def _flag(parent: ET.Element, paths: tuple[str, ...]) -> bool:
    value = _text(parent, paths)
    return value is not None and value.lower() in _TRUE


def _cents(parent: ET.Element, paths: tuple[str, ...], what: str, problems: list[str]):
    text = _text(parent, paths)
    if text is None:
        return None
    if not _AMOUNT.match(text):
        problems.append(f"{what} is not a whole-dollar amount: {text[:30]!r}")
        return None
    return int(text) * 100


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _refuse(filename: str, message: str) -> ValidationFailed:
    end = "" if message.endswith(("?", ".")) else "."
    return ValidationFailed(f"{filename}: {message}{end}")


def _root(filename: str, content: bytes) -> ET.Element:
    if not content.strip():
        raise _refuse(filename, "the file is empty")
    if len(content) > MAX_RETURN_BYTES:
        raise _refuse(filename, f"the file is over {MAX_RETURN_BYTES // 1_048_576} MB")
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ET.ParseError as exc:
        raise _refuse(filename, f"not well-formed XML ({exc}); is the file complete?") from None
    except DefusedXmlException:
        raise _refuse(
            filename, "the XML declares a DTD or entities, which IRS returns never do; refused"
        ) from None
    return _strip_namespaces(root)


def _return_type(header: ET.Element) -> str:
    raw = _text(header, ("ReturnTypeCd", "ReturnType")) or ""
    return raw.upper().replace("-", "").replace(" ", "")


def parse_return(filename: str, content: bytes) -> Form990In:
    """One return file to a Form990In, or ValidationFailed with a one-line reason."""
    root = _root(filename, content)
    if root.tag == "ePostcard" or root.tag.upper().startswith("EPOSTCARD"):
        raise _refuse(filename, REFUSED_TYPES["990N"])
    header = root.find("ReturnHeader")
    data = root.find("ReturnData")
    if root.tag != "Return" or header is None or data is None:
        raise _refuse(
            filename,
            f"not an IRS e-file return (the XML's root is <{root.tag}>, not <Return> with a "
            "ReturnHeader and ReturnData)",
        )
    kind = _return_type(header)
    if kind in REFUSED_TYPES:
        raise _refuse(filename, REFUSED_TYPES[kind])
    if kind not in FORMS:
        shown = kind or "none"
        raise _refuse(
            filename, f"return type {shown} is not Form 990 or 990-EZ; only those can be imported"
        )
    form = data.find(FORM_ELEMENT[kind])
    if form is None:
        raise _refuse(filename, f"the return says {FORMS[kind]} but has no {FORM_ELEMENT[kind]}")

    problems: list[str] = []
    period_end = _date(_text(header, ("TaxPeriodEndDt", "TaxPeriodEndDate")))
    period_begin = _date(_text(header, ("TaxPeriodBeginDt", "TaxPeriodBeginDate")))
    if period_end is None:
        problems.append("no tax period end date (TaxPeriodEndDt)")
    year_text = _text(header, ("TaxYr", "TaxYear"))
    tax_year = int(year_text) if year_text and year_text.isdigit() else None
    if tax_year is None and period_begin is not None:
        tax_year = period_begin.year  # the IRS's tax year is the year the period begins
    if tax_year is None and period_end is not None:
        # No begin date: a period ending in the first half of a year began the year before.
        tax_year = period_end.year if period_end.month == 12 else period_end.year - 1
    if tax_year is None:
        problems.append("no tax year (TaxYr)")
    ein = re.sub(r"\D", "", _text(header, ("Filer/EIN",)) or "")
    if len(ein) != 9:
        problems.append("no nine-digit EIN in Filer/EIN")
    # 2013v3-2013v4 returns already say BusinessName but still spell the line without "Txt"
    # (a real 2013v4.0 return was refused for it): all three spellings are tried.
    name_parts = [
        _text(header, (f"Filer/BusinessName/BusinessNameLine{n}Txt",
                       f"Filer/BusinessName/BusinessNameLine{n}",
                       f"Filer/Name/BusinessNameLine{n}"))
        for n in (1, 2)
    ]  # fmt: skip
    name = " ".join(p for p in name_parts if p) or None
    if not name:
        problems.append("no organization name in Filer")

    spec = FIELDS_990 if kind == "990" else FIELDS_990EZ
    figures = {key: _cents(form, paths, key, problems) for key, paths in spec.items()}
    if kind == "990":
        cash = _cents(form, CASH_990, "cash", problems)
        savings = _cents(form, SAVINGS_990, "savings", problems)
        figures["cash_and_savings_eoy"] = (
            None if cash is None and savings is None else (cash or 0) + (savings or 0)
        )
    else:
        # Not on the 990-EZ: unknown, never zero.
        figures["management_expenses"] = None
        figures["fundraising_expenses"] = None
    for key in REQUIRED_FIGURES:
        if figures.get(key) is None and not any(key in p for p in problems):
            problems.append(f"no {key.replace('_', ' ')} on the return")
    if problems:
        raise _refuse(filename, "; ".join(problems))

    officers = []
    for tag in PEOPLE_990 if kind == "990" else PEOPLE_990EZ:
        for position, el in enumerate(form.findall(tag), start=len(officers) + 1):
            person = _text(el, PERSON_NAME)
            if not person:
                continue
            comp_problems: list[str] = []
            comp = _cents(el, PERSON_COMP, "compensation", comp_problems)
            officers.append(
                OfficerIn(
                    position=position,
                    name=person[:160],
                    title=(_text(el, PERSON_TITLE) or "")[:160],
                    reportable_comp=comp if not comp_problems else None,
                    **{flag: _flag(el, paths) for flag, paths in PERSON_FLAGS.items()},
                )
            )
    try:
        return _validated(filename, kind, tax_year, period_begin, period_end, ein, name, root,
                          header, form, figures, officers)  # fmt: skip
    except PydanticValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])
        raise _refuse(filename, f"the return's figures are not usable ({detail})") from None


def _validated(filename, kind, tax_year, period_begin, period_end, ein, name, root, header, form,
               figures, officers) -> Form990In:  # fmt: skip
    amended = _flag(form, ("AmendedReturnInd", "AmendedReturn")) or _flag(
        header, ("AmendedReturnInd", "AmendedReturn")
    )
    return Form990In(
        filename=Path(filename).name[:200],
        form=FORMS[kind],
        tax_year=tax_year,
        period_begin=period_begin,
        period_end=period_end,
        ein=ein,
        name=name[:200],
        amended=amended,
        schema_version=(root.get("returnVersion") or "")[:20] or None,
        filed_at=(_text(header, ("ReturnTs", "Timestamp")) or "")[:40] or None,
        officers=officers,
        **figures,
    )


# --- a batch: all files checked before any is written -------------------------------------------


@dataclass
class Batch:
    """The returns to write (one per tax year) and what the check found."""

    returns: list[Form990In]
    problems: list[tuple[str, str]]  # (file, what is wrong), as ValidationFailed carries them
    superseded: list[str]  # originals left out because the batch holds the amended return


def parse_batch(files: list[tuple[str, bytes]], on_file: dict[int, tuple[bool, str]]) -> Batch:
    """Every file read; problems named by file. `on_file` is {tax year: (amended, ein)} for the
    returns already stored, for the amended-vs-original and one-organization checks."""
    problems: list[tuple[str, str]] = []
    parsed: list[Form990In] = []
    if not files:
        problems.append(("files", "no files given"))
    for filename, content in files:
        try:
            parsed.append(parse_return(filename, content))
        except ValidationFailed as exc:
            problems.append((filename, str(exc).removeprefix(f"{filename}: ").rstrip(".")))
    by_year: dict[int, Form990In] = {}
    superseded: list[str] = []
    for r in parsed:
        other = by_year.get(r.tax_year)
        if other is None:
            by_year[r.tax_year] = r
        elif other.amended != r.amended:
            amended, original = (r, other) if r.amended else (other, r)
            by_year[r.tax_year] = amended
            superseded.append(original.filename)
        else:
            problems.append((
                r.filename,
                f"tax year {r.tax_year} is also in {other.filename}; give one return per year "
                "(an amended return replaces the original)",
            ))  # fmt: skip
    eins = {r.ein for r in by_year.values()} | {ein for _, ein in on_file.values()}
    if len(eins) > 1:
        stored = sorted({ein for _, ein in on_file.values()})
        where = f" (on file: {', '.join(format_ein(e) for e in stored)})" if stored else ""
        problems.append((
            "EIN",
            "the returns name more than one organization: "
            + ", ".join(f"{r.filename} {format_ein(r.ein)}" for r in by_year.values())
            + f"{where}; import one organization's returns",
        ))  # fmt: skip
    for year, r in sorted(by_year.items()):
        stored = on_file.get(year)
        if stored and stored[0] and not r.amended:
            problems.append((
                r.filename,
                f"an amended return for {year} is already on file; the original would not "
                "replace it",
            ))  # fmt: skip
    return Batch(
        returns=[by_year[y] for y in sorted(by_year)], problems=problems, superseded=superseded
    )


def format_ein(ein: str) -> str:
    return f"{ein[:2]}-{ein[2:]}" if len(ein) == 9 else ein


def returns_on_file(session: Session) -> dict[int, tuple[bool, str]]:
    rows = session.execute(select(Form990Return.tax_year, Form990Return.amended, Form990Return.ein))
    return {year: (amended, ein) for year, amended, ein in rows}


def write_returns(
    session: Session, returns: list[Form990In], *, fictional: bool = False
) -> tuple[list[int], list[int]]:
    """Insert each year, replacing a year already on file (its officers with it); returns the
    (new, replaced) tax years. Flushes, never commits."""
    existing = {
        r.tax_year: r
        for r in session.scalars(
            select(Form990Return).where(Form990Return.tax_year.in_([r.tax_year for r in returns]))
        )
    }
    new: list[int] = []
    replaced: list[int] = []
    for r in returns:
        values = r.model_dump(exclude={"officers"})
        row = existing.get(r.tax_year)
        if row is None:
            row = Form990Return(**values, fictional=fictional)
            session.add(row)
            new.append(r.tax_year)
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.fictional = fictional
            replaced.append(r.tax_year)
            row.officers.clear()  # through the ORM, so the audit trail records each removal
        session.flush()
        for officer in r.officers:
            row.officers.append(Form990Officer(**officer.model_dump()))
    session.flush()
    return new, replaced


# --- officers and directors to people ---------------------------------------------------------

# Words that make a title a staff position (the President & CEO sits on a board ex officio at
# most: she is the staff leader, never given a board seat from her title).
_STAFF = re.compile(
    r"\b(ceo|cfo|coo|chief|executive\s+director|exec\.?\s+dir\w*|director\s+of|manager|"
    r"associate|organizer|coordinator|staff|employee|counsel|controller|accountant)\b",
    re.IGNORECASE,
)
_VICE = re.compile(r"\bvice[\s-]*(chair\w*|president)\b", re.IGNORECASE)
_SEATS = (
    ("chair", re.compile(r"\b(chair\w*|president)\b", re.IGNORECASE)),
    ("treasurer", re.compile(r"\btreasurer\b", re.IGNORECASE)),
    ("secretary", re.compile(r"\bsecretary\b", re.IGNORECASE)),
)
_MEMBER = re.compile(r"\b(director|trustee|board|member)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PersonRole:
    board_role: str | None  # chair / vice_chair / treasurer / secretary / member
    is_staff: bool


def person_role(officer: OfficerIn) -> PersonRole | None:
    """What a listed person is to the organization, from the title and the 990's boxes; None
    for a former officer or director (listed for their pay, not part of the organization now).
    A seat is given only where the title (or the director box) says so."""
    if officer.is_former:
        return None
    title = officer.title or ""
    staff = officer.is_key_employee or officer.is_highest_compensated or bool(_STAFF.search(title))
    if staff:
        return PersonRole(board_role=None, is_staff=True)
    if _VICE.search(title):
        return PersonRole(board_role="vice_chair", is_staff=False)
    found = [(m.start(), seat) for seat, rx in _SEATS if (m := rx.search(title))]
    if found:
        return PersonRole(board_role=min(found)[1], is_staff=False)
    if officer.is_director or _MEMBER.search(title):
        return PersonRole(board_role="member", is_staff=False)
    return PersonRole(board_role=None, is_staff=False)


def name_key(name: str) -> str:
    """How names are matched: case, spacing and punctuation do not count."""
    return " ".join(re.sub(r"[.,]", " ", name).casefold().split())


def display_name(name: str) -> str:
    """Returns often spell names in capitals ("JORDAN ELLISON-PARK"): write them as people do."""
    name = " ".join(name.split())
    if name.isupper():
        return name.title()
    return name


def raise_if_any(batch: Batch) -> None:
    """All or nothing: any problem in any file stops the whole import before a write."""
    if batch.problems:
        n = len(batch.problems)
        raise ValidationFailed(
            f"Form 990 returns: nothing was imported; {n} problem{'s' if n != 1 else ''} to fix.",
            batch.problems,
        )
