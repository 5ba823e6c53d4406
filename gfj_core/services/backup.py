"""Backups and restores of the SQLite database, safe while the app keeps writing.

A backup is SQLite's online backup API run inside one read transaction: in WAL mode writers
carry on, and the copy is exactly the snapshot that transaction sees, so the row counts taken in
the same transaction must match the copy's. The copy is then checked with
`PRAGMA integrity_check`, switched out of WAL so it is a single self-contained file, and only
then moved to its final name. Never copy a live database file: its WAL may hold committed rows
the main file does not, and a copy taken mid-write can be torn.

A restore checks the backup first (SQLite file, integrity ok, a schema revision this version
knows), keeps a copy of the current database next to it, copies the backup in through the same
API (so other connections see either the old or the new database, never half of each), upgrades
the schema if the backup is older, and records the restore in the audit trail.

PostgreSQL is backed up with its own tools (pg_dump / pg_restore); these functions say so, and
gfj_core.services.backup_runs runs pg_dump for the nightly backup.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.models import AuditLog
from gfj_core.models.base import utcnow
from gfj_core.services.audit_trail import DATABASE_ENTITY

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000
PG_DUMP_HINT = (
    "This database is PostgreSQL: back it up with `pg_dump --format=custom --file=gfj.dump "
    "DATABASE_URL` and restore with `pg_restore --clean --if-exists --dbname=DATABASE_URL "
    "gfj.dump` (see README, Data safety)."
)


class NotSqlite(GfjError):
    """Backups and restores here are for SQLite; PostgreSQL uses pg_dump."""


class BackupReport(BaseModel):
    path: str
    taken_at: datetime  # UTC
    size_bytes: int
    integrity: str  # "ok", or SQLite's first complaint
    row_counts: dict[str, int]  # table -> rows, in the copy
    revisions: list[str]  # schema revision(s) of the copy

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())


class RestoreReport(BaseModel):
    restored_from: str
    previous_copy: str  # where the database as it was before the restore was kept
    row_counts: dict[str, int]
    revisions_before_upgrade: list[str]


def sqlite_path(engine_or_url: Engine | str) -> Path:
    """The database file behind a SQLite engine or URL; NotSqlite for anything else."""
    url = make_url(engine_or_url.url if isinstance(engine_or_url, Engine) else engine_or_url)
    if url.get_backend_name() != "sqlite":
        raise NotSqlite(PG_DUMP_HINT)
    if not url.database or url.database == ":memory:":
        raise NotSqlite("An in-memory database cannot be backed up.")
    return Path(url.database)


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    # isolation_level=None: transactions are begun explicitly below. A read-only open is a
    # `file:` URI built by Path.as_uri(), which percent-encodes "#", "?" and spaces: pasted
    # into the URI as is, "good#2.db" opened (and created) "good".
    target = Path(path).resolve().as_uri() + "?mode=ro" if readonly else str(path)
    conn = sqlite3.connect(target, uri=readonly, isolation_level=None, timeout=15)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table, whatever area created it (SQLite's own tables excluded)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {n: conn.execute(f"SELECT count(*) FROM {_quote(n)}").fetchone()[0] for n in names}


def integrity(conn: sqlite3.Connection) -> str:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    return "ok" if rows == ["ok"] else "; ".join(rows[:5])


def _revisions(conn: sqlite3.Connection) -> list[str]:
    try:
        return sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.DatabaseError:
        return []


def take_backup(
    engine: Engine,
    dest: str | Path,
    *,
    actor,
    overwrite: bool = False,
    now: datetime | None = None,
) -> BackupReport:
    """Copy the live database to `dest` while writes continue; verify the copy.

    Raises ValidationFailed when `dest` is unusable and GfjError when the copy fails its checks
    (the unfinished file is removed). Writes nothing to the live database: the caller records
    the backup with `note_backup` in its own transaction."""
    require(actor, "backup.manage")
    source = sqlite_path(engine)
    dest = Path(dest).expanduser().resolve()
    if dest == source.resolve():
        raise ValidationFailed("path: that is the live database itself.", [("path", "is live")])
    if dest.exists() and not overwrite:
        raise ValidationFailed(
            f"path: {dest} already exists; choose a new file name.", [("path", "exists")]
        )
    if not dest.parent.is_dir():
        raise ValidationFailed(
            f"path: the folder {dest.parent} does not exist.", [("path", "no such folder")]
        )
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        with closing(_connect(source)) as src, closing(sqlite3.connect(partial)) as out:
            # One read transaction: the counts and the copy see the same snapshot.
            src.execute("BEGIN")
            expected = row_counts(src)
            src.backup(out)  # all pages in one step: no restart however busy the writers are
            src.execute("COMMIT")
            out.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        with closing(_connect(partial, readonly=True)) as copy:
            checked = integrity(copy)
            counts = row_counts(copy)
            revisions = _revisions(copy)
        if checked != "ok":
            raise GfjError(f"The backup failed SQLite's integrity check: {checked}")
        if counts != expected:
            raise GfjError("The backup's row counts differ from the database's; not kept.")
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        raise GfjError(f"The backup could not be written to {dest}: {exc}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(
        path=str(dest),
        taken_at=now or utcnow(),
        size_bytes=dest.stat().st_size,
        integrity=checked,
        row_counts=counts,
        revisions=revisions,
    )


def note_backup(session: Session, *, report: BackupReport, actor) -> None:
    """Record in the audit trail that someone took a whole copy of the data, and where."""
    require(actor, "backup.manage")
    session.execute(
        insert(AuditLog).values(
            at=report.taken_at,
            actor_user_id=getattr(actor, "user_id", None),
            actor_name=getattr(actor, "username", None) or "system",
            action="backup",
            entity=DATABASE_ENTITY,
            entity_id="-",
            field="file",
            new_value=f"{Path(report.path).name} ({report.total_rows} rows)",
        )
    )


def inspect_backup(path: str | Path) -> BackupReport:
    """Check a file is a sound backup of this application's database, without changing it."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise ValidationFailed(f"path: {path} does not exist.", [("path", "missing")])
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise ValidationFailed(
                f"path: {path} is not a SQLite database.", [("path", "not SQLite")]
            )
    with closing(_connect(path, readonly=True)) as conn:
        try:
            checked = integrity(conn)
            counts = row_counts(conn)
        except sqlite3.DatabaseError as exc:
            raise ValidationFailed(f"path: {path} cannot be read ({exc}).") from None
        revisions = _revisions(conn)
    if checked != "ok":
        raise ValidationFailed(f"path: {path} is damaged: {checked}", [("path", checked)])
    known = _known_revisions()
    if not revisions or not set(revisions) <= known:
        raise ValidationFailed(
            f"path: {path} is not a backup of this application "
            f"(schema revision {', '.join(revisions) or 'none'} is unknown to this version).",
            [("path", "unknown schema")],
        )
    if len(revisions) == 1:
        with closing(_connect(path, readonly=True)) as conn:
            differences = schema_differences(conn, revisions[0])
        if differences:
            shown = "; ".join(differences[:10])
            more = f" and {len(differences) - 10} more" if len(differences) > 10 else ""
            raise ValidationFailed(
                f"path: {path} does not have this application's schema for revision "
                f"{revisions[0]} ({shown}{more}); it is not restored.",
                [("path", d) for d in differences],
            )
    return BackupReport(
        path=str(path.resolve()),
        taken_at=datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0),
        size_bytes=path.stat().st_size,
        integrity=checked,
        row_counts=counts,
        revisions=revisions,
    )


# --- The schema a backup must have ------------------------------------------------------------
# A backup is a whole database: its tables, indexes, triggers and views come with it. A trigger
# added to it (one copying private notes into shared notes) or dropped from it (the audit
# trail's append-only triggers) would survive the restore, so the backup's schema is compared
# with what the migrations build for its revision, item by item, and any difference refuses it.

AUDIT_TRIGGERS_SQLITE = tuple(
    f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
)


def _normalised(sql: str | None) -> str:
    return " ".join((sql or "").replace("IF NOT EXISTS ", "").split()).lower()


def schema_items(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(type, name) -> normalised SQL for every table, index, trigger and view (SQLite's own
    and the autoindexes of constraints excluded)."""
    return {
        (kind, name): _normalised(sql)
        for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('table', 'index', 'trigger', 'view') AND name NOT LIKE 'sqlite_%'"
        )
    }


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> tuple[tuple[tuple[str, str], str], ...]:
    """The schema the migrations build for `revision`, on an empty scratch database."""
    from gfj_core.db import upgrade_database

    with tempfile.TemporaryDirectory(prefix="gfj-schema-") as folder:
        path = Path(folder) / "expected.db"
        upgrade_database(f"sqlite:///{path}", revision)
        from gfj_core.db import get_engine

        get_engine.cache_clear()
        with closing(sqlite3.connect(path)) as conn:
            return tuple(sorted(schema_items(conn).items()))


def schema_differences(conn: sqlite3.Connection, revision: str) -> list[str]:
    """What the backup has that the revision's schema has not, what it lacks, what differs."""
    want = dict(expected_schema(revision))
    have = schema_items(conn)
    problems = [f"unexpected {k} {n}" for (k, n) in sorted(have.keys() - want.keys())]
    problems += [f"missing {k} {n}" for (k, n) in sorted(want.keys() - have.keys())]
    # Tables and indexes may be rebuilt by batch migrations with equivalent SQL; triggers and
    # views run code, so theirs must be exactly what the migrations wrote.
    problems += [
        f"altered {k} {n}"
        for (k, n) in sorted(have.keys() & want.keys())
        if k in ("trigger", "view") and have[(k, n)] != want[(k, n)]
    ]
    return problems


def protect_audit_log(conn: sqlite3.Connection) -> None:
    """(Re)create the audit trail's append-only triggers: after any restore, whatever came in."""
    for sql in AUDIT_TRIGGERS_SQLITE:
        conn.execute(sql)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from gfj_core.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.walk_revisions()}


def restore_backup(engine: Engine, backup: str | Path, *, actor) -> RestoreReport:
    """Replace the live database with a backup, keeping a copy of what it replaced.

    An operation on the whole database, not a unit of work inside it, so it commits itself:
    the copy goes in through SQLite's backup API (one write lock, all or nothing), then the
    schema is upgraded and the restore recorded in the restored audit trail."""
    require(actor, "backup.manage")
    from gfj_core.db import upgrade_database

    report = inspect_backup(backup)
    live = sqlite_path(engine)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    keep = live.with_name(f"{live.name}.before-restore-{stamp}")
    if live.exists():
        take_backup(engine, keep, actor=actor, overwrite=True)
    with closing(_connect(live)) as conn:
        try:
            before = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        except sqlite3.OperationalError:  # a new, empty database file
            before = 0
    engine.dispose()
    with closing(_connect(Path(report.path), readonly=True)) as src, closing(_connect(live)) as dst:
        src.backup(dst)
    upgrade_database(engine.url.render_as_string(hide_password=False))
    with closing(_connect(live)) as conn:
        protect_audit_log(conn)
    with engine.begin() as conn:
        # The new audit row's id is above any the replaced database reached, so the pages'
        # cache key (the newest audit row id) changes and no page shows pre-restore figures.
        newest = conn.execute(select(func.coalesce(func.max(AuditLog.id), 0))).scalar_one()
        conn.execute(
            insert(AuditLog).values(
                id=max(before, newest) + 1,
                at=utcnow(),
                actor_user_id=getattr(actor, "user_id", None),
                actor_name=getattr(actor, "username", None) or "system",
                action="restore",
                entity=DATABASE_ENTITY,
                entity_id="-",
                field="file",
                old_value=keep.name,
                new_value=Path(report.path).name,
            )
        )
    with closing(_connect(live, readonly=True)) as conn:
        counts = row_counts(conn)
    return RestoreReport(
        restored_from=report.path,
        previous_copy=str(keep),
        row_counts=counts,
        revisions_before_upgrade=report.revisions,
    )


def database_summary(engine: Engine, *, actor) -> BackupReport:
    """What a backup of the live database would hold now: size, counts, integrity, revision."""
    require(actor, "backup.manage")
    path = sqlite_path(engine)
    with closing(_connect(path, readonly=True)) as conn:
        conn.execute("BEGIN")
        counts = row_counts(conn)
        revisions = _revisions(conn)
        conn.execute("COMMIT")
        # quick_check: the full integrity_check reads every index and is run on each backup.
        checked = (
            "ok" if [r[0] for r in conn.execute("PRAGMA quick_check")] == ["ok"] else "damaged"
        )
    size = path.stat().st_size + sum(p.stat().st_size for p in (Path(f"{path}-wal"),) if p.exists())
    return BackupReport(
        path=str(path),
        taken_at=utcnow(),
        size_bytes=size,
        integrity=checked,
        row_counts=counts,
        revisions=revisions,
    )


def backup_file_name(now: datetime | None = None) -> str:
    """The download's name: when it was taken, in UTC, so copies sort by age (the same name the
    nightly copies get, gfj_core.metrics.backups)."""
    from gfj_core.metrics.backups import backup_file_name as dated_name

    return dated_name(now or utcnow())


def backup_for_download(engine: Engine, *, actor) -> tuple[bytes, BackupReport]:
    """A fresh, verified backup as bytes (for the admin page's download button), recorded in the
    audit trail. Like restore, an operation on the whole database: it commits its own small
    transaction for the audit row, because the caller is a download callback with no page run
    around it."""
    import tempfile

    from gfj_core.db import session_scope

    with tempfile.TemporaryDirectory(prefix="gfj-backup-") as folder:
        report = take_backup(engine, Path(folder) / "gfj-backup.db", actor=actor)
        data = Path(report.path).read_bytes()
    with session_scope(engine, write=True, actor=actor) as session:
        note_backup(session, report=report, actor=actor)
    return data, report
