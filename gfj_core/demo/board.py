"""Demo loader: board and committee meetings since March 2026 (attendance, decisions, action
items, the scorecard as recorded at each board meeting) and the recorded history since the
October board meeting, which the "since last meeting" digest reads."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from gfj_core.demo.organisation import people_by_name
from gfj_core.demo.source import read_yaml
from gfj_core.models import (
    ActionItem,
    AuditLog,
    BoardMeeting,
    ChecklistItem,
    EmergingLeader,
    MeetingAttendance,
    MeetingDecision,
    Milestone,
    Person,
    ScorecardSnapshot,
    UserAccount,
)

BOARD_DIR = "board"
# The demo story is told as of this day (see data/demo/README.md).
DEMO_TODAY = date(2026, 11, 22)


def _invited(kind: str, board: list[str], committee: list[str], ex_officio: list[str]) -> list[str]:
    return [*(board if kind == "board" else committee), *ex_officio]


def load_meetings(session: Session, demo_dir: Path) -> None:
    data = read_yaml(f"{BOARD_DIR}/meetings.yaml", demo_dir)
    people = people_by_name(session)
    board = [p.full_name for p in people.values() if p.board_role]
    for m in data["meetings"]:
        status = m.get("status", "held")
        meeting = BoardMeeting(
            held_on=m["date"],
            kind=m["kind"],
            title=m["title"],
            status=status,
            agenda="\n".join(m.get("agenda", [])),
        )
        session.add(meeting)
        session.flush()
        if status == "held":
            absent = set(m.get("absent", []))
            for name in _invited(m["kind"], board, data["committee"], data["ex_officio"]):
                session.add(
                    MeetingAttendance(
                        meeting_id=meeting.id,
                        person_id=people[name].id,
                        attended=name not in absent,
                    )
                )
        for i, d in enumerate(m.get("decisions", []), start=1):
            session.add(
                MeetingDecision(
                    meeting_id=meeting.id, position=i, text=d["text"], reference=d.get("reference")
                )
            )
        for a in m.get("actions", []):
            session.add(
                ActionItem(
                    raised_meeting_id=meeting.id,
                    title=a["title"],
                    owner_person_id=people[a["owner"]].id,
                    due_date=a.get("due"),
                    status=a["status"],
                    closed_on=a.get("closed"),
                )
            )
        for s in m.get("snapshot", []):
            session.add(
                ScorecardSnapshot(
                    meeting_id=meeting.id,
                    tile_key=s["tile"],
                    label=s["label"],
                    value=s["value"],
                    value_text=str(s["text"]),
                    light=s["light"],
                )
            )


def _record_ids(session: Session) -> dict[str, dict[str, object]]:
    """entity -> {record name -> the row}, for the tables the history refers to."""
    leaders = session.execute(
        select(Person.full_name, EmergingLeader).join(
            EmergingLeader, EmergingLeader.person_id == Person.id
        )
    ).all()
    return {
        "milestone": {m.title: m for m in session.scalars(select(Milestone))},
        "checklist_item": {c.title: c for c in session.scalars(select(ChecklistItem))},
        "emerging_leader": {name: el for name, el in leaders},
    }


def load_history(session: Session, demo_dir: Path) -> None:
    changes = read_yaml(f"{BOARD_DIR}/history.yaml", demo_dir)["changes"]
    records = _record_ids(session)
    users = dict(session.execute(select(UserAccount.username, UserAccount.id)).all())
    rows, final = [], {}
    for c in changes:
        row = records[c["entity"]].get(c["record"])
        if row is None:
            raise ValueError(f"history.yaml: no {c['entity']} named {c['record']!r}")
        at = c["at"] if isinstance(c["at"], datetime) else datetime.fromisoformat(str(c["at"]))
        rows.append(
            {
                "at": at,
                "actor_user_id": users.get(c["actor"]),
                "actor_name": c["actor"],
                "action": "update",
                "entity": c["entity"],
                "entity_id": str(row.id),
                "field": c["field"],
                "old_value": _text(c.get("old")),
                "new_value": _text(c.get("new")),
            }
        )
        final[(c["entity"], c["record"], c["field"])] = (row, _text(c.get("new")))
    # The story must end where the other demo files stand today.
    for (entity, record, field), (row, value) in final.items():
        now = _text(getattr(row, field))
        if now != value:
            raise ValueError(
                f"history.yaml: {entity} {record!r} ends with {field}={value!r}, "
                f"but the demo data says {now!r}"
            )
    rows.extend(_dated_inserts(session, users))
    session.execute(insert(AuditLog), sorted(rows, key=lambda r: r["at"]))


# Other areas' dated rows whose creation the digest counts: (table, date column, hour logged,
# the person column whose account logged it, the columns recorded). Notes are never recorded.
DATED_INSERTS = (
    ("mentoring_session", "held_on", 19, "mentor_person_id", ("leader_id", "held_on", "minutes")),
    ("readiness_rating", "rated_on", 17, "rater_person_id", ("leader_id", "rated_on", "level")),
)


def _dated_inserts(session: Session, users: dict[str, int]) -> list[dict]:
    """Insert rows for the sessions and ratings dated after the last board meeting (tables of
    the leadership area, read by name so this loader does not depend on its models)."""
    from gfj_core.models import Base

    last = session.scalar(
        select(func.max(BoardMeeting.held_on)).where(
            BoardMeeting.kind == "board", BoardMeeting.status == "held"
        )
    )
    if last is None:
        return []
    user_of_person = {
        pid: (uid, name)
        for uid, name, pid in session.execute(
            select(UserAccount.id, UserAccount.username, UserAccount.person_id)
        ).all()
    }
    rows = []
    for table_name, day_col, hour, who_col, recorded in DATED_INSERTS:
        table = Base.metadata.tables.get(table_name)
        if table is None:
            continue
        q = select(table.c.id, table.c[who_col], *(table.c[c] for c in recorded)).where(
            table.c[day_col] > last, table.c[day_col] <= DEMO_TODAY
        )
        for row in session.execute(q).mappings():
            uid, uname = user_of_person.get(row[who_col], (None, "system"))
            at = datetime.combine(row[day_col], time(hour, 0))
            for col in recorded:
                rows.append(
                    {
                        "at": at,
                        "actor_user_id": uid,
                        "actor_name": uname,
                        "action": "insert",
                        "entity": table_name,
                        "entity_id": str(row["id"]),
                        "field": col,
                        "old_value": None,
                        "new_value": _text(row[col]),
                    }
                )
    return rows


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def load(session: Session, demo_dir: Path) -> None:
    load_meetings(session, demo_dir)
    session.flush()
    load_history(session, demo_dir)
