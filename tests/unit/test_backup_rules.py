"""Backup retention and the backup light, on plain data (gfj_core.metrics.backups)."""

from datetime import datetime, timedelta

import pytest

from gfj_core.metrics.backups import (
    backup_file_name,
    backup_light,
    copies_to_keep,
    stamp_of,
)
from gfj_core.metrics.lights import Level

NOW = datetime(2026, 12, 1, 9, 0)


@pytest.mark.parametrize(
    ("age", "level"),
    [
        (timedelta(0), Level.green),
        (timedelta(hours=24), Level.green),
        (timedelta(hours=36), Level.green),  # "after 36 hours": not at
        (timedelta(hours=36, minutes=1), Level.amber),
        (timedelta(hours=72), Level.amber),
        (timedelta(hours=72, minutes=1), Level.red),
        (timedelta(days=30), Level.red),
    ],
)
def test_the_backup_light_turns_amber_after_36_hours_and_red_after_72(age, level):
    assert backup_light(NOW - age, NOW).level == level


def test_no_backup_ever_is_red_once_records_are_over_72_hours_old():
    light = backup_light(None, NOW, records_since=NOW - timedelta(hours=73))
    assert (light.level, light.word) == (Level.red, "Act")


def test_a_new_organisation_without_a_backup_yet_is_grey_not_an_alarm():
    for since in (None, NOW - timedelta(hours=71)):
        light = backup_light(None, NOW, records_since=since)
        assert (light.level, light.word) == (Level.none, "No backup yet")


def test_a_dated_name_reads_back_and_other_files_have_no_stamp():
    taken = datetime(2026, 3, 4, 2, 15)
    assert backup_file_name(taken) == "gfj-backup-2026-03-04-0215-UTC.db"
    assert stamp_of(backup_file_name(taken)) == taken
    assert stamp_of(backup_file_name(taken, suffix="dump")) == taken
    assert stamp_of("gfj-backup-2026-03-04-021507-UTC.db") == taken.replace(second=7)
    for other in ("notes.txt", "gfj-backup-2026-03-04-0215-UTC.db.partial-12", "gfj.db"):
        assert stamp_of(other) is None


def test_several_copies_a_day_keep_only_the_newest_of_the_day():
    day = [datetime(2026, 3, 4, h) for h in (1, 9, 17)]
    assert copies_to_keep(day) == {datetime(2026, 3, 4, 17)}


def test_after_a_gap_the_last_fourteen_copies_are_still_kept():
    # Backups stopped on 10 March; on 1 December nothing recent exists, but nothing is lost.
    stamps = [datetime(2026, 2, 25, 2) + timedelta(days=i) for i in range(14)]
    assert copies_to_keep(stamps) == set(stamps)


def test_four_hundred_nights_keep_fourteen_days_and_twelve_month_ends():
    first = datetime(2025, 1, 1, 2, 15)
    stamps = [first + timedelta(days=i) for i in range(400)]  # to 4 Feb 2026
    kept = copies_to_keep(stamps)
    days = {first + timedelta(days=i) for i in range(386, 400)}  # 22 Jan to 4 Feb 2026
    # The newest of each of the last 12 months that have one: Feb 2026 (the 4th, also a day),
    # Jan 2026 (31st, also a day), then Dec 2025 back to Mar 2025, each its last night.
    month_ends = {
        datetime(y, m, d, 2, 15)
        for y, m, d in [
            (2025, 3, 31),
            (2025, 4, 30),
            (2025, 5, 31),
            (2025, 6, 30),
            (2025, 7, 31),
            (2025, 8, 31),
            (2025, 9, 30),
            (2025, 10, 31),
            (2025, 11, 30),
            (2025, 12, 31),
        ]
    }
    assert kept == days | month_ends
    assert len(kept) == 14 + 10
