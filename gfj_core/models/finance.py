"""Financial health: funders (shared with the relationship-handover ledger), gifts, monthly
accounts, programmes and the funding each programme has secured.

Money is integer cents everywhere (SQLite would turn a Decimal into a float)."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, Timestamped, Versioned, utcnow
from gfj_core.models.org import Person

FUNDER_TYPES = ("foundation", "individual", "corporate", "government", "other")
HANDOFF_STATUSES = ("not_started", "introduced", "transferred")
# secured (signed or received) / expected (pledged: likely, not committed)
FUNDING_STATUSES = ("secured", "expected")
# What became of a programme through the transition; `closed` is how a programme is retired
# (never deleted: its funding lines and audit history keep pointing at it).
PROGRAMME_STATUSES = ("maintained", "expanded", "reduced", "closed")


class Funder(Versioned, Timestamped, Base):
    """A funder and who holds the relationship. The transition's relationship-handover ledger
    reads these same rows: one list of funders, not two."""

    __tablename__ = "funder"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True, nullable=False)
    # foundation / individual / corporate / government / other
    type: Mapped[str] = mapped_column(String(20), default="other", nullable=False)
    relationship_owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"), index=True
    )
    successor_owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"), index=True
    )
    # not_started / introduced / transferred
    handoff_status: Mapped[str] = mapped_column(String(16), default="not_started", nullable=False)
    introduction_meeting_on: Mapped[date | None] = mapped_column(Date)
    # Archived (issue 15): hidden from the funder list by default and restorable; its gifts and
    # funding lines keep pointing at it and still count in the figures of their months.
    archived_on: Mapped[date | None] = mapped_column(Date)

    relationship_owner: Mapped[Person | None] = relationship(
        foreign_keys=[relationship_owner_person_id]
    )
    successor_owner: Mapped[Person | None] = relationship(foreign_keys=[successor_owner_person_id])


class MonthlyAccount(Timestamped, Base):
    """One month's accounts as the treasurer reports them: flows for the month and balances at
    month end. `month` is the first day of the month. Re-importing a month replaces its row."""

    __tablename__ = "monthly_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, unique=True, nullable=False)
    # Revenue for the month.
    contributions_unrestricted: Mapped[int] = mapped_column(BigInteger, nullable=False)
    contributions_restricted: Mapped[int] = mapped_column(BigInteger, nullable=False)
    program_revenue: Mapped[int] = mapped_column(BigInteger, nullable=False)
    other_revenue: Mapped[int] = mapped_column(BigInteger, nullable=False)  # may be negative
    # Expenses by function; depreciation (non-cash) is already inside these three.
    expense_program: Mapped[int] = mapped_column(BigInteger, nullable=False)
    expense_management: Mapped[int] = mapped_column(BigInteger, nullable=False)
    expense_fundraising: Mapped[int] = mapped_column(BigInteger, nullable=False)
    depreciation: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # Balances at month end.
    cash: Mapped[int] = mapped_column(BigInteger, nullable=False)
    investments: Mapped[int] = mapped_column(BigInteger, nullable=False)
    receivables: Mapped[int] = mapped_column(BigInteger, nullable=False)
    fixed_assets_net: Mapped[int] = mapped_column(BigInteger, nullable=False)
    fixed_asset_debt: Mapped[int] = mapped_column(BigInteger, nullable=False)
    current_liabilities: Mapped[int] = mapped_column(BigInteger, nullable=False)
    total_liabilities: Mapped[int] = mapped_column(BigInteger, nullable=False)
    net_assets_without_restrictions: Mapped[int] = mapped_column(BigInteger, nullable=False)
    board_designated: Mapped[int] = mapped_column(BigInteger, nullable=False)
    net_assets_with_restrictions: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # The approved budget for the month, when there is one.
    budget_revenue: Mapped[int | None] = mapped_column(BigInteger)
    budget_expense: Mapped[int | None] = mapped_column(BigInteger)


class Gift(Timestamped, Base):
    """A gift or grant payment, keyed by the CRM or ledger reference so a re-import updates it."""

    __tablename__ = "gift"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        # The concentration measures sum gifts in a date range grouped by funder.
        Index("ix_gift_date_funder_amount", "date", "funder_id", "amount_cents"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    funder_id: Mapped[int] = mapped_column(ForeignKey("funder.id"), index=True, nullable=False)
    amount_cents: Mapped[int] = mapped_column(BigInteger, nullable=False)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)

    funder: Mapped[Funder] = relationship()


class Programme(Versioned, Timestamped, Base):
    """A programme the organisation must keep running through the transition: who leads it,
    who could step in, what the next twelve months will cost, and whether it is maintained,
    expanded, reduced or closed (since `status_on`)."""

    __tablename__ = "programme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    lead_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    backup_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    annual_cost_cents: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # maintained / expanded / reduced / closed
    status: Mapped[str] = mapped_column(String(12), default="maintained", nullable=False)
    # The day the status took effect (None: as it has always been).
    status_on: Mapped[date | None] = mapped_column(Date)

    lead: Mapped[Person | None] = relationship(foreign_keys=[lead_person_id])
    backup: Mapped[Person | None] = relationship(foreign_keys=[backup_person_id])


class ProgrammeFunding(Versioned, Timestamped, Base):
    """A grant or other source paying for a programme over a period. Only `secured` lines count
    towards continuity; a line's amount is spread evenly over its days."""

    __tablename__ = "programme_funding"
    __table_args__ = (
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
        CheckConstraint("ends_on >= starts_on", name="period_ordered"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # A funder, or None for earned income such as training fees (then `source` names it).
    funder_id: Mapped[int | None] = mapped_column(ForeignKey("funder.id"), index=True)
    source: Mapped[str | None] = mapped_column(String(160))
    amount_cents: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # secured (signed or received) / expected (likely, not committed)
    status: Mapped[str] = mapped_column(String(12), default="secured", nullable=False)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)

    funder: Mapped[Funder | None] = relationship()


class FinanceImport(Base):
    """One accepted import: what kind, which file, who, and what it changed. Rejected files
    leave no row (an import is all or nothing)."""

    __tablename__ = "finance_import"
    # The log itself needs no audit trail: every row it summarises is audited.
    __audited__ = False
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # financials / funders / gifts
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(120), nullable=False)
    rows: Mapped[int] = mapped_column(Integer, nullable=False)
    created: Mapped[int] = mapped_column(Integer, nullable=False)
    replaced: Mapped[int] = mapped_column(Integer, nullable=False)
    detail: Mapped[str | None] = mapped_column(Text)


class Form990Return(Timestamped, Base):
    """One fiscal year from the organization's own Form 990 or 990-EZ (IRS e-file XML): the
    figures a board reads, in integer cents. One row per tax year: re-importing a year, or its
    amended return, replaces the row. A figure the form does not report is NULL, never 0."""

    __tablename__ = "form990_return"
    id: Mapped[int] = mapped_column(primary_key=True)
    tax_year: Mapped[int] = mapped_column(Integer, unique=True, nullable=False)
    form: Mapped[str] = mapped_column(String(8), nullable=False)  # 990 / 990-EZ
    period_begin: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    ein: Mapped[str] = mapped_column(String(9), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    amended: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    schema_version: Mapped[str | None] = mapped_column(String(20))  # returnVersion, e.g. 2019v5.1
    filed_at: Mapped[str | None] = mapped_column(String(40))  # ReturnTs as the IRS wrote it
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    # The demo's returns are invented: the UI says so.
    fictional: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    total_revenue: Mapped[int] = mapped_column(BigInteger, nullable=False)
    contributions: Mapped[int | None] = mapped_column(BigInteger)
    program_service_revenue: Mapped[int | None] = mapped_column(BigInteger)
    total_expenses: Mapped[int] = mapped_column(BigInteger, nullable=False)
    program_expenses: Mapped[int | None] = mapped_column(BigInteger)
    # Not reported on a 990-EZ: NULL there.
    management_expenses: Mapped[int | None] = mapped_column(BigInteger)
    fundraising_expenses: Mapped[int | None] = mapped_column(BigInteger)
    total_assets_eoy: Mapped[int | None] = mapped_column(BigInteger)
    total_liabilities_eoy: Mapped[int | None] = mapped_column(BigInteger)
    net_assets_eoy: Mapped[int | None] = mapped_column(BigInteger)
    # 990: cash (non-interest-bearing) + savings and temporary cash investments, end of year;
    # 990-EZ: line 22, cash, savings and investments (the form has no narrower figure).
    cash_and_savings_eoy: Mapped[int | None] = mapped_column(BigInteger)

    officers: Mapped[list[Form990Officer]] = relationship(
        back_populates="return_", cascade="all, delete-orphan", order_by="Form990Officer.position"
    )


class Form990Officer(Base):
    """A person the return lists in Part VII Section A (990) or Part IV (990-EZ): officers,
    directors, trustees, key employees and the highest compensated employees."""

    __tablename__ = "form990_officer"
    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(
        ForeignKey("form990_return.id", ondelete="CASCADE"), index=True, nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)  # order on the return
    name: Mapped[str] = mapped_column(String(160), nullable=False)
    title: Mapped[str] = mapped_column(String(160), nullable=False, default="")
    # Reportable compensation from the organization (W-2 box 5 / 1099), whole dollars in cents.
    # Shown to the board and treasurer only: redacted in the audit trail.
    reportable_comp: Mapped[int | None] = mapped_column(BigInteger, info={"sensitive": True})
    is_director: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_officer: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_key_employee: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_highest_compensated: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_former: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    return_: Mapped[Form990Return] = relationship(back_populates="officers")
