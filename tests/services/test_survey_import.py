"""Survey imports and results: the mapping, bad rows (named, nothing written), a second round
that reuses the remembered mapping, and figures checked against hand-worked answers."""

from datetime import date

import pytest
from sqlalchemy import event, func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, ValidationFailed
from gfj_core.models import SurveyAnswer, SurveyColumnMapping, SurveyResponse, SurveyRound
from gfj_core.services import surveys as sv
from tests.cli import gfj as run_gfj
from tests.conftest import bare_actor

STAFF = bare_actor(Role.staff)
BOARD = bare_actor(Role.board)
SURVEY = "future_leadership_qualities"

HEADER = (
    "Timestamp,I am a...,"
    '"Which qualities matter most in the next leader of The Gathering? (choose up to three)",'
    "How important is it that the next leader keeps our current programmes?,"
    "How important is it that the community has a voice in choosing the next leader?,"
    "Where should the next leader come from?,"
    "In your own words: what must the next leader carry forward?"
)
ROUND_1 = (
    HEADER + "\n"
    '7/1/2026 10:00:00,Community member,"Coalition builder; Rooted in Kingian nonviolence",5,4,'
    "From inside the organisation,Keep the youth at the centre\n"
    "7/2/2026 11:00:00,Board member,Coalition builder,3,2,An open outside search,\n"
    '7/3/2026 12:00:00,Community member,"Strategic and financial skill, Coalition builder",4,5,'
    "From inside the organisation,Listen to families\n"
    "7/9/2026 13:00:00,Partner organization,,4,,No preference,\n"
)
ROUND_2 = (
    HEADER + ",Email\n"
    "10/1/2026 9:00:00,Staff,Coalition builder,5,5,From inside the organisation,"
    "More mentoring,a@example.org\n"
    "10/2/2026 9:00:00,Community member,Coalition builder,4,4,From inside the organisation,,\n"
)


def suggest(s, text: str, actor=STAFF):
    return sv.suggest_mapping(
        s, survey_key=SURVEY, filename="export.csv", content=text.encode(), actor=actor
    )


def do_import(s, text: str, mapping=None, **kw):
    mapping = mapping if mapping is not None else suggest(s, text).targets
    return sv.import_survey_responses(
        s,
        survey_key=SURVEY,
        filename="export.csv",
        content=text.encode(),
        mapping=mapping,
        actor=kw.pop("actor", STAFF),
        **kw,
    )


@pytest.fixture
def round_one(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        do_import(s, ROUND_1)
    return empty_db


def test_headers_of_a_first_import_are_mapped_by_their_question_text(empty_db):
    with session_scope(empty_db) as s:
        suggestion = suggest(s, ROUND_1)
    assert suggestion.rows == 4
    assert suggestion.remembered == []
    assert list(suggestion.targets.values()) == [
        "timestamp",
        "group",
        "question:top_qualities",
        "question:continuity",
        "question:community_voice",
        "question:origin",
        "question:carry_forward",
    ]
    assert suggestion.samples["I am a..."] == "Community member"


def test_a_round_imports_every_response_and_answer(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        result = do_import(s, ROUND_1)
    assert result.responses == 4
    assert result.by_group == {"community": 2, "board": 1, "partner": 1}
    # answers: r2 2 choices + 2 ratings + origin + text = 6; r3 1+2+1 = 4; r4 2+2+1+1 = 6;
    # r5 rating + origin = 2
    assert result.answers == 18
    assert result.round_label == "Round 1 (Jul 2026)"
    with session_scope(empty_db) as s:
        rnd = s.scalar(select(SurveyRound))
        assert (rnd.opened_on, rnd.closed_on, rnd.response_count) == (
            date(2026, 7, 1),
            date(2026, 7, 9),
            4,
        )
        assert s.scalar(select(func.count()).select_from(SurveyAnswer)) == 18


def test_results_match_the_hand_worked_answers(round_one):
    with session_scope(round_one) as s:
        r = sv.survey_results(s, survey_key=SURVEY, actor=BOARD)
    q = {x.question.key: x for x in r.questions}
    assert r.responses == 4 and r.previous_round is None
    assert r.by_group == {"board": 1, "staff": 0, "leader": 0, "community": 2, "partner": 1}
    # continuity 5, 3, 4, 4
    assert q["continuity"].average == 4.0
    assert [d.count for d in q["continuity"].distribution] == [0, 0, 1, 2, 1]
    assert q["continuity"].distribution[3].share == 0.5
    # community voice 4, 2, 5 (one blank)
    assert q["community_voice"].answered == 3
    assert q["community_voice"].average == pytest.approx(11 / 3)
    # every rating: 5 3 4 4 4 2 5
    assert r.overall_average == pytest.approx(27 / 7)
    qualities = {d.label: (d.count, d.share) for d in q["top_qualities"].distribution}
    assert q["top_qualities"].answered == 3
    assert qualities["Coalition builder"] == (3, 1.0)
    assert qualities["Rooted in Kingian nonviolence"] == (1, pytest.approx(1 / 3))
    assert qualities["Policy and legislative experience"] == (0, 0.0)
    origin = {d.label: d.count for d in q["origin"].distribution}
    assert origin["From inside the organisation"] == 2 and origin["No preference"] == 1
    assert q["carry_forward"].answered == 2


def test_a_bad_file_names_every_bad_row_and_column_and_writes_nothing(empty_db):
    bad = (
        HEADER + "\n"
        "7/1/2026 10:00:00,Community member,Coalition builder,5,4,No preference,ok\n"
        "7/2/2026 11:00:00,Board member,Coalition builder,7,2,No preference,\n"
        "7/3/2026 12:00:00,Alien,Charisma,4,5,Mars,\n"
        "the third of July,Staff,,4,,No preference,\n"
    )
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        mapping = suggest(s, bad).targets
        with pytest.raises(ValidationFailed) as caught:
            do_import(s, bad, mapping)
    locations = [w for w, _ in caught.value.problems]
    assert locations == [
        "row 3, column How important is it that the next leader keeps our current programmes?",
        "row 4, column I am a...",
        "row 4, column Which qualities matter most in the next leader of The Gathering? "
        "(choose up to three)",
        "row 4, column Where should the next leader come from?",
        "row 5, column Timestamp",
    ]
    assert "'7' is not a rating from 1 to 5" in caught.value.problems[0][1]
    with session_scope(empty_db) as s:
        for table in (SurveyRound, SurveyResponse, SurveyAnswer, SurveyColumnMapping):
            assert s.scalar(select(func.count()).select_from(table)) == 0


def test_a_second_round_reuses_the_remembered_mapping_and_shows_the_change(round_one):
    with session_scope(round_one, write=True, actor=STAFF) as s:
        suggestion = suggest(s, ROUND_2)
        assert len(suggestion.remembered) == 7 and "Email" not in suggestion.remembered
        assert suggestion.targets["Email"] == "ignore"
        result = do_import(s, ROUND_2, suggestion.targets, round_label="Autumn round")
    assert (result.round_label, result.responses) == ("Autumn round", 2)
    with session_scope(round_one) as s:
        r = sv.survey_results(s, survey_key=SURVEY, actor=BOARD)
        community = sv.survey_results(s, survey_key=SURVEY, group="community", actor=BOARD)
    q = {x.question.key: x for x in r.questions}
    assert r.round.label == "Autumn round" and r.previous_round.label == "Round 1 (Jul 2026)"
    assert (r.responses, r.previous_responses) == (2, 4)
    assert q["continuity"].average == 4.5
    assert q["continuity"].previous_average == 4.0
    assert q["continuity"].change == 0.5
    assert q["community_voice"].change == pytest.approx(4.5 - 11 / 3)
    # Community only: round 2 gave 4; round 1 gave 5 and 4.
    cq = {x.question.key: x for x in community.questions}
    assert community.responses == 1
    assert (cq["continuity"].average, cq["continuity"].previous_average) == (4.0, 4.5)


def test_the_remembered_mapping_is_the_one_last_used(round_one):
    with session_scope(round_one) as s:
        stored = dict(
            s.execute(select(SurveyColumnMapping.source_column, SurveyColumnMapping.target)).all()
        )
    assert stored["Timestamp"] == "timestamp"
    assert stored["I am a..."] == "group"
    assert stored["Where should the next leader come from?"] == "question:origin"


def test_a_round_name_is_used_once_per_survey(round_one):
    with (
        session_scope(round_one, write=True, actor=STAFF) as s,
        pytest.raises(ValidationFailed) as caught,
    ):
        do_import(s, ROUND_2, round_label="Round 1 (Jul 2026)")
    assert "already has a round called" in caught.value.problems[0][1]


def test_a_file_without_a_group_column_takes_one_group_for_every_response(empty_db):
    text = (
        "Timestamp,The board understands the succession plan and its timeline\n"
        "2026-07-01 10:00,4\n2026-07-02 10:00,2\n"
    )
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        mapping = sv.suggest_mapping(
            s, survey_key="board_self_assessment", filename="b.csv", content=text.encode(),
            actor=STAFF,
        ).targets  # fmt: skip
        with pytest.raises(ValidationFailed, match="problem"):
            sv.import_survey_responses(
                s, survey_key="board_self_assessment", filename="b.csv", content=text.encode(),
                mapping=mapping, actor=STAFF,
            )  # fmt: skip
        result = sv.import_survey_responses(
            s, survey_key="board_self_assessment", filename="b.csv", content=text.encode(),
            mapping=mapping, default_group="board", actor=STAFF,
        )  # fmt: skip
    assert result.by_group == {"board": 2}
    with session_scope(empty_db) as s:
        assert sv.latest_round_average(s, "board_self_assessment", date(2026, 7, 2)) == 3.0
        assert sv.latest_round_average(s, "board_self_assessment", date(2026, 6, 30)) is None


def test_the_board_reads_results_but_may_not_import(round_one):
    with session_scope(round_one) as s:
        with pytest.raises(PermissionDenied):
            suggest(s, ROUND_2, actor=BOARD)
        with pytest.raises(PermissionDenied):
            do_import(s, ROUND_2, mapping={}, actor=BOARD)
        assert sv.survey_results(s, survey_key=SURVEY, actor=BOARD).responses == 4
    with session_scope(round_one) as s, pytest.raises(PermissionDenied):
        sv.survey_results(s, survey_key=SURVEY, actor=bare_actor(Role.mentor))


def test_free_text_answers_are_tagged_and_themes_counted(round_one):
    with session_scope(round_one, write=True, actor=STAFF) as s:
        page = sv.text_answers(s, survey_key=SURVEY, actor=BOARD)
        assert [a.text for a in page.answers] == [
            "Listen to families",
            "Keep the youth at the centre",
        ]
        families, youth = page.answers
        sv.tag_answer(s, answer_id=families.answer_id, themes=["Community voice"], actor=STAFF)
        sv.tag_answer(
            s, answer_id=youth.answer_id, themes=["community VOICE", "Youth"], actor=STAFF
        )
        # Re-tagging replaces: the families answer now carries Youth only.
        again = sv.tag_answer(s, answer_id=families.answer_id, themes=["youth "], actor=STAFF)
        assert again.themes == ["Youth"]
    with session_scope(round_one) as s:
        counts = sv.theme_counts(s, survey_key=SURVEY, actor=BOARD)
        youth_only = sv.text_answers(s, survey_key=SURVEY, theme="Youth", actor=BOARD)
    assert [(t.name, t.count) for t in counts] == [("Youth", 2), ("Community voice", 1)]
    assert youth_only.total == 2


def test_only_free_text_answers_take_themes_and_only_editors_tag(round_one):
    with session_scope(round_one, write=True, actor=STAFF) as s:
        rating = s.scalar(select(SurveyAnswer.id).where(SurveyAnswer.score.is_not(None)))
        with pytest.raises(ValidationFailed, match="free-text"):
            sv.tag_answer(s, answer_id=rating, themes=["X"], actor=STAFF)
        text_id = sv.text_answers(s, survey_key=SURVEY, actor=STAFF).answers[0].answer_id
        with pytest.raises(PermissionDenied):
            sv.tag_answer(s, answer_id=text_id, themes=["X"], actor=BOARD)


def test_results_take_the_same_few_queries_whatever_the_number_of_responses(empty_db):
    rows = "\n".join(
        f"2026-07-{1 + i % 28:02d} 10:00,Community member,Coalition builder,{1 + i % 5},"
        f"{1 + (i * 3) % 5},No preference,answer {i}"
        for i in range(600)
    )
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        do_import(s, ROUND_1)
        do_import(s, HEADER + "\n" + rows + "\n", round_label="Big round")
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(empty_db, "before_cursor_execute", count)
    try:
        with session_scope(empty_db) as s:
            r = sv.survey_results(s, survey_key=SURVEY, actor=BOARD)
    finally:
        event.remove(empty_db, "before_cursor_execute", count)
    assert r.responses == 600
    # ratings 1..5 cycle evenly over 600 responses: mean 3
    assert r.questions[1].average == 3.0
    assert len(statements) <= 10


def test_a_renamed_or_new_column_is_left_for_a_decision_and_blocks_the_import(round_one):
    renamed = ROUND_2.replace(
        "Where should the next leader come from?", "Where would you look for the next leader?"
    )
    with session_scope(round_one) as s:
        suggestion = suggest(s, renamed)
    # Neither remembered from round 1 nor recognised: both need someone to decide.
    assert suggestion.undecided == ["Where would you look for the next leader?", "Email"]
    undecided = {**suggestion.targets, **{c: None for c in suggestion.undecided}}
    with (
        pytest.raises(ValidationFailed) as caught,
        session_scope(round_one, write=True, actor=STAFF) as s,
    ):
        do_import(s, renamed, undecided)
    assert [(w, m) for w, m in caught.value.problems] == [
        (
            "row 1, column Where would you look for the next leader?",
            "not mapped: choose a question, or ignore the column",
        ),
        ("row 1, column Email", "not mapped: choose a question, or ignore the column"),
    ]
    decided = {**undecided, "Where would you look for the next leader?": "question:origin",
               "Email": "ignore"}  # fmt: skip
    with session_scope(round_one, write=True, actor=STAFF) as s:
        assert do_import(s, renamed, decided).responses == 2
    with session_scope(round_one) as s:
        again = suggest(s, renamed)
    # Decided once, remembered: the next round asks nothing.
    assert again.undecided == []


def test_the_cli_refuses_an_undecided_column_until_it_is_mapped(empty_db, tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    export = tmp_path / "export.csv"
    head, *rows = ROUND_1.strip().split("\n")
    export.write_text("\n".join([head + ",Email", *(r + ",x@example.org" for r in rows)]) + "\n")

    def gfj(*args: str):
        return run_gfj(*args, url=str(empty_db.url), cwd=root)

    refused = gfj("import", "survey", str(export), "--survey", SURVEY)
    assert refused.returncode == 2
    assert "column Email: not mapped: choose a question, or ignore the column" in refused.stderr
    ok = gfj("import", "survey", str(export), "--survey", SURVEY, "--map", "Email=ignore")
    assert ok.returncode == 0, ok.stderr
    assert "Imported 4 responses" in ok.stdout
