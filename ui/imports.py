"""The Import data page's kinds beyond the finance files (issue 15: the leadership pipeline) and
the drawing of a checked file's preview. Each kind names its check, its import and its template
service, so the page calls one set of three whatever the kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from gfj_core.access import can
from gfj_core.services.finance_imports import (
    check_import,
    import_formats,
    import_template,
    run_import,
)
from gfj_core.services.pipeline_import import (
    WHAT as PIPELINE_WHAT,
)
from gfj_core.services.pipeline_import import (
    check_pipeline_import,
    pipeline_import_formats,
    pipeline_import_template,
    run_pipeline_import,
)
from ui.finance import IMPORT_KINDS
from ui.widgets import data_table

PIPELINE_KINDS = dict(PIPELINE_WHAT)
BAD_CELL = "background-color: #FBE3D6; color: #8A2A00; font-weight: 700"
UNUSUAL_CELL = "background-color: #FCEBCB; color: #6B4500; font-weight: 700"


@dataclass(frozen=True)
class ImportServices:
    check: Callable
    run: Callable
    template: Callable[[str, str], bytes]
    # The page these rows are read on, once imported.
    see_on: tuple[str, str]
    # Whether the finance-only options (create people, confirm unusual figures) apply.
    finance: bool


FINANCE = ImportServices(check_import, run_import, import_template, ("finances", "Finances"), True)
PIPELINE = ImportServices(
    check_pipeline_import,
    run_pipeline_import,
    pipeline_import_template,
    ("pipeline", "Manage the pipeline"),
    False,
)


def file_kinds(actor) -> dict[str, str]:
    """The spreadsheet kinds this actor may import (Form 990 returns are the page's own)."""
    pipeline = PIPELINE_KINDS if can(actor.role, "pipeline.manage") else {}
    finance = IMPORT_KINDS if can(actor.role, "finance.import") else {}
    return {**finance, **pipeline}


def services_for(kind: str) -> ImportServices:
    return PIPELINE if kind in PIPELINE_KINDS else FINANCE


def format_of(kind: str) -> tuple[str, list[tuple[str, str, str]]]:
    """(intro, [(column, required, what)]) for the kind's column table."""
    return {**import_formats(), **pipeline_import_formats()}[kind]


def options(kind: str, create_people: bool, confirm_unusual: bool | None = None) -> dict:
    """The finance-only keyword arguments, for the kinds that take them (the check takes no
    confirm_unusual: leave it None)."""
    if not services_for(kind).finance:
        return {}
    extra = {} if confirm_unusual is None else {"confirm_unusual": confirm_unusual}
    return {"create_people": create_people, **extra}


def _row_number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def preview_table(check) -> None:
    """The first rows as read, the cells with a problem marked red and unusual ones amber; the
    marked columns first, so they are in view without scrolling (on a phone too)."""
    preview = pd.DataFrame(check.preview)
    bad = {(p.row, p.column) for p in check.problems if p.row is not None}
    odd = {(p.row, p.column) for p in check.warnings if p.row is not None}
    marked = [c for c in preview.columns if any(col == c for _, col in bad | odd)]
    lead = [c for c in ("row", "month") if c in preview.columns]
    preview = preview[
        [*lead, *[c for c in marked if c not in lead]]
        + [c for c in preview.columns if c not in lead and c not in marked]
    ]
    if (bad or odd) and "row" in preview.columns:
        rows = list(preview["row"])

        def _mark(column: pd.Series) -> list[str]:
            def css(r) -> str:
                at = (_row_number(r), column.name)
                return BAD_CELL if at in bad else UNUSUAL_CELL if at in odd else ""

            return [css(r) for r in rows]

        preview = preview.style.apply(_mark, axis=0)
    data_table(preview, hide_index=True, width="stretch", key="imp_preview")
