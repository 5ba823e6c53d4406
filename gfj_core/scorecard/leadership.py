"""Leadership-pipeline tile (foundation table emerging_leader): leaders ready now and in 1-2
years, with the leader-readiness component of the index. Counts only: no one's rating by name."""

from __future__ import annotations

from sqlalchemy import select

from gfj_core.access import can
from gfj_core.models import AuditLog, EmergingLeader, Person
from gfj_core.schemas.board import Drill, DrillRow, Tile
from gfj_core.scorecard import ScorecardContext, band_words, component, tile
from gfj_core.scorecard.index import ComponentScore, leader_readiness_score
from gfj_core.scorecard.trend import end_of_day, trend_dates

REQUIRES = "gfj_core.services.overview:board_overview"


def ready_now_trend(ctx: ScorecardContext) -> list[float]:
    """Leaders rated ready now at each trend date, rolled back from today's count through the
    recorded rating changes (audit_log, emerging_leader.readiness)."""
    points = trend_dates(ctx.as_of)
    changes = ctx.session.execute(
        select(AuditLog.at, AuditLog.old_value, AuditLog.new_value)
        .where(
            AuditLog.entity == "emerging_leader",
            AuditLog.field == "readiness",
            AuditLog.at > end_of_day(points[0]),
        )
        .order_by(AuditLog.at)
    ).all()
    now = ctx.overview.readiness.ready_now
    out = []
    for p in points:
        cutoff = end_of_day(p)
        later = [c for c in changes if c.at > cutoff]
        gained = sum(1 for c in later if c.new_value == "ready_now" and c.old_value != "ready_now")
        lost = sum(1 for c in later if c.old_value == "ready_now" and c.new_value != "ready_now")
        out.append(float(now - gained + lost))
    return out


@tile
def leaders_ready(ctx: ScorecardContext) -> Tile:
    r = ctx.overview.readiness
    return Tile(
        key="leaders_ready",
        area="leadership",
        label="Leaders ready now",
        value_text=str(r.ready_now),
        value=float(r.ready_now),
        light=ctx.overview.lights["readiness"],
        caption=f"{r.ready_1_2_years} ready in 1-2 years · {r.ready_3_plus_years} in 3+ years"
        + (f" · {r.not_rated} not rated" if r.not_rated else "")
        + f" · {r.total} emerging leaders",
        help="Latest readiness rating of each active emerging leader (counts only).",
        trend=ready_now_trend(ctx),
        trend_label="leaders ready now at each month end",
        page_key="leaders",
        drill=[
            Drill(
                title="Emerging leaders by readiness",
                rows=[
                    DrillRow(label="Ready now", value=str(r.ready_now)),
                    DrillRow(label="Ready in 1-2 years", value=str(r.ready_1_2_years)),
                    DrillRow(label="Ready in 3+ years", value=str(r.ready_3_plus_years)),
                    DrillRow(label="Not rated", value=str(r.not_rated)),
                ],
                note="The light follows the leaders ready now. "
                + band_words(ctx.settings.thresholds["leaders_ready_now"], lambda v: f"{v:g}"),
            ),
            *_named(ctx),
        ],
        order=40,
    )


def _named(ctx: ScorecardContext) -> list[Drill]:
    """Who is ready, for a viewer whose role reads the leaders' pages, and never in privacy
    mode (presenter mode, the packet): there the figure stays a count."""
    if ctx.privacy or not can(ctx.actor.role, "leadership.read"):
        return [
            Drill(
                title="Who",
                note="Counts only here; individual ratings stay on the leaders' pages.",
            )
        ]
    from gfj_core.services.leader_scope import leader_scope, scoped

    stmt = (
        select(Person.full_name, EmergingLeader.readiness, EmergingLeader.target_role)
        .join(Person, Person.id == EmergingLeader.person_id)
        .where(
            EmergingLeader.status == "active",
            EmergingLeader.readiness.in_(("ready_now", "ready_1_2_years")),
        )
        .order_by(EmergingLeader.readiness, Person.full_name)
    )
    stmt = scoped(stmt, EmergingLeader.id, leader_scope(ctx.actor))
    words = {"ready_now": "Ready now", "ready_1_2_years": "Ready in 1-2 years"}
    rows = [[name, words[level], role] for name, level, role in ctx.session.execute(stmt)]
    return [
        Drill(
            title="Leaders ready now or in 1-2 years",
            columns=["Leader", "Readiness", "Preparing for"],
            table=rows,
            note=None if rows else "No one is rated ready now or in 1-2 years.",
        )
    ]


@component("leader_readiness")
def leader_readiness(ctx: ScorecardContext) -> ComponentScore | None:
    r = ctx.overview.readiness
    if r.total == 0:
        return None
    target = ctx.settings.readiness_index.bench_target
    return ComponentScore(
        score=leader_readiness_score(r.ready_now, r.ready_1_2_years, target),
        formula=f"(ready now + ½ × ready in 1-2 years) ÷ bench target = "
        f"({r.ready_now} + ½ × {r.ready_1_2_years}) ÷ {target:g}, at most 1",
        inputs=[
            DrillRow(label="Ready now", value=str(r.ready_now)),
            DrillRow(label="Ready in 1-2 years", value=str(r.ready_1_2_years)),
            DrillRow(label="Bench target (setting)", value=f"{target:g}"),
        ],
        page_key="leaders",
    )
