"""What the Organization settings page names its thresholds and index parts, and how it shows
today's value of a threshold's measure."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from gfj_core.formatting import NO_DATA, money, pct
from gfj_core.metrics.lights import light_for
from gfj_core.schemas.settings import READINESS_COMPONENTS, Band

THRESHOLD_LABELS = {
    "milestones_late_share": ("Late milestones (share of open ones)", "share"),
    "checklist_pace_gap": ("Exit checklist behind schedule (gap)", "share"),
    "leaders_ready_now": ("Leaders rated ready now", "count"),
    "months_of_cash": ("Months of cash", "months"),
    "months_of_luna": ("Months of LUNA", "months"),
    "program_expense_ratio": ("Program expense ratio", "share"),
    "admin_ratio": ("Admin ratio", "share"),
    "fundraising_efficiency": ("Cost to raise a dollar", "dollars"),
    "top_funder_share": ("Largest funder's share of revenue", "share"),
    "founder_dependent_gift_share": ("Gifts tied to the departing leader", "share"),
    "budget_variance_expense_ytd": ("Spending over budget, year to date", "share"),
    "programme_funding_secured": ("Program funding secured (next 12 months)", "share"),
}
COMPONENT_LABELS = {
    "leader_readiness": "Leader readiness",
    "milestone_schedule": "Milestone schedule",
    "exit_checklist": "Exit checklist",
    "knowledge_coverage": "Knowledge coverage",
    "financial_cushion": "Financial cushion",
    "founder_dependent_revenue": "Founder-dependent revenue",
}


def fmt_value(value: float | None, unit: str) -> str:
    """Today's value of a threshold's measure, in its unit."""
    if value is None:
        return NO_DATA
    if unit == "share":
        return pct(value)
    if unit == "dollars":
        return money(value, cents=True)
    if unit == "count":
        return f"{value:.0f}"
    return f"{value:.1f}"


def preview_rows(stored: dict, typed: dict, values: dict, *, preview: bool) -> list[dict]:
    """Each threshold's light today, and (previewing) under the thresholds typed."""
    rows = []
    for key, band in stored.items():
        label, unit = THRESHOLD_LABELS.get(key, (key, "value"))
        now = light_for(values.get(key), Band(**band))
        try:
            then_word = (light_for(values.get(key), Band(**typed[key])) if preview else now).word
        except ValueError as exc:
            then_word = f"invalid: {str(exc).splitlines()[-1]}"
        rows.append(
            {
                "Measure": label,
                "Today": fmt_value(values.get(key), unit),
                "Light now": now.word,
                "With the thresholds typed": then_word,
            }
        )
    return rows


def readiness_index_form(
    v: dict, *, disabled: bool, problems: Callable[[], object], save: Callable[[dict], None]
) -> None:
    """The readiness index's weights, targets and band, as one form (`v`: the stored group)."""
    with st.form("settings_readiness_index_form", border=True):
        st.markdown("#### Succession readiness index")
        st.caption("Relative weights of the index's parts (0 leaves a part out).")
        cols = st.columns(3)
        weights = {}
        for i, component in enumerate(READINESS_COMPONENTS):
            weights[component] = cols[i % 3].number_input(
                COMPONENT_LABELS[component],
                min_value=0.0,
                max_value=100.0,
                value=float(v["weights"].get(component, 0)),
                step=5.0,
                key=f"settings_ri_w_{component}",
                disabled=disabled,
            )
        a, b, c, d = st.columns(4)
        bench = a.number_input(
            "Bench target (leaders)", min_value=0.5, max_value=50.0, step=0.5,
            value=float(v["bench_target"]), key="settings_ri_bench", disabled=disabled,
        )  # fmt: skip
        cushion = b.number_input(
            "Cushion target (months of LUNA)", min_value=0.5, max_value=36.0, step=0.5,
            value=float(v["cushion_target_months"]), key="settings_ri_cushion", disabled=disabled,
        )  # fmt: skip
        ri_red = c.number_input(
            "Act below", min_value=0.0, max_value=100.0, value=float(v["band"]["red"]),
            key="settings_ri_red", disabled=disabled,
        )  # fmt: skip
        ri_amber = d.number_input(
            "Watch below", min_value=0.0, max_value=100.0, value=float(v["band"]["amber"]),
            key="settings_ri_amber", disabled=disabled,
        )  # fmt: skip
        problems()
        if st.form_submit_button("Save readiness index", disabled=disabled):
            save(
                {
                    "readiness_index": {
                        "weights": weights,
                        "bench_target": bench,
                        "cushion_target_months": cushion,
                        "band": {**v["band"], "red": ri_red, "amber": ri_amber},
                    }
                }
            )
