"""Legacy and values: the value-alignment trend by hand, the register, and the consent rule for
stories enforced in the service for every role."""

from datetime import date

import pytest

from gfj_core.access import Role, can
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.schemas.evaluation import NINE_VALUES, LegacyItemCreate, StoryCreate
from gfj_core.services import legacy as lg
from gfj_core.services import surveys as sv
from tests.conftest import bare_actor

STAFF = bare_actor(Role.staff)
CEO = bare_actor(Role.ceo)
ADMIN = bare_actor(Role.admin)
BOARD = bare_actor(Role.board)

HEADER = "Timestamp,Which best describes you?," + ",".join(
    f"How well do our activities live up to each of our values? [{v}]" for v in NINE_VALUES
)


def values_round(s, rows: list[tuple[str, str, list[int]]], label: str):
    lines = [HEADER] + [f"{when},{who}," + ",".join(map(str, scores)) for when, who, scores in rows]
    content = ("\n".join(lines) + "\n").encode()
    mapping = sv.suggest_mapping(
        s, survey_key="values_alignment", filename="v.csv", content=content, actor=STAFF
    ).targets
    sv.import_survey_responses(
        s, survey_key="values_alignment", filename="v.csv", content=content, mapping=mapping,
        round_label=label, actor=STAFF,
    )  # fmt: skip


def test_each_values_trend_is_its_average_per_round(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        values_round(
            s,
            [
                ("2026-07-01 10:00", "Board member", [4, 3, 5, 5, 2, 4, 3, 3, 4]),
                ("2026-07-02 10:00", "Community member", [2, 3, 5, 4, 2, 4, 3, 3, 4]),
            ],
            "July",
        )
        values_round(
            s,
            [
                ("2026-10-01 10:00", "Board member", [4, 4, 5, 5, 4, 4, 3, 3, 4]),
                ("2026-10-02 10:00", "Staff", [4, 4, 5, 4, 3, 4, 3, 3, 4]),
                ("2026-10-03 10:00", "Community member", [4, 4, 5, 4, 2, 4, 3, 3, 4]),
            ],
            "October",
        )
    with session_scope(empty_db) as s:
        va = lg.values_alignment(s, actor=BOARD)
        board_only = lg.values_alignment(s, group="board", actor=BOARD)
    by = {v.value_name: v for v in va.values}
    # Collaboration: July (4 + 2) / 2 = 3, October 4: +1
    assert [p.average for p in by["Collaboration"].points] == [3.0, 4.0]
    assert by["Collaboration"].change == 1.0
    # Innovation: July 2, October (4 + 3 + 2) / 3 = 3
    assert (by["Innovation"].previous, by["Innovation"].latest) == (2.0, 3.0)
    # Non-violence: July 4.5, October 13 / 3
    assert by["Non-violence"].latest == pytest.approx(13 / 3)
    # All nine: July sums 33 + 30 = 63 over 18 ratings; October 36 + 34 + 33 = 103 over 27
    assert [label for label, _ in va.overall] == ["July", "October"]
    assert va.overall[0][1] == pytest.approx(63 / 18)
    assert va.overall[1][1] == pytest.approx(103 / 27)
    assert {v.value_name: v.latest for v in board_only.values}["Innovation"] == 4.0


def test_without_any_round_the_values_have_no_figures(empty_db):
    with session_scope(empty_db) as s:
        va = lg.values_alignment(s, actor=BOARD)
    assert va.rounds == [] and all(v.latest is None for v in va.values)


def story(title: str, consent: bool, values=("Integrity",)) -> StoryCreate:
    return StoryCreate(
        title=title,
        body=f"{title} body",
        storyteller="A parent",
        collected_on=date(2026, 5, 1),
        values=list(values),
        consent=consent,
        consent_on=date(2026, 5, 2) if consent else None,
    )


@pytest.fixture
def stories(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        shared = lg.add_story(s, data=story("Shared", True, ["Integrity", "Culture"]), actor=STAFF)
        private = lg.add_story(s, data=story("Private", False, ["Integrity"]), actor=STAFF)
    return empty_db, shared.id, private.id


@pytest.mark.parametrize("role", [Role.board])
def test_a_story_without_consent_is_invisible_outside_its_editors(stories, role):
    db, shared_id, private_id = stories
    viewer = bare_actor(role)
    assert not can(role, "stories.edit")
    with session_scope(db) as s:
        view = lg.list_stories(s, actor=viewer)
        assert [x.title for x in view.stories] == ["Shared"]
        assert view.can_edit is False
        # Counts do not betray the withheld story either.
        assert view.by_value["Integrity"] == 1 and view.by_value["Culture"] == 1
        assert lg.list_stories(s, value="Integrity", actor=viewer).stories[0].id == shared_id
        with pytest.raises(NotFound):
            lg.get_story(s, story_id=private_id, actor=viewer)
        assert lg.get_story(s, story_id=shared_id, actor=viewer).title == "Shared"
        assert lg.consented_story_count(s, date(2026, 12, 1)) == 1


@pytest.mark.parametrize("actor", [STAFF, CEO, ADMIN])
def test_story_editors_see_every_story_marked_with_its_consent(stories, actor):
    db, _, private_id = stories
    with session_scope(db) as s:
        view = lg.list_stories(s, actor=actor)
        assert {(x.title, x.consent) for x in view.stories} == {
            ("Shared", True),
            ("Private", False),
        }
        assert view.by_value["Integrity"] == 2
        assert lg.get_story(s, story_id=private_id, actor=actor).consent is False


def test_roles_outside_the_evaluation_pages_read_no_stories(stories):
    db, *_ = stories
    for role in (Role.mentor, Role.treasurer):
        with session_scope(db) as s, pytest.raises(PermissionDenied):
            lg.list_stories(s, actor=bare_actor(role))


def test_recording_consent_makes_a_story_visible_and_a_stale_form_is_refused(stories):
    db, _, private_id = stories
    with session_scope(db, write=True, actor=STAFF) as s:
        loaded = lg.get_story(s, story_id=private_id, actor=STAFF)
        with pytest.raises(ValidationFailed, match="consent was given"):
            lg.set_story_consent(s, story_id=private_id, consent=True, consent_on=None, actor=STAFF)
        lg.set_story_consent(
            s, story_id=private_id, consent=True, consent_on=date(2026, 6, 1),
            expected_version=loaded.version, actor=STAFF,
        )  # fmt: skip
    with session_scope(db) as s:
        assert {x.title for x in lg.list_stories(s, actor=BOARD).stories} == {"Shared", "Private"}
    with session_scope(db, write=True, actor=STAFF) as s, pytest.raises(StaleEdit):
        lg.set_story_consent(
            s, story_id=private_id, consent=False, consent_on=None,
            expected_version=loaded.version, actor=STAFF,
        )  # fmt: skip


def test_the_board_may_not_add_stories_or_change_consent(stories):
    db, _, private_id = stories
    with session_scope(db, write=True, actor=BOARD) as s:
        with pytest.raises(PermissionDenied):
            lg.add_story(s, data=story("Mine", True), actor=BOARD)
        with pytest.raises(PermissionDenied):
            lg.set_story_consent(
                s, story_id=private_id, consent=True, consent_on=date(2026, 6, 1), actor=BOARD
            )


def test_a_story_claiming_consent_needs_its_date_and_known_values():
    with pytest.raises(ValueError, match="date consent was given"):
        StoryCreate(
            title="T", body="B", storyteller="S", collected_on=date(2026, 1, 1), consent=True
        )
    with pytest.raises(ValueError, match="not one of the nine values"):
        StoryCreate(
            title="T", body="B", storyteller="S", collected_on=date(2026, 1, 1), values=["Wealth"]
        )


def test_the_register_lists_items_by_kind_oldest_first(empty_db):
    with session_scope(empty_db, write=True, actor=STAFF) as s:
        for title, when in (("Later", date(2026, 3, 1)), ("Earlier", date(2025, 3, 1))):
            lg.add_legacy_item(
                s, data=LegacyItemCreate(kind="commemoration", title=title, occurred_on=when),
                actor=STAFF,
            )  # fmt: skip
        lg.add_legacy_item(
            s, data=LegacyItemCreate(kind="principle", title="Artists lead", value_name="Culture"),
            actor=STAFF,
        )  # fmt: skip
    with session_scope(empty_db) as s:
        reg = lg.legacy_register(s, actor=BOARD)
        commemorations = lg.legacy_register(s, kind="commemoration", actor=BOARD)
    assert reg.counts == {"principle": 1, "commemoration": 2, "archive": 0}
    assert [i.title for i in commemorations.items] == ["Earlier", "Later"]
    with pytest.raises(ValueError, match="nine values"):
        LegacyItemCreate(kind="principle", title="X", value_name="Wealth")
