"""The Leader profile's read-outs and its one form, drawn from the LeaderProfile the page reads:
the headline numbers, the goal progress form, exposure and training, readiness and outcomes
(kept here so the page stays a short list of tabs)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError
from gfj_core.formatting import date_grid_format
from gfj_core.schemas.development import EXPOSURE_PART_WORDS
from gfj_core.schemas.leadership import EXPOSURE_LABELS, GoalProgressUpdate, LeaderProfile
from gfj_core.services.leader_profile import update_goal_progress
from ui.data import write
from ui.forms import show_confirmation
from ui.history import md_escape
from ui.leadership import fmt_change, fmt_score, readiness_label
from ui.widgets import data_table, fmt_date

# The goal form's confirmation, said under it (ui.forms.show_confirmation).
GOAL_SAVED = "profile_goal_saved"
GOAL_STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}


def headline_metrics(p: LeaderProfile, today: date) -> None:
    """Five numbers across on a projector, wrapping on a laptop."""
    now_avg = [c.now for c in p.radar if c.now is not None]
    before_avg = [c.six_months_ago for c in p.radar if c.six_months_ago is not None]
    mean_now = sum(now_avg) / len(now_avg) if now_avg else None
    mean_before = sum(before_avg) / len(before_avg) if before_avg else None
    recent_sessions = [s for s in p.sessions if (today - s.held_on).days < 90]
    goals_live = [g for g in p.goals if g.status != "dropped"]
    core = [t for t in p.training if t.is_core]
    # Fixed-width metrics in a wrapping row: five across on a projector, wrapping on a laptop;
    # the readiness one is wider so "Ready in 1-2 years" is never cut.
    strip = st.container(horizontal=True, gap="small")
    widths = (320, 240, 240, 240, 240)
    cols = [strip.container(width=w) for w in widths]
    latest_rating = p.readiness_history[-1] if p.readiness_history else None
    cols[0].metric(
        "Readiness",
        readiness_label(p.readiness),
        delta=f"rated {fmt_date(latest_rating.rated_on)}" if latest_rating else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    change = None if mean_now is None or mean_before is None else mean_now - mean_before
    flat = change is not None and abs(change) < 0.005
    cols[1].metric(
        "Competency now (1-5)",
        fmt_score(mean_now),
        # ASCII sign: Streamlit reads the arrow's direction from a leading "-".
        delta=None
        if change is None
        else f"{fmt_change(change) if flat else format(change, '+.2f')} in six months",
        delta_color="off" if flat else "normal",
        delta_arrow="off" if flat else "auto",
        border=True,
    )
    cols[2].metric(
        "Sessions",
        f"{len(p.sessions)}",
        delta=f"{len(recent_sessions)} in the last 90 days",
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    cols[3].metric(
        "Goals done",
        f"{sum(g.status == 'done' for g in goals_live)} of {len(goals_live)}",
        delta=f"{len(goals_live) - sum(g.status == 'done' for g in goals_live)} open",
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    cols[4].metric(
        "Core training",
        f"{sum(t.completed_on is not None for t in core)} of {len(core)}",
        delta=f"{len(p.exposures)} strategic exposures",
        delta_color="off",
        delta_arrow="off",
        border=True,
    )


def goal_progress_form(p: LeaderProfile, actor) -> None:
    """Move a goal's progress and status (mentors and the CEO)."""
    if not can(actor.role, "goals.write"):
        return
    with st.expander("Update a goal's progress", icon=":material/edit:"):
        goal_by_id = {g.id: g for g in p.goals}
        # Outside the form, so the slider and status below follow the chosen goal.
        goal_id = st.selectbox(
            "Goal",
            list(goal_by_id),
            format_func=lambda i: goal_by_id[i].title,
            key=f"goal_pick_{p.leader_id}",
        )
        chosen = goal_by_id[goal_id]
        # Keyed by goal and version: a fresh form per goal, kept as typed on an error.
        form_key = f"goal_{chosen.id}_v{chosen.version}"
        with st.form(form_key, border=False):
            progress = st.slider(
                "Progress (%)",
                0,
                100,
                chosen.progress_pct,
                step=5,
                key=f"{form_key}_progress",
                help="Marking a goal done sets its progress to 100%.",
            )
            status = st.selectbox(
                "Status",
                list(GOAL_STATUS_LABELS),
                index=list(GOAL_STATUS_LABELS).index(chosen.status),
                format_func=GOAL_STATUS_LABELS.get,
                key=f"{form_key}_status",
            )
            save_goal = st.form_submit_button("Save goal", type="primary")
        if save_goal:
            try:
                saved_goal = write(
                    update_goal_progress,
                    actor,
                    data=GoalProgressUpdate(
                        goal_id=goal_id,
                        expected_version=chosen.version,
                        progress_pct=progress,
                        status=status,
                    ),
                )
            except GfjError as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                said = (
                    f"Saved “{md_escape(saved_goal.title)}”: {saved_goal.progress_pct}%, "
                    f"{GOAL_STATUS_LABELS[saved_goal.status].lower()}."
                )
                st.session_state[GOAL_SAVED] = said
                st.toast(said, icon=":material/check_circle:")
                st.rerun()
    # Outside the expander: said where the goal was saved even if the expander closes.
    show_confirmation(GOAL_SAVED)


def exposure_and_training(p: LeaderProfile) -> None:
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Strategic exposure")
        if p.exposures:
            data_table(
                pd.DataFrame(
                    [
                        {
                            "Date": e.occurred_on,
                            "Kind": EXPOSURE_LABELS[e.kind],
                            "What": e.description,
                            "Their part": EXPOSURE_PART_WORDS.get(e.part, ""),
                            "Reflection": e.reflection or "",
                        }
                        for e in p.exposures
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={"Date": st.column_config.DateColumn(format=date_grid_format())},
            )
        else:
            st.info("No strategic exposure recorded yet.")
    with right:
        st.subheader("Training")
        data_table(
            pd.DataFrame(
                [
                    {
                        "Module": t.module,
                        "Core": "Core" if t.is_core else "Elective",
                        "Hours": t.hours,
                        "Completed": fmt_date(t.completed_on) if t.completed_on else "Not yet",
                        "Evidence": t.evidence or "",
                    }
                    for t in p.training
                ]
            ),
            hide_index=True,
            width="stretch",
        )


def readiness_and_outcomes(p: LeaderProfile) -> None:
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Readiness history")
        if p.readiness_history:
            data_table(
                pd.DataFrame(
                    [
                        {
                            "Date": r.rated_on,
                            "Rating": readiness_label(r.level),
                            "By": r.rater_name or "—",
                            "Note": r.note or "",
                        }
                        for r in reversed(p.readiness_history)
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={"Date": st.column_config.DateColumn(format=date_grid_format())},
            )
        else:
            st.info("Not rated yet.")
    with right:
        st.subheader("Outcomes")
        if not p.outcomes:
            st.info("No subsequent role recorded yet.")
        for o in p.outcomes:
            with st.container(border=True):
                st.markdown(
                    f"**{md_escape(o.role_title)}**, {md_escape(o.organisation)} · "
                    f"since {fmt_date(o.started_on)}"
                )
                if o.preparedness_score is not None:
                    st.markdown(f"Preparedness: **{o.preparedness_score} / 5**")
                if o.effectiveness_score is not None:
                    st.markdown(f"Effectiveness in the role: **{o.effectiveness_score} / 5**")
                if o.feedback_comment:
                    st.markdown(f"“{md_escape(o.feedback_comment)}”")
                if o.feedback_from:
                    st.caption(f"— {md_escape(o.feedback_from)}")
