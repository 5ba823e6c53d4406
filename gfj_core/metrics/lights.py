"""Traffic lights with words: colour is never the only signal."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from gfj_core.schemas.settings import Band


class Level(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"
    none = "none"


WORDS = {Level.green: "Healthy", Level.amber: "Watch", Level.red: "Act", Level.none: "No data"}


class Light(BaseModel):
    level: Level
    word: str


def light_for(value: float | None, band: Band) -> Light:
    """Judge a value against a band; None (no data, or a zero divisor) gets a neutral light."""
    if value is None:
        return Light(level=Level.none, word=WORDS[Level.none])
    if band.higher_is_better:
        worse_than = (lambda v, b: v <= b) if band.inclusive else (lambda v, b: v < b)
    else:
        worse_than = (lambda v, b: v >= b) if band.inclusive else (lambda v, b: v > b)
    if worse_than(value, band.red):
        level = Level.red
    elif worse_than(value, band.amber):
        level = Level.amber
    else:
        level = Level.green
    return Light(level=level, word=WORDS[level])
