"""Synthetic continuity: milestone dependencies (acyclic), the emergency backup plan, the
knowledge register and who can do each function, key relationships, the founder's role.
Shapes follow gfj_core/demo/continuity.py and gfj_core/demo/plan.py."""

from __future__ import annotations

from datetime import date, timedelta

from bench.synth import NOW, TODAY, Synth, register
from gfj_core.models import (
    BackupFunction,
    FounderRole,
    KeyRelationship,
    KnowledgeCapability,
    KnowledgeFunction,
    MilestoneDependency,
)

STAMP = {"created_at": NOW, "updated_at": NOW}
AREAS = ("fundraising", "programs", "operations", "finance", "governance", "external")
DOCS = ("none", "draft", "reviewed", "handed_over")
HANDOFF = ("not_started", "introduced", "transferred")


def _continuity(s: Synth) -> None:
    rng = s.rng
    staff = s.ids["person"][13:40]
    # Finish-to-start links to an earlier milestone only (ids ascend), so there is no loop;
    # about 1.2 per milestone as in the demo, and only within a window of 20 so chains stay short.
    deps = set()
    for mid in s.ids["milestone"][1:]:
        for _ in range(rng.choice((0, 1, 1, 2, 2))):
            dep = rng.randrange(max(1, mid - 20), mid)
            deps.add((mid, dep))
    s.bulk(
        MilestoneDependency,
        [{"milestone_id": m, "depends_on_id": d} for m, d in sorted(deps)],
    )

    s.bulk(
        BackupFunction,
        [
            {
                "id": i,
                "name": f"Priority function {i}",
                "position": i,
                "description": "Covered if the CEO is suddenly unavailable.",
                "backup_person_id": rng.choice(staff) if rng.random() < 0.85 else None,
                "cross_training": rng.choice(("not_started", "in_progress", "cross_trained")),
                "last_rehearsed_on": (
                    TODAY - timedelta(days=rng.randrange(10, 500)) if rng.random() < 0.6 else None
                ),
                "notes": None,
                "version": 1,
                **STAMP,
            }
            for i in range(1, s.n(8) + 1)
        ],
    )

    n_fn = s.n(14)
    s.bulk(
        KnowledgeFunction,
        [
            {
                "id": i,
                "name": f"Knowledge function {i}",
                "area": AREAS[i % len(AREAS)],
                "documentation": rng.choice(DOCS),
                "documentation_location": None,
                "notes": None,
                "version": 1,
                **STAMP,
            }
            for i in range(1, n_fn + 1)
        ],
    )
    caps = []
    for fid in range(1, n_fn + 1):
        # The departing leader (person 2) is expert in most; others can do or are learning.
        people = {2} if rng.random() < 0.8 else set()
        people |= set(rng.sample(staff, rng.randrange(0, 3)))
        for pid in sorted(people):
            level = "expert" if pid == 2 else rng.choice(("learning", "can_do", "expert"))
            caps.append({"function_id": fid, "person_id": pid, "level": level})
    s.bulk(KnowledgeCapability, caps)

    s.bulk(
        KeyRelationship,
        [
            {
                "id": i,
                "name": f"Relationship {i}",
                "kind": rng.choice(("partner", "official", "vendor", "other")),
                "owner_person_id": 2 if rng.random() < 0.7 else rng.choice(staff),
                "successor_person_id": rng.choice(staff) if rng.random() < 0.6 else None,
                "introduction_meeting_on": (
                    TODAY - timedelta(days=rng.randrange(1, 200)) if rng.random() < 0.4 else None
                ),
                "handoff_status": rng.choice(HANDOFF),
                "notes": None,
                "version": 1,
                **STAMP,
            }
            for i in range(1, s.n(14) + 1)
        ],
    )
    s.bulk(
        FounderRole,
        [
            {
                "id": 1,
                "person_id": 2,
                "role": "emeritus",
                "title": "President & CEO Emerita",
                "includes": "Ambassador for the legacy.",
                "excludes": "Staff supervision; signing authority.",
                "starts_on": date(2027, 9, 1),
                "review_on": date(2028, 3, 1),
                "condition_smaller": "met",
                "condition_valued": "met",
                "condition_welcomed": "unknown",
                "board_status": "proposed",
                "board_reviewed_on": None,
                "notes": None,
                "version": 1,
                **STAMP,
            }
        ],
    )


register("continuity", _continuity)
