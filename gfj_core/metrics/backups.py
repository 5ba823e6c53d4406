"""Backup rules on plain data: which dated copies to keep, and how old is too old.

Retention is grandfather-father style, counted in days and months that *have* a backup (as
restic's --keep-daily / --keep-monthly do), not in calendar days back from today: if backups
stopped for three weeks, the last fourteen copies are still kept, never pruned away because
they are "older than 14 days".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from gfj_core.metrics.lights import WORDS, Level, Light

KEEP_DAILY = 14
KEEP_MONTHLY = 12
# The Backups page and the board's tile: a nightly backup is expected every 24 hours, so 36
# hours without one means last night's did not happen; 72 hours means several in a row.
AMBER_AFTER = timedelta(hours=36)
RED_AFTER = timedelta(hours=72)

# gfj-backup-2026-12-01-0215-UTC.db (SQLite) or .dump (pg_dump): the stamp is UTC. A second
# copy within the same minute gets the seconds too (gfj-backup-2026-12-01-021507-UTC.db).
BACKUP_NAME = re.compile(r"^gfj-backup-(\d{4}-\d{2}-\d{2}-\d{4}(?:\d{2})?)-UTC\.(db|dump)$")


def backup_file_name(now: datetime, *, suffix: str = "db", seconds: bool = False) -> str:
    """A dated copy's name: when it was taken, in UTC, so copies sort by age."""
    return f"gfj-backup-{now.strftime('%Y-%m-%d-%H%M' + ('%S' if seconds else ''))}-UTC.{suffix}"


def stamp_of(name: str) -> datetime | None:
    """When a dated copy was taken, from its name; None for any other file (never pruned)."""
    found = BACKUP_NAME.match(name)
    if not found:
        return None
    stamp = found.group(1)
    return datetime.strptime(stamp, "%Y-%m-%d-%H%M%S" if len(stamp) == 17 else "%Y-%m-%d-%H%M")


def copies_to_keep(
    stamps: Iterable[datetime], *, keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY
) -> set[datetime]:
    """The newest copy of each of the last `keep_daily` days that have one, plus the newest of
    each of the last `keep_monthly` months that have one (a copy may count for both)."""
    newest_first = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set()
    for period, count in (
        (lambda t: t.date(), keep_daily),
        (lambda t: (t.year, t.month), keep_monthly),
    ):
        seen = set()
        for t in newest_first:
            key = period(t)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.add(key)
            keep.add(t)
    return keep


def backup_light(
    last_ok: datetime | None, now: datetime, *, records_since: datetime | None = None
) -> Light:
    """Green while the last good backup is at most 36 hours old, amber after, red after 72, or
    when there has never been one although the organisation has kept records for over 72
    hours. A brand-new organisation's first night has not come yet: "No backup yet", grey,
    not an alarm (empty is a state)."""
    if last_ok is None:
        if records_since is None or now - records_since <= RED_AFTER:
            return Light(level=Level.none, word="No backup yet")
        level = Level.red
    else:
        age = now - last_ok
        level = Level.red if age > RED_AFTER else Level.amber if age > AMBER_AFTER else Level.green
    return Light(level=level, word=WORDS[level])


def age_words(age: timedelta) -> str:
    """'5 hours ago', '2 days ago': how a person says it."""
    hours = age.total_seconds() / 3600
    if hours < 1:
        return "less than an hour ago"
    if hours < 48:
        return f"{int(hours)} hour{'s' if int(hours) != 1 else ''} ago"
    return f"{int(hours // 24)} days ago"
