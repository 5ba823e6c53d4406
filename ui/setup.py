"""First-run setup: on a database with no account, the organisation and its first administrator.

The form requires the one-time code `gfj init` printed on the server, so a stranger who reaches
a freshly deployed server cannot claim it. Everything typed is kept when the form is refused.
"""

from __future__ import annotations

import streamlit as st

from gfj_core.errors import ValidationFailed
from gfj_core.formatting import MONTH_NAMES
from gfj_core.schemas.people import OrganisationSetup
from gfj_core.services.setup import complete_setup
from ui.forms import Input, input_form

SET_UP_KEY = "gfj_setup_done"
MONTHS = list(MONTH_NAMES)

# The setup form, declared (ui.forms.input_form): every problem under its field.
ROWS = [
    [
        Input(
            "setup_code",
            "Setup code",
            placeholder="XXXX-XXXX-XXXX",
            help="`gfj init` printed it on the server. It works once, for 24 hours; "
            "`gfj setup-code` prints a new one.",
        )
    ],
    "##### Organization",
    [Input("organisation_name", "Organization name", max_chars=120)],
    [Input("founder_name", "Founder (optional)", max_chars=120)],
    [
        Input("departing_leader", "Departing leader's full name", max_chars=120),
        Input("departing_leader_title", "Their title", placeholder="President & CEO"),
    ],
    [
        Input("transition_start_date", "Transition start", "date"),
        Input("planned_handover_date", "Planned handover", "date"),
        Input("fiscal_year_start_month", "Fiscal year starts in", "choice", MONTHS),
    ],
    "##### First administrator",
    [
        Input("admin_name", "Full name", max_chars=120),
        Input("admin_email", "Email (optional)", max_chars=200, autocomplete="email"),
    ],
    [Input("admin_username", "Username", max_chars=60, autocomplete="username")],
    [
        Input(
            "admin_password",
            "Password (at least 8 characters)",
            "password",
            autocomplete="new-password",
        ),
        Input("admin_password_again", "Password again", "password", autocomplete="new-password"),
    ],
]


def _arguments(**v) -> dict:
    """complete_setup's arguments: the organisation (its schema checks every field) and the
    one-time code."""
    if (v["admin_password"] or "") != (v["admin_password_again"] or ""):
        raise ValidationFailed(
            "The two passwords differ.", [("admin_password_again", "The two passwords differ.")]
        )
    required = ("organisation_name", "departing_leader", "departing_leader_title", "admin_name")
    fields = v | {k: v[k] or "" for k in (*required, "admin_username", "admin_password")}
    code = fields.pop("setup_code") or ""
    fields.pop("admin_password_again")
    month = fields["fiscal_year_start_month"]
    fields["fiscal_year_start_month"] = MONTHS.index(month) + 1 if month in MONTHS else 1
    return {"code": code, "data": OrganisationSetup(**fields)}


def setup_page() -> None:
    left, middle, right = st.columns([1, 2.2, 1])
    with middle:
        st.title("Set up your organization")
        st.markdown(
            "Nobody can sign in yet. Fill this in once: it names your organization and its "
            "transition, and creates the first administrator, who then adds everyone else on "
            "the **People & accounts** page."
        )
        # Nobody is signed in yet: complete_setup runs without an actor (it checks the code).
        input_form(
            "setup",
            rows=ROWS,
            schema=_arguments,
            data_arg=None,
            service=complete_setup,
            actor=None,
            confirm=lambda d: None,
            after=lambda admin: st.session_state.__setitem__(SET_UP_KEY, admin.username),
            button="Set up the organization",
            button_width="stretch",
        )
