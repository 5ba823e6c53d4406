"""Deterministic synthetic organisations at a multiple of the demo's size.

Bulk inserts through SQLAlchemy Core (no ORM, no per-row audit hook), so 100x builds in seconds.
Each area contributes a generator in AREA_GENERATORS; they run in order and may read what the
earlier ones wrote. At scale 100 the targets are: ~700 leaders, 400 mentors, 100,000 sessions,
360 months of accounts, 50,000 gifts, 5,000 milestones, 20,000 checklist items, 100,000 audit
rows, 50,000 survey responses.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Boolean, Date, DateTime, Engine, insert

from gfj_core.models import (
    AuditLog,
    ChecklistItem,
    EmergingLeader,
    Mentorship,
    Milestone,
    Person,
    Phase,
    Setting,
    UserAccount,
)
from gfj_core.services.auth import hash_password

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, 0)
READINESS = ("ready_now", "ready_1_2_years", "ready_3_plus_years")
CHECKLIST_CATEGORIES = (
    "authority_legal",
    "key_relationships",
    "knowledge",
    "governance",
    "communications",
    "legacy",
    "next_role",
)
BENCH_USERS = ("admin", "board", "treasurer", "ceo", "mentor", "staff")
# The rest of the board in the load test (bench/load.py): ten members, ten accounts, as in a
# real meeting (one shared account would share every cached read the real ten do not).
BOARD_MEMBERS = ("board", *(f"board-{n}" for n in range(2, 11)))


@dataclass
class Synth:
    """What a generator needs: the engine, the scale, a seeded RNG, and ids made so far."""

    engine: Engine
    scale: int
    rng: random.Random
    ids: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def n(self, per_demo: float, minimum: int = 1) -> int:
        return max(minimum, round(per_demo * self.scale))

    def bulk(self, table, rows: list[dict], chunk: int = 50000) -> None:
        """Insert rows (dicts with the same keys) with the driver's executemany: one compiled
        statement, values converted the way SQLAlchemy stores them on SQLite."""
        t = getattr(table, "__table__", table)
        if rows and "version" in t.c and "version" not in rows[0]:
            # A Versioned table (optimistic locking): every row starts at version 1.
            rows = [{**r, "version": 1} for r in rows]
        if rows:
            cols = list(rows[0])
            convs = [_storage(t.c[c].type) for c in cols]
            sql = (
                f'INSERT INTO "{t.name}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
            )
            if self.engine.dialect.name != "sqlite":  # PostgreSQL (the load test): typed binds
                with self.engine.begin() as conn:
                    for i in range(0, len(rows), chunk):
                        conn.execute(insert(t), rows[i : i + chunk])
                self.counts[t.name] = self.counts.get(t.name, 0) + len(rows)
                return
            with self.engine.begin() as conn:
                for i in range(0, len(rows), chunk):
                    conn.exec_driver_sql(
                        sql,
                        [
                            tuple(
                                v if f is None else f(v)
                                for f, v in zip(convs, r.values(), strict=True)
                            )
                            for r in rows[i : i + chunk]
                        ],
                    )
        self.counts[t.name] = self.counts.get(t.name, 0) + len(rows)


def _iso_date(v):
    return None if v is None else v.isoformat()


def _iso_datetime(v):
    # SQLAlchemy's SQLite DATETIME storage format, so string comparisons agree with the app's.
    return None if v is None else v.strftime("%Y-%m-%d %H:%M:%S.%f")


def _storage(col_type):
    if isinstance(col_type, DateTime):
        return _iso_datetime
    if isinstance(col_type, Date):
        return _iso_date
    if isinstance(col_type, Boolean):
        return lambda v: None if v is None else int(v)
    return None


def _settings(s: Synth) -> None:
    values = {
        "organisation_name": "Synthetic Gathering",
        "departing_leader": "Person 2",
        "transition_start_date": "2026-06-01",
        "planned_handover_date": "2027-08-31",
        "demo_loaded": False,
    }
    s.bulk(Setting, [{"key": k, "value_json": json.dumps(v)} for k, v in values.items()])


def _people_and_users(s: Synth) -> None:
    n_people = s.n(30) + s.n(7) + s.n(4)
    # Staff as in the demo (10 of its 25 people): the emerging leaders (7 per demo unit) and
    # 3 more per unit; mentors and the rest are outside the staff.
    first_leader = n_people - s.n(4) - s.n(7) + 1
    staff = set(range(14, 14 + s.n(3))) | set(range(first_leader, first_leader + s.n(7)))
    rows = [
        {
            "id": i,
            "full_name": f"Person {i}",
            "email": f"p{i}@bench.example",
            "title": "Staff",
            "board_role": (
                "chair" if i == 3 else "vice_chair" if i == 4 else "member" if i < 14 else None
            ),
            "is_staff": i in staff,
            "is_fictional": True,
            "active": True,
            "version": 1,
            "created_at": NOW,
            "updated_at": NOW,
        }
        for i in range(1, n_people + 1)
    ]
    s.bulk(Person, rows)
    s.ids["person"] = [r["id"] for r in rows]
    pw = hash_password("bench-password")
    # The mentor account belongs to the first mentor (see _leaders).
    users = []
    for i, username in enumerate(BENCH_USERS + BOARD_MEMBERS[1:], start=1):
        person_id = {"board": 3, "ceo": 2, "mentor": n_people - s.n(4) + 1}.get(username, 20 + i)
        users.append(
            {
                "id": i,
                "username": username,
                "password_hash": pw,
                "role": "board" if username in BOARD_MEMBERS else username,
                "person_id": person_id,
                "active": True,
                "failed_logins": 0,
                "version": 1,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
    s.bulk(UserAccount, users)


def _leaders(s: Synth) -> None:
    rng, people = s.rng, s.ids["person"]
    n_leaders, n_mentors = s.n(7), s.n(4)
    mentors = people[-n_mentors:]
    leader_people = people[-(n_mentors + n_leaders) : -n_mentors]
    rows, links = [], []
    for i, pid in enumerate(leader_people, start=1):
        start = date(2024, 11, 1) + timedelta(days=rng.randrange(0, 300))
        rows.append(
            {
                "id": i,
                "person_id": pid,
                "target_role": "Director",
                "cohort_start": start,
                "status": "active" if rng.random() > 0.1 else "graduated",
                "readiness": rng.choice(READINESS),
                "version": 1,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        first = mentors[(i - 1) % n_mentors]
        links.append({"leader_id": i, "mentor_person_id": first, "started_on": start})
        if rng.random() < 0.4:
            other = rng.choice(mentors)
            if other != first:
                links.append({"leader_id": i, "mentor_person_id": other, "started_on": start})
    s.bulk(EmergingLeader, rows)
    s.bulk(Mentorship, links)
    s.ids["leader"] = [r["id"] for r in rows]
    s.ids["mentor_person"] = list(mentors)


def _plan(s: Synth) -> None:
    rng = s.rng
    phases = [
        ("Prepare", date(2026, 6, 1), date(2026, 10, 31)),
        ("Search and select", date(2026, 11, 1), date(2027, 4, 30)),
        ("Handover", date(2027, 5, 1), date(2027, 8, 31)),
        ("Settle in", date(2027, 9, 1), date(2027, 12, 15)),
    ]
    s.bulk(
        Phase,
        [
            {"id": i, "name": n, "position": i, "start_date": a, "end_date": b, "version": 1}
            for i, (n, a, b) in enumerate(phases, start=1)
        ],
    )
    rows = []
    for i in range(1, s.n(50) + 1):
        ph = rng.randrange(4)
        a, b = phases[ph][1], phases[ph][2]
        start = a + timedelta(days=rng.randrange(0, (b - a).days))
        finish = start + timedelta(days=rng.randrange(5, 60))
        slip = rng.choice([0, 0, 0, 0, 7, 21, 42])
        done = finish < TODAY and rng.random() < 0.8
        rows.append(
            {
                "id": i,
                "phase_id": ph + 1,
                "title": f"Milestone {i}",
                "owner_person_id": rng.choice(s.ids["person"][:40]),
                "baseline_start": start,
                "baseline_finish": finish,
                "forecast_start": start,
                "forecast_finish": finish + timedelta(days=slip),
                "completed_on": finish if done else None,
                "status": "done" if done else rng.choice(["not_started", "on_track", "at_risk"]),
                "visible_to_board": True,
                "is_handover": i == 1,
                "notes": None,
                "version": 1,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
    s.bulk(Milestone, rows)
    s.ids["milestone"] = [r["id"] for r in rows]
    items = []
    for i in range(1, s.n(200) + 1):
        status = rng.choice(["not_started", "in_progress", "done", "done", "not_applicable"])
        items.append(
            {
                "id": i,
                "category": rng.choice(CHECKLIST_CATEGORIES),
                "title": f"Item {i}",
                "owner_person_id": rng.choice(s.ids["person"][:40]),
                "due_date": TODAY + timedelta(days=rng.randrange(-120, 300)),
                "status": status,
                "is_authority_transfer": rng.random() < 0.2,
                "evidence": None,
                "resolution_date": None,
                "completed_at": NOW if status == "done" else None,
                "completed_by_user_id": None,
                "version": 1,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
    s.bulk(ChecklistItem, items)


def _audit(s: Synth) -> None:
    rng = s.rng
    entities = ("milestone", "checklist_item", "emerging_leader", "person")
    rows = []
    for _ in range(s.n(1000)):
        at = NOW - timedelta(minutes=rng.randrange(0, 60 * 24 * 365))
        rows.append(
            {
                "at": at,
                "actor_user_id": rng.randrange(1, 7),
                "actor_name": "bench",
                "action": "update",
                "entity": rng.choice(entities),
                "entity_id": str(rng.randrange(1, 200)),
                "field": "status",
                "old_value": "not_started",
                "new_value": "done",
            }
        )
    s.bulk(AuditLog, rows)


# Areas append (name, generator) here from bench/synth_<area>.py via register().
AREA_GENERATORS: list[tuple[str, Callable[[Synth], None]]] = [
    ("settings", _settings),
    ("people", _people_and_users),
    ("leaders", _leaders),
    ("plan", _plan),
]
LAST_GENERATORS: list[tuple[str, Callable[[Synth], None]]] = [("audit", _audit)]


def register(name: str, generator: Callable[[Synth], None]) -> None:
    AREA_GENERATORS.append((name, generator))


def build(engine: Engine, scale: int, seed: int = 2026) -> Synth:
    """Fill an empty, migrated database with a synthetic organisation of the given scale."""
    import bench.synth_areas  # noqa: F401  (registers the areas' generators)

    s = Synth(engine=engine, scale=scale, rng=random.Random(seed * 1000 + scale))
    for _, gen in AREA_GENERATORS + LAST_GENERATORS:
        gen(s)
    return s
