"""Demo loader: the emergency backup plan, the knowledge register, non-funder relationships and
the departing CEO's role after departure (data/demo/continuity.yaml)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from gfj_core.demo.organisation import people_by_name
from gfj_core.demo.source import read_yaml
from gfj_core.models import (
    BackupFunction,
    FounderRole,
    KeyRelationship,
    KnowledgeCapability,
    KnowledgeFunction,
)
from gfj_core.services.org_settings import load_org_settings


def load(session: Session, demo_dir: Path) -> None:
    data = read_yaml("continuity.yaml", demo_dir)
    people = people_by_name(session)

    def pid(name: str | None) -> int | None:
        return people[name].id if name else None

    for position, f in enumerate(data["backup_functions"], start=1):
        session.add(
            BackupFunction(
                name=f["name"],
                position=position,
                description=f.get("description"),
                backup_person_id=pid(f.get("backup")),
                cross_training=f["cross_training"],
                last_rehearsed_on=f.get("rehearsed"),
                notes=f.get("notes"),
            )
        )

    for k in data["knowledge_functions"]:
        function = KnowledgeFunction(
            name=k["name"],
            area=k["area"],
            documentation=k["documentation"],
            documentation_location=k.get("location"),
            notes=k.get("notes"),
        )
        session.add(function)
        session.flush()
        for person, level in k["who"].items():
            session.add(
                KnowledgeCapability(function_id=function.id, person_id=pid(person), level=level)
            )

    for r in data["relationships"]:
        session.add(
            KeyRelationship(
                name=r["name"],
                kind=r["kind"],
                owner_person_id=pid(r.get("owner")),
                successor_person_id=pid(r.get("successor")),
                introduction_meeting_on=r.get("introduced"),
                handoff_status=r["status"],
                notes=r.get("notes"),
            )
        )

    role = data["founder_role"]
    departing = load_org_settings(session).departing_leader
    session.add(FounderRole(person_id=pid(departing), **role))
