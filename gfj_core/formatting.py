"""How figures read, everywhere: pages, the board packet (PDF and Excel), emails and the CLI.

One module so that a figure reads the same on the screen and on paper: money in whole dollars
unless cents are asked for, a minus sign (−) rather than a hyphen, '—' for no data."""

from __future__ import annotations

from datetime import date

NO_DATA = "—"
# st.data_editor / st.column_config date cells, in the same style as fmt_date.
DATE_GRID_FORMAT = "D MMM YYYY"


def fmt_date(d: date | None) -> str:
    """1 Dec 2026."""
    return d.strftime("%-d %b %Y") if d else NO_DATA


def fmt_month(d: date) -> str:
    """Dec 2026."""
    return d.strftime("%b %Y")


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
