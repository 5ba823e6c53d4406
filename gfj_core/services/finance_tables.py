"""The Finances page's tables, shaped from the dashboard it already read (issue 13: pages only
draw). Pure functions over `FinanceDashboard`: no database, no Streamlit; every figure comes from
the finance service, every format from gfj_core.formatting, every name from the catalogue."""

from __future__ import annotations

from gfj_core.formatting import fmt_date, money, share, variance
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.schemas.finance import FinanceDashboard
from gfj_core.schemas.transition import HANDOFF_WORDS

NONE = "—"


def variance_rows(d: FinanceDashboard) -> list[dict]:
    """Revenue and expenses against budget, year to date."""
    m = d.measures
    return [
        {
            "": "Revenue",
            "Actual": money(m.ytd_revenue),
            "Budget": money(m.ytd_budget_revenue),
            "Against budget": variance(m.budget_variance_revenue_ytd),
        },
        {
            "": "Expenses",
            "Actual": money(m.ytd_expenses),
            "Budget": money(m.ytd_budget_expense),
            "Against budget": variance(m.budget_variance_expense_ytd),
        },
    ]


def variance_notes(d: FinanceDashboard) -> tuple[list[str], str | None]:
    """The material variances the treasurer should explain (warnings), or the one caption said
    when there is none."""
    m, band = d.measures, d.bands.get("budget_variance_expense_ytd")
    rev, exp = m.budget_variance_revenue_ytd, m.budget_variance_expense_ytd
    notes = []
    if band is not None and rev is not None and abs(rev) > band.amber:
        notes.append(
            f"Revenue is {variance(abs(rev))[1:]} {'above' if rev > 0 else 'below'} budget: a "
            "material variance the treasurer should explain to the board."
        )
    if band is not None and exp is not None and exp > band.amber:
        notes.append(
            f"Spending is {variance(exp)[1:]} above budget: a material variance to explain."
        )
    if notes:
        return notes, None
    if exp and exp > 0:
        return [], f"Spending is {variance(exp)[1:]} above budget: not yet material, but over."
    return [], "No material variance year to date."


def held_funder_rows(d: FinanceDashboard) -> list[dict]:
    """The funders the departing leader holds, with their successor and handoff."""
    return [
        {
            "Funder": f.name,
            "Share": share(f.share or 0.0),
            "Successor": f.successor_owner or "none named",
            "Handoff": HANDOFF_WORDS.get(f.handoff_status, f.handoff_status),
            "Introduced on": fmt_date(f.introduction_meeting_on)
            if f.introduction_meeting_on
            else NONE,
        }
        for f in d.funders
        if f.held_by_departing_leader
    ]


def funder_rows(d: FinanceDashboard) -> list[dict]:
    """Every funder in the window, largest share first."""
    return [
        {
            "Funder": f.name,
            "Type": f.type,
            "Gifts": money(f.gifts),
            "Share": share(f.share or 0.0),
            "Relationship owner": f.relationship_owner or "",
            "Successor": f.successor_owner or "",
            "Handoff": HANDOFF_WORDS.get(f.handoff_status, f.handoff_status),
            "Founder-dependent": "yes" if f.founder_dependent else "",
        }
        for f in d.funders
    ]


def programme_rows(d: FinanceDashboard, light_mark: dict[str, str]) -> list[dict]:
    """Program continuity, worst-funded first (the board's eye goes to the top of a table).
    `light_mark` gives each light's word its text mark."""
    ordered = sorted(d.programmes, key=lambda p: (p.secured_share is None, p.secured_share or 0))
    return [
        {
            "Program": p.name,
            "Lead": (p.lead or "⚠ none") + (" ⚠ departing" if p.lead_is_departing_leader else ""),
            "Backup": "⚠ none named"
            if not p.backup
            else p.backup + (" ⚠ departing" if p.backup_is_departing_leader else ""),
            "12-month cost": money(p.annual_cost),
            "Secured": money(p.secured_next_12_months),
            # In percent points: the progress bar's label then reads 24%, like every share.
            "Share secured": round((p.secured_share or 0.0) * 100),
            "Light": light_mark.get(p.light.word, p.light.word),
            "Secured via departing leader": money(p.secured_via_departing_leader)
            if p.secured_via_departing_leader
            else NONE,
            "Expected": money(p.expected_next_12_months),
        }
        for p in ordered
    ]


def threshold_rows(d: FinanceDashboard) -> list[dict]:
    """The board's thresholds of every finance measure that has one, as the settings hold them."""
    rows = []
    for key, label in {m.band: m.name for m in FINANCE_MEASURES.values() if m.band}.items():
        band = d.bands.get(key)
        if band is None:
            continue
        if band.higher_is_better:
            cmp = "≤" if band.inclusive else "<"
        else:
            cmp = "≥" if band.inclusive else ">"
        rows.append(
            {
                "Measure": label,
                "Act (red) when": f"{cmp} {band.red:g}",
                "Watch (amber) when": f"{cmp} {band.amber:g}",
                "Setting": f"thresholds.{key}",
            }
        )
    return rows


def how_computed(months_in_window: int, leader: str) -> str:
    """The formulas of the Finances page, in words (markdown; `leader` already made inert)."""
    return f"""
The **window** is the months of accounts present from eleven months before the as-of month to
the as-of month ({months_in_window} here). Sums (Σ) run over the window; balances are taken at
the end of the as-of month. Money is kept to the cent; ratios are not rounded until shown.

| Measure | Formula |
|---|---|
| Average monthly cash expenses (E) | (Σ expenses − Σ depreciation) ÷ months in the window |
| Months of cash | (cash + investments) ÷ E |
| LUNA (liquid unrestricted net assets) | net assets without donor restrictions − board-designated − (net fixed assets − fixed-asset debt) |
| Months of LUNA | LUNA ÷ E |
| Defensive interval (months) | (cash + investments + receivables) ÷ E |
| Current ratio | (cash + investments + receivables) ÷ current liabilities |
| Operating reliance | Σ program revenue ÷ Σ expenses |
| Program expense ratio / admin ratio | Σ program (or management) expenses ÷ Σ expenses |
| Cost to raise a dollar | Σ fundraising expenses ÷ Σ (unrestricted + restricted contributions) |
| Budget variance, year to date | (Σ actual − Σ budget) ÷ Σ budget over the months from the fiscal-year start; blank when a month has no budget |
| Funder share s | a funder's gifts ÷ all gifts, dated from the window's first day to the as-of month's last day |
| Largest funder's share / funder concentration (Herfindahl-Hirschman index, HHI) | the largest s / Σ s² |
| Founder-dependent share | gifts from funders whose relationship owner is {leader} and whose handoff is not *transferred* ÷ all gifts |
| Runway | monthly net = (revenue − the lapsed funders' gifts) ÷ months − E; when negative, (cash + investments) ÷ −monthly net, otherwise sustainable |
| Program share secured | secured grants spread evenly over their days, falling in the next twelve months ÷ the program's 12-month cost |

Founder dependence uses each funder's handoff status today, also for past months.
"""
