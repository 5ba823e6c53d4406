"""What the timeline page lists for everyone who may see it: what is overdue and due next, the
slips past the approved dates, the chain that drives the handover and every milestone."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.metrics.plan import late_light
from gfj_core.schemas.transition import MilestoneRead, TimelineView
from ui.plan_changes import days_ago
from ui.widgets import data_table, fmt_date, light_badge

SHOW_CARDS = 12  # overdue milestones drawn as cards (and conflicts as warnings); the rest counted


def _line(m: MilestoneRead) -> str:
    owner = m.owner_name or "no owner"
    slip = f" · **+{m.slip_days} days** past the approved date" if m.slip_days else ""
    return f"**{fmt_date(m.forecast_finish)}** · {md(m.title)} — {md(owner)} · {m.state_word}{slip}"


def due_lists(view: TimelineView, n_late: int, n_soon: int, today: date) -> None:
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(f"Overdue ({n_late})")
        if view.overdue:
            for m in view.overdue[:SHOW_CARDS]:
                with st.container(border=True):
                    light_badge(late_light(1), label="Late")
                    st.markdown(
                        f"**{md(m.title)}** — forecast to finish {fmt_date(m.forecast_finish)}, "
                        f"{days_ago(m.forecast_finish, today)} · owner {md(m.owner_name or '—')}"
                    )
            if n_late > SHOW_CARDS:
                st.caption(f"Showing the {SHOW_CARDS} longest overdue of {n_late}.")
        else:
            st.markdown(":material/check_circle: Nothing is overdue.")
    with right:
        st.subheader(f"Due in the next 30 days ({n_soon})")
        soon = view.due_next_30_days
        if soon:
            with st.container(border=True, height=420 if len(soon) > 12 else "content"):
                st.markdown("\n".join(f"- {_line(m)}" for m in soon))
            if n_soon > len(soon):
                st.caption(f"Showing {len(soon)} of {n_soon}.")
        else:
            st.markdown("Nothing falls due in the next 30 days.")


def slips_frame(slipped: list[MilestoneRead]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Milestone": [m.title for m in slipped],
            "Owner": [m.owner_name or "—" for m in slipped],
            "Approved finish": [fmt_date(m.baseline_finish) for m in slipped],
            "Forecast finish": [fmt_date(m.forecast_finish) for m in slipped],
            "Slip (days)": pd.array([m.slip_days for m in slipped], dtype="Int64"),
            "Status": [m.state_word for m in slipped],
            "Drives the handover": ["Yes" if m.on_driving_chain else "No" for m in slipped],
        }
    )


def slips(view: TimelineView, n_slipped: int) -> None:
    st.subheader(f"Slips past the approved dates ({n_slipped})")
    if view.slipped:
        data_table(slips_frame(view.slipped), hide_index=True, width="stretch")
        if n_slipped > len(view.slipped):
            st.caption(f"Showing the {len(view.slipped)} largest of {n_slipped} slips.")
    else:
        st.markdown("No milestone has slipped past its approved date.")
    for conflict in view.conflicts[:SHOW_CARDS]:
        st.warning(
            f"“{md(conflict.milestone_title)}” is forecast to start {conflict.overlap_days} days "
            f"before “{md(conflict.depends_on_title)}”, which it waits for, finishes.",
            icon=":material/warning:",
        )


def chain_frame(view: TimelineView, by_id: dict[int, MilestoneRead]) -> pd.DataFrame:
    links = {link.to_id: link.slack_days for link in view.driving_links}
    chain = [by_id[i] for i in view.driving_chain if i in by_id]
    return pd.DataFrame(
        {
            "Step": list(range(1, len(chain) + 1)),
            "Milestone": [m.title for m in chain],
            "Owner": [m.owner_name or "—" for m in chain],
            "Forecast finish": [fmt_date(m.forecast_finish) for m in chain],
            "Status": [m.state_word for m in chain],
            # Blank when on time; a whole-number column either way (Arrow needs one type).
            "Slip (days)": [str(m.slip_days) if m.slip_days else "—" for m in chain],
            "Days spare after the step before": [
                "—" if i == 0 else str(links.get(m.id, "—")) for i, m in enumerate(chain)
            ],
        }
    )


def driving_chain(view: TimelineView, by_id: dict[int, MilestoneRead]) -> None:
    st.subheader("The chain that drives the handover date")
    if not view.driving_chain:
        st.markdown("Mark a milestone as the handover and give it dependencies to see its chain.")
        return
    data_table(chain_frame(view, by_id), hide_index=True, width="stretch")
    st.caption(
        "Each step is the prerequisite that finishes last: a slip on any of them moves the "
        "handover date unless the days spare absorb it."
    )


def milestones_frame(view: TimelineView, by_id: dict[int, MilestoneRead]) -> pd.DataFrame:
    ms = view.milestones
    return pd.DataFrame(
        {
            "Phase": [m.phase_name for m in ms],
            "Milestone": [m.title for m in ms],
            "Owner": [m.owner_name or "—" for m in ms],
            "Approved": [
                f"{fmt_date(m.baseline_start)} – {fmt_date(m.baseline_finish)}" for m in ms
            ],
            "Forecast": [
                f"{fmt_date(m.forecast_start)} – {fmt_date(m.forecast_finish)}" for m in ms
            ],
            "Status": [m.state_word for m in ms],
            "Slip (days)": [str(m.slip_days) if m.slip_days else "—" for m in ms],
            "Waits for": [
                "; ".join(by_id[d].title for d in m.depends_on if d in by_id) for m in ms
            ],
            "Notes": [m.notes or "" for m in ms],
        }
    )


def all_milestones(view: TimelineView, by_id: dict[int, MilestoneRead]) -> None:
    with st.expander(
        f"All milestones ({len(view.milestones)})"
        if not view.trimmed
        else f"Milestones ({len(view.milestones)} of {view.counts.total})"
    ):
        data_table(milestones_frame(view, by_id), hide_index=True, width="stretch")
