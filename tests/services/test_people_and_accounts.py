"""People, accounts and first-run setup: every rule the People page and the CLI share."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import AuditLog, Person, SetupCode, UserAccount
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.people import OrganisationSetup, PeopleFilter, PersonCreate, PersonUpdate
from gfj_core.services.accounts import (
    activate_account,
    change_own_password,
    create_account,
    deactivate_account,
    reset_password,
    set_role,
    unlock_account,
)
from gfj_core.services.auth import (
    REASON_DEACTIVATED,
    REASON_PASSWORD_RESET,
    REASON_ROLE_CHANGED,
    account_still_valid,
    authenticate,
)
from gfj_core.services.people import (
    add_person,
    export_people_csv,
    import_people,
    list_people,
    mark_left,
    remove_person,
    update_person,
)
from gfj_core.services.setup import (
    complete_setup,
    issue_setup_code,
    setup_needed,
)

T0 = datetime(2026, 11, 22, 9, 0)


def _w(engine, fn, **kwargs):
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        return fn(s, actor=SYSTEM, **kwargs)


def _login(engine, username, password, now=T0):
    with session_scope(engine, write=True) as s:
        return authenticate(s, username, password, now=now)


def _person(engine, name, **kw):
    return _w(engine, add_person, data=PersonCreate(full_name=name, **kw))


def _setup_data(**overrides) -> OrganisationSetup:
    values = {
        "organisation_name": "Riverbend Youth Justice",
        "founder_name": "",
        "departing_leader": "Dana Cole",
        "departing_leader_title": "Executive Director",
        "transition_start_date": date(2026, 12, 1),
        "planned_handover_date": date(2027, 9, 30),
        "fiscal_year_start_month": 7,
        "admin_name": "Ira Admin",
        "admin_email": "ira@riverbend.example.org",
        "admin_username": "ira",
        "admin_password": "a-long-password",
    }
    return OrganisationSetup(**{**values, **overrides})


# --- people -----------------------------------------------------------------------------------


def test_a_duplicate_email_is_refused_whatever_its_case(empty_db):
    _person(empty_db, "Ada One", email="ada@example.org")
    with pytest.raises(ValidationFailed) as exc:
        _person(empty_db, "Ada Two", email="ADA@Example.org")
    assert exc.value.problems[0][0] == "email"


def test_a_duplicate_name_is_refused(empty_db):
    _person(empty_db, "Ada One")
    with pytest.raises(ValidationFailed, match="already in the directory"):
        _person(empty_db, "ada one")


def test_the_ceo_manages_people_but_a_board_member_does_not(demo_db, actor_as):
    with session_scope(demo_db, write=True) as s:
        add_person(s, data=PersonCreate(full_name="New Mentor"), actor=actor_as("ceo"))
    with session_scope(demo_db, write=True) as s, pytest.raises(PermissionDenied):
        add_person(s, data=PersonCreate(full_name="Another"), actor=actor_as("board"))


def test_a_stale_edit_of_a_person_is_refused(empty_db):
    person = _person(empty_db, "Ada One")
    _w(
        empty_db,
        update_person,
        person_id=person.id,
        data=PersonUpdate(full_name="Ada One", title="Chair", version=person.version),
    )
    with pytest.raises(StaleEdit, match="title"):
        _w(
            empty_db,
            update_person,
            person_id=person.id,
            data=PersonUpdate(full_name="Ada One", title="Treasurer", version=person.version),
        )


def test_a_person_named_in_records_is_never_deleted_only_marked_as_left(demo_db):
    with session_scope(demo_db) as s:
        ceo_id = s.scalar(select(Person.id).where(Person.full_name == "Carmen Perez-Jordan"))
    with pytest.raises(ValidationFailed, match="mark them as left"):
        _w(demo_db, remove_person, person_id=ceo_id)
    fresh = _person(demo_db, "Added By Mistake")
    _w(demo_db, remove_person, person_id=fresh.id)
    with session_scope(demo_db) as s:
        assert s.get(Person, fresh.id) is None


def test_leaving_keeps_the_person_and_deactivates_their_account(demo_db):
    with session_scope(demo_db) as s:
        staff = s.scalar(select(UserAccount).where(UserAccount.username == "staff"))
        person_id = staff.person_id
    left = _w(demo_db, mark_left, person_id=person_id, left_on=date(2026, 11, 30))
    assert not left.active and left.left_on == date(2026, 11, 30)
    assert _login(demo_db, "staff", "demo-staff").actor is None
    everyone = _w(demo_db, list_people, filters=PeopleFilter(status="left"))
    assert left.full_name in [p.full_name for p in everyone]


def test_board_term_dates_need_a_seat_and_must_be_in_order():
    with pytest.raises(ValueError, match="need a board seat"):
        PersonCreate(full_name="X", board_term_start=date(2026, 1, 1))
    with pytest.raises(ValueError, match="cannot end before"):
        PersonCreate(
            full_name="X",
            board_role="member",
            board_term_start=date(2026, 1, 1),
            board_term_end=date(2025, 1, 1),
        )


def test_the_people_import_is_all_or_nothing_with_problems_by_row_and_column(empty_db):
    bad = (
        b"full_name,email,board_seat,staff\n"
        b"Ada One,ada@example.org,chair,no\n"
        b"Ben Two,not-an-email,boss,maybe\n"
    )
    with pytest.raises(ValidationFailed) as exc:
        _w(empty_db, import_people, filename="people.csv", content=bad)
    where = {w for w, _ in exc.value.problems}
    assert {"row 3, column email", "row 3, column board_seat", "row 3, column staff"} <= where
    assert _w(empty_db, list_people) == []
    good = b"full_name,email,board_seat,staff\nAda One,ada@example.org,Vice chair,no\n"
    assert _w(empty_db, import_people, filename="people.csv", content=good).added == 1
    again = good.replace(b"Vice chair", b"chair")
    result = _w(empty_db, import_people, filename="people.csv", content=again)
    assert (result.added, result.updated) == (0, 1)
    assert _w(empty_db, list_people)[0].board_role == "chair"


def test_the_people_export_neutralises_formulas(empty_db):
    _person(empty_db, "=HYPERLINK(1)", title="+cmd")
    text = _w(empty_db, export_people_csv).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'+cmd" in text


# --- accounts ---------------------------------------------------------------------------------


def test_an_account_without_a_password_gets_a_temporary_one_that_must_be_changed(empty_db):
    person = _person(empty_db, "Bea Board", board_role="member")
    created = _w(empty_db, create_account, username="bea", role=Role.board, person_id=person.id)
    temp = created.temporary_password
    assert temp and created.account.must_change_password
    actor = _login(empty_db, "bea", temp).actor
    assert actor is not None and actor.must_change_password
    with session_scope(empty_db, write=True) as s:
        change_own_password(s, temp, "my-own-password", "my-own-password", actor=actor)
    again = _login(empty_db, "bea", "my-own-password").actor
    assert again is not None and not again.must_change_password
    assert _login(empty_db, "bea", temp).actor is None


def test_a_password_given_works_as_it_is(empty_db):
    person = _person(empty_db, "Bea Board")
    created = _w(
        empty_db,
        create_account,
        username="bea",
        role="staff",
        person_name=person.full_name,
        password="given-password",
    )
    assert created.temporary_password is None
    assert not _login(empty_db, "bea", "given-password").actor.must_change_password


def test_a_person_holds_at_most_one_active_account(empty_db):
    person = _person(empty_db, "Bea Board")
    _w(empty_db, create_account, username="bea", role="board", person_id=person.id)
    with pytest.raises(ValidationFailed, match="already has an active account"):
        _w(empty_db, create_account, username="bea2", role="staff", person_id=person.id)
    _w(empty_db, deactivate_account, username="bea")
    _w(empty_db, create_account, username="bea2", role="staff", person_id=person.id)
    with pytest.raises(ValidationFailed, match="already has an active account"):
        _w(empty_db, activate_account, username="bea")


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(empty_db):
    a = _person(empty_db, "Ann Admin")
    _w(empty_db, create_account, username="ann", role="admin", person_id=a.id, password="x" * 10)
    with pytest.raises(ValidationFailed, match="last active administrator"):
        _w(empty_db, deactivate_account, username="ann")
    with pytest.raises(ValidationFailed, match="last active administrator"):
        _w(empty_db, set_role, username="ann", role="board")
    b = _person(empty_db, "Bob Admin")
    _w(empty_db, create_account, username="bob", role="admin", person_id=b.id, password="x" * 10)
    _w(empty_db, set_role, username="ann", role="board")
    with pytest.raises(ValidationFailed, match="last active administrator"):
        _w(empty_db, deactivate_account, username="bob")


def test_only_the_admin_manages_accounts_not_the_ceo(demo_db, actor_as):
    with session_scope(demo_db, write=True) as s, pytest.raises(PermissionDenied):
        set_role(s, username="staff", role="admin", actor=actor_as("ceo"))


def test_deactivation_role_change_and_reset_end_open_sessions_with_a_reason(empty_db):
    a = _person(empty_db, "Ann Admin")
    _w(empty_db, create_account, username="ann", role="admin", person_id=a.id, password="x" * 10)
    b = _person(empty_db, "Bea Board")
    _w(empty_db, create_account, username="bea", role="board", person_id=b.id, password="y" * 10)

    def signed_in():
        return _login(empty_db, "bea", "y" * 10).actor

    def reason(actor):
        with session_scope(empty_db) as s:
            return account_still_valid(s, actor)

    actor = signed_in()
    assert reason(actor) is None
    _w(empty_db, set_role, username="bea", role="staff")
    assert reason(actor) == REASON_ROLE_CHANGED
    actor = signed_in()
    _w(empty_db, reset_password, username="bea", password="y" * 10)
    assert reason(actor) == REASON_PASSWORD_RESET
    actor = signed_in()
    _w(empty_db, deactivate_account, username="bea")
    assert reason(actor) == REASON_DEACTIVATED


def test_a_reset_clears_the_lockout_and_unlock_lifts_it(empty_db):
    b = _person(empty_db, "Bea Board")
    _w(empty_db, create_account, username="bea", role="board", person_id=b.id, password="y" * 10)
    for _ in range(5):
        _login(empty_db, "bea", "wrong")
    assert "locked" in _login(empty_db, "bea", "y" * 10).error
    _w(empty_db, unlock_account, username="bea")
    assert _login(empty_db, "bea", "y" * 10).actor is not None
    for _ in range(5):
        _login(empty_db, "bea", "wrong")
    reset = _w(empty_db, reset_password, username="bea")
    assert _login(empty_db, "bea", reset.temporary_password).actor.must_change_password


def test_wrong_current_passwords_on_my_account_count_toward_the_lockout(empty_db):
    b = _person(empty_db, "Bea Board")
    _w(empty_db, create_account, username="bea", role="board", person_id=b.id, password="y" * 10)
    actor = _login(empty_db, "bea", "y" * 10).actor
    for _ in range(5):
        with session_scope(empty_db, write=True) as s, pytest.raises(ValidationFailed):
            change_own_password(s, "guess", "new-password", "new-password", actor=actor, now=T0)
    outcome = _login(empty_db, "bea", "y" * 10, now=T0 + timedelta(minutes=1))
    assert outcome.actor is None and "locked" in outcome.error


def test_account_changes_are_audited_and_passwords_never(empty_db):
    b = _person(empty_db, "Bea Board")
    created = _w(empty_db, create_account, username="bea", role="board", person_id=b.id)
    _w(empty_db, reset_password, username="bea")
    _w(empty_db, set_role, username="bea", role="staff")
    with session_scope(empty_db) as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.entity == "user_account")).all()
    fields = {r.field for r in rows}
    assert {"username", "role", "password_hash", "session_epoch"} <= fields
    hashes = [r for r in rows if r.field == "password_hash"]
    assert all(r.new_value == "(redacted)" for r in hashes)
    assert all(created.temporary_password not in (r.new_value or "") for r in rows)


# --- first-run setup --------------------------------------------------------------------------


def test_setup_needs_the_code_which_works_once(empty_db):
    with session_scope(empty_db, write=True) as s:
        code = issue_setup_code(s, now=T0)
    with session_scope(empty_db, write=True) as s, pytest.raises(ValidationFailed, match="wrong"):
        complete_setup(s, data=_setup_data(), code="AAAA-BBBB-CCCC", now=T0)
    with session_scope(empty_db, write=True) as s:
        admin = complete_setup(s, data=_setup_data(), code=code.lower(), now=T0)
    assert admin.role == Role.admin
    with session_scope(empty_db, write=True) as s:
        assert not setup_needed(s)
        with pytest.raises(PermissionDenied):
            complete_setup(s, data=_setup_data(admin_username="eve"), code=code, now=T0)
        with pytest.raises(ValidationFailed, match="already set up"):
            issue_setup_code(s, now=T0)
    assert _login(empty_db, "ira", "a-long-password").actor.role == Role.admin
    with session_scope(empty_db) as s:
        from gfj_core.services.org_settings import load_org_settings

        settings = load_org_settings(s)
        assert settings.organisation_name == "Riverbend Youth Justice"
        assert settings.departing_leader == "Dana Cole"
        assert settings.fiscal_year_start_month == 7
        assert settings.founder_name is None
        assert s.scalar(select(Person.id).where(Person.full_name == "Dana Cole")) is not None


def test_a_setup_code_expires_after_24_hours(empty_db):
    with session_scope(empty_db, write=True) as s:
        code = issue_setup_code(s, now=T0)
    late = T0 + timedelta(hours=24, seconds=1)
    with session_scope(empty_db, write=True) as s, pytest.raises(ValidationFailed, match="expired"):
        complete_setup(s, data=_setup_data(), code=code, now=late)
    with session_scope(empty_db, write=True) as s:
        complete_setup(s, data=_setup_data(), code=code, now=T0 + timedelta(hours=23))


def test_a_new_setup_code_voids_the_old_one_and_only_the_hash_is_stored(empty_db):
    with session_scope(empty_db, write=True) as s:
        old = issue_setup_code(s, now=T0)
        new = issue_setup_code(s, now=T0)
    with session_scope(empty_db) as s:
        stored = [r.code_hash for r in s.scalars(select(SetupCode))]
    assert all(old.replace("-", "") not in h and new.replace("-", "") not in h for h in stored)
    with session_scope(empty_db, write=True) as s, pytest.raises(ValidationFailed):
        complete_setup(s, data=_setup_data(), code=old, now=T0)
    with session_scope(empty_db, write=True) as s:
        complete_setup(s, data=_setup_data(), code=new, now=T0)


def test_setup_refuses_a_handover_before_the_start():
    with pytest.raises(ValueError, match="cannot come before"):
        _setup_data(planned_handover_date=date(2026, 1, 1))
