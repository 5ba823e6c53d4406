"""Removing what the transition pages hold (issue 15): phases, checklist items, emergency-plan
functions, knowledge-register rows and relationships are deleted with what goes with them, or
refused when something still points at them; every removal is audited and refused for every
role that does not own the plan. And the founder's role: a form that saw no role cannot
silently replace one someone else saved meanwhile."""

from datetime import date

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import (
    AuditLog,
    BackupFunction,
    ChecklistItem,
    KeyRelationship,
    KnowledgeCapability,
    KnowledgeFunction,
    Milestone,
    MilestoneDependency,
    Phase,
)
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.transition import FounderRoleSave
from gfj_core.services.audit_trail import record_history
from gfj_core.services.checklist import delete_item
from gfj_core.services.continuity import (
    delete_backup_function,
    delete_knowledge_function,
    delete_relationship,
    founder_role,
    save_founder_role,
)
from gfj_core.services.org_settings import set_org_setting
from gfj_core.services.timeline import delete_milestone, delete_phase
from gfj_core.services.transition_removal import removal_consequences
from tests import factories as f
from tests.conftest import bare_actor

TODAY = date(2026, 11, 22)
CEO = bare_actor(Role.ceo)
ADMIN = bare_actor(Role.admin)
# Every role that does not own the plan (transition.write is the CEO's and the admin's).
NOT_OWNERS = [r for r in Role if r not in (Role.ceo, Role.admin)]


@pytest.fixture
def plan(empty_db):
    """One phase with two linked milestones, an empty phase, one checklist item, one emergency
    function, one register row two people can do, one relationship."""
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        carmen = f.person(s, "Carmen", is_staff=True)
        sam = f.person(s, "Sam", is_staff=True)
        set_org_setting(s, "departing_leader", "Carmen", actor=SYSTEM)
        full = f.phase(s, "Prepare", date(2026, 9, 1), date(2026, 12, 31))
        empty = f.phase(s, "Later", date(2027, 1, 1), date(2027, 6, 30))
        a = f.milestone(s, full, title="Hire search firm", baseline_finish=date(2026, 10, 1))
        b = f.milestone(s, full, title="Shortlist", baseline_finish=date(2026, 11, 1))
        s.flush()
        s.add(MilestoneDependency(milestone_id=b.id, depends_on_id=a.id))
        item = ChecklistItem(category="governance", title="Update bylaws")
        backup = BackupFunction(name="Spokesperson", backup_person_id=sam.id)
        know = KnowledgeFunction(name="Payroll")
        rel = KeyRelationship(name="City council", kind="official", owner_person_id=carmen.id)
        s.add_all([item, backup, know, rel])
        s.flush()
        s.add_all(
            [
                KnowledgeCapability(function_id=know.id, person_id=carmen.id, level="expert"),
                KnowledgeCapability(function_id=know.id, person_id=sam.id, level="learning"),
            ]
        )
        s.flush()
        ids = {
            "full": full.id,
            "empty": empty.id,
            "a": a.id,
            "b": b.id,
            "item": item.id,
            "backup": backup.id,
            "know": know.id,
            "rel": rel.id,
            "carmen": carmen.id,
        }
    return empty_db, ids


def _count(s, model) -> int:
    return s.scalar(select(func.count()).select_from(model))


def _deletions(s, entity: str) -> int:
    """Rows of `entity` whose deletion the audit trail records (one audit line per field)."""
    return s.scalar(
        select(func.count(func.distinct(AuditLog.entity_id))).where(
            AuditLog.entity == entity, AuditLog.action == "delete"
        )
    )


# --- The founder's role: a form that saw no role ----------------------------------------------


def _role(**kw) -> FounderRoleSave:
    return FounderRoleSave(role="emeritus", starts_on=date(2027, 9, 1), **kw)


def test_a_role_form_that_saw_no_role_cannot_replace_one_saved_meanwhile(plan):
    engine, _ = plan
    # Two people open the page while no role is recorded: both forms carry no version.
    with session_scope(engine) as s:
        assert founder_role(s, actor=CEO).version is None
    with session_scope(engine, write=True, actor=ADMIN) as s:
        save_founder_role(
            s, _role(title="President Emerita"), expected_version=None, today=TODAY, actor=ADMIN
        )
    with (
        pytest.raises(StaleEdit, match="Someone else added"),
        session_scope(engine, write=True, actor=CEO) as s,
    ):
        save_founder_role(s, _role(title="Advisor"), expected_version=None, today=TODAY, actor=CEO)
    with session_scope(engine) as s:
        role = founder_role(s, actor=CEO)
    assert role.title == "President Emerita"
    # Once the form has loaded the saved role, its version lets the change through.
    with session_scope(engine, write=True, actor=CEO) as s:
        save_founder_role(
            s, _role(title="Advisor"), expected_version=role.version, today=TODAY, actor=CEO
        )
    with session_scope(engine) as s:
        assert founder_role(s, actor=CEO).title == "Advisor"


# --- What goes with a removal, and the removal itself --------------------------------------------


def test_a_phase_that_still_holds_milestones_is_refused_and_an_empty_one_is_deleted(plan):
    engine, ids = plan
    with session_scope(engine) as s:
        full = removal_consequences(s, "phase", ids["full"], actor=CEO)
        empty = removal_consequences(s, "phase", ids["empty"], actor=CEO)
    assert full.blocked_by == (
        "“Prepare” still holds 2 milestones: move them to another phase or delete them first."
    )
    assert empty.blocked_by is None and empty.goes_with == []
    with (
        pytest.raises(ValidationFailed, match="still holds 2 milestone"),
        session_scope(engine, write=True, actor=CEO) as s,
    ):
        delete_phase(s, ids["full"], expected_version=full.version, actor=CEO)
    with session_scope(engine, write=True, actor=CEO) as s:
        delete_phase(s, ids["empty"], expected_version=empty.version, actor=CEO)
    with session_scope(engine) as s:
        assert [p.name for p in s.scalars(select(Phase))] == ["Prepare"]
        assert _deletions(s, "phase") == 1


def test_a_milestone_goes_with_its_dependency_links(plan):
    engine, ids = plan
    with session_scope(engine) as s:
        removal = removal_consequences(s, "milestone", ids["a"], actor=CEO)
    assert removal.goes_with == ["its 1 dependency link"]
    with session_scope(engine, write=True, actor=CEO) as s:
        delete_milestone(s, ids["a"], expected_version=removal.version, actor=CEO)
    with session_scope(engine) as s:
        assert _count(s, MilestoneDependency) == 0
        assert [m.title for m in s.scalars(select(Milestone))] == ["Shortlist"]
        assert _deletions(s, "milestone") == 1


def test_a_register_row_goes_with_who_can_do_it(plan):
    engine, ids = plan
    with session_scope(engine) as s:
        removal = removal_consequences(s, "knowledge_function", ids["know"], actor=ADMIN)
    assert removal.goes_with == ["who can do it (2 people recorded)"]
    with session_scope(engine, write=True, actor=ADMIN) as s:
        delete_knowledge_function(s, ids["know"], expected_version=removal.version, actor=ADMIN)
    with session_scope(engine) as s:
        assert _count(s, KnowledgeFunction) == 0 and _count(s, KnowledgeCapability) == 0
        assert _deletions(s, "knowledge_function") == 1


@pytest.mark.parametrize(
    ("entity", "key", "delete", "model"),
    [
        ("checklist_item", "item", delete_item, ChecklistItem),
        ("backup_function", "backup", delete_backup_function, BackupFunction),
        ("key_relationship", "rel", delete_relationship, KeyRelationship),
    ],
)
def test_rows_nothing_points_at_are_deleted_and_audited(plan, entity, key, delete, model):
    engine, ids = plan
    with session_scope(engine) as s:
        removal = removal_consequences(s, entity, ids[key], actor=CEO)
    assert removal.blocked_by is None and removal.goes_with == []
    with session_scope(engine, write=True, actor=CEO) as s:
        delete(s, ids[key], expected_version=removal.version, actor=CEO)
    with session_scope(engine) as s:
        assert _count(s, model) == 0
        assert _deletions(s, entity) == 1


def test_a_row_changed_since_the_confirmation_was_drawn_is_not_deleted(plan):
    engine, ids = plan
    with session_scope(engine) as s:
        removal = removal_consequences(s, "backup_function", ids["backup"], actor=CEO)
    with session_scope(engine, write=True, actor=ADMIN) as s:
        s.get(BackupFunction, ids["backup"]).notes = "Rehearse in January"
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=CEO) as s:
        delete_backup_function(s, ids["backup"], expected_version=removal.version, actor=CEO)
    with session_scope(engine) as s:
        assert _count(s, BackupFunction) == 1


@pytest.mark.parametrize("role", NOT_OWNERS)
def test_every_role_that_does_not_own_the_plan_is_refused_every_removal(plan, role):
    engine, ids = plan
    actor = bare_actor(role)
    removals = [
        (delete_phase, ids["empty"]),
        (delete_milestone, ids["a"]),
        (delete_item, ids["item"]),
        (delete_backup_function, ids["backup"]),
        (delete_knowledge_function, ids["know"]),
        (delete_relationship, ids["rel"]),
    ]
    for delete, record_id in removals:
        with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=actor) as s:
            delete(s, record_id, expected_version=1, actor=actor)
    with pytest.raises(PermissionDenied), session_scope(engine) as s:
        removal_consequences(s, "phase", ids["empty"], actor=actor)
    with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=actor) as s:
        save_founder_role(s, _role(), expected_version=None, today=TODAY, actor=actor)


def test_the_history_of_a_deleted_function_stays_readable_by_who_reads_the_plan(plan):
    engine, ids = plan
    with session_scope(engine, write=True, actor=CEO) as s:
        delete_backup_function(s, ids["backup"], expected_version=1, actor=CEO)
    with session_scope(engine) as s:
        history = record_history(
            s, entity="backup_function", entity_id=str(ids["backup"]), actor=bare_actor(Role.board)
        )
        assert history.change_sets[0].action == "delete"
        with pytest.raises(PermissionDenied):
            record_history(
                s,
                entity="backup_function",
                entity_id=str(ids["backup"]),
                actor=bare_actor(Role.staff),
            )
