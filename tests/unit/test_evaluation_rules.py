"""Evaluation rules on plain values, against figures worked out by hand."""

from datetime import date

import pytest

from gfj_core.metrics.evaluation import (
    change,
    expected_progress,
    judge_target,
    mean_of_distribution,
    previous_period,
    target_progress,
    weighted_average,
)
from gfj_core.metrics.lights import Level


def test_mean_of_a_distribution_weights_each_rating_by_how_many_gave_it():
    # 2 x 5, 1 x 4, 1 x 1 = 15 over 4 answers
    assert mean_of_distribution({5: 2, 4: 1, 1: 1}) == 15 / 4


def test_mean_of_nobody_answering_is_none_not_zero():
    assert mean_of_distribution({}) is None
    assert mean_of_distribution({3: 0}) is None


def test_change_needs_both_rounds():
    assert change(4.25, 4.0) == 0.25
    assert change(4.25, None) is None


def test_feedback_average_weights_events_by_their_forms():
    # 4.5 from 10 forms and 3.0 from 30 forms: (45 + 90) / 40 = 3.375, not the plain 3.75
    assert weighted_average([(4.5, 10), (3.0, 30)]) == 3.375
    assert weighted_average([(None, 0), (4.0, 0)]) is None


def test_previous_period_is_the_same_length_ending_the_day_before():
    assert previous_period(date(2026, 1, 11), date(2026, 1, 20)) == (
        date(2026, 1, 1),
        date(2026, 1, 10),
    )


@pytest.mark.parametrize(
    ("baseline", "current", "target", "higher", "expected"),
    [
        (1000, 1500, 2000, True, 0.5),  # half way from 1000 to 2000
        (3, 1, 0, False, 2 / 3),  # late milestones 3 -> 1, target 0
        (1000, 900, 2000, True, 0.0),  # went the wrong way
        (1000, 2500, 2000, True, 1.0),  # past the target
        (5, 5, 5, True, None),  # no distance to cover
        (None, 5, 8, True, None),
        (4, 3, 2, True, 0.0),  # baseline already beyond a lower target
    ],
)
def test_progress_from_baseline_to_target(baseline, current, target, higher, expected):
    assert target_progress(baseline, current, target, higher) == expected


def test_expected_progress_is_the_share_of_time_elapsed():
    # 100 days from 1 Jan 2026; 25 days in
    assert expected_progress(date(2026, 1, 1), date(2026, 4, 11), date(2026, 1, 26)) == 0.25
    assert expected_progress(date(2026, 1, 1), date(2026, 4, 11), date(2027, 1, 1)) == 1.0
    assert expected_progress(date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 1)) is None


SET_ON, DEADLINE = date(2026, 1, 1), date(2026, 4, 11)  # 100 days


def judge(current, *, target=2000.0, baseline=1000.0, higher=True, as_of=date(2026, 2, 20)):
    # 20 Feb is 50 days in: half the time has passed
    return judge_target(
        current=current,
        target=target,
        baseline=baseline,
        higher_is_better=higher,
        set_on=SET_ON,
        deadline=DEADLINE,
        as_of=as_of,
    )


@pytest.mark.parametrize(
    ("current", "status", "level"),
    [
        (2000.0, "Met", Level.green),
        (1400.0, "On pace", Level.green),  # 40% done, 50% elapsed: 10 points behind
        (1300.0, "Behind", Level.amber),  # 20 points behind
        (1250.0, "Behind", Level.amber),  # exactly 25 points behind
        (1200.0, "Well behind", Level.red),  # 30 points behind
        (None, "No data", Level.none),
    ],
)
def test_a_target_is_judged_by_progress_against_time_elapsed(current, status, level):
    word, light = judge(current)
    assert (word, light.level) == (status, level)
    assert light.word in {"Healthy", "Watch", "Act", "No data"}


def test_a_target_missed_after_its_deadline_is_act():
    word, light = judge(1999.0, as_of=date(2026, 4, 12))
    assert (word, light.word) == ("Overdue", "Act")


def test_a_lower_is_better_target_is_met_at_or_below_it():
    word, light = judge(0.0, target=0.0, baseline=2.0, higher=False)
    assert (word, light.word) == ("Met", "Healthy")


def test_without_a_baseline_an_unmet_target_is_a_watch_item():
    word, light = judge(1.0, target=0.0, baseline=0.0, higher=False)
    assert (word, light.word) == ("Not yet met", "Watch")
