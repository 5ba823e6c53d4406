"""Trend points for sparklines: month ends before the as-of date, then the as-of date itself."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, time


def month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def trend_dates(as_of: date, months: int = 6) -> list[date]:
    """The last `months - 1` month ends strictly before `as_of`, oldest first, then `as_of`."""
    points: list[date] = []
    y, m = as_of.year, as_of.month
    for _ in range(months - 1):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        points.append(month_end(y, m))
    return [*reversed(points), as_of]


def end_of_day(d: date) -> datetime:
    return datetime.combine(d, time.max)
