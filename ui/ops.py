"""Running the service: the backup light and the run log, drawn for the Backups page."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from gfj_core.formatting import fmt_datetime
from gfj_core.metrics.backups import AMBER_AFTER, RED_AFTER, age_words
from gfj_core.metrics.lights import Level
from gfj_core.schemas.auth import Actor
from gfj_core.services.backup_runs import backup_status, recent_backup_runs
from ui.data import read
from ui.widgets import data_table, light_badge


def nightly_backups(actor: Actor) -> None:
    """The last good backup with its light, what to do when it is not green, and the latest
    runs. A database that cannot be reached is said so here, not as a traceback."""
    st.subheader("Nightly backups")
    try:
        status = read(backup_status, actor)
        runs = read(recent_backup_runs, actor, limit=30)
    except OperationalError:
        st.warning(
            "The database cannot be reached, so the record of nightly backups cannot be read. "
            "Run `gfj doctor` on the server.",
            icon=":material/warning:",
        )
        return
    cols = st.columns([1, 2], gap="medium", vertical_alignment="center")
    with cols[0]:
        st.metric(
            "Last successful backup",
            "None yet" if status.last_ok_at is None else age_words(status.now - status.last_ok_at),
            help="Of the server's own backups (`gfj backup`, run every night by the timer). "
            "A download from this page is not counted: nobody can tell where it was kept.",
            border=True,
        )
    with cols[1]:
        light_badge(status.light, label="Backups")
        if status.last_ok_at is not None:
            st.caption(f"Taken {fmt_datetime(status.last_ok_at)}.")
        hours = (AMBER_AFTER.total_seconds() / 3600, RED_AFTER.total_seconds() / 3600)
        if status.light.level != Level.green:
            st.warning(
                f"No good backup for more than {hours[0]:.0f} hours "
                f"({hours[1]:.0f} hours turns it red). Whoever runs the server: "
                "`systemctl status gfj-backup.timer` and `journalctl -u gfj-backup` say why; "
                "`gfj doctor` checks the rest (deploy/README.md, *When the light is not green*).",
                icon=":material/warning:",
            )
        if status.last_run_failed:
            st.error(f"The latest backup run failed: {status.last_error}")
    if runs:
        with st.expander(f"Latest backup runs ({len(runs)})", icon=":material/history:"):
            data_table(
                pd.DataFrame(
                    [
                        {
                            "Finished (UTC)": r.finished_at,
                            "Result": "ok" if r.ok else "FAILED",
                            "File": r.file or "—",
                            "Size (MB)": None if r.size_bytes is None else r.size_bytes / 1e6,
                            "Older copies removed": r.pruned,
                            "Error": r.error or "",
                        }
                        for r in runs
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={"Size (MB)": st.column_config.NumberColumn(format="%.1f")},
            )
