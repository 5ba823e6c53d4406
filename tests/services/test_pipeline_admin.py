"""Managing the pipeline (issue 15): leaders, mentorships and goals created, edited, retired and
restored by their owning roles on a real database file, refused for others, stale edits refused,
each change audited."""

from datetime import date

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import AuditLog
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.pipeline import (
    GoalCreate,
    GoalRowEdit,
    GoalUpdate,
    LeaderCreate,
    LeaderRowEdit,
    LeaderUpdate,
    MentorshipCreate,
    MentorshipRowEdit,
    MentorshipUpdate,
)
from gfj_core.services.audit_trail import record_history
from gfj_core.services.leader_kpis import leadership_kpis
from gfj_core.services.leader_pipeline import leader_options
from gfj_core.services.pipeline_admin import (
    add_leader,
    assign_mentor,
    create_goal,
    pipeline_admin,
    save_goal_table,
    update_goal,
    update_leader,
    update_mentorship,
)
from tests import factories as f
from tests.conftest import bare_actor

TODAY = date(2026, 11, 22)
CEO = bare_actor(Role.ceo, person_id=None, user_id=None)


@pytest.fixture
def org(empty_db):
    """Mo (a mentor account) mentors Ana; Zoe (a mentor account) mentors nobody; Pat is a
    person in the directory with no leader record."""
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        mo, zoe = f.person(s, "Mo Mentor"), f.person(s, "Zoe Mentor")
        f.user(s, "mo", "mentor", mo)
        f.user(s, "zoe", "mentor", zoe)
        ana = f.leader(s, f.person(s, "Ana"), mentors=[mo])
        pat = f.person(s, "Pat Person")
        ids = {"mo": mo.id, "zoe": zoe.id, "ana": ana.id, "pat": pat.id}
    ids["engine"] = empty_db
    ids["mo_actor"] = bare_actor(Role.mentor, person_id=ids["mo"], user_id=1)
    ids["zoe_actor"] = bare_actor(Role.mentor, person_id=ids["zoe"], user_id=2)
    return ids


def _do(engine, actor, fn, *args, **kw):
    with session_scope(engine, write=True, actor=actor) as s:
        return fn(s, *args, actor=actor, **kw)


def _audited(engine, entity, entity_id):
    with session_scope(engine) as s:
        return s.scalars(
            select(AuditLog.field).where(
                AuditLog.entity == entity, AuditLog.entity_id == str(entity_id)
            )
        ).all()


def test_the_ceo_adds_a_leader_from_the_directory_and_the_add_is_audited(org):
    leader = _do(
        org["engine"],
        CEO,
        add_leader,
        LeaderCreate(person_id=org["pat"], target_role="Program director", cohort_start=TODAY),
    )
    assert (leader.name, leader.status, leader.mentors) == ("Pat Person", "active", 0)
    assert "target_role" in _audited(org["engine"], "emerging_leader", leader.id)
    with session_scope(org["engine"]) as s:
        assert "Pat Person" in [o.name for o in leader_options(s, actor=CEO)]


def test_a_leader_can_be_added_as_a_new_person(org):
    leader = _do(
        org["engine"],
        CEO,
        add_leader,
        LeaderCreate(new_person_name="Quinn New", target_role="Organizer", cohort_start=TODAY),
    )
    assert leader.name == "Quinn New"


@pytest.mark.parametrize("role", [Role.board, Role.treasurer, Role.mentor, Role.staff])
def test_only_the_ceo_and_admin_add_leaders_and_assign_mentors(org, role):
    actor = bare_actor(role, person_id=org["mo"])
    with pytest.raises(PermissionDenied):
        _do(
            org["engine"],
            actor,
            add_leader,
            LeaderCreate(person_id=org["pat"], target_role="X", cohort_start=TODAY),
        )
    with pytest.raises(PermissionDenied):
        _do(
            org["engine"],
            actor,
            assign_mentor,
            MentorshipCreate(leader_id=org["ana"], mentor_person_id=org["zoe"], started_on=TODAY),
        )


def test_adding_a_person_someone_else_just_added_is_refused_as_stale(org):
    data = LeaderCreate(person_id=org["pat"], target_role="Director", cohort_start=TODAY)
    _do(org["engine"], bare_actor(Role.admin), add_leader, data)
    with pytest.raises(StaleEdit, match="Someone else added"):
        _do(org["engine"], CEO, add_leader, data)


def test_a_leader_retired_as_graduated_leaves_the_active_counts_keeps_history_and_is_restored(
    org,
):
    e = org["engine"]
    with session_scope(e) as s:
        before = leadership_kpis(s, today=TODAY, actor=CEO)
        v = pipeline_admin(s, actor=CEO).leaders[0].version
    graduated = _do(
        e,
        CEO,
        update_leader,
        LeaderRowEdit(
            id=org["ana"],
            expected_version=v,
            changes=LeaderUpdate(
                status="graduated", status_on=TODAY, status_reason="Now deputy director"
            ),
        ),
    )
    assert (graduated.status, graduated.status_on) == ("graduated", TODAY)
    with session_scope(e) as s:
        after = leadership_kpis(s, today=TODAY, actor=CEO)
        assert "Ana" in [o.name for o in leader_options(s, actor=CEO)]  # history kept
    assert before.active_leaders == 1 and after.active_leaders == 0
    restored = _do(
        e,
        CEO,
        update_leader,
        LeaderRowEdit(
            id=org["ana"],
            expected_version=graduated.version,
            changes=LeaderUpdate(status="active"),
        ),
    )
    assert (restored.status, restored.status_on, restored.status_reason) == ("active", None, None)
    with session_scope(e) as s:
        history = record_history(s, entity="emerging_leader", entity_id=org["ana"], actor=CEO)
    assert [c.action for c in history.change_sets] == ["update", "update", "insert"]


def test_leaving_needs_a_date_and_a_reason(org):
    with pytest.raises(ValidationFailed) as refused:
        _do(
            org["engine"],
            CEO,
            update_leader,
            LeaderRowEdit(id=org["ana"], expected_version=1, changes=LeaderUpdate(status="left")),
        )
    assert {field for field, _ in refused.value.problems} == {"status_on", "status_reason"}


def test_a_stale_leader_edit_is_refused_and_names_the_other_change(org):
    e = org["engine"]
    edit = LeaderRowEdit(id=org["ana"], expected_version=1, changes=LeaderUpdate(target_role="A"))
    _do(e, CEO, update_leader, edit)
    with pytest.raises(StaleEdit, match="target_role"):
        _do(
            e,
            CEO,
            update_leader,
            edit.model_copy(update={"changes": LeaderUpdate(target_role="B")}),
        )


def test_assigning_a_mentor_shows_the_mentee_to_that_mentor_at_once_and_ending_hides_it(org):
    e, zoe = org["engine"], org["zoe_actor"]
    with session_scope(e) as s:
        assert leader_options(s, actor=zoe) == []
    m = _do(
        e,
        CEO,
        assign_mentor,
        MentorshipCreate(leader_id=org["ana"], mentor_person_id=org["zoe"], started_on=TODAY),
    )
    with session_scope(e) as s:
        assert [o.name for o in leader_options(s, actor=zoe)] == ["Ana"]
        assert [p.name for p in pipeline_admin(s, actor=zoe).goal_leaders] == ["Ana"]
    ended = _do(
        e,
        CEO,
        update_mentorship,
        MentorshipRowEdit(
            id=m.id, expected_version=m.version, changes=MentorshipUpdate(ended_on=TODAY)
        ),
    )
    assert ended.ended_on == TODAY
    with session_scope(e) as s:
        assert leader_options(s, actor=zoe) == []
        # Mo still mentors Ana: a leader may have several mentors.
        assert [o.name for o in leader_options(s, actor=org["mo_actor"])] == ["Ana"]
    assert "ended_on" in _audited(e, "mentorship", m.id)
    reopened = _do(
        e,
        CEO,
        assign_mentor,
        MentorshipCreate(leader_id=org["ana"], mentor_person_id=org["zoe"], started_on=TODAY),
    )
    assert (reopened.id, reopened.ended_on) == (m.id, None)


def test_only_a_person_with_a_mentor_account_can_be_assigned(org):
    with pytest.raises(ValidationFailed) as refused:
        _do(
            org["engine"],
            CEO,
            assign_mentor,
            MentorshipCreate(leader_id=org["ana"], mentor_person_id=org["pat"], started_on=TODAY),
        )
    assert refused.value.problems[0][0] == "mentor_person_id"


def test_assigning_a_mentorship_someone_else_just_assigned_is_refused_as_stale(org):
    with pytest.raises(StaleEdit):
        _do(
            org["engine"],
            CEO,
            assign_mentor,
            MentorshipCreate(leader_id=org["ana"], mentor_person_id=org["mo"], started_on=TODAY),
        )


def test_a_mentorship_cannot_end_before_it_started(org):
    with session_scope(org["engine"]) as s:
        m = pipeline_admin(s, actor=CEO).mentorships[0]
    with pytest.raises(ValidationFailed):
        _do(
            org["engine"],
            CEO,
            update_mentorship,
            MentorshipRowEdit(
                id=m.id,
                expected_version=m.version,
                changes=MentorshipUpdate(ended_on=date(2000, 1, 1)),
            ),
        )


def test_a_mentor_creates_edits_closes_and_reopens_goals_for_their_own_mentee(org):
    e, mo = org["engine"], org["mo_actor"]
    goal = _do(
        e,
        mo,
        create_goal,
        GoalCreate(leader_id=org["ana"], title="Lead a funder call", kind="experience"),
    )
    assert goal.status == "not_started"
    edited = _do(
        e,
        mo,
        update_goal,
        GoalRowEdit(
            id=goal.id,
            expected_version=goal.version,
            changes=GoalUpdate(progress_pct=40, status="in_progress", target_date=TODAY),
        ),
    )
    closed = _do(
        e,
        mo,
        update_goal,
        GoalRowEdit(id=goal.id, expected_version=edited.version, changes=GoalUpdate(status="done")),
    )
    assert (closed.status, closed.progress_pct) == ("done", 100)
    reopened = _do(
        e,
        mo,
        update_goal,
        GoalRowEdit(
            id=goal.id,
            expected_version=closed.version,
            changes=GoalUpdate(status="in_progress", progress_pct=80),
        ),
    )
    assert reopened.status == "in_progress"
    with session_scope(e) as s:
        assert (
            len(
                record_history(
                    s, entity="development_goal", entity_id=goal.id, actor=mo
                ).change_sets
            )
            == 4
        )
        assert [g.title for g in pipeline_admin(s, actor=mo).goals] == ["Lead a funder call"]


def test_a_mentor_cannot_add_or_edit_goals_of_someone_elses_mentee(org):
    e, zoe = org["engine"], org["zoe_actor"]
    goal = _do(
        e, CEO, create_goal, GoalCreate(leader_id=org["ana"], title="Budget", kind="training")
    )
    with pytest.raises(PermissionDenied):
        _do(e, zoe, create_goal, GoalCreate(leader_id=org["ana"], title="X", kind="training"))
    with pytest.raises(PermissionDenied):
        _do(
            e,
            zoe,
            save_goal_table,
            [GoalRowEdit(id=goal.id, expected_version=1, changes=GoalUpdate(title="Y"))],
        )
    with session_scope(e) as s:
        assert pipeline_admin(s, actor=zoe).goals == []
        with pytest.raises(PermissionDenied):
            record_history(s, entity="development_goal", entity_id=goal.id, actor=zoe)


@pytest.mark.parametrize("role", [Role.board, Role.treasurer, Role.staff])
def test_other_roles_cannot_manage_goals(org, role):
    with pytest.raises(PermissionDenied):
        _do(
            org["engine"],
            bare_actor(role),
            create_goal,
            GoalCreate(leader_id=org["ana"], title="X", kind="training"),
        )


def test_a_stale_goal_edit_is_refused_and_a_missing_goal_is_not_found(org):
    e = org["engine"]
    goal = _do(
        e, CEO, create_goal, GoalCreate(leader_id=org["ana"], title="Budget", kind="training")
    )
    edit = GoalRowEdit(id=goal.id, expected_version=goal.version, changes=GoalUpdate(title="A"))
    _do(e, CEO, update_goal, edit)
    with pytest.raises(StaleEdit):
        _do(e, org["mo_actor"], update_goal, edit)
    with pytest.raises(NotFound):
        _do(e, CEO, update_goal, edit.model_copy(update={"id": 999}))


def test_the_leaders_table_saves_all_rows_or_none(org):
    e = org["engine"]
    with session_scope(e, write=True, actor=SYSTEM) as s:
        ben = f.leader(s, f.person(s, "Ben")).id
    from gfj_core.services.pipeline_admin import save_leader_table

    good = LeaderRowEdit(id=org["ana"], expected_version=1, changes=LeaderUpdate(target_role="CEO"))
    bad = LeaderRowEdit(id=ben, expected_version=1, changes=LeaderUpdate(status="left"))
    with pytest.raises(ValidationFailed) as refused:
        _do(e, CEO, save_leader_table, [good, bad])
    assert all(where.startswith("“Ben”") for where, _ in refused.value.problems)
    with session_scope(e) as s:
        assert {r.name: r.target_role for r in pipeline_admin(s, actor=CEO).leaders}[
            "Ana"
        ] == "Director"
