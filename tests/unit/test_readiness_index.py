"""The succession readiness index from hand-worked inputs."""

import pytest
from pydantic import ValidationError

from gfj_core.metrics.lights import Level
from gfj_core.schemas.settings import ReadinessIndexSettings
from gfj_core.scorecard.index import (
    ComponentScore,
    combine,
    exit_checklist_score,
    financial_cushion_score,
    founder_independence_score,
    knowledge_coverage_score,
    leader_readiness_score,
    milestone_schedule_score,
)

DEFAULTS = ReadinessIndexSettings()  # weights 25 / 15 / 20 / 15 / 15 / 10


def scores(**kw):
    return {k: ComponentScore(score=v, formula=f"rule for {k}") for k, v in kw.items()}


def test_default_weights_add_up_to_one_hundred_over_six_components():
    assert DEFAULTS.weights == {
        "leader_readiness": 25,
        "milestone_schedule": 15,
        "exit_checklist": 20,
        "knowledge_coverage": 15,
        "financial_cushion": 15,
        "founder_dependent_revenue": 10,
    }


def test_index_is_the_weighted_mean_of_all_six_components():
    # 25x0.5 + 15x0.8 + 20x0.25 + 15x0.6 + 15x1.0 + 10x0.4 = 12.5+12+5+9+15+4 = 57.5 (of 100)
    idx = combine(
        scores(
            leader_readiness=0.5,
            milestone_schedule=0.8,
            exit_checklist=0.25,
            knowledge_coverage=0.6,
            financial_cushion=1.0,
            founder_dependent_revenue=0.4,
        ),
        DEFAULTS,
    )
    assert idx.value == pytest.approx(57.5)
    assert idx.light.level == Level.amber and idx.light.word == "Watch"  # 40 <= 57.5 < 60
    leader = next(c for c in idx.components if c.key == "leader_readiness")
    assert leader.normalised_weight == pytest.approx(0.25)
    assert leader.points == pytest.approx(12.5)
    assert idx.formula == (
        "100 × (25 × 0.50 + 15 × 0.80 + 20 × 0.25 + 15 × 0.60 + 15 × 1.00 + 10 × 0.40)"
        " ÷ (25 + 15 + 20 + 15 + 15 + 10) = 58"
    )


def test_missing_areas_are_left_out_and_the_weights_renormalised():
    # Only the foundation's three: (25x0.5 + 15x0.8 + 20x0.25) / (25+15+20) = 29.5/60 = 49.17%
    idx = combine(
        scores(leader_readiness=0.5, milestone_schedule=0.8, exit_checklist=0.25),
        DEFAULTS,
        {"knowledge_coverage": "continuity: not built yet"},
    )
    assert idx.value == pytest.approx(100 * 29.5 / 60)
    assert [c.key for c in idx.included] == [
        "leader_readiness",
        "milestone_schedule",
        "exit_checklist",
    ]
    excluded = {c.key: c.reason for c in idx.excluded}
    assert excluded["knowledge_coverage"] == "continuity: not built yet"
    assert excluded["financial_cushion"] == "no data yet"
    # Renormalised: 25/60, 15/60, 20/60.
    assert [round(c.normalised_weight, 4) for c in idx.included] == [0.4167, 0.25, 0.3333]
    assert sum(c.points for c in idx.included) == pytest.approx(idx.value)


def test_a_zero_weight_leaves_a_component_out_even_with_data():
    settings = ReadinessIndexSettings(weights={**DEFAULTS.weights, "financial_cushion": 0})
    idx = combine(scores(leader_readiness=1.0, financial_cushion=0.0), settings)
    assert idx.value == pytest.approx(100.0)
    cushion = next(c for c in idx.components if c.key == "financial_cushion")
    assert not cushion.included and cushion.reason == "its weight is set to zero"


def test_no_component_means_no_index_and_a_neutral_light():
    idx = combine({}, DEFAULTS)
    assert idx.value is None
    assert idx.light.level == Level.none
    assert idx.formula == "No component has data yet, so there is no index."


def test_an_index_under_forty_is_act():
    idx = combine(scores(leader_readiness=0.2, milestone_schedule=0.5), DEFAULTS)
    # (25x0.2 + 15x0.5) / 40 = 12.5/40 = 31.25
    assert idx.value == pytest.approx(31.25)
    assert idx.light.word == "Act"


def test_leader_readiness_counts_one_in_two_years_as_half_and_caps_at_the_bench():
    assert leader_readiness_score(1, 3, 3) == pytest.approx(2.5 / 3)
    assert leader_readiness_score(0, 0, 3) == 0
    assert leader_readiness_score(3, 2, 3) == 1.0  # 4 of a bench of 3: full, not more


def test_component_rules_by_hand():
    assert milestone_schedule_score(19, 2) == pytest.approx(17 / 19)
    assert milestone_schedule_score(0, 0) is None
    assert exit_checklist_score(0.4, 0.6) == pytest.approx(0.5)
    assert exit_checklist_score(0.3, None) == pytest.approx(0.3)
    assert exit_checklist_score(None, None) is None
    assert knowledge_coverage_score(14, 3) == pytest.approx(11 / 14)
    assert knowledge_coverage_score(0, 0) is None
    assert financial_cushion_score(3.0, 6) == pytest.approx(0.5)
    assert financial_cushion_score(9.0, 6) == 1.0
    assert financial_cushion_score(None, 6) is None
    assert founder_independence_score(0.44) == pytest.approx(0.56)


def test_settings_refuse_unknown_components_and_all_zero_weights():
    with pytest.raises(ValidationError):
        ReadinessIndexSettings(weights={"charisma": 10})
    with pytest.raises(ValidationError):
        ReadinessIndexSettings(weights={"leader_readiness": 0})
    with pytest.raises(ValidationError):
        ReadinessIndexSettings(weights={"leader_readiness": -5, "exit_checklist": 10})
