"""Evaluation plan: `gfj import events FILE`, `gfj import survey FILE --survey NAME`, and
`gfj survey list` / `gfj survey questions NAME` to see what a column can be mapped to."""

from __future__ import annotations

from pathlib import Path

import typer

from gfj_core.cli.base import app, fail, import_app
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.imports.common import one_line
from gfj_core.imports.survey_responses import IGNORE, QUESTION_PREFIX
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.evaluation import GROUP_LABELS, KIND_LABELS, STAKEHOLDER_GROUPS
from gfj_core.services.community import import_events
from gfj_core.services.surveys import (
    get_survey,
    import_survey_responses,
    list_surveys,
    resolve_survey_key,
    suggest_mapping,
)

survey_app = typer.Typer(help="Surveys: list them and their questions.", no_args_is_help=True)
app.add_typer(survey_app, name="survey")

FILE_HELP = "A .csv or .xlsx file; the first row names the columns."


def _short(text: str, width: int = 60) -> str:
    """Keep both ends: form tools put the distinguishing part of a grid header last."""
    return text if len(text) <= width else text[: width // 2 - 2] + "…" + text[-(width // 2 + 1) :]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _read(file: Path) -> bytes:
    if not file.is_file():
        fail(f"{file}: no such file.")
    return file.read_bytes()


def _refuse(exc: ValidationFailed) -> None:
    fail(" ".join(one_line(exc).split()))


@import_app.command("events")
def import_events_cmd(file: Path = typer.Argument(..., help=FILE_HELP)) -> None:
    """Import community events, all or nothing. Columns: `date`, `event`, `kind`, `state`,
    `participants`, `new_participants` and/or `returning_participants`; optional `programme`,
    `feedback_score`, `feedback_forms`, `notes` (the README lists what goes in each)."""
    content = _read(file)
    try:
        with session_scope(write=True, actor=SYSTEM) as s:
            result = import_events(s, filename=file.name, content=content, actor=SYSTEM)
    except ValidationFailed as exc:
        _refuse(exc)
    created = (
        f"; new programs: {', '.join(result.programmes_created)}"
        if result.programmes_created
        else ""
    )
    typer.echo(f"Imported {result.events} events ({result.participants:,} participants){created}.")


def _parse_maps(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        column, sep, target = pair.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            fail(
                f"--map '{pair}': write \"Column header=target\" (target: a question key, "
                "timestamp, group or ignore)."
            )
        target = target.strip()
        if target not in ("timestamp", "group", IGNORE) and not target.startswith(QUESTION_PREFIX):
            target = QUESTION_PREFIX + target
        out[column.strip()] = target
    return out


@import_app.command("survey")
def import_survey_cmd(
    file: Path = typer.Argument(..., help=FILE_HELP),
    survey: str = typer.Option(..., "--survey", help="The survey's name or key."),
    mapping: list[str] = typer.Option(
        [],
        "--map",
        help='"Column header=target", repeatable. Target: a question key (see `gfj survey '
        "questions`), timestamp, group or ignore. Unlisted columns use the mapping remembered "
        "from the last round, then a guess from the header.",
    ),
    group: str | None = typer.Option(
        None,
        "--group",
        help="Stakeholder group for every response when no column gives it: "
        + ", ".join(STAKEHOLDER_GROUPS)
        + ".",
    ),
    round_label: str | None = typer.Option(
        None, "--round", help='Name of the round, e.g. "Round 3 (Feb 2027)". Default: Round N.'
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show the mapping that would be used; import nothing."
    ),
) -> None:
    """Import one round of survey responses (a form tool's CSV export), all or nothing. The
    mapping used is remembered for the survey's next round."""
    content = _read(file)
    overrides = _parse_maps(mapping)
    try:
        with session_scope(write=True, actor=SYSTEM) as s:
            key = resolve_survey_key(s, survey)
            suggestion = suggest_mapping(
                s, survey_key=key, filename=file.name, content=content, actor=SYSTEM
            )
            # A column neither remembered nor recognised is not silently ignored: it needs a
            # --map (a question, or "ignore"); the import below refuses it otherwise.
            undecided = set(suggestion.undecided) - set(overrides)
            used = {
                **{c: (None if c in undecided else t) for c, t in suggestion.targets.items()},
                **overrides,
            }
            if dry_run:
                labels = dict(suggestion.choices)
                typer.echo(f"{file.name}: {suggestion.rows} responses. Mapping:")
                for column in suggestion.columns:
                    if column in undecided:
                        typer.echo(
                            f'  {_short(column):<60} -> ?  (undecided: --map "{column}=...")'
                        )
                        continue
                    how = (
                        "--map"
                        if column in overrides
                        else "remembered"
                        if column in suggestion.remembered
                        else "guessed"
                    )
                    label = labels.get(used[column], used[column])
                    typer.echo(f"  {_short(column):<60} -> {_short(label)}  ({how})")
                return
            result = import_survey_responses(
                s,
                survey_key=key,
                filename=file.name,
                content=content,
                mapping=used,
                default_group=group,
                round_label=round_label,
                actor=SYSTEM,
            )
    except ValidationFailed as exc:
        _refuse(exc)
    groups = ", ".join(f"{GROUP_LABELS[g].lower()} {n}" for g, n in sorted(result.by_group.items()))
    typer.echo(
        f"Imported {result.responses} responses into {result.survey_name}, "
        f"{result.round_label} ({groups}). Mapping remembered for the next round."
    )


@survey_app.command("list")
def survey_list() -> None:
    """Every survey: its key, rounds and responses."""
    with session_scope() as s:
        rows = list_surveys(s, actor=SYSTEM)
    for r in rows:
        latest = f", latest {r.latest_round}" if r.latest_round else ""
        typer.echo(
            f"{r.key:<30} {r.name} ({_plural(r.question_count, 'question')}; "
            f"{_plural(r.round_count, 'round')}, {_plural(r.total_responses, 'response')}{latest})"
        )


@survey_app.command("questions")
def survey_questions(survey: str = typer.Argument(..., help="The survey's name or key.")) -> None:
    """The survey's questions and their keys, for `gfj import survey --map`."""
    with session_scope() as s:
        detail = get_survey(s, survey_key=resolve_survey_key(s, survey), actor=SYSTEM)
    typer.echo(f'{detail.name}: map columns with --map "Column=<key>"')
    for q in detail.questions:
        options = f"  [{'; '.join(q.options)}]" if q.options else ""
        typer.echo(f"  {q.key:<24} {KIND_LABELS[q.kind]:<16} {q.text}{options}")
