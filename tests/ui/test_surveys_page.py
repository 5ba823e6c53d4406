"""The Surveys page draws the service's results; staff import a round with its columns mapped,
and a refused file keeps the mapping and the round's name that were typed."""

import hashlib

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import SurveyRound
from gfj_core.services.surveys import survey_results
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/surveys.py"
SURVEY = "board_self_assessment"
HEADER = (
    "Timestamp,The board understands the succession plan and its timeline,"
    "The board has agreed the qualities it seeks in the next leader,"
    "The board is confident in its role in selecting the successor,"
    "Candidates known first-hand,"
    "The board monitors the transition with clear metrics,"
    "The board has agreed the departing CEO's role after the handover,"
    "Is the board ready to select a successor on the planned timeline?,"
    "What does the board most need to do next?,Email\n"
)
# Ratings: 5 5 5 2 5 5 and 5 5 4 2 5 5: 53 over 12 once "Candidates known first-hand" (column 5)
# is mapped to its question; 49 over 10 if it were left ignored.
ROUND_3 = (
    HEADER + "2/3/2027 9:30:28,5,5,5,2,5,5,Yes,Decide.,a@example.org\n"
    "2/4/2027 9:30:28,5,5,4,2,5,5,Yes,Vote.,b@example.org\n"
)
BAD = HEADER + "2/3/2027 9:30:28,5,5,7,2,5,5,Yes,Decide.,a@example.org\n"


def rounds(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(SurveyRound))


def pick_survey(at, key: str = SURVEY):
    at.selectbox(key="sv_survey").set_value(key)
    return at.run()


def upload(at, text: str):
    at.file_uploader(key=f"sv_file_{SURVEY}_{at.session_state['sv_nonce']}").upload(
        "board-round-3.csv", text.encode(), "text/csv"
    )
    return at.run()


def decide_the_rest(at, digest: str) -> None:
    """Ignore every column still undecided (a decision the page no longer makes by itself)."""
    for box in at.selectbox:
        if str(box.key).startswith(f"sv_map_{digest}_") and box.value is None:
            box.set_value("ignore")


def import_button(at):
    return next(b for b in at.button if b.label.startswith("Import "))


def test_the_board_sees_the_latest_rounds_figures_and_no_import(demo_db):
    board = demo_actor(demo_db, "board")
    at = pick_survey(open_page(board, PAGE))
    assert not at.exception
    with session_scope(demo_db) as s:
        r = survey_results(s, survey_key=SURVEY, actor=board)
    metrics = {m.label: m for m in at.metric}
    assert metrics["Responses"].value == str(r.responses)
    assert metrics["Responses"].delta == (
        f"{r.responses - r.previous_responses:+,} on {r.previous_round.label}"
    )
    assert metrics["Average rating (1-5)"].value == f"{r.overall_average:.2f}"
    text = page_text(at)
    assert r.round.label in text and r.previous_round.label in text
    table = next(d.value for d in at.dataframe if "Question" in d.value.columns)
    knows = table[table["Question"].str.startswith("Board members know")].iloc[0]
    q = next(x for x in r.questions if x.question.key == "knows_candidates")
    assert knows["Average"] == f"{q.average:.2f}"
    assert [t.label for t in at.tabs] == ["Results", "Free-text answers and themes"]
    assert not at.file_uploader


def test_a_mentor_running_the_page_directly_is_refused(demo_db):
    refused = run_page_directly(demo_actor(demo_db, "mentor"), PAGE)
    assert "not available to your role (mentor)" in page_text(refused)
    assert not refused.metric and not refused.get("plotly_chart")


def test_staff_import_a_round_mapping_a_column_the_guess_missed(demo_db):
    staff = demo_actor(demo_db, "staff")
    before = rounds(demo_db)
    at = upload(pick_survey(open_page(staff, PAGE)), ROUND_3)
    assert not at.exception
    digest = hashlib.sha256(ROUND_3.encode()).hexdigest()[:12]
    assert "2 responses, 10 columns" in page_text(at)
    column = at.selectbox(key=f"sv_map_{digest}_4")
    assert column.value is None  # not guessed from "Candidates known first-hand": undecided
    column.set_value("question:knows_candidates")
    decide_the_rest(at, digest)
    at.text_input(key=f"sv_round_label_{digest}").input("Round 3 (Feb 2027)")
    import_button(at).click().run()
    assert not at.exception
    assert rounds(demo_db) == before + 1
    assert "Imported 2 responses into Board self-assessment on succession, Round 3 (Feb 2027)" in (
        page_text(at)
    )
    with session_scope(demo_db) as s:
        r = survey_results(s, survey_key=SURVEY, actor=staff)
    q = {x.question.key: x.average for x in r.questions}
    assert (r.round.label, r.responses, q["knows_candidates"]) == ("Round 3 (Feb 2027)", 2, 2.0)
    assert r.overall_average == 53 / 12
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Responses"] == "2" and metrics["Average rating (1-5)"] == "4.42"
    # The survey picker counts the new round at once, not on the next visit.
    with session_scope(demo_db) as s:
        n = s.scalar(
            select(func.count())
            .select_from(SurveyRound)
            .where(SurveyRound.survey_id == r.survey.id)
        )
    assert at.selectbox(key="sv_survey").value == SURVEY
    assert f"{n} rounds, {sum(x.response_count for x in r.survey.rounds):,} responses" in [
        c.value.split(";")[0] for c in at.caption
    ]


def test_a_refused_file_lists_row_and_column_and_keeps_what_was_chosen(demo_db):
    before = rounds(demo_db)
    at = upload(pick_survey(open_page(demo_actor(demo_db, "staff"), PAGE)), BAD)
    digest = hashlib.sha256(BAD.encode()).hexdigest()[:12]
    at.selectbox(key=f"sv_map_{digest}_4").set_value("question:knows_candidates")
    decide_the_rest(at, digest)
    at.text_input(key=f"sv_round_label_{digest}").input("Round 3 (Feb 2027)")
    import_button(at).click().run()
    assert not at.exception
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert problems.iloc[0]["Where"] == (
        "row 2, column The board is confident in its role in selecting the successor"
    )
    assert "'7' is not a rating from 1 to 5" in problems.iloc[0]["Problem"]
    assert rounds(demo_db) == before
    assert at.selectbox(key=f"sv_map_{digest}_4").value == "question:knows_candidates"
    assert at.text_input(key=f"sv_round_label_{digest}").value == "Round 3 (Feb 2027)"


def test_free_text_answers_are_listed_and_staff_tag_several_at_once(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    answers = next(d.value for d in at.dataframe if "Answer" in d.value.columns)
    assert len(answers) > 1 and "Themes" in answers.columns
    two = [int(answers.iloc[0]["#"]), int(answers.iloc[1]["#"])]
    at.multiselect(key="sv_bulk_answers").set_value(two)
    at.text_input(key="sv_bulk_new").input("Succession clarity")
    next(b for b in at.button if b.label == "Tag the chosen answers").click().run()
    assert not at.exception
    assert "2 answers tagged: Succession clarity." in page_text(at)
    answers = next(d.value for d in at.dataframe if "Answer" in d.value.columns)
    tagged = answers[answers["#"].isin(two)]
    assert all("Succession clarity" in t for t in tagged["Themes"])
    themes = at.selectbox(key=f"sv_text_theme_{at.selectbox(key='sv_survey').value}")
    assert "Succession clarity" in themes.options


def test_tagging_with_no_answer_chosen_says_so_in_the_form(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), PAGE)
    at.text_input(key="sv_bulk_new").input("Succession clarity")
    next(b for b in at.button if b.label == "Tag the chosen answers").click().run()
    assert not at.exception
    # Said next to the Answers field, in words (not pydantic's "answer_ids: List should have…").
    assert "Choose at least one." in page_text(at)
    assert "answer_ids" not in page_text(at)
    assert "tagged: Succession clarity" not in page_text(at)


def test_an_unmatched_column_blocks_the_import_until_it_is_decided(demo_db):
    before = rounds(demo_db)
    at = upload(pick_survey(open_page(demo_actor(demo_db, "staff"), PAGE)), ROUND_3)
    digest = hashlib.sha256(ROUND_3.encode()).hexdigest()[:12]
    assert "“Candidates known first-hand”" in next(
        w.value for w in at.warning if "matched no question" in w.value
    )
    import_button(at).click().run()
    assert not at.exception
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    rows = dict(zip(problems["Where"], problems["Problem"], strict=True))
    assert rows["row 1, column Candidates known first-hand"] == (
        "not mapped: choose a question, or ignore the column"
    )
    assert rounds(demo_db) == before
    at.selectbox(key=f"sv_map_{digest}_4").set_value("ignore")
    decide_the_rest(at, digest)
    import_button(at).click().run()
    assert rounds(demo_db) == before + 1


def test_a_comparison_of_small_rounds_shows_the_sizes_and_a_caution(demo_db):
    board = demo_actor(demo_db, "board")
    at = pick_survey(open_page(board, PAGE))
    with session_scope(demo_db) as s:
        r = survey_results(s, survey_key=SURVEY, actor=board)
    assert r.cautions and r.cautions[0].startswith("Small samples")
    assert [w.value for w in at.warning] == r.cautions
    text = page_text(at)
    assert f"{r.round.label} ({r.responses:,} responses)" in text
    assert f"{r.previous_round.label} ({r.previous_responses:,} responses)" in text
    table = next(d.value for d in at.dataframe if "Question" in d.value.columns)
    assert f"Answered, {r.previous_round.label}" in table.columns


def _click(at, label: str):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def test_removing_a_round_names_its_counts_then_removes_it(demo_db):
    staff = demo_actor(demo_db, "staff")
    at = pick_survey(open_page(staff, PAGE))
    with session_scope(demo_db) as s:
        latest = survey_results(s, survey_key=SURVEY, actor=staff).survey.rounds[-1]
    key = f"sv_remove_{SURVEY}"
    at.selectbox(key=f"{key}_pick").set_value(latest.id).run()
    at = _click(at, "Remove this round…")
    text = page_text(at)
    assert f"Remove the round “{latest.label}”" in text
    assert f"{latest.response_count} responses" in text and "answers" in text
    n = rounds(demo_db)
    at = _click(at, "Yes, remove it")
    assert not at.exception
    assert f"Removed the round “{latest.label}”" in page_text(at)
    assert rounds(demo_db) == n - 1
    # The results follow at once: the removed round is no longer offered.
    offered = at.selectbox(key=f"sv_round_{SURVEY}").options
    assert offered and not any(latest.label in o for o in offered)


def test_the_board_is_offered_no_round_removal(demo_db):
    at = pick_survey(open_page(demo_actor(demo_db, "board"), PAGE))
    assert not at.exception
    assert "Remove this round…" not in [b.label for b in at.button]
