"""Leader profile: one emerging leader's competencies, goals, sessions, exposure, training,
readiness and outcomes. Private session notes reach this page only for their author, and stay
hidden until that author chooses to show them (the page may be on a shared screen)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError
from gfj_core.formatting import date_grid_format
from gfj_core.schemas.leadership import (
    EXPOSURE_LABELS,
    GOAL_KIND_LABELS,
    GoalProgressUpdate,
)
from gfj_core.services.leadership import leader_options, leader_profile, update_goal_progress
from gfj_core.services.mentoring import sessions_export_csv
from ui.charts import progress_bars, show
from ui.data import read, write
from ui.guard import require_page
from ui.history import md_escape
from ui.leadership import (
    PROFILE_KEY,
    STATUS_LABELS,
    competency_trends_figure,
    fmt_change,
    fmt_score,
    radar_figure,
    readiness_label,
)
from ui.widgets import fmt_date

actor = require_page("leader_profile")
today = date.today()
TIMELINE_CARDS = 8
FLASH_KEY = "profile_flash"
GOAL_STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}

options = read(leader_options, actor)
if not options:
    st.title("Leader profile")
    st.info("There are no leaders for you to see yet.")
    st.stop()
names = {o.leader_id: o.name for o in options}
wanted = st.session_state.get(PROFILE_KEY)
if st.session_state.get("profile_pick") not in names:
    st.session_state["profile_pick"] = wanted if wanted in names else options[0].leader_id
elif wanted in names and wanted != st.session_state["profile_pick"]:
    st.session_state["profile_pick"] = wanted


def _remember_pick() -> None:
    st.session_state[PROFILE_KEY] = st.session_state["profile_pick"]


p = None
top_left, top_right = st.columns([3, 2], vertical_alignment="bottom")
with top_right:
    leader_id = st.selectbox(
        "Leader", list(names), format_func=names.get, key="profile_pick", on_change=_remember_pick
    )
p = read(leader_profile, actor, leader_id=leader_id, today=today)
with top_left:
    st.title(md_escape(p.name))
st.markdown(
    f"**{md_escape(p.title or 'Emerging leader')}** · preparing for **{md_escape(p.target_role)}** · cohort since "
    f"{fmt_date(p.cohort_start)} · mentored by {', '.join(p.mentors) or 'no one yet'}"
    + ("" if p.status == "active" else f" · **{STATUS_LABELS[p.status]}**")
)
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")
    st.toast(flash, icon=":material/check_circle:")

# ---------------------------------------------------------------- headline numbers
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

# Sessions and goals first: what a mentor opens the profile for (issue 22).
tab_sessions, tab_goals, tab_competencies, tab_exposure, tab_readiness = st.tabs(
    ["Sessions", "Goals", "Competencies", "Exposure & training", "Readiness & outcomes"]
)

# ---------------------------------------------------------------- competencies
with tab_competencies:
    if not p.assessments:
        st.info("No competency assessments recorded yet.")
    else:
        # Side by side on a projector; stacked on a laptop, where a third of the width would
        # squeeze the radar to nothing.
        charts = st.container(horizontal=True, gap="medium")
        left, right = charts.container(width=540), charts.container(width=800)
        with left:
            st.subheader("Now against six months ago")
            show(
                radar_figure(
                    p.radar,
                    now_label=f"Now ({fmt_date(p.as_of)})",
                    before_label=f"Six months ago ({fmt_date(p.six_months_ago)})",
                ),
                key="radar",
            )
            st.caption("Each competency's latest score on or before each date (1-5).")
        with right:
            st.subheader("Competency trends")
            show(
                competency_trends_figure(p.assessments, [c.competency for c in p.radar]),
                key="trends",
            )

# ---------------------------------------------------------------- goals
with tab_goals:
    st.subheader("Development goals (70-20-10)")
    if not p.goals:
        st.info("No development goals recorded yet.")
    else:
        show(
            progress_bars(
                [
                    (
                        f"{g.title} · {GOAL_KIND_LABELS[g.kind].split(' ')[0]}",
                        g.progress_pct / 100,
                    )
                    for g in goals_live
                ]
            ),
            key="goals",
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Goal": g.title,
                        "Kind": GOAL_KIND_LABELS[g.kind],
                        "Target date": fmt_date(g.target_date),
                        "Progress": g.progress_pct,
                        "Status": GOAL_STATUS_LABELS[g.status]
                        + (
                            " · overdue"
                            if g.target_date
                            and g.target_date < today
                            and g.status not in ("done", "dropped")
                            else ""
                        ),
                    }
                    for g in p.goals
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "Progress": st.column_config.ProgressColumn(
                    min_value=0, max_value=100, format="%d%%"
                )
            },
        )
        if can(actor.role, "goals.write"):
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
                        st.session_state[FLASH_KEY] = (
                            f"Saved “{md_escape(saved_goal.title)}”: {saved_goal.progress_pct}%, "
                            f"{GOAL_STATUS_LABELS[saved_goal.status].lower()}."
                        )
                        st.rerun()

# ---------------------------------------------------------------- sessions
with tab_sessions:
    st.subheader("Mentoring sessions")
    own = any(s.is_author and s.private_notes for s in p.sessions)
    show_private = False
    if own:
        show_private = st.toggle(
            "Show my private notes",
            value=False,
            key="profile_show_private",
            help="Only you can ever see your private notes. They stay hidden unless you turn "
            "this on, in case your screen is shared.",
        )
    if not p.sessions:
        st.info("No sessions logged yet.")
    for s in p.sessions[:TIMELINE_CARDS]:
        with st.container(border=True):
            topics = f" · {md_escape(', '.join(s.topics))}" if s.topics else ""
            st.markdown(
                f"**{fmt_date(s.held_on)}** · {md_escape(s.mentor_name)} · {s.minutes} min{topics}"
            )
            if s.shared_notes:
                st.markdown(md_escape(s.shared_notes))
            for item in s.action_items:
                due = f" (due {fmt_date(item.due_on)})" if item.due_on else ""
                mark = ":material/check_box:" if item.done else ":material/check_box_outline_blank:"
                st.markdown(f"{mark} {md_escape(item.description)}{due}")
            if s.next_session_on:
                st.caption(f"Next session planned for {fmt_date(s.next_session_on)}")
            if show_private and s.is_author and s.private_notes:
                st.info(md_escape(s.private_notes), icon=":material/lock:")
    older = p.sessions[TIMELINE_CARDS:]
    if older:
        with st.expander(f"Earlier sessions ({len(older)})"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Date": s.held_on,
                            "Mentor": s.mentor_name,
                            "Minutes": s.minutes,
                            "Topics": ", ".join(s.topics),
                            "Shared notes": s.shared_notes or "",
                            "Actions done": f"{sum(i.done for i in s.action_items)} of "
                            f"{len(s.action_items)}",
                        }
                        for s in older
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={"Date": st.column_config.DateColumn(format=date_grid_format())},
            )
    if p.sessions:
        data = read(sessions_export_csv, actor, leader_id=p.leader_id, today=today)
        st.download_button(
            "Download sessions (CSV, shared notes only)",
            data,
            file_name=f"sessions-{p.name.lower().replace(' ', '-')}-{today.isoformat()}.csv",
            mime="text/csv",
            icon=":material/download:",
        )

# ---------------------------------------------------------------- exposure and training
with tab_exposure:
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Strategic exposure")
        if p.exposures:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Date": e.occurred_on,
                            "Kind": EXPOSURE_LABELS[e.kind],
                            "What": e.description,
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
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Module": t.module,
                        "Core": "Core" if t.is_core else "Elective",
                        "Hours": t.hours,
                        "Completed": fmt_date(t.completed_on) if t.completed_on else "Not yet",
                    }
                    for t in p.training
                ]
            ),
            hide_index=True,
            width="stretch",
        )

# ---------------------------------------------------------------- readiness and outcomes
with tab_readiness:
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Readiness history")
        if p.readiness_history:
            st.dataframe(
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
                if o.feedback_comment:
                    st.markdown(f"“{md_escape(o.feedback_comment)}”")
                if o.feedback_from:
                    st.caption(f"— {md_escape(o.feedback_from)}")
