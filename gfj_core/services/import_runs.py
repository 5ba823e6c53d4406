"""The skeleton every import service shares (issue 13): read the file, parse and validate every
row (gfj_core.imports), then either say what importing would do (`checked`, writes nothing) or
write all rows and record the run in the import log (`record_import`, in the caller's
transaction, so a refused import leaves no log row either).

The import services (monthly accounts, funders and gifts in `finance_imports`, the leadership
pipeline in `pipeline_import`, Form 990 returns in `financial_history`) differ only in how they
parse, plan and write; the check's shape, the preview, the problems' shape and the log row are
here once."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gfj_core.imports.common import Problems, Progress, Table, cell_text
from gfj_core.models import FinanceImport
from gfj_core.schemas.finance import ImportCheck, ImportProblem, ImportSummary

PREVIEW_ROWS = 20  # the first rows the Import data page shows as the user wrote them


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def scaled(progress: Progress | None, low: float, high: float) -> Progress | None:
    """A progress callback for one stage of an import (parsing, then writing)."""
    if progress is None:
        return None
    return lambda fraction, text: progress(low + (high - low) * fraction, text)


def problem_list(problems: Problems) -> list[ImportProblem]:
    return [ImportProblem(row=p.row, column=p.column, message=p.message) for p in problems]


def preview(table: Table) -> tuple[list[str], list[dict[str, str]]]:
    """The file's named columns and its first rows, each cell as written."""
    columns = [c for c in table.header if c]
    rows = [
        {"row": str(number), **{c: cell_text(record.get(c)) for c in columns}}
        for number, record in list(table.records())[:PREVIEW_ROWS]
    ]
    return columns, rows


def checked(
    table: Table,
    problems: Problems,
    *,
    kind: str,
    filename: str,
    result: type[ImportCheck] = ImportCheck,
    **plan,
) -> ImportCheck:
    """What importing `table` would do: its problems by row and column, its preview, and the
    kind's plan (will_create, will_replace, the plan sentence, people or funders to add...)."""
    columns, rows = preview(table)
    return result(
        kind=kind,
        filename=filename,
        rows=len(table),
        problems=problem_list(problems),
        columns=columns,
        preview=rows,
        **plan,
    )


def imported(rows: int, noun: str, created: int, replaced: int, verb: str = "updated") -> str:
    """The summary's first sentence: "Imported 3 funders: 1 new, 2 updated."."""
    return f"Imported {plural(rows, noun)}: {created:,} new, {replaced:,} {verb}."


def added_people(new_people: list[str]) -> str:
    """The summary's sentence about people added to the directory, if any were."""
    if not new_people:
        return ""
    return f" Added {plural(len(new_people), 'person')}: {', '.join(new_people)}."


def log_import(
    session: Session,
    *,
    kind: str,
    filename: str,
    rows: int,
    created: int,
    replaced: int,
    message: str,
    actor,
) -> None:
    """The import log's row for an accepted import, flushed with the rows it wrote."""
    session.add(
        FinanceImport(
            kind=kind,
            filename=filename[:200],
            actor_user_id=getattr(actor, "user_id", None),
            actor_name=getattr(actor, "display_name", None) or "system",
            rows=rows,
            created=created,
            replaced=replaced,
            detail=message,
        )
    )
    session.flush()


def record_import(
    session: Session,
    kind: str,
    filename: str,
    counts: tuple[int, int, int],
    message: str,
    *,
    actor,
    result: type[ImportSummary] = ImportSummary,
) -> ImportSummary:
    """Log an accepted import and say what it changed: `counts` is (rows, created, replaced)."""
    rows, created, replaced = counts
    summary = result(
        kind=kind, filename=filename, rows=rows, created=created, replaced=replaced, message=message
    )
    log_import(session, actor=actor, **summary.model_dump(include=set(ImportSummary.model_fields)))
    return summary
