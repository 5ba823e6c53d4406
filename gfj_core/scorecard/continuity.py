"""Continuity tile (issue 5): critical functions known only to the departing leader, with the
knowledge-coverage component of the index. Skipped when the continuity service is not built."""

from __future__ import annotations

from gfj_core.access import can
from gfj_core.metrics.lights import light_for
from gfj_core.schemas.board import Drill, DrillRow, Tile
from gfj_core.schemas.settings import Band
from gfj_core.scorecard import ScorecardContext, band_words, component, tile, who
from gfj_core.scorecard.index import ComponentScore, knowledge_coverage_score

REQUIRES = "gfj_core.services.continuity:transition_board_figures"

# Any function only the departing leader can do is a watch item; a quarter of them is Act.
ONLY_LEADER_BAND = Band(red=0.25, amber=0.0, higher_is_better=False)


def figures(ctx: ScorecardContext):
    from gfj_core.services.continuity import transition_board_figures

    return ctx.once(
        "continuity",
        lambda: transition_board_figures(ctx.session, today=ctx.as_of, actor=ctx.actor),
    )


@tile
def known_only_to_leader(ctx: ScorecardContext) -> Tile | None:
    f = figures(ctx)
    if f is None or not f.functions_total:
        return None
    share = f.functions_only_departing / f.functions_total
    return Tile(
        key="known_only_to_leader",
        area="continuity",
        label="Functions only the departing leader can do",
        value_text=f"{f.functions_only_departing} of {f.functions_total}",
        value=float(f.functions_only_departing),
        light=light_for(share, ONLY_LEADER_BAND),
        caption=f"{f.relationships_only_departing} of {f.relationships_total} key relationships "
        f"held only by the departing leader · {f.emergency_functions_with_gaps} emergency-plan "
        "functions without a trained backup",
        help="Critical functions in the knowledge register that no one but the departing leader "
        "can do yet.",
        page_key="continuity",
        drill=[
            Drill(
                title="Knowledge and relationships",
                rows=[
                    DrillRow(label="Critical functions", value=str(f.functions_total)),
                    DrillRow(
                        label="Known only to the departing leader",
                        value=str(f.functions_only_departing),
                    ),
                    DrillRow(label="Key relationships", value=str(f.relationships_total)),
                    DrillRow(
                        label="Held only by the departing leader",
                        value=str(f.relationships_only_departing),
                    ),
                    DrillRow(
                        label="Emergency functions without a backup",
                        value=str(f.emergency_functions_with_gaps),
                    ),
                ],
                note="The light follows the share of critical functions only the departing "
                "leader can do. " + band_words(ONLY_LEADER_BAND, lambda v: f"{v:.0%}"),
            ),
            *_named(ctx),
        ],
        order=70,
    )


def _named(ctx: ScorecardContext) -> list[Drill]:
    """Which functions and relationships, for the roles that read the continuity registers
    (the board, the CEO, admin); others see the counts and where to ask."""
    if not can(ctx.actor.role, "transition.continuity.read"):
        return [
            Drill(
                title="Which ones",
                note="The functions and relationships are named on Continuity & handover, "
                "which the board, the CEO and administrators read.",
            )
        ]
    from gfj_core.services.continuity import (
        functions_only_departing,
        relationships_only_departing,
    )

    # Only what the drill-down names, not the whole register and ledger.
    only = functions_only_departing(ctx.session, actor=ctx.actor)
    held = relationships_only_departing(ctx.session, actor=ctx.actor)
    out = []
    if only:
        out.append(
            Drill(
                title="Functions only the departing leader can do",
                columns=["Function", "Area", "Written down"],
                table=[[fn.name, fn.area, fn.documentation.replace("_", " ")] for fn in only],
            )
        )
    if held:
        out.append(
            Drill(
                title="Key relationships held only by the departing leader",
                columns=["Relationship", "Kind", "Successor", "Handoff"],
                table=[
                    [
                        r.name,
                        r.kind,
                        who(ctx, r.successor_name),
                        str(r.handoff_status).replace("_", " "),
                    ]
                    for r in held
                ],
            )
        )
    return out


@component("knowledge_coverage")
def knowledge_coverage(ctx: ScorecardContext) -> ComponentScore | None:
    f = figures(ctx)
    if f is None:
        return None
    score = knowledge_coverage_score(f.functions_total, f.functions_only_departing)
    if score is None:
        return None
    return ComponentScore(
        score=score,
        formula=f"functions someone else can do ÷ critical functions = "
        f"({f.functions_total} − {f.functions_only_departing}) ÷ {f.functions_total}",
        inputs=[
            DrillRow(label="Critical functions", value=str(f.functions_total)),
            DrillRow(
                label="Known only to the departing leader", value=str(f.functions_only_departing)
            ),
        ],
        page_key="continuity",
    )
