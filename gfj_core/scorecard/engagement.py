"""Community-engagement tile (issue 7): participants in programmes and events over the last
twelve months against the twelve before. Skipped when the engagement service is not built."""

from __future__ import annotations

from gfj_core.metrics.lights import light_for
from gfj_core.schemas.board import Drill, DrillRow, Tile
from gfj_core.schemas.settings import Band
from gfj_core.scorecard import ScorecardContext, band_words, tile

REQUIRES = "gfj_core.services.community:engagement_summary,twelve_months_to"

# Participation against the previous period: a fall of a fifth is Act, any fall is Watch.
CHANGE_BAND = Band(red=-0.2, amber=0.0, higher_is_better=True)


def figures(ctx: ScorecardContext):
    from gfj_core.services.community import engagement_summary, twelve_months_to

    start, end = twelve_months_to(ctx.as_of)
    return ctx.once(
        "engagement",
        lambda: engagement_summary(ctx.session, start=start, end=end, actor=ctx.actor),
    )


@tile
def community_engagement(ctx: ScorecardContext) -> Tile | None:
    f = figures(ctx)
    if f is None or f.totals.events == 0:
        return None
    now, before = f.totals, f.previous
    change = (
        (now.participants - before.participants) / before.participants
        if before.participants
        else None
    )
    return Tile(
        key="community_engagement",
        area="engagement",
        label="Community participants (12 months)",
        value_text=f"{now.participants:,}",
        value=float(now.participants),
        light=light_for(change, CHANGE_BAND),
        caption=f"{now.events} events · "
        + ("no earlier period" if change is None else f"{change:+.0%} on the 12 months before")
        + ("" if now.returning_share is None else f" · {now.returning_share:.0%} returning"),
        help="People taking part in programs and events; the light compares with the same "
        "length of time just before.",
        trend=[float(p.participants) for p in f.trend][-6:],
        trend_label="participants per month",
        page_key="engagement",
        drill=[
            Drill(
                title="Participation",
                rows=[
                    DrillRow(label="Events", value=str(now.events)),
                    DrillRow(label="Participants", value=f"{now.participants:,}"),
                    DrillRow(label="Previous 12 months", value=f"{before.participants:,}"),
                    DrillRow(
                        label="Feedback average",
                        value="—"
                        if now.feedback_average is None
                        else f"{now.feedback_average:.1f}",
                    ),
                ],
                note="The light compares participants with the 12 months before. "
                + band_words(CHANGE_BAND, lambda v: f"{v:+.0%}" if v else "no change"),
            )
        ],
        order=80,
    )
