"""Continuity: emergency plan gaps, key-person counts, the relationship ledger (funders included),
the founder-CEO's role and the board-level figures, against examples worked out by hand."""

from datetime import date

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import (
    BackupFunction,
    Funder,
    KeyRelationship,
    KnowledgeCapability,
    KnowledgeFunction,
)
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.transition import (
    BackupFunctionCreate,
    BackupFunctionRowEdit,
    BackupFunctionUpdate,
    FounderRoleSave,
    HandoffUpdate,
    KeyRelationshipCreate,
    KnowledgeFunctionCreate,
    KnowledgeFunctionUpdate,
    LedgerRowEdit,
)
from gfj_core.services.continuity import (
    create_backup_function,
    create_knowledge_function,
    create_relationship,
    emergency_plan,
    founder_role,
    knowledge_register,
    relationship_ledger,
    save_backup_table,
    save_founder_role,
    transition_board_figures,
    update_handoff,
    update_knowledge_function,
)
from gfj_core.services.org_settings import set_org_setting
from tests import factories as f
from tests.conftest import DEMO_TODAY, bare_actor

TODAY = date(2026, 11, 22)
BOARD = bare_actor(Role.board)
CEO = bare_actor(Role.ceo)


@pytest.fixture
def org(empty_db):
    """Carmen departs; Chris chairs the board; nobody is vice chair; Sam and Pat are staff."""
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        people = {
            "carmen": f.person(s, "Carmen", is_staff=True),
            "chris": f.person(s, "Chris", board_role="chair"),
            "sam": f.person(s, "Sam", is_staff=True),
            "pat": f.person(s, "Pat", is_staff=True),
        }
        set_org_setting(s, "departing_leader", "Carmen", actor=SYSTEM)
        set_org_setting(s, "planned_handover_date", "2027-08-31", actor=SYSTEM)
        ids = {k: p.id for k, p in people.items()}
    return empty_db, ids


def test_emergency_plan_gaps_and_who_triggers_it(org):
    engine, p = org
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        for name, backup, rehearsed in (
            ("Spokesperson", p["sam"], date(2026, 9, 10)),  # no gap
            ("Signing", p["pat"], date(2025, 11, 21)),  # a year and a day: stale
            ("Funders", p["sam"], None),  # never rehearsed
            ("Board liaison", None, None),  # no backup, never rehearsed
            ("Grants", None, date(2026, 10, 1)),  # no backup, rehearsed
            ("Payroll", p["pat"], date(2025, 11, 22)),  # exactly a year: still counts
        ):
            s.add(BackupFunction(name=name, backup_person_id=backup, last_rehearsed_on=rehearsed))
    with session_scope(engine) as s:
        plan = emergency_plan(s, today=TODAY, actor=BOARD)
        figures = transition_board_figures(s, today=TODAY, actor=BOARD)
    gaps = {fn.name: fn.gaps for fn in plan.functions}
    assert gaps == {
        "Spokesperson": [],
        "Signing": ["Rehearsed over a year ago"],
        "Funders": ["Never rehearsed"],
        "Board liaison": ["No backup", "Never rehearsed"],
        "Grants": ["No backup"],
        "Payroll": [],
    }
    assert (plan.functions_with_gaps, plan.no_backup, plan.never_rehearsed) == (4, 2, 2)
    assert plan.rehearsal_stale == 1
    # The scorecard's count is SQL (functions_with_gaps): it agrees with each function's gaps.
    assert figures.emergency_functions_with_gaps == plan.functions_with_gaps
    # Chair, then vice chair (the default order); the vice chair's seat is empty.
    assert [(t.label, t.person_name) for t in plan.triggers] == [
        ("Board chair", "Chris"),
        ("Board vice chair", None),
    ]


def test_the_trigger_order_follows_the_settings(org):
    engine, p = org
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        f.person(s, "Tess", board_role="treasurer")
        set_org_setting(s, "emergency_triggers", '["treasurer", "chair"]', actor=SYSTEM)
    with session_scope(engine) as s:
        triggers = emergency_plan(s, today=TODAY, actor=BOARD).triggers
    assert [(t.order, t.board_role, t.person_name) for t in triggers] == [
        (1, "treasurer", "Tess"),
        (2, "chair", "Chris"),
    ]


def test_emergency_plan_edits_refuse_future_rehearsals_and_save_all_or_nothing(org):
    engine, p = org
    with session_scope(engine, write=True, actor=CEO) as s:
        a = create_backup_function(
            s, BackupFunctionCreate(name="Spokesperson"), today=TODAY, actor=CEO
        )
        b = create_backup_function(s, BackupFunctionCreate(name="Signing"), today=TODAY, actor=CEO)
    edits = [
        BackupFunctionRowEdit(
            id=a.id, expected_version=1, changes=BackupFunctionUpdate(backup_person_id=p["sam"])
        ),
        BackupFunctionRowEdit(
            id=b.id,
            expected_version=1,
            changes=BackupFunctionUpdate(last_rehearsed_on=date(2026, 12, 1)),
        ),
    ]
    with (
        pytest.raises(ValidationFailed, match="cannot be in the future"),
        session_scope(engine, write=True, actor=CEO) as s,
    ):
        save_backup_table(s, edits, today=TODAY, actor=CEO)
    with session_scope(engine, write=True, actor=CEO) as s:
        save_backup_table(s, edits[:1], today=TODAY, actor=CEO)
    with session_scope(engine) as s:
        plan = emergency_plan(s, today=TODAY, actor=BOARD)
    assert [(fn.name, fn.backup_name, fn.position) for fn in plan.functions] == [
        ("Spokesperson", "Sam", 1),
        ("Signing", None, 2),
    ]


def _register(engine, p):
    """Four functions.

    Fundraising: Carmen expert, Sam learning          -> only the departing leader
    Archive:     nobody                               -> nobody
    Training:    Carmen expert, Sam can do            -> one person left
    Payroll:     Sam expert, Pat can do, Carmen can do -> covered
    """
    with session_scope(engine, write=True, actor=CEO) as s:
        ids = {}
        for name, who in (
            ("Fundraising", {p["carmen"]: "expert", p["sam"]: "learning"}),
            ("Archive", {}),
            ("Training", {p["carmen"]: "expert", p["sam"]: "can_do"}),
            ("Payroll", {p["sam"]: "expert", p["pat"]: "can_do", p["carmen"]: "can_do"}),
        ):
            ids[name] = create_knowledge_function(
                s, KnowledgeFunctionCreate(name=name, capabilities=who), actor=CEO
            ).id
    return ids


def test_key_person_counts_and_the_heatmap_columns(org):
    engine, p = org
    ids = _register(engine, p)
    with session_scope(engine) as s:
        reg = knowledge_register(s, actor=BOARD)
    c = reg.counts
    assert (c.total, c.only_departing, c.nobody, c.single, c.covered) == (4, 1, 1, 1, 1)
    # The red risks first.
    assert [fn.name for fn in reg.functions] == ["Fundraising", "Archive", "Training", "Payroll"]
    assert {fn.name: fn.capable_count for fn in reg.functions} == {
        "Fundraising": 1,
        "Archive": 0,
        "Training": 2,
        "Payroll": 3,
    }
    # Columns: the departing leader first, then staff by name; the chair is not staff.
    assert [(x.name, x.is_departing) for x in reg.people] == [
        ("Carmen", True),
        ("Pat", False),
        ("Sam", False),
    ]
    assert reg.functions[0].capabilities == {p["carmen"]: "expert", p["sam"]: "learning"}
    assert ids  # every function was created


def test_the_registers_counts_are_the_key_person_counts_worked_out_in_sql(demo_db):
    """The register counts from the levels it reads (rules.capable_counts); the scorecard's key
    person counts come from SQL without them. On the demo's register they must agree."""
    from gfj_core.services.continuity import key_person_counts

    with session_scope(demo_db) as s:
        reg = knowledge_register(s, actor=BOARD)
        assert reg.counts == key_person_counts(s)
    assert reg.counts.only_departing and reg.counts.covered  # the demo has both kinds


def test_teaching_someone_a_function_moves_it_out_of_the_red(org):
    engine, p = org
    ids = _register(engine, p)
    with session_scope(engine, write=True, actor=CEO) as s:
        saved = update_knowledge_function(
            s,
            ids["Fundraising"],
            KnowledgeFunctionUpdate(capabilities={p["carmen"]: "expert", p["sam"]: "can_do"}),
            expected_version=1,
            actor=CEO,
        )
    assert saved.version == 2  # who can do it is part of the function
    with session_scope(engine) as s:
        reg = knowledge_register(s, actor=BOARD)
        rows = s.scalars(
            select(KnowledgeCapability.level).where(
                KnowledgeCapability.function_id == ids["Fundraising"]
            )
        ).all()
    assert sorted(rows) == ["can_do", "expert"]
    assert (reg.counts.only_departing, reg.counts.single) == (0, 2)
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=CEO) as s:
        update_knowledge_function(
            s,
            ids["Fundraising"],
            KnowledgeFunctionUpdate(documentation="draft"),
            expected_version=1,
            actor=CEO,
        )


def test_without_a_departing_leader_nothing_is_hers_alone(empty_db):
    with session_scope(empty_db, write=True, actor=CEO) as s:
        sam = f.person(s, "Sam", is_staff=True)
        create_knowledge_function(
            s, KnowledgeFunctionCreate(name="Payroll", capabilities={sam.id: "expert"}), actor=CEO
        )
    with session_scope(empty_db) as s:
        reg = knowledge_register(s, actor=BOARD)
    assert (reg.counts.only_departing, reg.counts.single) == (0, 1)


def _ledger(engine, p):
    """Three funders (the finance area's rows) and three other relationships.

    Funder A: Carmen, not started                 -> hers alone
    Funder B: Carmen, successor Sam, introduced   -> shared
    Funder C: Pat, not started                    -> someone else's
    Partner:  Carmen, successor Sam, not started  -> hers alone (not introduced yet)
    Official: Carmen, no successor                -> hers alone
    Vendor:   Carmen, successor Pat, transferred  -> handed over
    Held only by Carmen: 3 of 6 = 50%.
    """
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        s.add_all(
            [
                Funder(
                    name="Funder A", type="foundation", relationship_owner_person_id=p["carmen"]
                ),
                Funder(
                    name="Funder B",
                    type="individual",
                    relationship_owner_person_id=p["carmen"],
                    successor_owner_person_id=p["sam"],
                    handoff_status="introduced",
                    introduction_meeting_on=date(2026, 10, 1),
                ),
                Funder(name="Funder C", type="corporate", relationship_owner_person_id=p["pat"]),
                KeyRelationship(
                    name="Partner",
                    kind="partner",
                    owner_person_id=p["carmen"],
                    successor_person_id=p["sam"],
                ),
                KeyRelationship(name="Official", kind="official", owner_person_id=p["carmen"]),
                KeyRelationship(
                    name="Vendor",
                    kind="vendor",
                    owner_person_id=p["carmen"],
                    successor_person_id=p["pat"],
                    handoff_status="transferred",
                ),
            ]
        )


def test_the_ledger_lists_funders_and_other_relationships_in_one_list(org):
    engine, p = org
    _ledger(engine, p)
    with session_scope(engine) as s:
        ledger = relationship_ledger(s, actor=BOARD)
    c = ledger.counts
    assert (c.total, c.held_only_by_departing, c.introduced, c.transferred, c.funders) == (
        6,
        3,
        1,
        1,
        3,
    )
    assert c.only_departing_share == 0.5
    only = sorted(r.name for r in ledger.rows if r.held_only_by_departing)
    assert only == ["Funder A", "Official", "Partner"]
    # Hers-alone rows first.
    assert all(r.held_only_by_departing for r in ledger.rows[:3])
    funder_b = next(r for r in ledger.rows if r.name == "Funder B")
    assert (funder_b.source, funder_b.funder_type, funder_b.successor_name) == (
        "funder",
        "individual",
        "Sam",
    )
    assert ledger.by_kind["funder"].held_only_by_departing == 1


def test_recording_a_funder_introduction_updates_the_funder_itself(org):
    engine, p = org
    _ledger(engine, p)
    with session_scope(engine) as s:
        funder_a = s.scalar(select(Funder).where(Funder.name == "Funder A"))
    edit = LedgerRowEdit(
        source="funder",
        id=funder_a.id,
        expected_version=funder_a.version,
        changes=HandoffUpdate(
            successor_person_id=p["sam"],
            handoff_status="introduced",
            introduction_meeting_on=date(2026, 11, 20),
        ),
    )
    with session_scope(engine, write=True, actor=CEO) as s:
        update_handoff(s, edit, today=TODAY, actor=CEO)
    with session_scope(engine) as s:
        row = s.get(Funder, funder_a.id)
        assert (row.successor_owner_person_id, row.handoff_status) == (p["sam"], "introduced")
        ledger = relationship_ledger(s, actor=BOARD)
    assert ledger.counts.held_only_by_departing == 2
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=CEO) as s:
        update_handoff(s, edit, today=TODAY, actor=CEO)


def test_an_introduction_needs_a_successor_and_a_meeting_date(org):
    engine, p = org
    with pytest.raises(ValidationFailed) as err, session_scope(engine, write=True, actor=CEO) as s:
        create_relationship(
            s,
            KeyRelationshipCreate(name="Partner", handoff_status="introduced"),
            today=TODAY,
            actor=CEO,
        )
    fields = [field for field, _ in err.value.problems]
    assert fields == ["successor_person_id", "introduction_meeting_on"]


def test_a_funder_cannot_be_added_again_as_another_relationship(org):
    engine, p = org
    _ledger(engine, p)
    with (
        pytest.raises(ValidationFailed, match="is a funder"),
        session_scope(engine, write=True, actor=CEO) as s,
    ):
        create_relationship(s, KeyRelationshipCreate(name="Funder A"), today=TODAY, actor=CEO)


def test_the_role_after_departure_is_saved_and_agreeing_it_needs_the_review_date(org):
    engine, p = org
    with session_scope(engine) as s:
        empty = founder_role(s, actor=BOARD)
    assert empty.id is None and empty.person_name == "Carmen"
    data = FounderRoleSave(
        role="emeritus",
        title="President Emerita",
        includes="Legacy events",
        excludes="Signing authority",
        starts_on=date(2027, 9, 1),
        review_on=date(2028, 3, 1),
        condition_smaller="met",
        condition_valued="met",
        board_status="agreed",
    )
    with (
        pytest.raises(ValidationFailed, match="date the board reviewed"),
        session_scope(engine, write=True, actor=CEO) as s,
    ):
        save_founder_role(s, data, expected_version=None, today=TODAY, actor=CEO)
    data = data.model_copy(update={"board_reviewed_on": date(2026, 11, 18)})
    with session_scope(engine, write=True, actor=CEO) as s:
        saved = save_founder_role(s, data, expected_version=None, today=TODAY, actor=CEO)
    with session_scope(engine) as s:
        role = founder_role(s, actor=BOARD)
    assert (role.role, role.title, role.conditions_met, role.version) == (
        "emeritus",
        "President Emerita",
        2,
        saved.version,
    )
    with session_scope(engine, write=True, actor=CEO) as s:
        save_founder_role(s, data, expected_version=1, today=TODAY, actor=CEO)
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=CEO) as s:
        save_founder_role(
            s,
            data.model_copy(update={"title": "Emerita"}),
            expected_version=0,
            today=TODAY,
            actor=CEO,
        )


def test_a_review_before_the_start_is_refused_at_the_boundary():
    with pytest.raises(ValueError, match="review date"):
        FounderRoleSave(starts_on=date(2027, 9, 1), review_on=date(2027, 1, 1))


@pytest.mark.parametrize("role", [Role.staff, Role.treasurer, Role.mentor])
def test_continuity_registers_are_for_the_board_ceo_and_admin(org, role):
    engine, _ = org
    with pytest.raises(PermissionDenied), session_scope(engine) as s:
        knowledge_register(s, actor=bare_actor(role))


def test_the_board_cannot_edit_continuity(org):
    engine, _ = org
    with pytest.raises(PermissionDenied), session_scope(engine, write=True) as s:
        create_backup_function(s, BackupFunctionCreate(name="X"), today=TODAY, actor=BOARD)


def test_board_figures_for_the_scorecard(org):
    engine, p = org
    _register(engine, p)
    _ledger(engine, p)
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        ph = f.phase(s, "Prepare", date(2026, 6, 1), date(2027, 8, 31))
        # Done on time; done 5 days late (slipped); open and past its forecast (late, not
        # slipped); open and slipped; the handover, forecast 3 days after the planned date.
        f.milestone(s, ph, baseline_finish=date(2026, 7, 1), status="done")
        f.milestone(
            s,
            ph,
            baseline_finish=date(2026, 7, 1),
            forecast_finish=date(2026, 7, 6),
            status="done",
        )
        f.milestone(s, ph, baseline_finish=date(2026, 11, 1), status="on_track")
        f.milestone(s, ph, baseline_finish=date(2026, 12, 1), forecast_finish=date(2027, 1, 15))
        f.milestone(
            s,
            ph,
            start=date(2027, 8, 31),
            baseline_finish=date(2027, 8, 31),
            forecast_finish=date(2027, 9, 3),
            is_handover=True,
        )
        f.checklist_item(s, status="done", authority=True, resolution_date=date(2026, 9, 1))
        f.checklist_item(s, status="in_progress", authority=True)
        f.checklist_item(s, status="done")
        f.checklist_item(s, status="not_applicable")
        s.add(BackupFunction(name="Board liaison"))
    with session_scope(engine) as s:
        figures = transition_board_figures(s, today=TODAY, actor=BOARD)
    assert (figures.milestones_total, figures.milestones_done) == (5, 2)
    # Slipped: the late-done one, the open slipped one and the handover (31 Aug -> 3 Sep).
    assert (figures.milestones_slipped, figures.milestones_late) == (3, 1)
    # On schedule: only the first (the third is late though not slipped).
    assert figures.milestones_on_schedule == 1
    assert (figures.handover_forecast, figures.handover_gap_days) == (date(2027, 9, 3), 3)
    assert (figures.checklist_applicable, figures.checklist_done) == (3, 2)
    assert (figures.authority_total, figures.authority_done) == (2, 1)
    assert (figures.functions_total, figures.functions_only_departing) == (4, 1)
    assert (figures.relationships_total, figures.relationships_only_departing) == (6, 3)
    assert figures.model_dump()["relationships_only_departing_share"] == 0.5
    assert figures.emergency_functions_with_gaps == 1


def test_the_demo_has_three_functions_only_the_departing_ceo_can_do(demo_db, actor_as):
    with session_scope(demo_db) as s:
        reg = knowledge_register(s, actor=actor_as("board"))
        plan = emergency_plan(s, today=DEMO_TODAY, actor=actor_as("board"))
        role = founder_role(s, actor=actor_as("board"))
        names = s.scalars(select(KnowledgeFunction.name)).all()
    assert reg.counts.only_departing == 3
    assert reg.people[0].name == "Carmen Perez-Jordan" and reg.people[0].is_departing
    assert len(names) == reg.counts.total
    assert plan.functions_with_gaps == 4
    assert [t.person_name for t in plan.triggers] == ["Marisol Vega-Brooks", "Kenneth Oduya"]
    assert role.role == "emeritus" and role.board_status == "proposed"
