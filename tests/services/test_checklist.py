"""The exit checklist: progress, completion records, authority transfers, the standard items."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import ChecklistItem
from gfj_core.schemas.auth import SYSTEM, Actor
from gfj_core.schemas.transition import ChecklistItemCreate, ChecklistItemUpdate, ChecklistRowEdit
from gfj_core.services.checklist import (
    STANDARD_ITEMS,
    checklist_view,
    create_item,
    delete_item,
    save_checklist_table,
    standard_items,
    start_plan,
    update_item,
)
from tests import factories as f
from tests.conftest import DEMO_TODAY, bare_actor

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 15, 30)
BOARD = bare_actor(Role.board)


@pytest.fixture
def checklist(empty_db):
    """Seven items.

    authority_legal: done (authority, resolution 15 Sep), in progress (authority, due 1 Nov:
    overdue), not applicable (authority)
    knowledge: done, not started (due 30 Nov: not yet overdue), not started (no due date)
    legacy: in progress (due 1 Oct: overdue)
    """
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        ceo_person = f.person(s, "Carmen Test")
        ceo_user = f.user(s, "ceo1", "ceo", ceo_person)
        a = f.checklist_item(
            s,
            category="authority_legal",
            title="Bank cards",
            status="done",
            authority=True,
            resolution_date=date(2026, 9, 15),
        )
        b = f.checklist_item(
            s,
            category="authority_legal",
            title="Form 990 signer",
            status="in_progress",
            authority=True,
            due_date=date(2026, 11, 1),
        )
        f.checklist_item(
            s, category="authority_legal", title="Lease", status="not_applicable", authority=True
        )
        f.checklist_item(s, category="knowledge", title="Calendar", status="done")
        f.checklist_item(s, category="knowledge", title="Manual", due_date=date(2026, 11, 30))
        f.checklist_item(s, category="knowledge", title="Curriculum")
        f.checklist_item(
            s, category="legacy", title="Archive", status="in_progress", due_date=date(2026, 10, 1)
        )
        ceo = Actor(
            user_id=ceo_user.id,
            username="ceo1",
            role=Role.ceo,
            person_id=ceo_person.id,
            display_name="Carmen Test",
        )
        ids = {"bank": a.id, "990": b.id}
    return empty_db, ceo, ids


def view(engine, actor=BOARD, today=TODAY):
    with session_scope(engine) as s:
        return checklist_view(s, today=today, actor=actor)


def test_progress_by_category_leaves_out_items_that_do_not_apply(checklist):
    engine, _, _ = checklist
    v = view(engine)
    got = {
        c.category: (c.total, c.applicable, c.done, c.in_progress, c.overdue, c.done_share)
        for c in v.categories
    }
    assert got == {
        "authority_legal": (3, 2, 1, 1, 1, 1 / 2),
        "knowledge": (3, 3, 1, 0, 0, 1 / 3),
        "legacy": (1, 1, 0, 1, 1, 0.0),
    }
    # Categories keep the standard order, with their words.
    assert [c.label for c in v.categories] == [
        "Authority and legal",
        "Knowledge",
        "Legacy and commemoration",
    ]
    t = v.totals
    assert (t.applicable, t.done, t.overdue, t.authority_total, t.authority_done) == (6, 2, 2, 2, 1)
    assert t.done_share == 2 / 6 and t.authority_done_share == 1 / 2
    assert {i.title for i in v.items if i.overdue} == {"Form 990 signer", "Archive"}


def test_marking_done_records_when_and_by_whom_and_undoing_clears_it(checklist):
    engine, ceo, ids = checklist
    with session_scope(engine, write=True, actor=ceo) as s:
        item = s.scalar(select(ChecklistItem).where(ChecklistItem.title == "Manual"))
        update_item(
            s, item.id, ChecklistItemUpdate(status="done"), expected_version=1, now=NOW, actor=ceo
        )
        item_id = item.id
    done = {i.title: i for i in view(engine).items}["Manual"]
    assert done.completed_at == NOW and done.completed_by == "Carmen Test"
    with session_scope(engine, write=True, actor=ceo) as s:
        update_item(
            s,
            item_id,
            ChecklistItemUpdate(status="in_progress"),
            expected_version=2,
            now=NOW,
            actor=ceo,
        )
    reopened = {i.title: i for i in view(engine).items}["Manual"]
    assert reopened.completed_at is None and reopened.completed_by is None


def test_editing_a_done_item_keeps_its_original_completion(checklist):
    engine, ceo, ids = checklist
    with session_scope(engine, write=True, actor=ceo) as s:
        update_item(
            s,
            ids["bank"],
            ChecklistItemUpdate(evidence="Minutes of 15 Sep"),
            expected_version=1,
            now=NOW,
            actor=ceo,
        )
    bank = {i.title: i for i in view(engine).items}["Bank cards"]
    assert bank.completed_at is None and bank.evidence == "Minutes of 15 Sep"


def test_an_authority_transfer_is_done_only_with_a_board_resolution_date(checklist):
    engine, ceo, ids = checklist
    with pytest.raises(ValidationFailed) as err, session_scope(engine, write=True, actor=ceo) as s:
        update_item(
            s,
            ids["990"],
            ChecklistItemUpdate(status="done"),
            expected_version=1,
            now=NOW,
            actor=ceo,
        )
    assert err.value.problems[0][0] == "resolution_date"
    assert "board resolution or minutes" in str(err.value)
    with session_scope(engine, write=True, actor=ceo) as s:
        update_item(
            s,
            ids["990"],
            ChecklistItemUpdate(status="done", resolution_date=date(2026, 11, 18)),
            expected_version=1,
            now=NOW,
            actor=ceo,
        )
    t = view(engine).totals
    assert (t.authority_done, t.authority_total, t.authority_done_without_resolution) == (2, 2, 0)


def test_a_resolution_date_in_the_future_is_refused(checklist):
    engine, ceo, ids = checklist
    with (
        pytest.raises(ValidationFailed, match="cannot be in the future"),
        session_scope(engine, write=True, actor=ceo) as s,
    ):
        update_item(
            s,
            ids["990"],
            ChecklistItemUpdate(resolution_date=date(2026, 12, 1)),
            expected_version=None,
            now=NOW,
            actor=ceo,
        )


def test_a_stale_checklist_edit_is_refused(checklist):
    engine, ceo, ids = checklist
    with session_scope(engine, write=True, actor=ceo) as s:
        update_item(
            s, ids["990"], ChecklistItemUpdate(evidence="a"), expected_version=1, now=NOW, actor=ceo
        )
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=ceo) as s:
        update_item(
            s, ids["990"], ChecklistItemUpdate(evidence="b"), expected_version=1, now=NOW, actor=ceo
        )


def test_the_checklist_table_saves_every_row_or_none(checklist):
    engine, ceo, ids = checklist
    edits = [
        ChecklistRowEdit(
            id=ids["bank"], expected_version=1, changes=ChecklistItemUpdate(evidence="cards")
        ),
        ChecklistRowEdit(
            id=ids["990"], expected_version=1, changes=ChecklistItemUpdate(status="done")
        ),
    ]
    with pytest.raises(ValidationFailed), session_scope(engine, write=True, actor=ceo) as s:
        save_checklist_table(s, edits, now=NOW, actor=ceo)
    assert {i.title: i for i in view(engine).items}["Bank cards"].evidence is None


def test_creating_a_done_item_records_its_completion(checklist):
    engine, ceo, _ = checklist
    with session_scope(engine, write=True, actor=ceo) as s:
        saved = create_item(
            s,
            ChecklistItemCreate(category="communications", title="Staff briefed", status="done"),
            now=NOW,
            actor=ceo,
        )
    item = {i.id: i for i in view(engine).items}[saved.id]
    assert item.completed_by == "Carmen Test" and item.category_word == "Communications"
    with session_scope(engine, write=True, actor=ceo) as s:
        delete_item(s, saved.id, expected_version=1, actor=ceo)
    assert saved.id not in {i.id for i in view(engine).items}


def test_a_new_plan_starts_from_the_standard_items_and_skips_those_already_there(empty_db):
    ceo = bare_actor(Role.ceo)
    with session_scope(empty_db, write=True, actor=ceo) as s:
        f.checklist_item(s, category="authority_legal", title="Form 990 signer designated")
    with session_scope(empty_db) as s:
        template = standard_items(s, actor=BOARD)
    assert len(template) == len(STANDARD_ITEMS)
    assert [t.title for t in template if t.in_plan] == ["Form 990 signer designated"]
    # Every category of the issue is offered, and the four authority transfers of practice.
    assert {t.category for t in template} == {
        "authority_legal",
        "key_relationships",
        "knowledge",
        "governance",
        "communications",
        "legacy",
        "next_role",
    }
    authority = {t.title for t in template if t.is_authority_transfer}
    assert {
        "Bank signature cards updated",
        "Form 990 signer designated",
        "IRS responsible party updated (Form 8822-B)",
        "Account and password custody transferred",
    } <= authority
    chosen = [
        "Form 990 signer designated",
        "Bank signature cards updated",
        "Staff briefed on the transition",
    ]
    with session_scope(empty_db, write=True, actor=ceo) as s:
        result = start_plan(s, chosen, due_date=date(2027, 3, 31), actor=ceo)
    assert (result.added, result.skipped) == (2, 1)
    with session_scope(empty_db) as s:
        rows = s.execute(
            select(
                ChecklistItem.title, ChecklistItem.is_authority_transfer, ChecklistItem.due_date
            ).order_by(ChecklistItem.id)
        ).all()
    assert rows[1:] == [
        ("Bank signature cards updated", True, date(2027, 3, 31)),
        ("Staff briefed on the transition", False, date(2027, 3, 31)),
    ]


def test_an_unknown_standard_item_is_refused(empty_db):
    ceo = bare_actor(Role.ceo)
    with (
        pytest.raises(ValidationFailed, match="not a standard item"),
        session_scope(empty_db, write=True, actor=ceo) as s,
    ):
        start_plan(s, ["Buy a boat"], actor=ceo)
    with session_scope(empty_db) as s:
        assert s.scalar(select(func.count()).select_from(ChecklistItem)) == 0


@pytest.mark.parametrize("role", [Role.staff, Role.treasurer, Role.mentor])
def test_the_checklist_is_for_the_board_ceo_and_admin(checklist, role):
    engine, _, _ = checklist
    with pytest.raises(PermissionDenied):
        view(engine, bare_actor(role))


def test_the_board_reads_but_cannot_tick_off(checklist):
    engine, _, ids = checklist
    assert not view(engine).can_edit
    with pytest.raises(PermissionDenied), session_scope(engine, write=True) as s:
        update_item(
            s,
            ids["990"],
            ChecklistItemUpdate(evidence="x"),
            expected_version=None,
            now=NOW,
            actor=BOARD,
        )


def test_the_demo_checklist_has_authority_transfers_half_done(demo_db, actor_as):
    with session_scope(demo_db) as s:
        v = checklist_view(s, today=DEMO_TODAY, actor=actor_as("board"))
    assert (v.totals.authority_done, v.totals.authority_total) == (3, 6)
    assert v.totals.authority_done_without_resolution == 0
    done = [i for i in v.items if i.status == "done"]
    assert done and all(i.completed_at and i.completed_by for i in done)


def test_the_list_is_filtered_and_limited_in_sql_and_still_counts_every_match(checklist):
    engine, _, _ = checklist
    with session_scope(engine) as s:
        v = checklist_view(
            s, today=TODAY, actor=BOARD, categories=("knowledge",), only_open=True, limit=1
        )
    # Open knowledge items: Manual (due 30 Nov) and Curriculum (no date); dated first, so Manual.
    assert v.matching == 2 and [i.title for i in v.items] == ["Manual"]
    # Authority transfers whatever the filters: Form 990 (due 1 Nov), then Bank cards and Lease
    # (no date, by id); the first one only.
    assert v.authority_matching == 3 and [i.title for i in v.authority] == ["Form 990 signer"]
    # The progress figures still cover the whole checklist (6 applicable, 2 done).
    assert (v.totals.applicable, v.totals.done) == (6, 2)


# --- Issue 22: "Mark done", and a finished item is never overdue ---------------------------------


def test_mark_done_records_the_evidence_and_the_item_is_no_longer_overdue(checklist):
    from gfj_core.schemas.transition import ChecklistMarkDone
    from gfj_core.services.checklist import mark_item_done
    from gfj_core.services.due_items import owned_items
    from gfj_core.services.overview import board_overview

    engine, ceo, ids = checklist
    with session_scope(engine) as s:
        before = checklist_view(s, today=TODAY, actor=ceo)
        archive = next(i for i in before.items if i.title == "Archive")
        assert archive.overdue and before.totals.overdue == 2
        assert board_overview(s, today=TODAY, actor=ceo).lights["checklist"].level == "red"
    with pytest.raises(ValueError):
        ChecklistMarkDone(evidence="")
    with session_scope(engine, write=True, actor=ceo) as s:
        mark_item_done(
            s,
            archive.id,
            ChecklistMarkDone(evidence="https://drive.example.org/archive-index"),
            expected_version=archive.version,
            now=NOW,
            actor=ceo,
        )
    with session_scope(engine) as s:
        after = checklist_view(s, today=TODAY, actor=ceo)
        done = next(i for i in after.items if i.title == "Archive")
        assert done.status == "done" and not done.overdue
        assert done.evidence == "https://drive.example.org/archive-index"
        assert done.completed_at == NOW and after.totals.overdue == 1
        assert archive.id not in {i.id for i in owned_items(s, today=TODAY, until=TODAY, actor=ceo)}
        # The overview's light and the page's are one and the same.
        assert board_overview(s, today=TODAY, actor=ceo).lights["checklist"] == after.light


def test_mark_done_on_an_authority_transfer_needs_the_resolution_date(checklist):
    from gfj_core.schemas.transition import ChecklistMarkDone
    from gfj_core.services.checklist import mark_item_done

    engine, ceo, ids = checklist
    with session_scope(engine) as s:
        signer = next(
            i
            for i in checklist_view(s, today=TODAY, actor=ceo).items
            if i.title == "Form 990 signer"
        )
    with pytest.raises(ValidationFailed) as err, session_scope(engine, write=True, actor=ceo) as s:
        mark_item_done(
            s,
            signer.id,
            ChecklistMarkDone(evidence="Minutes"),
            expected_version=signer.version,
            now=NOW,
            actor=ceo,
        )
    assert err.value.problems[0][0] == "resolution_date"
    with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=BOARD) as s:
        mark_item_done(
            s,
            signer.id,
            ChecklistMarkDone(evidence="Minutes", resolution_date=date(2026, 11, 20)),
            expected_version=signer.version,
            now=NOW,
            actor=BOARD,
        )
