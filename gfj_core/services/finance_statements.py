"""The financial statements: the statement of activities (the month and the fiscal year to date,
against budget) and the balance-sheet summary (at as-of and at the end of the last fiscal year)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.metrics.finance import (
    add_months,
    balance_sheet_summary,
    fiscal_year_start,
    statement_of_activities,
)
from gfj_core.schemas.finance import (
    BalanceRow,
    FinancialStatements,
    StatementRow,
    dollars,
)
from gfj_core.services.finance_reads import month_figures, require_month
from gfj_core.services.org_settings import load_org_settings
from gfj_core.viewers import same_for_role


@same_for_role
def financial_statements(session: Session, *, as_of: date, actor) -> FinancialStatements:
    """The statement of activities (the month and the fiscal year to date, totals against
    budget) and the balance-sheet summary (at as-of and at the end of the last fiscal year)."""
    require(actor, "finance.read")
    as_of = as_of.replace(day=1)
    settings = load_org_settings(session)
    fy = settings.fiscal_year_start_month
    start = fiscal_year_start(as_of, fy)
    months = month_figures(session, add_months(start, -1), as_of)
    require_month(session, as_of, months)
    band = settings.thresholds.get("budget_variance_expense_ytd")
    expense_measure = FINANCE_MEASURES["budget_variance_expense_ytd"]
    activities = []
    for line in statement_of_activities(months, as_of, fy):
        light = None
        if line.key == "total_expenses" and band is not None:
            light = expense_measure.light(line.ytd_variance_share, band)
        activities.append(
            StatementRow(
                key=line.key,
                label=line.label,
                section=line.section,
                total=line.total,
                month=dollars(line.month),
                ytd=dollars(line.ytd),
                month_budget=dollars(line.month_budget),
                ytd_budget=dollars(line.ytd_budget),
                ytd_variance=dollars(line.ytd_variance),
                ytd_variance_share=line.ytd_variance_share,
                light=light,
            )
        )
    lines, year_start = balance_sheet_summary(months, as_of, fy)
    return FinancialStatements(
        as_of=as_of,
        ytd_start=start,
        ytd_months=sum(1 for m in months if start <= m.month <= as_of),
        year_start=year_start,
        activities=activities,
        balance_sheet=[
            BalanceRow(
                key=b.key,
                label=b.label,
                section=b.section,
                total=b.total,
                memo=b.memo,
                now=dollars(b.now),
                year_start=dollars(b.year_start),
                change=None if b.year_start is None else dollars(b.now - b.year_start),
            )
            for b in lines
        ],
    )
