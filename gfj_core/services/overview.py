"""The board overview: counts aggregated in SQL, judged by the rules in gfj_core.metrics.plan."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.metrics.lights import light_for
from gfj_core.metrics.plan import elapsed_share, share
from gfj_core.models import ChecklistItem, EmergingLeader, Milestone, Phase
from gfj_core.schemas.board import Scorecard
from gfj_core.schemas.overview import (
    BoardOverview,
    ChecklistCounts,
    PhaseNow,
    ReadinessCounts,
)
from gfj_core.services.checklist import checklist_totals, exit_checklist_light
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.timeline import milestone_counts
from gfj_core.viewers import same_for_role

READINESS_LEVELS = ("ready_now", "ready_1_2_years", "ready_3_plus_years")


def checklist_counts(session: Session) -> ChecklistCounts:
    applicable = ChecklistItem.status != "not_applicable"
    done = ChecklistItem.status == "done"
    authority = ChecklistItem.is_authority_transfer.is_(True)
    row = session.execute(
        select(
            func.count().filter(applicable),
            func.count().filter(done),
            func.count().filter(and_(applicable, authority)),
            func.count().filter(and_(done, authority)),
        )
    ).one()
    return ChecklistCounts(
        applicable=row[0], done=row[1], authority_total=row[2], authority_done=row[3]
    )


def readiness_counts(session: Session) -> ReadinessCounts:
    rating = func.coalesce(EmergingLeader.readiness, "not_rated")
    rows = session.execute(
        select(rating, func.count()).where(EmergingLeader.status == "active").group_by(rating)
    ).all()
    counts = {level: 0 for level in (*READINESS_LEVELS, "not_rated")}
    for level, n in rows:
        counts[level if level in counts else "not_rated"] += n
    return ReadinessCounts(**counts)


def current_phase(session: Session, today: date) -> PhaseNow | None:
    phases = session.execute(
        select(Phase.name, Phase.position, Phase.start_date, Phase.end_date).order_by(
            Phase.position
        )
    ).all()
    if not phases:
        return None
    chosen = next((p for p in phases if p.start_date <= today <= p.end_date), None)
    if chosen is None:
        # Before the plan starts show the first phase; after it ends, the last.
        chosen = phases[0] if today < phases[0].start_date else phases[-1]
    return PhaseNow(
        name=chosen.name,
        position=[p.name for p in phases].index(chosen.name) + 1,
        phases_total=len(phases),
        start_date=chosen.start_date,
        end_date=chosen.end_date,
    )


def board_overview(session: Session, *, today: date, actor) -> BoardOverview:
    require(actor, "overview.read")
    settings = load_org_settings(session)
    handover = settings.planned_handover_date
    elapsed = elapsed_share(settings.transition_start_date, handover, today)
    milestones = milestone_counts(session, today, actor)
    checklist = checklist_totals(session, today)
    readiness = readiness_counts(session)
    checklist_lit, gap = exit_checklist_light(settings, checklist, today)
    bands = settings.thresholds
    lights = {
        "milestones": light_for(
            share(milestones.late, milestones.total - milestones.done),
            bands["milestones_late_share"],
        ),
        "checklist": checklist_lit,
        # An empty pipeline is missing data, not an alarm: grey "No data", never a red "Act".
        "readiness": light_for(
            readiness.ready_now if readiness.total else None, bands["leaders_ready_now"]
        ),
    }
    return BoardOverview(
        organisation_name=settings.organisation_name,
        departing_leader=settings.departing_leader,
        departing_leader_title=settings.departing_leader_title,
        today=today,
        transition_start_date=settings.transition_start_date,
        planned_handover_date=handover,
        days_to_handover=(handover - today).days if handover else None,
        transition_elapsed_share=elapsed,
        phase=current_phase(session, today),
        milestones=milestones,
        checklist=checklist,
        readiness=readiness,
        lights=lights,
        checklist_pace_gap=gap,
        demo=settings.demo_loaded,
    )


def board_scorecard(session: Session, *, today: date, actor, privacy: bool = False) -> Scorecard:
    """The board's scorecard: the readiness index and the vital few tiles of every built area.

    `privacy` (presenter mode, the packet) keeps everything to aggregates; the tiles never name
    a leader's rating either way, so it matters for what pages add around them."""
    from gfj_core.scorecard.build import build_scorecard

    overview = board_overview(session, today=today, actor=actor)
    return build_scorecard(session, as_of=today, actor=actor, overview=overview, privacy=privacy)


class MissingItem(BaseModel):
    """Something a fresh organisation has not recorded yet, and the page where it is added."""

    what: str
    page_key: str


@same_for_role
def getting_started(session: Session, *, actor) -> list[MissingItem]:
    """What is still empty, in the order a new organisation usually fills it in. Empty is a
    state, not an alarm: the overview lists these instead of showing red lights."""
    require(actor, "overview.read")
    from gfj_core.models import MonthlyAccount, Person

    def none(model, *where) -> bool:
        return session.scalar(select(func.count()).select_from(model).where(*where)) == 0

    missing = []
    if none(Person, Person.board_role.is_not(None), Person.active.is_(True)):
        missing.append(MissingItem(what="No board members recorded", page_key="people"))
    if none(Phase) and none(Milestone):
        missing.append(MissingItem(what="No transition phases or milestones", page_key="timeline"))
    if none(ChecklistItem):
        missing.append(MissingItem(what="The exit checklist is empty", page_key="checklist"))
    if none(EmergingLeader):
        missing.append(MissingItem(what="No emerging leaders in the pipeline", page_key="leaders"))
    if none(MonthlyAccount):
        missing.append(MissingItem(what="No monthly accounts imported", page_key="import_data"))
    return missing
