"""The three finance imports (monthly accounts, funders, gifts) on the shared skeleton of
`services/import_runs`: check every row and say what importing would do (writes nothing), then
write all rows or none and record the run in the import log. Monthly accounts with unusual
figures are written only once the importer confirms them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import UnusualFigures, ValidationFailed
from gfj_core.imports import financials as fin_import
from gfj_core.imports import funders as funder_import
from gfj_core.imports import gifts as gift_import
from gfj_core.imports.columns import Columns, described, names, template_rows
from gfj_core.imports.common import (
    Problems,
    Progress,
    Table,
    read_table,
    template_csv,
    template_xlsx,
)
from gfj_core.metrics.finance import (
    MONTH_FIELDS,
    add_months,
)
from gfj_core.models.finance import (
    FinanceImport,
)
from gfj_core.schemas.finance import (
    ImportCheck,
    ImportKind,
    ImportLogEntry,
    ImportSummary,
)
from gfj_core.services.finance_reads import month_figures, month_key
from gfj_core.services.import_runs import (
    added_people,
    checked,
    imported,
    plural,
    problem_list,
    record_import,
    scaled,
)
from gfj_core.services.org_settings import load_org_settings

# Each kind's columns, defined once in gfj_core.imports (names, required, what, parser,
# example): the parser, the Import data page's table, the templates and the README read them.
COLUMNS: dict[str, Columns] = {
    "financials": fin_import.ACCOUNT_COLUMNS,
    "funders": funder_import.FUNDER_COLUMNS,
    "gifts": gift_import.GIFT_COLUMNS,
}
INTRO = {
    "financials": "One row per month. Amounts in dollars (1234.5, 1,234.50, $1,234.50, or "
    "(1,234.50) for a negative). A month already on file is replaced; the summary says how many "
    "months were new and how many replaced. **Figures that look unusual** (a line far from its "
    "last 12 months, cash moving by more than half in a month) are shown, each with its reason, "
    "for you to confirm before anything is written.",
    "funders": "One row per funder. A funder already on file (same name, any capitalisation) is "
    "updated. Owners are people's full names as recorded here.",
    "gifts": "One row per gift or grant payment. Re-importing a reference updates that gift; a "
    "funder not yet on file is created.",
}
WHAT = {"financials": "Monthly accounts", "funders": "Funders", "gifts": "Gifts"}


def import_template(kind: ImportKind, file_type: str = "csv") -> bytes:
    """A template with the exact header and a worked example row (CSV or XLSX)."""
    if kind not in COLUMNS:
        raise ValidationFailed(f"Unknown import '{kind}'.")
    cols = COLUMNS[kind]
    if file_type == "xlsx":
        return template_xlsx(names(cols), template_rows(cols), title=WHAT[kind])
    return template_csv(names(cols), template_rows(cols))


def import_formats() -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """(intro, [(column, required, what)]) per kind: the Import data page's column tables."""
    return {k: (INTRO[k], described(COLUMNS[k])) for k in COLUMNS}


def _parse(session: Session, kind: str, table: Table, create_people: bool, progress):
    """(rows, extra, problems) for any kind; extra is the people to create for funders."""
    if kind == "financials":
        numbered, problems = fin_import.parse_numbered(table, progress=progress)
        return numbered, [], problems
    if kind == "funders":
        return funder_import.parse_funders(
            table,
            funder_import.known_people(session),
            create_people=create_people,
            progress=progress,
        )
    if kind == "gifts":
        rows, problems = gift_import.parse_gifts(table, progress=progress)
        return rows, [], problems
    raise ValidationFailed(f"Unknown import '{kind}'.")


def _accounts_before(session: Session, rows) -> dict[date, dict[str, int]]:
    """The months on file the plausibility rules compare a file's months with."""
    if not rows:
        return {}
    months = [r.month for r in rows]
    start = add_months(min(months), -fin_import.HISTORY_MONTHS)
    return {
        m.month: {name: getattr(m, name) for name in MONTH_FIELDS}
        for m in month_figures(session, start, max(months))
    }


def _unusual(session: Session, numbered) -> Problems:
    settings = load_org_settings(session)
    return fin_import.unusual_figures(
        numbered,
        _accounts_before(session, [r for _, r in numbered]),
        cash_move_share=settings.import_cash_move_share,
    )


def check_import(
    session: Session,
    *,
    kind: ImportKind,
    filename: str,
    content: bytes,
    create_people: bool = False,
    progress: Progress | None = None,
    actor,
) -> ImportCheck:
    """Read and validate a file and say what importing it would do. Writes nothing.
    A file that cannot be read at all (wrong type, too big) raises ValidationFailed."""
    require(actor, "finance.import")
    table = read_table(filename, content)
    rows, new_people, problems = _parse(session, kind, table, create_people, progress)
    new_funders: list[str] = []
    will_create = will_replace = 0
    plan = ""
    warnings = Problems()
    if kind == "financials":
        numbered, rows = rows, [r for _, r in rows]
        if not problems:
            warnings = _unusual(session, numbered)
        on_file = fin_import.months_on_file(session, [r.month for r in rows])
        new = [r.month for r in rows if r.month not in on_file]
        replaced = [r.month for r in rows if r.month in on_file]
        will_create, will_replace = len(new), len(replaced)
        plan = fin_import.plan_sentence(new, replaced)
    elif kind == "funders":
        existing = funder_import.existing_funders(session, [r.name for r in rows])
        will_replace = sum(1 for r in rows if r.name.lower() in existing)
        will_create = len(rows) - will_replace
        plan = f"{plural(will_create, 'funder')} new, {will_replace:,} updated"
        if new_people:
            plan += f"; {plural(len(new_people), 'person')} to add: {', '.join(new_people)}"
    else:
        refs = gift_import.existing_references(session, [r.reference for r in rows])
        will_replace = sum(1 for r in rows if r.reference in refs)
        will_create = len(rows) - will_replace
        new_funders = gift_import.new_funder_names(session, rows)
        plan = f"{plural(will_create, 'gift')} new, {will_replace:,} updated"
        if new_funders:
            plan += f"; {plural(len(new_funders), 'new funder')}: {', '.join(new_funders[:10])}"
            plan += " …" if len(new_funders) > 10 else ""
    return checked(
        table,
        problems,
        kind=kind,
        filename=filename,
        will_create=will_create,
        will_replace=will_replace,
        plan=plan,
        new_people=new_people,
        new_funders=new_funders,
        warnings=problem_list(warnings),
    )


def run_import(
    session: Session,
    *,
    kind: ImportKind,
    filename: str,
    content: bytes,
    create_people: bool = False,
    confirm_unusual: bool = False,
    progress: Progress | None = None,
    actor,
) -> ImportSummary:
    """Validate every row, then write all of them or none: any problem raises ValidationFailed
    (with every problem listed) before a single row is written. Monthly accounts with unusual
    figures raise UnusualFigures (listing them) unless `confirm_unusual`: the treasurer has
    looked at them and says they are right."""
    require(actor, "finance.import")
    table = read_table(filename, content)
    rows, new_people, problems = _parse(
        session, kind, table, create_people, scaled(progress, 0.0, 0.4)
    )
    problems.raise_if_any(f"{WHAT[kind]} from {filename}")
    writing = scaled(progress, 0.4, 1.0)
    unusual = Problems()
    if kind == "financials":
        numbered, rows = rows, [r for _, r in rows]
        unusual = _unusual(session, numbered)
        if unusual and not confirm_unusual:
            n = len(unusual)
            raise UnusualFigures(
                f"{WHAT[kind]} from {filename}: nothing was imported; {n} figure"
                f"{' looks' if n == 1 else 's look'} unusual. Check "
                f"{'it' if n == 1 else 'them'}; if right, confirm and import again "
                "(--confirm-unusual on the command line).",
                unusual.as_pairs(),
            )
        created, replaced = fin_import.write_financials(session, rows, progress=writing)
        first, last = min(r.month for r in rows), max(r.month for r in rows)
        span = month_key(first) if first == last else f"{month_key(first)} to {month_key(last)}"
        message = (
            f"Imported {plural(len(rows), 'month')} of accounts ({span}): "
            f"{created:,} new, {replaced:,} replaced."
        )
        if unusual:
            message += (
                f" {plural(len(unusual), 'unusual figure')} confirmed as right by the importer."
            )
    elif kind == "funders":
        created, replaced = funder_import.write_funders(session, rows, new_people, progress=writing)
        message = imported(len(rows), "funder", created, replaced) + added_people(new_people)
    else:
        created, replaced, new_funders = gift_import.write_gifts(session, rows, progress=writing)
        message = imported(len(rows), "gift", created, replaced)
        if new_funders:
            message += f" Created {plural(new_funders, 'new funder')}."
    return record_import(
        session, kind, filename, (len(rows), created, replaced), message, actor=actor
    )


def recent_imports(session: Session, *, limit: int = 8, actor) -> list[ImportLogEntry]:
    require(actor, "finance.import")
    rows = session.scalars(
        select(FinanceImport)
        .order_by(FinanceImport.at.desc(), FinanceImport.id.desc())
        .limit(limit)
    )
    return [
        ImportLogEntry(
            kind=r.kind,
            filename=r.filename,
            at=r.at.isoformat(timespec="minutes"),
            actor_name=r.actor_name,
            rows=r.rows,
            created=r.created,
            replaced=r.replaced,
            detail=r.detail,
        )
        for r in rows
    ]
