"""Leader profile: one emerging leader's competencies, goals, sessions, exposure, training,
readiness and outcomes. Private session notes reach this page only for their author, and stay
hidden until that author chooses to show them (the page may be on a shared screen)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.formatting import date_grid_format
from gfj_core.schemas.leadership import (
    GOAL_KIND_LABELS,
)
from gfj_core.services.leader_pipeline import leader_options
from gfj_core.services.leader_profile import leader_profile
from gfj_core.services.mentoring import sessions_export_csv
from ui.assessment_records import assessment_corrections, rating_corrections
from ui.charts import progress_bars, show
from ui.data import read
from ui.guard import require_page
from ui.history import md_escape
from ui.leader_profile_parts import (
    GOAL_STATUS_LABELS,
    exposure_and_training,
    goal_progress_form,
    headline_metrics,
    readiness_and_outcomes,
)
from ui.leadership import (
    PROFILE_KEY,
    STATUS_LABELS,
    competency_trends_figure,
    radar_figure,
)
from ui.session_corrections import session_corrections
from ui.widgets import data_table, fmt_date

actor = require_page("leader_profile")
today = date.today()
TIMELINE_CARDS = 8

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
headline_metrics(p, today)
goals_live = [g for g in p.goals if g.status != "dropped"]

# Sessions and goals first: what a mentor opens the profile for (issue 22). Keyed: saving a
# goal reruns the page and the Goals tab, where its confirmation is said, stays open.
tab_sessions, tab_goals, tab_competencies, tab_exposure, tab_readiness = st.tabs(
    ["Sessions", "Goals", "Competencies", "Exposure & training", "Readiness & outcomes"],
    key="profile_tabs",
    on_change="rerun",
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
    assessment_corrections(actor, p.leader_id, today)

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
        data_table(
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
        goal_progress_form(p, actor)

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
            data_table(
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
    session_corrections(actor, p.sessions, today)
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
    exposure_and_training(p)

# ---------------------------------------------------------------- readiness and outcomes
with tab_readiness:
    readiness_and_outcomes(p)
    rating_corrections(actor, p.leader_id, today)
