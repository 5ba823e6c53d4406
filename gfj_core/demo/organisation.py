"""Demo loader: settings, people, sign-in accounts, leaders and mentors."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.demo.source import DEMO_PASSWORD_PREFIX, read_yaml
from gfj_core.models import EmergingLeader, Mentorship, Person, UserAccount
from gfj_core.schemas.settings import OrgSettings
from gfj_core.services.auth import hash_password
from gfj_core.services.org_settings import write_settings

DEMO_USERNAMES = ("board", "ceo", "treasurer", "mentor", "staff", "admin")


def people_by_name(session: Session) -> dict[str, Person]:
    return {p.full_name: p for p in session.scalars(select(Person))}


def load(session: Session, demo_dir: Path) -> None:
    org = read_yaml("organisation.yaml", demo_dir)
    settings = OrgSettings.model_validate({**org["settings"], "demo_loaded": True})
    write_settings(session, settings, set(OrgSettings.model_fields))

    for p in org["people"]:
        session.add(
            Person(
                full_name=p["full_name"],
                title=p.get("title"),
                email=p.get("email"),
                board_role=p.get("board_role"),
                is_staff=p.get("staff", False),
                is_fictional=p.get("fictional", True),
                active=p.get("active", True),
            )
        )
    session.flush()
    people = people_by_name(session)

    for u in org["users"]:
        session.add(
            UserAccount(
                username=u["username"],
                role=u["role"],
                person_id=people[u["person"]].id,
                password_hash=hash_password(DEMO_PASSWORD_PREFIX + u["username"]),
            )
        )

    for row in read_yaml("leaders.yaml", demo_dir)["leaders"]:
        leader = EmergingLeader(
            person_id=people[row["person"]].id,
            target_role=row["target_role"],
            cohort_start=row["cohort_start"],
            readiness=row.get("readiness"),
        )
        session.add(leader)
        session.flush()
        for mentor in row["mentors"]:
            session.add(
                Mentorship(
                    leader_id=leader.id,
                    mentor_person_id=people[mentor].id,
                    started_on=row["cohort_start"],
                )
            )
