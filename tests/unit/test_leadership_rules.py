"""The leadership pipeline's pure rules, against figures worked out by hand."""

from datetime import date

import pytest
from pydantic import ValidationError

from gfj_core.metrics import leadership as rules
from gfj_core.schemas.leadership import SessionCreate, problems_from

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 22), 3, date(2026, 8, 22)),
        (date(2026, 11, 22), 6, date(2026, 5, 22)),
        (date(2026, 5, 31), 3, date(2026, 2, 28)),  # clamped to February's last day
        (date(2026, 1, 15), 1, date(2025, 12, 15)),  # across a year
        (date(2028, 3, 30), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 11, 22), 12, date(2025, 11, 22)),
    ],
)
def test_months_before_keeps_the_day_or_clamps_to_the_months_end(day, months, expected):
    assert rules.months_before(day, months) == expected


def test_month_ends_run_to_today_with_today_as_the_last_point():
    assert rules.month_ends(date(2026, 9, 10), TODAY) == [
        date(2026, 9, 30),
        date(2026, 10, 31),
        TODAY,
    ]
    assert rules.month_ends(date(2026, 11, 1), TODAY) == [TODAY]
    assert rules.month_ends(date(2026, 12, 1), TODAY) == []


def test_month_ends_keep_only_the_most_recent_points():
    points = rules.month_ends(date(2020, 1, 5), TODAY, limit=3)
    assert points == [date(2026, 9, 30), date(2026, 10, 31), TODAY]


@pytest.mark.parametrize(
    ("average", "band"),
    [
        (None, None),
        (1.0, "Developing"),
        (2.49, "Developing"),
        (2.5, "Solid"),
        (3.49, "Solid"),
        (3.5, "Strong"),
        (5.0, "Strong"),
    ],
)
def test_competency_bands_start_at_their_lower_bound(average, band):
    assert rules.competency_band(average) == band


def test_talent_grid_places_each_rated_and_scored_leader_in_one_of_nine_cells():
    cells = rules.talent_grid(
        [
            ("Ana", "ready_now", 3.8),
            ("Ben", "ready_1_2_years", 3.0),
            ("Cy", "ready_1_2_years", 2.6),
            ("Dee", None, 4.0),  # not rated: left out
            ("Eve", "ready_3_plus_years", None),  # never assessed: left out
        ]
    )
    assert len(cells) == 9
    filled = {(r, b): names for r, b, names in cells if names}
    assert filled == {
        ("ready_now", "Strong"): ["Ana"],
        ("ready_1_2_years", "Solid"): ["Ben", "Cy"],
    }
    assert cells[0][:2] == ("ready_now", "Developing")


@pytest.mark.parametrize(
    ("last", "expected"),
    [(date(2026, 10, 23), False), (date(2026, 10, 22), True)],  # 30 days: fine; 31: stale
)
def test_a_relationship_is_stale_after_more_than_the_setting_in_days(last, expected):
    assert rules.is_stale(last, TODAY, 30, started_on=date(2025, 1, 1)) is expected


def test_a_relationship_without_sessions_is_stale_once_older_than_the_setting():
    assert rules.is_stale(None, TODAY, 30, started_on=date(2026, 11, 1)) is False
    assert rules.is_stale(None, TODAY, 30, started_on=date(2026, 10, 1)) is True


def test_a_session_can_be_corrected_for_seven_days_after_logging():
    logged = date(2026, 11, 10)
    assert rules.correction_deadline(logged) == date(2026, 11, 17)
    assert rules.may_still_correct(logged, date(2026, 11, 17)) is True
    assert rules.may_still_correct(logged, date(2026, 11, 18)) is False


@pytest.mark.parametrize(
    ("cohort", "sessions", "core_done", "core_total", "expected"),
    [
        (date(2025, 11, 22), 12, 6, 6, True),  # exactly 12 months, 12 sessions, all core
        (date(2025, 11, 23), 40, 6, 6, False),  # a day short of 12 months
        (date(2024, 1, 1), 11, 6, 6, False),  # one session short
        (date(2024, 1, 1), 40, 5, 6, False),  # a core module missing
        (date(2024, 1, 1), 40, 0, 0, False),  # no core modules defined: nothing to complete
    ],
)
def test_completion_needs_twelve_months_twelve_sessions_and_all_core_modules(
    cohort, sessions, core_done, core_total, expected
):
    assert rules.completed_programme(cohort, sessions, core_done, core_total, TODAY) is expected


def test_leader_months_count_a_full_year_at_most_and_nothing_before_the_cohort():
    # 365 days (started before the window) + 174 days (1 Jun to 22 Nov) + 0 (starts later).
    months = rules.leader_months([date(2020, 1, 1), date(2026, 6, 1), date(2027, 1, 1)], TODAY)
    assert months == pytest.approx((365 + 174) / (365 / 12))
    assert rules.sessions_per_leader_month(6, 0) is None
    assert rules.sessions_per_leader_month(24, 12.0) == 2.0


def test_mean_and_change_ignore_missing_values():
    assert rules.mean([1.0, None, 3.0]) == 2.0
    assert rules.mean([None]) is None
    assert rules.change(3.5, 3.0) == 0.5
    assert rules.change(None, 3.0) is None


def _errors(**fields) -> dict[str, str]:
    base = {"leader_id": 1, "held_on": date(2026, 11, 20), "minutes": 60}
    with pytest.raises(ValidationError) as exc:
        SessionCreate(**{**base, **fields})
    return dict(problems_from(exc.value))


def test_session_form_problems_are_named_by_field_in_plain_words():
    assert _errors(minutes=2) == {"minutes": "Must be at least 5."}
    assert _errors(minutes=700) == {"minutes": "Must be at most 600."}
    assert _errors(action_items=[{"description": ""}]) == {
        "action_items.1.description": "This is required."
    }
    assert _errors(next_session_on=date(2026, 11, 20)) == {
        "next_session_on": "The next session must come after this one."
    }
    assert _errors(topics=["a;b"]) == {"topics": "“a;b”: a topic may not contain ';'"}


def test_session_topics_are_tidied_and_deduplicated_and_blank_notes_become_none():
    s = SessionCreate(
        leader_id=1,
        held_on=date(2026, 11, 20),
        minutes=60,
        topics=["  Budget   and finance ", "budget and finance", "", "Strategy"],
        shared_notes="   ",
        private_notes=" kept ",
    )
    assert s.topics == ["Budget and finance", "Strategy"]
    assert s.shared_notes is None and s.private_notes == "kept"
