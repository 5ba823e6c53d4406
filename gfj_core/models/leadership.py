"""The leadership pipeline: emerging leaders, their mentors, readiness history, competencies and
assessments, development goals, training, strategic exposure, mentoring sessions and outcomes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, Timestamped, Versioned
from gfj_core.models.org import Person


class EmergingLeader(Versioned, Timestamped, Base):
    __tablename__ = "emerging_leader"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True, nullable=False)
    target_role: Mapped[str] = mapped_column(String(120), nullable=False)
    cohort_start: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), default="active", index=True, nullable=False)
    # The latest rating (ready_now / ready_1_2_years / ready_3_plus_years), denormalised
    # from the readiness history so the board overview needs no window query.
    readiness: Mapped[str | None] = mapped_column(String(20))
    # When a leader graduated or left, and why (None while active): they leave the active
    # counts but keep their history.
    status_on: Mapped[date | None] = mapped_column(Date)
    status_reason: Mapped[str | None] = mapped_column(String(300))

    person: Mapped[Person] = relationship()


class Mentorship(Versioned, Base):
    """A mentor assigned to a leader; a leader may have several mentors. Ended, never deleted:
    the mentor's sessions keep pointing at the pair."""

    __tablename__ = "mentorship"
    __table_args__ = (UniqueConstraint("leader_id", "mentor_person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    mentor_person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id"), index=True, nullable=False
    )
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date)


class ReadinessRating(Versioned, Timestamped, Base):
    """One succession-readiness rating. The history is append-only; the latest (by date) is
    copied to EmergingLeader.readiness in the same transaction."""

    __tablename__ = "readiness_rating"
    __table_args__ = (Index("ix_readiness_rating_leader_rated", "leader_id", "rated_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    rated_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    # ready_now / ready_1_2_years / ready_3_plus_years
    level: Mapped[str] = mapped_column(String(20), nullable=False)
    rater_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)


class Competency(Versioned, Timestamped, Base):
    """One capacity in the competency framework the CEO maintains. Retired, never deleted:
    old assessments keep pointing at it."""

    __tablename__ = "competency"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class CompetencyAssessment(Versioned, Timestamped, Base):
    __tablename__ = "competency_assessment"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_1_to_5"),
        Index(
            "ix_competency_assessment_leader_comp_on", "leader_id", "competency_id", "assessed_on"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competency.id"), index=True, nullable=False
    )
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    assessor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    assessed_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)


class DevelopmentGoal(Versioned, Timestamped, Base):
    """A development goal in the 70-20-10 sense: experience / relationship / training."""

    __tablename__ = "development_goal"
    __table_args__ = (CheckConstraint("progress_pct BETWEEN 0 AND 100", name="progress_0_to_100"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    target_date: Mapped[date | None] = mapped_column(Date)
    progress_pct: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # not_started / in_progress / done / dropped
    status: Mapped[str] = mapped_column(String(12), default="not_started", nullable=False)


class TrainingModule(Versioned, Base):
    """A leadership-training module. Core modules define "completed training"."""

    __tablename__ = "training_module"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[int | None] = mapped_column(Integer)
    is_core: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Retired from the catalogue (issue 15): hidden and out of "completed training", while the
    # completions that point at it keep their history. None: in the catalogue.
    retired_on: Mapped[date | None] = mapped_column(Date)


class TrainingCompletion(Versioned, Base):
    __tablename__ = "training_completion"
    __table_args__ = (UniqueConstraint("leader_id", "module_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    module_id: Mapped[int] = mapped_column(
        ForeignKey("training_module.id"), index=True, nullable=False
    )
    completed_on: Mapped[date] = mapped_column(Date, nullable=False)
    # What shows it was done: a certificate, the trainer's name, a link.
    evidence: Mapped[str | None] = mapped_column(String(300))


class StrategicExposure(Versioned, Timestamped, Base):
    """A moment of exposure to strategic decision-making (board meeting, funder call, ...)."""

    __tablename__ = "strategic_exposure"
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    occurred_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    # board_meeting / funder_call / budget / testimony / press / partner / other
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    # The decision itself, in a line.
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    # The leader's part: observed / contributed / led (None on rows from before issue 15).
    part: Mapped[str | None] = mapped_column(String(12))
    reflection: Mapped[str | None] = mapped_column(Text)


class MentoringSession(Versioned, Timestamped, Base):
    """A mentoring session, written by its mentor. `private_notes` belong to that mentor alone:
    services return them only to the author, and the audit trail records only that they changed."""

    __tablename__ = "mentoring_session"
    __table_args__ = (
        CheckConstraint("minutes BETWEEN 1 AND 1440", name="minutes_in_a_day"),
        Index("ix_mentoring_session_leader_held", "leader_id", "held_on"),
        Index("ix_mentoring_session_mentor_held", "mentor_person_id", "held_on"),
        # Stale mentorships: latest session per (leader, mentor), read from the index alone.
        Index(
            "ix_mentoring_session_leader_mentor_held", "leader_id", "mentor_person_id", "held_on"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # The mentor who held the session and wrote this record (the author of its private notes).
    mentor_person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id"), index=True, nullable=False
    )
    held_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    # Topics joined by "; " (topics themselves never contain ";").
    topics: Mapped[str | None] = mapped_column(String(500))
    shared_notes: Mapped[str | None] = mapped_column(Text)
    private_notes: Mapped[str | None] = mapped_column(Text, info={"sensitive": True})
    next_session_on: Mapped[date | None] = mapped_column(Date)
    # The day it was written down: the author may correct or delete it for 7 days after.
    logged_on: Mapped[date] = mapped_column(Date, nullable=False)

    action_items: Mapped[list[SessionActionItem]] = relationship(
        back_populates="mentoring_session",
        cascade="all, delete-orphan",
        order_by="SessionActionItem.id",
    )


class SessionActionItem(Versioned, Base):
    __tablename__ = "session_action_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_session.id", ondelete="CASCADE"), index=True, nullable=False
    )
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    done_on: Mapped[date | None] = mapped_column(Date)

    mentoring_session: Mapped[MentoringSession] = relationship(back_populates="action_items")


class LeaderOutcome(Versioned, Timestamped, Base):
    """Where a leader went next, and how prepared they were judged to be (1-5)."""

    __tablename__ = "leader_outcome"
    __table_args__ = (
        CheckConstraint(
            "preparedness_score IS NULL OR preparedness_score BETWEEN 1 AND 5",
            name="preparedness_1_to_5",
        ),
        CheckConstraint(
            "effectiveness_score IS NULL OR effectiveness_score BETWEEN 1 AND 5",
            name="effectiveness_1_to_5",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("emerging_leader.id", ondelete="CASCADE"), index=True, nullable=False
    )
    role_title: Mapped[str] = mapped_column(String(160), nullable=False)
    organisation: Mapped[str] = mapped_column(String(160), nullable=False)
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    preparedness_score: Mapped[int | None] = mapped_column(Integer)
    # How effective they have been in the role (1-5), from the same person as the feedback.
    effectiveness_score: Mapped[int | None] = mapped_column(Integer)
    feedback_comment: Mapped[str | None] = mapped_column(Text)
    feedback_from: Mapped[str | None] = mapped_column(String(160))
