"""Demo loader: transition phases, milestones and the exit checklist."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from sqlalchemy.orm import Session

from gfj_core.demo import read_yaml
from gfj_core.demo.organisation import people_by_name
from gfj_core.models import ChecklistItem, Milestone, Phase


def load(session: Session, demo_dir: Path) -> None:
    plan = read_yaml("plan.yaml", demo_dir)
    people = people_by_name(session)

    phases = {}
    for position, p in enumerate(plan["phases"], start=1):
        phase = Phase(name=p["name"], position=position, start_date=p["start"], end_date=p["end"])
        session.add(phase)
        phases[p["name"]] = phase
    session.flush()

    for m in plan["milestones"]:
        done = m["status"] == "done"
        session.add(
            Milestone(
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
                notes=m.get("notes"),
            )
        )

    for c in plan["checklist"]:
        completed = c.get("completed")
        session.add(
            ChecklistItem(
                category=c["category"],
                title=c["title"],
                owner_person_id=people[c["owner"]].id,
                due_date=c.get("due"),
                status=c["status"],
                is_authority_transfer=c.get("authority", False),
                evidence=c.get("evidence"),
                resolution_date=c.get("resolution"),
                completed_at=datetime.combine(completed, time(17, 0)) if completed else None,
            )
        )
