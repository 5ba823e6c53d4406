"""Drawing helpers for the People & accounts page: the person form and the directory table."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from gfj_core.access import ROLE_LABELS, Role
from gfj_core.formatting import date_input_format
from gfj_core.schemas.people import BOARD_SEAT_LABELS, BOARD_SEATS, PersonRead
from ui import forms
from ui.widgets import fmt_date

NO_SEAT = "Not on the board"
SEAT_OPTIONS = [NO_SEAT, *BOARD_SEATS]
PERSON_FIELDS = [
    "full_name",
    "email",
    "title",
    "board_role",
    "board_term_start",
    "board_term_end",
    "is_staff",
]


def seat_label(seat: str | None) -> str:
    return BOARD_SEAT_LABELS.get(seat or "", "") if seat else ""


def person_form_fields(prefix: str, person: PersonRead | None = None) -> None:
    """The person fields, keyed under prefix; prefilled from `person` the first time drawn."""
    if person is not None and prefix + "full_name" not in st.session_state:
        st.session_state[prefix + "full_name"] = person.full_name
        st.session_state[prefix + "email"] = person.email or ""
        st.session_state[prefix + "title"] = person.title or ""
        st.session_state[prefix + "board_role"] = person.board_role or NO_SEAT
        st.session_state[prefix + "board_term_start"] = person.board_term_start
        st.session_state[prefix + "board_term_end"] = person.board_term_end
        st.session_state[prefix + "is_staff"] = person.is_staff
        # The version the form was loaded from: a save from a stale copy is refused.
        st.session_state[prefix + "version"] = person.version
    a, b = st.columns(2)
    with a:
        st.text_input("Full name", key=prefix + "full_name", max_chars=120)
        forms.field_problem(prefix, "full_name")
    with b:
        st.text_input("Email (optional, unique)", key=prefix + "email", max_chars=200)
        forms.field_problem(prefix, "email")
    a, b = st.columns(2)
    with a:
        st.text_input(
            "Job or board title (optional)",
            key=prefix + "title",
            max_chars=160,
            placeholder="e.g. Program director",
        )
        forms.field_problem(prefix, "title")
    with b:
        st.checkbox("Member of staff", key=prefix + "is_staff")
    a, b, c = st.columns(3)
    with a:
        st.selectbox(
            "Board seat",
            SEAT_OPTIONS,
            key=prefix + "board_role",
            format_func=lambda s: s if s == NO_SEAT else BOARD_SEAT_LABELS[s],
        )
        forms.field_problem(prefix, "board_role")
    with b:
        st.date_input(
            "Board term starts",
            value=None,
            key=prefix + "board_term_start",
            format=date_input_format(),
        )
        forms.field_problem(prefix, "board_term_start")
    with c:
        st.date_input(
            "Board term ends", value=None, key=prefix + "board_term_end", format=date_input_format()
        )
        forms.field_problem(prefix, "board_term_end")


def person_form_values(prefix: str) -> dict:
    v = forms.values(prefix, PERSON_FIELDS)
    seat = v["board_role"]
    return {
        "full_name": v["full_name"] or "",
        "email": v["email"] or None,
        "title": v["title"] or None,
        "board_role": None if seat in (None, NO_SEAT) else seat,
        "board_term_start": v["board_term_start"],
        "board_term_end": v["board_term_end"],
        "is_staff": bool(v["is_staff"]),
    }


def directory_frame(people: list[PersonRead]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Name": p.full_name,
                "Email": p.email or "",
                "Title": p.title or "",
                "Board seat": seat_label(p.board_role),
                "Term": (
                    f"{fmt_date(p.board_term_start)} – {fmt_date(p.board_term_end)}"
                    if p.board_term_start or p.board_term_end
                    else ""
                ),
                "Staff": "Yes" if p.is_staff else "",
                "Status": "Active" if p.active else f"Left {fmt_date(p.left_on)}",
                "Account": (
                    f"{p.username} ({ROLE_LABELS[Role(p.account_role)]}"
                    + ("" if p.account_active else ", deactivated")
                    + ")"
                    if p.username
                    else ""
                ),
            }
            for p in people
        ],
        columns=["Name", "Email", "Title", "Board seat", "Term", "Staff", "Status", "Account"],
    )


def account_state(active: bool, locked_until: datetime | None, temp: bool, now: datetime) -> str:
    bits = ["Active" if active else "Deactivated"]
    if locked_until and locked_until > now:
        bits.append(f"locked until {locked_until:%H:%M} UTC")
    if temp:
        bits.append("temporary password")
    return ", ".join(bits)
