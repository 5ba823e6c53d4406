"""Transition-plan tiles (foundation tables): milestones, the exit checklist and authority
transfers, and their readiness-index components."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from gfj_core.access import can
from gfj_core.formatting import fmt_date
from gfj_core.metrics.plan import milestone_state, schedule_caption, slip_days
from gfj_core.models import ChecklistItem, Milestone, Phase
from gfj_core.schemas.board import Drill, DrillRow, Tile
from gfj_core.scorecard import ScorecardContext, band_words, component, tile, who
from gfj_core.scorecard.index import (
    ComponentScore,
    exit_checklist_score,
    milestone_schedule_score,
)
from gfj_core.scorecard.trend import end_of_day, trend_dates
from gfj_core.visibility import milestones_visible

REQUIRES = "gfj_core.services.overview:board_overview"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def off_schedule_count(ctx: ScorecardContext) -> int:
    """Milestones late (not done, forecast passed) or slipped past the approved finish; once each."""
    return ctx.session.scalar(
        select(func.count()).where(
            or_(
                and_(Milestone.status != "done", Milestone.forecast_finish < ctx.as_of),
                Milestone.forecast_finish > Milestone.baseline_finish,
            ),
            milestones_visible(ctx.actor),
        )
    )


def off_schedule_milestones(ctx: ScorecardContext) -> list[list[str]]:
    """The milestones behind the count, as the Timeline shows them to this viewer (milestones
    not visible to the board are counted but not named)."""
    from gfj_core.services.due_items import milestone_visibility

    visible = milestone_visibility(ctx.actor)
    query = (
        select(
            Milestone.title,
            Phase.name,
            Milestone.baseline_finish,
            Milestone.forecast_finish,
            Milestone.status,
        )
        .join(Phase, Phase.id == Milestone.phase_id)
        .where(
            or_(
                and_(Milestone.status != "done", Milestone.forecast_finish < ctx.as_of),
                Milestone.forecast_finish > Milestone.baseline_finish,
            ),
            milestones_visible(ctx.actor),
        )
        .order_by(Milestone.forecast_finish)
    )
    if visible is not None:
        query = query.where(visible)
    rows = ctx.session.execute(query).all()
    return [
        [
            r.title,
            r.name,
            fmt_date(r.baseline_finish),
            fmt_date(r.forecast_finish),
            f"{slip_days(r.baseline_finish, r.forecast_finish)} days",
            milestone_state(r.status, r.forecast_finish, ctx.as_of).replace("_", " "),
        ]
        for r in rows
    ]


@tile
def milestones(ctx: ScorecardContext) -> Tile:
    m = ctx.overview.milestones
    points = trend_dates(ctx.as_of)
    counts = ctx.session.execute(
        select(*(func.count().filter(Milestone.completed_on <= p) for p in points)).where(
            Milestone.status == "done", milestones_visible(ctx.actor)
        )
    ).one()
    off = off_schedule_count(ctx)
    named = off_schedule_milestones(ctx)
    return Tile(
        key="milestones",
        area="transition",
        label="Milestones done",
        value_text=f"{m.done} of {m.total}",
        value=float(m.done),
        light=ctx.overview.lights["milestones"],
        caption=schedule_caption(m),
        help="Late: not done and its forecast finish has passed. Slipped: forecast finish later "
        "than the date the board approved, and not late (a late milestone counts once, as "
        "late). On schedule: neither. The light follows the share of open milestones that are "
        "late.",
        trend=[float(c) for c in counts],
        trend_label="milestones done at each month end",
        page_key="timeline",
        drill=[
            Drill(
                title="Milestones",
                rows=[
                    DrillRow(label="Done", value=f"{m.done} of {m.total}"),
                    DrillRow(label="On schedule", value=str(m.on_schedule)),
                    DrillRow(
                        label="Slipped past the approved date (not late)",
                        value=str(m.slipped_not_late),
                    ),
                    DrillRow(label="Late", value=str(m.late)),
                    DrillRow(label="Due in the next 30 days", value=str(m.due_next_30_days)),
                ],
                note="The light follows the share of open milestones that are late. "
                + band_words(ctx.settings.thresholds["milestones_late_share"], _pct),
            ),
            Drill(
                title="Off schedule",
                columns=["Milestone", "Phase", "Approved", "Forecast", "Slip", "State"],
                table=named,
                note=(
                    "Every milestone is on its approved schedule."
                    if not off
                    else f"{off - len(named)} more not shown to your role."
                    if off > len(named)
                    else None
                ),
            ),
        ],
        order=20,
    )


@tile
def exit_checklist(ctx: ScorecardContext) -> Tile:
    c = ctx.overview.checklist
    gap = ctx.overview.checklist_pace_gap
    points = trend_dates(ctx.as_of)
    done = ChecklistItem.status == "done"
    counts = ctx.session.execute(
        select(
            *(func.count().filter(ChecklistItem.completed_at <= end_of_day(p)) for p in points)
        ).where(done)
    ).one()
    pace = (
        "no timeline set"
        if gap is None
        else f"{abs(gap) * 100:.0f} points {'behind' if gap > 0 else 'ahead of'} time elapsed"
    )
    by_category = ctx.session.execute(
        select(
            ChecklistItem.category,
            func.count().filter(ChecklistItem.status != "not_applicable"),
            func.count().filter(done),
        )
        .group_by(ChecklistItem.category)
        .order_by(ChecklistItem.category)
    ).all()
    return Tile(
        key="exit_checklist",
        area="transition",
        label="Exit checklist done",
        value_text=_pct(c.done_share),
        value=None if c.done_share is None else round(c.done_share * 100, 1),
        light=ctx.overview.lights["checklist"],
        caption=f"{c.done} of {c.applicable} items · authority transfers "
        f"{c.authority_done} of {c.authority_total} · {pace}"
        + (f" · {c.overdue} overdue" if c.overdue else ""),
        help="Share of applicable exit-checklist items marked done, compared with the share of "
        "time elapsed between the transition's start and the planned handover. The light is "
        "red while any item is past its due date (the same light as the checklist page).",
        trend=[round(100 * n / c.applicable, 1) if c.applicable else 0.0 for n in counts],
        trend_label="% done at each month end",
        page_key="checklist",
        drill=[
            Drill(
                title="Progress",
                rows=[
                    DrillRow(label="Items done", value=f"{c.done} of {c.applicable}"),
                    DrillRow(
                        label="Authority transfers done",
                        value=f"{c.authority_done} of {c.authority_total}",
                    ),
                    DrillRow(
                        label="Time elapsed", value=_pct(ctx.overview.transition_elapsed_share)
                    ),
                    DrillRow(label="Pace", value=pace),
                ],
                note="The light follows how far the checklist trails the time elapsed. "
                + band_words(
                    ctx.settings.thresholds["checklist_pace_gap"],
                    lambda v: f"{v * 100:.0f} points behind",
                ),
            ),
            *_open_authority_transfers(ctx),
            Drill(
                title="By category",
                columns=["Category", "Done", "Applicable"],
                table=[[cat.replace("_", " "), str(d), str(a)] for cat, a, d in by_category],
            ),
        ],
        order=30,
    )


def _open_authority_transfers(ctx: ScorecardContext) -> list[Drill]:
    """The authority transfers still open, by name, for the roles that read the checklist."""
    if not can(ctx.actor.role, "transition.checklist.read"):
        return []
    from gfj_core.models import Person

    rows = ctx.session.execute(
        select(ChecklistItem.title, ChecklistItem.due_date, ChecklistItem.status, Person.full_name)
        .outerjoin(Person, Person.id == ChecklistItem.owner_person_id)
        .where(
            ChecklistItem.is_authority_transfer.is_(True),
            ChecklistItem.status.not_in(("done", "not_applicable")),
        )
        .order_by(ChecklistItem.due_date.is_(None), ChecklistItem.due_date, ChecklistItem.id)
    ).all()
    if not rows:
        return []
    return [
        Drill(
            title="Authority transfers still open",
            columns=["Item", "Owner", "Due", "Status"],
            table=[
                [
                    r.title,
                    who(ctx, r.full_name, none="—"),
                    fmt_date(r.due_date),
                    r.status.replace("_", " "),
                ]
                for r in rows
            ],
        )
    ]


@component("milestone_schedule")
def milestone_schedule(ctx: ScorecardContext) -> ComponentScore | None:
    total = ctx.overview.milestones.total
    off = off_schedule_count(ctx)
    score = milestone_schedule_score(total, off)
    if score is None:
        return None
    return ComponentScore(
        score=score,
        formula=f"milestones on schedule ÷ all milestones = ({total} − {off}) ÷ {total}",
        inputs=[
            DrillRow(label="Milestones", value=str(total)),
            DrillRow(label="Late or slipped past the approved date", value=str(off)),
        ],
        page_key="timeline",
    )


@component("exit_checklist")
def exit_checklist_component(ctx: ScorecardContext) -> ComponentScore | None:
    c = ctx.overview.checklist
    score = exit_checklist_score(c.done_share, c.authority_done_share)
    if score is None:
        return None
    return ComponentScore(
        score=score,
        formula=f"mean of checklist done ({_pct(c.done_share)}) and authority transfers done "
        f"({_pct(c.authority_done_share)})",
        inputs=[
            DrillRow(label="Checklist items done", value=f"{c.done} of {c.applicable}"),
            DrillRow(
                label="Authority transfers done", value=f"{c.authority_done} of {c.authority_total}"
            ),
        ],
        page_key="checklist",
    )
