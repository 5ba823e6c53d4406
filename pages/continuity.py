"""Continuity and handover: the emergency backup plan, the knowledge register (who can do each
critical function), the relationship-handover ledger and the founder-CEO's role after departure.
Each tab is drawn by its own ui/ module; this page reads, heads and lays them out."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.metrics.transition import (
    emergency_plan_light,
    key_person_light,
    relationships_light,
)
from gfj_core.schemas.transition import BOARD_STATUS_WORDS, FOUNDER_ROLE_WORDS
from gfj_core.services.continuity import (
    attention_first,
    emergency_plan,
    founder_role,
    knowledge_register,
    relationship_ledger,
)
from gfj_core.services.timeline import people_options
from ui.continuity_ledger import ledger_tab
from ui.continuity_plan import plan_tab
from ui.continuity_register import register_tab
from ui.continuity_role import role_tab
from ui.data import read
from ui.guard import require_page
from ui.tile_grid import figure_tile, tile_grid_row
from ui.widgets import demo_notice, fmt_date, fmt_pct

actor = require_page("continuity")
today = date.today()
plan = read(emergency_plan, actor, today=today)
register = read(knowledge_register, actor)
ledger = read(relationship_ledger, actor)
role = read(founder_role, actor)
n_functions, n_knowledge, n_relationships = (
    len(plan.functions),
    len(register.functions),
    len(ledger.rows),
)
# Long registers show this many rows, what needs the board's attention first; the tiles count
# every row. The demo's registers (8, 14 and 14 rows) show whole and in their usual order.
plan, register, ledger = attention_first(plan, register, ledger, limit=100)

leader = md(register.departing_leader) if register.departing_leader else "the departing leader"
first_name = leader.split()[0] if register.departing_leader else "the departing leader"

st.title("Continuity and handover")
st.markdown(
    f"As of **{fmt_date(today)}** · What still depends on **{leader}**, and who takes it over."
)
if plan.demo:
    demo_notice()


# --- Headline figures -----------------------------------------------------------------------------
k = register.counts
tile_grid_row(
    [
        figure_tile(
            "only_departing",
            f"Functions only {first_name} can do",
            str(k.only_departing),
            area="continuity",
            light=key_person_light(k.only_departing),
            caption=f"of {k.total} critical functions · {k.single} would be left with one person"
            + (f" · {k.nobody} that nobody can do" if k.nobody else ""),
        ),
        figure_tile(
            "relationships",
            f"Relationships held only by {first_name}",
            fmt_pct(ledger.counts.only_departing_share),
            area="continuity",
            light=relationships_light(ledger.counts.held_only_by_departing),
            caption=f"{ledger.counts.held_only_by_departing} of {ledger.counts.total} funders, "
            "partners, officials and vendors",
        ),
        figure_tile(
            "plan_gaps",
            "Emergency plan gaps",
            f"{plan.functions_with_gaps} of {n_functions}",
            area="continuity",
            light=emergency_plan_light(plan.functions_with_gaps),
            caption=f"{plan.no_backup} without a backup · {plan.never_rehearsed} never "
            f"rehearsed · {plan.rehearsal_stale} rehearsed over a year ago",
        ),
        figure_tile(
            "role",
            "Role after departure",
            FOUNDER_ROLE_WORDS[role.role] if role.id else "Not recorded",
            area="continuity",
            caption=(
                f"{BOARD_STATUS_WORDS[role.board_status]} · {role.conditions_met} of 3 "
                f"conditions met · review {fmt_date(role.review_on)}"
            )
            if role.id
            else "No role has been proposed to the board yet.",
        ),
    ]
)

# Keyed: a save reruns the page and the same tab stays open (issue 22).
tab_plan, tab_knowledge, tab_ledger, tab_role = st.tabs(
    [
        "Emergency backup plan",
        "Knowledge register",
        "Relationship handover",
        "Role after departure",
    ],
    key="ct_tabs",
    on_change="rerun",
)
people = read(people_options, actor) if plan.can_edit else []
person_names = {p.id: p.name for p in people}

with tab_plan:
    plan_tab(plan, n_functions, person_names, actor, today)
with tab_knowledge:
    register_tab(register, n_knowledge, person_names, actor, leader=leader, first_name=first_name)
with tab_ledger:
    ledger_tab(
        ledger, n_relationships, person_names, actor, today, leader=leader, first_name=first_name
    )
with tab_role:
    role_tab(role, actor, today, leader=leader)
