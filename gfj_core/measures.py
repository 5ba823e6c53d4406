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
from gfj_core.metrics.lights import WORDS, Level, Light, light_for
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
    signed: bool = False  # a change or a variance: +5.0% / −5.0% (fmt.variance)
    # A ratio's unit in words after the number: "2.3 to 1".
    suffix: str = ""
    # Beyond this value the light is never green, whatever the organisation's amber threshold:
    # overspending the budget (a variance above 0) is at least Watch (issue 22).
    never_green_beyond: float | None = None
    # What the figure takes for granted, in words (runway, months of cash).
    assumes: str = ""

    def text(self, value: float | None) -> str:
        """The figure as the board reads it, with its unit: one format per kind of number
        (gfj_core.formatting)."""
        if value is None:
            return fmt.NO_DATA
        if self.unit == "share":
            return fmt.variance(value) if self.signed else fmt.share(value)
        if self.unit == "months":
            return fmt.months_with_unit(value)
        if self.unit == "money":
            return fmt.money(value)
        if self.unit == "dollars":
            return fmt.money(value, cents=True) + self.suffix
        return fmt.ratio(value) + self.suffix

    def light(self, value: float | None, band: Band) -> Light:
        """The light for a value: the organisation's band, then the catalogue's own limits."""
        found = light_for(value, band)
        limit = self.never_green_beyond
        if limit is not None and found.level == Level.green and value is not None:
            beyond = value > limit if self.higher_is_better is False else value < limit
            if beyond:
                return Light(level=Level.amber, word=WORDS[Level.amber])
        return found

    def threshold_words(self, band: Band | None) -> str:
        """How the light is read, from the organisation's own thresholds."""
        if band is None:
            return "Not judged: shown for context."
        t = {"share": lambda v: fmt.pct(v), "months": lambda v: f"{v:g} months"}.get(
            self.unit, lambda v: f"{v:g}" if self.unit != "dollars" else f"${v:.2f}"
        )
        if self.never_green_beyond is not None and not band.higher_is_better:
            return (
                f"Healthy at {t(self.never_green_beyond)} or less; Watch above it; Act above "
                f"{t(band.red)}."
            )
        if band.higher_is_better:
            return f"Healthy at {t(band.amber)} or more; Act below {t(band.red)}."
        return f"Healthy at {t(band.amber)} or less; Act above {t(band.red)}."

    def help_text(self, band: Band | None = None) -> str:
        """The tile's help: the formula, what it means, and its thresholds."""
        parts = [f"{self.name} = {self.formula}."]
        if self.help:
            parts.append(self.help)
        if self.assumes:
            parts.append(f"Assumes {self.assumes}.")
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
        "How long the organization could pay its bills from the bank if no money came in.",
        band="months_of_cash",
        assumes="no money at all comes in from today, and spending goes on at the last 12 "
        "months' average cash expenses (expenses less depreciation)",
    ),
    Measure(
        "months_of_luna",
        "Months of LUNA (liquid unrestricted net assets)",
        "months",
        "(net assets without donor restrictions − board-designated − (net fixed assets − "
        "related debt)) ÷ average monthly cash expenses",
        "LUNA is liquid unrestricted net assets: what the organization owns outright and could "
        "spend on anything.",
        band="months_of_luna",
    ),
    Measure(
        "defensive_interval_months",
        "Defensive interval",
        "months",
        "(cash + investments + receivables) ÷ average monthly cash expenses",
        "Months covered by cash, investments and money owed to the organization.",
        assumes="no new money comes in, the receivables are all collected, and spending goes on "
        "at the last 12 months' average",
    ),
    Measure(
        "current_ratio",
        "Current ratio",
        "ratio",
        "(cash + investments + receivables) ÷ current liabilities, at month end",
        "Liquid assets for each $1 the organization owes in the next year.",
        suffix=" to 1",
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
    ),
    Measure(
        "budget_variance_expense_ytd",
        "Spending against budget, year to date",
        "share",
        "(Σ actual expenses − Σ budgeted expenses) ÷ Σ budgeted expenses, fiscal year to date",
        "Spending under budget is not judged; spending over it is never Healthy.",
        higher_is_better=False,
        band="budget_variance_expense_ytd",
        signed=True,
        never_green_beyond=0.0,
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
        "Funder concentration (Herfindahl index, HHI)",
        "ratio",
        "Σ (each funder's share of gifts)², last 12 months",
        "The Herfindahl-Hirschman index (HHI): 1 means a single funder; 1 ÷ HHI is the number "
        "of equal-sized funders that would be as concentrated.",
        higher_is_better=False,
        suffix=" of 1",
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
        "LUNA (liquid unrestricted net assets)",
        "money",
        "net assets without donor restrictions − board-designated − (net fixed assets − "
        "related debt), at month end",
    ),
    # The runway scenario (Finances, `gfj scenario`).
    Measure(
        "baseline_runway_months",
        "Runway if nothing changes",
        "months",
        "(cash + investments) ÷ (average monthly cash expenses − average monthly revenue), "
        "last 12 months; Sustainable when revenue covers spending",
        "Unlike months of cash, it counts the money still coming in.",
        higher_is_better=None,
        assumes="revenue and spending both go on at their last 12 months' monthly average; no "
        "funder stops giving",
    ),
    Measure(
        "runway_months",
        "Runway if they lapse",
        "months",
        "(cash + investments) ÷ (average monthly cash expenses − (revenue − the lapsed "
        "funders' gifts) ÷ months), last 12 months; Sustainable when what is left covers spending",
        higher_is_better=None,
        assumes="the chosen funders' gifts of the last 12 months stop from today and never "
        "return, while other revenue and spending go on at their 12-month averages",
    ),
    Measure(
        "monthly_net",
        "Monthly net after the lapse",
        "money",
        "(revenue − the lapsed funders' gifts) ÷ months − average monthly cash expenses",
        "Negative: the cushion shrinks by this much a month.",
        higher_is_better=None,
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
