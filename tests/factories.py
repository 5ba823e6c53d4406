"""Small builders for service tests: each adds one row with sensible defaults and returns it."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from itertools import count

from sqlalchemy.orm import Session

from gfj_core.models import (
    ChecklistItem,
    EmergingLeader,
    Mentorship,
    Milestone,
    Person,
    Phase,
    UserAccount,
)
from gfj_core.services.auth import hash_password

_n = count(1)


@lru_cache(maxsize=32)
def _hash(password: str) -> str:
    """One real argon2 hash per password for the whole worker: hashing costs ~0.4 s of CPU, and
    verifying a stored hash does not depend on its salt being unique to the row."""
    return hash_password(password)


def person(s: Session, name: str | None = None, **kw) -> Person:
    p = Person(full_name=name or f"Person {next(_n)}", **kw)
    s.add(p)
    s.flush()
    return p


def user(
    s: Session, username: str, role: str, who: Person | None = None, password="password1"
) -> UserAccount:
    who = who or person(s)
    u = UserAccount(username=username, role=role, person_id=who.id, password_hash=_hash(password))
    s.add(u)
    s.flush()
    return u


def leader(
    s: Session,
    who: Person | None = None,
    *,
    readiness=None,
    status="active",
    mentors=(),
    cohort_start=date(2025, 1, 1),
    target_role="Director",
) -> EmergingLeader:
    who = who or person(s)
    el = EmergingLeader(
        person_id=who.id,
        readiness=readiness,
        status=status,
        cohort_start=cohort_start,
        target_role=target_role,
    )
    s.add(el)
    s.flush()
    for m in mentors:
        s.add(Mentorship(leader_id=el.id, mentor_person_id=m.id, started_on=cohort_start))
    s.flush()
    return el


def phase(s: Session, name: str, start: date, end: date, position: int | None = None) -> Phase:
    ph = Phase(name=name, start_date=start, end_date=end, position=position or next(_n))
    s.add(ph)
    s.flush()
    return ph


def milestone(
    s: Session,
    ph: Phase,
    *,
    baseline_finish: date,
    forecast_finish: date | None = None,
    status="not_started",
    title=None,
    start: date | None = None,
    **kw,
) -> Milestone:
    start = start or ph.start_date
    m = Milestone(
        phase_id=ph.id,
        title=title or f"Milestone {next(_n)}",
        baseline_start=start,
        baseline_finish=baseline_finish,
        forecast_start=start,
        forecast_finish=forecast_finish or baseline_finish,
        status=status,
        **kw,
    )
    s.add(m)
    s.flush()
    return m


def checklist_item(
    s: Session, *, status="not_started", authority=False, category="knowledge", title=None, **kw
) -> ChecklistItem:
    c = ChecklistItem(
        category=category,
        title=title or f"Item {next(_n)}",
        status=status,
        is_authority_transfer=authority,
        **kw,
    )
    s.add(c)
    s.flush()
    return c
