"""“Update the plan” on the timeline page (CEO and admin): one milestone's form (with its
History and Delete), the bulk table, a new milestone, and the phases (edit, add, delete)."""

from __future__ import annotations

from datetime import date

import streamlit as st
from pydantic import ValidationError

from gfj_core.errors import GfjError, StaleEdit
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.schemas.transition import (
    MILESTONE_STATE_WORDS,
    MilestoneCreate,
    MilestoneRead,
    MilestoneRowEdit,
    MilestoneUpdate,
    PhaseCreate,
    PhaseRowEdit,
    PhaseUpdate,
    TimelineView,
)
from gfj_core.services.timeline import (
    create_milestone,
    create_phase,
    delete_milestone,
    delete_phase,
    save_milestone_table,
    save_phase_table,
    update_milestone,
)
from ui.data import write
from ui.forms import (
    Column,
    clear_form,
    edit_table,
    form_key,
    form_value,
    problems_by_field,
    save_form,
    show_confirmation,
    show_field_problem,
    show_other_problems,
)
from ui.history import history_expander
from ui.removal import plan_removal, removal_panel, remove_one, show_outcome
from ui.transition import changed_fields
from ui.widgets import choose_many, fmt_date

STATUS_WORDS = {k: v for k, v in MILESTONE_STATE_WORDS.items() if k != "late"}


def _loaded(m: MilestoneRead, today: date) -> dict:
    return {
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


def milestone_changes(loaded: dict, values: dict) -> dict:
    """What the form changed; the completion date counts only when the status becomes done."""
    changes = changed_fields(loaded, values)
    if values["status"] == "done" and "status" in changes:
        changes["completed_on"] = values["completed_on"]
    elif values["status"] != "done":
        changes.pop("completed_on", None)
    return changes


def _person_choice(label: str, person_names: dict[int, str], key: str) -> None:
    st.selectbox(
        label,
        [None, *person_names],
        format_func=lambda i: "— no owner —" if i is None else person_names[i],
        key=key,
    )


def milestone_tab(view: TimelineView, person_names: dict[int, str], actor, today: date) -> None:
    if not view.milestones:
        show_outcome("tl_m")
        st.info("There are no milestones yet. Add the first one in “Add a milestone”.")
        return
    by_id = {m.id: m for m in view.milestones}
    phase_by_id = {p.id: p for p in view.phases}
    ids = list(by_id)
    chosen = st.selectbox(
        "Milestone",
        ids,
        format_func=lambda i: f"{by_id[i].phase_name}: {by_id[i].title}",
        key="tl_pick",
    )
    m = by_id[chosen]
    prefix = f"tl_m{m.id}_"
    loaded = _loaded(m, today)
    # The form starts from the saved values and the version it was loaded at; after an error it
    # keeps what was typed (the keys survive the rerun).
    if prefix + "version" not in st.session_state:
        st.session_state[prefix + "version"] = m.version
        st.session_state[prefix + "loaded"] = loaded
        for field, value in loaded.items():
            st.session_state[prefix + field] = value
    errors: dict[str, str] = st.session_state.get(prefix + "errors", {})
    behind = st.session_state[prefix + "version"] != m.version
    if behind and prefix + "stale" not in st.session_state:
        st.info(
            "This milestone was saved by someone else since you opened it. "
            "Use “Load the latest” to see their version.",
            icon=":material/info:",
        )
    with st.form(f"tl_edit_{m.id}", border=True):
        st.text_input("Title", key=prefix + "title")
        show_field_problem(errors, "title")
        a, b, c = st.columns(3)
        with a:
            st.selectbox(
                "Phase",
                list(phase_by_id),
                format_func=lambda i: phase_by_id[i].name,
                key=prefix + "phase_id",
            )
        with b:
            _person_choice("Owner", person_names, prefix + "owner_person_id")
            show_field_problem(errors, "owner_person_id")
        with c:
            st.selectbox(
                "Status",
                list(STATUS_WORDS),
                format_func=STATUS_WORDS.get,
                key=prefix + "status",
                help="“Late” is never chosen: it follows from the dates.",
            )
        a, b, c = st.columns(3)
        with a:
            st.date_input(
                "Forecast start", key=prefix + "forecast_start", format=date_input_format()
            )
        with b:
            st.date_input(
                "Forecast finish", key=prefix + "forecast_finish", format=date_input_format()
            )
            show_field_problem(errors, "forecast_finish")
        with c:
            st.date_input(
                "Completed on (when done)",
                key=prefix + "completed_on",
                format=date_input_format(),
                help="Used only when the status is Done; it becomes the actual finish.",
            )
            show_field_problem(errors, "completed_on")
        st.text_input(
            "Why the forecast moved (asked when it finishes later than approved)",
            key=prefix + "forecast_reason",
        )
        show_field_problem(errors, "forecast_reason")
        st.caption(
            f"Approved by the board: {fmt_date(m.baseline_start)} – "
            f"{fmt_date(m.baseline_finish)}. Only the board or an admin re-baselines."
        )
        show_field_problem(errors, "baseline_finish")
        choose_many(
            "Waits for (dependencies)",
            [i for i in ids if i != m.id],
            format_func=lambda i: by_id[i].title,
            key=prefix + "depends_on",
        )
        show_field_problem(errors, "depends_on")
        a, b = st.columns(2)
        with a:
            st.checkbox("Visible to the board", key=prefix + "visible_to_board")
        with b:
            st.checkbox("This is the handover milestone", key=prefix + "is_handover")
            show_field_problem(errors, "is_handover")
        show_field_problem(errors, "form")
        submitted = st.form_submit_button("Save milestone", type="primary")
    show_confirmation("tl_one_saved")
    if submitted:
        _save_milestone(m, prefix, loaded, actor, today)
    if prefix + "stale" in st.session_state:
        st.error(st.session_state[prefix + "stale"], icon=":material/sync_problem:")
    if behind and st.button("Load the latest version (discards your edits)", key=prefix + "reload"):
        clear_form(prefix)
        st.rerun()
    history_expander("milestone", m.id, actor)
    remove_one(
        "tl_m",
        m.id,
        removal=plan_removal("milestone", m.id, id_arg="milestone_id", actor=actor),
        service=delete_milestone,
        actor=actor,
        what="milestone",
    )


def _save_milestone(m: MilestoneRead, prefix: str, loaded: dict, actor, today: date) -> None:
    values = {f: st.session_state[prefix + f] for f in loaded}
    try:
        update = MilestoneUpdate(**milestone_changes(st.session_state[prefix + "loaded"], values))
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
    except (ValidationError, GfjError) as exc:
        st.session_state[prefix + "errors"] = problems_by_field(exc)
    else:
        clear_form(prefix)
        st.session_state["tl_one_saved"] = f"Saved “{values['title']}”."
    st.rerun()


def table_tab(view: TimelineView, person_names: dict[int, str], actor, today: date) -> None:
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


def new_milestone_tab(view: TimelineView, person_names: dict[int, str], actor, today: date) -> None:
    if not view.phases:
        st.info("Add a phase first (the Phases tab).")
        return
    by_id = {m.id: m for m in view.milestones}
    phase_by_id = {p.id: p for p in view.phases}
    p = "tl_new_"
    errors = st.session_state.get(p + "errors", {})
    with st.form("tl_new", border=True):
        st.text_input("Title", key=form_key(p, "title"))
        show_field_problem(errors, "title")
        a, b = st.columns(2)
        with a:
            st.selectbox(
                "Phase",
                list(phase_by_id),
                format_func=lambda i: phase_by_id[i].name,
                key=form_key(p, "phase_id"),
            )
        with b:
            _person_choice("Owner", person_names, form_key(p, "owner_person_id"))
        a, b = st.columns(2)
        with a:
            st.date_input(
                "Baseline start (approved)",
                value=today,
                key=form_key(p, "baseline_start"),
                format=date_input_format(),
            )
        with b:
            st.date_input(
                "Baseline finish (approved)",
                value=today,
                key=form_key(p, "baseline_finish"),
                format=date_input_format(),
            )
            show_field_problem(errors, "baseline_finish")
        choose_many(
            "Waits for (dependencies)",
            list(by_id),
            format_func=lambda i: by_id[i].title,
            key=form_key(p, "depends_on"),
        )
        show_field_problem(errors, "depends_on")
        st.checkbox("Visible to the board", value=True, key=form_key(p, "visible_to_board"))
        st.text_area("Notes", key=form_key(p, "notes"), height=80)
        show_other_problems(errors, ("title", "baseline_finish", "depends_on"))
        added = st.form_submit_button("Add milestone", type="primary")
    show_confirmation("tl_new_saved")
    if added:
        fields = (
            "title",
            "phase_id",
            "owner_person_id",
            "baseline_start",
            "baseline_finish",
            "depends_on",
            "visible_to_board",
            "notes",
        )
        save_form(
            p,
            lambda: MilestoneCreate(**{f: form_value(p, f) for f in fields}),
            create_milestone,
            actor,
            flash_key="tl_new_saved",
            flash=lambda data: f"Added “{md(data.title)}”.",
            today=today,
        )


def phases_tab(view: TimelineView, actor, today: date) -> None:
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
    removal_panel(
        "tl_ph_tools",
        options={ph.id: ph.name for ph in view.phases},
        removal=lambda i: plan_removal("phase", i, id_arg="phase_id", actor=actor),
        service=delete_phase,
        actor=actor,
        what="phase",
        history="phase",
        border=True,
    )
    p = "tl_phase_new_"
    errors = st.session_state.get(p + "errors", {})
    with st.form("tl_phase_new", border=True):
        st.markdown("**Add a phase**")
        a, b, c = st.columns(3)
        with a:
            st.text_input("Name", key=form_key(p, "name"))
            show_field_problem(errors, "name")
        with b:
            st.date_input(
                "Starts", value=today, key=form_key(p, "start"), format=date_input_format()
            )
        with c:
            st.date_input("Ends", value=today, key=form_key(p, "end"), format=date_input_format())
        show_other_problems(errors, ("name",))
        new_phase = st.form_submit_button("Add phase")
    show_confirmation("tl_phase_saved")
    if new_phase:
        save_form(
            p,
            lambda: PhaseCreate(
                name=form_value(p, "name"),
                start_date=form_value(p, "start"),
                end_date=form_value(p, "end"),
            ),
            create_phase,
            actor,
            flash_key="tl_phase_saved",
            flash=lambda data: f"Added the phase “{md(data.name)}”.",
        )
