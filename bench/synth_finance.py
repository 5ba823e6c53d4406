"""Synthetic finances: funders, monthly accounts (36 months, 360 at 100x), gifts (50,000 at
100x), programmes and their funding, the import log. Shapes follow gfj_core/demo/finance.py."""

from __future__ import annotations

from datetime import date, timedelta

from bench.synth import NOW, TODAY, Synth, register
from gfj_core.models import (
    FinanceImport,
    Funder,
    Gift,
    MonthlyAccount,
    Programme,
    ProgrammeFunding,
)

STAMP = {"created_at": NOW, "updated_at": NOW}
FUNDER_TYPES = ("foundation", "individual", "corporate", "government", "other")
HANDOFF = ("not_started", "introduced", "transferred")


def _month_back(last: date, k: int) -> date:
    y, m = divmod(last.year * 12 + last.month - 1 - k, 12)
    return date(y, m + 1, 1)


def _finance(s: Synth) -> None:
    rng = s.rng
    staff = s.ids["person"][13:40]
    n_funders = s.n(12)
    funders = [
        {
            "id": i,
            "name": f"Funder {i}",
            "type": FUNDER_TYPES[i % len(FUNDER_TYPES)],
            # The departing leader holds a third of the relationships (founder-dependent).
            "relationship_owner_person_id": 2 if rng.random() < 0.35 else rng.choice(staff),
            "successor_owner_person_id": rng.choice(staff) if rng.random() < 0.7 else None,
            "handoff_status": rng.choice(HANDOFF),
            "introduction_meeting_on": (
                TODAY - timedelta(days=rng.randrange(1, 300)) if rng.random() < 0.4 else None
            ),
            "version": 1,
            **STAMP,
        }
        for i in range(1, n_funders + 1)
    ]
    s.bulk(Funder, funders)

    # 36 months at 1x and 10x, 360 (thirty years) at 100x; the last is October 2026.
    n_months = max(36, round(3.6 * s.scale))
    last = date(2026, 10, 1)
    cash, invest, net_free, net_restricted = 55_000_000, 20_000_000, 61_000_000, 11_000_000
    months = []
    for k in range(n_months - 1, -1, -1):
        month = _month_back(last, k)
        unrestricted = rng.randrange(3_000_000, 13_000_000)
        restricted = rng.choice((0, 1_500_000, 2_500_000, 9_000_000))
        programme_rev = rng.randrange(400_000, 550_000)
        other = rng.randrange(-50_000, 100_000)
        exp_prog = rng.randrange(9_000_000, 10_600_000)
        exp_mgmt = rng.randrange(1_400_000, 1_900_000)
        exp_fund = rng.randrange(1_000_000, 1_300_000)
        surplus = unrestricted + restricted + programme_rev + other - exp_prog - exp_mgmt - exp_fund
        # Keep the balances near their starting level: a lean month is followed by a good one.
        cash = max(5_000_000, cash + surplus // 2 + (55_000_000 - cash) // 6)
        invest += rng.randrange(-100_000, 150_000)
        net_free = max(10_000_000, net_free + surplus // 2 + (61_000_000 - net_free) // 6)
        net_restricted = max(0, net_restricted + restricted - rng.randrange(500_000, 3_000_000))
        months.append(
            {
                "month": month,
                "contributions_unrestricted": unrestricted,
                "contributions_restricted": restricted,
                "program_revenue": programme_rev,
                "other_revenue": other,
                "expense_program": exp_prog,
                "expense_management": exp_mgmt,
                "expense_fundraising": exp_fund,
                "depreciation": 105_000,
                "cash": cash,
                "investments": invest,
                "receivables": rng.randrange(7_000_000, 9_000_000),
                "fixed_assets_net": 3_500_000,
                "fixed_asset_debt": 1_100_000,
                "current_liabilities": rng.randrange(12_000_000, 15_000_000),
                "total_liabilities": rng.randrange(15_000_000, 16_000_000),
                "net_assets_without_restrictions": net_free,
                "board_designated": 5_000_000,
                "net_assets_with_restrictions": net_restricted,
                "budget_revenue": rng.randrange(10_000_000, 15_000_000),
                "budget_expense": 12_000_000,
                **STAMP,
            }
        )
    s.bulk(MonthlyAccount, months)

    # Gifts: 500 per demo unit, over the months the accounts cover, skewed towards a few
    # large funders so the concentration measures have something to find.
    first = _month_back(last, n_months - 1)
    span = (date(2026, 10, 31) - first).days
    gifts = []
    for i in range(1, s.n(500) + 1):
        top = rng.random() < 0.5
        fid = rng.randrange(1, min(5, n_funders) + 1) if top else rng.randrange(1, n_funders + 1)
        gifts.append(
            {
                "reference": f"GL-{i:07d}",
                "date": first + timedelta(days=rng.randrange(0, span + 1)),
                "funder_id": fid,
                "amount_cents": rng.choice((25_000, 100_000, 500_000, 1_500_000, 2_500_000)),
                "restricted": rng.random() < 0.3,
                "note": None,
                **STAMP,
            }
        )
    s.bulk(Gift, gifts)

    n_prog = s.n(5)
    s.bulk(
        Programme,
        [
            {
                "id": i,
                "name": f"Programme {i}",
                "description": "A programme to keep running through the transition.",
                "lead_person_id": rng.choice(staff),
                "backup_person_id": rng.choice(staff) if rng.random() < 0.7 else None,
                "annual_cost_cents": rng.randrange(10_000_000, 45_000_000, 1_000_000),
                "status": "maintained",
                "version": 1,
                **STAMP,
            }
            for i in range(1, n_prog + 1)
        ],
    )
    lines = []
    for _ in range(s.n(18)):
        starts = TODAY - timedelta(days=rng.randrange(0, 400))
        funded = rng.random() < 0.85
        lines.append(
            {
                "programme_id": rng.randrange(1, n_prog + 1),
                "funder_id": rng.randrange(1, n_funders + 1) if funded else None,
                "source": None if funded else "Training fees",
                "amount_cents": rng.randrange(2_000_000, 20_000_000, 500_000),
                "status": "secured" if rng.random() < 0.75 else "expected",
                "starts_on": starts,
                "ends_on": starts + timedelta(days=rng.choice((364, 729))),
                **STAMP,
            }
        )
    s.bulk(ProgrammeFunding, lines)
    s.bulk(
        FinanceImport,
        [
            {
                "kind": ("financials", "funders", "gifts")[i % 3],
                "filename": f"import-{i}.csv",
                "at": NOW - timedelta(days=3 * i),
                "actor_user_id": 3,
                "actor_name": "treasurer",
                "rows": 100,
                "created": 90,
                "replaced": 10,
                "detail": None,
            }
            for i in range(s.n(3))
        ],
    )


register("finance", _finance)
