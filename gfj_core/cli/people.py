"""`gfj person ...` and `gfj user ...`: the People page from the command line, for scripting and
for recovery when nobody can sign in. Same services, so the same refusals (the last admin, a
duplicate email, a second active account for a person)."""

from __future__ import annotations

import json
from datetime import date

import typer

from gfj_core.access import Role
from gfj_core.cli.base import fail, person_app, user_app
from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.people import BOARD_SEATS, PeopleFilter, PersonCreate, PersonUpdate
from gfj_core.services.accounts import (
    activate_account,
    create_account,
    deactivate_account,
    list_accounts,
    reset_password,
    set_role,
    unlock_account,
)
from gfj_core.services.people import (
    add_person,
    find_person_id,
    get_person,
    list_people,
    mark_left,
    update_person,
    validate_person,
)

ROLES = ", ".join(r.value for r in Role)
SEATS = ", ".join(BOARD_SEATS)


def _one_line(exc: ValidationFailed) -> str:
    return "; ".join(f"{f}: {m}" for f, m in exc.problems) if exc.problems else str(exc)


def _run(fn, **kwargs):
    """Call a writing service as the system; a refusal becomes the one stderr line."""
    try:
        with session_scope(write=True, actor=SYSTEM) as s:
            return fn(s, actor=SYSTEM, **kwargs)
    except ValidationFailed as exc:
        fail(_one_line(exc))


def _role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        fail(f"role: '{value}' is not one of {ROLES}.")


# --- people -----------------------------------------------------------------------------------


@person_app.command("add")
def person_add(
    name: str,
    email: str = typer.Option(None, "--email", help="Unique when given."),
    title: str = typer.Option(None, "--title", help="Job or board title, e.g. 'Program director'."),
    board_seat: str = typer.Option(None, "--board-seat", help=f"One of {SEATS}."),
    staff: bool = typer.Option(False, "--staff", help="A member of staff."),
) -> None:
    """Add a person to the directory."""
    try:
        data = PersonCreate(
            **validate_person(
                {
                    "full_name": name,
                    "email": email,
                    "title": title,
                    "board_role": board_seat,
                    "is_staff": staff,
                }
            ).model_dump()
        )
    except ValidationFailed as exc:
        fail(_one_line(exc))
    person = _run(add_person, data=data)
    typer.echo(f"Added {person.full_name}.")


@person_app.command("list")
def person_list(
    as_json: bool = typer.Option(False, "--json", help="One JSON array, for scripts."),
    everyone: bool = typer.Option(False, "--all", help="Include people who left."),
) -> None:
    """The directory (active people; --all adds those who left)."""
    with session_scope() as s:
        people = list_people(
            s, filters=PeopleFilter(status="all" if everyone else "active"), actor=SYSTEM
        )
    if as_json:
        typer.echo(json.dumps([p.model_dump(mode="json") for p in people], indent=2))
        return
    for p in people:
        bits = [
            p.title or "",
            (p.board_role or "").replace("_", " "),
            "staff" if p.is_staff else "",
        ]
        bits += [p.email or "", f"account {p.username} ({p.account_role})" if p.username else ""]
        bits += [f"left {fmt_date(p.left_on)}" if not p.active else ""]
        typer.echo(f"{p.full_name}: " + "; ".join(b for b in bits if b))


@person_app.command("edit")
def person_edit(
    name: str,
    new_name: str = typer.Option(None, "--name", help="A new full name."),
    email: str = typer.Option(None, "--email", help="A new email ('' clears it)."),
    title: str = typer.Option(None, "--title", help="A new title ('' clears it)."),
    board_seat: str = typer.Option(None, "--board-seat", help=f"{SEATS}, or '' for none."),
    term_start: str = typer.Option(None, "--term-start", help="Board term start, YYYY-MM-DD."),
    term_end: str = typer.Option(None, "--term-end", help="Board term end, YYYY-MM-DD."),
    staff: bool = typer.Option(None, "--staff/--not-staff", help="Staff or not."),
) -> None:
    """Change what the directory says about a person; options not given stay as they are."""
    with session_scope() as s:
        current = get_person(s, person_id=find_person_id(s, name=name, actor=SYSTEM), actor=SYSTEM)
    raw = {
        "full_name": current.full_name if new_name is None else new_name,
        "email": current.email if email is None else email,
        "title": current.title if title is None else title,
        "board_role": current.board_role if board_seat is None else (board_seat or None),
        "board_term_start": current.board_term_start if term_start is None else term_start or None,
        "board_term_end": current.board_term_end if term_end is None else term_end or None,
        "is_staff": current.is_staff if staff is None else staff,
    }
    try:
        data = PersonUpdate(**validate_person(raw).model_dump(), version=current.version)
    except ValidationFailed as exc:
        fail(_one_line(exc))
    person = _run(update_person, person_id=current.id, data=data)
    typer.echo(f"Saved {person.full_name}.")


@person_app.command("leave")
def person_leave(
    name: str, on: str = typer.Option(..., "--on", help="The day they left, YYYY-MM-DD.")
) -> None:
    """Mark a person as left on a date (kept in every record; their account is deactivated)."""
    try:
        left_on = date.fromisoformat(on)
    except ValueError:
        fail(f"--on: '{on}' is not a date (write YYYY-MM-DD).")
    with session_scope() as s:
        person_id = find_person_id(s, name=name, actor=SYSTEM)
    person = _run(mark_left, person_id=person_id, left_on=left_on)
    typer.echo(f"{person.full_name} left on {fmt_date(person.left_on)}.")


# --- accounts ---------------------------------------------------------------------------------


def _print_temporary(username: str, password: str | None) -> None:
    if password:
        typer.echo(f"Temporary password for {username}: {password}")
        typer.echo("Shown once: they must choose their own password at the first sign-in.")


@user_app.command("add")
def user_add(
    username: str,
    role: str = typer.Option(..., "--role", help=ROLES),
    person: str = typer.Option(..., "--person", help="The person's full name, as recorded."),
    password: str = typer.Option(
        None, "--password", help="At least 8 characters; without it a temporary one is printed."
    ),
) -> None:
    """Create a sign-in account for a known person."""
    created = _run(
        create_account, username=username, role=_role(role), person_name=person, password=password
    )
    typer.echo(
        f"Account '{created.account.username}' ({created.account.role.value}) created for {person}."
    )
    _print_temporary(created.account.username, created.temporary_password)


@user_app.command("list")
def user_list(as_json: bool = typer.Option(False, "--json", help="One JSON array.")) -> None:
    """Every account, with its role and state (never a password)."""
    with session_scope() as s:
        accounts = list_accounts(s, actor=SYSTEM)
    if as_json:
        typer.echo(json.dumps([a.model_dump(mode="json") for a in accounts], indent=2))
        return
    now = utcnow()
    for a in accounts:
        state = "active" if a.active else "deactivated"
        if a.locked(now):
            state += f", locked until {a.locked_until:%H:%M} UTC"
        if a.must_change_password:
            state += ", temporary password"
        typer.echo(f"{a.username}: {a.role.value}, {a.person_name}, {state}")


@user_app.command("reset-password")
def user_reset_password(
    username: str,
    password: str = typer.Option(
        None, "--password", help="The new password; without it a temporary one is printed."
    ),
) -> None:
    """Set a new password (ends the person's open sessions and any lockout)."""
    done = _run(reset_password, username=username, password=password)
    typer.echo(f"Password of '{done.account.username}' reset.")
    _print_temporary(done.account.username, done.temporary_password)


@user_app.command("set-role")
def user_set_role(username: str, role: str) -> None:
    """Change an account's role (the last active administrator keeps theirs)."""
    account = _run(set_role, username=username, role=_role(role))
    typer.echo(f"'{account.username}' is now {account.role.value}.")


@user_app.command("deactivate")
def user_deactivate(username: str) -> None:
    """Stop an account signing in; its open sessions end at their next click."""
    account = _run(deactivate_account, username=username)
    typer.echo(f"'{account.username}' deactivated.")


@user_app.command("activate")
def user_activate(username: str) -> None:
    """Let a deactivated account sign in again."""
    account = _run(activate_account, username=username)
    typer.echo(f"'{account.username}' activated.")


@user_app.command("unlock")
def user_unlock(username: str) -> None:
    """Lift a lockout after five wrong passwords."""
    account = _run(unlock_account, username=username)
    typer.echo(f"'{account.username}' unlocked.")
