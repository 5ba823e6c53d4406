"""Assemble the scorecard: the readiness index tile first, then each built area's tiles."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.errors import PermissionDenied
from gfj_core.metrics.lights import Level, Light
from gfj_core.models import BoardMeeting, ScorecardSnapshot
from gfj_core.schemas.board import Drill, DrillRow, ReadinessIndex, Scorecard, Tile
from gfj_core.schemas.overview import BoardOverview
from gfj_core.scorecard import AREA_TITLES, MAX_TILES, ScorecardContext, areas
from gfj_core.scorecard.index import COMPONENT_LABELS, ComponentScore, combine
from gfj_core.services.org_settings import load_org_settings

log = logging.getLogger(__name__)

INDEX_KEY = "readiness_index"

# Which area feeds each index component (for "left out: <area>: no data yet").
COMPONENT_AREAS = {
    "leader_readiness": "leadership",
    "milestone_schedule": "transition",
    "exit_checklist": "transition",
    "knowledge_coverage": "continuity",
    "financial_cushion": "finance",
    "founder_dependent_revenue": "finance",
}


def snapshot_trend(session: Session, tile_key: str, as_of: date, limit: int = 7) -> list[float]:
    """A tile's value as recorded at the last held meetings before as_of, oldest first."""
    rows = session.execute(
        select(ScorecardSnapshot.value)
        .join(BoardMeeting, BoardMeeting.id == ScorecardSnapshot.meeting_id)
        .where(
            ScorecardSnapshot.tile_key == tile_key,
            BoardMeeting.status == "held",
            BoardMeeting.held_on < as_of,
            ScorecardSnapshot.value.is_not(None),
        )
        .order_by(BoardMeeting.held_on.desc())
        .limit(limit)
    ).all()
    return [float(v) for (v,) in reversed(rows)]


def _index_tile(ctx: ScorecardContext, index: ReadinessIndex) -> Tile:
    included = [c for c in index.included]
    left_out = [c for c in index.excluded]
    caption = f"From {len(included)} of {len(index.components)} components"
    if left_out:
        caption += " · left out: " + ", ".join(c.label.lower() for c in left_out)
    trend = snapshot_trend(ctx.session, INDEX_KEY, ctx.as_of)
    if index.value is not None:
        trend = [*trend, round(index.value, 1)]
    return Tile(
        key=INDEX_KEY,
        area="board",
        label="Succession readiness index",
        value_text="—" if index.value is None else f"{index.value:.0f} / 100",
        value=None if index.value is None else round(index.value, 1),
        light=index.light,
        caption=caption,
        help="A weighted mix of the components below, 0 to 100. Weights are organization "
        "settings; components with no data (or that could not be computed) are left out "
        "and the weights of the others renormalised.",
        trend=trend,
        trend_label="index at each recorded board meeting, then today",
        page_key=None,
        drill=[
            Drill(
                title="Components",
                columns=["Component", "Score", "Weight", "Points"],
                table=[
                    [
                        c.label,
                        f"{c.score * 100:.0f}%",
                        f"{c.normalised_weight * 100:.0f}%",
                        f"{c.points:.1f}",
                    ]
                    for c in included
                ],
                note=index.formula,
            )
        ],
        order=0,
    )


def build_scorecard(
    session: Session, *, as_of: date, actor, overview: BoardOverview, privacy: bool = False
) -> Scorecard:
    settings = load_org_settings(session)
    ctx = ScorecardContext(
        session=session,
        as_of=as_of,
        actor=actor,
        settings=settings,
        overview=overview,
        privacy=privacy,
    )
    tiles: list[Tile] = []
    scores: dict[str, ComponentScore | None] = {}
    missing: dict[str, str] = {}
    wired: list[str] = []
    not_built: list[str] = []
    for area in areas():
        title = AREA_TITLES.get(area.area, area.area)
        if not area.available:
            not_built.append(f"{title} (could not be computed)")
            tiles.append(error_tile(area.area, title, f"{area.module}"))
            for key in area.components:
                missing[key] = f"{title.lower()}: could not be computed"
            continue
        area_tiles = 0
        for provider in area.tiles:
            try:
                got = provider(ctx)
            except PermissionDenied:
                got = None  # this viewer may not see that area's figures
            except Exception:
                log.exception("scorecard: tile %s.%s failed", area.module, provider.__name__)
                got = error_tile(area.area, title, f"{area.module}.{provider.__name__}")
            if got is not None:
                if not got.trend:
                    got.trend = [*snapshot_trend(session, got.key, as_of)]
                    if got.value is not None and got.trend:
                        got.trend.append(got.value)
                        got.trend_label = got.trend_label or "at each board meeting, then today"
                tiles.append(got)
                area_tiles += 1
        for key, fn in area.components.items():
            try:
                scores[key] = fn(ctx)
            except PermissionDenied:
                scores[key] = None
                missing[key] = "not visible to your role"
            except Exception:
                log.exception("scorecard: index component %s failed", key)
                scores[key] = None
                missing[key] = "could not be computed (see the server log)"
            if scores[key] is None and key not in missing:
                missing[key] = "no data yet"
        if area_tiles:
            wired.append(title)
        else:
            not_built.append(f"{title} (no figures on file yet)")
    for key, area_key in COMPONENT_AREAS.items():
        if key not in scores and key not in missing:
            missing[key] = f"{AREA_TITLES.get(area_key, area_key).lower()}: no data yet"
    index = combine(scores, settings.readiness_index, missing)
    tiles.sort(key=lambda t: t.order)
    all_tiles = [_index_tile(ctx, index), *tiles][:MAX_TILES]
    return Scorecard(
        as_of=as_of,
        privacy=privacy,
        overview=overview,
        index=index,
        tiles=all_tiles,
        areas_wired=wired,
        areas_missing=not_built,
    )


def error_tile(area: str, title: str, source: str) -> Tile:
    """What the board sees where a figure could not be computed: a grey tile that says so.
    The cause goes to the server log, never to the shared screen."""
    return Tile(
        key=f"error:{source}",
        area=area,
        label=f"{title}: a figure is missing",
        value_text="Could not be computed",
        value=None,
        light=Light(level=Level.none, word="Error"),
        caption="This figure could not be computed. The cause is in the server log; "
        "an administrator can look it up.",
        order=0,
    )


def component_drill(index: ReadinessIndex) -> list[Drill]:
    """One drill-down per component, for pages and the packet."""
    out = []
    for c in index.components:
        rows = [*c.inputs]
        if c.included:
            rows.append(DrillRow(label="Score", value=f"{c.score * 100:.0f}%"))
            rows.append(
                DrillRow(label="Weight after renormalising", value=f"{c.normalised_weight:.0%}")
            )
            rows.append(DrillRow(label="Points in the index", value=f"{c.points:.1f}"))
        out.append(
            Drill(
                title=COMPONENT_LABELS[c.key],
                rows=rows,
                note=c.formula if c.included else f"Left out: {c.reason}.",
            )
        )
    return out
