"""Issue 15's last corrections, on a real database file: a survey round renamed and re-dated;
the founder's role withdrawn; a logged session corrected or removed by its mentor (own current
mentees, in the window) and by the CEO or an admin (any time, private notes untouched); a
competency score and a readiness rating corrected and removed (the leader's readiness follows);
a Form 990 return removed with its officers. Wrong roles and stale edits are refused."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.models import (
    AuditLog,
    Competency,
    CompetencyAssessment,
    EmergingLeader,
    Form990Officer,
    Form990Return,
    FounderRole,
    MentoringSession,
    Mentorship,
    ReadinessRating,
    SessionActionItem,
    SurveyRound,
)
from gfj_core.schemas.assessment_records import AssessmentChanges, RatingChanges
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.evaluation import NINE_VALUES
from gfj_core.schemas.leadership import (
    ActionItemIn,
    AssessmentBatch,
    AssessmentScore,
    ReadinessCreate,
    SessionCreate,
    SessionUpdate,
)
from gfj_core.schemas.survey_rounds import RoundCorrection
from gfj_core.schemas.transition import FounderRoleSave
from gfj_core.services import assessment_records as ar
from gfj_core.services import continuity, financial_history, leader_assessments, mentoring, surveys
from gfj_core.services import form990_records as f990
from gfj_core.services.org_settings import set_org_setting
from gfj_core.services.survey_rounds import correct_survey_round
from tests import factories as f
from tests.conftest import bare_actor

TODAY = date(2026, 11, 22)
LATER = date(2026, 12, 20)  # past the mentor's 7-day correction window
STAFF, BOARD = bare_actor(Role.staff), bare_actor(Role.board)


def _audit(engine, table: str, row_id: int) -> list[str]:
    with session_scope(engine) as s:
        return list(
            s.scalars(
                select(AuditLog.action).where(
                    AuditLog.entity == table, AuditLog.entity_id == str(row_id)
                )
            )
        )


# ---------------------------------------------------------------- survey rounds

HEADER = "Timestamp,Which best describes you?," + ",".join(
    f"How well do our activities live up to each of our values? [{v}]" for v in NINE_VALUES
)


def _round(engine, label: str, when: str) -> int:
    content = f"{HEADER}\n{when},Board member,{','.join('4' * 9)}\n".encode()
    with session_scope(engine, write=True, actor=STAFF) as s:
        mapping = surveys.suggest_mapping(
            s, survey_key="values_alignment", filename="v.csv", content=content, actor=STAFF
        ).targets
        surveys.import_survey_responses(
            s, survey_key="values_alignment", filename="v.csv", content=content,
            mapping=mapping, round_label=label, actor=STAFF,
        )  # fmt: skip
        return s.scalar(select(SurveyRound.id).where(SurveyRound.label == label))


def _fix_round(engine, rid, actor, version=None, **fields):
    with session_scope(engine) as s:
        r = s.get(SurveyRound, rid)
        data = {"label": r.label, "opened_on": r.opened_on, "closed_on": r.closed_on} | fields
        version = version or r.version
    with session_scope(engine, write=True, actor=actor) as s:
        return correct_survey_round(
            s, round_id=rid, data=RoundCorrection(expected_version=version, **data),
            actor=actor, today=TODAY,
        )  # fmt: skip


@pytest.mark.parametrize("role", [Role.staff, Role.ceo, Role.admin])
def test_an_importer_renames_and_redates_a_round_and_the_results_follow(empty_db, role):
    rid = _round(empty_db, "July", "2026-07-01 10:00")
    later = _round(empty_db, "October", "2026-10-01 10:00")
    actor = bare_actor(role)
    saved = _fix_round(
        empty_db, rid, actor, label="Round 3", opened_on=date(2026, 10, 20),
        closed_on=date(2026, 11, 2),
    )  # fmt: skip
    assert (saved.label, saved.opened_on, saved.closed_on) == (
        "Round 3",
        date(2026, 10, 20),
        date(2026, 11, 2),
    )
    with session_scope(empty_db) as s:
        rounds = surveys.survey_results(s, survey_key="values_alignment", actor=BOARD).survey.rounds
    assert [r.id for r in rounds] == [later, rid]  # ordered by the day each closed
    assert _audit(empty_db, "survey_round", rid)[-1] == "update"


def test_a_round_correction_keeps_the_rules_of_an_import(empty_db):
    rid = _round(empty_db, "July", "2026-07-01 10:00")
    _round(empty_db, "October", "2026-10-01 10:00")
    cases = [({"label": "October"}, "label"), ({"closed_on": date(2026, 12, 1)}, "closed_on")]
    for fields, field in cases:
        with pytest.raises(ValidationFailed) as refused:
            _fix_round(empty_db, rid, STAFF, **fields)
        assert refused.value.problems[0][0] == field
    with pytest.raises(ValidationError) as backwards:  # refused at the boundary, by field
        _fix_round(empty_db, rid, STAFF, opened_on=date(2026, 7, 5), closed_on=date(2026, 7, 1))
    assert backwards.value.errors()[0]["loc"] == ("closed_on",)
    with session_scope(empty_db) as s:
        assert s.get(SurveyRound, rid).label == "July"


def test_a_stale_round_correction_is_refused_and_the_board_may_not_correct(empty_db):
    rid = _round(empty_db, "July", "2026-07-01 10:00")
    _fix_round(empty_db, rid, STAFF, label="July 2026")
    with pytest.raises(StaleEdit):
        _fix_round(empty_db, rid, STAFF, version=1, label="Summer")
    with pytest.raises(PermissionDenied):
        _fix_round(empty_db, rid, BOARD, label="Summer")
    with session_scope(empty_db) as s:
        assert s.get(SurveyRound, rid).label == "July 2026"


# ---------------------------------------------------------------- the founder's role


@pytest.fixture
def departing(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        f.person(s, "Carmen")
        set_org_setting(s, "departing_leader", "Carmen", actor=SYSTEM)
    return empty_db


def _save_role(engine, actor, version, **fields):
    with session_scope(engine, write=True, actor=actor) as s:
        return continuity.save_founder_role(
            s, FounderRoleSave(**fields), expected_version=version, today=TODAY, actor=actor
        )


@pytest.mark.parametrize("role", [Role.ceo, Role.admin])
def test_the_role_after_departure_is_withdrawn_and_recorded_again(departing, role):
    actor = bare_actor(role)
    saved = _save_role(departing, actor, None, role="advisor")
    with session_scope(departing, write=True, actor=actor) as s:
        said = continuity.withdraw_founder_role(
            s, record_id=saved.id, expected_version=saved.version, actor=actor
        )
    assert said == "the role after departure"
    with session_scope(departing) as s:
        assert s.scalar(select(func.count()).select_from(FounderRole)) == 0
        assert continuity.founder_role(s, actor=actor).id is None
    assert _audit(departing, "founder_role", saved.id)[-1] == "delete"
    again = _save_role(departing, actor, None, role="emeritus")  # the form saw no role
    assert again.version == 1


def test_a_stale_withdrawal_and_a_blind_save_over_a_new_role_are_refused(departing):
    ceo = bare_actor(Role.ceo)
    saved = _save_role(departing, ceo, None, role="advisor")
    _save_role(departing, ceo, saved.version, role="board_seat")
    with pytest.raises(StaleEdit), session_scope(departing, write=True, actor=ceo) as s:
        continuity.withdraw_founder_role(s, record_id=saved.id, expected_version=1, actor=ceo)
    with pytest.raises(StaleEdit):  # a form that saw no role while one was saved meanwhile
        _save_role(departing, ceo, None, role="none")
    with pytest.raises(PermissionDenied), session_scope(departing, write=True, actor=BOARD) as s:
        continuity.withdraw_founder_role(s, record_id=saved.id, expected_version=2, actor=BOARD)
    with session_scope(departing) as s:
        assert s.scalar(select(FounderRole.role)) == "board_seat"


# ---------------------------------------------------------------- mentoring sessions


@pytest.fixture
def mentoring_org(empty_db):
    """Mo mentors Ana and logged a session with private notes; Zoe mentors nobody."""
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        mo, zoe = f.person(s, "Mo"), f.person(s, "Zoe")
        mo_user, zoe_user = f.user(s, "mo", "mentor", mo), f.user(s, "zoe", "mentor", zoe)
        ana = f.leader(s, f.person(s, "Ana"), mentors=[mo])
        ids = {"mo": mo.id, "mo_user": mo_user.id, "zoe": zoe.id, "zoe_user": zoe_user.id}
        ids["ana"] = ana.id
    mo_actor = bare_actor(Role.mentor, person_id=ids["mo"], user_id=ids["mo_user"])
    with session_scope(empty_db, write=True, actor=mo_actor) as s:
        data = SessionCreate(
            leader_id=ids["ana"], held_on=TODAY, minutes=60, topics=["Fundraising"],
            private_notes="Tired this week", action_items=[ActionItemIn(description="Call")],
        )  # fmt: skip
        ids["session"] = mentoring.record_session(s, data, today=TODAY, actor=mo_actor).id
    return empty_db, ids, mo_actor


def _correct_session(engine, ids, actor, today, **changes):
    with session_scope(engine) as s:
        version = s.get(MentoringSession, ids["session"]).version
    data = SessionUpdate(
        leader_id=ids["ana"], held_on=TODAY, minutes=changes.pop("minutes", 60),
        topics=["Fundraising"], action_items=[ActionItemIn(description="Call", done=True)],
        **changes,
    )  # fmt: skip
    with session_scope(engine, write=True, actor=actor) as s:
        return mentoring.update_session(
            s, ids["session"], data, expected_version=version, today=today, actor=actor
        )


@pytest.mark.parametrize("role", [Role.ceo, Role.admin])
def test_the_ceo_or_an_admin_corrects_any_session_after_the_window_notes_untouched(
    mentoring_org, role
):
    engine, ids, _mo = mentoring_org
    actor = bare_actor(role, person_id=None, user_id=None)
    saved = _correct_session(engine, ids, actor, LATER, minutes=90, private_notes=None)
    assert saved.minutes == 90 and saved.private_notes is None  # never shown to them
    with session_scope(engine) as s:
        row = s.get(MentoringSession, ids["session"])
        assert (row.minutes, row.private_notes) == (90, "Tired this week")
        assert [i.done for i in row.action_items] == [True]
    assert _audit(engine, "mentoring_session", ids["session"])[-1] == "update"


def test_a_mentor_corrects_only_own_sessions_of_a_current_mentee_within_the_window(
    mentoring_org,
):
    engine, ids, mo = mentoring_org
    assert _correct_session(engine, ids, mo, TODAY, minutes=75).minutes == 75
    with pytest.raises(PermissionDenied, match="until"):
        _correct_session(engine, ids, mo, LATER, minutes=80)
    zoe = bare_actor(Role.mentor, person_id=ids["zoe"], user_id=ids["zoe_user"])
    with pytest.raises(PermissionDenied, match="mentor who wrote"):
        _correct_session(engine, ids, zoe, TODAY, minutes=80)
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        s.scalars(select(Mentorship)).one().ended_on = TODAY
    with pytest.raises(PermissionDenied, match="current mentees"):
        _correct_session(engine, ids, mo, TODAY, minutes=80)
    with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=BOARD) as s:
        mentoring.remove_session(s, record_id=ids["session"], expected_version=1, actor=BOARD)
    with session_scope(engine) as s:
        assert s.get(MentoringSession, ids["session"]).minutes == 75


def test_an_admin_removes_a_session_logged_by_mistake_with_its_action_items(mentoring_org):
    engine, ids, _mo = mentoring_org
    admin = bare_actor(Role.admin)
    with session_scope(engine, write=True, actor=admin) as s:
        said = mentoring.remove_session(
            s, record_id=ids["session"], expected_version=1, actor=admin, today=LATER
        )
    assert said == f"the session with Ana on {fmt_date(TODAY)}"
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(MentoringSession)) == 0
        assert s.scalar(select(func.count()).select_from(SessionActionItem)) == 0
    assert _audit(engine, "mentoring_session", ids["session"])[-1] == "delete"
    with pytest.raises(NotFound), session_scope(engine, write=True, actor=admin) as s:
        mentoring.remove_session(s, record_id=ids["session"], expected_version=1, actor=admin)


# ---------------------------------------------------------------- scores and ratings


@pytest.fixture
def scored(mentoring_org):
    engine, ids, mo = mentoring_org
    ceo = bare_actor(Role.ceo)
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        comp = Competency(name="Fundraising", position=1)
        s.add(comp)
        s.flush()
        other = f.leader(s, f.person(s, "Bo"))
        ids["bo"] = other.id
        ids["competency"] = comp.id
    for leader in ("ana", "bo"):
        with session_scope(engine, write=True, actor=ceo) as s:
            data = AssessmentBatch(
                leader_id=ids[leader], assessed_on=TODAY,
                scores=[AssessmentScore(competency_id=ids["competency"], score=2)],
            )  # fmt: skip
            leader_assessments.record_assessments(s, data, today=TODAY, actor=ceo)
    with session_scope(engine) as s:
        ids["ana_score"], ids["bo_score"] = s.scalars(
            select(CompetencyAssessment.id).order_by(CompetencyAssessment.id)
        ).all()
    return engine, ids, mo


def _edit(engine, model, rid, changes):
    with session_scope(engine) as s:
        return RowEdit(id=rid, expected_version=s.get(model, rid).version, changes=changes)


def test_a_mentor_corrects_and_removes_only_their_own_mentees_scores(scored):
    engine, ids, mo = scored
    fix = _edit(engine, CompetencyAssessment, ids["ana_score"], AssessmentChanges(score=4))
    with session_scope(engine, write=True, actor=mo) as s:
        assert ar.save_assessment_table(s, [fix], actor=mo, today=TODAY) == 1
    other = _edit(engine, CompetencyAssessment, ids["bo_score"], AssessmentChanges(score=5))
    with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=mo) as s:
        ar.save_assessment_table(s, [other], actor=mo, today=TODAY)
    with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=mo) as s:
        ar.remove_assessment(s, record_id=ids["bo_score"], expected_version=1, actor=mo)
    future = _edit(
        engine, CompetencyAssessment, ids["ana_score"], AssessmentChanges(assessed_on=LATER)
    )
    with pytest.raises(ValidationFailed), session_scope(engine, write=True, actor=mo) as s:
        ar.save_assessment_table(s, [future], actor=mo, today=TODAY)
    with session_scope(engine, write=True, actor=mo) as s:
        said = ar.remove_assessment(s, record_id=ids["ana_score"], expected_version=2, actor=mo)
    assert said == f"the score of 4 on {fmt_date(TODAY)}"
    with session_scope(engine) as s:
        scores = dict(s.execute(select(CompetencyAssessment.id, CompetencyAssessment.score)).all())
    assert scores == {ids["bo_score"]: 2}
    # One audit row per field written: the steps, in order.
    assert list(dict.fromkeys(_audit(engine, "competency_assessment", ids["ana_score"]))) == [
        "insert",
        "update",
        "delete",
    ]


def _rate(engine, ids, level, on) -> int:
    ceo = bare_actor(Role.ceo)
    with session_scope(engine, write=True, actor=ceo) as s:
        data = ReadinessCreate(leader_id=ids["ana"], level=level, rated_on=on)
        return leader_assessments.record_readiness(s, data, today=TODAY, actor=ceo).id


def _readiness(engine, ids) -> str | None:
    with session_scope(engine) as s:
        return s.get(EmergingLeader, ids["ana"]).readiness


def test_the_ceo_corrects_and_removes_a_rating_and_the_readiness_follows(scored):
    engine, ids, mo = scored
    ceo = bare_actor(Role.ceo)
    _rate(engine, ids, "ready_3_plus_years", date(2026, 6, 1))
    latest = _rate(engine, ids, "ready_1_2_years", date(2026, 11, 1))
    fix = _edit(engine, ReadinessRating, latest, RatingChanges(level="ready_now"))
    with session_scope(engine, write=True, actor=ceo) as s:
        ar.save_rating_table(s, [fix], actor=ceo, today=TODAY)
    assert _readiness(engine, ids) == "ready_now"
    with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=mo) as s:
        ar.remove_rating(s, record_id=latest, expected_version=2, actor=mo)
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=ceo) as s:
        ar.remove_rating(s, record_id=latest, expected_version=1, actor=ceo)
    with session_scope(engine, write=True, actor=ceo) as s:
        ar.remove_rating(s, record_id=latest, expected_version=2, actor=ceo)
    assert _readiness(engine, ids) == "ready_3_plus_years"  # the one before it is current
    with session_scope(engine) as s:
        records = ar.assessment_records(s, leader_id=ids["ana"], actor=ceo)
        mentor_view = ar.assessment_records(s, leader_id=ids["ana"], actor=mo)
    assert [r.level for r in records.ratings] == ["ready_3_plus_years"]
    assert mentor_view.ratings == [] and len(mentor_view.assessments) == 1


# ---------------------------------------------------------------- Form 990 returns

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "form990"


@pytest.mark.parametrize("role", [Role.treasurer, Role.admin])
def test_a_return_imported_by_mistake_is_removed_with_its_officers(empty_db, role):
    actor = bare_actor(role)
    files = [
        (n, (FIXTURES / n).read_bytes()) for n in ("990_2019_modern.xml", "990_2011_legacy.xml")
    ]
    with session_scope(empty_db, write=True, actor=actor) as s:
        financial_history.import_form990(s, files=files, actor=actor)
    with session_scope(empty_db) as s:
        on_file = {r.tax_year: r for r in f990.returns_on_file(s, actor=actor)}
        officers = s.scalar(
            select(func.count()).where(Form990Officer.return_id == on_file[2019].id)
        )
    assert on_file[2019].officers == officers > 0
    with session_scope(empty_db, write=True, actor=actor) as s:
        said = f990.remove_form990_return(s, record_id=on_file[2019].id, actor=actor)
    assert said == on_file[2019].label
    with session_scope(empty_db) as s:
        assert list(s.scalars(select(Form990Return.tax_year))) == [2011]
        assert (
            s.scalar(select(func.count()).where(Form990Officer.return_id == on_file[2019].id)) == 0
        )
        assert [y.tax_year for y in financial_history.financial_history(s, actor=actor).years] == [
            2011
        ]


@pytest.mark.parametrize("role", [Role.board, Role.ceo, Role.staff])
def test_who_does_not_import_returns_cannot_remove_one(empty_db, role):
    actor = bare_actor(role)
    with pytest.raises(PermissionDenied), session_scope(empty_db, write=True, actor=actor) as s:
        f990.remove_form990_return(s, record_id=1, actor=actor)
