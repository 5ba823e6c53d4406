"""First-run setup: on a database with no account, the organisation and its first administrator.

The form requires the one-time code `gfj init` printed on the server, so a stranger who reaches
a freshly deployed server cannot claim it. Everything typed is kept when the form is refused.
"""

from __future__ import annotations

import streamlit as st

from gfj_core.db import session_scope
from gfj_core.formatting import MONTH_NAMES, date_input_format
from gfj_core.schemas.people import OrganisationSetup
from gfj_core.services.setup import complete_setup
from ui import forms
from ui.state import engine

P = "setup_"
MONTHS = list(MONTH_NAMES)
SET_UP_KEY = "gfj_setup_done"
FIELDS = {
    "setup_code",
    "organisation_name",
    "founder_name",
    "departing_leader",
    "departing_leader_title",
    "transition_start_date",
    "planned_handover_date",
    "fiscal_year_start_month",
    "admin_name",
    "admin_email",
    "admin_username",
    "admin_password",
    "admin_password_again",
}


def _text(label: str, field: str, **kwargs) -> None:
    st.text_input(label, key=P + field, **kwargs)
    forms.field_problem(P, field)


def _date(label: str, field: str) -> None:
    st.date_input(label, value=None, key=P + field, format=date_input_format())
    forms.field_problem(P, field)


def _build() -> OrganisationSetup:
    v = forms.values(P, sorted(FIELDS))
    if (v["admin_password"] or "") != (v["admin_password_again"] or ""):
        from gfj_core.errors import ValidationFailed

        raise ValidationFailed(
            "The two passwords differ.", [("admin_password_again", "The two passwords differ.")]
        )
    month = v["fiscal_year_start_month"]
    return OrganisationSetup(
        organisation_name=v["organisation_name"] or "",
        founder_name=v["founder_name"] or None,
        departing_leader=v["departing_leader"] or "",
        departing_leader_title=v["departing_leader_title"] or "",
        transition_start_date=v["transition_start_date"],
        planned_handover_date=v["planned_handover_date"],
        fiscal_year_start_month=MONTHS.index(month) + 1 if month in MONTHS else 1,
        admin_name=v["admin_name"] or "",
        admin_email=v["admin_email"] or None,
        admin_username=v["admin_username"] or "",
        admin_password=v["admin_password"] or "",
    )


def _save() -> None:
    def action():
        data = _build()
        with session_scope(engine(), write=True) as s:
            return complete_setup(s, data=data, code=st.session_state.get(P + "setup_code") or "")

    ok, actor = forms.submit(P, action)
    if ok:
        forms.forget(P)
        st.session_state[SET_UP_KEY] = actor.username


def setup_page() -> None:
    left, middle, right = st.columns([1, 2.2, 1])
    with middle:
        st.title("Set up your organisation")
        st.markdown(
            "Nobody can sign in yet. Fill this in once: it names your organisation and its "
            "transition, and creates the first administrator, who then adds everyone else on "
            "the **People & accounts** page."
        )
        with st.form("setup", border=True, enter_to_submit=False):
            _text(
                "Setup code",
                "setup_code",
                placeholder="XXXX-XXXX-XXXX",
                help="`gfj init` printed it on the server. It works once, for 24 hours; "
                "`gfj setup-code` prints a new one.",
            )
            st.markdown("##### Organization")
            _text("Organization name", "organisation_name", max_chars=120)
            _text("Founder (optional)", "founder_name", max_chars=120)
            a, b = st.columns(2)
            with a:
                _text("Departing leader's full name", "departing_leader", max_chars=120)
            with b:
                _text("Their title", "departing_leader_title", placeholder="President & CEO")
            a, b, c = st.columns(3)
            with a:
                _date("Transition start", "transition_start_date")
            with b:
                _date("Planned handover", "planned_handover_date")
            with c:
                st.selectbox("Fiscal year starts in", MONTHS, key=P + "fiscal_year_start_month")
                forms.field_problem(P, "fiscal_year_start_month")
            st.markdown("##### First administrator")
            a, b = st.columns(2)
            with a:
                _text("Full name", "admin_name", max_chars=120)
            with b:
                _text("Email (optional)", "admin_email", max_chars=200, autocomplete="email")
            a, b = st.columns(2)
            with a:
                _text("Username", "admin_username", max_chars=60, autocomplete="username")
            a, b = st.columns(2)
            with a:
                _text(
                    "Password (at least 8 characters)",
                    "admin_password",
                    type="password",
                    autocomplete="new-password",
                )
            with b:
                _text(
                    "Password again",
                    "admin_password_again",
                    type="password",
                    autocomplete="new-password",
                )
            forms.form_problem(P, FIELDS)
            st.form_submit_button(
                "Set up the organisation", type="primary", on_click=_save, width="stretch"
            )
