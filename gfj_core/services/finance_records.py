"""Correcting the finance records (issue 15). The treasurer, the CEO and an administrator (who
bring the books in: "finance.import") edit funders and archive or restore them, and remove a gift
or a month of accounts imported by mistake.

A funder is archived, never deleted: gifts, programme funding lines and the audit history point
at it, and its gifts still count in the figures of their months. A gift and a month of accounts
are deleted: nothing points at either. Every change is audited by the session's hooks, so the
finance reads (keyed by the versions of "gift", "funder" and "monthly_account" in
gfj_core.areas) are recomputed at the next rerun."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.areas import reads
from gfj_core.errors import NotFound
from gfj_core.formatting import fmt_date, fmt_month, money_from_cents
from gfj_core.models.finance import Funder, Gift, MonthlyAccount, ProgrammeFunding
from gfj_core.schemas.finance_records import (
    FUNDER_TYPE_WORDS,
    FinanceRecords,
    FunderRecord,
    FunderRowEdit,
    GiftRecord,
    MonthRecord,
)
from gfj_core.services.tables import save_rows
from gfj_core.services.versioning import check_version

Problems = list[tuple[str, str]]
GIFT_LIMIT = 300

_REVENUE = (
    MonthlyAccount.contributions_unrestricted
    + MonthlyAccount.contributions_restricted
    + MonthlyAccount.program_revenue
    + MonthlyAccount.other_revenue
)
_EXPENSES = (
    MonthlyAccount.expense_program
    + MonthlyAccount.expense_management
    + MonthlyAccount.expense_fundraising
)


@reads("funder", "gift", "monthly_account", "programme_funding")
def finance_records(
    session: Session, *, actor, include_archived: bool = False, gift_limit: int = GIFT_LIMIT
) -> FinanceRecords:
    """Funders (archived ones only when asked), the newest gifts and every month of accounts."""
    require(actor, "finance.import")
    gifts = (
        select(
            Gift.funder_id,
            func.count().label("n"),
            func.sum(Gift.amount_cents).label("cents"),
            func.max(Gift.date).label("last"),
        )
        .group_by(Gift.funder_id)
        .subquery()
    )
    lines = (
        select(ProgrammeFunding.funder_id, func.count().label("n"))
        .where(ProgrammeFunding.funder_id.is_not(None))
        .group_by(ProgrammeFunding.funder_id)
        .subquery()
    )
    q = (
        select(Funder, gifts.c.n, gifts.c.cents, gifts.c.last, lines.c.n)
        .outerjoin(gifts, gifts.c.funder_id == Funder.id)
        .outerjoin(lines, lines.c.funder_id == Funder.id)
        .order_by(Funder.archived_on.is_not(None), Funder.name)
    )
    if not include_archived:
        q = q.where(Funder.archived_on.is_(None))
    funders = [
        FunderRecord(
            id=f.id,
            name=f.name,
            type=f.type,
            gifts=n or 0,
            gifts_cents=cents or 0,
            last_gift_on=last,
            funding_lines=n_lines or 0,
            archived_on=f.archived_on,
            version=f.version,
        )
        for f, n, cents, last, n_lines in session.execute(q)
    ]
    gift_rows = [
        GiftRecord(
            id=g.id,
            reference=g.reference,
            date=g.date,
            funder=name,
            amount_cents=g.amount_cents,
            restricted=g.restricted,
        )
        for g, name in session.execute(
            select(Gift, Funder.name)
            .join(Funder, Funder.id == Gift.funder_id)
            .order_by(Gift.date.desc(), Gift.id.desc())
            .limit(gift_limit)
        )
    ]
    months = [
        MonthRecord(
            month=month,
            revenue_cents=revenue,
            expenses_cents=expenses,
            cash_cents=cash,
            has_budget=budget is not None,
        )
        for month, revenue, expenses, cash, budget in session.execute(
            select(
                MonthlyAccount.month,
                _REVENUE,
                _EXPENSES,
                MonthlyAccount.cash,
                MonthlyAccount.budget_expense,
            ).order_by(MonthlyAccount.month.desc())
        )
    ]
    return FinanceRecords(
        funders=funders,
        gifts=gift_rows,
        gifts_total=session.scalar(select(func.count()).select_from(Gift)) or 0,
        months=months,
    )


# ---------------------------------------------------------------- funders


def _apply_funder(session: Session, edit: FunderRowEdit, today: date) -> tuple[Funder, Problems]:
    funder = session.get(Funder, edit.id)
    if funder is None:
        raise NotFound("That funder no longer exists.")
    check_version(session, funder, edit.expected_version, "funder")
    problems: Problems = []
    changes = edit.changes
    for name in changes.model_fields_set:
        value = getattr(changes, name)
        if name == "name":
            if not value:
                problems.append(("name", "This is required."))
                continue
            clash = session.scalar(
                select(Funder.id).where(Funder.name == value, Funder.id != funder.id)
            )
            if clash:
                problems.append(("name", f"Another funder is already called “{value}”."))
                continue
            funder.name = value
        elif name == "type":
            if value not in FUNDER_TYPE_WORDS:
                problems.append(("type", "Choose one of the funder types."))
                continue
            funder.type = value
        elif name == "archived" and value is not None:
            if value and funder.archived_on is None:
                funder.archived_on = today
            elif not value:
                funder.archived_on = None
    return funder, problems


def save_funder_table(
    session: Session, edits: list[FunderRowEdit], *, actor, today: date | None = None
) -> int:
    """Save the edited rows of the funders table: every row or none (archive = tick Archived,
    restore = untick it)."""
    require(actor, "finance.import")
    day = today or date.today()
    return save_rows(
        session, edits, lambda e: _apply_funder(session, e, day), name=lambda f: f.name
    )


# ---------------------------------------------------------------- gifts and months


def gift_removal_line(gift: GiftRecord) -> str:
    """What the removal confirmation says goes with a gift."""
    kind = "restricted gift" if gift.restricted else "gift"
    return (
        f"the {kind} “{gift.reference}” from {gift.funder}, {money_from_cents(gift.amount_cents)} "
        f"on {fmt_date(gift.date)}"
    )


def month_removal_line(month: MonthRecord) -> str:
    """What the removal confirmation says goes with a month of accounts."""
    budget = " and its budget" if month.has_budget else ""
    return (
        f"the accounts of {fmt_month(month.month)}: revenue "
        f"{money_from_cents(month.revenue_cents)}, expenses {money_from_cents(month.expenses_cents)}, "
        f"cash {money_from_cents(month.cash_cents)} at month end{budget}"
    )


def remove_gift(session: Session, *, gift_id: int, actor) -> str:
    """Delete one gift imported by mistake; returns what was removed, in words."""
    require(actor, "finance.import")
    row = session.execute(
        select(Gift, Funder.name)
        .join(Funder, Funder.id == Gift.funder_id)
        .where(Gift.id == gift_id)
    ).first()
    if row is None:
        raise NotFound("That gift is no longer on record (someone may have removed it already).")
    gift, funder = row
    said = gift_removal_line(
        GiftRecord(
            id=gift.id,
            reference=gift.reference,
            date=gift.date,
            funder=funder,
            amount_cents=gift.amount_cents,
            restricted=gift.restricted,
        )
    )
    session.delete(gift)
    session.flush()
    return said


def remove_month(session: Session, *, month: date, actor) -> str:
    """Delete one month of accounts imported by mistake; returns what was removed, in words."""
    require(actor, "finance.import")
    account = session.scalar(
        select(MonthlyAccount).where(MonthlyAccount.month == month.replace(day=1))
    )
    if account is None:
        raise NotFound(
            f"No accounts for {fmt_month(month)} are on record (someone may have removed them)."
        )
    a = account
    said = month_removal_line(
        MonthRecord(
            month=a.month,
            revenue_cents=a.contributions_unrestricted
            + a.contributions_restricted
            + a.program_revenue
            + a.other_revenue,
            expenses_cents=a.expense_program + a.expense_management + a.expense_fundraising,
            cash_cents=a.cash,
            has_budget=a.budget_expense is not None,
        )
    )
    session.delete(account)
    session.flush()
    return said
