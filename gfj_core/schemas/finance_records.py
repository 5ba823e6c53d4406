"""Boundary models for correcting the finance records (issue 15): funders are edited and
archived (gifts and funding lines point at them), a gift or a month of accounts imported by
mistake is removed (nothing points at either)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from gfj_core.models.finance import FUNDER_TYPES
from gfj_core.vocabulary import Vocabulary

FUNDER_TYPE_WORDS = Vocabulary({t: t.capitalize() for t in FUNDER_TYPES})


class FunderUpdate(BaseModel):
    """Changed fields of a funder; `archived` True archives it, False restores it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(None, min_length=1, max_length=160)
    type: str | None = None
    archived: bool | None = None


class FunderRowEdit(BaseModel):
    """One edited row of the funders table, with the version it was loaded at."""

    model_config = ConfigDict(extra="forbid")

    id: int
    expected_version: int
    changes: FunderUpdate


class FunderRecord(BaseModel):
    id: int
    name: str
    type: str
    gifts: int  # how many gifts point at it
    gifts_cents: int
    last_gift_on: date | None
    funding_lines: int  # programme funding lines that name it
    archived_on: date | None
    version: int

    @property
    def archived(self) -> bool:
        return self.archived_on is not None


class GiftRecord(BaseModel):
    id: int
    reference: str
    date: date
    funder: str
    amount_cents: int
    restricted: bool


class MonthRecord(BaseModel):
    """A month of accounts as the removal confirmation names it."""

    month: date
    revenue_cents: int
    expenses_cents: int
    cash_cents: int
    has_budget: bool


class FinanceRecords(BaseModel):
    """What the Finances page's corrections panel lists."""

    funders: list[FunderRecord]
    gifts: list[GiftRecord]  # newest first, at most `limit`
    gifts_total: int
    months: list[MonthRecord]  # newest first
