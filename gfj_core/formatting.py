"""How figures read, everywhere: pages, the board packet (PDF and Excel), emails and the CLI.

One module so that a figure reads the same on the screen and on paper: money in whole dollars
unless cents are asked for, a minus sign (−) rather than a hyphen, '—' for no data.

Dates follow the organisation's date style (`OrgSettings.date_style`, issue 22): US by default
("Dec 1, 2026" to read, MM/DD/YYYY to type), international ("1 Dec 2026", DD/MM/YYYY) or ISO
("2026-12-01"). A `DateStyle` holds every format a date needs: the text (`fmt_date`,
`fmt_month`), the input format for st.date_input, the cell format for st.column_config date
columns, the Excel number format and the chart (d3) formats.

How the style reaches a call: a context variable, set once where the work starts, read by every
formatter. Pages set it at the top of each script run (ui/guard.require_page, from the cached
settings read, so no query per date and not even one per page beyond the cached read); a packet
carries its organisation's style and its renderers use it; the digest, emails and calendar feed
set it from the settings they already load. Passing the style as an argument instead would thread
a parameter through hundreds of calls that only want "the date, as we write dates", and a
forgotten argument would silently print the default; a per-process global would leak one
request's style into another's thread. A context variable is per thread (Streamlit runs each
session's script in its own thread) and per task, and a `with using_date_style(...)` restores the
previous style afterwards. Outside any of these (the CLI, tests) it is the US default."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

NO_DATA = "—"

DateStyleKey = Literal["us", "international", "iso"]
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class DateStyle:
    """One way of writing dates. Patterns use {d} (1), {dd} (01), {mm} (12), {mon} (Dec), {y}."""

    key: DateStyleKey
    label: str  # as the Settings page offers it
    day: str  # a date to read
    day_short: str  # a date within a year already named
    month: str  # a month
    input: str  # st.date_input(format=...)
    grid: str  # st.column_config.DateColumn(format=...) (moment.js)
    grid_datetime: str  # st.column_config.DatetimeColumn(format=...)
    excel: str  # openpyxl number_format of a date cell
    excel_month: str
    chart_day: str  # plotly (d3) tickformat / hover format
    chart_day_short: str
    chart_month: str

    def _parts(self, d: date) -> dict[str, object]:
        return {
            "d": d.day,
            "dd": f"{d.day:02d}",
            "mm": f"{d.month:02d}",
            "mon": _MONTHS[d.month - 1],
            "y": f"{d.year:04d}",
        }

    def read(self, d: date) -> str:
        return self.day.format(**self._parts(d))

    def read_short(self, d: date) -> str:
        return self.day_short.format(**self._parts(d))

    def read_month(self, d: date) -> str:
        return self.month.format(**self._parts(d))


US = DateStyle(
    key="us",
    label="US: Dec 1, 2026 (type 12/01/2026)",
    day="{mon} {d}, {y}",
    day_short="{mon} {d}",
    month="{mon} {y}",
    input="MM/DD/YYYY",
    grid="MMM D, YYYY",
    grid_datetime="MMM D, YYYY HH:mm",
    excel="mmm d, yyyy",
    excel_month="mmm yyyy",
    chart_day="%b %-d, %Y",
    chart_day_short="%b %-d",
    chart_month="%b %Y",
)
INTERNATIONAL = DateStyle(
    key="international",
    label="International: 1 Dec 2026 (type 01/12/2026)",
    day="{d} {mon} {y}",
    day_short="{d} {mon}",
    month="{mon} {y}",
    input="DD/MM/YYYY",
    grid="D MMM YYYY",
    grid_datetime="D MMM YYYY HH:mm",
    excel="d mmm yyyy",
    excel_month="mmm yyyy",
    chart_day="%-d %b %Y",
    chart_day_short="%-d %b",
    chart_month="%b %Y",
)
ISO = DateStyle(
    key="iso",
    label="ISO: 2026-12-01 (type 2026-12-01)",
    day="{y}-{mm}-{dd}",
    day_short="{mm}-{dd}",
    month="{y}-{mm}",
    input="YYYY-MM-DD",
    grid="YYYY-MM-DD",
    grid_datetime="YYYY-MM-DD HH:mm",
    excel="yyyy-mm-dd",
    excel_month="yyyy-mm",
    chart_day="%Y-%m-%d",
    chart_day_short="%m-%d",
    chart_month="%Y-%m",
)
DATE_STYLES: dict[str, DateStyle] = {s.key: s for s in (US, INTERNATIONAL, ISO)}
DEFAULT_DATE_STYLE = US

_STYLE: ContextVar[DateStyle] = ContextVar("gfj_date_style", default=DEFAULT_DATE_STYLE)


def style_named(key: str | DateStyle | None) -> DateStyle:
    """The style of that key (a style passes through; None or an unknown key: the default)."""
    if isinstance(key, DateStyle):
        return key
    return DATE_STYLES.get(key or "", DEFAULT_DATE_STYLE)


def date_style() -> DateStyle:
    """The style in force here (see the module docstring)."""
    return _STYLE.get()


def set_date_style(key: str | DateStyle | None) -> Token:
    """Make a style current until the end of this thread's run (pages: once per script run)."""
    return _STYLE.set(style_named(key))


@contextmanager
def using_date_style(key: str | DateStyle | None) -> Iterator[DateStyle]:
    """A style for the block (a packet, an email run, a calendar feed), restored afterwards."""
    token = _STYLE.set(style_named(key))
    try:
        yield _STYLE.get()
    finally:
        _STYLE.reset(token)


def fmt_date(d: date | None) -> str:
    """Dec 1, 2026 (international 1 Dec 2026, ISO 2026-12-01); '—' for none."""
    if d is None:
        return NO_DATA
    return date_style().read(d.date() if isinstance(d, datetime) else d)


def fmt_day_short(d: date | None) -> str:
    """Dec 1 (1 Dec, 12-01): where the year is already named."""
    return date_style().read_short(d) if d else NO_DATA


def fmt_month(d: date | None) -> str:
    """Dec 2026 (ISO 2026-12)."""
    return date_style().read_month(d) if d else NO_DATA


def fmt_datetime(at: datetime | None, *, utc: bool = True) -> str:
    """Dec 1, 2026, 14:05 UTC: a moment (audit rows, backups, sign-ins)."""
    if at is None:
        return NO_DATA
    return f"{fmt_date(at.date())}, {at:%H:%M}" + (" UTC" if utc else "")


def days_away(days: int) -> str:
    """When a coming date is, in words: "today", "tomorrow", "in 5 days" (and "1 day ago" for a
    past one), so no screen says "in 1 days"."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def date_input_format() -> str:
    """The format= of every st.date_input."""
    return date_style().input


def date_grid_format() -> str:
    """The format= of every st.column_config.DateColumn."""
    return date_style().grid


def datetime_grid_format() -> str:
    """The format= of every st.column_config.DatetimeColumn."""
    return date_style().grid_datetime


def money(dollars: float | None, *, cents: bool = False) -> str:
    """$1,234 (or −$1,234; $1,234.56 with cents)."""
    if dollars is None:
        return NO_DATA
    sign = "−" if dollars < 0 else ""
    return f"{sign}${abs(dollars):,.{2 if cents else 0}f}"


def money_from_cents(cents: int | None, *, show_cents: bool = False) -> str:
    """Money stored as integer cents, read in dollars."""
    return money(None if cents is None else cents / 100, cents=show_cents)


def short_money(dollars: float | None) -> str:
    """$1.53M / $674k: for tiles, where the full figure is in the caption."""
    if dollars is None:
        return NO_DATA
    sign = "−" if dollars < 0 else ""
    v = abs(dollars)
    if v >= 1_000_000:
        return f"{sign}${v / 1_000_000:.2f}M"
    if v >= 10_000:
        return f"{sign}${v / 1_000:.0f}k"
    return f"{sign}${v:,.0f}"


def pct(x: float | None, digits: int = 0, *, signed: bool = False) -> str:
    """A share (0.237) as 24%; with signed, +5% / −5%."""
    if x is None:
        return NO_DATA
    sign = "+" if signed and x > 0 else ("−" if x < 0 else "")
    return f"{sign}{abs(x) * 100:.{digits}f}%"


def months(x: float | None) -> str:
    """4.9 (months, one decimal): for a column already headed in months."""
    return NO_DATA if x is None else f"{x:.1f}"


def months_with_unit(x: float | None) -> str:
    """4.9 months (1.0 month): a figure standing alone carries its unit."""
    if x is None:
        return NO_DATA
    return f"{x:.1f} month" + ("" if f"{x:.1f}" == "1.0" else "s")


# One format per kind of number on the finance pages (issue 22): a share in whole percent, a
# variance against budget signed to one decimal, a ratio to one decimal (two below 1).


def share(x: float | None) -> str:
    """A part of a whole: 24%."""
    return pct(x, 0)


def variance(x: float | None) -> str:
    """Against budget or a year before: +2.6% / −4.1%."""
    return pct(x, 1, signed=True)


def ratio(x: float | None) -> str:
    """2.3 (0.12 when under 1, where one decimal would hide the figure)."""
    if x is None:
        return NO_DATA
    return f"{x:.2f}" if abs(x) < 1 else f"{x:.1f}"


def score(x: float | None) -> str:
    """A 1-5 score to two decimals."""
    return NO_DATA if x is None else f"{x:.2f}"


def score_change(x: float | None) -> str:
    """+0.25 / −0.25 / ±0.00."""
    if x is None:
        return NO_DATA
    if abs(x) < 0.005:
        return "±0.00"
    return f"+{x:.2f}" if x > 0 else f"−{abs(x):.2f}"
