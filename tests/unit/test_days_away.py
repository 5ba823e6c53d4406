"""A coming date in words, the same on the overview, Board meetings and the reminder email."""

import pytest

from gfj_core.formatting import days_away


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (2, "in 2 days"),
        (30, "in 30 days"),
        (-1, "yesterday"),
        (-3, "3 days ago"),
    ],
)
def test_a_coming_date_reads_as_words_never_in_1_days(days, words):
    assert days_away(days) == words
