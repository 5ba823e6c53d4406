from datetime import date

from gfj_core.metrics.plan import elapsed_share, milestone_state, pace_gap, share, slip_days

TODAY = date(2026, 11, 22)


def test_milestone_is_late_when_not_done_and_forecast_finish_passed():
    assert milestone_state("on_track", date(2026, 11, 21), TODAY) == "late"


def test_milestone_due_today_is_not_late():
    assert milestone_state("at_risk", TODAY, TODAY) == "at_risk"


def test_done_milestone_is_never_late():
    assert milestone_state("done", date(2026, 1, 1), TODAY) == "done"


def test_slip_is_forecast_minus_baseline_in_days():
    # 31 Oct -> 12 Dec: 1 day left in October + 30 in November + 12 in December = 42.
    assert slip_days(date(2026, 10, 31), date(2026, 12, 12)) == 42


def test_finishing_early_is_not_a_negative_slip():
    assert slip_days(date(2026, 10, 31), date(2026, 10, 1)) == 0


def test_elapsed_share_of_transition():
    # 1 Jun 2026 -> 31 Aug 2027 is 456 days; 1 Jun -> 22 Nov is 174 days; 174/456.
    assert elapsed_share(date(2026, 6, 1), date(2027, 8, 31), TODAY) == 174 / 456


def test_elapsed_share_is_clamped_and_needs_a_span():
    assert elapsed_share(date(2027, 1, 1), date(2027, 2, 1), TODAY) == 0.0
    assert elapsed_share(date(2025, 1, 1), date(2025, 2, 1), TODAY) == 1.0
    assert elapsed_share(None, date(2027, 2, 1), TODAY) is None


def test_pace_gap_is_elapsed_minus_done():
    assert pace_gap(0.25, 0.40) == 0.40 - 0.25
    assert pace_gap(None, 0.4) is None


def test_share_with_zero_whole_is_none():
    assert share(3, 0) is None
    assert share(1, 4) == 0.25
