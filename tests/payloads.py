"""HTML and script payloads written into free-text fields through the real services, for the
tests that show them back (tests/ui/test_payloads_as_text.py in AppTest, tests/e2e/test_payloads.py
in Chromium): each must appear on screen as the literal text someone typed, never as markup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select

from gfj_core.db import session_scope
from gfj_core.models import Milestone
from gfj_core.schemas.board import DecisionCreate, MeetingCreate
from gfj_core.schemas.leadership import SessionCreate
from gfj_core.schemas.transition import MilestoneUpdate
from gfj_core.services.board_meetings import record_meeting
from gfj_core.services.leader_scope import mentored_leader_ids
from gfj_core.services.mentoring import record_session
from gfj_core.services.surveys import import_survey_responses
from gfj_core.services.timeline import update_milestone
from tests.conftest import DEMO_TODAY, demo_actor

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def payload(where: str) -> str:
    """Both payloads, tagged so each field's text can be found on its own page."""
    return f"{where} {SCRIPT} {IMG}"


@dataclass(frozen=True)
class Seeded:
    milestone_id: int
    milestone_title: str
    meeting_title: str
    meeting_id: int
    leader_name: str
    leader_id: int
    survey_key: str

    notes = payload("MilestoneNote")
    decision = payload("MeetingDecision")
    answer = payload("SurveyAnswer")
    shared_notes = payload("SessionNotes")


SURVEY_KEY = "future_leadership_qualities"
SURVEY_CSV = (f'Timestamp,Answer\n2026-11-20 10:00,"{payload("SurveyAnswer")}"\n').encode()


def seed_payloads(engine: Engine) -> Seeded:
    """Write one payload into each of four free-text fields, as the people who write them:
    a milestone's notes (ceo), a board decision (board), a survey answer (admin's import) and a
    mentoring session's shared notes (the demo mentor, for one of their mentees)."""
    ceo, board, admin, mentor = (demo_actor(engine, u) for u in ("ceo", "board", "admin", "mentor"))
    with session_scope(engine, write=True, actor=ceo) as s:
        m = s.scalars(select(Milestone).order_by(Milestone.id)).first()
        milestone_id, milestone_title = m.id, m.title
        update_milestone(
            s,
            m.id,
            MilestoneUpdate(notes=Seeded.notes),
            expected_version=m.version,
            today=DEMO_TODAY,
            actor=ceo,
        )
    meeting_title = "Payload check meeting"
    with session_scope(engine, write=True, actor=board) as s:
        meeting_id = record_meeting(
            s,
            MeetingCreate(
                held_on=date(2026, 11, 21),
                title=meeting_title,
                attended_person_ids=[board.person_id],
                decisions=[DecisionCreate(text=Seeded.decision)],
            ),
            actor=board,
            today=DEMO_TODAY,
        ).id
    with session_scope(engine, write=True, actor=admin) as s:
        import_survey_responses(
            s,
            survey_key=SURVEY_KEY,
            filename="payload.csv",
            content=SURVEY_CSV,
            mapping={"Timestamp": "timestamp", "Answer": "question:carry_forward"},
            default_group="community",
            round_label="Payload round",
            actor=admin,
        )
    with session_scope(engine, write=True, actor=mentor) as s:
        leader_id = min(s.scalars(mentored_leader_ids(mentor)))
        read = record_session(
            s,
            SessionCreate(
                leader_id=leader_id,
                held_on=DEMO_TODAY,
                minutes=45,
                shared_notes=Seeded.shared_notes,
            ),
            today=DEMO_TODAY,
            actor=mentor,
        )
        leader_name = read.leader_name
    return Seeded(
        milestone_id=milestone_id,
        milestone_title=milestone_title,
        meeting_title=meeting_title,
        meeting_id=meeting_id,
        leader_name=leader_name,
        leader_id=leader_id,
        survey_key=SURVEY_KEY,
    )
