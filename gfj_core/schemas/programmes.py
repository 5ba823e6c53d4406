"""Boundary models for programmes and their funding (issue 15): the CEO, the treasurer and
admins create and correct programmes, change their status (maintained, expanded, reduced,
closed: closing is how a programme is retired, never deleted), and record each programme's
funding lines (a funder or another source, an amount, a period, secured or pledged).

Money is typed in dollars (two decimals at most) and stored in integer cents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gfj_core.vocabulary import Vocabulary

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

ProgrammeStatus = Literal["maintained", "expanded", "reduced", "closed"]
# `expected` is the stored code of a pledged line (likely, not committed).
FundingStatus = Literal["secured", "expected"]

PROGRAMME_STATUS_WORDS: Vocabulary[str] = Vocabulary(
    {"maintained": "Maintained", "expanded": "Expanded", "reduced": "Reduced", "closed": "Closed"}
)
FUNDING_STATUS_WORDS: Vocabulary[str] = Vocabulary({"secured": "Secured", "expected": "Pledged"})

Dollars = Field(ge=0, max_digits=14, decimal_places=2)


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def cents(dollars: Decimal) -> int:
    """Typed dollars as integer cents, exactly."""
    return int(dollars * 100)


# ---------------------------------------------------------------- programmes


class ProgrammeCreate(BaseModel):
    """A new programme: its name, who leads it and who could step in, its annual cost."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=120)
    description: str | None = Field(None, max_length=2000)
    lead_person_id: int | None = None
    backup_person_id: int | None = None
    annual_cost: Decimal = Dollars
    status: ProgrammeStatus = "maintained"
    status_on: date | None = None

    _blank = field_validator("description")(_blank_to_none)

    @model_validator(mode="after")
    def _two_people(self):
        if self.lead_person_id is not None and self.lead_person_id == self.backup_person_id:
            raise ValueError("backup_person_id: the backup must be someone other than the lead")
        return self


class ProgrammeUpdate(BaseModel):
    """Changed fields of a programme. Closing it retires it (hidden, restorable: set it back to
    maintained); a status change without a date takes effect the day it is saved."""

    model_config = _STRICT

    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=2000)
    lead_person_id: int | None = None
    backup_person_id: int | None = None
    annual_cost: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    status: ProgrammeStatus | None = None
    status_on: date | None = None

    _blank = field_validator("description")(_blank_to_none)


class ProgrammeRowEdit(BaseModel):
    """One edited row of the programmes table (or the one-programme form), with the version it
    was loaded at."""

    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: ProgrammeUpdate


class ProgrammeRow(BaseModel):
    id: int
    name: str
    description: str | None
    lead_person_id: int | None
    lead: str | None
    backup_person_id: int | None
    backup: str | None
    annual_cost: float
    status: ProgrammeStatus
    status_on: date | None
    # From the programme-continuity computation (gfj_core.services.finance_measures): the share of the
    # next twelve months' cost that secured lines cover. None for a closed programme or no cost.
    secured_share: float | None
    secured_next_12_months: float | None
    expected_next_12_months: float | None
    funding_lines: int
    version: int


# ---------------------------------------------------------------- funding lines


class FundingCreate(BaseModel):
    """A funding line: from a funder on file, or another source named in words (training
    fees, say); an amount over a period, secured or pledged."""

    model_config = _STRICT

    programme_id: int
    funder_id: int | None = None
    source: str | None = Field(None, max_length=160)
    amount: Decimal = Dollars
    status: FundingStatus = "secured"
    starts_on: date
    ends_on: date

    _blank = field_validator("source")(_blank_to_none)

    @model_validator(mode="after")
    def _whole(self):
        if (self.funder_id is None) == (self.source is None):
            raise ValueError("funder_id: choose a funder, or name another source (not both)")
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on: the period cannot end before it starts")
        return self


class FundingUpdate(BaseModel):
    """Changed fields of a funding line."""

    model_config = _STRICT

    funder_id: int | None = None
    source: str | None = Field(None, max_length=160)
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    status: FundingStatus | None = None
    starts_on: date | None = None
    ends_on: date | None = None

    _blank = field_validator("source")(_blank_to_none)


class FundingRowEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: FundingUpdate


class FundingDelete(BaseModel):
    """Delete a line typed by mistake (nothing points at a funding line)."""

    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    confirmed: bool = False

    @model_validator(mode="after")
    def _confirmed(self):
        if not self.confirmed:
            raise ValueError("confirmed: tick the box to confirm the deletion")
        return self


class FundingRow(BaseModel):
    id: int
    programme_id: int
    programme: str
    funder_id: int | None
    funder: str | None
    source: str | None
    amount: float
    status: FundingStatus
    starts_on: date
    ends_on: date
    version: int


# ---------------------------------------------------------------- the KPI and the page's view


class ProgrammesKept(BaseModel):
    """The organisation's KPI "programmes maintained or expanded during the transition".

    Counted: every programme on record except those closed before the transition started.
    `share` = (maintained + expanded) ÷ counted; None when nothing is counted."""

    maintained: int
    expanded: int
    reduced: int
    closed: int
    counted: int
    closed_before_transition: int
    share: float | None

    @property
    def kept(self) -> int:
        return self.maintained + self.expanded


class Choice(BaseModel):
    id: int
    name: str


class ProgrammesAdmin(BaseModel):
    """What the Programs page shows: every programme (closed ones too: the page hides them by
    default), every funding line, the people and funders the forms offer, and the KPI."""

    as_of: date
    programmes: list[ProgrammeRow]
    funding: list[FundingRow]
    people: list[Choice]
    funders: list[Choice]
    kept: ProgrammesKept
