"""Programmes and their funding (issue 15): created, edited, closed (retired) and restored by
the CEO, the treasurer and admins on a real database file, refused for every other role, stale
edits refused, each change audited; the secured share comes from the continuity computation;
the KPI "programmes maintained or expanded during the transition" is worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import AuditLog
from gfj_core.models.finance import Funder, Programme, ProgrammeFunding
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.programmes import (
    FundingCreate,
    FundingDelete,
    FundingRowEdit,
    FundingUpdate,
    ProgrammeCreate,
    ProgrammeRowEdit,
    ProgrammeUpdate,
)
from gfj_core.services import targets as tg
from gfj_core.services.audit_trail import record_history
from gfj_core.services.finance_measures import programme_continuity
from gfj_core.services.org_settings import set_org_setting
from gfj_core.services.programmes import (
    add_funding,
    count_kept,
    create_programme,
    delete_funding,
    programmes_admin,
    programmes_kept,
    save_funding_table,
    save_programme_table,
    update_programme,
)
from tests import factories as f
from tests.conftest import bare_actor

# Viewed on 1 Dec 2026: "the next twelve months" are Jan-Dec 2027.
TODAY = date(2026, 12, 1)
OWNERS = [bare_actor(Role.ceo), bare_actor(Role.treasurer), bare_actor(Role.admin)]
OTHERS = [bare_actor(Role.board), bare_actor(Role.staff), bare_actor(Role.mentor)]
CEO, TREASURER, ADMIN = OWNERS


def _do(engine, actor, fn, *args, **kw):
    with session_scope(engine, write=True, actor=actor) as s:
        return fn(s, *args, actor=actor, **kw)


def _view(engine, actor=CEO):
    with session_scope(engine) as s:
        return programmes_admin(s, as_of=TODAY, actor=actor)


def _audited(engine, entity, entity_id):
    """The kinds of audit row written for one record, in the order first written."""
    with session_scope(engine) as s:
        actions = s.scalars(
            select(AuditLog.action)
            .where(AuditLog.entity == entity, AuditLog.entity_id == str(entity_id))
            .order_by(AuditLog.id)
        ).all()
    return list(dict.fromkeys(actions))


@pytest.fixture
def org(empty_db):
    """Lee and Sam in the directory; one funder, the Hope Foundation."""
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        lee, sam = f.person(s, "Lee Lead"), f.person(s, "Sam Backup")
        hope = Funder(name="Hope Foundation")
        s.add(hope)
        s.flush()
        ids = {"lee": lee.id, "sam": sam.id, "hope": hope.id, "engine": empty_db}
    return ids


def _programme(org, actor=CEO, name="Youth court diversion", **kw):
    data = ProgrammeCreate(
        name=name,
        lead_person_id=org["lee"],
        backup_person_id=org["sam"],
        annual_cost=Decimal("100000"),
        **kw,
    )
    return _do(org["engine"], actor, create_programme, data, today=TODAY)


def _row(org, pid, actor=CEO):
    return next(p for p in _view(org["engine"], actor).programmes if p.id == pid)


def _edit(pid, version, **changes):
    return [ProgrammeRowEdit(id=pid, expected_version=version, changes=ProgrammeUpdate(**changes))]


@pytest.mark.parametrize("owner", OWNERS, ids=lambda a: str(a.role))
def test_each_owning_role_creates_edits_closes_and_restores_a_programme_all_audited(org, owner):
    pid = _programme(org, owner)
    row = _row(org, pid, owner)
    assert (row.lead, row.backup, row.annual_cost, row.status, row.status_on) == (
        "Lee Lead",
        "Sam Backup",
        100000.0,
        "maintained",
        None,
    )
    _do(
        org["engine"],
        owner,
        save_programme_table,
        _edit(pid, row.version, annual_cost=Decimal("120000.50"), description="Court referrals"),
        today=TODAY,
    )
    row = _row(org, pid, owner)
    assert (row.annual_cost, row.description) == (120000.5, "Court referrals")
    # Retire: closed, dated the day it was saved; hidden from continuity, kept on the page.
    _do(org["engine"], owner, save_programme_table, _edit(pid, row.version, status="closed"),
        today=TODAY)  # fmt: skip
    row = _row(org, pid, owner)
    assert (row.status, row.status_on, row.secured_share) == ("closed", TODAY, None)
    # Restore, with the date the program restarted.
    _do(
        org["engine"],
        owner,
        update_programme,
        _edit(pid, row.version, status="maintained", status_on=date(2026, 12, 5))[0],
        today=TODAY,
    )
    row = _row(org, pid, owner)
    assert (row.status, row.status_on) == ("maintained", date(2026, 12, 5))
    assert _audited(org["engine"], "programme", pid) == ["insert", "update"]
    with session_scope(org["engine"]) as s:
        history = record_history(s, entity="programme", entity_id=str(pid), actor=owner)
    assert history


def test_every_other_role_is_refused_every_programme_service(org):
    pid = _programme(org)
    version = _row(org, pid).version
    line = _do(
        org["engine"],
        CEO,
        add_funding,
        FundingCreate(programme_id=pid, funder_id=org["hope"], amount=Decimal(1000),
                      starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31)),
    )  # fmt: skip
    calls = [
        lambda s, a: programmes_admin(s, as_of=TODAY, actor=a),
        lambda s, a: create_programme(
            s, ProgrammeCreate(name=f"New {a.role}", annual_cost=1), today=TODAY, actor=a
        ),
        lambda s, a: save_programme_table(s, _edit(pid, version, name="X"), today=TODAY, actor=a),
        lambda s, a: add_funding(
            s,
            FundingCreate(
                programme_id=pid, source="Fees", amount=1, starts_on=TODAY, ends_on=TODAY
            ),
            actor=a,
        ),  # fmt: skip
        lambda s, a: save_funding_table(
            s,
            [FundingRowEdit(id=line, expected_version=1, changes=FundingUpdate(amount=5))],
            actor=a,
        ),  # fmt: skip
        lambda s, a: delete_funding(
            s, FundingDelete(id=line, expected_version=1, confirmed=True), actor=a
        ),
        lambda s, a: record_history(s, entity="programme", entity_id=str(pid), actor=a),
    ]
    for actor in OTHERS:
        for call in calls:
            with (
                session_scope(org["engine"], write=True, actor=actor) as s,
                pytest.raises(PermissionDenied),
            ):
                call(s, actor)
    with session_scope(org["engine"]) as s:
        assert s.get(Programme, pid).name == "Youth court diversion"
        assert s.get(ProgrammeFunding, line).amount_cents == 100000


def test_a_stale_programme_edit_is_refused_and_a_second_add_of_the_same_name_too(org):
    pid = _programme(org)
    loaded = _row(org, pid)
    _do(org["engine"], TREASURER, save_programme_table,
        _edit(pid, loaded.version, annual_cost=Decimal(90000)), today=TODAY)  # fmt: skip
    with pytest.raises(StaleEdit, match="Someone else saved this program"):
        _do(org["engine"], CEO, save_programme_table,
            _edit(pid, loaded.version, annual_cost=Decimal(80000)), today=TODAY)  # fmt: skip
    assert _row(org, pid).annual_cost == 90000.0
    # Two people add the same program from forms that saw none: the second is refused.
    with pytest.raises(StaleEdit, match="Someone else added this program"):
        _programme(org, ADMIN, name="youth court DIVERSION")


def test_a_refused_table_saves_no_row_and_names_each_problem(org):
    a, b = _programme(org), _programme(org, name="Family voices")
    va, vb = _row(org, a).version, _row(org, b).version
    edits = [
        *_edit(a, va, annual_cost=Decimal(5)),
        *_edit(b, vb, name="Youth court diversion", lead_person_id=org["sam"]),
    ]
    with pytest.raises(ValidationFailed) as caught:
        _do(org["engine"], CEO, save_programme_table, edits, today=TODAY)
    fields = [where for where, _ in caught.value.problems]
    assert fields == ["“Youth court diversion”: name", "“Youth court diversion”: backup_person_id"]
    assert _row(org, a).annual_cost == 100000.0


def test_funding_lines_are_added_corrected_and_deleted_with_a_confirmation(org):
    pid = _programme(org)
    line = _do(
        org["engine"],
        TREASURER,
        add_funding,
        FundingCreate(programme_id=pid, funder_id=org["hope"], amount=Decimal("60000"),
                      starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31)),
    )  # fmt: skip
    row = next(x for x in _view(org["engine"]).funding if x.id == line)
    assert (row.funder, row.amount, row.status) == ("Hope Foundation", 60000.0, "secured")
    _do(org["engine"], CEO, save_funding_table,
        [FundingRowEdit(id=line, expected_version=row.version,
                        changes=FundingUpdate(status="expected"))])  # fmt: skip
    with pytest.raises(StaleEdit):
        _do(org["engine"], ADMIN, delete_funding,
            FundingDelete(id=line, expected_version=row.version, confirmed=True))  # fmt: skip
    with pytest.raises(ValueError, match="tick the box"):
        FundingDelete(id=line, expected_version=row.version + 1)
    _do(org["engine"], ADMIN, delete_funding,
        FundingDelete(id=line, expected_version=row.version + 1, confirmed=True))  # fmt: skip
    assert _view(org["engine"]).funding == []
    assert _audited(org["engine"], "programme_funding", line) == ["insert", "update", "delete"]
    with pytest.raises(NotFound):
        _do(org["engine"], ADMIN, delete_funding,
            FundingDelete(id=line, expected_version=2, confirmed=True))  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"funder_id": 1, "source": "Fees"}, "funder_id"),
        ({}, "funder_id"),
        ({"source": "Fees", "ends_on": date(2026, 12, 31)}, "ends_on"),
    ],
)
def test_a_funding_line_needs_one_source_and_a_period_in_order(org, fields, problem):
    pid = _programme(org)
    data = {"programme_id": pid, "amount": 10, "starts_on": date(2027, 1, 1),
            "ends_on": date(2027, 6, 30), **fields}  # fmt: skip
    with pytest.raises(ValueError, match=problem):
        FundingCreate(**data)


def test_a_corrected_line_with_both_a_funder_and_a_source_is_refused(org):
    pid = _programme(org)
    line = _do(org["engine"], CEO, add_funding,
               FundingCreate(programme_id=pid, source="Fees", amount=10,
                             starts_on=date(2027, 1, 1), ends_on=date(2027, 6, 30)))  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        _do(org["engine"], CEO, save_funding_table,
            [FundingRowEdit(id=line, expected_version=1,
                            changes=FundingUpdate(funder_id=org["hope"],
                                                  ends_on=date(2026, 1, 1)))])  # fmt: skip
    assert [w.split(": ")[1] for w, _ in caught.value.problems] == ["funder_id", "ends_on"]


def test_the_secured_share_is_the_continuity_figure_worked_by_hand(org):
    """Cost $100,000 a year. Secured: $60,000 over 2027 (all of it in the next twelve months)
    and $40,000 over 2026-2027 (730 days, 365 of them in 2027: $20,000). Pledged: $20,000.
    Secured share = 80,000 / 100,000 = 80%."""
    pid = _programme(org)
    for amount, status, start in ((60000, "secured", date(2027, 1, 1)),
                                  (40000, "secured", date(2026, 1, 1)),
                                  (20000, "expected", date(2027, 1, 1))):  # fmt: skip
        _do(org["engine"], CEO, add_funding,
            FundingCreate(programme_id=pid, funder_id=org["hope"], amount=amount, status=status,
                          starts_on=start, ends_on=date(2027, 12, 31)))  # fmt: skip
    row = _row(org, pid)
    assert row.secured_share == pytest.approx(0.8)
    assert row.secured_next_12_months == pytest.approx(80000)
    assert row.expected_next_12_months == pytest.approx(20000)
    assert row.funding_lines == 3


def test_a_closed_programme_leaves_the_continuity_figures(demo_db):
    with session_scope(demo_db) as s:
        p = s.scalars(select(Programme).order_by(Programme.name)).first()
        name, pid, version = p.name, p.id, p.version
        assert name in {c.name for c in programme_continuity(s, as_of=TODAY)}
    _do(demo_db, CEO, save_programme_table, _edit(pid, version, status="closed"), today=TODAY)
    with session_scope(demo_db) as s:
        assert name not in {c.name for c in programme_continuity(s, as_of=TODAY)}


def test_programmes_kept_worked_by_hand():
    """The transition started on 1 Jun 2026. Five programmes: one maintained, one expanded, one
    reduced, one closed in Sep 2026 (during the transition), one closed in Mar 2026 (before it:
    not counted). Counted 4; kept 2; share 2 / 4 = 50%."""
    kept = count_kept(
        [
            ("maintained", None),
            ("expanded", date(2026, 7, 1)),
            ("reduced", date(2026, 8, 1)),
            ("closed", date(2026, 9, 1)),
            ("closed", date(2026, 3, 1)),
        ],
        date(2026, 6, 1),
    )
    assert (kept.maintained, kept.expanded, kept.reduced, kept.closed) == (1, 1, 1, 1)
    assert (kept.counted, kept.closed_before_transition, kept.kept) == (4, 1, 2)
    assert kept.share == 0.5
    assert count_kept([], None).share is None


def test_the_boards_kpi_reads_the_programme_records(org):
    """The same five programmes as above, through the records, the settings and the
    Succession targets board the board reads: 50%."""
    with session_scope(org["engine"], write=True, actor=SYSTEM) as s:
        set_org_setting(s, "transition_start_date", "2026-06-01", actor=SYSTEM)
    for name, status, on in (
        ("A", "maintained", None),
        ("B", "expanded", date(2026, 7, 1)),
        ("C", "reduced", date(2026, 8, 1)),
        ("D", "closed", date(2026, 9, 1)),
        ("E", "closed", date(2026, 3, 1)),
    ):
        _programme(org, name=name, status=status, status_on=on)
    with session_scope(org["engine"]) as s:
        assert programmes_kept(s, TODAY).share == 0.5
        board = tg.targets_board(s, as_of=TODAY, actor=bare_actor(Role.board))
    row = next(r for r in board.rows if r.kpi.key == "programmes.maintained_or_expanded_share")
    assert (row.kpi.current, row.kpi.unit, row.kpi.area) == (0.5, "share", "Financial health")
    assert _view(org["engine"]).kept.share == 0.5
