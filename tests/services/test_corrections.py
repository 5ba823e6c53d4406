"""Correcting and removing the evaluation records (issue 15) on a real database file: community
programs and events, legacy items, stories, campaigns and influence items are corrected by each
owning role (every field of the add form), refused for every other role, a stale edit refused,
a bad correction leaves the database as it was, a delete removes the record (and what goes with
it), a program is archived, hidden, restored and deleted only when nothing points at it; every
change is audited and shows in the record's History."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from gfj_core.access import Role, can
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import (
    AuditLog,
    Campaign,
    CommunityEvent,
    CommunityProgramme,
    InfluenceItem,
    LegacyItem,
    Story,
    StoryValue,
)
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.evaluation import (
    CampaignChanges,
    CampaignCreate,
    EventChanges,
    EventCreate,
    InfluenceChanges,
    InfluenceCreate,
    LegacyItemChanges,
    LegacyItemCreate,
    ProgrammeChanges,
    ProgrammeCreate,
    StoryChanges,
    StoryCreate,
)
from gfj_core.services import community as cm
from gfj_core.services import impact as im
from gfj_core.services import legacy as lg
from gfj_core.services.audit_trail import record_history
from tests.conftest import bare_actor

DAY = date(2026, 10, 1)
ACTORS = {role: bare_actor(role) for role in Role}


@dataclass(frozen=True)
class Entity:
    model: type
    table: str
    permission: str
    changes: type
    save: object
    delete: object
    good: dict  # a correction
    bad: dict  # a correction the add form would refuse
    field: str  # the field `good` changes, as stored


ENTITIES = {
    "programme": Entity(
        CommunityProgramme,
        "community_programme",
        "evaluation.write",
        ProgrammeChanges,
        cm.save_programme_table,
        cm.delete_programme,
        {"name": "Youth circle, Fresno"},
        {"name": ""},
        "name",
    ),
    "event": Entity(
        CommunityEvent,
        "community_event",
        "evaluation.write",
        EventChanges,
        cm.save_event_table,
        cm.delete_event,
        {"participants": 40},
        {"new_participants": 99},  # more new people than participants
        "participants",
    ),
    "legacy_item": Entity(
        LegacyItem,
        "legacy_item",
        "evaluation.write",
        LegacyItemChanges,
        lg.save_legacy_table,
        lg.delete_legacy_item,
        {"reference": "Box 12, shelf 3"},
        {"value_name": "Kindness"},  # not one of the nine values
        "reference",
    ),
    "story": Entity(
        Story,
        "story",
        "stories.edit",
        StoryChanges,
        lg.save_story_table,
        lg.delete_story,
        {"storyteller": "Dani, a parent in Oakland"},
        {"consent": True, "consent_on": None},  # consent needs its date
        "storyteller",
    ),
    "campaign": Entity(
        Campaign,
        "campaign",
        "evaluation.write",
        CampaignChanges,
        im.save_campaign_table,
        im.delete_campaign,
        {"bill_number": "S.1234-B"},
        {"stage": "won"},  # a win needs the date it was decided
        "bill_number",
    ),
    "influence": Entity(
        InfluenceItem,
        "influence_item",
        "evaluation.write",
        InfluenceChanges,
        im.save_influence_table,
        im.delete_influence,
        {"organisation": "Youth Justice Network"},
        {"occurred_on": None},
        "organisation",
    ),
}
OWNERS = {name: [r for r in Role if can(r, e.permission)] for name, e in ENTITIES.items()}
OTHERS = {name: [r for r in Role if not can(r, e.permission)] for name, e in ENTITIES.items()}


@pytest.fixture
def org(empty_db):
    """One record of each kind, added through the services as staff. The program has no event
    or story (so it can be deleted); the event belongs to a second program."""
    staff = ACTORS[Role.staff]
    with session_scope(empty_db, write=True, actor=staff) as s:
        ids = {
            "programme": cm.add_programme(
                s, data=ProgrammeCreate(name="Youth circle"), actor=staff
            ).id,
            "used_programme": cm.add_programme(
                s, data=ProgrammeCreate(name="Court watch", state="NY"), actor=staff
            ).id,
        }
        ids["event"] = cm.record_event(
            s,
            data=EventCreate(
                name="Harlem circle", held_on=DAY, kind="workshop", state="NY",
                programme="Court watch", participants=30, new_participants=10,
            ),
            actor=staff,
        ).id  # fmt: skip
        ids["legacy_item"] = lg.add_legacy_item(
            s, data=LegacyItemCreate(kind="archive", title="March posters"), actor=staff
        ).id
        ids["story"] = lg.add_story(
            s,
            data=StoryCreate(
                title="Coming home", body="I came home.", storyteller="Dani",
                collected_on=DAY, values=["Culture", "Integrity"], consent=True, consent_on=DAY,
            ),
            actor=staff,
        ).id  # fmt: skip
        ids["campaign"] = im.add_campaign(
            s,
            data=CampaignCreate(
                name="Raise the Age", jurisdiction="New York State", issue="youth_justice",
                stage="committee", org_role="led", started_on=DAY,
            ),
            actor=staff,
        ).id  # fmt: skip
        ids["influence"] = im.add_influence(
            s,
            data=InfluenceCreate(
                kind="speaking", title="Keynote", organisation="Summit", occurred_on=DAY
            ),
            actor=staff,
        ).id
    ids["engine"] = empty_db
    return ids


def _version(engine, model, record_id) -> int:
    with session_scope(engine) as s:
        return s.get(model, record_id).version


def _edit(org, name: str, changes: dict, version: int | None = None) -> RowEdit:
    e = ENTITIES[name]
    record_id = org[name]
    expected = version if version is not None else _version(org["engine"], e.model, record_id)
    return RowEdit(id=record_id, expected_version=expected, changes=e.changes(**changes))


def _save(org, name: str, actor, *edits):
    with session_scope(org["engine"], write=True, actor=actor) as s:
        return ENTITIES[name].save(s, list(edits), actor=actor)


def _audited(engine, table: str, record_id: int, action: str) -> list[str | None]:
    with session_scope(engine) as s:
        return list(
            s.scalars(
                select(AuditLog.field).where(
                    AuditLog.entity == table,
                    AuditLog.entity_id == str(record_id),
                    AuditLog.action == action,
                )
            )
        )


@pytest.mark.parametrize(
    "name,role", [(n, r) for n, roles in OWNERS.items() for r in roles], ids=str
)
def test_each_owning_role_corrects_a_record_and_the_change_is_audited_and_in_its_history(
    org, name, role
):
    e, actor = ENTITIES[name], ACTORS[role]
    assert _save(org, name, actor, _edit(org, name, e.good)) == 1
    with session_scope(org["engine"]) as s:
        row = s.get(e.model, org[name])
        assert getattr(row, e.field) == next(iter(e.good.values()))
        history = record_history(s, entity=e.table, entity_id=org[name], actor=actor)
    assert e.field in _audited(org["engine"], e.table, org[name], "update")
    assert any(
        ch.field == e.field for cs in history.change_sets if cs.action == "update"
        for ch in cs.changes
    )  # fmt: skip


@pytest.mark.parametrize(
    "name,role", [(n, r) for n, roles in OTHERS.items() for r in roles], ids=str
)
def test_every_other_role_is_refused_the_correction_and_the_delete(org, name, role):
    e, actor = ENTITIES[name], ACTORS[role]
    with pytest.raises(PermissionDenied):
        _save(org, name, actor, _edit(org, name, e.good))
    with (
        pytest.raises(PermissionDenied),
        session_scope(org["engine"], write=True, actor=actor) as s,
    ):
        e.delete(s, record_id=org[name], expected_version=1, actor=actor)
    with session_scope(org["engine"]) as s:
        assert s.get(e.model, org[name]) is not None


@pytest.mark.parametrize("name", ENTITIES)
def test_a_stale_correction_and_a_stale_delete_are_refused(org, name):
    e, staff = ENTITIES[name], ACTORS[Role.staff]
    seen = _version(org["engine"], e.model, org[name])
    _save(org, name, staff, _edit(org, name, e.good))
    with pytest.raises(StaleEdit):
        _save(org, name, staff, _edit(org, name, e.good, version=seen))
    with pytest.raises(StaleEdit), session_scope(org["engine"], write=True, actor=staff) as s:
        e.delete(s, record_id=org[name], expected_version=seen, actor=staff)


@pytest.mark.parametrize("name", ENTITIES)
def test_a_correction_the_add_form_would_refuse_leaves_the_record_as_it_was(org, name):
    e, staff = ENTITIES[name], ACTORS[Role.staff]
    before = _version(org["engine"], e.model, org[name])
    with pytest.raises(ValidationFailed) as refused:
        _save(org, name, staff, _edit(org, name, e.bad))
    assert refused.value.problems
    assert _version(org["engine"], e.model, org[name]) == before
    assert _audited(org["engine"], e.table, org[name], "update") == []


@pytest.mark.parametrize("name", [n for n in ENTITIES if n != "programme"])
def test_a_record_added_by_mistake_is_deleted_and_the_delete_audited(org, name):
    e, staff = ENTITIES[name], ACTORS[Role.staff]
    with session_scope(org["engine"], write=True, actor=staff) as s:
        said = e.delete(
            s,
            record_id=org[name],
            expected_version=_version(org["engine"], e.model, org[name]),
            actor=staff,
        )
    assert said
    with session_scope(org["engine"]) as s:
        assert s.get(e.model, org[name]) is None
        if name == "story":  # its value tags go with it
            assert not s.scalars(select(StoryValue).where(StoryValue.story_id == org[name])).all()
    assert _audited(org["engine"], e.table, org[name], "delete")


def test_a_table_with_one_bad_row_saves_none_of_its_rows(org):
    staff = ACTORS[Role.staff]
    good = _edit(org, "campaign", {"bill_number": "A.1"})
    bad = _edit(org, "influence", {"title": ""})
    with (
        pytest.raises(ValidationFailed),
        session_scope(org["engine"], write=True, actor=staff) as s,
    ):
        im.save_campaign_table(s, [good], actor=staff)
        im.save_influence_table(s, [bad], actor=staff)
    with session_scope(org["engine"]) as s:
        assert s.get(Campaign, org["campaign"]).bill_number is None


def test_a_name_already_taken_is_refused_on_correction(org):
    staff = ACTORS[Role.staff]
    with pytest.raises(ValidationFailed, match="already recorded"):
        _save(org, "programme", staff, _edit(org, "programme", {"name": "court watch"}))


def test_an_archived_program_is_hidden_kept_on_its_events_restored_and_not_deleted(org):
    staff, board = ACTORS[Role.staff], ACTORS[Role.board]
    used = org["used_programme"]
    with session_scope(org["engine"], write=True, actor=staff) as s:
        v = s.get(CommunityProgramme, used).version
        cm.save_programme_table(
            s, [RowEdit(id=used, expected_version=v, changes=ProgrammeChanges(archived=True))],
            actor=staff,
        )  # fmt: skip
    with session_scope(org["engine"]) as s:
        assert "Court watch" not in [p.name for p in cm.list_programmes(s, actor=board)]
        every = {p.name: p for p in cm.list_programmes(s, include_archived=True, actor=board)}
        assert every["Court watch"].archived and every["Court watch"].events == 1
        assert cm.list_events(s, actor=board)[0].programme == "Court watch"
    with (
        pytest.raises(ValidationFailed, match="archive it instead"),
        session_scope(org["engine"], write=True, actor=staff) as s,
    ):
        cm.delete_programme(
            s, record_id=used, expected_version=s.get(CommunityProgramme, used).version,
            actor=staff,
        )  # fmt: skip
    with session_scope(org["engine"], write=True, actor=staff) as s:
        v = s.get(CommunityProgramme, used).version
        cm.save_programme_table(
            s, [RowEdit(id=used, expected_version=v, changes=ProgrammeChanges(archived=False))],
            actor=staff,
        )  # fmt: skip
    with session_scope(org["engine"]) as s:
        assert "Court watch" in [p.name for p in cm.list_programmes(s, actor=board)]
    assert "active" in _audited(org["engine"], "community_programme", used, "update")


def test_a_program_nothing_points_at_is_deleted_and_the_delete_audited(org):
    staff = ACTORS[Role.staff]
    with session_scope(org["engine"], write=True, actor=staff) as s:
        v = s.get(CommunityProgramme, org["programme"]).version
        assert cm.delete_programme(s, record_id=org["programme"], expected_version=v, actor=staff)
    with session_scope(org["engine"]) as s:
        assert s.get(CommunityProgramme, org["programme"]) is None
    assert _audited(org["engine"], "community_programme", org["programme"], "delete")


def test_a_story_correction_changes_its_values_and_program(org):
    staff = ACTORS[Role.staff]
    _save(
        org, "story", staff,
        _edit(org, "story", {"values": "Integrity, Responsibility", "programme": "Court watch"}),
    )  # fmt: skip
    with session_scope(org["engine"]) as s:
        story = lg.get_story(s, story_id=org["story"], actor=staff)
    assert story.values == ["Integrity", "Responsibility"]
    assert story.programme == "Court watch"
