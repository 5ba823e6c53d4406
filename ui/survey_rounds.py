"""Correcting a survey round's name and dates, and removing a round imported by mistake (the
Surveys page's import tab): the removal's confirmation names the responses, answers, theme tags
and themes that go with it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format, fmt_date
from gfj_core.schemas.survey_rounds import RoundCorrection
from gfj_core.services.survey_rounds import (
    correct_survey_round,
    removal_line,
    remove_survey_round,
    round_removal,
)
from ui.data import read
from ui.forms import (
    pick_record,
    record_form,
    save_record,
    show_confirmation,
    show_field_problem,
    show_other_problems,
)
from ui.history import history_expander
from ui.removal import Removal, removal_panel

FIELDS = ("label", "opened_on", "closed_on")


def correct_round_form(actor, survey, today: date) -> None:
    """Rename or re-date one round of `survey` (stale edits refused), with its History."""
    if not survey.rounds:
        return
    rounds = {r.id: r for r in reversed(survey.rounds)}
    r = pick_record(
        "Round to correct",
        rounds,
        key=f"sv_fix_pick_{survey.key}",
        format_func=lambda r: f"{r.label} · closed {fmt_date(r.closed_on)}",
    )
    p = f"sv_fix_{r.id}_{r.version}_"
    errors = record_form(p, {f: getattr(r, f) for f in FIELDS})
    with st.form(f"sv_fix_{survey.key}", border=True):
        st.text_input("Name of the round", key=p + "label", max_chars=80)
        show_field_problem(errors, "label")
        a, b = st.columns(2)
        a.date_input("Opened", key=p + "opened_on", format=date_input_format())
        with a:
            show_field_problem(errors, "opened_on")
        b.date_input("Closed", key=p + "closed_on", format=date_input_format())
        with b:
            show_field_problem(errors, "closed_on")
        show_other_problems(errors, FIELDS)
        saved = st.form_submit_button("Save the round", type="primary")
    show_confirmation("sv_fix_saved")
    history_expander("survey_round", r.id, actor)
    if saved:
        save_record(
            p,
            lambda: RoundCorrection(
                expected_version=r.version, **{f: st.session_state[p + f] for f in FIELDS}
            ),
            correct_survey_round,
            actor,
            confirm_key="sv_fix_saved",
            confirm=lambda d: (
                f"Saved the round “{md(d.label)}” ({fmt_date(d.opened_on)} to "
                f"{fmt_date(d.closed_on)})."
            ),
            round_id=r.id,
            today=today,
        )


def rounds_panel(actor, survey) -> None:
    """Pick a round of `survey`, read what goes with it, confirm the removal."""
    if not survey.rounds:
        st.caption("No round imported yet.")
        return
    st.caption(
        "A round removed takes its responses, answers and theme tags with it; import the file "
        "again to bring it back."
    )
    rounds = {
        r.id: f"{r.label} · closed {fmt_date(r.closed_on)} · {r.response_count:,} responses"
        for r in reversed(survey.rounds)
    }

    def removal(round_id: int) -> Removal:
        found = read(round_removal, actor, round_id=round_id)
        return Removal(
            said=md(removal_line(found)),
            args={"round_id": round_id, "confirmed": found},
            done=lambda r: (
                f"Removed the round “{md(r.label)}” ({r.responses:,} responses, {r.answers:,} answers)."
            ),
        )

    removal_panel(
        f"sv_remove_{survey.key}",
        options=rounds,
        label="Round",
        what="round",
        verb="Remove",
        removal=removal,
        service=remove_survey_round,
        actor=actor,
    )
