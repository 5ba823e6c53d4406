"""Correcting and removing a leader's recorded competency scores and readiness ratings, on the
leader profile (issue 15): an editable table (every row or none, stale rows refused) and the
delete-with-confirmation panel, for whoever records them (the CEO; a mentor, their own mentees'
scores only; readiness ratings are the CEO's). The service checks every rule again."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.access import can
from gfj_core.errors import PermissionDenied
from gfj_core.schemas.assessment_records import AssessmentChanges, RatingChanges
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.leadership import READINESS_LABELS
from gfj_core.services.assessment_records import (
    assessment_records,
    remove_assessment,
    remove_rating,
    save_assessment_table,
    save_rating_table,
)
from ui.data import read
from ui.forms import Column, edit_table
from ui.removal import rows_removal
from ui.widgets import fmt_date


def _records(actor, leader_id: int):
    """The leader's records, or None where the viewer corrects none of them (a mentor whose
    mentorship of this leader has ended, for instance)."""
    if not can(actor.role, "assessments.write"):
        return None
    try:
        return read(assessment_records, actor, leader_id=leader_id)
    except PermissionDenied:
        return None


def assessment_corrections(actor, leader_id: int, today: date) -> None:
    """Correct a score, its date or comment; delete one recorded by mistake."""
    records = _records(actor, leader_id)
    if records is None or not records.assessments:
        return
    rows = records.assessments
    with st.expander("Correct a recorded score", icon=":material/edit:"):
        _scores_table(actor, rows, today)
    rows_removal(
        "ar_scores_delete",
        rows=rows,
        name_of=lambda r: f"{r.competency}: {r.score} on {fmt_date(r.assessed_on)}",
        service=remove_assessment,
        actor=actor,
        what="score",
        history="competency_assessment",
        finder="ar_scores_find",
    )


def _scores_table(actor, rows, today: date) -> None:
    edit_table(
        "ar_scores",
        rows=rows,
        columns=[
            Column("Competency", None, value=lambda r: r.competency, width="medium"),
            Column("Score (1-5)", "score", "number", min_value=1, required=True),
            Column("Assessed on", "assessed_on", "date", required=True),
            Column("By", None, value=lambda r: r.assessor_name or "—"),
            Column("Comment", "comment", width="large"),
        ],
        update=AssessmentChanges,
        row_edit=RowEdit,
        save=save_assessment_table,
        actor=actor,
        saved=lambda n: f"Corrected {n} score{'s' if n != 1 else ''}.",
        button="Save corrected scores",
        row_name=lambda r: f"{r.competency}, {fmt_date(r.assessed_on)}",
        height=240,
        noun="scores",
        today=today,
    )


def rating_corrections(actor, leader_id: int, today: date) -> None:
    """Correct a readiness rating; delete one recorded by mistake (the CEO's)."""
    if not can(actor.role, "readiness.write"):
        return
    records = _records(actor, leader_id)
    if records is None or not records.ratings:
        return
    rows = records.ratings
    with st.expander("Correct a readiness rating", icon=":material/edit:"):
        _ratings_table(actor, rows, today)
    rows_removal(
        "ar_ratings_delete",
        rows=rows,
        name_of=lambda r: f"{READINESS_LABELS[r.level]} on {fmt_date(r.rated_on)}",
        service=remove_rating,
        actor=actor,
        what="rating",
        history="readiness_rating",
    )


def _ratings_table(actor, rows, today: date) -> None:
    edit_table(
        "ar_ratings",
        rows=rows,
        columns=[
            Column("Readiness", "level", "choice", READINESS_LABELS, required=True),
            Column("Rated on", "rated_on", "date", required=True),
            Column("By", None, value=lambda r: r.rater_name or "—"),
            Column("Note", "note", width="large"),
        ],
        update=RatingChanges,
        row_edit=RowEdit,
        save=save_rating_table,
        actor=actor,
        saved=lambda n: f"Corrected {n} rating{'s' if n != 1 else ''}.",
        button="Save corrected ratings",
        row_name=lambda r: f"rating of {fmt_date(r.rated_on)}",
        noun="ratings",
        today=today,
    )
