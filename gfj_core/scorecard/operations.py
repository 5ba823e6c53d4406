"""Backups tile (issue 21): how long since the last good nightly backup, amber after 36 hours,
red after 72. The board is trusting that tonight's figures are still there next year; this is
the one tile that says whether anyone is making sure.

The light is about the server now, not about the scorecard's date: a scorecard for an earlier
day (a packet as of last month, a meeting recorded later) has no backup tile rather than
today's light passed off as then. Nor has the privacy-mode scorecard, which is the one for the
meeting itself (presenter mode, the packet, the figures kept at each meeting): those are about
the transition, and a backup's age recorded at a meeting is no trend."""

from __future__ import annotations

from datetime import date, timedelta

from gfj_core.formatting import fmt_datetime
from gfj_core.metrics.backups import AMBER_AFTER, RED_AFTER, age_words
from gfj_core.schemas.board import Drill, DrillRow, Tile
from gfj_core.scorecard import ScorecardContext, tile

REQUIRES = "gfj_core.services.backup_runs:backup_status"


@tile
def last_backup(ctx: ScorecardContext) -> Tile | None:
    from gfj_core.services.backup_runs import backup_status

    if ctx.privacy or ctx.as_of < date.today() - timedelta(days=1):
        return None
    status = ctx.once("backups", lambda: backup_status(ctx.session, actor=ctx.actor))
    if status.last_ok_at is None:
        value_text = "None yet"
        # Read by the board and staff, not the operator: who to ask, not which file to read.
        caption = "No backup has been recorded. Ask your administrator to turn on the "
        caption += "nightly backups (the Backups page says how)."
    else:
        value_text = age_words(status.now - status.last_ok_at)
        caption = f"Last good copy {fmt_datetime(status.last_ok_at)}"
    if status.last_run_failed:
        caption += " · the latest run FAILED"
    return Tile(
        key="last_backup",
        area="operations",
        label="Last good backup",
        value_text=value_text,
        # No number: an age in hours at past meetings is no trend worth drawing.
        value=None,
        light=status.light,
        caption=caption,
        help=f"The server copies the whole database every night. Watch after "
        f"{AMBER_AFTER.total_seconds() / 3600:.0f} hours without a good copy, act after "
        f"{RED_AFTER.total_seconds() / 3600:.0f}.",
        page_key="backup",
        drill=[
            Drill(
                title="Backups",
                rows=[
                    DrillRow(
                        label="Last good backup (UTC)",
                        value="none"
                        if status.last_ok_at is None
                        else fmt_datetime(status.last_ok_at, utc=False),
                    ),
                    DrillRow(
                        label="Latest run", value="failed" if status.last_run_failed else "ok"
                    ),
                ],
            )
        ],
        order=90,
    )
