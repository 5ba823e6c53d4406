"""The role-after-departure tab of the continuity page: the founder-CEO's proposed role, the
three conditions under which it works, and the form the CEO and admin record it with."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.metrics.transition import condition_light
from gfj_core.schemas.transition import (
    BOARD_STATUS_WORDS,
    CONDITION_WORDS,
    FOUNDER_ROLE_WORDS,
    FounderRoleRead,
    FounderRoleSave,
)
from gfj_core.services.continuity import save_founder_role, withdraw_founder_role
from ui.forms import clear_form, save_form, show_confirmation
from ui.history import history_expander
from ui.removal import rows_removal
from ui.widgets import fmt_date, light_badge

CONDITIONS = (
    ("condition_smaller", "A smaller role than before", "A smaller role"),
    ("condition_valued", "Clearly valued by the organization", "Clearly valued"),
    ("condition_welcomed", "Welcomed by the successor", "Welcomed by the successor"),
)
TEXT_FIELDS = ("title", "includes", "excludes", "notes")
PREFIX = "ct_role_"


def role_tab(role: FounderRoleRead, actor, today: date, *, leader: str) -> None:
    st.subheader(f"{leader}'s role after departure")
    if role.id is None:
        # Said here: the delete panel that withdrew the role is gone with it.
        show_confirmation("ct_role_withdraw_done")
        st.info(
            "No role after departure has been recorded yet."
            + (" Record it below." if role.can_edit else "")
        )
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
            for field, label, _short in CONDITIONS:
                with st.container(horizontal=True, vertical_alignment="center"):
                    light_badge(condition_light(getattr(role, field)))
                    st.markdown(label)
            if role.notes:
                st.caption(md(role.notes))
        if role.can_edit:
            rows_removal(
                "ct_role_withdraw",
                rows=[role],
                name_of=lambda r: f"{leader}'s role after departure",
                service=withdraw_founder_role,
                actor=actor,
                what="role",
                history="founder_role",
            )
        else:
            history_expander("founder_role", role.id, actor)
    if role.can_edit:
        with st.expander(
            "Record or change the role" if role.id else "Record the role", icon=":material/edit:"
        ):
            _form(role, actor, today)


def _load(role: FounderRoleRead) -> None:
    """The form starts from the saved role and the version it was loaded at (None: no role yet,
    and a role someone saves meanwhile is then refused, not replaced)."""
    if PREFIX + "version" in st.session_state:
        return
    st.session_state[PREFIX + "version"] = role.version
    for field in FounderRoleSave.model_fields:
        value = getattr(role, field)
        st.session_state[PREFIX + field] = "" if value is None and field in TEXT_FIELDS else value


def _form(role: FounderRoleRead, actor, today: date) -> None:
    p = PREFIX
    if role.id is None and st.session_state.get(p + "version") is not None:
        clear_form(p)  # the role was withdrawn: the form starts again from no role
    _load(role)
    if st.session_state[p + "version"] != role.version:
        st.info(
            "Someone else saved the role since you opened this form.",
            icon=":material/info:",
        )
        if st.button("Load their version (discards your edits)", key=p + "reload"):
            clear_form(p)
            st.rerun()
    with st.form("ct_role", border=True):
        a, b = st.columns(2)
        with a:
            st.selectbox(
                "Role", list(FOUNDER_ROLE_WORDS), format_func=FOUNDER_ROLE_WORDS.get, key=p + "role"
            )
        with b:
            st.text_input("Title", key=p + "title")
        st.text_area("What it includes", key=p + "includes", height=90)
        st.text_area("What it excludes", key=p + "excludes", height=90)
        a, b = st.columns(2)
        with a:
            st.date_input("Starts", key=p + "starts_on", format=date_input_format())
        with b:
            st.date_input("Board review on", key=p + "review_on", format=date_input_format())
        for col, (field, _label, short) in zip(st.columns(3), CONDITIONS, strict=True):
            with col:
                st.selectbox(
                    short, list(CONDITION_WORDS), format_func=CONDITION_WORDS.get, key=p + field
                )
        a, b = st.columns(2)
        with a:
            st.selectbox(
                "Board",
                list(BOARD_STATUS_WORDS),
                format_func=BOARD_STATUS_WORDS.get,
                key=p + "board_status",
            )
        with b:
            st.date_input(
                "Board reviewed on", key=p + "board_reviewed_on", format=date_input_format()
            )
        st.text_area("Notes", key=p + "notes", height=70)
        if st.session_state.get(p + "error"):
            st.error(st.session_state[p + "error"])
        saved = st.form_submit_button("Save the role", type="primary")
    show_confirmation("ct_flash_role")
    if saved:
        save_form(
            p,
            lambda: FounderRoleSave(
                **{f: st.session_state[p + f] for f in FounderRoleSave.model_fields}
            ),
            save_founder_role,
            actor,
            flash_key="ct_flash_role",
            flash=lambda _data: "Saved the role after departure.",
            expected_version=st.session_state[p + "version"],
            today=today,
        )
