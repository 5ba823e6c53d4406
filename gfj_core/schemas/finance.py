"""Financial health boundary models: rows coming in from imports, figures going out to pages,
the CLI and the board scorecard. Money going out is in dollars rounded to the cent; ratios are
unrounded; None means a divisor was zero or data was missing."""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gfj_core.metrics.finance import AMOUNT_COLUMNS
from gfj_core.metrics.lights import Light
from gfj_core.schemas.settings import Band

FunderType = Literal["foundation", "individual", "corporate", "government", "other"]
HandoffStatus = Literal["not_started", "introduced", "transferred"]
ImportKind = Literal["financials", "funders", "gifts"]

# Only these may be negative: a loss on investments, or net assets in deficit.
MAY_BE_NEGATIVE = frozenset(
    {"other_revenue", "net_assets_without_restrictions", "net_assets_with_restrictions"}
)


def dollars(cents: float | None) -> float | None:
    """Cents to dollars, to the cent, halves rounded away from zero as accountants do."""
    if cents is None:
        return None
    whole = math.floor(abs(cents) + 0.5)
    return (whole if cents >= 0 else -whole) / 100


# --- rows coming in ---------------------------------------------------------------------------


class MonthlyAccountIn(BaseModel):
    """One month of accounts from an import, amounts in integer cents."""

    model_config = ConfigDict(extra="forbid")

    month: date
    contributions_unrestricted: int
    contributions_restricted: int
    program_revenue: int
    other_revenue: int
    expense_program: int
    expense_management: int
    expense_fundraising: int
    depreciation: int
    cash: int
    investments: int
    receivables: int
    fixed_assets_net: int
    fixed_asset_debt: int
    current_liabilities: int
    total_liabilities: int
    net_assets_without_restrictions: int
    board_designated: int
    net_assets_with_restrictions: int
    budget_revenue: int | None = None
    budget_expense: int | None = None

    @field_validator(*(c for c in AMOUNT_COLUMNS if c not in MAY_BE_NEGATIVE), "budget_revenue",
                     "budget_expense")  # fmt: skip
    @classmethod
    def _not_negative(cls, v: int | None) -> int | None:
        if v is not None and v < 0:
            raise ValueError(
                "may not be negative (only other_revenue and the two net-asset columns may be)"
            )
        return v

    @field_validator("depreciation")
    @classmethod
    def _depreciation_inside_expenses(cls, v: int, info) -> int:
        # Declared after the three expense columns, so they are in info.data when valid.
        parts = [
            info.data.get(c)
            for c in ("expense_program", "expense_management", "expense_fundraising")
        ]
        if all(p is not None for p in parts) and v > sum(parts):
            total = sum(parts) / 100
            raise ValueError(
                f"depreciation may not exceed the month's total expenses (${total:,.2f})"
            )
        return v

    @field_validator("month")
    @classmethod
    def _first_of_month(cls, v: date) -> date:
        return v.replace(day=1)


class FunderIn(BaseModel):
    """One funder from an import; owners are people's full names."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=160)
    type: FunderType
    relationship_owner: str = Field(min_length=1, max_length=120)
    successor_owner: str | None = Field(None, max_length=120)
    handoff_status: HandoffStatus
    introduction_meeting_on: date | None = None


class GiftIn(BaseModel):
    """One gift from an import, amount in integer cents."""

    model_config = ConfigDict(extra="forbid")

    reference: str = Field(min_length=1, max_length=80)
    date: date
    funder: str = Field(min_length=1, max_length=160)
    amount_cents: int = Field(gt=0)
    restricted: bool
    note: str | None = None


# --- imports ----------------------------------------------------------------------------------


class ImportProblem(BaseModel):
    row: int | None  # spreadsheet row: header = 1, first data row = 2
    column: str | None
    message: str

    @property
    def location(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts) or "file"


class ImportCheck(BaseModel):
    """What an import would do, worked out before anything is written."""

    kind: ImportKind
    filename: str
    rows: int
    problems: list[ImportProblem]
    columns: list[str]
    preview: list[dict[str, str]]  # the first rows as the user wrote them
    will_create: int
    will_replace: int
    plan: str  # one sentence, e.g. "1 month new (2026-11), 35 replaced"
    new_people: list[str] = []
    new_funders: list[str] = []
    # Figures that look unusual (monthly accounts): written only once the importer confirms.
    warnings: list[ImportProblem] = []

    @property
    def ok(self) -> bool:
        return not self.problems and self.rows > 0


class ImportSummary(BaseModel):
    """What an accepted import changed."""

    kind: ImportKind
    filename: str
    rows: int
    created: int
    replaced: int
    message: str


class ImportLogEntry(BaseModel):
    kind: str
    filename: str
    at: str  # UTC, ISO
    actor_name: str
    rows: int
    created: int
    replaced: int
    detail: str | None


# --- figures going out ------------------------------------------------------------------------


class FinanceMeasures(BaseModel):
    """The measures at one as-of month: what `gfj metrics --json` prints."""

    as_of: str  # YYYY-MM
    window_start: str
    months_in_window: int
    ytd_start: str
    ytd_months: int
    total_revenue: float
    total_expenses: float
    surplus: float
    depreciation: float
    program_revenue: float
    contributions: float
    average_monthly_cash_expenses: float | None
    cash_and_investments: float
    months_of_cash: float | None
    luna: float
    months_of_luna: float | None
    operating_reliance: float | None
    defensive_interval_months: float | None
    current_ratio: float | None
    program_expense_ratio: float | None
    admin_ratio: float | None
    fundraising_efficiency: float | None
    ytd_revenue: float
    ytd_expenses: float
    ytd_budget_revenue: float | None
    ytd_budget_expense: float | None
    budget_variance_revenue_ytd: float | None
    budget_variance_expense_ytd: float | None
    gifts_total: float
    top_funder: str | None
    top_funder_share: float | None
    funder_hhi: float | None
    founder_dependent_gift_share: float | None
    founder_dependent_gifts: float
    lights: dict[str, Light] = {}


class MonthRow(BaseModel):
    """One month's accounts in dollars, for charts."""

    month: date
    contributions_unrestricted: float
    contributions_restricted: float
    program_revenue: float
    other_revenue: float
    expense_program: float
    expense_management: float
    expense_fundraising: float
    cash_and_investments: float
    budget_revenue: float | None
    budget_expense: float | None


class YtdPoint(BaseModel):
    """Cumulative actual and budget from the fiscal-year start to `month`."""

    month: date
    revenue: float
    budget_revenue: float | None
    expenses: float
    budget_expense: float | None


class FunderShare(BaseModel):
    id: int
    name: str
    type: str
    relationship_owner: str | None
    successor_owner: str | None
    handoff_status: str
    introduction_meeting_on: date | None
    gifts: float  # in the window, dollars
    share: float | None
    held_by_departing_leader: bool
    founder_dependent: bool  # held by the departing leader and not yet transferred


class ProgrammeContinuity(BaseModel):
    name: str
    description: str | None
    lead: str | None
    backup: str | None
    lead_is_departing_leader: bool
    backup_is_departing_leader: bool
    annual_cost: float
    secured_next_12_months: float
    expected_next_12_months: float
    secured_share: float | None
    # Secured money that comes through funders still held by the departing leader.
    secured_via_departing_leader: float
    light: Light


class FinanceDashboard(BaseModel):
    """Everything the Finances page draws for one as-of month, read once."""

    as_of: date
    measures: FinanceMeasures
    trend: list[FinanceMeasures]  # up to 36 months ending at as-of (months present)
    months: list[MonthRow]  # the same months' accounts
    ytd: list[YtdPoint]
    funders: list[FunderShare]  # by share, largest first
    programmes: list[ProgrammeContinuity]
    next_12_months: tuple[date, date]
    bands: dict[str, Band]
    departing_leader: str | None
    fiscal_year_start_month: int
    demo: bool


class CashPoint(BaseModel):
    month: date
    baseline: float
    scenario: float


class RunwayScenario(BaseModel):
    """What happens to the cushion if some funders' gifts stop: `gfj scenario --json`."""

    as_of: str
    lapsed_funders: list[str]
    lapsed_gifts: float
    lapsed_share: float | None = None  # of the window's gifts; None: no gifts on file
    total_revenue: float
    months_in_window: int
    average_monthly_cash_expenses: float | None
    cash_and_investments: float
    baseline_monthly_net: float | None
    monthly_net: float | None
    baseline_runway_months: float | None
    runway_months: float | None  # None: sustainable (monthly net ≥ 0)
    curve: list[CashPoint] = []
    # What each cover figure takes for granted, in words with this month's figures (issue 22).
    months_of_cash_assumes: str = ""
    baseline_assumes: str = ""
    scenario_assumes: str = ""


class BoardFigure(BaseModel):
    """One vital number for the board scorecard, with its light and monthly trend."""

    key: str
    label: str
    value: float | None
    unit: Literal["months", "share", "dollars", "ratio"]
    light: Light
    trend: list[tuple[date, float | None]]
    formula: str


class FinanceBoardFigures(BaseModel):
    as_of: date | None  # None: no monthly accounts on file
    figures: dict[str, BoardFigure]


class StatementRow(BaseModel):
    """A line of the statement of activities, in dollars (see metrics.finance.StatementLine)."""

    key: str
    label: str
    section: Literal["revenue", "expenses", "net"]
    total: bool
    month: float
    ytd: float
    month_budget: float | None
    ytd_budget: float | None
    ytd_variance: float | None  # actual − budget
    ytd_variance_share: float | None
    light: Light | None = None  # total expenses only: overspending is never green


class BalanceRow(BaseModel):
    """A line of the balance-sheet summary, in dollars."""

    key: str
    label: str
    section: Literal["assets", "liabilities", "net_assets"]
    total: bool
    memo: bool
    now: float
    year_start: float | None
    change: float | None


class FinancialStatements(BaseModel):
    """The treasurer's statements for one as-of month."""

    as_of: date
    ytd_start: date
    ytd_months: int
    year_start: date | None  # the balance sheet's comparison month (end of last fiscal year)
    activities: list[StatementRow]
    balance_sheet: list[BalanceRow]
    # The monthly accounts carry budgets for total revenue and expenses only.
    line_budgets: bool = False
