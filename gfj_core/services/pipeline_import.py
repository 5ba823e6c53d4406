"""Importing the leadership pipeline (issue 15): emerging leaders, mentorships and development
goals from CSV or XLSX, with the contract of every import: check every row first and say what
importing would do (writes nothing), then write all rows or none; problems named by row and
column; a template per kind; each accepted import in the import log. The CEO and admin only
(`pipeline.manage`), as in the app."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import ValidationFailed
from gfj_core.imports import pipeline as pl
from gfj_core.imports.columns import described, names, template_row
from gfj_core.imports.common import (
    Progress,
    Table,
    read_table,
    template_csv,
    template_xlsx,
)
from gfj_core.schemas.finance import ImportCheck, ImportSummary
from gfj_core.services.import_runs import added_people, checked, imported, plural, record_import

PipelineKind = Literal["leaders", "mentorships", "goals"]
COLUMNS = {
    "leaders": pl.LEADER_COLUMNS,
    "mentorships": pl.MENTORSHIP_COLUMNS,
    "goals": pl.GOAL_COLUMNS,
}
WHAT = {"leaders": "Emerging leaders", "mentorships": "Mentorships", "goals": "Development goals"}
NOUN = {"leaders": "leader", "mentorships": "mentorship", "goals": "goal"}
INTRO = {
    "leaders": "One row per emerging leader. A name already in the pipeline is updated; a name "
    "not in the people directory is added to it. Graduated and left need the date and the "
    "reason.",
    "mentorships": "One row per leader and mentor. The mentor must hold an active mentor "
    "account (an administrator adds it on People & accounts). A pair already on file is "
    "updated; an end date ends it.",
    "goals": "One row per development goal (70-20-10: experience, relationship, training). A goal "
    "already on file for that leader, with the same title, is updated.",
}


class PipelineImportCheck(ImportCheck):
    kind: PipelineKind  # type: ignore[assignment]


class PipelineImportSummary(ImportSummary):
    kind: PipelineKind  # type: ignore[assignment]


def _kind(kind: str) -> str:
    if kind not in COLUMNS:
        raise ValidationFailed(f"Unknown import '{kind}'.")
    return kind


def pipeline_import_formats() -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """(intro, [(column, required, what)]) per kind: the Import data page's column tables."""
    return {k: (INTRO[k], described(COLUMNS[k])) for k in COLUMNS}


def pipeline_import_template(kind: PipelineKind, file_type: str = "csv") -> bytes:
    """A template with the exact header and a worked example row (CSV or XLSX)."""
    cols = COLUMNS[_kind(kind)]
    if file_type == "xlsx":
        return template_xlsx(names(cols), [template_row(cols)], title=WHAT[kind])
    return template_csv(names(cols), [template_row(cols)])


def _parse(session: Session, kind: str, table: Table):
    if kind == "leaders":
        return pl.parse_leaders(table)
    if kind == "mentorships":
        return pl.parse_mentorships(table, pl.known_leaders(session), pl.mentor_people(session))
    return pl.parse_goals(table, pl.known_leaders(session))


def _plan(session: Session, kind: str, rows) -> tuple[int, int, list[str]]:
    if kind == "leaders":
        return pl.leader_plan(session, rows)
    existing = pl.existing_pairs(session) if kind == "mentorships" else pl.existing_goals(session)
    if kind == "mentorships":
        updated = sum(1 for r in rows if (r.leader_id, r.mentor_person_id) in existing)
    else:
        updated = sum(1 for r in rows if (r.leader_id, r.title.casefold()) in existing)
    return len(rows) - updated, updated, []


def check_pipeline_import(
    session: Session,
    *,
    kind: PipelineKind,
    filename: str,
    content: bytes,
    progress: Progress | None = None,
    actor,
) -> PipelineImportCheck:
    """Read and validate a file and say what importing it would do. Writes nothing."""
    require(actor, "pipeline.manage")
    table = read_table(filename, content)
    numbered, problems = _parse(session, _kind(kind), table)
    rows = [r for _, r in numbered]
    new, updated, new_people = _plan(session, kind, rows)
    plan = f"{plural(new, NOUN[kind])} new, {updated:,} updated"
    if new_people:
        plan += f"; {plural(len(new_people), 'person')} to add: {', '.join(new_people[:10])}"
    return checked(
        table,
        problems,
        kind=kind,
        filename=filename,
        result=PipelineImportCheck,
        will_create=new,
        will_replace=updated,
        plan=plan,
        new_people=new_people,
    )


def run_pipeline_import(
    session: Session,
    *,
    kind: PipelineKind,
    filename: str,
    content: bytes,
    progress: Progress | None = None,
    actor,
) -> PipelineImportSummary:
    """Validate every row, then write all of them or none (ValidationFailed lists every
    problem before a single row is written). Every row written is audited."""
    require(actor, "pipeline.manage")
    table = read_table(filename, content)
    numbered, problems = _parse(session, _kind(kind), table)
    problems.raise_if_any(f"{WHAT[kind]} from {filename}")
    rows = [r for _, r in numbered]
    writer = {"leaders": pl.write_leaders, "mentorships": pl.write_mentorships}.get(
        kind, pl.write_goals
    )
    new_people = pl.leader_plan(session, rows)[2] if kind == "leaders" else []
    created, updated = writer(session, rows)
    message = imported(len(rows), NOUN[kind], created, updated) + added_people(new_people)
    return record_import(
        session,
        kind,
        filename,
        (len(rows), created, updated),
        message,
        actor=actor,
        result=PipelineImportSummary,
    )
