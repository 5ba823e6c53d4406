"""A leader's development records (issue 15): the training catalogue, completions, strategic
exposure and outcomes created, corrected, retired or removed by their owning roles on a real
database file; other roles refused; a mentor only for their own current mentees; stale edits
refused; every change audited."""

from datetime import date

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import AuditLog, TrainingCompletion
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.development import (
    CompletionCreate,
    CompletionRowEdit,
    CompletionUpdate,
    ExposureCreate,
    ExposureRowEdit,
    ExposureUpdate,
    ModuleCreate,
    ModuleRowEdit,
    ModuleUpdate,
    OutcomeCreate,
    OutcomeRowEdit,
    OutcomeUpdate,
    RecordRemoval,
)
from gfj_core.services.audit_trail import record_history
from gfj_core.services.leader_development import (
    create_module,
    development_view,
    record_completion,
    record_exposure,
    record_outcome,
    remove_completion,
    remove_exposure,
    remove_outcome,
    save_completion_table,
    save_exposure_table,
    save_module_table,
    save_outcome_table,
    update_module,
)
from gfj_core.services.leader_pipeline import leader_rows
from gfj_core.services.leader_profile import leader_profile
from tests import factories as f
from tests.conftest import bare_actor

TODAY = date(2026, 11, 22)
CEO = bare_actor(Role.ceo, person_id=None, user_id=None)
ADMIN = bare_actor(Role.admin)


@pytest.fixture
def org(empty_db):
    """Mo (a mentor account) mentors Ana; Zoe (a mentor account) mentors nobody; Ben is a
    leader without a mentor."""
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        mo, zoe = f.person(s, "Mo Mentor"), f.person(s, "Zoe Mentor")
        f.user(s, "mo", "mentor", mo)
        f.user(s, "zoe", "mentor", zoe)
        ana = f.leader(s, f.person(s, "Ana"), mentors=[mo])
        ben = f.leader(s, f.person(s, "Ben"))
        ids = {"mo": mo.id, "zoe": zoe.id, "ana": ana.id, "ben": ben.id}
    ids["engine"] = empty_db
    ids["mo_actor"] = bare_actor(Role.mentor, person_id=ids["mo"], user_id=1)
    ids["zoe_actor"] = bare_actor(Role.mentor, person_id=ids["zoe"], user_id=2)
    return ids


def _do(engine, actor, fn, *args, **kw):
    with session_scope(engine, write=True, actor=actor) as s:
        return fn(s, *args, actor=actor, **kw)


def _view(engine, actor):
    with session_scope(engine) as s:
        return development_view(s, actor=actor)


def _audited(engine, entity, entity_id) -> list[tuple[str, str]]:
    with session_scope(engine) as s:
        return s.execute(
            select(AuditLog.action, AuditLog.field).where(
                AuditLog.entity == entity, AuditLog.entity_id == str(entity_id)
            )
        ).all()


def _training(s, leader_id) -> tuple[int, int]:
    """(core modules done, core modules in the catalogue) on the leader's Leaders row."""
    row = next(
        r
        for r in leader_rows(s, today=TODAY, scope=None, stale_days=30)
        if r.leader_id == leader_id
    )
    return row.training_done, row.training_core_total


def _module(engine, name="Budgeting basics", is_core=True):
    return _do(engine, CEO, create_module, ModuleCreate(name=name, hours=6, is_core=is_core))


# ---------------------------------------------------------------- training modules


def test_the_ceo_adds_corrects_retires_and_restores_a_module_each_step_audited(org):
    e = org["engine"]
    module = _module(e)
    assert (module.name, module.position, module.retired_on) == ("Budgeting basics", 1, None)
    edit = ModuleRowEdit(
        id=module.id, expected_version=module.version, changes=ModuleUpdate(hours=8)
    )
    module = _do(e, CEO, update_module, edit)
    assert module.hours == 8
    retired = _do(
        e,
        ADMIN,
        save_module_table,
        [
            ModuleRowEdit(
                id=module.id,
                expected_version=module.version,
                changes=ModuleUpdate(retired_on=TODAY),
            )
        ],
    )
    assert retired == 1
    module = _view(e, CEO).modules[0]
    assert module.retired_on == TODAY
    restored = _do(
        e,
        CEO,
        update_module,
        ModuleRowEdit(
            id=module.id, expected_version=module.version, changes=ModuleUpdate(retired_on=None)
        ),
    )
    assert restored.retired_on is None
    fields = [field for _, field in _audited(e, "training_module", module.id)]
    assert fields.count("retired_on") == 2 and "hours" in fields


def test_a_retired_module_leaves_completed_training_and_takes_no_new_completion(org):
    e = org["engine"]
    core = _module(e, "Core one")
    other = _module(e, "Core two")
    _do(
        e,
        CEO,
        record_completion,
        CompletionCreate(leader_id=org["ana"], module_id=core.id, completed_on=TODAY),
    )
    with session_scope(e) as s:
        assert _training(s, org["ana"]) == (1, 2)
    _do(
        e,
        CEO,
        update_module,
        ModuleRowEdit(
            id=other.id, expected_version=other.version, changes=ModuleUpdate(retired_on=TODAY)
        ),
    )
    with session_scope(e) as s:
        assert _training(s, org["ana"]) == (1, 1)
        # Ben never took the retired module: it is off his profile.
        assert [
            t.module for t in leader_profile(s, org["ben"], today=TODAY, actor=CEO).training
        ] == ["Core one"]
    with pytest.raises(ValidationFailed, match="catalogue"):
        _do(
            e,
            CEO,
            record_completion,
            CompletionCreate(leader_id=org["ben"], module_id=other.id, completed_on=TODAY),
        )


def test_two_modules_cannot_share_a_name(org):
    e = org["engine"]
    _module(e, "Same")
    with pytest.raises(StaleEdit, match="Someone else added"):
        _module(e, "Same")
    other = _module(e, "Other")
    with pytest.raises(ValidationFailed, match="already has this name"):
        _do(
            e,
            CEO,
            update_module,
            ModuleRowEdit(
                id=other.id, expected_version=other.version, changes=ModuleUpdate(name="Same")
            ),
        )


@pytest.mark.parametrize("role", [Role.board, Role.treasurer, Role.mentor, Role.staff])
def test_only_the_ceo_and_admin_keep_the_catalogue(org, role):
    with pytest.raises(PermissionDenied):
        _do(
            org["engine"],
            bare_actor(role, person_id=org["mo"]),
            create_module,
            ModuleCreate(name="X"),
        )


def test_a_stale_module_edit_is_refused_and_names_the_other_change(org):
    e = org["engine"]
    module = _module(e)
    _do(
        e,
        ADMIN,
        update_module,
        ModuleRowEdit(id=module.id, expected_version=module.version, changes=ModuleUpdate(hours=9)),
    )
    with pytest.raises(StaleEdit, match="hours"):
        _do(
            e,
            CEO,
            update_module,
            ModuleRowEdit(
                id=module.id, expected_version=module.version, changes=ModuleUpdate(hours=2)
            ),
        )


# ---------------------------------------------------------------- completions


def test_a_mentor_records_corrects_and_removes_a_completion_of_their_mentee_audited(org):
    e, mo = org["engine"], org["mo_actor"]
    module = _module(e)
    done = _do(
        e,
        mo,
        record_completion,
        CompletionCreate(
            leader_id=org["ana"], module_id=module.id, completed_on=TODAY, evidence="Certificate"
        ),
    )
    assert (done.leader_name, done.module_name, done.evidence) == (
        "Ana",
        "Budgeting basics",
        "Certificate",
    )
    assert [c.id for c in _view(e, mo).completions] == [done.id]
    _do(
        e,
        mo,
        save_completion_table,
        [
            CompletionRowEdit(
                id=done.id,
                expected_version=done.version,
                changes=CompletionUpdate(evidence="Signed by the trainer"),
            )
        ],
    )
    with session_scope(e) as s:
        history = record_history(s, entity="training_completion", entity_id=done.id, actor=mo)
        assert len(history.change_sets) == 2
    removed = _do(e, mo, remove_completion, RecordRemoval(id=done.id, expected_version=2))
    assert removed == "Budgeting basics for Ana"
    assert _view(e, CEO).completions == []
    actions = [a for a, _ in _audited(e, "training_completion", done.id)]
    assert {"insert", "update", "delete"} <= set(actions)


def test_another_mentor_may_neither_record_nor_see_nor_remove_a_completion(org):
    e, zoe = org["engine"], org["zoe_actor"]
    module = _module(e)
    with pytest.raises(PermissionDenied):
        _do(
            e,
            zoe,
            record_completion,
            CompletionCreate(leader_id=org["ana"], module_id=module.id, completed_on=TODAY),
        )
    done = _do(
        e,
        CEO,
        record_completion,
        CompletionCreate(leader_id=org["ana"], module_id=module.id, completed_on=TODAY),
    )
    assert _view(e, zoe).completions == [] and _view(e, zoe).leaders == []
    with pytest.raises(PermissionDenied):
        _do(e, zoe, remove_completion, RecordRemoval(id=done.id, expected_version=done.version))
    with pytest.raises(PermissionDenied), session_scope(e) as s:
        record_history(s, entity="training_completion", entity_id=done.id, actor=zoe)


@pytest.mark.parametrize("role", [Role.board, Role.treasurer, Role.staff])
def test_board_treasurer_and_staff_record_no_development(org, role):
    actor = bare_actor(role)
    with pytest.raises(PermissionDenied):
        _view(org["engine"], actor)
    with pytest.raises(PermissionDenied):
        _do(
            org["engine"],
            actor,
            record_exposure,
            ExposureCreate(
                leader_id=org["ana"],
                occurred_on=TODAY,
                kind="budget",
                description="X",
                part="observed",
            ),
        )


def test_a_completion_recorded_twice_is_refused_and_a_stale_removal_too(org):
    e = org["engine"]
    module = _module(e)
    data = CompletionCreate(leader_id=org["ana"], module_id=module.id, completed_on=TODAY)
    done = _do(e, CEO, record_completion, data)
    with pytest.raises(StaleEdit, match="Someone else added"):
        _do(e, org["mo_actor"], record_completion, data)
    _do(
        e,
        ADMIN,
        save_completion_table,
        [
            CompletionRowEdit(
                id=done.id,
                expected_version=done.version,
                changes=CompletionUpdate(completed_on=date(2026, 11, 1)),
            )
        ],
    )
    with pytest.raises(StaleEdit):
        _do(e, CEO, remove_completion, RecordRemoval(id=done.id, expected_version=done.version))
    with session_scope(e) as s:
        assert s.get(TrainingCompletion, done.id) is not None


def test_a_completion_table_saves_all_rows_or_none(org):
    e = org["engine"]
    a, b = _module(e, "A"), _module(e, "B")
    one = _do(
        e,
        CEO,
        record_completion,
        CompletionCreate(leader_id=org["ana"], module_id=a.id, completed_on=TODAY),
    )
    two = _do(
        e,
        CEO,
        record_completion,
        CompletionCreate(leader_id=org["ana"], module_id=b.id, completed_on=TODAY),
    )
    with pytest.raises(ValidationFailed):
        _do(
            e,
            CEO,
            save_completion_table,
            [
                CompletionRowEdit(
                    id=one.id, expected_version=1, changes=CompletionUpdate(evidence="ok")
                ),
                CompletionRowEdit(
                    id=two.id, expected_version=1, changes=CompletionUpdate(completed_on=None)
                ),
            ],
        )
    assert {c.evidence for c in _view(e, CEO).completions} == {None}


# ---------------------------------------------------------------- strategic exposure


def test_exposure_is_recorded_with_the_leaders_part_corrected_and_removed_audited(org):
    e, mo = org["engine"], org["mo_actor"]
    exp = _do(
        e,
        mo,
        record_exposure,
        ExposureCreate(
            leader_id=org["ana"],
            occurred_on=TODAY,
            kind="board_meeting",
            description="Approve the 2027 budget",
            part="contributed",
            reflection="Presented the youth program line.",
        ),
    )
    assert (exp.part, exp.reflection) == ("contributed", "Presented the youth program line.")
    _do(
        e,
        CEO,
        save_exposure_table,
        [ExposureRowEdit(id=exp.id, expected_version=1, changes=ExposureUpdate(part="led"))],
    )
    with session_scope(e) as s:
        shown = leader_profile(s, org["ana"], today=TODAY, actor=CEO).exposures
    assert [(x.part, x.description) for x in shown] == [("led", "Approve the 2027 budget")]
    with pytest.raises(StaleEdit):
        _do(e, mo, remove_exposure, RecordRemoval(id=exp.id, expected_version=1))
    assert _do(e, mo, remove_exposure, RecordRemoval(id=exp.id, expected_version=2)) == (
        "Approve the 2027 budget"
    )
    assert _view(e, CEO).exposures == []
    actions = [a for a, _ in _audited(e, "strategic_exposure", exp.id)]
    assert {"insert", "update", "delete"} <= set(actions)
    with pytest.raises(NotFound):
        _do(e, mo, remove_exposure, RecordRemoval(id=exp.id, expected_version=2))


def test_another_mentor_cannot_record_exposure_for_someone_elses_mentee(org):
    with pytest.raises(PermissionDenied):
        _do(
            org["engine"],
            org["zoe_actor"],
            record_exposure,
            ExposureCreate(
                leader_id=org["ana"],
                occurred_on=TODAY,
                kind="press",
                description="Interview",
                part="led",
            ),
        )


# ---------------------------------------------------------------- outcomes


def test_the_ceo_records_corrects_and_removes_an_outcome_with_both_scores_audited(org):
    e = org["engine"]
    out = _do(
        e,
        CEO,
        record_outcome,
        OutcomeCreate(
            leader_id=org["ben"],
            role_title="Executive director",
            organisation="Bronx Youth Alliance",
            started_on=TODAY,
            preparedness_score=4,
            effectiveness_score=5,
            feedback_from="Board chair",
        ),
    )
    assert (out.preparedness_score, out.effectiveness_score) == (4, 5)
    _do(
        e,
        ADMIN,
        save_outcome_table,
        [
            OutcomeRowEdit(
                id=out.id, expected_version=1, changes=OutcomeUpdate(effectiveness_score=3)
            )
        ],
    )
    with session_scope(e) as s:
        shown = leader_profile(s, org["ben"], today=TODAY, actor=CEO).outcomes
    assert [o.effectiveness_score for o in shown] == [3]
    assert _do(e, CEO, remove_outcome, RecordRemoval(id=out.id, expected_version=2)) == (
        "Executive director at Bronx Youth Alliance"
    )
    actions = [a for a, _ in _audited(e, "leader_outcome", out.id)]
    assert {"insert", "update", "delete"} <= set(actions)


def test_scores_outside_one_to_five_are_refused_at_the_boundary():
    with pytest.raises(ValueError):
        OutcomeCreate(
            leader_id=1, role_title="X", organisation="Y", started_on=TODAY, effectiveness_score=6
        )


def test_a_mentor_neither_records_nor_sees_outcomes(org):
    mo = org["mo_actor"]
    view = _view(org["engine"], mo)
    assert not view.can_manage_outcomes and view.outcomes == [] and view.outcome_leaders == []
    assert [x.name for x in view.leaders] == ["Ana"]
    with pytest.raises(PermissionDenied):
        _do(
            org["engine"],
            mo,
            record_outcome,
            OutcomeCreate(leader_id=org["ana"], role_title="X", organisation="Y", started_on=TODAY),
        )
