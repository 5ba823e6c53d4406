"""The measure catalogue: every figure the board reads, said once.

For each measure: its key (the field of the service result that carries it), the name people
read, its unit, the formula in words, a line of help, which direction is better, and the
organisation setting whose thresholds light it (the thresholds themselves are settings, so an
organisation can move them; the catalogue says which band applies and how to read it).

The Finances tiles, the board scorecard's finance tiles, the board packet and `gfj metrics` all
take names, formulas and help from here; a test fails when a tile says anything else."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from gfj_core import formatting as fmt
from gfj_core.schemas.settings import Band

Unit = Literal["months", "share", "money", "ratio", "dollars"]


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    unit: Unit
    formula: str
    help: str = ""
    # True: higher is better; False: lower is better; None: shown for context, not judged.
    higher_is_better: bool | None = True
    # The OrgSettings.thresholds key that lights it; None: no light.
    band: str | None = None
    digits: int = 0  # decimals for a share
    signed: bool = False  # a change or a variance: +5% / −5%

    def text(self, value: float | None) -> str:
        """The figure as the board reads it, in this measure's unit."""
        if value is None:
            return fmt.NO_DATA
        if self.unit == "share":
            return fmt.pct(value, self.digits, signed=self.signed)
        if self.unit == "months":
            return fmt.months(value)
        if self.unit == "money":
            return fmt.short_money(value)
        if self.unit == "dollars":
            return f"${value:.2f}"
        return f"{value:.{max(self.digits, 1)}f}"

    def threshold_words(self, band: Band | None) -> str:
        """How the light is read, from the organisation's own thresholds."""
        if band is None:
            return "Not judged: shown for context."
        t = {"share": lambda v: fmt.pct(v), "months": lambda v: f"{v:g} months"}.get(
            self.unit, lambda v: f"{v:g}" if self.unit != "dollars" else f"${v:.2f}"
        )
        if band.higher_is_better:
            return f"Healthy at {t(band.amber)} or more; Act below {t(band.red)}."
        return f"Healthy at {t(band.amber)} or less; Act above {t(band.red)}."

    def help_text(self, band: Band | None = None) -> str:
        """The tile's help: the formula, what it means, and its thresholds."""
        parts = [f"{self.name} = {self.formula}."]
        if self.help:
            parts.append(self.help)
        if self.band:
            parts.append(self.threshold_words(band))
        return " ".join(parts)


def _catalogue(*measures: Measure) -> dict[str, Measure]:
    return {m.key: m for m in measures}


FINANCE: Mapping[str, Measure] = _catalogue(
    Measure(
        "months_of_cash",
        "Months of cash",
        "months",
        "(cash + investments) ÷ average monthly cash expenses (expenses less depreciation), "
        "last 12 months",
        "How long the organisation could pay its bills from the bank if no money came in.",
        band="months_of_cash",
    ),
    Measure(
        "months_of_luna",
        "Months of LUNA",
        "months",
        "(net assets without donor restrictions − board-designated − (net fixed assets − "
        "related debt)) ÷ average monthly cash expenses",
        "LUNA is liquid unrestricted net assets: what the organisation owns outright and could "
        "spend on anything.",
        band="months_of_luna",
    ),
    Measure(
        "defensive_interval_months",
        "Defensive interval (months)",
        "months",
        "(cash + investments + receivables) ÷ average monthly cash expenses",
        "Months covered by cash, investments and money owed to the organisation.",
    ),
    Measure(
        "current_ratio",
        "Current ratio",
        "ratio",
        "(cash + investments + receivables) ÷ current liabilities, at month end",
        "Liquid assets for each $1 the organisation owes in the next year.",
    ),
    Measure(
        "surplus",
        "Surplus, 12 months",
        "money",
        "Σ the four revenue columns − Σ the three expense columns, last 12 months",
    ),
    Measure(
        "program_expense_ratio",
        "Program expense ratio",
        "share",
        "Σ program expenses ÷ Σ total expenses, last 12 months",
        band="program_expense_ratio",
    ),
    Measure(
        "admin_ratio",
        "Admin ratio",
        "share",
        "Σ management and general expenses ÷ Σ total expenses, last 12 months",
        higher_is_better=False,
        band="admin_ratio",
    ),
    Measure(
        "fundraising_efficiency",
        "Cost to raise a dollar",
        "dollars",
        "Σ fundraising expenses ÷ Σ contributions, last 12 months",
        higher_is_better=False,
        band="fundraising_efficiency",
    ),
    Measure(
        "operating_reliance",
        "Operating reliance",
        "share",
        "Σ program-service revenue ÷ Σ total expenses, last 12 months",
        "How far earned income covers costs.",
        digits=1,
    ),
    Measure(
        "budget_variance_expense_ytd",
        "Spending against budget, year to date",
        "share",
        "(Σ actual expenses − Σ budgeted expenses) ÷ Σ budgeted expenses, fiscal year to date",
        "Spending under budget is not judged.",
        higher_is_better=False,
        band="budget_variance_expense_ytd",
        digits=1,
        signed=True,
    ),
    Measure(
        "founder_dependent_gift_share",
        "Founder-dependent share of gifts",
        "share",
        "Σ gifts from funders whose relationship the departing leader holds and has not yet "
        "transferred ÷ Σ all gifts, last 12 months",
        higher_is_better=False,
        band="founder_dependent_gift_share",
    ),
    Measure(
        "top_funder_share",
        "Largest funder's share of gifts",
        "share",
        "the largest funder's gifts ÷ all gifts, last 12 months",
        higher_is_better=False,
        band="top_funder_share",
    ),
    Measure(
        "funder_hhi",
        "Funder concentration (HHI)",
        "ratio",
        "Σ (each funder's share of gifts)², last 12 months",
        "The Herfindahl-Hirschman index: 1 means a single funder; 1 ÷ HHI is the number of "
        "equal-sized funders that would be as concentrated.",
        higher_is_better=False,
        digits=2,
    ),
    Measure(
        "gifts_total",
        "Gifts, 12 months",
        "money",
        "Σ gifts dated from the first day of the window to the last day of the as-of month",
    ),
    Measure(
        "budget_variance_revenue_ytd",
        "Revenue against budget, year to date",
        "share",
        "(Σ actual revenue − Σ budgeted revenue) ÷ Σ budgeted revenue, fiscal year to date",
        digits=1,
        signed=True,
    ),
    Measure(
        "programme_funding_secured",
        "Share of a program's next-year cost secured",
        "share",
        "secured grants spread evenly over their days, falling in the next twelve months ÷ the "
        "program's 12-month cost",
        band="programme_funding_secured",
    ),
    # Context for `gfj metrics` and the packet's statement: not tiles of their own.
    Measure("total_revenue", "Total revenue", "money", "Σ the four revenue columns, 12 months"),
    Measure("total_expenses", "Total expenses", "money", "Σ the three expense columns, 12 months"),
    Measure(
        "average_monthly_cash_expenses",
        "Average monthly cash expenses",
        "money",
        "(Σ total expenses − Σ depreciation) ÷ months in the window",
    ),
    Measure(
        "luna",
        "LUNA",
        "money",
        "net assets without donor restrictions − board-designated − (net fixed assets − "
        "related debt), at month end",
    ),
)

# The Finances page's tiles, in rows of five.
FINANCE_TILE_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Cushion",
        (
            "months_of_cash",
            "months_of_luna",
            "defensive_interval_months",
            "current_ratio",
            "surplus",
        ),
    ),
    (
        "Spending and fundraising",
        (
            "program_expense_ratio",
            "admin_ratio",
            "fundraising_efficiency",
            "operating_reliance",
            "budget_variance_expense_ytd",
        ),
    ),
    (
        "Dependence on the departing leader and on a few funders",
        (
            "founder_dependent_gift_share",
            "top_funder_share",
            "funder_hhi",
            "gifts_total",
            "budget_variance_revenue_ytd",
        ),
    ),
)

# What the board scorecard and the packet carry of the finances, in that order.
BOARD_FINANCE_KEYS = (
    "months_of_luna",
    "months_of_cash",
    "founder_dependent_gift_share",
    "top_funder_share",
    "budget_variance_expense_ytd",
    "program_expense_ratio",
)

CATALOGUE: Mapping[str, Measure] = {**FINANCE}


def measure(key: str) -> Measure:
    return CATALOGUE[key]
