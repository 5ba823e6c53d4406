"""The succession readiness index: pure rules on plain numbers, testable without a database.

Each component turns its area's figures into a score between 0 and 1; the index is the
weighted mean of the scores of the components whose area exists, times 100. Weights are
relative (settings.readiness_index.weights) and renormalised over the included components,
so an area that is not built yet neither counts as zero nor as full marks: it is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gfj_core.metrics.lights import light_for
from gfj_core.schemas.board import DrillRow, IndexComponent, ReadinessIndex
from gfj_core.schemas.settings import READINESS_COMPONENTS, ReadinessIndexSettings

COMPONENT_LABELS = {
    "leader_readiness": "Leader readiness",
    "milestone_schedule": "Milestone schedule",
    "exit_checklist": "Exit checklist and authority transfers",
    "knowledge_coverage": "Knowledge coverage",
    "financial_cushion": "Financial cushion",
    "founder_dependent_revenue": "Founder-dependent revenue",
}


@dataclass
class ComponentScore:
    """What an area reports for one component: its score and how it was reached."""

    score: float
    formula: str
    inputs: list[DrillRow] = field(default_factory=list)
    page_key: str | None = None


def clamp01(x: float) -> float:
    return max(0.0, min(1.0, x))


# --- Component rules ---------------------------------------------------------------------------


def leader_readiness_score(ready_now: int, ready_1_2_years: int, bench_target: float) -> float:
    """A ready-now leader counts fully, one ready in 1-2 years counts half; full at the bench
    the board wants (bench_target)."""
    return clamp01((ready_now + 0.5 * ready_1_2_years) / bench_target)


def milestone_schedule_score(total: int, off_schedule: int) -> float | None:
    """Share of milestones on schedule: not late and not slipped past the approved date."""
    if total == 0:
        return None
    return clamp01((total - off_schedule) / total)


def exit_checklist_score(
    done_share: float | None, authority_done_share: float | None
) -> float | None:
    """The mean of exit-checklist completion and authority-transfer completion (whichever exist)."""
    parts = [x for x in (done_share, authority_done_share) if x is not None]
    if not parts:
        return None
    return clamp01(sum(parts) / len(parts))


def knowledge_coverage_score(functions: int, known_only_by_leader: int) -> float | None:
    """Share of the critical functions someone other than the departing leader can do."""
    if functions == 0:
        return None
    return clamp01((functions - known_only_by_leader) / functions)


def financial_cushion_score(months_of_luna: float | None, target_months: float) -> float | None:
    """Months of liquid unrestricted net assets against the target; full at the target."""
    if months_of_luna is None:
        return None
    return clamp01(months_of_luna / target_months)


def founder_independence_score(founder_dependent_share: float | None) -> float | None:
    """One minus the share of gifts that depend on the departing leader's relationships."""
    if founder_dependent_share is None:
        return None
    return clamp01(1 - founder_dependent_share)


# --- The index ---------------------------------------------------------------------------------


def combine(
    scores: dict[str, ComponentScore | None],
    settings: ReadinessIndexSettings,
    missing_reasons: dict[str, str] | None = None,
) -> ReadinessIndex:
    """Weighted mean over the components with a score, renormalising the weights."""
    missing_reasons = missing_reasons or {}
    weights = {k: float(settings.weights.get(k, 0)) for k in READINESS_COMPONENTS}
    included = [k for k in READINESS_COMPONENTS if scores.get(k) is not None and weights[k] > 0]
    total_weight = sum(weights[k] for k in included)
    components: list[IndexComponent] = []
    value: float | None = None
    if included and total_weight > 0:
        value = 100 * sum(weights[k] * scores[k].score for k in included) / total_weight
    for key in READINESS_COMPONENTS:
        got = scores.get(key)
        label = COMPONENT_LABELS[key]
        if key in included:
            share = weights[key] / total_weight
            components.append(
                IndexComponent(
                    key=key,
                    label=label,
                    weight=weights[key],
                    included=True,
                    score=got.score,
                    normalised_weight=share,
                    points=100 * share * got.score,
                    formula=got.formula,
                    inputs=got.inputs,
                    page_key=got.page_key,
                )
            )
        else:
            if got is not None and weights[key] <= 0:
                reason = "its weight is set to zero"
            else:
                reason = missing_reasons.get(key, "no data yet")
            components.append(
                IndexComponent(
                    key=key,
                    label=label,
                    weight=weights[key],
                    included=False,
                    reason=reason,
                    formula=got.formula if got else "",
                    inputs=got.inputs if got else [],
                    page_key=got.page_key if got else None,
                )
            )
    return ReadinessIndex(
        value=value,
        light=light_for(value, settings.band),
        components=components,
        formula=index_formula(components, value),
    )


def index_formula(components: list[IndexComponent], value: float | None) -> str:
    """The index in words with its numbers: 100 x (w1 x s1 + w2 x s2 ...) / (w1 + w2 ...)."""
    used = [c for c in components if c.included]
    if not used:
        return "No component has data yet, so there is no index."
    terms = " + ".join(f"{c.weight:g} × {c.score:.2f}" for c in used)
    weights = " + ".join(f"{c.weight:g}" for c in used)
    return f"100 × ({terms}) ÷ ({weights}) = {value:.0f}"
