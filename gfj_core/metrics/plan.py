"""Schedule rules for milestones and the exit checklist."""

from __future__ import annotations

from datetime import date


def milestone_state(status: str, forecast_finish: date, today: date) -> str:
    """The status to show: 'late' is derived, never typed: not done and its forecast finish passed."""
    if status == "done":
        return "done"
    if forecast_finish < today:
        return "late"
    return status


def slip_days(baseline_finish: date, forecast_finish: date) -> int:
    """Days the forecast finish lies after the board-approved baseline (0 when on or ahead)."""
    return max(0, (forecast_finish - baseline_finish).days)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def elapsed_share(start: date | None, end: date | None, today: date) -> float | None:
    """How far today lies through [start, end], clamped to 0..1."""
    if start is None or end is None or end <= start:
        return None
    return min(1.0, max(0.0, (today - start).days / (end - start).days))


def pace_gap(done_share: float | None, elapsed: float | None) -> float | None:
    """How far completion trails elapsed time (0.2 = twenty points behind; negative = ahead)."""
    if done_share is None or elapsed is None:
        return None
    return elapsed - done_share
