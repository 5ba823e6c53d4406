"""Finances: the cushion, the treasurer's statements (activities and balance sheet), where the
money comes from and goes, how much of it still runs through the departing leader, what happens
if funders lapse, whether programs are funded, and the five-year history from the Form 990s."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_month as month_label
from gfj_core.formatting import money, share, variance
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.measures import FINANCE_TILE_ROWS
from gfj_core.schemas.transition import HANDOFF_WORDS
from gfj_core.services.finance import (
    finance_dashboard,
    finance_months,
    financial_statements,
    runway_scenario,
)
from ui.charts import show
from ui.data import read
from ui.finance import (
    LIGHT_CELL,
    LIGHT_MARK,
    budget_vs_actual,
    expenses_by_function,
    fin_tile,
    funder_shares,
    history_section,
    months_trend,
    revenue_mix,
    runway_curve,
    series,
    statements_section,
    tile_caption,
)
from ui.guard import require_page
from ui.nav import page_path
from ui.theme import SERIES
from ui.widgets import demo_notice, fmt_date, light_badge

actor = require_page("finances")
months = read(finance_months, actor)

head, picker = st.columns([4, 1], vertical_alignment="bottom")
with head:
    st.title("Finances")
if not months:
    st.info(
        "No monthly accounts have been imported yet. The treasurer, the CEO or an administrator "
        "can bring them in on the Import data page, or with `gfj import financials FILE`."
    )
    link = page_path(actor, "import_data")
    if link:
        st.page_link(link, label="Import data", icon=":material/upload_file:")
    history_section(actor)  # a new organization's first picture: the returns it already filed
    st.stop()
with picker:
    as_of = st.selectbox(
        "As of month",
        months,
        format_func=month_label,
        key="fin_as_of",
        help="The measures cover the twelve months ending with this month.",
    )

d = read(finance_dashboard, actor, as_of=as_of)
m, trend, bands = d.measures, d.trend, d.bands
leader = md(d.departing_leader) if d.departing_leader else "the departing leader"
window_first = pd.Timestamp(m.window_start + "-01").date()
ytd_first = pd.Timestamp(m.ytd_start + "-01").date()
st.markdown(
    f"Twelve months **{month_label(window_first)} to {month_label(as_of)}** "
    f"({m.months_in_window} months of accounts) · fiscal year to date from "
    f"**{month_label(ytd_first)}** · departing leader: **{leader}**"
)
if m.months_in_window < 12:
    st.caption(
        f":material/warning: Only {m.months_in_window} months of accounts fall in this window; "
        "averages use the months present."
    )
if d.demo:
    demo_notice()

L = m.lights
E = m.average_monthly_cash_expenses
funders_with_gifts = sum(1 for f in d.funders if f.share)
dependent = [f for f in d.funders if f.founder_dependent]

for heading, keys in FINANCE_TILE_ROWS:
    st.subheader(heading)
    for col, key in zip(st.columns(len(keys), gap="small"), keys, strict=True):
        measure = FINANCE_MEASURES[key]
        with col:
            fin_tile(
                measure.name,
                measure.text(getattr(m, key)),
                light=L.get(key),
                caption=tile_caption(key, d, leader),
                help=measure.help_text(bands.get(measure.band) if measure.band else None),
                trend=series(trend, key),
            )

statements_section(read(financial_statements, actor, as_of=as_of))

st.subheader("Months of cover over time")
st.caption(
    "Shaded zones are the board's thresholds (Act / Watch / Healthy), changeable in the settings."
)
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**Months of cash**")
    show(months_trend(trend, "months_of_cash", bands.get("months_of_cash"), "Cash", SERIES[0]))
with right:
    st.markdown("**Months of LUNA** (liquid unrestricted net assets)")
    show(months_trend(trend, "months_of_luna", bands.get("months_of_luna"), "LUNA", SERIES[2]))

history_section(actor)

st.subheader("Where the money comes from and where it goes")
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**Revenue mix**")
    show(revenue_mix(d.months))
with right:
    st.markdown("**Expenses by function**")
    show(expenses_by_function(d.months))

st.subheader("Budget against actual, year to date")
left, right = st.columns([3, 2], gap="large")
with left:
    if d.ytd:
        show(budget_vs_actual(d.ytd))
with right:
    variance_rows = pd.DataFrame(
        [
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
    )
    st.dataframe(variance_rows, hide_index=True, width="stretch")
    band = bands.get("budget_variance_expense_ytd")
    notes = []
    rev, exp = m.budget_variance_revenue_ytd, m.budget_variance_expense_ytd
    if band is not None and rev is not None and abs(rev) > band.amber:
        notes.append(
            f"Revenue is {variance(abs(rev))[1:]} {'above' if rev > 0 else 'below'} budget: a "
            "material "
            "variance the treasurer should explain to the board."
        )
    if band is not None and exp is not None and exp > band.amber:
        notes.append(
            f"Spending is {variance(exp)[1:]} above budget: a material variance to explain."
        )
    if "budget_variance_expense_ytd" in L:
        light_badge(L["budget_variance_expense_ytd"], label="Spending against budget")
    for note in notes:
        st.warning(note, icon=":material/priority_high:")
    if not notes:
        st.caption(
            "No material variance year to date."
            if not (exp and exp > 0)
            else f"Spending is {variance(exp)[1:]} above budget: not yet material, but over."
        )

st.subheader(f"Funders, and the relationships {leader} still holds")
left, right = st.columns([1, 1], gap="large")
with left:
    if any(f.share for f in d.funders):
        show(funder_shares(d.funders, d.departing_leader))
    else:
        st.info("No gifts recorded in this window.")
with right:
    held = [f for f in d.funders if f.held_by_departing_leader]
    st.markdown(f"**Held by {leader}** ({len(held)} funders)")
    if held:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Funder": f.name,
                        "Share": share(f.share or 0.0),
                        "Successor": f.successor_owner or "none named",
                        "Handoff": HANDOFF_WORDS.get(f.handoff_status, f.handoff_status),
                        "Introduced on": fmt_date(f.introduction_meeting_on)
                        if f.introduction_meeting_on
                        else "—",
                    }
                    for f in held
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            "Founder-dependent: held by the departing leader and not yet transferred. "
            "A transferred relationship no longer counts."
        )
    else:
        st.caption("No funder relationships are recorded against the departing leader.")
with st.expander(f"All {len(d.funders)} funders in this window"):
    st.dataframe(
        pd.DataFrame(
            [
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
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader("Runway if funders lapse")
top_name = m.top_funder
choices = {
    "top": f"The largest funder ({top_name})" if top_name else "The largest funder",
    "founder": f"Every founder-dependent funder ({len(dependent)})",
    "chosen": "Funders I choose",
}
pick = st.radio(
    "Which gifts stop?",
    list(choices),
    format_func=choices.get,
    horizontal=True,
    key="fin_lapse_mode",
)
chosen: list[str] = []
if pick == "chosen":
    chosen = (
        st.pills(
            "Funders whose gifts stop",
            [f.name for f in d.funders if f.share],
            selection_mode="multi",
            key="fin_lapse_chosen",
        )
        or []
    )
scenario = read(
    runway_scenario,
    actor,
    as_of=as_of,
    lapse=tuple(chosen),
    lapse_founder_dependent=pick == "founder",
    lapse_top_funder=pick == "top",
)
left, right = st.columns([1, 3], gap="large")
with left:
    lapsed_share = scenario.lapsed_gifts / m.gifts_total if m.gifts_total else None
    for key, value in (
        ("runway_months", scenario.runway_months),
        ("monthly_net", scenario.monthly_net),
        ("baseline_runway_months", scenario.baseline_runway_months),
    ):
        measure = FINANCE_MEASURES[key]
        sustainable = value is None and key != "monthly_net" and scenario.monthly_net is not None
        st.metric(
            measure.name,
            "Sustainable" if sustainable else measure.text(value),
            help=measure.help_text(),
            border=True,
        )
    if scenario.lapsed_funders:
        st.caption(
            f"Lapsing {', '.join(scenario.lapsed_funders)}: {money(scenario.lapsed_gifts)} of "
            f"gifts in the last 12 months ({share(lapsed_share)})."
        )
    else:
        st.caption("Choose at least one funder to see the effect.")
with right:
    if scenario.curve:
        show(runway_curve(scenario.curve, "If they lapse"))
    st.markdown("**What these assume**")
    st.markdown(
        f"- {scenario.months_of_cash_assumes}\n- {scenario.baseline_assumes}\n"
        f"- {scenario.scenario_assumes}"
    )

st.subheader("Program continuity")
start, end = d.next_12_months
st.caption(
    f"Who leads each program, who could step in, and how much of the next twelve months "
    f"({month_label(start)} to {month_label(end)}) is already paid for by secured grants "
    "(each grant spread evenly over its period)."
)
if d.programmes:
    # Worst-funded first: the board's eye goes to the top of a table.
    ordered = sorted(d.programmes, key=lambda p: (p.secured_share is None, p.secured_share or 0))
    table = pd.DataFrame(
        [
            {
                "Program": p.name,
                "Lead": (p.lead or "⚠ none")
                + (" ⚠ departing" if p.lead_is_departing_leader else ""),
                "Backup": "⚠ none named"
                if not p.backup
                else p.backup + (" ⚠ departing" if p.backup_is_departing_leader else ""),
                "12-month cost": money(p.annual_cost),
                "Secured": money(p.secured_next_12_months),
                # In percent points: the progress bar's label then reads 24%, like every share.
                "Share secured": round((p.secured_share or 0.0) * 100),
                "Light": LIGHT_MARK.get(p.light.word, p.light.word),
                "Secured via departing leader": money(p.secured_via_departing_leader)
                if p.secured_via_departing_leader
                else "—",
                "Expected": money(p.expected_next_12_months),
            }
            for p in ordered
        ]
    )
    styled = table.style.map(
        lambda v: next((css for word, css in LIGHT_CELL.items() if word in str(v)), ""),
        subset=["Light"],
    )
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        column_config={
            "Share secured": st.column_config.ProgressColumn(
                format="%d%%", min_value=0, max_value=100, width="small"
            ),
            "Expected": st.column_config.TextColumn(help="Likely but not yet committed"),
        },
    )
    band = bands.get("programme_funding_secured")
    if band:
        st.caption(
            f"Light: Act under {band.red:.0%} secured, Watch under {band.amber:.0%}. "
            "⚠ marks a program with no backup, or whose backup is the departing leader."
        )
else:
    st.caption("No programs recorded.")

with st.expander("How these are computed", icon=":material/functions:"):
    st.markdown(
        f"""
The **window** is the months of accounts present from eleven months before the as-of month to
the as-of month ({m.months_in_window} here). Sums (Σ) run over the window; balances are taken at
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
    )
    st.markdown("**Thresholds** (an administrator changes them on *Organization settings*)")
    labels = {m.band: m.name for m in FINANCE_MEASURES.values() if m.band}
    rows = []
    for key, label in labels.items():
        band = bands.get(key)
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
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
