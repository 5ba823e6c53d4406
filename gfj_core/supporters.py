"""Supporters and their staff's accounts (issue 20), in the registry beside the organisations.

A supporter (a fellowship, a foundation's transition programme) is known to every organisation
only by its key: each organisation's admin decides to share with it (`services.sharing`). Its
staff sign in with accounts kept here, never in an organisation's database, and act with the
portfolio role, which holds nothing in an organisation but the figures shared with them.

Operators manage supporters from the command line (`gfj supporter add`, `gfj supporter account`),
as they manage organisations (`gfj org add`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from gfj_core.access import Role
from gfj_core.errors import ValidationFailed
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import Actor
from gfj_core.schemas.portfolio import SUPPORTER_KEY
from gfj_core.tenancy.models import RegistryBase

MIN_PASSWORD = 12
# The demo portfolio's fellowship and its staff member's account (gfj_core.demo.portfolio).
DEMO_SUPPORTER = ("bridgeway-fellowship", "Bridgeway Transition Fellowship (fictional)")
DEMO_ACCOUNT = ("fellowship", "Jordan Avery")


class SupporterRow(RegistryBase):
    __tablename__ = "supporter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(160), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class SupporterAccountRow(RegistryBase):
    __tablename__ = "supporter_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporter.id"), nullable=False)
    username: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(120), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Supporter(BaseModel):
    key: str
    name: str
    accounts: int = 0


def add_supporter(session: Session, *, key: str, name: str) -> Supporter:
    key, name = key.strip().lower(), name.strip()
    if not SUPPORTER_KEY.match(key):
        raise ValidationFailed(
            "The supporter was not added.",
            [("key", "lowercase letters, digits and hyphens, 2 to 80 characters")],
        )
    if not name:
        raise ValidationFailed("The supporter was not added.", [("name", "give its name")])
    if session.scalar(select(SupporterRow.id).where(SupporterRow.key == key)):
        raise ValidationFailed("The supporter was not added.", [("key", f"'{key}' exists")])
    session.add(SupporterRow(key=key, name=name))
    session.flush()
    return Supporter(key=key, name=name)


def list_supporters(session: Session) -> list[Supporter]:
    counts = (
        select(SupporterAccountRow.supporter_id, func.count().label("n"))
        .where(SupporterAccountRow.active)
        .group_by(SupporterAccountRow.supporter_id)
        .subquery()
    )
    rows = session.execute(
        select(SupporterRow.key, SupporterRow.name, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.supporter_id == SupporterRow.id)
        .order_by(SupporterRow.name)
    ).all()
    return [Supporter(key=k, name=n, accounts=c) for k, n, c in rows]


def add_supporter_account(
    session: Session, *, supporter_key: str, username: str, display_name: str, password: str
) -> Actor:
    from gfj_core.passwords import hash_password

    supporter = session.scalar(select(SupporterRow).where(SupporterRow.key == supporter_key))
    problems = []
    if supporter is None:
        problems.append(("supporter", f"no supporter '{supporter_key}'"))
    username = username.strip().lower()
    if not username or session.scalar(
        select(SupporterAccountRow.id).where(SupporterAccountRow.username == username)
    ):
        problems.append(("username", "taken or empty"))
    if len(password) < MIN_PASSWORD:
        problems.append(("password", f"at least {MIN_PASSWORD} characters"))
    if problems:
        raise ValidationFailed("The account was not added.", problems)
    row = SupporterAccountRow(
        supporter_id=supporter.id,
        username=username,
        display_name=display_name.strip() or username,
        password_hash=hash_password(password),
    )
    session.add(row)
    session.flush()
    return _actor(row, supporter)


def _actor(row: SupporterAccountRow, supporter: SupporterRow) -> Actor:
    return Actor(
        user_id=row.id,
        username=row.username,
        role=Role.portfolio,
        person_id=None,
        display_name=f"{row.display_name} · {supporter.name}",
        supporter=supporter.key,
    )


def authenticate_supporter(session: Session, username: str, password: str) -> Actor | None:
    """The portfolio actor for these credentials, or None (the same answer for a wrong name and
    a wrong password)."""
    from gfj_core.passwords import _DUMMY_HASH, _safe_verify

    found = session.execute(
        select(SupporterAccountRow, SupporterRow)
        .join(SupporterRow, SupporterRow.id == SupporterAccountRow.supporter_id)
        .where(SupporterAccountRow.username == username.strip().lower())
    ).first()
    if found is None or not found[0].active:
        _safe_verify(_DUMMY_HASH, password)
        return None
    row, supporter = found
    return _actor(row, supporter) if _safe_verify(row.password_hash, password) else None


def supporter_still_valid(actor: Actor) -> str | None:
    """None while the supporter's account is still active; otherwise why the session ends. A
    deactivated (or removed) account ends its session at the next click, as an organisation's
    account does. One primary-key lookup in the registry."""
    from gfj_core.db import session_scope
    from gfj_core.passwords import REASON_DEACTIVATED
    from gfj_core.tenancy import registry_engine

    with session_scope(registry_engine()) as s:
        found = s.execute(
            select(SupporterAccountRow.active, SupporterRow.key)
            .join(SupporterRow, SupporterRow.id == SupporterAccountRow.supporter_id)
            .where(SupporterAccountRow.id == actor.user_id)
        ).first()
    if found is None or not found.active or found.key != actor.supporter:
        return REASON_DEACTIVATED
    return None


def demo_supporter_login(session: Session) -> tuple[str, str] | None:
    """The demo supporter's sign-in, while the demo portfolio is loaded."""
    from gfj_core.demo.source import DEMO_PASSWORD_PREFIX

    found = session.scalar(
        select(SupporterAccountRow.username)
        .join(SupporterRow, SupporterRow.id == SupporterAccountRow.supporter_id)
        .where(SupporterRow.key == DEMO_SUPPORTER[0], SupporterAccountRow.active)
    )
    return (found, DEMO_PASSWORD_PREFIX + found) if found else None
