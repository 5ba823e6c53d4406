"""Continuity and handover: the emergency backup plan, the knowledge register (who can do each
critical function), the relationship-handover ledger and the founder-CEO's role after departure."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.metrics.lights import Level, Light
from gfj_core.metrics.transition import (
    emergency_plan_light,
    key_person_light,
    relationships_light,
)
from gfj_core.schemas.transition import (
    BOARD_STATUS_WORDS,
    CAPABILITY_WORDS,
    CONDITION_WORDS,
    CROSS_TRAINING_WORDS,
    DOCUMENTATION_WORDS,
    FOUNDER_ROLE_WORDS,
    FUNCTION_RISK_WORDS,
    HANDOFF_WORDS,
    KNOWLEDGE_AREA_WORDS,
    RELATIONSHIP_KIND_WORDS,
    BackupFunctionCreate,
    BackupFunctionRowEdit,
    BackupFunctionUpdate,
    FounderRoleSave,
    HandoffUpdate,
    KeyRelationshipCreate,
    KnowledgeFunctionCreate,
    KnowledgeFunctionUpdate,
    KnowledgeRowEdit,
    LedgerRowEdit,
)
from gfj_core.services.continuity import (
    create_backup_function,
    create_knowledge_function,
    create_relationship,
    emergency_plan,
    founder_role,
    knowledge_register,
    relationship_ledger,
    save_backup_table,
    save_founder_role,
    save_knowledge_table,
    save_ledger_table,
)
from gfj_core.services.timeline import people_options
from ui.charts import show
from ui.continuity_actions import update_function_form
from ui.data import read
from ui.forms import Column, edit_table, save_form, show_confirmation
from ui.guard import require_page
from ui.transition import (
    capability_heatmap,
    ledger_bars,
    people_for_columns,
)
from ui.widgets import choose_many, demo_notice, fmt_date, fmt_pct, light_badge, tile

actor = require_page("continuity")
today = date.today()
plan = read(emergency_plan, actor, today=today)
register = read(knowledge_register, actor)
ledger = read(relationship_ledger, actor)
role = read(founder_role, actor)
# Long registers show this many rows, what needs the board's attention first (gaps, functions
# only the departing leader can do, relationships only they hold); the tiles count every row.
# The demo's registers (8, 14 and 14 rows) show whole and in their usual order.
LIMIT = 100
n_functions, n_knowledge, n_relationships = (
    len(plan.functions),
    len(register.functions),
    len(ledger.rows),
)
if n_functions > LIMIT:
    plan = plan.model_copy(
        update={"functions": sorted(plan.functions, key=lambda f: not f.gaps)[:LIMIT]}
    )
if n_knowledge > LIMIT:
    register = register.model_copy(
        update={
            "functions": sorted(
                register.functions, key=lambda f: f.risk not in ("only_departing", "nobody")
            )[:LIMIT]
        }
    )
if n_relationships > LIMIT:
    ledger = ledger.model_copy(
        update={"rows": sorted(ledger.rows, key=lambda r: not r.held_only_by_departing)[:LIMIT]}
    )


def _showing(shown: int, total: int, what: str) -> None:
    if total > shown:
        st.caption(
            f"Showing {shown} of {total} {what}, those needing attention first; the figures "
            "above count them all."
        )


leader = md(register.departing_leader) if register.departing_leader else "the departing leader"
first_name = leader.split()[0] if register.departing_leader else "the departing leader"
RED_TEXT = "color: #B34700; font-weight: 700"

st.title("Continuity and handover")
st.markdown(
    f"As of **{fmt_date(today)}** · What still depends on **{leader}**, and who takes it over."
)
if plan.demo:
    demo_notice()
flash = st.session_state.pop("ct_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")


# --- Headline figures -----------------------------------------------------------------------------
k = register.counts
cols = st.columns(4, gap="medium")
with cols[0]:
    tile(
        f"Functions only {first_name} can do",
        str(k.only_departing),
        light=key_person_light(k.only_departing),
        caption=f"of {k.total} critical functions · {k.single} would be left with one person"
        + (f" · {k.nobody} that nobody can do" if k.nobody else ""),
    )
with cols[1]:
    share = ledger.counts.only_departing_share
    tile(
        f"Relationships held only by {first_name}",
        fmt_pct(share),
        light=relationships_light(ledger.counts.held_only_by_departing),
        caption=f"{ledger.counts.held_only_by_departing} of {ledger.counts.total} funders, "
        "partners, officials and vendors",
    )
with cols[2]:
    tile(
        "Emergency plan gaps",
        f"{plan.functions_with_gaps} of {n_functions}",
        light=emergency_plan_light(plan.functions_with_gaps),
        caption=f"{plan.no_backup} without a backup · {plan.never_rehearsed} never rehearsed · "
        f"{plan.rehearsal_stale} rehearsed over a year ago",
    )
with cols[3]:
    tile(
        "Role after departure",
        FOUNDER_ROLE_WORDS[role.role] if role.id else "Not recorded",
        caption=(
            f"{BOARD_STATUS_WORDS[role.board_status]} · {role.conditions_met} of 3 conditions met"
            f" · review {fmt_date(role.review_on)}"
        )
        if role.id
        else "No role has been proposed to the board yet.",
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
name_to_id = {p.name: p.id for p in people}

# --- Emergency backup plan ------------------------------------------------------------------------
with tab_plan:
    st.subheader("Who triggers the plan")
    trigger_lines = [
        f"{t.order}. **{md(t.label)}**: {md(t.person_name or '⚠ seat vacant: name someone')}"
        for t in plan.triggers
    ]
    st.markdown(
        "If the President & CEO is suddenly unavailable, the plan is put into effect by, in "
        "order:\n\n" + "\n".join(trigger_lines)
    )
    st.subheader(f"The CEO's priority functions ({n_functions})")
    if plan.functions:
        frame = pd.DataFrame(
            {
                "Function": [f.name for f in plan.functions],
                "Designated backup": [f.backup_name or "⚠ None" for f in plan.functions],
                "Cross-training": [CROSS_TRAINING_WORDS[f.cross_training] for f in plan.functions],
                "Last rehearsed": [
                    fmt_date(f.last_rehearsed_on) if f.last_rehearsed_on else "Never"
                    for f in plan.functions
                ],
                "Gaps": [
                    "⚠ " + " · ".join(f.gaps) if f.gaps else "✓ No gap" for f in plan.functions
                ],
            }
        )
        # A plain table, not a canvas grid: long function names wrap instead of being cut off on
        # a projector, and the gap words are real text that screen readers (and tests) can read.
        st.table(
            frame.style.map(lambda v: RED_TEXT if v.startswith("⚠") else "", subset=["Gaps"]).map(
                lambda v: RED_TEXT if v in ("⚠ None", "Never") else "",
                subset=["Designated backup", "Last rehearsed"],
            ),
            hide_index=True,
            border="horizontal",
        )
        st.caption(
            "A gap: no designated backup, never rehearsed, or last rehearsed over a year ago. "
            "Gaps are written in red with a ⚠ and in words."
        )
        _showing(len(plan.functions), n_functions, "functions")
    else:
        st.info("No priority functions are recorded yet.")

    if plan.can_edit:
        with st.expander("Edit the emergency plan", icon=":material/edit:"):
            edit_table(
                "ct_plan",
                rows=plan.functions,
                columns=[
                    Column("Function", "name", required=True, width="large"),
                    Column("Designated backup", "backup_person_id", "choice", person_names),
                    Column(
                        "Cross-training",
                        "cross_training",
                        "choice",
                        CROSS_TRAINING_WORDS,
                        required=True,
                    ),
                    Column("Last rehearsed", "last_rehearsed_on", "date"),
                    Column("Notes", "notes", value=lambda f: f.notes or ""),
                ],
                update=BackupFunctionUpdate,
                row_edit=BackupFunctionRowEdit,
                save=save_backup_table,
                actor=actor,
                saved=lambda n: "Saved the emergency plan.",
                button="Save emergency plan changes",
                today=today,
            )

            with st.form("ct_plan_new", border=True):
                st.markdown("**Add a priority function**")
                st.text_input("Function", key="ct_plan_new_name")
                a, b, c = st.columns(3)
                with a:
                    st.selectbox(
                        "Designated backup",
                        [None, *person_names],
                        format_func=lambda i: "— none yet —" if i is None else person_names[i],
                        key="ct_plan_new_backup",
                    )
                with b:
                    st.selectbox(
                        "Cross-training",
                        list(CROSS_TRAINING_WORDS),
                        format_func=CROSS_TRAINING_WORDS.get,
                        key="ct_plan_new_training",
                    )
                with c:
                    st.date_input(
                        "Last rehearsed",
                        value=None,
                        key="ct_plan_new_rehearsed",
                        format=date_input_format(),
                    )
                if st.session_state.get("ct_plan_new_error"):
                    st.error(st.session_state["ct_plan_new_error"])
                added = st.form_submit_button("Add function")
            show_confirmation("ct_flash_plan")
            if added:
                save_form(
                    "ct_plan_new_",
                    lambda: BackupFunctionCreate(
                        name=st.session_state["ct_plan_new_name"],
                        backup_person_id=st.session_state["ct_plan_new_backup"],
                        cross_training=st.session_state["ct_plan_new_training"],
                        last_rehearsed_on=st.session_state["ct_plan_new_rehearsed"],
                    ),
                    create_backup_function,
                    actor,
                    flash_key="ct_flash_plan",
                    flash=lambda data: f"Added “{md(data.name)}” to the emergency plan.",
                    today=today,
                )

# --- Knowledge register ---------------------------------------------------------------------------
with tab_knowledge:
    a, b = st.columns([1, 3], gap="large")
    with a:
        st.metric(
            f"Critical functions only {first_name} can do",
            k.only_departing,
            help="Nobody else is recorded as able to do them (can do or expert).",
        )
        light_badge(key_person_light(k.only_departing))
    with b:
        docs = register.documentation
        st.markdown(
            f"**{k.total} critical functions.** After {first_name} leaves: "
            f"**{k.only_departing}** would have nobody, **{k.single}** one person, "
            f"**{k.covered}** two or more"
            + (f"; **{k.nobody}** nobody can do even now" if k.nobody else "")
            + ".  \nDocumentation: "
            + " · ".join(f"{DOCUMENTATION_WORDS[s]} {n}" for s, n in docs.items())
        )
    if register.functions:
        st.subheader("Who can do each function")
        limit = 60
        show(capability_heatmap(register, max_rows=limit), key="ct_heatmap")
        st.caption(
            "Each cell says Expert, Can do or Learning; blank means cannot. The outlined column is "
            f"{leader}. Risk, right: who is left once {first_name} goes (Learning does not count)."
            + (
                f" Showing the {limit} riskiest of {len(register.functions)} functions."
                if len(register.functions) > limit
                else ""
            )
        )
        names = {p.id: p.name for p in register.people}
        table = pd.DataFrame(
            {
                "Function": [f.name for f in register.functions],
                "Area": [KNOWLEDGE_AREA_WORDS.get(f.area, f.area) for f in register.functions],
                "Documentation": [DOCUMENTATION_WORDS[f.documentation] for f in register.functions],
                "Who can do it": [
                    ", ".join(
                        names.get(pid, str(pid))
                        for pid, level in f.capabilities.items()
                        if level in ("can_do", "expert")
                    )
                    or "nobody"
                    for f in register.functions
                ],
                "Risk": [
                    ("⚠ " if f.risk in ("only_departing", "nobody") else "")
                    + FUNCTION_RISK_WORDS[f.risk]
                    for f in register.functions
                ],
                "Written down at": [f.documentation_location or "—" for f in register.functions],
            }
        )
        with st.expander("The register as a table"):
            st.dataframe(
                table.style.map(lambda v: RED_TEXT if v.startswith("⚠") else "", subset=["Risk"]),
                hide_index=True,
                width="stretch",
            )
        _showing(len(register.functions), n_knowledge, "functions")
    else:
        st.info("No critical functions are recorded yet.")

    if register.can_edit:
        update_function_form(register, actor)
        with st.expander(
            "Edit the whole register in a table", icon=":material/edit:", key="ct_know_grid"
        ):
            st.caption(
                "One row per function: set its documentation and, for each person, what they "
                "can do. Clear a cell when they cannot."
            )
            editor_people = people_for_columns(register.people, register.functions)
            columns_by_person = {p.name: p.id for p in editor_people}

            def capabilities_changed(f, change: dict) -> dict:
                """The person columns of an edited row, as the function's whole capability map."""
                if not any(name in columns_by_person for name in change):
                    return {}
                caps = dict(f.capabilities)
                for name, word in change.items():
                    if name in columns_by_person:
                        if word:
                            caps[columns_by_person[name]] = CAPABILITY_WORDS.code(word)
                        else:
                            caps.pop(columns_by_person[name], None)
                return {"capabilities": caps}

            edit_table(
                "ct_know",
                rows=register.functions,
                columns=[
                    Column("Function", "name", required=True, width="large"),
                    Column(
                        "Documentation",
                        "documentation",
                        "choice",
                        DOCUMENTATION_WORDS,
                        required=True,
                    ),
                    Column(
                        "Written down at",
                        "documentation_location",
                        value=lambda f: f.documentation_location or "",
                        help="Where the documentation is: a folder, a link, a binder",
                    ),
                    *(
                        Column(
                            p.name,
                            None,
                            "choice",
                            CAPABILITY_WORDS,
                            value=lambda f, pid=p.id: CAPABILITY_WORDS.get(f.capabilities.get(pid)),
                            editable=True,
                        )
                        for p in editor_people
                    ),
                ],
                update=KnowledgeFunctionUpdate,
                row_edit=KnowledgeRowEdit,
                save=save_knowledge_table,
                actor=actor,
                saved=lambda n: "Saved the knowledge register.",
                button="Save register changes",
                extra_changes=capabilities_changed,
            )

            with st.form("ct_know_new", border=True):
                st.markdown("**Add a critical function**")
                a, b, c = st.columns([2, 1, 1])
                with a:
                    st.text_input("Function or process", key="ct_know_new_name")
                with b:
                    st.selectbox(
                        "Area",
                        list(KNOWLEDGE_AREA_WORDS),
                        format_func=KNOWLEDGE_AREA_WORDS.get,
                        key="ct_know_new_area",
                    )
                with c:
                    st.selectbox(
                        "Documentation",
                        list(DOCUMENTATION_WORDS),
                        format_func=DOCUMENTATION_WORDS.get,
                        key="ct_know_new_doc",
                    )
                choose_many(
                    "Who can do it now",
                    list(person_names),
                    format_func=person_names.get,
                    key="ct_know_new_who",
                )
                if st.session_state.get("ct_know_new_error"):
                    st.error(st.session_state["ct_know_new_error"])
                added = st.form_submit_button("Add function")
            show_confirmation("ct_flash_know")
            if added:
                save_form(
                    "ct_know_new_",
                    lambda: KnowledgeFunctionCreate(
                        name=st.session_state["ct_know_new_name"],
                        area=st.session_state["ct_know_new_area"],
                        documentation=st.session_state["ct_know_new_doc"],
                        capabilities={pid: "can_do" for pid in st.session_state["ct_know_new_who"]},
                    ),
                    create_knowledge_function,
                    actor,
                    flash_key="ct_flash_know",
                    flash=lambda data: f"Added “{md(data.name)}” to the register.",
                )

# --- Relationship handover ledger -----------------------------------------------------------------
with tab_ledger:
    c = ledger.counts
    funders = (
        f"{c.funders} funders from the funder list, and partners, officials and vendors"
        if c.funders
        else "partners, officials and vendors; no funders are on the funder list yet"
    )
    st.markdown(
        f"**{c.total} relationships** ({funders}). **{c.held_only_by_departing}** "
        f"({fmt_pct(c.only_departing_share)}) are still held only by {leader}; "
        f"{c.introduced} introduced to a successor; {c.transferred} transferred."
    )
    if ledger.rows:
        show(ledger_bars(ledger), key="ct_ledger_bars")
        frame = pd.DataFrame(
            {
                "Relationship": [r.name for r in ledger.rows],
                "Kind": [
                    RELATIONSHIP_KIND_WORDS.get(r.kind, r.kind)
                    + (f" ({r.funder_type})" if r.funder_type else "")
                    for r in ledger.rows
                ],
                "Held by": [r.owner_name or "—" for r in ledger.rows],
                "Successor": [r.successor_name or "—" for r in ledger.rows],
                "Introduction meeting": [fmt_date(r.introduction_meeting_on) for r in ledger.rows],
                "Handover": [
                    HANDOFF_WORDS.get(r.handoff_status, r.handoff_status) for r in ledger.rows
                ],
                "Only the departing leader": [
                    f"⚠ Only {first_name}" if r.held_only_by_departing else "" for r in ledger.rows
                ],
            }
        )
        st.dataframe(
            frame.style.map(
                lambda v: RED_TEXT if v.startswith("⚠") else "",
                subset=["Only the departing leader"],
            ),
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * len(frame), 740),
        )
        st.caption(
            f"Held only by {first_name}: she holds it and no successor has been introduced. "
            "Funders are the same records as on the finance pages: one list, not two."
        )
        _showing(len(ledger.rows), n_relationships, "relationships")
    else:
        st.info("No relationships are recorded yet.")

    if ledger.can_edit:
        with st.expander("Record introductions and handovers", icon=":material/edit:"):
            edit_table(
                "ct_ledger",
                rows=ledger.rows,
                columns=[
                    Column("Relationship", None, value=lambda r: r.name),
                    Column("Held by", "owner_person_id", "choice", person_names),
                    Column("Successor", "successor_person_id", "choice", person_names),
                    Column("Introduction meeting", "introduction_meeting_on", "date"),
                    Column("Handover", "handoff_status", "choice", HANDOFF_WORDS, required=True),
                ],
                update=HandoffUpdate,
                row_edit=LedgerRowEdit,
                save=save_ledger_table,
                actor=actor,
                saved=lambda n: "Saved the relationship handovers.",
                button="Save handover changes",
                row_fields=lambda r: {
                    "source": r.source,
                    "id": r.id,
                    "expected_version": r.version,
                },
                today=today,
            )

            with st.form("ct_rel_new", border=True):
                st.markdown("**Add a partner, official or vendor** (funders are added as funders)")
                a, b = st.columns([2, 1])
                with a:
                    st.text_input("Name", key="ct_rel_new_name")
                with b:
                    st.selectbox(
                        "Kind",
                        ["partner", "official", "vendor", "other"],
                        format_func=RELATIONSHIP_KIND_WORDS.get,
                        key="ct_rel_new_kind",
                    )
                a, b = st.columns(2)
                with a:
                    st.selectbox(
                        "Held by",
                        [None, *person_names],
                        format_func=lambda i: "— nobody —" if i is None else person_names[i],
                        key="ct_rel_new_owner",
                    )
                with b:
                    st.selectbox(
                        "Successor",
                        [None, *person_names],
                        format_func=lambda i: "— not chosen —" if i is None else person_names[i],
                        key="ct_rel_new_successor",
                    )
                if st.session_state.get("ct_rel_new_error"):
                    st.error(st.session_state["ct_rel_new_error"])
                added = st.form_submit_button("Add relationship")
            show_confirmation("ct_flash_ledger")
            if added:
                save_form(
                    "ct_rel_new_",
                    lambda: KeyRelationshipCreate(
                        name=st.session_state["ct_rel_new_name"],
                        kind=st.session_state["ct_rel_new_kind"],
                        owner_person_id=st.session_state["ct_rel_new_owner"],
                        successor_person_id=st.session_state["ct_rel_new_successor"],
                    ),
                    create_relationship,
                    actor,
                    flash_key="ct_flash_ledger",
                    flash=lambda data: f"Added “{md(data.name)}” to the ledger.",
                    today=today,
                )

# --- The founder-CEO's role after departure -------------------------------------------------------
with tab_role:
    st.subheader(f"{leader}'s role after departure")
    if role.id is None:
        st.info("No role after departure has been recorded yet.")
    else:
        a, b = st.columns([1, 1], gap="large")
        with a:
            st.markdown(
                f"**Role:** {FOUNDER_ROLE_WORDS[role.role]}"
                + (f" — *{md(role.title)}*" if role.title else "")
                + f"  \n**Starts:** {fmt_date(role.starts_on)} · **Board review:** "
                f"{fmt_date(role.review_on)}  \n**Board:** {BOARD_STATUS_WORDS[role.board_status]}"
                + (f" on {fmt_date(role.board_reviewed_on)}" if role.board_reviewed_on else "")
            )
            st.markdown(f"**What it includes**  \n{md(role.includes or '—')}")
            st.markdown(f"**What it excludes**  \n{md(role.excludes or '—')}")
        with b:
            st.markdown("**The conditions under which a founder's continuing role works**")
            for label, value in (
                ("A smaller role than before", role.condition_smaller),
                ("Clearly valued by the organisation", role.condition_valued),
                ("Welcomed by the successor", role.condition_welcomed),
            ):
                level = {"met": Level.green, "not_met": Level.red, "unknown": Level.amber}[value]
                with st.container(horizontal=True, vertical_alignment="center"):
                    light_badge(Light(level=level, word=CONDITION_WORDS[value]))
                    st.markdown(label)
            if role.notes:
                st.caption(md(role.notes))

    if role.can_edit:
        with st.expander(
            "Record or change the role" if role.id else "Record the role", icon=":material/edit:"
        ):
            prefix = "ct_role_"
            if prefix + "version" not in st.session_state:
                st.session_state[prefix + "version"] = role.version
                for field in FounderRoleSave.model_fields:
                    value = getattr(role, field)
                    st.session_state[prefix + field] = (
                        ""
                        if value is None
                        and field
                        in (
                            "title",
                            "includes",
                            "excludes",
                            "notes",
                        )
                        else value
                    )
            with st.form("ct_role", border=True):
                a, b = st.columns(2)
                with a:
                    st.selectbox(
                        "Role",
                        list(FOUNDER_ROLE_WORDS),
                        format_func=FOUNDER_ROLE_WORDS.get,
                        key=prefix + "role",
                    )
                with b:
                    st.text_input("Title", key=prefix + "title")
                st.text_area("What it includes", key=prefix + "includes", height=90)
                st.text_area("What it excludes", key=prefix + "excludes", height=90)
                a, b = st.columns(2)
                with a:
                    st.date_input("Starts", key=prefix + "starts_on", format=date_input_format())
                with b:
                    st.date_input(
                        "Board review on", key=prefix + "review_on", format=date_input_format()
                    )
                a, b, c = st.columns(3)
                for col, field, label in (
                    (a, "condition_smaller", "A smaller role"),
                    (b, "condition_valued", "Clearly valued"),
                    (c, "condition_welcomed", "Welcomed by the successor"),
                ):
                    with col:
                        st.selectbox(
                            label,
                            list(CONDITION_WORDS),
                            format_func=CONDITION_WORDS.get,
                            key=prefix + field,
                        )
                a, b = st.columns(2)
                with a:
                    st.selectbox(
                        "Board",
                        list(BOARD_STATUS_WORDS),
                        format_func=BOARD_STATUS_WORDS.get,
                        key=prefix + "board_status",
                    )
                with b:
                    st.date_input(
                        "Board reviewed on",
                        key=prefix + "board_reviewed_on",
                        format=date_input_format(),
                    )
                st.text_area("Notes", key=prefix + "notes", height=70)
                if st.session_state.get(prefix + "error"):
                    st.error(st.session_state[prefix + "error"])
                saved = st.form_submit_button("Save the role", type="primary")
            show_confirmation("ct_flash_role")
            if saved:
                save_form(
                    prefix,
                    lambda: FounderRoleSave(
                        **{f: st.session_state[prefix + f] for f in FounderRoleSave.model_fields}
                    ),
                    save_founder_role,
                    actor,
                    flash_key="ct_flash_role",
                    flash=lambda _data: "Saved the role after departure.",
                    expected_version=st.session_state[prefix + "version"],
                    today=today,
                )
