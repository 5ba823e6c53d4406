"""Correcting the finance records (issue 15) on a real database file: the treasurer, the CEO and
an administrator edit, archive and restore funders and remove a gift or a month of accounts; the
board, staff and mentors are refused; stale edits are refused; every change is audited; a
refused table saves nothing; the measures follow a removed month at the next read."""

from datetime import date

import pytest
from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import AuditLog
from gfj_core.models.finance import Funder, Gift, MonthlyAccount
from gfj_core.schemas.finance_records import FunderRowEdit, FunderUpdate
from gfj_core.services.finance_measures import finance_measures, finance_months
from gfj_core.services.finance_records import (
    finance_records,
    remove_gift,
    remove_month,
    save_funder_table,
)
from tests.conftest import demo_actor

OWNERS = ("treasurer", "ceo", "admin")
OTHERS = ("board", "staff", "mentor")
OCT_2026 = date(2026, 10, 1)


def _funder(engine, name="Hollis Park Foundation"):
    with session_scope(engine) as s:
        f = s.scalar(select(Funder).where(Funder.name == name))
        return f.id, f.version


def _audit(engine, entity: str, action: str) -> list[AuditLog]:
    with session_scope(engine) as s:
        return list(
            s.scalars(select(AuditLog).where(AuditLog.entity == entity, AuditLog.action == action))
        )


@pytest.mark.parametrize("owner", OWNERS)
def test_an_owner_renames_archives_and_restores_a_funder_each_step_audited(demo_db, owner):
    actor = demo_actor(demo_db, owner)
    fid, v = _funder(demo_db)
    with session_scope(demo_db, write=True, actor=actor) as s:
        save_funder_table(
            s,
            [
                FunderRowEdit(
                    id=fid, expected_version=v, changes=FunderUpdate(name="Hollis Park Fund")
                )
            ],
            actor=actor,
        )
    with session_scope(demo_db, write=True, actor=actor) as s:
        save_funder_table(
            s,
            [FunderRowEdit(id=fid, expected_version=v + 1, changes=FunderUpdate(archived=True))],
            actor=actor,
            today=date(2026, 11, 20),
        )
    with session_scope(demo_db) as s:
        shown = {f.name for f in finance_records(s, actor=actor).funders}
        every = {f.name: f for f in finance_records(s, actor=actor, include_archived=True).funders}
        # The archived funder's gifts still point at it and still count.
        gifts = s.scalar(select(func.count()).select_from(Gift).where(Gift.funder_id == fid))
    assert "Hollis Park Fund" not in shown
    assert every["Hollis Park Fund"].archived_on == date(2026, 11, 20)
    assert gifts > 0 and every["Hollis Park Fund"].gifts == gifts
    with session_scope(demo_db, write=True, actor=actor) as s:
        save_funder_table(
            s,
            [FunderRowEdit(id=fid, expected_version=v + 2, changes=FunderUpdate(archived=False))],
            actor=actor,
        )
    with session_scope(demo_db) as s:
        assert "Hollis Park Fund" in {f.name for f in finance_records(s, actor=actor).funders}
    fields = [(a.field, a.new_value) for a in _audit(demo_db, "funder", "update")]
    assert ("name", "Hollis Park Fund") in fields
    assert ("archived_on", "2026-11-20") in fields
    assert ("archived_on", None) in fields


@pytest.mark.parametrize("other", OTHERS)
def test_every_other_role_is_refused_every_finance_correction(demo_db, other):
    actor = demo_actor(demo_db, other)
    fid, v = _funder(demo_db)
    with session_scope(demo_db, write=True, actor=actor) as s:
        with pytest.raises(PermissionDenied):
            finance_records(s, actor=actor)
        with pytest.raises(PermissionDenied):
            save_funder_table(
                s,
                [FunderRowEdit(id=fid, expected_version=v, changes=FunderUpdate(type="other"))],
                actor=actor,
            )
        with pytest.raises(PermissionDenied):
            remove_gift(s, gift_id=1, actor=actor)
        with pytest.raises(PermissionDenied):
            remove_month(s, month=OCT_2026, actor=actor)


def test_a_stale_funder_edit_is_refused_and_names_the_other_change(demo_db):
    treasurer, ceo = demo_actor(demo_db, "treasurer"), demo_actor(demo_db, "ceo")
    fid, v = _funder(demo_db)
    with session_scope(demo_db, write=True, actor=ceo) as s:
        save_funder_table(
            s,
            [FunderRowEdit(id=fid, expected_version=v, changes=FunderUpdate(type="corporate"))],
            actor=ceo,
        )
    with (
        pytest.raises(StaleEdit, match="corporate"),
        session_scope(demo_db, write=True, actor=treasurer) as s,
    ):
        save_funder_table(
            s,
            [FunderRowEdit(id=fid, expected_version=v, changes=FunderUpdate(name="Typo"))],
            actor=treasurer,
        )
    with session_scope(demo_db) as s:
        assert s.get(Funder, fid).name == "Hollis Park Foundation"


def test_a_funder_table_with_one_bad_row_saves_no_row(demo_db):
    actor = demo_actor(demo_db, "treasurer")
    a, va = _funder(demo_db, "Hollis Park Foundation")
    b, vb = _funder(demo_db, "Sojourner Freedom Fund")
    with (
        pytest.raises(ValidationFailed) as refused,
        session_scope(demo_db, write=True, actor=actor) as s,
    ):
        save_funder_table(
            s,
            [
                FunderRowEdit(id=a, expected_version=va, changes=FunderUpdate(type="other")),
                # Two funders cannot share a name.
                FunderRowEdit(
                    id=b,
                    expected_version=vb,
                    changes=FunderUpdate(name="Hollis Park Foundation"),
                ),
            ],
            actor=actor,
        )
    assert "Another funder is already called" in str(refused.value.problems)
    with session_scope(demo_db) as s:
        assert s.get(Funder, a).type == "foundation"
        assert s.get(Funder, b).name == "Sojourner Freedom Fund"


@pytest.mark.parametrize("owner", OWNERS)
def test_an_owner_removes_a_gift_imported_by_mistake_and_it_is_audited(demo_db, owner):
    actor = demo_actor(demo_db, owner)
    with session_scope(demo_db) as s:
        gift = finance_records(s, actor=actor).gifts[0]
        before = finance_measures(s, as_of=OCT_2026, actor=actor).gifts_total
    with session_scope(demo_db, write=True, actor=actor) as s:
        said = remove_gift(s, gift_id=gift.id, actor=actor)
    assert gift.reference in said and gift.funder in said
    with session_scope(demo_db) as s:
        assert s.get(Gift, gift.id) is None
        after = finance_measures(s, as_of=OCT_2026, actor=actor).gifts_total
    assert after == pytest.approx(before - gift.amount_cents / 100)
    deleted = _audit(demo_db, "gift", "delete")
    assert {a.entity_id for a in deleted} == {str(gift.id)}
    assert ("reference", gift.reference) in {(a.field, a.old_value) for a in deleted}
    with (
        pytest.raises(NotFound),  # removed already: a second click changes nothing
        session_scope(demo_db, write=True, actor=actor) as s,
    ):
        remove_gift(s, gift_id=gift.id, actor=actor)


@pytest.mark.parametrize("owner", OWNERS)
def test_removing_a_month_of_accounts_changes_the_measures_at_the_next_read(demo_db, owner):
    actor = demo_actor(demo_db, owner)
    with session_scope(demo_db) as s:
        before = finance_measures(s, as_of=OCT_2026, actor=actor)
    with session_scope(demo_db, write=True, actor=actor) as s:
        said = remove_month(s, month=OCT_2026, actor=actor)
    assert said.startswith("the accounts of Oct 2026")
    with session_scope(demo_db) as s:
        months = finance_months(s, actor=actor)
        after = finance_measures(s, as_of=date(2026, 9, 1), actor=actor)
    assert OCT_2026 not in months and months[0] == date(2026, 9, 1)
    assert after.months_of_cash != before.months_of_cash
    assert _audit(demo_db, "monthly_account", "delete")


def test_a_failed_removal_leaves_the_database_as_it_was(demo_db, monkeypatch):
    """The removal flushes and then fails (a lost connection, a bug): the caller's transaction
    rolls back and the month and its audit row are both absent."""
    actor = demo_actor(demo_db, "treasurer")
    with session_scope(demo_db) as s:
        audit_before = s.scalar(select(func.count()).select_from(AuditLog))
    with pytest.raises(RuntimeError), session_scope(demo_db, write=True, actor=actor) as s:
        remove_month(s, month=OCT_2026, actor=actor)
        raise RuntimeError("the write failed after the delete")
    with session_scope(demo_db) as s:
        assert s.scalar(select(MonthlyAccount.id).where(MonthlyAccount.month == OCT_2026))
        assert s.scalar(select(func.count()).select_from(AuditLog)) == audit_before
