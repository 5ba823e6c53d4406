"""Financial history from the organization's Form 990s: returns coming in (cents), the history
going out (whole dollars: the IRS reports whole dollars), and the import's check and summary.
None always means "the form does not report it" or "a divisor was zero", never zero."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from gfj_core.metrics.lights import Light
from gfj_core.schemas.settings import Band

FormName = Literal["990", "990-EZ"]
# `gfj history --json` prints exactly these keys, in this order.
HISTORY_JSON_KEYS = (
    "tax_year",
    "period_end",
    "form",
    "ein",
    "name",
    "total_revenue",
    "contributions",
    "program_service_revenue",
    "total_expenses",
    "program_expenses",
    "management_expenses",
    "fundraising_expenses",
    "total_assets_eoy",
    "total_liabilities_eoy",
    "net_assets_eoy",
    "cash_and_savings_eoy",
    "program_expense_ratio",
    "surplus",
    "months_of_cash_eoy",
)
MONEY_KEYS = HISTORY_JSON_KEYS[5:16]


# --- coming in ------------------------------------------------------------------------------


class OfficerIn(BaseModel):
    """One person from Part VII Section A (990) or Part IV (990-EZ); compensation in cents."""

    position: int
    name: str = Field(min_length=1, max_length=160)
    title: str = Field(default="", max_length=160)
    reportable_comp: int | None = None
    is_director: bool = False
    is_officer: bool = False
    is_key_employee: bool = False
    is_highest_compensated: bool = False
    is_former: bool = False


class Form990In(BaseModel):
    """One return as read from its XML, amounts in integer cents."""

    filename: str
    form: FormName
    tax_year: int = Field(ge=1990, le=2100)
    period_begin: date | None
    period_end: date
    ein: str = Field(pattern=r"^\d{9}$")
    name: str = Field(min_length=1, max_length=200)
    amended: bool = False
    schema_version: str | None = None
    filed_at: str | None = None
    total_revenue: int
    contributions: int | None = None
    program_service_revenue: int | None = None
    total_expenses: int
    program_expenses: int | None = None
    management_expenses: int | None = None
    fundraising_expenses: int | None = None
    total_assets_eoy: int | None = None
    total_liabilities_eoy: int | None = None
    net_assets_eoy: int | None = None
    cash_and_savings_eoy: int | None = None
    officers: list[OfficerIn] = []


# --- going out ------------------------------------------------------------------------------


class MonthlyComparison(BaseModel):
    """The return's revenue and expenses against the monthly accounts for the same period."""

    months_in_period: int
    months_on_file: int
    complete: bool  # every month of the return's period is on file
    revenue_from_months: int | None  # whole dollars; None unless complete
    expenses_from_months: int | None
    revenue_difference: int | None  # return − months
    expenses_difference: int | None


class HistoryYear(BaseModel):
    """One fiscal year as its return reports it, whole dollars, with the derived measures."""

    tax_year: int
    period_begin: date | None
    period_end: date
    form: FormName
    ein: str  # 12-3456789
    name: str
    amended: bool
    fictional: bool
    filename: str
    total_revenue: int
    contributions: int | None
    program_service_revenue: int | None
    total_expenses: int
    program_expenses: int | None
    management_expenses: int | None
    fundraising_expenses: int | None
    total_assets_eoy: int | None
    total_liabilities_eoy: int | None
    net_assets_eoy: int | None
    cash_and_savings_eoy: int | None
    program_expense_ratio: float | None  # program ÷ total expenses
    surplus: int  # revenue − expenses
    months_of_cash_eoy: float | None  # cash and savings ÷ total expenses × 12
    lights: dict[str, Light] = {}
    monthly: MonthlyComparison | None = None

    def json_row(self) -> dict:
        """The row `gfj history --json` prints: exactly HISTORY_JSON_KEYS."""
        data = self.model_dump(mode="json")
        row = {key: data[key] for key in HISTORY_JSON_KEYS}
        if row["program_expense_ratio"] is not None:
            row["program_expense_ratio"] = round(row["program_expense_ratio"], 4)
        if row["months_of_cash_eoy"] is not None:
            row["months_of_cash_eoy"] = round(row["months_of_cash_eoy"], 2)
        return row


class FinancialHistory(BaseModel):
    """Every fiscal year on file, oldest first, with the bands the lights used."""

    years: list[HistoryYear]
    bands: dict[str, Band]
    any_fictional: bool = False

    def last(self, n: int = 5) -> list[HistoryYear]:
        return self.years[-n:]


class LeaderCompensation(BaseModel):
    """The departing leader's reportable compensation on the latest return that lists her."""

    name: str
    title: str
    tax_year: int
    form: FormName
    reportable_comp: int | None  # whole dollars
    fictional: bool


class Form990FileCheck(BaseModel):
    filename: str
    tax_year: int
    form: FormName
    amended: bool
    name: str
    ein: str
    total_revenue: int
    total_expenses: int
    officers: int
    replaces: bool  # the year is already on file


class PeoplePlan(BaseModel):
    """What --people would do with the latest return's officers and directors."""

    tax_year: int | None = None
    added: list[str] = []
    matched: list[str] = []
    skipped_former: list[str] = []


class Form990Check(BaseModel):
    """What importing the files would do; problems mean nothing would be written."""

    files: list[Form990FileCheck]
    problems: list[str]
    superseded: list[str]
    plan: str
    people: PeoplePlan | None = None


class Form990Summary(BaseModel):
    new_years: list[int]
    replaced_years: list[int]
    people: PeoplePlan | None = None
    message: str


class ReturnOnFile(BaseModel):
    """A return as the removal panel names it (issue 15)."""

    id: int
    tax_year: int
    form: str
    amended: bool
    name: str
    filename: str
    officers: int  # the people it lists, deleted with it
    label: str  # "the 2019 Form 990 (amended)"
    version: int | None = None  # returns are not versioned: a re-import replaces the year
