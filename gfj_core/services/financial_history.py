"""Financial history from the organization's own Form 990s: import the returns (all files or
none), read the years back with the board's measures and lights, set each year beside the
monthly accounts for the same period, turn the latest return's officers and directors into
people, and give the board and treasurer the departing leader's reported pay.

Nothing here commits: the caller's transaction makes an import all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gfj_core.access import require
from gfj_core.errors import ValidationFailed
from gfj_core.imports import form990 as f990
from gfj_core.metrics.finance import add_months
from gfj_core.metrics.lights import light_for
from gfj_core.models import Person
from gfj_core.models.finance import Form990Officer, Form990Return, MonthlyAccount
from gfj_core.schemas.financial_history import (
    FinancialHistory,
    Form990Check,
    Form990FileCheck,
    Form990In,
    Form990Summary,
    HistoryYear,
    LeaderCompensation,
    MonthlyComparison,
    OfficerIn,
    PeoplePlan,
)
from gfj_core.services.import_runs import log_import, plural
from gfj_core.services.org_settings import load_org_settings
from gfj_core.viewers import same_for_role

# The same bands as the monthly measures of the same name.
LIGHT_KEYS = {
    "program_expense_ratio": "program_expense_ratio",
    "months_of_cash_eoy": "months_of_cash",
}
HISTORY_YEARS_SHOWN = 5


def _dollars(cents: int | None) -> int | None:
    """Whole dollars (returns report whole dollars; monthly sums are rounded half away)."""
    if cents is None:
        return None
    whole = (abs(cents) + 50) // 100
    return whole if cents >= 0 else -whole


def _ratio(a: int | None, b: int | None) -> float | None:
    if a is None or not b:
        return None
    return a / b


def period_months(begin: date | None, end: date) -> list[date]:
    """The first day of each month of a return's period (twelve months ending at `end` when the
    return gives no begin date)."""
    last = end.replace(day=1)
    first = begin.replace(day=1) if begin else add_months(last, -11)
    months = []
    m = first
    while m <= last and len(months) < 24:
        months.append(m)
        m = add_months(m, 1)
    return months


def _monthly_totals(session: Session, returns: Sequence[Form990Return]) -> dict[date, tuple]:
    """{month: (revenue, expenses)} in cents for every month any return's period covers: one
    query whatever the number of years."""
    if not returns:
        return {}
    spans = [period_months(r.period_begin, r.period_end) for r in returns]
    first, last = min(m[0] for m in spans), max(m[-1] for m in spans)
    a = MonthlyAccount
    rows = session.execute(
        select(
            a.month,
            a.contributions_unrestricted + a.contributions_restricted + a.program_revenue
            + a.other_revenue,
            a.expense_program + a.expense_management + a.expense_fundraising,
        ).where(a.month >= first, a.month <= last)
    )  # fmt: skip
    return {month: (int(rev), int(exp)) for month, rev, exp in rows}


def _comparison(r: Form990Return, totals: dict[date, tuple]) -> MonthlyComparison | None:
    months = period_months(r.period_begin, r.period_end)
    present = [totals[m] for m in months if m in totals]
    if not present:
        return None
    complete = len(present) == len(months)
    rev = _dollars(sum(p[0] for p in present)) if complete else None
    exp = _dollars(sum(p[1] for p in present)) if complete else None
    return MonthlyComparison(
        months_in_period=len(months),
        months_on_file=len(present),
        complete=complete,
        revenue_from_months=rev,
        expenses_from_months=exp,
        revenue_difference=None if rev is None else _dollars(r.total_revenue) - rev,
        expenses_difference=None if exp is None else _dollars(r.total_expenses) - exp,
    )


def _year(r: Form990Return, bands, totals: dict[date, tuple]) -> HistoryYear:
    money = {
        key: _dollars(getattr(r, key))
        for key in (
            "total_revenue",
            "contributions",
            "program_service_revenue",
            "total_expenses",
            "program_expenses",
            "management_expenses",
            "fundraising_expenses",
            "total_assets_eoy",
            "total_liabilities_eoy",
            "net_assets_eoy",
            "cash_and_savings_eoy",
        )
    }
    ratio = _ratio(r.program_expenses, r.total_expenses)
    cash_ratio = _ratio(r.cash_and_savings_eoy, r.total_expenses)
    year = HistoryYear(
        tax_year=r.tax_year,
        period_begin=r.period_begin,
        period_end=r.period_end,
        form=r.form,
        ein=f990.format_ein(r.ein),
        name=r.name,
        amended=r.amended,
        fictional=r.fictional,
        filename=r.filename,
        program_expense_ratio=ratio,
        surplus=money["total_revenue"] - money["total_expenses"],
        months_of_cash_eoy=None if cash_ratio is None else cash_ratio * 12,
        monthly=_comparison(r, totals),
        **money,
    )
    year.lights = {
        key: light_for(getattr(year, key), bands[band])
        for key, band in LIGHT_KEYS.items()
        if band in bands
    }
    return year


@same_for_role
def financial_history(session: Session, *, actor) -> FinancialHistory:
    """Every fiscal year with a return on file, oldest first: `gfj history` and Finances."""
    require(actor, "history.read")
    bands = load_org_settings(session).thresholds
    returns = session.scalars(select(Form990Return).order_by(Form990Return.tax_year)).all()
    totals = _monthly_totals(session, returns)
    years = [_year(r, bands, totals) for r in returns]
    return FinancialHistory(
        years=years,
        bands={key: bands[key] for key in LIGHT_KEYS.values() if key in bands},
        any_fictional=any(y.fictional for y in years),
    )


@same_for_role
def departing_leader_compensation(
    session: Session, *, privacy: bool = False, actor
) -> LeaderCompensation | None:
    """The departing leader's reportable compensation from the organization on the latest
    return that lists her: the baseline for the transition budget. For the board and the
    treasurer only, and never while presenter privacy mode is on."""
    require(actor, "history.compensation")
    if privacy:
        return None
    leader = load_org_settings(session).departing_leader
    if not leader:
        return None
    key = f990.name_key(leader)
    rows = session.execute(
        select(Form990Officer, Form990Return)
        .join(Form990Return, Form990Return.id == Form990Officer.return_id)
        .order_by(Form990Return.tax_year.desc(), Form990Officer.position)
    ).all()
    for officer, r in rows:
        if f990.name_key(officer.name) == key:
            return LeaderCompensation(
                name=leader,
                title=officer.title,
                tax_year=r.tax_year,
                form=r.form,
                reportable_comp=_dollars(officer.reportable_comp),
                fictional=r.fictional,
            )
    return None


def history_rows(history: FinancialHistory) -> list[dict]:
    """`gfj history --json`: one dict per year with exactly the documented keys."""
    return [y.json_row() for y in history.years]


# --- import -------------------------------------------------------------------------------------


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _latest_officers(session: Session, returns: list[Form990In]) -> tuple[int | None, list]:
    """The latest return's people, counting the batch and what is already on file."""
    batch_latest = max(returns, key=lambda r: r.tax_year, default=None)
    stored = session.scalars(
        select(Form990Return)
        .options(selectinload(Form990Return.officers))
        .order_by(Form990Return.tax_year.desc())
        .limit(1)
    ).first()
    if batch_latest is not None and (stored is None or batch_latest.tax_year >= stored.tax_year):
        return batch_latest.tax_year, list(batch_latest.officers)
    if stored is None:
        return None, []
    return stored.tax_year, [
        OfficerIn.model_validate(o, from_attributes=True) for o in stored.officers
    ]


def _people_plan(session: Session, returns: list[Form990In], *, apply: bool) -> PeoplePlan:
    """Match the latest return's people by name to people on file (never a duplicate); add the
    rest. With apply, write: new people, and blanks filled on matched ones (a seat or a title
    already recorded is kept: the record is more current than last year's return)."""
    year, officers = _latest_officers(session, returns)
    plan = PeoplePlan(tax_year=year)
    people = {f990.name_key(p.full_name): p for p in session.scalars(select(Person))}
    seen: set[str] = set()
    for o in officers:
        key = f990.name_key(o.name)
        if key in seen:
            continue
        seen.add(key)
        role = f990.person_role(o)
        if role is None:
            plan.skipped_former.append(f990.display_name(o.name))
            continue
        person = people.get(key)
        if person is None:
            name = f990.display_name(o.name)
            plan.added.append(name)
            if apply:
                person = Person(
                    full_name=name[:120],
                    title=(o.title and f990.display_name(o.title))[:160] or None,
                    board_role=role.board_role,
                    is_staff=role.is_staff,
                    is_fictional=False,
                )
                session.add(person)
                people[key] = person
            continue
        plan.matched.append(person.full_name)
        if apply:
            if not person.title and o.title:
                person.title = f990.display_name(o.title)[:160]
            if person.board_role is None and role.board_role:
                person.board_role = role.board_role
            if role.is_staff and not person.is_staff:
                person.is_staff = True
    if apply:
        session.flush()
    return plan


def _files(files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    out = []
    for name, content in files:
        if not (name or "").lower().endswith(".xml"):
            raise ValidationFailed(f"{name or 'The file'}: must be an .xml e-file return.")
        out.append((name, content))
    return out


def _batch(session: Session, files) -> f990.Batch:
    return f990.parse_batch(_files(files), f990.returns_on_file(session))


def _plan_sentence(batch: f990.Batch, on_file: set[int]) -> str:
    new = [r.tax_year for r in batch.returns if r.tax_year not in on_file]
    replaced = [r.tax_year for r in batch.returns if r.tax_year in on_file]
    text = f"{plural(len(new), 'year')} new"
    if new:
        text += f" ({_years_text(new)})"
    text += f", {len(replaced)} replaced"
    if replaced:
        text += f" ({_years_text(replaced)})"
    if batch.superseded:
        text += f"; originals left out for their amended returns: {', '.join(batch.superseded)}"
    return text


def check_form990(
    session: Session, *, files: Sequence[tuple[str, bytes]], people: bool = False, actor
) -> Form990Check:
    """Read every file and say what importing them would do. Writes nothing."""
    require(actor, "history.import")
    batch = _batch(session, files)
    on_file = set(f990.returns_on_file(session))
    return Form990Check(
        files=[
            Form990FileCheck(
                filename=r.filename,
                tax_year=r.tax_year,
                form=r.form,
                amended=r.amended,
                name=r.name,
                ein=f990.format_ein(r.ein),
                total_revenue=_dollars(r.total_revenue),
                total_expenses=_dollars(r.total_expenses),
                officers=len(r.officers),
                replaces=r.tax_year in on_file,
            )
            for r in batch.returns
        ],
        problems=[f"{where}: {what}" for where, what in batch.problems],
        superseded=batch.superseded,
        plan=_plan_sentence(batch, on_file),
        people=_people_plan(session, batch.returns, apply=False)
        if people and not batch.problems
        else None,
    )


def import_form990(
    session: Session,
    *,
    files: Sequence[tuple[str, bytes]],
    people: bool = False,
    actor,
) -> Form990Summary:
    """Import Form 990 / 990-EZ returns: every file checked first; any problem raises
    ValidationFailed before anything is written. A year on file is replaced (and its officers
    with it); an amended return replaces the original."""
    require(actor, "history.import")
    batch = _batch(session, files)
    f990.raise_if_any(batch)
    new, replaced = f990.write_returns(session, batch.returns)
    parts = []
    if new:
        parts.append(f"{_years_text(new)} new")
    if replaced:
        parts.append(
            f"{_years_text(replaced)} replaced the return{'s' if len(replaced) > 1 else ''} "
            "already on file"
        )
    message = f"Imported {plural(len(batch.returns), 'return')}: {'; '.join(parts)}."
    if batch.superseded:
        message += f" Left out for their amended returns: {', '.join(batch.superseded)}."
    plan = None
    if people:
        plan = _people_plan(session, batch.returns, apply=True)
        message += (
            f" People from the {plan.tax_year} return: {len(plan.added)} added, "
            f"{len(plan.matched)} already recorded."
        )
    log_import(
        session,
        kind="form990",
        filename=", ".join(r.filename for r in batch.returns),
        rows=len(batch.returns),
        created=len(new),
        replaced=len(replaced),
        message=message,
        actor=actor,
    )
    return Form990Summary(new_years=new, replaced_years=replaced, people=plan, message=message)
