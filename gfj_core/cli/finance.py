"""Financial health commands: `gfj import financials|funders|gifts FILE`,
`gfj import form990 FILE.xml...`, `gfj metrics`, `gfj scenario`, `gfj history`. User errors print one line on stderr and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from gfj_core.cli.base import app, fail, import_app
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.imports.common import one_line
from gfj_core.measures import FINANCE as FINANCE_MEASURES
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.finance_imports import run_import
from gfj_core.services.finance_measures import finance_measures
from gfj_core.services.finance_reads import parse_as_of
from gfj_core.services.finance_scenarios import runway_label, runway_scenario
from gfj_core.services.financial_history import financial_history, history_rows, import_form990

FILE_HELP = "A .csv file, or an .xlsx whose first sheet has the same columns."


def _import(
    kind: str, file: Path, create_people: bool = False, confirm_unusual: bool = False
) -> None:
    if not file.is_file():
        fail(f"{file}: no such file.")
    content = file.read_bytes()
    try:
        with session_scope(write=True, actor=SYSTEM) as s:
            summary = run_import(
                s,
                kind=kind,
                filename=file.name,
                content=content,
                create_people=create_people,
                confirm_unusual=confirm_unusual,
                actor=SYSTEM,
            )
    except ValidationFailed as exc:
        # One line, even if a quoted cell held a line break.
        fail(" ".join(one_line(exc).split()))
    typer.echo(summary.message)


@import_app.command("financials")
def import_financials(
    file: Path = typer.Argument(..., help=FILE_HELP),
    confirm_unusual: bool = typer.Option(
        False,
        "--confirm-unusual",
        help="Import even when figures look unusual (a line over 3x or under a third of its "
        "12-month median, cash moving more than import_cash_move_share in a month). Without "
        "it, such a file is refused with every unusual figure listed (exit 2).",
    ),
) -> None:
    """Import monthly accounts (one row per month); a month already on file is replaced."""
    _import("financials", file, confirm_unusual=confirm_unusual)


@import_app.command("funders")
def import_funders(
    file: Path = typer.Argument(..., help=FILE_HELP),
    create_people: bool = typer.Option(
        False, "--create-people", help="Add owners who are not yet recorded as people."
    ),
) -> None:
    """Import funders and who holds each relationship; a funder already on file is updated."""
    _import("funders", file, create_people)


@import_app.command("gifts")
def import_gifts(file: Path = typer.Argument(..., help=FILE_HELP)) -> None:
    """Import gifts; a reference already on file is updated, an unknown funder is created."""
    _import("gifts", file)


def _fmt(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "money":
        return f"{'-' if value < 0 else ''}${abs(value):,.2f}"
    if kind == "dollars":
        return f"${value:.3f}"
    if kind == "share":
        return f"{value * 100:.1f}%"
    if kind == "months":
        return f"{value:.2f} months"
    return f"{value:.3f}"


# Every finance measure of the catalogue, by its catalogue name, in the order `gfj metrics`
# has always printed them.
HUMAN_ROWS = tuple(
    (FINANCE_MEASURES[key].name, key, FINANCE_MEASURES[key].unit)
    for key in (
        "total_revenue",
        "total_expenses",
        "surplus",
        "average_monthly_cash_expenses",
        "months_of_cash",
        "luna",
        "months_of_luna",
        "defensive_interval_months",
        "current_ratio",
        "operating_reliance",
        "program_expense_ratio",
        "admin_ratio",
        "fundraising_efficiency",
        "budget_variance_revenue_ytd",
        "budget_variance_expense_ytd",
        "top_funder_share",
        "funder_hhi",
        "founder_dependent_gift_share",
    )
)


@app.command("metrics")
def metrics(
    as_of: str = typer.Option(..., "--as-of", help="The month, YYYY-MM."),
    as_json: bool = typer.Option(False, "--json", help="Print the measures as JSON."),
) -> None:
    """The board's financial measures for the twelve months ending at a month."""
    month = parse_as_of(as_of)
    with session_scope(actor=SYSTEM) as s:
        m = finance_measures(s, as_of=month, actor=SYSTEM)
    if as_json:
        typer.echo(json.dumps(m.model_dump(mode="json"), indent=2))
        return
    typer.echo(
        f"As of {m.as_of} ({m.months_in_window} months from {m.window_start}; "
        f"top funder: {m.top_funder or '—'})"
    )
    width = max(len(label) for label, _, _ in HUMAN_ROWS) + 2
    for label, key, kind in HUMAN_ROWS:
        light = m.lights.get(key)
        word = f"  [{light.word}]" if light else ""
        typer.echo(f"  {label:<{width}}{_fmt(getattr(m, key), kind)}{word}")


@app.command("scenario")
def scenario(
    as_of: str = typer.Option(..., "--as-of", help="The month, YYYY-MM."),
    lapse: list[str] = typer.Option(
        [], "--lapse", help="A funder whose gifts stop (repeat for several)."
    ),
    lapse_founder_dependent: bool = typer.Option(
        False,
        "--lapse-founder-dependent",
        help="Also lapse every funder the departing leader holds and has not transferred.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scenario as JSON."),
) -> None:
    """Runway if some funders' gifts stop: months until cash and investments run out."""
    month = parse_as_of(as_of)
    if not lapse and not lapse_founder_dependent:
        fail("scenario: name a funder with --lapse, or give --lapse-founder-dependent.")
    with session_scope(actor=SYSTEM) as s:
        r = runway_scenario(
            s,
            as_of=month,
            lapse=lapse,
            lapse_founder_dependent=lapse_founder_dependent,
            actor=SYSTEM,
        )
    if as_json:
        typer.echo(json.dumps(r.model_dump(mode="json", exclude={"curve"}), indent=2))
        return
    typer.echo(f"As of {r.as_of}, lapsing: {', '.join(r.lapsed_funders) or 'nobody'}")
    typer.echo(f"  Their gifts in the window:  ${r.lapsed_gifts:,.2f}")
    typer.echo(f"  Monthly net after lapse:    {_fmt(r.monthly_net, 'money')}")
    typer.echo(f"  Runway:                     {runway_label(r.runway_months)}")
    typer.echo(f"  Runway with no lapse:       {runway_label(r.baseline_runway_months)}")


@import_app.command("form990")
def import_form990_command(
    files: list[Path] = typer.Argument(..., help="IRS e-file XML returns (Form 990 or 990-EZ)."),
    people: bool = typer.Option(
        False,
        "--people",
        help="Make the latest return's officers, directors and key employees people (matched "
        "by name, never duplicated).",
    ),
) -> None:
    """Import Form 990 / 990-EZ returns (any schema year since 2009); all files or none. A year
    on file is replaced; an amended return replaces the original."""
    contents = []
    for file in files:
        if not file.is_file():
            fail(f"{file}: no such file.")
        contents.append((file.name, file.read_bytes()))
    try:
        with session_scope(write=True, actor=SYSTEM) as s:
            summary = import_form990(s, files=contents, people=people, actor=SYSTEM)
    except ValidationFailed as exc:
        fail(" ".join(one_line(exc).split()))
    typer.echo(summary.message)


def _whole(value: int | None) -> str:
    return "—" if value is None else f"{'-' if value < 0 else ''}${abs(value):,}"


@app.command("history")
def history(
    as_json: bool = typer.Option(False, "--json", help="Print the years as JSON."),
) -> None:
    """Financial history from the Form 990s on file: one row per fiscal year, oldest first."""
    with session_scope(actor=SYSTEM) as s:
        h = financial_history(s, actor=SYSTEM)
    if as_json:
        typer.echo(json.dumps(history_rows(h), indent=2))
        return
    if not h.years:
        typer.echo("No Form 990 returns on file: gfj import form990 FILE.xml")
        return
    typer.echo(
        f"{'Year':<6}{'Form':<8}{'Revenue':>14}{'Expenses':>14}{'Surplus':>13}"
        f"{'Program':>9}{'Net assets':>14}{'Cash mo.':>10}"
    )
    for y in h.years:
        ratio = "—" if y.program_expense_ratio is None else f"{y.program_expense_ratio:.1%}"
        months = "—" if y.months_of_cash_eoy is None else f"{y.months_of_cash_eoy:.1f}"
        flags = (" amended" if y.amended else "") + (" fictional" if y.fictional else "")
        typer.echo(
            f"{y.tax_year:<6}{y.form:<8}{_whole(y.total_revenue):>14}"
            f"{_whole(y.total_expenses):>14}{_whole(y.surplus):>13}{ratio:>9}"
            f"{_whole(y.net_assets_eoy):>14}{months:>10}{flags}"
        )
