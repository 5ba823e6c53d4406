"""Demo loader: the leadership pipeline's two years of history (data/demo/leadership/).

Runs after the organisation loader, which created the leaders and their mentors. Sessions are
read by the same parser and checks as `gfj import sessions`, so the demo file is also a worked
example of the import format.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.demo.organisation import people_by_name
from gfj_core.demo.source import read_yaml
from gfj_core.errors import ValidationFailed
from gfj_core.imports.sessions import parse_sessions_csv, validate_sessions, write_sessions
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    DevelopmentGoal,
    EmergingLeader,
    LeaderOutcome,
    ReadinessRating,
    StrategicExposure,
    TrainingCompletion,
    TrainingModule,
)
from gfj_core.services.leader_assessments import sync_readiness

FOLDER = "leadership"
DEMO_AS_OF = date(2026, 11, 22)


def _csv(demo_dir: Path, name: str) -> list[dict[str, str]]:
    with (demo_dir / FOLDER / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _day(text: str) -> date:
    return date.fromisoformat(text)


def load(session: Session, demo_dir: Path) -> None:
    people = people_by_name(session)
    leaders = {
        leader.person.full_name: leader for leader in session.scalars(select(EmergingLeader))
    }
    expected = {leader: row.readiness for leader, row in leaders.items()}

    competencies = {}
    for position, c in enumerate(
        read_yaml(f"{FOLDER}/competencies.yaml", demo_dir)["competencies"], 1
    ):
        competencies[c["name"]] = Competency(
            name=c["name"], description=c.get("description"), position=position
        )
    modules = {}
    for position, m in enumerate(
        read_yaml(f"{FOLDER}/training_modules.yaml", demo_dir)["modules"], 1
    ):
        modules[m["name"]] = TrainingModule(
            name=m["name"],
            description=m.get("description"),
            hours=m.get("hours"),
            is_core=m.get("core", True),
            position=position,
        )
    session.add_all([*competencies.values(), *modules.values()])
    session.flush()

    for r in _csv(demo_dir, "readiness.csv"):
        session.add(
            ReadinessRating(
                leader_id=leaders[r["leader"]].id,
                rated_on=_day(r["rated_on"]),
                level=r["level"],
                rater_person_id=people[r["rater"]].id,
                note=r["note"] or None,
            )
        )
    for r in _csv(demo_dir, "assessments.csv"):
        session.add(
            CompetencyAssessment(
                leader_id=leaders[r["leader"]].id,
                competency_id=competencies[r["competency"]].id,
                score=int(r["score"]),
                assessor_person_id=people[r["assessor"]].id,
                assessed_on=_day(r["assessed_on"]),
                comment=r["comment"] or None,
            )
        )
    for r in _csv(demo_dir, "goals.csv"):
        session.add(
            DevelopmentGoal(
                leader_id=leaders[r["leader"]].id,
                title=r["title"],
                kind=r["kind"],
                target_date=_day(r["target_date"]) if r["target_date"] else None,
                progress_pct=int(r["progress_pct"]),
                status=r["status"],
            )
        )
    for r in _csv(demo_dir, "training_completions.csv"):
        session.add(
            TrainingCompletion(
                leader_id=leaders[r["leader"]].id,
                module_id=modules[r["module"]].id,
                completed_on=_day(r["completed_on"]),
            )
        )
    for r in _csv(demo_dir, "exposures.csv"):
        session.add(
            StrategicExposure(
                leader_id=leaders[r["leader"]].id,
                occurred_on=_day(r["occurred_on"]),
                kind=r["kind"],
                description=r["description"],
            )
        )
    for o in read_yaml(f"{FOLDER}/outcomes.yaml", demo_dir)["outcomes"]:
        session.add(
            LeaderOutcome(
                leader_id=leaders[o["leader"]].id,
                role_title=o["role_title"],
                organisation=o["organisation"],
                started_on=o["started_on"],
                preparedness_score=o.get("preparedness_score"),
                feedback_comment=o.get("feedback_comment"),
                feedback_from=o.get("feedback_from"),
            )
        )
    session.flush()

    text = (demo_dir / FOLDER / "sessions.csv").read_text(encoding="utf-8")
    rows, problems = parse_sessions_csv(text)
    valid, more = validate_sessions(session, rows, today=DEMO_AS_OF)
    if problems or more:
        raise ValidationFailed("The demo sessions file is invalid.", problems + more)
    write_sessions(session, valid, logged_on=None)

    # The history must end where leaders.yaml says each leader stands today.
    for name, leader in leaders.items():
        sync_readiness(session, leader)
        if leader.readiness != expected[name]:
            raise ValueError(
                f"demo: {name}'s latest readiness rating is {leader.readiness}, but leaders.yaml "
                f"says {expected[name]}."
            )
