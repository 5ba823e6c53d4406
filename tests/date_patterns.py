"""What a date looks like in each organisation date style, for tests that read screens and files."""

from __future__ import annotations

import re

MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
MONTH = r"(?:January|February|March|April|June|July|August|September|October|November|December)"
PATTERNS = {
    "us": re.compile(rf"\b{MON} \d{{1,2}}, \d{{4}}\b"),
    "international": re.compile(rf"\b\d{{1,2}} {MON} \d{{4}}\b"),
    "iso": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    # In no style: typed-looking dates and long month names with a day.
    "slashes": re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
    "long": re.compile(rf"\b(?:\d{{1,2}} {MONTH} \d{{4}}|{MONTH} \d{{1,2}}, \d{{4}})\b"),
}


def dates_in(style: str, text: str) -> list[str]:
    return PATTERNS[style].findall(text)


def foreign_dates(style: str, text: str) -> dict[str, list[str]]:
    """Dates written in any style but `style` (empty when the text is consistent)."""
    found = {k: p.findall(text) for k, p in PATTERNS.items() if k != style}
    return {k: v for k, v in found.items() if v}
