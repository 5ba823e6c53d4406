"""Unique marker strings in every restricted field of the demo organisation (issue 16): the
fixture `marked` for the marker test (tests/services/test_visibility_markers.py) and the
visibility regression tests. Registered as a plugin in tests/conftest.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.models import (
    ChecklistItem,
    Competency,
    CompetencyAssessment,
    EmergingLeader,
    KeyRelationship,
    MentoringSession,
    Mentorship,
    Milestone,
    Person,
    Phase,
    Story,
)
from gfj_core.schemas.auth import SYSTEM
from tests.conftest import DEMO_TODAY, demo_actor

USERS = {
    Role.admin: "admin",
    Role.board: "board",
    Role.treasurer: "treasurer",
    Role.ceo: "ceo",
    Role.mentor: "mentor",
    Role.staff: "staff",
}
MENTOR_PERSON_USERNAME = "mentor"

# marker -> (roles that may see it, roles for which it must be found)
HIDDEN_MILESTONE = "MKHIDDENMILESTONE"
CHECKLIST_TITLE = "MKCHECKLISTTITLE"
CHECKLIST_EVIDENCE = "MKCHECKLISTEVIDENCE"
LEADER_NAME = "Mkleadername Restricted"
PRIVATE_NOTE = "MKPRIVATENOTE"
UNCONSENTED_STORY = "MKSTORYWITHOUTCONSENT"
KEY_RELATIONSHIP = "MKKEYRELATIONSHIP"
ASSESSMENT_COMMENT = "MKASSESSMENTCOMMENT"
SURVEY_ANSWER = "MKSURVEYANSWER"
SURVEY_KEY = "future_leadership_qualities"

ALLOWED = {
    HIDDEN_MILESTONE: {Role.admin, Role.ceo},
    CHECKLIST_TITLE: {Role.admin, Role.board, Role.ceo},
    CHECKLIST_EVIDENCE: {Role.admin, Role.board, Role.ceo},
    # The mentor is the leader's own mentor: they see their mentee by name.
    LEADER_NAME: {Role.admin, Role.board, Role.ceo, Role.mentor},
    # Only the note's author (the demo mentor) ever sees it.
    PRIVATE_NOTE: {Role.mentor},
    # A story without the storyteller's consent: story editors only.
    UNCONSENTED_STORY: {Role.admin, Role.ceo, Role.staff},
    # The continuity registers name people and gaps: board, CEO, admin.
    KEY_RELATIONSHIP: {Role.admin, Role.board, Role.ceo},
    # An individual assessment: roles with leadership access (the mentor for their mentee).
    ASSESSMENT_COMMENT: {Role.admin, Role.board, Role.ceo, Role.mentor},
    # An individual survey answer: the evaluation readers (never the treasurer or a mentor).
    SURVEY_ANSWER: {Role.admin, Role.board, Role.ceo, Role.staff},
}


@pytest.fixture
def marked(demo_db):
    """The demo organisation plus one restricted value per kind, changed after the last board
    meeting (15 Oct 2026) so the digest reports them."""
    mentor = demo_actor(demo_db, MENTOR_PERSON_USERNAME)
    when = datetime.combine(DEMO_TODAY - timedelta(days=3), datetime.min.time()) + timedelta(
        hours=10
    )
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        s.info["audit_at"] = when - timedelta(days=20)
        phase = s.scalars(select(Phase).order_by(Phase.position)).first()
        ms = Milestone(
            phase_id=phase.id,
            title=HIDDEN_MILESTONE,
            baseline_start=date(2026, 9, 1),
            baseline_finish=date(2026, 10, 20),
            forecast_start=date(2026, 9, 1),
            forecast_finish=date(2026, 10, 25),
            status="at_risk",
            visible_to_board=False,
        )
        item = ChecklistItem(
            category="knowledge",
            title=CHECKLIST_TITLE,
            status="in_progress",
            evidence=CHECKLIST_EVIDENCE,
            is_authority_transfer=True,
        )
        person = Person(full_name=LEADER_NAME, is_staff=True)
        s.add_all([ms, item, person])
        s.add(
            Story(
                title=UNCONSENTED_STORY,
                body="A story told before consent was given",
                kind="story",
                storyteller="A storyteller",
                collected_on=date(2026, 11, 1),
                consent=False,
            )
        )
        s.add(KeyRelationship(name=KEY_RELATIONSHIP, kind="partner"))
        s.flush()
        leader = EmergingLeader(
            person_id=person.id,
            target_role="Deputy director",
            cohort_start=date(2026, 1, 15),
            status="active",
            readiness="ready_1_2_years",
        )
        s.add(leader)
        s.flush()
        s.add(
            Mentorship(
                leader_id=leader.id, mentor_person_id=mentor.person_id, started_on=date(2026, 2, 1)
            )
        )
        s.add(
            MentoringSession(
                leader_id=leader.id,
                mentor_person_id=mentor.person_id,
                held_on=DEMO_TODAY - timedelta(days=5),
                minutes=45,
                topics="Budget",
                shared_notes="Shared notes anyone with leadership access may read",
                private_notes=PRIVATE_NOTE,
                logged_on=DEMO_TODAY - timedelta(days=5),
            )
        )
        s.add(
            CompetencyAssessment(
                leader_id=leader.id,
                competency_id=s.scalars(select(Competency.id).order_by(Competency.id)).first(),
                score=4,
                assessor_person_id=mentor.person_id,
                assessed_on=DEMO_TODAY - timedelta(days=5),
                comment=ASSESSMENT_COMMENT,
            )
        )
        ids = (ms.id, item.id, leader.id)
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        s.info["audit_at"] = when
        ms, item, leader = s.get(Milestone, ids[0]), s.get(ChecklistItem, ids[1]), None
        ms.forecast_finish = date(2026, 11, 10)  # slipped in the window, and now late
        item.status = "done"
        item.completed_at = when
        leader = s.get(EmergingLeader, ids[2])
        leader.readiness = "ready_now"
    from gfj_core.services.surveys import import_survey_responses

    admin = demo_actor(demo_db, "admin")
    with session_scope(demo_db, write=True, actor=admin) as s:
        import_survey_responses(
            s,
            survey_key=SURVEY_KEY,
            filename="markers.csv",
            content=f"Timestamp,Answer\n2026-11-20 10:00,{SURVEY_ANSWER} in a sentence\n".encode(),
            mapping={"Timestamp": "timestamp", "Answer": "question:carry_forward"},
            default_group="community",
            round_label="Marker round",
            actor=admin,
        )
    return demo_db
