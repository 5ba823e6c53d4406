"""Rules of the evaluation plan on plain values: survey averages, engagement shares, and how a
KPI's progress towards the board's target is judged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from gfj_core.metrics.lights import WORDS, Level, Light

SCALE = (1, 2, 3, 4, 5)

# Progress may trail the time elapsed by this much before the light changes.
ON_PACE_SLACK = 0.10
BEHIND_SLACK = 0.25


def mean_of_distribution(counts: Mapping[int, int]) -> float | None:
    """The mean rating from {rating: how many gave it}; None when nobody answered."""
    n = sum(counts.values())
    if not n:
        return None
    return sum(rating * k for rating, k in counts.items()) / n


def change(latest: float | None, previous: float | None) -> float | None:
    if latest is None or previous is None:
        return None
    return latest - previous


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def weighted_average(pairs: Iterable[tuple[float | None, int]]) -> float | None:
    """Average of per-event averages weighted by how many forms each one averages."""
    total = weight = 0.0
    for value, n in pairs:
        if value is None or not n:
            continue
        total += value * n
        weight += n
    return total / weight if weight else None


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before `start`."""
    days = (end - start).days
    prev_end = start - timedelta(days=1)
    return prev_end - timedelta(days=days), prev_end


def target_met(current: float, target: float, higher_is_better: bool) -> bool:
    return current >= target if higher_is_better else current <= target


def target_progress(
    baseline: float | None, current: float | None, target: float, higher_is_better: bool
) -> float | None:
    """How far (0..1) the KPI has moved from its baseline towards the target.

    None when there is no baseline or current value, or when the baseline already equals the
    target (there was no distance to cover). A KPI that moved the wrong way counts as 0."""
    if baseline is None or current is None:
        return None
    distance = target - baseline
    if distance == 0:
        return None
    if (distance < 0) == higher_is_better:
        # The baseline was already past the target: any shortfall now is no progress at all.
        return 0.0
    return min(1.0, max(0.0, (current - baseline) / distance))


def expected_progress(set_on: date, deadline: date, as_of: date) -> float | None:
    """The share (0..1) of the time between setting the target and its deadline that has passed."""
    if deadline <= set_on:
        return None
    return min(1.0, max(0.0, (as_of - set_on).days / (deadline - set_on).days))


def _light(level: Level) -> Light:
    return Light(level=level, word=WORDS[level])


def judge_target(
    *,
    current: float | None,
    target: float,
    baseline: float | None,
    higher_is_better: bool,
    set_on: date,
    deadline: date,
    as_of: date,
) -> tuple[str, Light]:
    """The status word and light for one KPI against its target.

    Met is Healthy; past the deadline and not met is Act; otherwise progress from the baseline is
    compared with the share of time elapsed: within 10 points is On pace (Healthy), within 25
    points Behind (Watch), further Well behind (Act). Without a baseline to measure from, a
    target not yet met is a Watch item."""
    if current is None:
        return "No data", _light(Level.none)
    if target_met(current, target, higher_is_better):
        return "Met", _light(Level.green)
    if as_of > deadline:
        return "Overdue", _light(Level.red)
    progress = target_progress(baseline, current, target, higher_is_better)
    expected = expected_progress(set_on, deadline, as_of)
    if progress is None or expected is None:
        return "Not yet met", _light(Level.amber)
    gap = expected - progress
    if gap <= ON_PACE_SLACK + 1e-9:
        return "On pace", _light(Level.green)
    if gap <= BEHIND_SLACK + 1e-9:
        return "Behind", _light(Level.amber)
    return "Well behind", _light(Level.red)
