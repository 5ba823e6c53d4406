"""Removing a survey round imported by mistake (the Surveys page's import tab): the confirmation
names the responses, answers, theme tags and themes that go with it."""

from __future__ import annotations

import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_date
from gfj_core.services.survey_rounds import removal_line, remove_survey_round, round_removal
from ui.data import read
from ui.removal import Removal, removal_panel


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
