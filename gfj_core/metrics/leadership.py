"""Pure rules of the leadership pipeline: competency bands and the talent grid, staleness, the
correction window, the programme-completion definition and the session-rate arithmetic.

No database here: services aggregate in SQL and hand the figures to these functions."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

READINESS_ORDER = ("ready_now", "ready_1_2_years", "ready_3_plus_years")

# The talent grid's competency axis: a leader's mean latest score (1-5) falls in one band.
COMPETENCY_BANDS = ("Developing", "Solid", "Strong")
SOLID_FROM = 2.5
STRONG_FROM = 3.5
BAND_RANGES = {
    "Developing": f"below {SOLID_FROM}",
    "Solid": f"{SOLID_FROM} to under {STRONG_FROM}",
    "Strong": f"{STRONG_FROM} or more",
}

# A mentor may correct or delete their own session for this many days after logging it.
CORRECTION_WINDOW_DAYS = 7

# What "completed mentorship and training" means, stated once and shown in the UI.
MENTORSHIP_MIN_MONTHS = 12
MENTORSHIP_MIN_SESSIONS = 12
COMPLETION_DEFINITION = (
    f"Completed mentorship and training: at least {MENTORSHIP_MIN_MONTHS} months since the "
    f"leader's cohort started, at least {MENTORSHIP_MIN_SESSIONS} mentoring sessions logged, and "
    "every core training module completed."
)

DAYS_PER_MONTH = 365 / 12
RATE_WINDOW_DAYS = 365


def competency_band(average: float | None) -> str | None:
    if average is None:
        return None
    if average >= STRONG_FROM:
        return "Strong"
    if average >= SOLID_FROM:
        return "Solid"
    return "Developing"


def talent_grid(
    leaders: Iterable[tuple[str, str | None, float | None]],
) -> list[tuple[str, str, list[str]]]:
    """(name, readiness, mean competency) -> the nine cells (readiness, band, names), ready now
    first and Developing first; leaders without a rating or a score are left out."""
    cells: dict[tuple[str, str], list[str]] = {
        (r, b): [] for r in READINESS_ORDER for b in COMPETENCY_BANDS
    }
    for name, readiness, average in leaders:
        band = competency_band(average)
        if readiness in READINESS_ORDER and band is not None:
            cells[(readiness, band)].append(name)
    return [(r, b, sorted(cells[(r, b)])) for r in READINESS_ORDER for b in COMPETENCY_BANDS]


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, clamped to the month's last day."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def month_ends(first: date, today: date, *, limit: int = 36) -> list[date]:
    """The last day of each month from `first`'s month to the month before today's, then today
    itself; at most `limit` points (the most recent)."""
    if first > today:
        return []
    points: list[date] = []
    year, month = first.year, first.month
    while (year, month) < (today.year, today.month):
        points.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    points.append(today)
    return points[-limit:]


def days_since(last: date | None, today: date) -> int | None:
    return None if last is None else (today - last).days


def is_stale(last: date | None, today: date, stale_days: int, started_on: date) -> bool:
    """No session for more than `stale_days`; with none at all, once the relationship is older
    than that."""
    reference = last if last is not None else started_on
    return (today - reference).days > stale_days


def correction_deadline(logged_on: date) -> date:
    return logged_on + timedelta(days=CORRECTION_WINDOW_DAYS)


def may_still_correct(logged_on: date, today: date) -> bool:
    return today <= correction_deadline(logged_on)


def completed_programme(
    cohort_start: date, sessions: int, core_done: int, core_total: int, today: date
) -> bool:
    """The definition in COMPLETION_DEFINITION."""
    long_enough = cohort_start <= months_before(today, MENTORSHIP_MIN_MONTHS)
    return (
        long_enough
        and sessions >= MENTORSHIP_MIN_SESSIONS
        and core_total > 0
        and core_done >= core_total
    )


def leader_months(cohort_starts: Sequence[date], today: date) -> float:
    """Months each leader spent in the programme during the rate window (the last 365 days),
    summed: a leader who started before the window counts 12."""
    window_start = today - timedelta(days=RATE_WINDOW_DAYS)
    days = sum(max(0, (today - max(start, window_start)).days) for start in cohort_starts)
    return days / DAYS_PER_MONTH


def sessions_per_leader_month(sessions: int, months: float) -> float | None:
    return None if months <= 0 else sessions / months


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before
