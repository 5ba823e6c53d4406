"""Organization settings: every setting in the app, grouped; the CEO edits the transition."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.formatting import DATE_STYLES, MONTH_NAMES, date_input_format
from gfj_core.schemas.people import BOARD_SEAT_LABELS, PeopleFilter
from gfj_core.services.org_settings import (
    CEO_GROUPS,
    save_settings_group,
    settings_group,
)
from gfj_core.services.people import list_people
from gfj_core.services.threshold_preview import threshold_values_today
from ui.data import read
from ui.forms import (
    form_errors,
    save_form,
    show_confirmation,
    show_field_problem,
    show_other_problems,
)
from ui.guard import require_page
from ui.settings_view import THRESHOLD_LABELS, preview_rows, readiness_index_form
from ui.sharing import registered_supporters, sharing_panel
from ui.widgets import choose_many, data_table

actor = require_page("settings")
is_admin = can(actor.role, "settings.manage")
FLASH = "settings_flash"
MONTHS = list(MONTH_NAMES)
st.title("Organization settings")
st.caption(
    "Every setting the app uses. Each group saves on its own; a save from a page opened before "
    "someone else's save is refused and says what they changed."
    + ("" if is_admin else " As President & CEO you may change the transition group.")
)
show_confirmation(FLASH)


def loaded(group: str) -> dict:
    """The group's values when the form was first drawn (kept until it is saved)."""
    key = f"settings_{group}_loaded"
    if key not in st.session_state:
        st.session_state[key] = read(settings_group, actor, group=group)
    return st.session_state[key]


def save(group: str, values: dict, message: str) -> None:
    prefix = f"settings_{group}_"
    save_form(
        prefix,
        lambda: {"group": group, "values": values, "loaded": loaded(group)},
        save_settings_group,
        actor,
        data_arg=None,
        flash_key=FLASH,
        flash=lambda _: message,
    )


def editable(group: str) -> bool:
    return is_admin or group in CEO_GROUPS


def problem(group: str, *fields: str) -> None:
    for field in fields:
        show_field_problem(form_errors(f"settings_{group}_"), field)


def rest(group: str, fields: set[str]) -> None:
    show_other_problems(form_errors(f"settings_{group}_"), list(fields))


left, right = st.columns(2)

# --- organisation -----------------------------------------------------------------------------
with left, st.form("settings_organisation_form", border=True):
    st.markdown("#### Organization")
    v = loaded("organisation")
    p = "settings_organisation_"
    name = st.text_input(
        "Name", value=v["organisation_name"], key=p + "name", disabled=not editable("organisation")
    )
    problem("organisation", "organisation_name")
    founder = st.text_input(
        "Founder (optional: named on the Legacy & values page)",
        value=v["founder_name"] or "",
        key=p + "founder",
        disabled=not editable("organisation"),
    )
    problem("organisation", "founder_name")
    style = st.selectbox(
        "Dates read and are typed as",
        list(DATE_STYLES),
        index=list(DATE_STYLES).index(v["date_style"]),
        format_func=lambda k: DATE_STYLES[k].label,
        key=p + "date_style",
        disabled=not editable("organisation"),
        help="Every page, table, email and the board packet follow it.",
    )
    problem("organisation", "date_style")
    rest("organisation", {"organisation_name", "founder_name", "date_style"})
    if st.form_submit_button("Save organization", disabled=not editable("organisation")):
        save(
            "organisation",
            {"organisation_name": name, "founder_name": founder.strip() or None,
             "date_style": style},
            "Organization saved.",
        )  # fmt: skip

# --- transition -------------------------------------------------------------------------------
with right, st.form("settings_transition_form", border=True):
    st.markdown("#### Transition")
    v = loaded("transition")
    p = "settings_transition_"
    names = [person.full_name for person in read(list_people, actor, filters=PeopleFilter())]
    if v["departing_leader"] and v["departing_leader"] not in names:
        names.insert(0, v["departing_leader"])
    leader = st.selectbox(
        "Departing leader",
        names,
        index=names.index(v["departing_leader"]) if v["departing_leader"] in names else None,
        key=p + "leader",
        placeholder="Choose a person (add them on People & accounts first)",
    )
    problem("transition", "departing_leader")
    title = st.text_input("Their title", value=v["departing_leader_title"], key=p + "title")
    problem("transition", "departing_leader_title")
    a, b = st.columns(2)
    start = a.date_input(
        "Transition start",
        value=date.fromisoformat(v["transition_start_date"])
        if v["transition_start_date"]
        else None,
        key=p + "start",
        format=date_input_format(),
    )
    with a:
        problem("transition", "transition_start_date")
    handover = b.date_input(
        "Planned handover",
        value=date.fromisoformat(v["planned_handover_date"])
        if v["planned_handover_date"]
        else None,
        key=p + "handover",
        format=date_input_format(),
    )
    with b:
        problem("transition", "planned_handover_date")
    rest(
        "transition",
        {"departing_leader", "departing_leader_title", "transition_start_date",
         "planned_handover_date"},
    )  # fmt: skip
    if st.form_submit_button("Save transition", type="primary"):
        save(
            "transition",
            {
                "departing_leader": leader,
                "departing_leader_title": title,
                "transition_start_date": start.isoformat() if start else None,
                "planned_handover_date": handover.isoformat() if handover else None,
            },
            "Transition saved.",
        )

left, right = st.columns(2)
# --- fiscal year and mentoring ----------------------------------------------------------------
with left, st.form("settings_fiscal_year_form", border=True):
    st.markdown("#### Fiscal year")
    v = loaded("fiscal_year")
    month = st.selectbox(
        "Fiscal year starts in",
        MONTHS,
        index=v["fiscal_year_start_month"] - 1,
        key="settings_fiscal_year_month",
        disabled=not editable("fiscal_year"),
    )
    problem("fiscal_year", "fiscal_year_start_month")
    rest("fiscal_year", {"fiscal_year_start_month"})
    if st.form_submit_button("Save fiscal year", disabled=not editable("fiscal_year")):
        save(
            "fiscal_year",
            {"fiscal_year_start_month": MONTHS.index(month) + 1},
            "Fiscal year saved.",
        )
with right, st.form("settings_mentoring_form", border=True):
    st.markdown("#### Mentoring")
    v = loaded("mentoring")
    stale = st.number_input(
        "Flag a mentoring relationship after this many days without a session",
        min_value=1,
        max_value=365,
        step=1,
        value=int(v["session_stale_days"]),
        key="settings_mentoring_days",
        disabled=not editable("mentoring"),
    )
    problem("mentoring", "session_stale_days")
    rest("mentoring", {"session_stale_days"})
    if st.form_submit_button("Save mentoring", disabled=not editable("mentoring")):
        save("mentoring", {"session_stale_days": int(stale)}, "Mentoring saved.")

# --- emergency plan ---------------------------------------------------------------------------
with st.form("settings_emergency_form", border=True):
    st.markdown("#### Emergency backup plan")
    v = loaded("emergency")
    seats = ["chair", "vice_chair", "treasurer", "secretary"]
    triggers = choose_many(
        "Who triggers the emergency plan, in order",
        seats,
        default=v["emergency_triggers"],
        format_func=BOARD_SEAT_LABELS.get,
        key="settings_emergency_triggers",
        disabled=not editable("emergency"),
    )
    problem("emergency", "emergency_triggers")
    rest("emergency", {"emergency_triggers"})
    if st.form_submit_button("Save emergency plan", disabled=not editable("emergency")):
        save("emergency", {"emergency_triggers": triggers}, "Emergency plan saved.")

# --- thresholds, with a preview of today's lights ---------------------------------------------
st.subheader("Traffic-light thresholds")
st.caption(
    "Past **Act** the board should act; past **Watch** keep an eye on it. Shares are fractions "
    "(0.25 = 25%). Preview shows today's lights under the thresholds typed, before saving."
)
v = loaded("thresholds")["thresholds"]
with st.form("settings_thresholds_form", border=True):
    typed: dict[str, dict] = {}
    header = st.columns([3, 1.2, 1.2, 1.6])
    header[0].markdown("**Measure**")
    header[1].markdown("**Act at**")
    header[2].markdown("**Watch at**")
    header[3].markdown("**Better when**")
    for key, band in v.items():
        label, unit = THRESHOLD_LABELS.get(key, (key.replace("_", " ").capitalize(), "value"))
        row = st.columns([3, 1.2, 1.2, 1.6], vertical_alignment="center")
        row[0].markdown(label)
        red = row[1].number_input(
            f"{label}: Act at", value=float(band["red"]), key=f"settings_thr_{key}_red",
            label_visibility="collapsed", format="%.2f", step=0.05,
            disabled=not editable("thresholds"),
        )  # fmt: skip
        amber = row[2].number_input(
            f"{label}: Watch at", value=float(band["amber"]), key=f"settings_thr_{key}_amber",
            label_visibility="collapsed", format="%.2f", step=0.05,
            disabled=not editable("thresholds"),
        )  # fmt: skip
        row[3].markdown("higher" if band["higher_is_better"] else "lower")
        typed[key] = {**band, "red": red, "amber": amber}
        show_field_problem(form_errors("settings_thresholds_"), f"thresholds.{key}")
    rest("thresholds", {f"thresholds.{k}" for k in v})
    a, b = st.columns([1, 1])
    preview = a.form_submit_button("Preview lights", icon=":material/visibility:")
    saved = b.form_submit_button(
        "Save thresholds", type="primary", disabled=not editable("thresholds")
    )
if saved:
    save("thresholds", {"thresholds": typed}, "Thresholds saved.")

values = read(threshold_values_today, actor, today=date.today())
rows = preview_rows(v, typed, values, preview=bool(preview))
with st.expander("Preview of today's lights", expanded=bool(preview), icon=":material/traffic:"):
    data_table(pd.DataFrame(rows), hide_index=True, width="stretch")

# --- readiness index, and (the admin's) sharing with supporters -----------------------------
readiness_index_form(
    loaded("readiness_index")["readiness_index"],
    disabled=not editable("readiness_index"),
    problems=lambda: (
        show_field_problem(form_errors("settings_readiness_index_"), "readiness_index"),
        rest("readiness_index", {"readiness_index"}),
    ),
    save=lambda values: save("readiness_index", values, "Readiness index saved."),
)
if can(actor.role, "sharing.manage"):
    sharing_panel(actor, registered_supporters())
