"""Demo loader: transition phases, milestones with their dependencies, and the exit checklist."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.demo.organisation import people_by_name
from gfj_core.demo.source import read_yaml
from gfj_core.metrics.transition import depends_on_map, find_loop
from gfj_core.models import ChecklistItem, Milestone, MilestoneDependency, Phase, UserAccount


def load(session: Session, demo_dir: Path) -> None:
    plan = read_yaml("plan.yaml", demo_dir)
    people = people_by_name(session)

    phases = {}
    for position, p in enumerate(plan["phases"], start=1):
        phase = Phase(name=p["name"], position=position, start_date=p["start"], end_date=p["end"])
        session.add(phase)
        phases[p["name"]] = phase
    session.flush()

    by_key: dict[str, Milestone] = {}
    for m in plan["milestones"]:
        done = m["status"] == "done"
        milestone = Milestone(
            phase_id=phases[m["phase"]].id,
            title=m["title"],
            owner_person_id=people[m["owner"]].id,
            baseline_start=m["baseline"][0],
            baseline_finish=m["baseline"][1],
            forecast_start=m["forecast"][0],
            forecast_finish=m["forecast"][1],
            completed_on=m["forecast"][1] if done else None,
            status=m["status"],
            is_handover=m.get("handover", False),
            visible_to_board=m.get("visible_to_board", True),
            notes=m.get("notes"),
        )
        session.add(milestone)
        by_key[m.get("key", m["title"])] = milestone
    session.flush()

    edges = [
        (by_key[m.get("key", m["title"])].id, by_key[dep].id)
        for m in plan["milestones"]
        for dep in m.get("depends_on", [])
    ]
    # The demo file is edited by hand: refuse a loop here as the service would.
    loop = find_loop(depends_on_map(edges))
    if loop:
        raise ValueError(f"plan.yaml: the milestone dependencies form a loop: {loop}")
    session.add_all(MilestoneDependency(milestone_id=m, depends_on_id=d) for m, d in edges)

    # Done items were marked by their owner where the owner signs in, else by the admin (the
    # director of operations keeps the checklist).
    accounts = dict(session.execute(select(UserAccount.person_id, UserAccount.id)).all())
    admin = session.scalar(select(UserAccount.id).where(UserAccount.role == "admin").limit(1))
    for c in plan["checklist"]:
        completed = c.get("completed")
        owner_id = people[c["owner"]].id
        session.add(
            ChecklistItem(
                category=c["category"],
                title=c["title"],
                owner_person_id=owner_id,
                due_date=c.get("due"),
                status=c["status"],
                is_authority_transfer=c.get("authority", False),
                evidence=c.get("evidence"),
                resolution_date=c.get("resolution"),
                completed_at=datetime.combine(completed, time(17, 0)) if completed else None,
                completed_by_user_id=accounts.get(owner_id, admin) if completed else None,
            )
        )
