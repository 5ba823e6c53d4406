"""Correcting a survey round (its name and dates) and removing one imported by mistake (issue
15), for those who import rounds (staff, the CEO and an administrator: "surveys.import").

A round is deleted with everything that belongs only to it: its responses and answers, the
themes tagged on those answers, and the themes that no other answer carries. The confirmation
names those counts (`round_removal`), and the removal is refused when they changed since it was
shown (someone tagged an answer meanwhile), so what is removed is what the person confirmed.
The round row and the theme rows are audited; responses and answers are bulk rows without an
audit trail of their own (as at import), and the survey reads are keyed on every audit row, so
the results follow at the next rerun. All in one transaction: a failure removes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound, StaleEdit, ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.models import (
    Survey,
    SurveyAnswer,
    SurveyAnswerTheme,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.evaluation import RoundRead
from gfj_core.schemas.survey_rounds import RoundCorrection, RoundFields, RoundRemoval
from gfj_core.services.corrections import correct_row


def _round(session: Session, round_id: int) -> tuple[SurveyRound, str]:
    row = session.execute(
        select(SurveyRound, Survey.name)
        .join(Survey, Survey.id == SurveyRound.survey_id)
        .where(SurveyRound.id == round_id)
    ).first()
    if row is None:
        raise NotFound("That round is no longer on record (someone may have removed it already).")
    return row[0], row[1]


def _only_here(session: Session, rnd: SurveyRound):
    """Ids of the themes tagged in this round and on no answer of another round."""
    here = (
        select(SurveyAnswerTheme.theme_id)
        .join(SurveyAnswer, SurveyAnswer.id == SurveyAnswerTheme.answer_id)
        .where(SurveyAnswer.round_id == rnd.id)
    )
    elsewhere = (
        select(SurveyAnswerTheme.theme_id)
        .join(SurveyAnswer, SurveyAnswer.id == SurveyAnswerTheme.answer_id)
        .where(SurveyAnswer.round_id != rnd.id)
    )
    return list(
        session.scalars(
            select(SurveyTheme.id).where(SurveyTheme.id.in_(here), SurveyTheme.id.not_in(elsewhere))
        )
    )


def _removal(session: Session, rnd: SurveyRound, survey_name: str) -> RoundRemoval:
    answers = select(SurveyAnswer.id).where(SurveyAnswer.round_id == rnd.id)
    return RoundRemoval(
        round_id=rnd.id,
        survey_name=survey_name,
        label=rnd.label,
        responses=session.scalar(select(func.count()).where(SurveyResponse.round_id == rnd.id))
        or 0,
        answers=session.scalar(select(func.count()).where(SurveyAnswer.round_id == rnd.id)) or 0,
        theme_tags=session.scalar(
            select(func.count()).where(SurveyAnswerTheme.answer_id.in_(answers))
        )
        or 0,
        themes_removed=len(_only_here(session, rnd)),
    )


def round_removal(session: Session, *, round_id: int, actor) -> RoundRemoval:
    """What removing a round takes with it, for the confirmation."""
    require(actor, "surveys.import")
    rnd, name = _round(session, round_id)
    return _removal(session, rnd, name)


def remove_survey_round(
    session: Session, *, round_id: int, confirmed: RoundRemoval, actor
) -> RoundRemoval:
    """Delete a round with its responses, answers, theme tags and the themes only it used."""
    require(actor, "surveys.import")
    rnd, name = _round(session, round_id)
    now = _removal(session, rnd, name)
    if now != confirmed:
        raise StaleEdit(
            "This round changed after you asked to remove it (answers were tagged or removed), "
            "so nothing was removed. Check the new counts and confirm again."
        )
    themes = _only_here(session, rnd)
    answers = select(SurveyAnswer.id).where(SurveyAnswer.round_id == rnd.id)
    for tag in session.scalars(
        select(SurveyAnswerTheme).where(SurveyAnswerTheme.answer_id.in_(answers))
    ):
        session.delete(tag)
    session.flush()
    for theme in session.scalars(select(SurveyTheme).where(SurveyTheme.id.in_(themes))):
        session.delete(theme)
    session.execute(delete(SurveyAnswer).where(SurveyAnswer.round_id == rnd.id))
    session.execute(delete(SurveyResponse).where(SurveyResponse.round_id == rnd.id))
    session.delete(rnd)
    session.flush()
    return now


def _round_fields(rnd: SurveyRound) -> dict:
    return {"label": rnd.label, "opened_on": rnd.opened_on, "closed_on": rnd.closed_on}


def correct_survey_round(
    session: Session, *, round_id: int, data: RoundCorrection, actor, today: date
) -> RoundRead:
    """Rename or re-date a round (its name and the days it ran); stale edits refused. The
    results order rounds by the day they closed, so a re-dated round moves with its date."""
    require(actor, "surveys.import")
    _round(session, round_id)
    changes = RoundFields(label=data.label, opened_on=data.opened_on, closed_on=data.closed_on)
    edit = RowEdit(id=round_id, expected_version=data.expected_version, changes=changes)

    def store(rnd: SurveyRound, checked: RoundFields, _extra: dict):
        if checked.closed_on > today:
            return [("closed_on", f"The round cannot close after today ({fmt_date(today)}).")]
        clash = session.scalar(
            select(SurveyRound.id).where(
                SurveyRound.survey_id == rnd.survey_id,
                SurveyRound.label == checked.label,
                SurveyRound.id != rnd.id,
            )
        )
        if clash is not None:
            return [("label", f"This survey already has a round called “{checked.label}”.")]
        rnd.label, rnd.opened_on, rnd.closed_on = (
            checked.label,
            checked.opened_on,
            checked.closed_on,
        )
        return None

    rnd, problems = correct_row(
        session,
        SurveyRound,
        edit,
        create=RoundFields,
        current=_round_fields,
        store=store,
        what="survey round",
    )
    if problems:
        raise ValidationFailed("The round was not saved.", problems)
    session.flush()
    return RoundRead(
        id=rnd.id,
        label=rnd.label,
        opened_on=rnd.opened_on,
        closed_on=rnd.closed_on,
        response_count=rnd.response_count,
        source_filename=rnd.source_filename,
        imported_at=rnd.imported_at,
        version=rnd.version,
    )


def removal_line(r: RoundRemoval) -> str:
    """The confirmation, in words."""

    def n(count: int, word: str) -> str:
        return f"{count:,} {word}{'' if count == 1 else 's'}"

    themes = (
        f", and {n(r.themes_removed, 'theme')} that no other round uses" if r.themes_removed else ""
    )
    return (
        f"Remove the round “{r.label}” of {r.survey_name}: {n(r.responses, 'response')}, "
        f"{n(r.answers, 'answer')}, {n(r.theme_tags, 'theme tag')}{themes}. "
        "This cannot be undone (import the file again to bring it back)."
    )
