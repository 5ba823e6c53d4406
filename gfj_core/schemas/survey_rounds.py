"""Boundary model for removing a survey round imported by mistake (issue 15)."""

from __future__ import annotations

from pydantic import BaseModel


class RoundRemoval(BaseModel):
    """What removing a survey round takes with it (the confirmation names every count)."""

    round_id: int
    survey_name: str
    label: str
    responses: int
    answers: int
    theme_tags: int
    themes_removed: int  # themes tagged only on this round's answers
