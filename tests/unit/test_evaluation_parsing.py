"""Reading form-tool exports and event files: cells, mapping guesses, problems by row and column."""

from datetime import datetime

import pytest

from gfj_core.imports.common import Problems, read_table
from gfj_core.imports.events import parse_events, parse_kind, parse_state
from gfj_core.imports.survey_responses import (
    check_mapping,
    normalise_group,
    parse_responses,
    parse_scale,
    parse_timestamp,
    split_choices,
    suggest_targets,
)
from gfj_core.schemas.evaluation import QuestionRead

QUESTIONS = [
    QuestionRead(
        id=1, key="rating", position=1, text="How well did we listen? (1-5)", kind="scale"
    ),
    QuestionRead(
        id=2,
        key="origin",
        position=2,
        text="Where should the next leader come from?",
        kind="single",
        options=["Inside", "Outside, by search"],
    ),
    QuestionRead(
        id=3,
        key="qualities",
        position=3,
        text="Which qualities matter most?",
        kind="multi",
        options=["Listening, humility", "Courage", "Strategy"],
    ),
    QuestionRead(id=4, key="comment", position=4, text="Anything else?", kind="text"),
    QuestionRead(
        id=5,
        key="value_integrity",
        position=5,
        text="Integrity: how well do we live this value?",
        kind="scale",
        value_name="Integrity",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-07-14 10:32:11", datetime(2026, 7, 14, 10, 32, 11)),
        ("7/14/2026 10:32:11", datetime(2026, 7, 14, 10, 32, 11)),  # Google Forms (US)
        ("07/14/2026 10:32:11 PM", datetime(2026, 7, 14, 22, 32, 11)),  # SurveyMonkey
        ("2026/07/14 10:32:11 AM GMT-4", datetime(2026, 7, 14, 10, 32, 11)),
        ("2026-07-14T14:32:11Z", datetime(2026, 7, 14, 14, 32, 11)),  # Typeform ISO
        ("2026-07-14T10:32:11-04:00", datetime(2026, 7, 14, 14, 32, 11)),  # to UTC
        ("2026-07-14", datetime(2026, 7, 14)),
        ("14 July", None),
        ("", None),
    ],
)
def test_timestamps_from_the_common_form_tools(text, expected):
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4", 4), ("4.0", 4), ("5 - Strongly agree", 5), ("2 (rarely)", 2), ("Agree", 4),
     ("strongly disagree", 1), ("4.5", None), ("6", None), ("0", None), ("four", None)],
)  # fmt: skip
def test_ratings_from_one_to_five(text, expected):
    assert parse_scale(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Board member", "board"), ("STAFF", "staff"), ("Emerging leader", "leader"),
     ("Community members", "community"), ("Partner organization", "partner"),
     ("I'm a parent", "community"), ("Funder", "partner"), ("Martian", None), ("", None)],
)  # fmt: skip
def test_stakeholder_groups_as_forms_word_them(text, expected):
    assert normalise_group(text) == expected


def test_multiple_choices_split_on_semicolons_or_commas_keeping_options_with_commas():
    options = QUESTIONS[2].options
    assert split_choices("Courage;Strategy", options) == (["Courage", "Strategy"], [])
    assert split_choices("Listening, humility, Courage", options) == (
        ["Listening, humility", "Courage"],
        [],
    )
    assert split_choices("courage, Charisma", options) == (["Courage"], ["Charisma"])


def test_suggestions_use_the_remembered_mapping_first_then_the_headers():
    headers = ["Timestamp", "Which best describes you?", "Q1", "Anything else?",
               "Rate us [Integrity]", "Shoe size"]  # fmt: skip
    targets, remembered = suggest_targets(headers, QUESTIONS, {"Q1": "question:rating"})
    assert targets == {
        "Timestamp": "timestamp",
        "Which best describes you?": "group",
        "Q1": "question:rating",
        "Anything else?": "question:comment",
        "Rate us [Integrity]": "question:value_integrity",
        "Shoe size": "ignore",
    }
    assert remembered == ["Q1"]


def test_a_mapping_without_timestamp_or_group_or_question_is_refused_at_row_one():
    problems = Problems()
    ok = check_mapping(["When", "Shoe size"], {"When": "ignore", "Shoe size": "ignore"},
                       QUESTIONS, None, problems)  # fmt: skip
    assert not ok
    messages = [p.message for p in problems]
    assert all(p.row == 1 for p in problems)
    assert "no column is mapped to the timestamp" in messages
    assert any("stakeholder group" in m for m in messages)
    assert "no column is mapped to a question" in messages


def test_two_columns_mapped_to_one_question_are_named():
    problems = Problems()
    check_mapping(
        ["T", "A", "B"],
        {"T": "timestamp", "A": "question:rating", "B": "question:rating"},
        QUESTIONS,
        "board",
        problems,
    )
    assert [(p.row, p.column) for p in problems] == [(1, "A and B")]


def csv_table(text: str):
    return read_table("responses.csv", text.encode())


MAPPING = {
    "When": "timestamp",
    "Who": "group",
    "Listen": "question:rating",
    "From": "question:origin",
    "Qualities": "question:qualities",
    "Else": "question:comment",
}


def test_every_bad_cell_is_reported_with_its_row_and_column():
    table = csv_table(
        "When,Who,Listen,From,Qualities,Else\n"
        "2026-07-01 09:00,Staff,4,Inside,Courage,fine\n"
        "yesterday,Martian,9,Nowhere,Courage;Charisma,\n"
        ",Board,,,,\n"
    )
    responses, problems = parse_responses(table, MAPPING, QUESTIONS, None)
    assert responses == []
    found = {(p.row, p.column) for p in problems}
    assert found == {
        (3, "When"),
        (3, "Who"),
        (3, "Listen"),
        (3, "From"),
        (3, "Qualities"),
        (4, "When"),
    }


def test_good_rows_become_responses_with_one_answer_per_choice():
    table = csv_table(
        "When,Who,Listen,From,Qualities,Else\n"
        '7/1/2026 9:00:00,Staff,4,inside,"Listening, humility, Strategy",  Keep going \n'
        "7/2/2026 9:00:00,Community member,,,,\n"
    )
    responses, problems = parse_responses(table, MAPPING, QUESTIONS, None)
    assert not problems
    first, second = responses
    assert (first.row, first.group, second.group) == (2, "staff", "community")
    assert [(a.question_key, a.score, a.choice, a.text) for a in first.answers] == [
        ("rating", 4, None, None),
        ("origin", None, "Inside", None),
        ("qualities", None, "Listening, humility", None),
        ("qualities", None, "Strategy", None),
        ("comment", None, None, "Keep going"),
    ]
    assert second.answers == []


def test_surveymonkeys_second_header_row_is_skipped():
    table = csv_table(
        "When,Listen,Else\n,Response,Open-Ended Response\n07/01/2026 09:00:00 AM,5,\n"
    )
    mapping = {"When": "timestamp", "Listen": "question:rating", "Else": "question:comment"}
    responses, problems = parse_responses(table, mapping, QUESTIONS, "board")
    assert not problems
    assert [(r.row, r.group) for r in responses] == [(3, "board")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("training", "training"), ("Listening session", "listening_session"),
     ("Rally or march", "rally"), ("court-watch", "court_watch"), ("Cultural event", "cultural")],
)  # fmt: skip
def test_event_kinds_accept_their_labels(text, kind):
    assert parse_kind(text) == kind


def test_states_accept_names_and_codes():
    assert [parse_state(s) for s in ("NY", "california", "National")] == ["NY", "CA", "other"]
    with pytest.raises(ValueError, match="not NY, CA or other"):
        parse_state("Texas")


def test_events_with_inconsistent_counts_are_named_by_row_and_column():
    table = read_table(
        "events.csv",
        b"date,event,kind,state,participants,new_participants,returning_participants\n"
        b"2026-10-01,Training A,training,NY,20,5,15\n"
        b"2026-10-02,Training B,training,NY,20,5,10\n"
        b"2026-10-03,Training C,training,Texas,20,25,\n"
        b"2026-10-01,training a,training,NY,20,5,15\n",
    )
    events, problems = parse_events(table)
    assert events == []
    assert [(p.row, p.column) for p in problems] == [
        (3, "returning_participants"),
        (4, "state"),
        (5, "event"),
    ]
