"""Assessments: a mentor scores their own mentees' competencies; the CEO also records readiness
and edits the framework; problems appear next to the field with the input kept; a save is
confirmed; the board is refused."""

from datetime import date

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import (
    Competency,
    CompetencyAssessment,
    EmergingLeader,
    Person,
    ReadinessRating,
)
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/assessments.py"
# data/demo/leaders.yaml: the demo mentor (Yvette Sandoval) mentors these three leaders.
YVETTE_MENTEES = {"Elena Marquez", "Jamal Whitaker", "Sofia Benitez"}


def _leader_id(engine, name: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(
            select(EmergingLeader.id)
            .join(Person, Person.id == EmergingLeader.person_id)
            .where(Person.full_name == name)
        )


def _competencies(engine) -> list[tuple[int, str]]:
    with session_scope(engine) as s:
        return s.execute(
            select(Competency.id, Competency.name)
            .where(Competency.active.is_(True))
            .order_by(Competency.position)
        ).all()


def _count(engine, model, **where) -> int:
    with session_scope(engine) as s:
        stmt = select(func.count()).select_from(model)
        for column, value in where.items():
            stmt = stmt.where(getattr(model, column) == value)
        return s.scalar(stmt)


def _flat(node):
    for child in (getattr(node, "children", None) or {}).values():
        yield child
        yield from _flat(child)


def _element_after(at, key: str):
    """The first element drawn after the widget with this key (skipping layout blocks)."""
    elements = [e for e in _flat(at._tree) if type(e).__name__ not in ("Block", "Column")]
    i = next(n for n, e in enumerate(elements) if getattr(e, "key", None) == key)
    return elements[i + 1]


def _click(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    return at


def test_a_mentor_scores_own_mentees_only_and_sees_a_confirmation(demo_db):
    elena = _leader_id(demo_db, "Elena Marquez")
    (kingian, _), (organizing, _) = _competencies(demo_db)[:2]
    before = _count(demo_db, CompetencyAssessment, leader_id=elena)
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Competency scores"]  # no readiness, no framework
    assert set(at.selectbox(key="as_leader").options) == YVETTE_MENTEES
    at.selectbox(key="as_leader").set_value(elena).run()
    at.radio(key=f"as_score_{elena}_{kingian}").set_value(4)
    at.text_input(key=f"as_comment_{elena}_{kingian}").input("Led the training well")
    at.radio(key=f"as_score_{elena}_{organizing}").set_value(3)
    _click(at, "Save assessment")
    assert not at.exception
    assert (
        f"Saved 2 scores for Elena Marquez ({date.today():%b} {date.today().day}, {date.today().year})."
        in page_text(at)
    )
    assert _count(demo_db, CompetencyAssessment, leader_id=elena) == before + 2
    with session_scope(demo_db) as s:
        saved = s.scalar(
            select(CompetencyAssessment).where(
                CompetencyAssessment.leader_id == elena,
                CompetencyAssessment.competency_id == kingian,
                CompetencyAssessment.assessed_on == date.today(),
            )
        )
        assessor = s.get(Person, saved.assessor_person_id).full_name
    assert (saved.score, saved.comment, assessor) == (4, "Led the training well", "Yvette Sandoval")
    # The form is cleared for the next leader.
    assert at.radio(key=f"as_score_{elena}_{kingian}").value == "—"


def test_nothing_scored_is_refused_and_a_comment_without_a_score_is_named_at_its_row(demo_db):
    elena = _leader_id(demo_db, "Elena Marquez")
    (kingian, name), *_ = _competencies(demo_db)
    before = _count(demo_db, CompetencyAssessment, leader_id=elena)
    at = open_page(demo_actor(demo_db, "mentor"), PAGE)
    at.selectbox(key="as_leader").set_value(elena).run()
    _click(at, "Save assessment")
    assert "Score at least one competency." in page_text(at)

    comment_key = f"as_comment_{elena}_{kingian}"
    at.text_input(key=comment_key).input("Strong in workshops")
    _click(at, "Save assessment")
    problem = _element_after(at, comment_key)
    assert problem.value == f"{name}: Choose a score for this comment, or clear the comment."
    assert at.text_input(key=comment_key).value == "Strong in workshops"
    assert "Score at least one competency." not in page_text(at)
    assert _count(demo_db, CompetencyAssessment, leader_id=elena) == before


def test_the_ceo_records_readiness_after_a_missing_rating_is_named_under_the_field(demo_db):
    malik = _leader_id(demo_db, "Malik Hassan")
    before = _count(demo_db, ReadinessRating, leader_id=malik)
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert [t.label for t in at.tabs] == ["Competency scores", "Readiness", "Competency framework"]
    at.selectbox(key="rd_leader").set_value(malik).run()
    at.text_area(key="rd_note").input("Owned the spring budget")
    _click(at, "Record rating")
    assert _element_after(at, "rd_level").value == "Choose a rating."
    assert at.text_area(key="rd_note").value == "Owned the spring budget"
    assert _count(demo_db, ReadinessRating, leader_id=malik) == before

    at.radio(key="rd_level").set_value("ready_1_2_years")
    _click(at, "Record rating")
    assert not at.exception
    assert (
        f"Recorded Malik Hassan as ready in 1-2 years on {date.today():%b} {date.today().day}, {date.today().year}."
        in page_text(at)
    )
    with session_scope(demo_db) as s:
        assert s.get(EmergingLeader, malik).readiness == "ready_1_2_years"
    assert _count(demo_db, ReadinessRating, leader_id=malik) == before + 1


def test_the_board_and_staff_are_refused_when_running_the_page_directly(demo_db):
    for role in ("board", "staff"):
        refused = run_page_directly(demo_actor(demo_db, role), PAGE)
        assert f"“Assessments” is not available to your role ({role})." in page_text(refused)
        assert not refused.radio and not refused.selectbox
