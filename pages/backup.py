"""Backups: download a fresh, verified copy of the whole database; how to restore one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gfj_core.errors import GfjError
from gfj_core.schemas.auth import Actor
from gfj_core.services.backup import (
    NotSqlite,
    backup_file_name,
    backup_for_download,
    database_summary,
    sqlite_path,
)
from ui.data import data_version
from ui.guard import require_page
from ui.ops import nightly_backups
from ui.state import database_url, engine
from ui.widgets import data_table

actor = require_page("backup")

st.title("Backups")
st.caption(
    "A backup is a complete copy of the database: every record, the audit trail and the sign-in "
    "accounts (passwords only as one-way hashes). It can be taken while people keep working. "
    "Keep backups somewhere only administrators can open: they hold confidential notes."
)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _summary(db_url: str, version: int, actor: Actor):
    """Counting every table and SQLite's quick_check read the whole file: once per data version
    (every audited write bumps it), not on every rerun."""
    return database_summary(engine(), actor=actor)


nightly_backups(actor)

eng = engine()
try:
    sqlite_path(eng)  # PostgreSQL first: no connection to count what pg_dump backs up
    summary = _summary(database_url(), data_version(), actor)
except NotSqlite:
    st.info(
        "This deployment stores its data in PostgreSQL. The nightly timer's `gfj backup` runs "
        "PostgreSQL's own pg_dump into a dated file; by hand, on the server:",
        icon=":material/info:",
    )
    st.code(
        'pg_dump --format=custom --file=gfj-$(date +%F).dump "$GFJ_DATABASE_URL_PG"\n'
        "# restore into an empty database:\n"
        'pg_restore --clean --if-exists --no-owner --dbname="$GFJ_DATABASE_URL_PG" gfj-DATE.dump',
        language="bash",
    )
    st.caption(
        "GFJ_DATABASE_URL_PG is the database URL without the `+psycopg` driver part, "
        "e.g. postgresql://gfj@db.example.org/gfj."
    )
    st.stop()

tables = len(summary.row_counts)
cols = st.columns(4, gap="medium")
cols[0].metric("Database size", f"{summary.size_bytes / 1_000_000:.1f} MB", border=True)
cols[1].metric("Records", f"{summary.total_rows:,}", border=True, help=f"In {tables} tables.")
cols[2].metric("Audit trail entries", f"{summary.row_counts.get('audit_log', 0):,}", border=True)
cols[3].metric(
    "Quick integrity check",
    "Passed" if summary.integrity == "ok" else "FAILED",
    border=True,
    help="SQLite's quick_check of the live database. Each backup gets the full integrity check.",
)
if summary.integrity != "ok":
    st.error(
        "SQLite reports damage in the live database. Restore the latest good backup "
        "(see below) and tell whoever runs the server."
    )

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Download a fresh backup")
    st.markdown(
        "The copy is taken the moment you click, checked with SQLite's full integrity check "
        "and row counts, and recorded in the audit trail under your name."
    )

    def _fresh_backup() -> bytes:
        data, _report = backup_for_download(eng, actor=actor)
        return data

    try:
        st.download_button(
            "Download backup",
            data=_fresh_backup,
            file_name=backup_file_name(),
            mime="application/vnd.sqlite3",
            type="primary",
            icon=":material/download:",
            on_click="ignore",
            key="backup_download",
        )
    except GfjError as exc:
        st.error(str(exc))
    st.caption(f"Database file on the server: `{summary.path}`")

with right:
    st.subheader("Restoring a backup")
    st.markdown(
        "Restoring replaces **every** record with the backup's. It is done on the server by "
        "whoever runs it, after asking people to stop editing:"
    )
    st.code("gfj restore gfj-backup-YYYY-MM-DD-HHMM-UTC.db", language="bash")
    st.markdown(
        "The command checks the file first, asks for confirmation, keeps the current database "
        "next to it (`….before-restore-…`), brings an older backup up to the current version, "
        "and records the restore in the audit trail. From the command line, "
        "`gfj backup PATH` takes the same verified backup as this page; the nightly timer "
        "runs `gfj backup --prune` (the last 14 daily and 12 monthly copies are kept)."
    )

with st.expander(f"Records per table ({tables} tables)", icon=":material/table_rows:"):
    counts = pd.DataFrame(
        sorted(summary.row_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        columns=["Table", "Records"],
    )
    data_table(counts, hide_index=True, width="content", height=min(38 * (tables + 1), 600))
