"""First-run setup: an empty database becomes an organisation with its first administrator.

A stranger who reaches a freshly deployed server must not be able to claim it, so the setup
form requires a one-time code printed by `gfj init` (or `gfj setup-code`) on the server. Only
the code's argon2 hash is stored; it works once and for 24 hours; issuing a new one voids the
old. Once any account exists, setup is over for good: every function here refuses.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gfj_core.access import Role
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.models import Person, SetupCode, UserAccount
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import Actor
from gfj_core.schemas.people import OrganisationSetup
from gfj_core.services.auth import _safe_verify, actor_for, hash_password
from gfj_core.services.org_settings import load_org_settings, write_settings

CODE_LIFETIME = timedelta(hours=24)
# Unambiguous capitals and digits, grouped: read off a terminal, typed into a browser.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
WRONG_CODE = (
    "That setup code is wrong, used or expired. Run `gfj setup-code` on the server for a new one."
)


def setup_needed(session: Session) -> bool:
    """True while the database holds no account at all."""
    return session.scalar(select(func.count()).select_from(UserAccount)) == 0


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def issue_setup_code(session: Session, *, now: datetime | None = None) -> str:
    """A new one-time code (the old ones stop working). Run from the server's command line only:
    holding a shell on the server is what proves the right to set the organisation up."""
    if not setup_needed(session):
        raise ValidationFailed("This organization is already set up; sign in instead.")
    now = now or utcnow()
    session.execute(update(SetupCode).where(SetupCode.used_at.is_(None)).values(used_at=now))
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    session.add(
        SetupCode(
            code_hash=hash_password(_normalise(raw)),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    session.flush()
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _valid_code(session: Session, code: str, now: datetime) -> SetupCode | None:
    wanted = _normalise(code)
    if not wanted:
        return None
    live = session.scalars(
        select(SetupCode).where(SetupCode.used_at.is_(None), SetupCode.expires_at > now)
    )
    for row in live:
        if _safe_verify(row.code_hash, wanted):
            return row
    return None


def complete_setup(
    session: Session, *, data: OrganisationSetup, code: str, now: datetime | None = None
) -> Actor:
    """Write the organisation's settings, its departing leader and first administrator, and use
    up the code. Returns the new administrator, signed in."""
    now = now or utcnow()
    if not setup_needed(session):
        raise PermissionDenied("This organization is already set up; sign in instead.")
    row = _valid_code(session, code, now)
    if row is None:
        raise ValidationFailed(WRONG_CODE, [("setup_code", WRONG_CODE)])
    problems = []
    if data.admin_email:
        taken = session.scalar(
            select(Person.full_name).where(func.lower(Person.email) == data.admin_email)
        )
        if taken and taken.lower() != data.admin_name.lower():
            problems.append(("admin_email", f"{data.admin_email} is already {taken}'s email."))
    if problems:
        raise ValidationFailed("; ".join(m for _, m in problems), problems)
    row.used_at = now

    def person(name: str, **values) -> Person:
        found = session.scalar(select(Person).where(func.lower(Person.full_name) == name.lower()))
        if found is None:
            found = Person(full_name=name, **values)
            session.add(found)
        else:
            for key, value in values.items():
                if value is not None and getattr(found, key) in (None, False):
                    setattr(found, key, value)
        return found

    person(data.departing_leader, title=data.departing_leader_title, is_staff=True)
    admin = person(data.admin_name, email=data.admin_email)
    session.flush()
    settings = load_org_settings(session)
    settings.organisation_name = data.organisation_name
    settings.founder_name = data.founder_name
    settings.departing_leader = data.departing_leader
    settings.departing_leader_title = data.departing_leader_title
    settings.transition_start_date = data.transition_start_date
    settings.planned_handover_date = data.planned_handover_date
    settings.fiscal_year_start_month = data.fiscal_year_start_month
    write_settings(
        session,
        settings,
        {
            "organisation_name",
            "founder_name",
            "departing_leader",
            "departing_leader_title",
            "transition_start_date",
            "planned_handover_date",
            "fiscal_year_start_month",
        },
    )
    user = UserAccount(
        username=data.admin_username,
        password_hash=hash_password(data.admin_password),
        role=Role.admin.value,
        person_id=admin.id,
    )
    user.person = admin
    session.add(user)
    session.flush()
    return actor_for(user)
