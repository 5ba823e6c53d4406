"""Removing a survey round imported by mistake (issue 15) on a real database file: staff, the
CEO and an administrator remove a round with its responses, answers, theme tags and the themes
only it used, after a confirmation naming the counts; the board is refused; a confirmation that
no longer matches is refused; the removal is audited and all or nothing."""

import pytest
from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, StaleEdit
from gfj_core.models import (
    AuditLog,
    SurveyAnswer,
    SurveyAnswerTheme,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)
from gfj_core.services.survey_rounds import removal_line, remove_survey_round, round_removal
from gfj_core.services.surveys import survey_results
from tests.conftest import demo_actor

VALUES = "values_alignment"


def _round_id(engine, label: str, survey_key: str = VALUES) -> int:
    with session_scope(engine) as s:
        board = demo_actor(engine, "board")
        rounds = survey_results(s, survey_key=survey_key, actor=board).survey.rounds
        return next(r.id for r in rounds if r.label == label)


def _counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (SurveyRound, SurveyResponse, SurveyAnswer, SurveyAnswerTheme, SurveyTheme)
        }


@pytest.mark.parametrize("owner", ["staff", "ceo", "admin"])
def test_an_importer_removes_a_round_with_what_only_it_holds(demo_db, owner):
    actor = demo_actor(demo_db, owner)
    rid = _round_id(demo_db, "Round 2 (Oct 2026)")
    before = _counts(demo_db)
    with session_scope(demo_db) as s:
        preview = round_removal(s, round_id=rid, actor=actor)
    assert (preview.responses, preview.answers) == (78, 774)
    assert preview.theme_tags > 0
    line = removal_line(preview)
    assert "78 responses" in line and "774 answers" in line and "theme tag" in line
    with session_scope(demo_db, write=True, actor=actor) as s:
        remove_survey_round(s, round_id=rid, confirmed=preview, actor=actor)
    after = _counts(demo_db)
    assert after["survey_round"] == before["survey_round"] - 1
    assert after["survey_response"] == before["survey_response"] - 78
    assert after["survey_answer"] == before["survey_answer"] - 774
    assert after["survey_answer_theme"] == before["survey_answer_theme"] - preview.theme_tags
    assert after["survey_theme"] == before["survey_theme"] - preview.themes_removed
    with session_scope(demo_db) as s:
        rounds = survey_results(s, survey_key=VALUES, actor=actor).survey.rounds
        audit = s.scalars(
            select(AuditLog.entity).where(AuditLog.action == "delete").distinct()
        ).all()
    assert [r.label for r in rounds] == ["Round 1 (Jul 2026)"]
    assert {"survey_round", "survey_answer_theme"} <= set(audit)


@pytest.mark.parametrize("other", ["board", "treasurer", "mentor"])
def test_every_other_role_is_refused(demo_db, other):
    actor = demo_actor(demo_db, other)
    rid = _round_id(demo_db, "Round 2 (Oct 2026)")
    with session_scope(demo_db, write=True, actor=actor) as s, pytest.raises(PermissionDenied):
        round_removal(s, round_id=rid, actor=actor)
    staff = demo_actor(demo_db, "staff")
    with session_scope(demo_db) as s:
        preview = round_removal(s, round_id=rid, actor=staff)
    with session_scope(demo_db, write=True, actor=actor) as s, pytest.raises(PermissionDenied):
        remove_survey_round(s, round_id=rid, confirmed=preview, actor=actor)


def test_a_confirmation_that_no_longer_matches_removes_nothing(demo_db):
    staff = demo_actor(demo_db, "staff")
    rid = _round_id(demo_db, "Round 2 (Oct 2026)")
    with session_scope(demo_db) as s:
        preview = round_removal(s, round_id=rid, actor=staff)
    # Someone untagged an answer after the confirmation was shown.
    with session_scope(demo_db, write=True, actor=staff) as s:
        tag = s.scalars(
            select(SurveyAnswerTheme)
            .join(SurveyAnswer, SurveyAnswer.id == SurveyAnswerTheme.answer_id)
            .where(SurveyAnswer.round_id == rid)
        ).first()
        s.delete(tag)
    before = _counts(demo_db)
    with (
        pytest.raises(StaleEdit, match="changed after you asked"),
        session_scope(demo_db, write=True, actor=staff) as s,
    ):
        remove_survey_round(s, round_id=rid, confirmed=preview, actor=staff)
    assert _counts(demo_db) == before


def test_a_failed_removal_leaves_every_response_answer_and_theme(demo_db):
    staff = demo_actor(demo_db, "staff")
    rid = _round_id(demo_db, "Round 2 (Oct 2026)")
    before = _counts(demo_db)
    with session_scope(demo_db) as s:
        preview = round_removal(s, round_id=rid, actor=staff)
    with pytest.raises(RuntimeError), session_scope(demo_db, write=True, actor=staff) as s:
        remove_survey_round(s, round_id=rid, confirmed=preview, actor=staff)
        raise RuntimeError("the write failed after the removal")
    assert _counts(demo_db) == before
    with session_scope(demo_db, write=True, actor=staff) as s:
        remove_survey_round(s, round_id=rid, confirmed=preview, actor=staff)
    with pytest.raises(NotFound), session_scope(demo_db, write=True, actor=staff) as s:
        remove_survey_round(s, round_id=rid, confirmed=preview, actor=staff)
