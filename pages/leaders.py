"""Leaders: the pipeline by readiness and its trend, the board's leadership KPIs, the talent
grid and one row per leader. A mentor sees only their own mentees."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.services.leader_kpis import leaders_overview
from ui.charts import show
from ui.data import read
from ui.due import due_this_week_box
from ui.guard import require_page
from ui.leadership import (
    PROFILE_KEY,
    STATUS_LABELS,
    fmt_change,
    fmt_score,
    readiness_label,
    readiness_trend_figure,
    talent_grid_html,
)
from ui.nav import page_path
from ui.tile_grid import figure_tile, tile_grid_row
from ui.widgets import data_table, demo_notice, fmt_date

actor = require_page("leaders")
today = date.today()
ov = read(leaders_overview, actor, today=today)
k = ov.kpis

st.title("Leaders")
scope = "your mentees" if ov.scoped_to_own_mentees else "every emerging leader"
st.markdown(
    f"As of **{fmt_date(ov.as_of)}** · {k.active_leaders} active of {k.leaders_total} "
    f"leaders · showing {scope}"
)
if ov.demo:
    demo_notice()
due_this_week_box(actor, today)
if not ov.rows:
    st.info(
        "No emerging leaders to show yet."
        + (" You will see the leaders you mentor here." if ov.scoped_to_own_mentees else "")
    )
    if not ov.scoped_to_own_mentees and (manage := page_path(actor, "pipeline")):
        st.page_link(manage, label="Add the first leader", icon=":material/person_add:")
    st.stop()

# The six figures as one grid: six across on a projector, two on a laptop, one on a phone.
tile_grid_row(
    [
        figure_tile(
            "completed",
            "Completed program",
            f"{k.completed_mentorship_and_training} of {k.leaders_total}",
            area="leadership",
            caption="12+ months, 12+ sessions and every core module (see below)",
            help=k.completion_definition,
        ),
        figure_tile(
            "ready_now",
            "Ready now",
            str(k.ready_now),
            area="leadership",
            caption=f"{k.ready_1_2_years} ready in 1-2 years · {k.ready_3_plus_years} in 3+ years"
            + (f" · {k.not_rated} not rated" if k.not_rated else ""),
            help="Latest readiness rating of each active leader.",
        ),
        figure_tile(
            "competency_gain",
            "Competency gain",
            "—" if k.average_competency_gain is None else f"{k.average_competency_gain:+.2f}",
            area="leadership",
            caption="points on the 1-5 scale since each cohort started · "
            f"{k.leaders_with_gain} leaders",
            help="For each leader and competency: latest score minus first score. Averaged "
            "per leader, then across leaders.",
        ),
        figure_tile(
            "sessions",
            "Sessions a month",
            "—"
            if k.sessions_per_leader_per_month is None
            else f"{k.sessions_per_leader_per_month:.1f}",
            area="leadership",
            caption=f"per leader · {k.sessions_last_12_months} sessions in the last 12 months",
            help="Sessions held in the last 365 days, divided by the months active leaders "
            "spent in the program in that time.",
        ),
        figure_tile(
            "placements",
            "Placed in new roles",
            str(k.placements),
            area="leadership",
            caption="leaders with a recorded subsequent role",
        ),
        figure_tile(
            "preparedness",
            "Preparedness",
            "—" if k.average_preparedness is None else f"{k.average_preparedness:.1f} / 5",
            area="leadership",
            caption=f"feedback on placed leaders · {k.preparedness_responses} response"
            f"{'s' if k.preparedness_responses != 1 else ''}",
        ),
    ]
)
st.caption(f":material/info: {k.completion_definition}")

# Side by side when there is room; the grid wraps below the trend on a laptop.
charts = st.container(horizontal=True, gap="large")
left, right = charts.container(width=800), charts.container(width=560)
with left:
    st.subheader("Pipeline by readiness over time")
    if ov.trend:
        show(readiness_trend_figure(ov.trend), key="readiness_trend")
        st.caption("Active leaders by their latest readiness rating at each month's end.")
    else:
        st.info("No readiness ratings recorded yet.")
with right:
    st.subheader("Talent grid")
    st.html(talent_grid_html(ov.grid))
    st.caption("Readiness (rows) by mean latest competency score (columns), active leaders.")

if ov.stale_mentorships:
    lines = [
        f"**{md(s.leader_name)}** with {md(s.mentor_name)}: "
        + (
            f"no session for {s.days_since} days (last {fmt_date(s.last_session_on)})"
            if s.last_session_on
            else "no session logged yet"
        )
        for s in ov.stale_mentorships
    ]
    st.warning(
        f"Mentoring relationships with no session in the last {ov.session_stale_days} days:  \n"
        + "  \n".join(lines),
        icon=":material/schedule:",
    )

st.subheader("Every leader")


def _surname(full_name: str) -> str:
    return full_name.split()[-1]


# A leader with two mentors can be fresh with one and overdue with the other: the row's
# "Last session" is the leader's, so the overdue relationship is marked on its mentor.
_overdue_pairs = {(s.leader_id, s.mentor_name) for s in ov.stale_mentorships}


def _mentors_cell(r) -> str:
    return ", ".join(
        f"⚠ {_surname(m)}" if (r.leader_id, m) in _overdue_pairs else _surname(m) for m in r.mentors
    )


table = pd.DataFrame(
    [
        {
            "Leader": r.name,
            "Target role": r.target_role,
            "Readiness": readiness_label(r.readiness),
            "Competency": fmt_score(r.avg_competency),
            "3-month change": fmt_change(r.competency_change),
            "Sessions, 90 days": r.sessions_90_days,
            "Goal progress": None if r.goal_progress is None else round(r.goal_progress * 100),
            "Core training": f"{r.training_done} of {r.training_core_total}",
            "Exposures": r.exposures,
            "Last session": (
                f"⚠ {fmt_date(r.last_session_on)} ({r.days_since_session} d)"
                if r.stale and r.last_session_on
                else ("⚠ none yet" if r.stale else fmt_date(r.last_session_on))
            ),
            "Mentors": _mentors_cell(r),
            "Status": STATUS_LABELS[r.status],
        }
        for r in ov.rows
    ]
)
if all(r.status == "active" for r in ov.rows):
    table = table.drop(columns=["Status"])
# Widths in pixels: every column fits a 1920-wide projector; a laptop scrolls, the name pinned.
data_table(
    table,
    hide_index=True,
    width="stretch",
    row_height=40,
    column_config={
        "Leader": st.column_config.TextColumn(pinned=True, width=140),
        "Target role": st.column_config.TextColumn(width=185),
        "Readiness": st.column_config.TextColumn(width=128),
        "Competency": st.column_config.TextColumn(
            width=95, help="Mean of each competency's latest score, on the 1-5 scale"
        ),
        "3-month change": st.column_config.TextColumn(
            width=108, help="Mean latest score now minus three months ago"
        ),
        "Sessions, 90 days": st.column_config.NumberColumn(width=118),
        "Goal progress": st.column_config.ProgressColumn(
            min_value=0,
            max_value=100,
            format="%d%%",
            width=118,
            help="Mean progress of goals not dropped",
        ),
        "Core training": st.column_config.TextColumn(width=98, help="Core modules completed"),
        "Exposures": st.column_config.NumberColumn(
            width=88, help="Strategic exposure: board meetings, funder calls, budgets, press..."
        ),
        "Last session": st.column_config.TextColumn(
            width=150,
            help=f"⚠ when the last session is more than {ov.session_stale_days} days old",
        ),
        "Mentors": st.column_config.TextColumn(
            help=f"Surnames; ⚠ marks a mentor with no session for {ov.session_stale_days} days"
        ),
    },
)

profile = page_path(actor, "leader_profile")
if profile:
    pick, go_button, _ = st.columns([3, 1.2, 3], vertical_alignment="bottom")
    names = {r.leader_id: r.name for r in ov.rows}
    chosen = pick.selectbox(
        "Open a leader's profile", list(names), format_func=names.get, key="leaders_pick"
    )
    if go_button.button("Open profile", icon=":material/arrow_forward:", width="stretch"):
        st.session_state[PROFILE_KEY] = chosen
        st.switch_page(profile)
