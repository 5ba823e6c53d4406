"""Drawing helpers for the People & accounts page: the person form (declared once, for adding
and editing), one person's editor (save, mark as left or back, remove) and the directory table."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from gfj_core.access import ROLE_LABELS, Role
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.schemas.people import BOARD_SEAT_LABELS, PersonCreate, PersonRead, PersonUpdate
from gfj_core.services.people import (
    add_person,
    mark_left,
    mark_returned,
    remove_person,
    update_person,
    validate_person,
)
from ui.forms import (
    Input,
    form_errors,
    input_form,
    save_form,
    show_confirmation,
    show_other_problems,
)
from ui.removal import Removal, remove_one
from ui.widgets import fmt_date

NO_SEAT = "Not on the board"
REMOVED = "people_remove"  # the removal panel's key: its outcome is said under the picker

# The person form, declared once: the Add tab and each person's editor draw it.
PERSON_ROWS = [
    [
        Input("full_name", "Full name", max_chars=120),
        Input("email", "Email (optional, unique)", max_chars=200),
    ],
    [
        Input(
            "title",
            "Job or board title (optional)",
            max_chars=160,
            placeholder="e.g. Program director",
        ),
        Input("is_staff", "Member of staff", "bool"),
    ],
    [
        Input("board_role", "Board seat", "choice", {None: NO_SEAT, **BOARD_SEAT_LABELS}),
        Input("board_term_start", "Board term starts", "date"),
        Input("board_term_end", "Board term ends", "date"),
    ],
]


def _fields(values: dict) -> dict:
    """The form's values checked as a person (every problem named by its field)."""
    typed = values | {"full_name": values["full_name"] or "", "is_staff": bool(values["is_staff"])}
    return validate_person({k: typed[k] for k in typed if k != "version"}).model_dump()


def new_person(**values) -> PersonCreate:
    return PersonCreate(**_fields(values))


def edited_person(**values) -> PersonUpdate:
    return PersonUpdate(**_fields(values), version=values.get("version"))


def add_person_form(actor, *, manages_accounts: bool) -> None:
    input_form(
        "people_add",
        rows=PERSON_ROWS,
        schema=new_person,
        service=add_person,
        actor=actor,
        confirm=lambda d: (
            f"Added {d.full_name}."
            + (" Give them an account on the Accounts tab." if manages_accounts else "")
        ),
        button="Add to the directory",
    )


def person_editor(actor, person: PersonRead) -> None:
    """One person: their form (a save from a copy someone changed since is refused), mark as
    left or back, and remove someone added by mistake."""
    input_form(
        f"people_edit_{person.id}",
        title=md(person.full_name),
        rows=PERSON_ROWS,
        loaded={
            "full_name": person.full_name,
            "email": person.email or "",
            "title": person.title or "",
            "is_staff": person.is_staff,
            "board_role": person.board_role,
            "board_term_start": person.board_term_start,
            "board_term_end": person.board_term_end,
            "version": person.version,
        },
        schema=edited_person,
        service=update_person,
        actor=actor,
        confirm=lambda d: f"Saved {d.full_name}.",
        button="Save changes",
        person_id=person.id,
    )
    left_col, remove_col = st.columns(2)
    with left_col, st.container(border=True):
        _left_or_back(actor, person)
    with remove_col, st.container(border=True):
        st.markdown("**Remove from the directory**")
        st.caption("Only for someone added by mistake: a person named in any record stays.")
        remove_one(
            REMOVED,
            person.id,
            what="person",
            verb="Remove",
            removal=Removal(
                said=f"Remove **{md(person.full_name)}** from the directory? This cannot be "
                "undone; the History keeps a record of it.",
                args={"person_id": person.id},
                done=f"{md(person.full_name)} was removed.",
            ),
            service=remove_person,
            actor=actor,
        )


def _left_or_back(actor, person: PersonRead) -> None:
    prefix = f"people_leave_{person.id}_"
    if person.active:
        st.markdown("**Mark as left**")
        st.caption("Kept in every record; their account, if any, is deactivated.")
        left_on = st.date_input(
            "Left on",
            value=date.today(),
            key=f"people_left_on_{person.id}",
            format=date_input_format(),
        )
        if st.button("Mark as left", key=f"people_leave_{person.id}"):
            save_form(
                prefix,
                lambda: {"person_id": person.id, "left_on": left_on},
                mark_left,
                actor,
                data_arg=None,
                flash_key=prefix + "done",
                flash=lambda d: f"{person.full_name} is marked as left.",
            )
    else:
        st.markdown(f"**Left on {fmt_date(person.left_on)}**" if person.left_on else "**Left**")
        if st.button("Mark as back (active)", key=f"people_return_{person.id}"):
            save_form(
                prefix,
                lambda: {"person_id": person.id},
                mark_returned,
                actor,
                data_arg=None,
                flash_key=prefix + "done",
                flash=lambda d: f"{person.full_name} is active again.",
            )
    show_other_problems(form_errors(prefix), ())
    show_confirmation(prefix + "done")


def seat_label(seat: str | None) -> str:
    return BOARD_SEAT_LABELS.get(seat or "", "") if seat else ""


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
