"""Boundary models for correcting a survey round and removing one imported by mistake
(issue 15)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


class RoundRemoval(BaseModel):
    """What removing a survey round takes with it (the confirmation names every count)."""

    round_id: int
    survey_name: str
    label: str
    responses: int
    answers: int
    theme_tags: int
    themes_removed: int  # themes tagged only on this round's answers


class RoundFields(BaseModel):
    """What a round carries that a person may correct: its name and the dates it ran (its
    audience is each response's own stakeholder group, read from the file)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    label: str = Field(min_length=1, max_length=80)
    opened_on: date
    closed_on: date

    @field_validator("closed_on")
    @classmethod
    def _after_opening(cls, v: date, info: ValidationInfo) -> date:
        opened = info.data.get("opened_on")
        if opened is not None and v < opened:
            raise ValueError("the round cannot close before it opened")
        return v


class RoundCorrection(RoundFields):
    """A round's corrected name and dates, with the version the form was loaded at."""

    expected_version: int
