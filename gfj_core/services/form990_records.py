"""Removing a Form 990 return imported by mistake (issue 15), for those who import returns (the
treasurer and an administrator: "history.import").

A return is imported data: re-importing its year (or the amended return) corrects it, and a
year imported by mistake (another organization's return, the wrong year) is deleted with the
officers it lists, after a confirmation naming them. Nothing else points at a return, so there is
nothing to archive; importing the file again brings it back. Audited by the session's hooks."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.areas import reads
from gfj_core.models import Form990Officer, Form990Return
from gfj_core.schemas.financial_history import ReturnOnFile
from gfj_core.services.corrections import delete_row


def _name(tax_year: int, form: str, amended: bool) -> str:
    return f"the {tax_year} Form {form}" + (" (amended)" if amended else "")


@reads("form990_return", "form990_officer")
def returns_on_file(session: Session, *, actor) -> list[ReturnOnFile]:
    """Every return on file, newest year first, with the number of people it lists."""
    require(actor, "history.import")
    officers = (
        select(func.count())
        .where(Form990Officer.return_id == Form990Return.id)
        .correlate(Form990Return)
        .scalar_subquery()
    )
    r = Form990Return
    rows = session.execute(
        select(
            r.id, r.tax_year, r.form, r.amended, r.name, r.filename, officers.label("people")
        ).order_by(r.tax_year.desc())
    )
    return [
        ReturnOnFile(
            id=row.id,
            tax_year=row.tax_year,
            form=row.form,
            amended=row.amended,
            name=row.name,
            filename=row.filename,
            officers=row.people,
            label=_name(row.tax_year, row.form, row.amended),
        )
        for row in rows
    ]


def remove_form990_return(
    session: Session, *, record_id: int, expected_version: int | None = None, actor
) -> str:
    """Delete a return imported by mistake, with the officers it lists. Returns are not
    versioned (a re-import replaces the year in place), so there is no stale check."""
    require(actor, "history.import")
    row = delete_row(
        session, Form990Return, record_id=record_id, expected_version=None, what="return"
    )
    return _name(row.tax_year, row.form, row.amended)
