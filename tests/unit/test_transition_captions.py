"""Words and lights the transition pages draw, decided in gfj_core (issue 13): worked by hand."""

from datetime import date

from gfj_core.formatting import fmt_date
from gfj_core.metrics.lights import Level
from gfj_core.metrics.plan import handover_caption, slip_caption
from gfj_core.metrics.transition import condition_light

PLANNED = date(2027, 8, 31)


def test_the_handover_caption_says_how_far_from_the_planned_date_and_what_is_late():
    assert handover_caption(None, None, 0) == "No planned handover date is set."
    assert handover_caption(0, PLANNED, 0) == "On the planned date"
    assert handover_caption(12, PLANNED, 1) == (
        f"12 days after the planned {fmt_date(PLANNED)} · 1 milestone on the chain that "
        "drives it is late"
    )
    assert handover_caption(-3, PLANNED, 2) == (
        f"3 days before the planned {fmt_date(PLANNED)} · 2 milestones on the chain that "
        "drive it are late"
    )


def test_the_slip_caption_names_the_largest_slip_or_says_none():
    assert slip_caption(0, 0) == "Every forecast is on its approved date."
    assert slip_caption(3, 21) == (
        "Forecast past the approved date · largest slip 21 days · 3 past it in all, late ones "
        "included"
    )


def test_each_condition_of_the_founders_role_has_its_light_and_word():
    assert (condition_light("met").level, condition_light("met").word) == (Level.green, "Yes")
    assert (condition_light("not_met").level, condition_light("not_met").word) == (
        Level.red,
        "No",
    )
    assert condition_light("unknown").level == Level.amber
