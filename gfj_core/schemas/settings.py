"""Organisation settings: what the CEO and admin may change, with defaults and validation."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gfj_core.formatting import DateStyleKey


class Band(BaseModel):
    """Traffic-light thresholds. With higher_is_better, below `red` is Act, below `amber` is Watch;
    otherwise above `red` is Act and above `amber` is Watch. `inclusive` makes the bound itself count."""

    model_config = ConfigDict(extra="forbid")

    red: float
    amber: float
    higher_is_better: bool = True
    inclusive: bool = False

    @model_validator(mode="after")
    def _ordered(self):
        if self.higher_is_better and self.red > self.amber:
            raise ValueError("red must not be above amber when higher is better")
        if not self.higher_is_better and self.red < self.amber:
            raise ValueError("red must not be below amber when lower is better")
        return self


def _default_thresholds() -> dict[str, Band]:
    return {
        # Share of open milestones that are late: any late milestone is a watch item.
        "milestones_late_share": Band(red=0.2, amber=0.0, higher_is_better=False),
        # How far exit-checklist completion trails the share of transition time elapsed.
        "checklist_pace_gap": Band(red=0.25, amber=0.10, higher_is_better=False),
        # Internal candidates rated ready now: none is Act, a single one is a thin bench.
        "leaders_ready_now": Band(red=0, amber=1, higher_is_better=True, inclusive=True),
        # Financial health (issue 4): under 1 month is a crisis, 3 or more is healthy.
        "months_of_cash": Band(red=1, amber=3),
        "months_of_luna": Band(red=1, amber=3),
        "program_expense_ratio": Band(red=0.65, amber=0.75),
        "admin_ratio": Band(red=0.25, amber=0.15, higher_is_better=False),
        # Cost to raise a dollar: about $0.20 is typical, above $0.35 weak.
        "fundraising_efficiency": Band(red=0.35, amber=0.20, higher_is_better=False),
        # A single source of half the revenue is high risk.
        "top_funder_share": Band(red=0.5, amber=0.25, higher_is_better=False, inclusive=True),
        "founder_dependent_gift_share": Band(
            red=0.30, amber=0.10, higher_is_better=False, inclusive=True
        ),
        # Spending above budget year to date; spending below budget is not judged.
        "budget_variance_expense_ytd": Band(red=0.10, amber=0.05, higher_is_better=False),
        # Share of a programme's next-12-month cost already secured.
        "programme_funding_secured": Band(red=0.5, amber=0.8),
    }


READINESS_COMPONENTS = (
    "leader_readiness",
    "milestone_schedule",
    "exit_checklist",
    "knowledge_coverage",
    "financial_cushion",
    "founder_dependent_revenue",
)


def _default_index_weights() -> dict[str, float]:
    return {
        "leader_readiness": 25,
        "milestone_schedule": 15,
        "exit_checklist": 20,
        "knowledge_coverage": 15,
        "financial_cushion": 15,
        "founder_dependent_revenue": 10,
    }


class ReadinessIndexSettings(BaseModel):
    """The succession readiness index (0-100): component weights (relative, renormalised over
    the components whose area exists), the bench it expects, and its traffic-light band."""

    model_config = ConfigDict(extra="forbid")

    weights: dict[str, float] = Field(default_factory=_default_index_weights)
    # Leader readiness is full when (ready now + half of ready in 1-2 years) reaches this.
    bench_target: float = Field(3, gt=0, le=50)
    # Financial cushion is full at this many months of LUNA.
    cushion_target_months: float = Field(6, gt=0, le=36)
    band: Band = Field(default_factory=lambda: Band(red=40, amber=60, higher_is_better=True))

    @model_validator(mode="after")
    def _known_weights(self):
        unknown = set(self.weights) - set(READINESS_COMPONENTS)
        if unknown:
            raise ValueError(f"unknown index components: {', '.join(sorted(unknown))}")
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("weights must not be negative")
        if not any(w > 0 for w in self.weights.values()):
            raise ValueError("at least one weight must be above zero")
        return self


class EmailSettings(BaseModel):
    """Reminders by email (issue 18) through the organisation's own SMTP server. Everything but
    the password, which is a secret: GFJ_SMTP_PASSWORD in the environment or secrets.toml."""

    model_config = ConfigDict(extra="forbid")

    smtp_host: str | None = Field(None, max_length=200)
    smtp_port: int = Field(587, ge=1, le=65535)
    # starttls (port 587), ssl (port 465), or none (a relay on the same machine, and tests).
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str | None = Field(None, max_length=200)
    from_address: str | None = Field(None, max_length=200)
    # Where people open the app: the link in every message and the base of calendar feeds.
    app_url: str = Field("http://localhost:8501", min_length=1, max_length=300)
    # The mentors' weekly message goes out on the first run on or after this weekday (0 = Monday).
    mentor_weekday: int = Field(0, ge=0, le=6)
    # Owners hear of what falls due within this many days (and once when it is overdue).
    due_soon_days: int = Field(7, ge=1, le=60)
    # The board hears of a scheduled board meeting this many days before it.
    board_reminder_days: int = Field(7, ge=1, le=60)
    # Attach the board packet (PDF, aggregates only) to the board's reminder.
    attach_packet: bool = False

    @property
    def configured(self) -> bool:
        return bool(self.smtp_host and self.from_address)


class OrgSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    organisation_name: str = Field("The Gathering for Justice", min_length=1, max_length=120)
    # The founder whose legacy the Legacy & values page honours (None: no founder named).
    founder_name: str | None = Field(None, max_length=120)
    departing_leader: str | None = None  # a known person's full name
    departing_leader_title: str = "President & CEO"
    fiscal_year_start_month: int = Field(1, ge=1, le=12)
    # How every date reads and is typed (gfj_core.formatting.DATE_STYLES): us, international, iso.
    date_style: DateStyleKey = "us"
    transition_start_date: date | None = None
    planned_handover_date: date | None = None
    # A mentoring relationship with no session for this many days is flagged.
    session_stale_days: int = Field(30, ge=1, le=365)
    # Monthly accounts: cash moving by more than this share in one month is held for the
    # treasurer's confirmation before the import writes anything (issue 22).
    import_cash_move_share: float = Field(0.5, gt=0, le=10)
    thresholds: dict[str, Band] = Field(default_factory=_default_thresholds)
    demo_loaded: bool = False
    readiness_index: ReadinessIndexSettings = Field(default_factory=ReadinessIndexSettings)
    # Who triggers the emergency backup plan, in order.
    emergency_triggers: list[Literal["chair", "vice_chair", "treasurer", "secretary"]] = [
        "chair",
        "vice_chair",
    ]
    email: EmailSettings = Field(default_factory=EmailSettings)
