"""Today's value of every measure a traffic-light threshold judges, for the Organization
settings page's preview of how the lights would change. A module of its own: it reads the
plan, the pipeline and the finances, which all read the settings, so living in org_settings
would make an import circle."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.metrics.plan import elapsed_share, pace_gap, share
from gfj_core.models import MonthlyAccount
from gfj_core.services.finance_reads import FinanceContext, measures_at
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.overview import checklist_counts, milestone_counts, readiness_counts


def threshold_values_today(session: Session, *, today, actor) -> dict[str, float | None]:
    """Today's value of every measure a threshold judges (None: no data), for the settings
    page's preview of how the lights would change."""
    require(actor, "settings.write")
    settings = load_org_settings(session)
    milestones = milestone_counts(session, today)
    checklist = checklist_counts(session)
    readiness = readiness_counts(session)
    values: dict[str, float | None] = {
        "milestones_late_share": share(milestones.late, milestones.total - milestones.done),
        "checklist_pace_gap": pace_gap(
            checklist.done_share,
            elapsed_share(settings.transition_start_date, settings.planned_handover_date, today),
        ),
        "leaders_ready_now": float(readiness.ready_now) if readiness.total else None,
    }
    latest = session.scalar(select(func.max(MonthlyAccount.month)))
    if latest is not None:
        measures, _ = measures_at(session, FinanceContext(session), latest)
        for key in settings.thresholds:
            if key not in values and hasattr(measures, key):
                values[key] = getattr(measures, key)
    for key in settings.thresholds:
        values.setdefault(key, None)
    return values
