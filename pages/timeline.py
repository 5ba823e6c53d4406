"""Transition timeline: milestones against the approved baseline, the chain that drives the
handover date, what is overdue and what is due next; the CEO and admin update the plan here."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from gfj_core.errors import GfjError, StaleEdit
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.metrics.plan import (
    handover_light,
    late_light,
    schedule_caption,
    slipped_light,
)
from gfj_core.schemas.transition import (
    MILESTONE_STATE_WORDS,
    MilestoneCreate,
    MilestoneRead,
    MilestoneRowEdit,
    MilestoneUpdate,
    PhaseCreate,
    PhaseRowEdit,
    PhaseUpdate,
)
from gfj_core.services.timeline import (
    create_milestone,
    create_phase,
    delete_milestone,
    people_options,
    save_milestone_table,
    save_phase_table,
    timeline_view,
    update_milestone,
)
from ui.charts import show
from ui.data import read, write
from ui.forms import (
    Column,
    clear_form,
    edit_table,
    problems_by_field,
    show_confirmation,
    show_field_problem,
)
from ui.guard import require_page
from ui.plan_changes import date_changes_table, days_ago, rebaseline_panel
from ui.transition import changed_fields, gantt
from ui.widgets import choose_many, demo_notice, fmt_date, light_badge, tile

actor = require_page("timeline")
DATE_INPUT = date_input_format()  # the organisation's date style, this run
today = date.today()
# A plan of more milestones than this keeps what the board acts on (the driving chain, overdue,
# due soon, the largest slips, then the earliest); the counts cover every milestone. The demo's
# 19 all show.
LIMIT = 150
SHOW_CARDS = 12  # overdue milestones drawn as cards; the rest are counted
view = read(timeline_view, actor, today=today, limit=LIMIT)
# Whole counts when the view is trimmed; the lists' own lengths otherwise (the demo's figures).
n_late = view.counts.late if view.trimmed else len(view.overdue)
n_soon = view.counts.due_next_30_days if view.trimmed else len(view.due_next_30_days)
n_slipped = view.counts.slipped if view.trimmed else len(view.slipped)
by_id = {m.id: m for m in view.milestones}
STATUS_WORDS = {k: v for k, v in MILESTONE_STATE_WORDS.items() if k != "late"}

st.title("Transition timeline")
st.markdown(
    f"As of **{fmt_date(today)}** · Planned handover **{fmt_date(view.planned_handover_date)}** · "
    f"{len(view.phases)} phases, {view.counts.total} milestones"
    + (
        f" ({view.hidden_from_viewer} internal milestones are not shown to the board)"
        if view.hidden_from_viewer and not view.can_edit
        else ""
    )
)
if view.trimmed:
    st.caption(
        f"Showing the {len(view.milestones)} milestones that matter most now (the chain that "
        f"drives the handover, overdue, due soon, the largest slips, then the earliest); "
        f"{view.trimmed} more are in the counts but not listed."
    )
if view.demo:
    demo_notice()

flash = st.session_state.pop("tl_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

# --- Headline figures ---------------------------------------------------------------------------
c = view.counts
cols = st.columns(4, gap="medium")
with cols[0]:
    tile("Milestones done", f"{c.done} of {c.total}", caption=schedule_caption(c))
with cols[1]:
    tile(
        "Late",
        str(c.late),
        light=late_light(c.late),
        caption="Not done and the forecast finish has passed.",
    )
with cols[2]:
    biggest = max((m.slip_days for m in view.slipped), default=0)
    tile(
        "Slipped, not late",
        str(c.slipped_not_late),
        light=slipped_light(c.slipped_not_late),
        caption=f"Forecast past the approved date · largest slip {biggest} days · "
        f"{c.slipped} past it in all, late ones included"
        if c.slipped
        else "Every forecast is on its approved date.",
    )
with cols[3]:
    h = view.handover
    if h is None:
        tile("Handover forecast", "—", caption="No milestone is marked as the handover.")
    else:
        gap = view.handover_gap_days
        if gap is None:
            words = "No planned handover date is set."
        elif gap > 0:
            words = f"{gap} days after the planned {fmt_date(view.planned_handover_date)}"
        elif gap < 0:
            words = f"{-gap} days before the planned {fmt_date(view.planned_handover_date)}"
        else:
            words = "On the planned date"
        tile(
            "Handover forecast",
            fmt_date(h.forecast_finish),
            light=handover_light(gap, view.chain_late),
            caption=words
            + (
                f" · {view.chain_late} milestone"
                + (
                    " on the chain that drives it is late"
                    if view.chain_late == 1
                    else "s on the chain that drive it are late"
                )
                if view.chain_late
                else ""
            ),
        )

# --- Gantt ----------------------------------------------------------------------------------------
st.subheader("Baseline against forecast")
phase_names = [p.name for p in view.phases if p.milestones]
choices = ["All phases", *phase_names]
# Thousands of milestones would make an unreadable chart: then start on the current phase.
current = next((p.name for p in view.phases if p.start_date <= today <= p.end_date), None)
default = 0 if len(view.milestones) <= 80 or current not in phase_names else choices.index(current)
pick = st.segmented_control("Show", choices, default=choices[default], key="tl_phase_filter")
shown = [m for m in view.milestones if pick in (None, "All phases") or m.phase_name == pick]
if shown:
    show(gantt(view, shown, today=today), key="tl_gantt")
    st.caption(
        "Thin grey bars: the dates the board approved. Coloured bars: today's forecast (the actual "
        "dates once done), each labelled with its status and any slip. Outlined bars, bold names "
        "and thick arrows: the chain of milestones that drives the handover date. Dotted arrows: "
        "other dependencies."
    )
else:
    st.info("No milestones yet." + (" Add the first one below." if view.can_edit else ""))


def _line(m: MilestoneRead) -> str:
    owner = m.owner_name or "no owner"
    slip = f" · **+{m.slip_days} days** past the approved date" if m.slip_days else ""
    return f"**{fmt_date(m.forecast_finish)}** · {md(m.title)} — {md(owner)} · {m.state_word}{slip}"


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
    if view.due_next_30_days:
        with st.container(
            border=True, height=420 if len(view.due_next_30_days) > 12 else "content"
        ):
            st.markdown("\n".join(f"- {_line(m)}" for m in view.due_next_30_days))
        if n_soon > len(view.due_next_30_days):
            st.caption(f"Showing {len(view.due_next_30_days)} of {n_soon}.")
    else:
        st.markdown("Nothing falls due in the next 30 days.")

st.subheader(f"Slips past the approved dates ({n_slipped})")
if view.slipped:
    st.dataframe(
        pd.DataFrame(
            {
                "Milestone": [m.title for m in view.slipped],
                "Owner": [m.owner_name or "—" for m in view.slipped],
                "Approved finish": [fmt_date(m.baseline_finish) for m in view.slipped],
                "Forecast finish": [fmt_date(m.forecast_finish) for m in view.slipped],
                "Slip (days)": pd.array([m.slip_days for m in view.slipped], dtype="Int64"),
                "Status": [m.state_word for m in view.slipped],
                "Drives the handover": [
                    "Yes" if m.on_driving_chain else "No" for m in view.slipped
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
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

st.subheader("The chain that drives the handover date")
if view.driving_chain:
    links = {link.to_id: link.slack_days for link in view.driving_links}
    chain = [by_id[i] for i in view.driving_chain if i in by_id]
    st.dataframe(
        pd.DataFrame(
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
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Each step is the prerequisite that finishes last: a slip on any of them moves the "
        "handover date unless the days spare absorb it."
    )
else:
    st.markdown("Mark a milestone as the handover and give it dependencies to see its chain.")

with st.expander(
    f"All milestones ({len(view.milestones)})"
    if not view.trimmed
    else f"Milestones ({len(view.milestones)} of {c.total})"
):
    st.dataframe(
        pd.DataFrame(
            {
                "Phase": [m.phase_name for m in view.milestones],
                "Milestone": [m.title for m in view.milestones],
                "Owner": [m.owner_name or "—" for m in view.milestones],
                "Approved": [
                    f"{fmt_date(m.baseline_start)} – {fmt_date(m.baseline_finish)}"
                    for m in view.milestones
                ],
                "Forecast": [
                    f"{fmt_date(m.forecast_start)} – {fmt_date(m.forecast_finish)}"
                    for m in view.milestones
                ],
                "Status": [m.state_word for m in view.milestones],
                "Slip (days)": [str(m.slip_days) if m.slip_days else "—" for m in view.milestones],
                "Waits for": [
                    "; ".join(by_id[d].title for d in m.depends_on if d in by_id)
                    for m in view.milestones
                ],
                "Notes": [m.notes or "" for m in view.milestones],
            }
        ),
        hide_index=True,
        width="stretch",
    )

rebaseline_panel(view, actor)
date_changes_table(actor)

if not view.can_edit:
    st.stop()

# --- Editing (CEO and admin) ---------------------------------------------------------------------
st.divider()
st.header("Update the plan")
people = read(people_options, actor)
person_names = {p.id: p.name for p in people}
phase_by_id = {p.id: p for p in view.phases}


_show_problems = show_field_problem
_clear = clear_form


def _errors_from(exc: Exception) -> dict[str, str]:
    return problems_by_field(exc)


# Keyed: a save reruns the page and the same tab stays open (issue 22).
tab_one, tab_table, tab_new, tab_phases = st.tabs(
    ["Update a milestone", "Edit in a table", "Add a milestone", "Phases"],
    key="tl_tabs",
    on_change="rerun",
)

with tab_one:
    if not view.milestones:
        st.info("There are no milestones yet.")
    else:
        ids = [m.id for m in view.milestones]
        chosen = st.selectbox(
            "Milestone",
            ids,
            format_func=lambda i: f"{by_id[i].phase_name}: {by_id[i].title}",
            key="tl_pick",
        )
        m = by_id[chosen]
        prefix = f"tl_m{m.id}_"
        loaded = {
            "title": m.title,
            "phase_id": m.phase_id,
            "owner_person_id": m.owner_person_id,
            "status": m.status,
            "completed_on": m.completed_on or today,
            "forecast_start": m.forecast_start,
            "forecast_finish": m.forecast_finish,
            "depends_on": list(m.depends_on),
            "visible_to_board": m.visible_to_board,
            "is_handover": m.is_handover,
            "notes": m.notes or "",
            "forecast_reason": "",
        }
        # The form starts from the saved values and the version it was loaded at; after an error
        # it keeps what was typed (the keys survive the rerun).
        if prefix + "version" not in st.session_state:
            st.session_state[prefix + "version"] = m.version
            st.session_state[prefix + "loaded"] = loaded
            for field, value in loaded.items():
                st.session_state[prefix + field] = value
        errors: dict[str, str] = st.session_state.get(prefix + "errors", {})
        if (
            st.session_state[prefix + "version"] != m.version
            and prefix + "stale" not in st.session_state
        ):
            st.info(
                "This milestone was saved by someone else since you opened it. "
                "Use “Load the latest” to see their version.",
                icon=":material/info:",
            )
        with st.form(f"tl_edit_{m.id}", border=True):
            st.text_input("Title", key=prefix + "title")
            _show_problems(errors, "title")
            a, b, c3 = st.columns(3)
            with a:
                st.selectbox(
                    "Phase",
                    list(phase_by_id),
                    format_func=lambda i: phase_by_id[i].name,
                    key=prefix + "phase_id",
                )
            with b:
                st.selectbox(
                    "Owner",
                    [None, *person_names],
                    format_func=lambda i: "— no owner —" if i is None else person_names[i],
                    key=prefix + "owner_person_id",
                )
                _show_problems(errors, "owner_person_id")
            with c3:
                st.selectbox(
                    "Status",
                    list(STATUS_WORDS),
                    format_func=STATUS_WORDS.get,
                    key=prefix + "status",
                    help="“Late” is never chosen: it follows from the dates.",
                )
            a, b, c3 = st.columns(3)
            with a:
                st.date_input("Forecast start", key=prefix + "forecast_start", format=DATE_INPUT)
            with b:
                st.date_input("Forecast finish", key=prefix + "forecast_finish", format=DATE_INPUT)
                _show_problems(errors, "forecast_finish")
            with c3:
                st.date_input(
                    "Completed on (when done)",
                    key=prefix + "completed_on",
                    format=DATE_INPUT,
                    help="Used only when the status is Done; it becomes the actual finish.",
                )
                _show_problems(errors, "completed_on")
            st.text_input(
                "Why the forecast moved (asked when it finishes later than approved)",
                key=prefix + "forecast_reason",
            )
            _show_problems(errors, "forecast_reason")
            st.caption(
                f"Approved by the board: {fmt_date(m.baseline_start)} – "
                f"{fmt_date(m.baseline_finish)}. Only the board or an admin re-baselines."
            )
            _show_problems(errors, "baseline_finish")
            choose_many(
                "Waits for (dependencies)",
                [i for i in ids if i != m.id],
                format_func=lambda i: by_id[i].title,
                key=prefix + "depends_on",
            )
            _show_problems(errors, "depends_on")
            a, b = st.columns(2)
            with a:
                st.checkbox("Visible to the board", key=prefix + "visible_to_board")
            with b:
                st.checkbox("This is the handover milestone", key=prefix + "is_handover")
                _show_problems(errors, "is_handover")
            st.text_area("Notes", key=prefix + "notes", height=80)
            _show_problems(errors, "form")
            submitted = st.form_submit_button("Save milestone", type="primary")
        show_confirmation("tl_one_saved")

        if submitted:
            values = {f: st.session_state[prefix + f] for f in loaded}
            changes = changed_fields(st.session_state[prefix + "loaded"], values)
            if values["status"] == "done" and "status" in changes:
                changes["completed_on"] = values["completed_on"]
            elif values["status"] != "done":
                changes.pop("completed_on", None)
            try:
                update = MilestoneUpdate(**changes)
                write(
                    update_milestone,
                    actor,
                    milestone_id=m.id,
                    changes=update,
                    expected_version=st.session_state[prefix + "version"],
                    today=today,
                )
            except StaleEdit as exc:
                st.session_state[prefix + "stale"] = str(exc)
                st.session_state[prefix + "errors"] = {}
                st.rerun()
            except (ValidationError, GfjError) as exc:
                st.session_state[prefix + "errors"] = _errors_from(exc)
                st.rerun()
            else:
                _clear(prefix)
                st.session_state["tl_one_saved"] = f"Saved “{values['title']}”."
                st.rerun()
        if prefix + "stale" in st.session_state:
            st.error(st.session_state[prefix + "stale"], icon=":material/sync_problem:")
        behind = st.session_state[prefix + "version"] != m.version
        if behind and st.button(
            "Load the latest version (discards your edits)", key=prefix + "reload"
        ):
            _clear(prefix)
            st.rerun()
        with st.popover("Delete this milestone", icon=":material/delete:"):
            st.markdown(
                f"Delete **{md(m.title)}** and its dependency links? This cannot be undone."
            )
            if st.button("Yes, delete it", type="primary", key=prefix + "delete"):
                try:
                    write(
                        delete_milestone,
                        actor,
                        milestone_id=m.id,
                        expected_version=st.session_state[prefix + "version"],
                    )
                except GfjError as exc:
                    st.error(str(exc))
                else:
                    _clear(prefix)
                    st.session_state["tl_flash"] = f"Deleted “{md(m.title)}”."
                    st.rerun()

with tab_table:
    st.caption(
        "Change several milestones at once, then save. All the changes are saved together, or "
        "none of them if one is refused. Baselines and dependencies are changed in the form."
    )
    edit_table(
        "tl_table",
        rows=view.milestones,
        columns=[
            Column("Milestone", "title", required=True, width="large"),
            Column("Owner", "owner_person_id", "choice", person_names),
            Column("Status", "status", "choice", STATUS_WORDS, required=True),
            Column("Forecast start", "forecast_start", "date", required=True),
            Column("Forecast finish", "forecast_finish", "date", required=True),
            Column("Visible to board", "visible_to_board", "bool"),
            Column("Notes", "notes", value=lambda m: m.notes or ""),
            Column(
                "Why the forecast moved",
                "forecast_reason",
                value=lambda m: "",
                help="Needed when a forecast finishes later than the approved date than before.",
            ),
            Column("Approved finish", None, "date", value=lambda m: m.baseline_finish),
        ],
        update=MilestoneUpdate,
        row_edit=MilestoneRowEdit,
        save=save_milestone_table,
        actor=actor,
        saved=lambda n: f"Saved {n} milestone(s) from the table.",
        button="Save table changes",
        row_name=lambda m: m.title,
        today=today,
    )

with tab_new:
    if not view.phases:
        st.info("Add a phase first (the Phases tab).")
    else:
        errors = st.session_state.get("tl_new_errors", {})
        with st.form("tl_new", border=True):
            st.text_input("Title", key="tl_new_title")
            _show_problems(errors, "title")
            a, b = st.columns(2)
            with a:
                st.selectbox(
                    "Phase",
                    list(phase_by_id),
                    format_func=lambda i: phase_by_id[i].name,
                    key="tl_new_phase_id",
                )
            with b:
                st.selectbox(
                    "Owner",
                    [None, *person_names],
                    format_func=lambda i: "— no owner —" if i is None else person_names[i],
                    key="tl_new_owner_person_id",
                )
            a, b = st.columns(2)
            with a:
                st.date_input(
                    "Baseline start (approved)",
                    value=today,
                    key="tl_new_baseline_start",
                    format=DATE_INPUT,
                )
            with b:
                st.date_input(
                    "Baseline finish (approved)",
                    value=today,
                    key="tl_new_baseline_finish",
                    format=DATE_INPUT,
                )
                _show_problems(errors, "baseline_finish")
            choose_many(
                "Waits for (dependencies)",
                [m.id for m in view.milestones],
                format_func=lambda i: by_id[i].title,
                key="tl_new_depends_on",
            )
            _show_problems(errors, "depends_on")
            st.checkbox("Visible to the board", value=True, key="tl_new_visible_to_board")
            st.text_area("Notes", key="tl_new_notes", height=80)
            _show_problems(errors, "form")
            added = st.form_submit_button("Add milestone", type="primary")
        show_confirmation("tl_new_saved")
        if added:
            try:
                data = MilestoneCreate(
                    title=st.session_state["tl_new_title"],
                    phase_id=st.session_state["tl_new_phase_id"],
                    owner_person_id=st.session_state["tl_new_owner_person_id"],
                    baseline_start=st.session_state["tl_new_baseline_start"],
                    baseline_finish=st.session_state["tl_new_baseline_finish"],
                    depends_on=st.session_state["tl_new_depends_on"],
                    visible_to_board=st.session_state["tl_new_visible_to_board"],
                    notes=st.session_state["tl_new_notes"],
                )
                write(create_milestone, actor, data=data, today=today)
            except (ValidationError, GfjError) as exc:
                st.session_state["tl_new_errors"] = _errors_from(exc)
                st.rerun()
            else:
                _clear("tl_new_")
                st.session_state["tl_new_saved"] = f"Added “{md(data.title)}”."
                st.rerun()

with tab_phases:
    st.caption("Rename a phase or move its dates here; new phases are added below the table.")
    edit_table(
        "tl_phases",
        rows=view.phases,
        columns=[
            Column("Position", "position", "number", required=True, min_value=1),
            Column("Phase", "name", required=True),
            Column("Starts", "start_date", "date", required=True),
            Column("Ends", "end_date", "date", required=True),
            Column("Milestones", None, "number", value=lambda p: p.milestones),
        ],
        update=PhaseUpdate,
        row_edit=PhaseRowEdit,
        save=save_phase_table,
        actor=actor,
        saved=lambda n: "Saved the phases.",
        button="Save phase changes",
    )

    errors = st.session_state.get("tl_phase_new_errors", {})
    with st.form("tl_phase_new", border=True):
        st.markdown("**Add a phase**")
        a, b, c3 = st.columns(3)
        with a:
            st.text_input("Name", key="tl_phase_new_name")
            _show_problems(errors, "name")
        with b:
            st.date_input("Starts", value=today, key="tl_phase_new_start", format=DATE_INPUT)
        with c3:
            st.date_input("Ends", value=today, key="tl_phase_new_end", format=DATE_INPUT)
        _show_problems(errors, "form")
        new_phase = st.form_submit_button("Add phase")
    show_confirmation("tl_phase_saved")
    if new_phase:
        try:
            data = PhaseCreate(
                name=st.session_state["tl_phase_new_name"],
                start_date=st.session_state["tl_phase_new_start"],
                end_date=st.session_state["tl_phase_new_end"],
            )
            write(create_phase, actor, data=data)
        except (ValidationError, GfjError) as exc:
            st.session_state["tl_phase_new_errors"] = _errors_from(exc)
            st.rerun()
        else:
            _clear("tl_phase_new_")
            st.session_state["tl_phase_saved"] = f"Added the phase “{md(data.name)}”."
            st.rerun()
