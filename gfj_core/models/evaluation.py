"""The evaluation plan: surveys and their rounds, community programmes and events, the legacy
register, stories with consent, advocacy campaigns, sector influence and succession targets.

Survey responses and answers arrive in bulk (tens of thousands per import), so they are written
with Core inserts and are not audited row by row: the round they belong to is, and it names who
imported which file when. Answers carry their round and stakeholder group (copied from the
response) so every results query is one indexed aggregate over one table.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, Timestamped, Versioned, utcnow


class Survey(Versioned, Timestamped, Base):
    """A questionnaire asked in rounds. Built-in surveys are seeded by the migration."""

    __tablename__ = "survey"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    purpose: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[str | None] = mapped_column(String(200))
    is_builtin: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    questions: Mapped[list[SurveyQuestion]] = relationship(
        order_by="SurveyQuestion.position", back_populates="survey"
    )


class SurveyQuestion(Base):
    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), index=True, nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    key: Mapped[str] = mapped_column(String(60), nullable=False)
    text: Mapped[str] = mapped_column(String(300), nullable=False)
    # scale (1-5) / single (one choice) / multi (several choices) / text (free text)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    # Choice questions: a JSON list of the allowed options, in display order.
    options_json: Mapped[str | None] = mapped_column(Text)
    # Values alignment: which of the organisation's nine values this rating is about.
    value_name: Mapped[str | None] = mapped_column(String(30))

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyRound(Versioned, Base):
    """One import of responses: a round of the survey, compared with the round before it."""

    __tablename__ = "survey_round"
    __table_args__ = (UniqueConstraint("survey_id", "label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), index=True, nullable=False
    )
    label: Mapped[str] = mapped_column(String(80), nullable=False)
    # The first and last submission in the file: rounds are ordered by when they closed.
    opened_on: Mapped[date] = mapped_column(Date, nullable=False)
    closed_on: Mapped[date] = mapped_column(Date, nullable=False)
    response_count: Mapped[int] = mapped_column(Integer, nullable=False)
    source_filename: Mapped[str | None] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    imported_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), index=True
    )


class SurveyResponse(Base):
    __tablename__ = "survey_response"
    __audited__ = False  # bulk data; the round row records the import
    __table_args__ = (Index("ix_survey_response_round_group", "round_id", "stakeholder_group"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_round.id", ondelete="CASCADE"), nullable=False
    )
    submitted_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    # board / staff / leader / community / partner
    stakeholder_group: Mapped[str] = mapped_column(String(12), nullable=False)
    # The spreadsheet row it came from (header = row 1), to trace an answer back to the file.
    source_row: Mapped[int] = mapped_column(Integer, nullable=False)


class SurveyAnswer(Base):
    """One answer to one question. A multiple-choice answer is one row per option chosen."""

    __tablename__ = "survey_answer"
    __audited__ = False
    __table_args__ = (
        Index("ix_survey_answer_round_question", "round_id", "question_id", "stakeholder_group"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True, nullable=False
    )
    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_round.id", ondelete="CASCADE"), nullable=False
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"), index=True, nullable=False
    )
    stakeholder_group: Mapped[str] = mapped_column(String(12), nullable=False)
    score: Mapped[int | None] = mapped_column(Integer)
    choice: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)


class SurveyColumnMapping(Base):
    """The column-to-question mapping last used for a survey, offered again for the next round."""

    __tablename__ = "survey_column_mapping"
    __table_args__ = (UniqueConstraint("survey_id", "source_column"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), index=True, nullable=False
    )
    source_column: Mapped[str] = mapped_column(String(300), nullable=False)
    # "timestamp", "group", "ignore" or "question:<question key>"
    target: Mapped[str] = mapped_column(String(80), nullable=False)


class SurveyTheme(Base):
    __tablename__ = "survey_theme"
    __table_args__ = (UniqueConstraint("survey_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), index=True, nullable=False
    )
    name: Mapped[str] = mapped_column(String(80), nullable=False)


class SurveyAnswerTheme(Base):
    """A theme tagged on a free-text answer."""

    __tablename__ = "survey_answer_theme"
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("survey_answer.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("survey_theme.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CommunityProgramme(Versioned, Timestamped, Base):
    """A community programme (a training series, a task force, a youth circle)."""

    __tablename__ = "community_programme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    # NY / CA / other (national or elsewhere)
    state: Mapped[str | None] = mapped_column(String(8))
    description: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class CommunityEvent(Versioned, Timestamped, Base):
    __tablename__ = "community_event"
    __table_args__ = (UniqueConstraint("held_on", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("community_programme.id"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(24), index=True, nullable=False)
    state: Mapped[str] = mapped_column(String(8), index=True, nullable=False)
    participants: Mapped[int] = mapped_column(Integer, nullable=False)
    # First-time participants; returning = participants - new_participants.
    new_participants: Mapped[int] = mapped_column(Integer, nullable=False)
    # Average of the feedback forms (1-5) and how many forms it averages.
    feedback_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    feedback_score: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[CommunityProgramme | None] = relationship()


class LegacyItem(Versioned, Timestamped, Base):
    """The legacy register: commemorations, archive items and the founder's principles."""

    __tablename__ = "legacy_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    # commemoration / archive / principle
    kind: Mapped[str] = mapped_column(String(16), index=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    value_name: Mapped[str | None] = mapped_column(String(30))
    # Where the item lives: an archive box, a shelf, a link.
    reference: Mapped[str | None] = mapped_column(String(300))


class Story(Versioned, Timestamped, Base):
    """A story or testimonial. Without consent it is never shown outside its editors."""

    __tablename__ = "story"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    # story / testimonial
    kind: Mapped[str] = mapped_column(String(12), default="story", nullable=False)
    # How the storyteller wishes to be credited (may be a first name or "a parent in Oakland").
    storyteller: Mapped[str] = mapped_column(String(120), nullable=False)
    collected_on: Mapped[date] = mapped_column(Date, nullable=False)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("community_programme.id"), index=True
    )
    consent: Mapped[bool] = mapped_column(Boolean, default=False, index=True, nullable=False)
    consent_on: Mapped[date | None] = mapped_column(Date)
    consent_note: Mapped[str | None] = mapped_column(String(300))
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), index=True
    )

    programme: Mapped[CommunityProgramme | None] = relationship()
    values: Mapped[list[StoryValue]] = relationship(
        cascade="all, delete-orphan", order_by="StoryValue.value_name"
    )


class StoryValue(Base):
    __tablename__ = "story_value"
    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    value_name: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class Campaign(Versioned, Timestamped, Base):
    """An advocacy campaign or a bill, and how far it got."""

    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    # bill / campaign
    kind: Mapped[str] = mapped_column(String(10), default="bill", nullable=False)
    jurisdiction: Mapped[str] = mapped_column(String(40), index=True, nullable=False)
    bill_number: Mapped[str | None] = mapped_column(String(40))
    # child_incarceration / police_accountability / racial_profiling / youth_justice / other
    issue: Mapped[str] = mapped_column(String(30), nullable=False)
    # introduced / committee / passed_one / passed_both / won / lost
    stage: Mapped[str] = mapped_column(String(12), index=True, nullable=False)
    # led / coalition / supported / testified
    org_role: Mapped[str] = mapped_column(String(12), nullable=False)
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    # When it was signed (won) or lost; empty while open.
    decided_on: Mapped[date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(Text)


class InfluenceItem(Versioned, Timestamped, Base):
    """Sector influence: a speaking invitation, a publication, a citation or an adoption."""

    __tablename__ = "influence_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    # speaking / publication / citation / adoption
    kind: Mapped[str] = mapped_column(String(12), index=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False)
    occurred_on: Mapped[date] = mapped_column(Date, index=True, nullable=False)
    detail: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))


class SuccessionTarget(Versioned, Timestamped, Base):
    """A target the board set for one KPI: reach `target_value` by `deadline`."""

    __tablename__ = "succession_target"
    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_key: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    target_value: Mapped[float] = mapped_column(Float, nullable=False)
    # The KPI's value when the target was set: progress is measured from here.
    baseline_value: Mapped[float | None] = mapped_column(Float)
    set_on: Mapped[date] = mapped_column(Date, nullable=False)
    deadline: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    set_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
