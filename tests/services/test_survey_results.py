"""Survey results beyond one import: the survey list's counts, an earlier round against the one
before it, each rating's average per round, groups, and themes counted per round. The two rounds
are those of test_survey_import (worked out there answer by answer)."""

from datetime import date

import pytest
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, ValidationFailed
from gfj_core.models import SurveyAnswer
from gfj_core.schemas.evaluation import BulkTagIn
from gfj_core.services import surveys as sv
from tests.conftest import bare_actor
from tests.services.test_survey_import import HEADER, ROUND_1, ROUND_2, SURVEY, do_import

STAFF = bare_actor(Role.staff)
BOARD = bare_actor(Role.board)
ROUND_3 = (
    HEADER + "\n"
    "2027-01-05 10:00,Emerging leader,Coalition builder,2,3,An open outside search,"
    "Mentoring for the youth\n"
    "2027-01-06 10:00,Emerging leader,,1,,No preference,\n"
    "2027-01-07 10:00,Board member,Coalition builder,3,5,No preference,\n"
)


@pytest.fixture
def three_rounds(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        do_import(s, ROUND_1, round_label="July")
        do_import(s, ROUND_2, round_label="October")
        do_import(s, ROUND_3, round_label="January")
    return empty_db


def round_ids(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {r.label: r.id for r in sv.get_survey(s, survey_key=SURVEY, actor=BOARD).rounds}


def test_the_survey_list_counts_questions_rounds_and_responses(three_rounds):
    with session_scope(three_rounds) as s:
        surveys = {x.key: x for x in sv.list_surveys(s, actor=BOARD)}
    future = surveys[SURVEY]
    # 4 + 2 + 3 responses; the latest round closed on 7 Jan 2027.
    assert (future.question_count, future.round_count, future.total_responses) == (5, 3, 9)
    assert (future.latest_round, future.latest_closed_on) == ("January", date(2027, 1, 7))
    # The four built-in surveys are listed even without a round.
    assert {
        "values_alignment", "future_leadership_qualities", "leader_preparedness",
        "board_self_assessment",
    } <= set(surveys)  # fmt: skip
    assert surveys["values_alignment"].round_count == 0
    # one rating per value of the nine, and a free-text question
    assert surveys["values_alignment"].question_count == 10


def test_an_earlier_round_is_compared_with_the_round_before_it(three_rounds):
    ids = round_ids(three_rounds)
    with session_scope(three_rounds) as s:
        october = sv.survey_results(s, survey_key=SURVEY, round_id=ids["October"], actor=BOARD)
        july = sv.survey_results(s, survey_key=SURVEY, round_id=ids["July"], actor=BOARD)
        latest = sv.survey_results(s, survey_key=SURVEY, actor=BOARD)
    assert (october.round.label, october.previous_round.label) == ("October", "July")
    assert (october.responses, october.previous_responses) == (2, 4)
    # Every rating: October 5 5 4 4 = 18 / 4; July 27 / 7.
    assert october.overall_average == 4.5
    assert october.previous_overall_average == pytest.approx(27 / 7)
    assert july.previous_round is None and july.previous_overall_average is None
    q = {x.question.key: x for x in latest.questions}
    # January: continuity 2, 1, 3 -> 2; October 4.5: change -2.5.
    assert (q["continuity"].average, q["continuity"].previous_average) == (2.0, 4.5)
    assert q["continuity"].change == -2.5
    assert [d.count for d in q["continuity"].distribution] == [1, 1, 1, 0, 0]
    assert q["continuity"].distribution[0].share == pytest.approx(1 / 3)
    # community voice: 3 and 5 answered, one left blank.
    assert (q["community_voice"].answered, q["community_voice"].average) == (2, 4.0)
    assert (q["community_voice"].previous_answered, q["community_voice"].previous_average) == (
        2,
        4.5,
    )
    # One choice each: An open outside search 1, No preference 2 of 3.
    origin = {d.label: (d.count, d.share) for d in q["origin"].distribution}
    assert origin["No preference"] == (2, pytest.approx(2 / 3))
    assert origin["From inside the organisation"] == (0, 0.0)
    assert latest.by_group == {"board": 1, "staff": 0, "leader": 2, "community": 0, "partner": 0}


def test_one_groups_results_leave_out_every_other_group(three_rounds):
    with session_scope(three_rounds) as s:
        leaders = sv.survey_results(s, survey_key=SURVEY, group="leader", actor=BOARD)
        with pytest.raises(ValidationFailed, match="not a stakeholder group"):
            sv.survey_results(s, survey_key=SURVEY, group="donors", actor=BOARD)
    q = {x.question.key: x for x in leaders.questions}
    # Leaders answered in January only: continuity 2 and 1; nobody from the group in October.
    assert (leaders.responses, leaders.previous_responses) == (2, 0)
    assert (q["continuity"].average, q["continuity"].previous_average) == (1.5, None)
    assert q["continuity"].change is None
    # Their ratings: 2 and 3 from one, 1 from the other: 6 / 3.
    assert leaders.overall_average == 2.0


def test_each_rating_questions_average_is_traced_round_by_round(three_rounds):
    with session_scope(three_rounds) as s:
        trend = sv.scale_trend(s, survey_key=SURVEY, actor=BOARD)
        community = sv.scale_trend(s, survey_key=SURVEY, group="community", actor=BOARD)
    points = {(p.round_label, p.question_key): (p.average, p.answered) for p in trend}
    assert [p.round_label for p in trend] == ["July"] * 2 + ["October"] * 2 + ["January"] * 2
    assert points[("July", "continuity")] == (4.0, 4)
    assert points[("July", "community_voice")] == (pytest.approx(11 / 3), 3)
    assert points[("October", "continuity")] == (4.5, 2)
    assert points[("January", "community_voice")] == (4.0, 2)
    by = {(p.round_label, p.question_key): p.average for p in community}
    # Community members: July 5 and 4; October 4; none in January (no figure, not zero).
    assert by[("July", "continuity")] == 4.5
    assert by[("October", "continuity")] == 4.0
    assert by[("January", "continuity")] is None


def test_a_survey_without_rounds_has_questions_but_no_figures(empty_db):
    with session_scope(empty_db) as s:
        r = sv.survey_results(s, survey_key="values_alignment", actor=BOARD)
        assert sv.scale_trend(s, survey_key="values_alignment", actor=BOARD) == []
    assert (r.round, r.responses, r.overall_average) == (None, 0, None)
    ratings = [q for q in r.questions if q.question.kind == "scale"]
    assert len(ratings) == 9 and len(r.questions) == 10
    assert all(q.answered == 0 and q.average is None for q in r.questions)
    assert [d.label for d in r.questions[0].distribution] == ["1", "2", "3", "4", "5"]


def test_a_round_of_another_survey_is_refused(three_rounds):
    ids = round_ids(three_rounds)
    with session_scope(three_rounds) as s, pytest.raises(NotFound):
        sv.survey_results(s, survey_key="values_alignment", round_id=ids["July"], actor=BOARD)


def test_themes_are_counted_per_round_and_answers_filtered_by_group(three_rounds):
    ids = round_ids(three_rounds)
    with session_scope(three_rounds, write=True, actor=STAFF) as s:
        answers = {a.text: a for a in sv.text_answers(s, survey_key=SURVEY, actor=STAFF).answers}
        # July: youth + families; October: mentoring; January: mentoring for the youth.
        tags = {
            "Keep the youth at the centre": ["Youth"],
            "Listen to families": ["Families"],
            "More mentoring": ["Mentoring"],
            "Mentoring for the youth": ["Mentoring", "Youth"],
        }
        for text, themes in tags.items():
            sv.tag_answer(s, answer_id=answers[text].answer_id, themes=themes, actor=STAFF)
    with session_scope(three_rounds) as s:
        every = sv.theme_counts(s, survey_key=SURVEY, actor=BOARD)
        january = sv.theme_counts(s, survey_key=SURVEY, round_id=ids["January"], actor=BOARD)
        leaders = sv.text_answers(s, survey_key=SURVEY, group="leader", actor=BOARD)
        paged = sv.text_answers(s, survey_key=SURVEY, limit=2, offset=2, actor=BOARD)
    assert [(t.name, t.count) for t in every] == [("Mentoring", 2), ("Youth", 2), ("Families", 1)]
    # A theme unused in the round is still listed, with 0.
    assert [(t.name, t.count) for t in january] == [
        ("Mentoring", 1),
        ("Youth", 1),
        ("Families", 0),
    ]
    assert [(a.text, a.themes) for a in leaders.answers] == [
        ("Mentoring for the youth", ["Mentoring", "Youth"])
    ]
    # Newest first: Jan, Oct, then July's 3 Jul and 1 Jul answers.
    assert paged.total == 4
    assert [a.text for a in paged.answers] == [
        "Listen to families",
        "Keep the youth at the centre",
    ]


def test_a_comparison_of_small_rounds_with_a_different_mix_carries_both_cautions(three_rounds):
    ids = round_ids(three_rounds)
    with session_scope(three_rounds) as s:
        october = sv.survey_results(s, survey_key=SURVEY, round_id=ids["October"], actor=BOARD)
        leaders = sv.survey_results(s, survey_key=SURVEY, group="leader", actor=BOARD)
        july = sv.survey_results(s, survey_key=SURVEY, round_id=ids["July"], actor=BOARD)
    # October 2 responses (staff 1, community 1) against July's 4 (community 2, board 1,
    # partner 1): both under 30, and staff 0% -> 50%, board and partners 25% -> 0%.
    assert october.previous_by_group == {
        "board": 1, "staff": 0, "leader": 0, "community": 2, "partner": 1,
    }  # fmt: skip
    small, mix = october.cautions
    assert small.startswith("Small samples: October has 2 responses and July 4.")
    assert "fewer than 30 responses" in small
    assert mix.startswith(
        "A different mix answered: board 0% (was 25%), staff 50% (was 0%), partners 0% (was 25%)."
    )
    # One group shown: its mix cannot differ, only its size is cautioned.
    assert len(leaders.cautions) == 1 and leaders.cautions[0].startswith("Small samples")
    assert july.cautions == []  # the first round: nothing is compared


def test_rounds_of_thirty_or_more_with_the_same_mix_carry_no_caution():
    same = {"board": 10, "staff": 10, "leader": 10, "community": 0, "partner": 0}
    assert sv.comparison_cautions("B", same, "A", same) == []
    bigger = {"board": 20, "staff": 20, "leader": 38, "community": 0, "partner": 0}
    # 78 against 30, shares within 15 points (26/26/49 against 33/33/33 is 15.4 for leaders).
    cautions = sv.comparison_cautions("B", bigger, "A", same)
    assert cautions == [
        "A different mix answered: emerging leaders 49% (was 33%). A change for everyone may "
        "come from who answered rather than what people think; compare one stakeholder group "
        "at a time."
    ]
    few = {"board": 24, "staff": 0, "leader": 0, "community": 0, "partner": 0}
    many = {"board": 78, "staff": 0, "leader": 0, "community": 0, "partner": 0}
    assert sv.comparison_cautions("B", few, "A", many)[0].startswith(
        "Small samples: B has 24 responses and A 78."
    )


def test_many_answers_are_tagged_at_once_keeping_their_themes(three_rounds):
    with session_scope(three_rounds, write=True, actor=STAFF) as s:
        answers = {a.text: a for a in sv.text_answers(s, survey_key=SURVEY, actor=STAFF).answers}
        sv.tag_answer(
            s, answer_id=answers["Listen to families"].answer_id, themes=["Families"], actor=STAFF
        )
        result = sv.tag_answers(
            s,
            data=BulkTagIn(
                answer_ids=[a.answer_id for a in answers.values()], themes=["families", "Voice"]
            ),
            actor=STAFF,
        )
    # Four answers; "families" is the existing theme whatever its case; 4 x Voice + 3 x Families.
    assert (result.answers, result.themes, result.newly_tagged) == (4, ["Families", "Voice"], 7)
    with session_scope(three_rounds) as s:
        themed = {
            a.text: a.themes for a in sv.text_answers(s, survey_key=SURVEY, actor=BOARD).answers
        }
        assert all(t == ["Families", "Voice"] for t in themed.values())
        with pytest.raises(PermissionDenied):
            sv.tag_answers(s, data=BulkTagIn(answer_ids=[1], themes=["X"]), actor=BOARD)


def test_bulk_tagging_refuses_a_rating_and_an_empty_theme_list(three_rounds):
    with pytest.raises(PydanticValidationError):
        BulkTagIn(answer_ids=[1], themes=[" "])
    with session_scope(three_rounds, write=True, actor=STAFF) as s:
        text_id = sv.text_answers(s, survey_key=SURVEY, actor=STAFF).answers[0].answer_id
        rating = s.scalar(select(SurveyAnswer.id).where(SurveyAnswer.score.is_not(None)))
        with pytest.raises(ValidationFailed, match="Only free-text answers"):
            sv.tag_answers(
                s, data=BulkTagIn(answer_ids=[text_id, rating], themes=["X"]), actor=STAFF
            )
