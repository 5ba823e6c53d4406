"""Succession targets ("clear metrics"): the board sets a target and a deadline for any KPI, and
one view shows progress to each target with its light.

KPIs come from a registry of providers, one per figure: (key, label, area, unit,
higher_is_better, compute(session, as_of) -> value or None). Each area's providers are loaded
only when that area's service module can be imported, so a KPI whose area is not built is
simply absent: never faked, never zero. Other areas may also call `register(...)` themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.metrics.evaluation import expected_progress, judge_target, target_progress
from gfj_core.metrics.lights import WORDS, Level, Light
from gfj_core.models import SuccessionTarget
from gfj_core.schemas.evaluation import (
    KpiRead,
    TargetProgress,
    TargetRead,
    TargetsBoard,
    TargetSet,
)
from gfj_core.services.versioning import check_still_absent, check_version

log = logging.getLogger(__name__)

# Areas in the order the page lists them.
AREAS = (
    "Transition plan",
    "Leadership pipeline",
    "Financial health",
    "Board",
    "Community engagement",
    "Legacy & values",
    "Advocacy & influence",
)


@dataclass(frozen=True)
class KpiProvider:
    key: str
    label: str
    area: str
    unit: str  # count / share (0..1) / score (1-5) / ratio / months / dollars / days
    higher_is_better: bool
    compute: Callable[[Session, date], float | None]
    description: str = ""


_REGISTERED: dict[str, KpiProvider] = {}


def register(provider: KpiProvider) -> KpiProvider:
    """Add (or replace) a KPI provider; areas built later can call this at import time."""
    _REGISTERED[provider.key] = provider
    return provider


# --------------------------------------------------------------------------- providers by area


def _evaluation_kpis() -> Iterator[KpiProvider]:
    from gfj_core.services import community, impact, legacy, surveys

    def last_12(fn):
        return lambda s, d: fn(s, *community.twelve_months_to(d))

    yield KpiProvider(
        "community.participants_12m",
        "Community participants (12 months)",
        "Community engagement",
        "count",
        True,
        last_12(lambda s, a, b: community.period_totals(s, a, b).participants),
        "People taking part in programs and events in the 12 months to the date.",
    )
    yield KpiProvider(
        "community.returning_share_12m",
        "Returning participants (12 months)",
        "Community engagement",
        "share",
        True,
        last_12(lambda s, a, b: community.period_totals(s, a, b).returning_share),
        "Share of participants who had taken part before.",
    )
    yield KpiProvider(
        "community.feedback_12m",
        "Event feedback (12 months, 1-5)",
        "Community engagement",
        "score",
        True,
        last_12(lambda s, a, b: community.period_totals(s, a, b).feedback_average),
        "Average of the feedback forms, weighted by forms per event.",
    )
    yield KpiProvider(
        "surveys.future_leadership_voices",
        "Voices heard on future leadership",
        "Community engagement",
        "count",
        True,
        lambda s, d: float(_responses_to(s, surveys.FUTURE_LEADERSHIP, d)),
        "Responses to the Future leadership qualities survey, every round.",
    )
    yield KpiProvider(
        "surveys.values_alignment",
        "Values alignment (latest round, 1-5)",
        "Legacy & values",
        "score",
        True,
        lambda s, d: surveys.latest_round_average(s, surveys.VALUES_ALIGNMENT, d),
        "Mean rating across the nine values in the latest Values alignment round.",
    )
    yield KpiProvider(
        "legacy.consented_stories",
        "Stories and testimonials cleared to share",
        "Legacy & values",
        "count",
        True,
        lambda s, d: float(legacy.consented_story_count(s, d)),
        "Stories whose storytellers consented to sharing them.",
    )
    yield KpiProvider(
        "surveys.leader_preparedness",
        "Leader preparedness feedback (1-5)",
        "Leadership pipeline",
        "score",
        True,
        lambda s, d: surveys.latest_round_average(s, surveys.LEADER_PREPAREDNESS, d),
        "Mean rating in the latest round of the Leader preparedness feedback survey.",
    )
    yield KpiProvider(
        "surveys.board_self_assessment",
        "Board self-assessment on succession (1-5)",
        "Board",
        "score",
        True,
        lambda s, d: surveys.latest_round_average(s, surveys.BOARD_SELF_ASSESSMENT, d),
        "Mean rating in the board's latest self-assessment round.",
    )
    yield KpiProvider(
        "advocacy.wins_12m",
        "Campaign wins (12 months)",
        "Advocacy & influence",
        "count",
        True,
        lambda s, d: float(impact.wins_between(s, *community.twelve_months_to(d))),
        "Bills signed or campaigns won in the 12 months to the date.",
    )
    yield KpiProvider(
        "influence.speaking_12m",
        "Speaking invitations (12 months)",
        "Advocacy & influence",
        "count",
        True,
        lambda s, d: float(
            impact.influence_count(s, ("speaking",), *community.twelve_months_to(d))
        ),
    )
    yield KpiProvider(
        "influence.publications_12m",
        "Publications and citations (12 months)",
        "Advocacy & influence",
        "count",
        True,
        lambda s, d: float(
            impact.influence_count(s, ("publication", "citation"), *community.twelve_months_to(d))
        ),
    )
    yield KpiProvider(
        "influence.adoptions",
        "Organizations adopting our succession practices",
        "Advocacy & influence",
        "count",
        True,
        lambda s, d: float(impact.influence_count(s, ("adoption",), None, d)),
        "Every organization recorded as adopting the practices, to the date.",
    )


def _responses_to(session: Session, survey_key: str, as_of: date) -> int:
    from sqlalchemy import func

    from gfj_core.models import Survey, SurveyRound

    return session.scalar(
        select(func.coalesce(func.sum(SurveyRound.response_count), 0))
        .join(Survey, Survey.id == SurveyRound.survey_id)
        .where(Survey.key == survey_key, SurveyRound.closed_on <= as_of)
    )


def _overview_kpis() -> Iterator[KpiProvider]:
    from gfj_core.services import overview

    yield KpiProvider(
        "transition.checklist_done_share",
        "Exit checklist done",
        "Transition plan",
        "share",
        True,
        lambda s, d: overview.checklist_counts(s).done_share,
        "Share of applicable exit-checklist items marked done.",
    )
    yield KpiProvider(
        "transition.authority_transfers_done_share",
        "Authority transfers done",
        "Transition plan",
        "share",
        True,
        lambda s, d: overview.checklist_counts(s).authority_done_share,
        "Bank signatures, Form 990 signer, IRS responsible party and the like.",
    )
    yield KpiProvider(
        "transition.milestones_late",
        "Milestones late",
        "Transition plan",
        "count",
        False,
        lambda s, d: float(overview.milestone_counts(s, d).late),
        "Milestones not done whose forecast finish has passed.",
    )
    yield KpiProvider(
        "leadership.ready_now",
        "Leaders ready now",
        "Leadership pipeline",
        "count",
        True,
        lambda s, d: float(overview.readiness_counts(s).ready_now),
        "Active emerging leaders whose latest readiness rating is 'ready now'.",
    )


def _leadership_kpis() -> Iterator[KpiProvider]:
    """Figures of the leadership pipeline, when that area is built."""
    from gfj_core.schemas.auth import SYSTEM
    from gfj_core.services.leader_kpis import leadership_kpis

    def figure(name: str):
        def compute(s: Session, d: date):
            # One call per board view and date: both KPIs read the same figures.
            memo = s.info.setdefault("leadership_kpis", {})
            if d not in memo:
                # The viewer's right to see targets was checked; these are whole-pipeline counts.
                memo[d] = leadership_kpis(s, today=d, actor=SYSTEM)
            value = getattr(memo[d], name)
            return None if value is None else float(value)

        return compute

    yield KpiProvider(
        "leadership.completed_programme",
        "Leaders who completed mentorship and training",
        "Leadership pipeline",
        "count",
        True,
        figure("completed_mentorship_and_training"),
    )
    yield KpiProvider(
        "leadership.placements",
        "Leaders placed in a subsequent role",
        "Leadership pipeline",
        "count",
        True,
        figure("placements"),
    )


def _programme_kpis() -> Iterator[KpiProvider]:
    """The organisation's own resilience KPI, from the programme records (issue 15)."""
    from gfj_core.services.programmes import programmes_kept

    yield KpiProvider(
        "programmes.maintained_or_expanded_share",
        "Programs maintained or expanded during the transition",
        "Financial health",
        "share",
        True,
        lambda s, d: programmes_kept(s, d).share,
        "Programs whose status is maintained or expanded, of every program on record except "
        "those closed before the transition started.",
    )


def _load() -> dict[str, KpiProvider]:
    loaders: Iterable[Callable[[], Iterator[KpiProvider]]] = (
        _evaluation_kpis,
        _overview_kpis,
        _leadership_kpis,
        _programme_kpis,
    )
    found: dict[str, KpiProvider] = {}
    for loader in loaders:
        try:
            for p in loader():
                found[p.key] = p
        except (ImportError, AttributeError):
            # That area is not built (or no longer offers the figure): its KPIs are absent.
            log.info("KPI providers from %s skipped: area not available", loader.__name__)
    return {**found, **_REGISTERED}


def registry() -> dict[str, KpiProvider]:
    """Every KPI that can be measured right now, by key."""
    return _load()


# --------------------------------------------------------------------------- reading and setting


def _target_read(t: SuccessionTarget) -> TargetRead:
    return TargetRead(
        id=t.id,
        kpi_key=t.kpi_key,
        target_value=t.target_value,
        baseline_value=t.baseline_value,
        set_on=t.set_on,
        deadline=t.deadline,
        note=t.note,
        version=t.version,
    )


def _kpi_read(p: KpiProvider, current: float | None) -> KpiRead:
    return KpiRead(
        key=p.key,
        label=p.label,
        area=p.area,
        unit=p.unit,
        higher_is_better=p.higher_is_better,
        description=p.description,
        current=current,
    )


def measure(session: Session, provider: KpiProvider, as_of: date) -> float | None:
    value = provider.compute(session, as_of)
    return None if value is None else float(value)


def list_kpis(session: Session, *, as_of: date, actor) -> list[KpiRead]:
    require(actor, "targets.read")
    providers = registry().values()
    return [_kpi_read(p, measure(session, p, as_of)) for p in _ordered(providers)]


def _ordered(providers: Iterable[KpiProvider]) -> list[KpiProvider]:
    rank = {a: i for i, a in enumerate(AREAS)}
    return sorted(providers, key=lambda p: (rank.get(p.area, len(AREAS)), p.area, p.label))


def targets_board(session: Session, *, as_of: date, actor) -> TargetsBoard:
    """Every measurable KPI, its target if the board set one, and how it is doing."""
    require(actor, "targets.read")
    providers = _ordered(registry().values())
    targets = {t.kpi_key: t for t in session.scalars(select(SuccessionTarget))}
    rows = []
    counts = {WORDS[level]: 0 for level in (Level.green, Level.amber, Level.red, Level.none)}
    for p in providers:
        current = measure(session, p, as_of)
        t = targets.get(p.key)
        if t is None:
            rows.append(
                TargetProgress(
                    kpi=_kpi_read(p, current),
                    target=None,
                    progress=None,
                    expected=None,
                    status="No target",
                    light=Light(level=Level.none, word="No target"),
                )
            )
            continue
        status, light = judge_target(
            current=current,
            target=t.target_value,
            baseline=t.baseline_value,
            higher_is_better=p.higher_is_better,
            set_on=t.set_on,
            deadline=t.deadline,
            as_of=as_of,
        )
        counts[light.word] += 1
        progress = target_progress(t.baseline_value, current, t.target_value, p.higher_is_better)
        if status == "Met":
            progress = 1.0
        rows.append(
            TargetProgress(
                kpi=_kpi_read(p, current),
                target=_target_read(t),
                progress=progress,
                expected=expected_progress(t.set_on, t.deadline, as_of),
                status=status,
                light=light,
            )
        )
    areas = list(dict.fromkeys(r.kpi.area for r in rows))
    return TargetsBoard(as_of=as_of, rows=rows, counts=counts, areas=areas)


def _check_value(p: KpiProvider, value: float) -> str | None:
    if p.unit == "share" and not 0 <= value <= 1:
        return "a share must be between 0% and 100%"
    if p.unit == "score" and not 1 <= value <= 5:
        return "a score must be between 1 and 5"
    if p.unit in ("count", "months", "days") and value < 0:
        return "cannot be negative"
    return None


def set_target(
    session: Session,
    *,
    data: TargetSet,
    as_of: date,
    expected_version: int | None = None,
    actor,
) -> TargetRead:
    """Set or change the target for one KPI. A new target measures its baseline today; a
    changed one keeps its baseline and start date so progress stays comparable.

    `expected_version` is the version of the target the form showed; None means the form saw
    no target, so a target someone else set meanwhile is not silently replaced."""
    require(actor, "targets.write")
    provider = registry().get(data.kpi_key)
    if provider is None:
        raise NotFound(f"No KPI '{data.kpi_key}' can be measured.")
    problems = []
    bad = _check_value(provider, data.target_value)
    if bad:
        problems.append(("target_value", bad))
    if data.deadline <= as_of:
        problems.append(("deadline", "the deadline must be after today"))
    if problems:
        raise ValidationFailed("The target was not saved.", problems)
    t = session.scalar(select(SuccessionTarget).where(SuccessionTarget.kpi_key == data.kpi_key))
    if t is None:
        t = SuccessionTarget(
            kpi_key=data.kpi_key,
            baseline_value=measure(session, provider, as_of),
            set_on=as_of,
            set_by_user_id=getattr(actor, "user_id", None),
            target_value=data.target_value,
            deadline=data.deadline,
            note=data.note,
        )
        session.add(t)
    else:
        if expected_version is None:
            check_still_absent(t, "target")
        check_version(session, t, expected_version, "target")
        t.target_value = data.target_value
        t.deadline = data.deadline
        t.note = data.note
        t.set_by_user_id = getattr(actor, "user_id", None)
    session.flush()
    return _target_read(t)


def remove_target(
    session: Session, *, kpi_key: str, expected_version: int | None = None, actor
) -> None:
    require(actor, "targets.write")
    t = session.scalar(select(SuccessionTarget).where(SuccessionTarget.kpi_key == kpi_key))
    if t is None:
        raise NotFound("That KPI has no target.")
    check_version(session, t, expected_version, "target")
    session.delete(t)
    session.flush()
