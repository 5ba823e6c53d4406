"""Who may see which page and call which service, tested exhaustively.

Each area adds ONE LINE per permission to EXPECTED_PERMISSIONS below, and one line per page to
PAGE_ROLES in tests/ui/test_app_router.py (the page contract, by sidebar title, used here too).
Both tables are written by hand from the issues' role rules: they are the contract that
gfj_core.access must match, not a copy of it.

Layers checked:
1. gfj_core.access: every (role, page) and (role, permission) pair, against the tables.
2. The page guard: every page script, run directly (as a fresh server does for a page URL),
   refuses every role that may not see it.
3. The services: every service a page or the CLI imports checks a permission (or delegates to
   one that does), with a permission that exists; and for a set of representative services,
   each role is refused exactly when the table says so.
"""

from __future__ import annotations

import ast
import contextlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from gfj_core.access import PAGES, PERMISSIONS, Role, can, can_open, pages_for
from gfj_core.db import session_scope
from gfj_core.errors import NotFound, PermissionDenied
from gfj_core.models import EmergingLeader
from gfj_core.schemas.auth import UserCreate
from gfj_core.schemas.development import ModuleCreate, OutcomeCreate
from gfj_core.schemas.people import PersonCreate
from gfj_core.schemas.pipeline import LeaderCreate
from gfj_core.schemas.portfolio import ShareGrant
from gfj_core.schemas.survey_rounds import RoundCorrection
from gfj_core.services.accounts import add_user
from gfj_core.services.assessment_records import remove_assessment, remove_rating
from gfj_core.services.audit_trail import AuditFilters, audit_entries, record_history
from gfj_core.services.backup import NotSqlite, take_backup
from gfj_core.services.backup_runs import backup_status
from gfj_core.services.continuity import withdraw_founder_role
from gfj_core.services.financial_history import (
    check_form990,
    departing_leader_compensation,
    financial_history,
)
from gfj_core.services.leader_development import create_module, development_view, record_outcome
from gfj_core.services.meeting_lifecycle import removable_meetings
from gfj_core.services.mentoring import remove_session
from gfj_core.services.org_settings import save_settings_group, set_org_setting
from gfj_core.services.overview import board_overview
from gfj_core.services.people import add_person
from gfj_core.services.pipeline_admin import add_leader, pipeline_admin
from gfj_core.services.portfolio import portfolio_figures
from gfj_core.services.programmes import programmes_admin
from gfj_core.services.sharing import grant_sharing
from gfj_core.services.survey_rounds import correct_survey_round
from gfj_core.settings import get_settings
from tests.conftest import bare_actor
from tests.ui.apptest import page_text
from tests.ui.test_app_router import PAGE_ROLES
from ui.state import ACTOR_KEY

ROOT = Path(__file__).resolve().parents[2]
ROLES = [r.value for r in Role]

# One line per permission: the roles that hold it. Written out by hand from the issues.
EXPECTED_PERMISSIONS: dict[str, set[str]] = {
    # Foundation (issue 2): everyone reads settings and people; the CEO and admin change them.
    "overview.read": {"admin", "board", "treasurer", "ceo", "staff"},
    "settings.read": {"admin", "board", "treasurer", "ceo", "mentor", "staff"},
    "settings.write": {"admin", "ceo"},
    # A real organisation (issue 14): the CEO changes the transition settings only (settings.write);
    # every other setting, and every account and role, is the administrator's.
    "settings.manage": {"admin"},
    "users.manage": {"admin"},
    "people.read": {"admin", "board", "treasurer", "ceo", "mentor", "staff"},
    "people.write": {"admin", "ceo"},
    # Leadership pipeline (issue 3): board, CEO, admin and mentors (their own mentees) read;
    # mentors and the CEO log sessions and assessments; readiness and competencies are the CEO's.
    "leadership.read": {"admin", "board", "ceo", "mentor"},
    "leadership.kpis": {"admin", "board", "treasurer", "ceo", "mentor", "staff"},
    "sessions.write": {"mentor", "ceo"},
    # Correcting a logged session (issue 15): its mentor (own current mentees, within the
    # window), the CEO and an admin; the CEO and an admin any session at any time.
    "sessions.correct": {"admin", "ceo", "mentor"},
    "sessions.correct_any": {"admin", "ceo"},
    "sessions.import": {"admin", "ceo"},
    "assessments.write": {"mentor", "ceo"},
    "goals.write": {"mentor", "ceo"},
    "readiness.write": {"ceo"},
    "competencies.write": {"ceo"},
    # Managing the pipeline (issue 15): leaders and mentorships are the CEO's and admin's;
    # goals also a mentor's, for their own current mentees only.
    "pipeline.manage": {"admin", "ceo"},
    "goals.manage": {"admin", "ceo", "mentor"},
    # A leader's development records (issue 15): the catalogue and outcomes are the CEO's and
    # admin's; completions and exposures also a mentor's, for their own current mentees only.
    "training.manage": {"admin", "ceo"},
    "development.record": {"admin", "ceo", "mentor"},
    "outcomes.manage": {"admin", "ceo"},
    # Transition (issue 5): the CEO and admin edit, the board reads; the checklist and the
    # continuity registers name people and gaps, so staff and the treasurer do not read those.
    "transition.read": {"admin", "board", "treasurer", "ceo", "staff"},
    "transition.write": {"admin", "ceo"},
    "transition.rebaseline": {"admin", "board"},
    "transition.checklist.read": {"admin", "board", "ceo"},
    "transition.continuity.read": {"admin", "board", "ceo"},
    # Financial health (issue 4): board, treasurer, CEO, admin read; treasurer, CEO, admin import.
    "finance.read": {"admin", "board", "treasurer", "ceo"},
    "finance.import": {"admin", "treasurer", "ceo"},
    # Financial history from Form 990s (issue 17): read as finance; the treasurer and admin
    # import returns; the departing leader's pay is shown to the board and the treasurer only.
    "history.read": {"admin", "board", "treasurer", "ceo"},
    "history.import": {"admin", "treasurer"},
    "history.compensation": {"board", "treasurer"},
    # Programmes and their funding (issue 15): the CEO, the treasurer and admins manage them.
    "programmes.manage": {"admin", "treasurer", "ceo"},
    # Board meetings (issue 6).
    "meetings.read": {"admin", "board", "treasurer", "ceo"},
    "meetings.write": {"admin", "board", "ceo"},
    "packet.export": {"admin", "board", "treasurer", "ceo"},
    # Evaluation plan (issue 7): staff run surveys and collect stories.
    "evaluation.read": {"admin", "board", "ceo", "staff"},
    "evaluation.write": {"admin", "ceo", "staff"},
    "surveys.import": {"admin", "ceo", "staff"},
    "stories.edit": {"admin", "ceo", "staff"},
    "targets.read": {"admin", "board", "ceo"},
    "targets.write": {"admin", "board"},
    # Trust (issue 8): the whole audit trail and whole-database copies are admin tools.
    "audit.read": {"admin"},
    "backup.manage": {"admin"},
    # Reminders and calendars (issue 18): SMTP, test email and the send log are the admin's;
    # everyone keeps their own feed address, email preferences and "Due this week".
    "notifications.manage": {"admin"},
    "reminders.own": {"admin", "board", "treasurer", "ceo", "mentor", "staff"},
    # In production (issue 21): everyone who sees the board overview sees the backup light.
    "backup.status": {"admin", "board", "treasurer", "ceo", "staff"},
    # A fellowship's view (issue 20): sharing is the organisation's admin's decision alone; the
    # supporter's staff (the portfolio role) read the shared figures and nothing else.
    "sharing.manage": {"admin"},
    "portfolio.read": {"portfolio"},
}

# Public service functions that take an actor but need no role permission, and why.
SELF_SERVICE = {
    "gfj_core.services.accounts.change_own_password": "acts only on the actor's own account",
    "gfj_core.services.web_sessions.end_own_sessions": "ends only the actor's own sessions",
    "gfj_core.services.auth.account_still_valid": "reads only the actor's own account's state",
}


# ---------------------------------------------------------------------------------------------
# 1. gfj_core.access against the tables


def test_every_page_and_every_permission_has_a_line():
    assert {p.title for p in PAGES} == set(PAGE_ROLES), "add the page's line to PAGE_ROLES"
    assert set(PERMISSIONS) == set(EXPECTED_PERMISSIONS), "add the permission's line here"


@pytest.mark.parametrize("role", ROLES)
def test_role_x_page_matrix(role):
    for spec in PAGES:
        assert can_open(role, spec.key) == (role in PAGE_ROLES[spec.title]), spec.title
    assert [p.title for p in pages_for(role)] == [
        p.title for p in PAGES if role in PAGE_ROLES[p.title]
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_x_permission_matrix(role):
    wrong = {
        permission: can(role, permission)
        for permission, roles in EXPECTED_PERMISSIONS.items()
        if permission in PERMISSIONS and can(role, permission) != (role in roles)
    }
    assert wrong == {}


def test_unknown_pages_are_closed_to_everyone():
    assert not any(can_open(role, "no-such-page") for role in ROLES)


# ---------------------------------------------------------------------------------------------
# 2. The page guard


# Pages some role may not open (a page open to all, like My account, has nothing to refuse).
GUARDED = [p for p in PAGES if set(ROLES) - PAGE_ROLES.get(p.title, set())]


@pytest.mark.parametrize("spec", GUARDED, ids=lambda s: s.key)
def test_each_page_refuses_every_role_that_may_not_see_it_even_run_directly(
    spec, tmp_path, monkeypatch
):
    denied = [role for role in ROLES if role not in PAGE_ROLES.get(spec.title, set())]
    # Nothing to read: a page that wrongly let a role through would fail on the empty database.
    monkeypatch.setenv("GFJ_DATABASE_URL", f"sqlite:///{tmp_path / 'nothing.db'}")
    get_settings.cache_clear()
    at = AppTest.from_file(str(ROOT / spec.path), default_timeout=60)
    for role in denied:
        at.session_state[ACTOR_KEY] = bare_actor(Role(role), person_id=1, user_id=1)
        at.run()
        assert not at.exception, (role, at.exception)
        text = page_text(at)
        assert f"not available to your role ({role})" in text, (role, text[:300])
        assert len(at.main.children) <= 2, (role, "the page drew more than the refusal")
    get_settings.cache_clear()


# ---------------------------------------------------------------------------------------------
# 3. The services: static check of every entry point


def _service_functions() -> dict[str, ast.FunctionDef]:
    out = {}
    for path in sorted((ROOT / "gfj_core" / "services").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                out[f"gfj_core.services.{path.stem}.{node.name}"] = node
    return out


def _takes_actor(fn: ast.FunctionDef) -> bool:
    return any(a.arg == "actor" for a in fn.args.args + fn.args.kwonlyargs)


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _required_permissions(fn: ast.FunctionDef) -> list[str]:
    return [
        c.args[1].value
        for c in ast.walk(fn)
        if isinstance(c, ast.Call)
        and _call_name(c) == "require"
        and len(c.args) == 2
        and isinstance(c.args[1], ast.Constant)
    ]


def _checks_permission(name: str, functions: dict, seen: frozenset = frozenset()) -> bool:
    """Calls require(actor, ...), or hands its actor to a service function that does."""
    fn = functions[name]
    calls = [c for c in ast.walk(fn) if isinstance(c, ast.Call)]
    if any(_call_name(c) == "require" for c in calls):
        return True
    for c in calls:
        if not any(k.arg == "actor" for k in c.keywords):
            continue
        for candidate in functions:
            if (
                candidate.endswith("." + _call_name(c))
                and candidate not in seen
                and _checks_permission(candidate, functions, seen | {name})
            ):
                return True
    return False


def _entry_points() -> set[str]:
    """Service functions imported by pages, ui/ and the CLI: what a user's click can reach."""
    names = set()
    for folder in ("pages", "ui", "gfj_core/cli"):
        for path in (ROOT / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "gfj_core.services."
                ):
                    names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_every_service_a_page_or_the_cli_calls_checks_a_permission():
    functions = _service_functions()
    unchecked = sorted(
        name
        for name in _entry_points()
        if name in functions
        and _takes_actor(functions[name])
        and name not in SELF_SERVICE
        and not _checks_permission(name, functions)
    )
    assert unchecked == []


def test_every_permission_a_service_requires_exists():
    used = {p for fn in _service_functions().values() for p in _required_permissions(fn)}
    assert used - set(PERMISSIONS) == set()


# ---------------------------------------------------------------------------------------------
# 3b. Representative services, every role. One line per service; areas add theirs.

TODAY = date(2026, 11, 22)
SERVICE_CALLS = {
    "overview.read": lambda s, a, ctx: board_overview(s, today=TODAY, actor=a),
    "settings.write": lambda s, a, ctx: set_org_setting(
        s, "planned_handover_date", "2027-09-30", actor=a
    ),
    "settings.manage": lambda s, a, ctx: save_settings_group(
        s,
        group="mentoring",
        values={"session_stale_days": 40},
        loaded={"session_stale_days": 30},
        actor=a,
    ),
    "users.manage": lambda s, a, ctx: add_user(
        s,
        UserCreate(
            username=f"new{a.role}", role=Role.staff, person_name=ctx["person"], password="x" * 12
        ),
        actor=a,
    ),
    "people.write": lambda s, a, ctx: add_person(
        s, data=PersonCreate(full_name=f"New person {a.role}"), actor=a
    ),
    "audit.read": lambda s, a, ctx: audit_entries(s, filters=AuditFilters(), actor=a),
    "backup.manage": lambda s, a, ctx: _take_backup(a, ctx),
    "backup.status": lambda s, a, ctx: backup_status(s, actor=a),
    # The History panel follows the record's own read permission.
    "transition.read": lambda s, a, ctx: record_history(
        s, entity="milestone", entity_id=ctx["milestone"], actor=a
    ),
    "people.read": lambda s, a, ctx: record_history(s, entity="person", entity_id=1, actor=a),
    "history.read": lambda s, a, ctx: financial_history(s, actor=a),
    "history.import": lambda s, a, ctx: check_form990(s, files=[], actor=a),
    "history.compensation": lambda s, a, ctx: departing_leader_compensation(s, actor=a),
    "pipeline.manage": lambda s, a, ctx: add_leader(
        s,
        LeaderCreate(
            new_person_name=f"New leader for {a.role}",
            target_role="Program director",
            cohort_start=TODAY,
        ),
        actor=a,
    ),
    "goals.manage": lambda s, a, ctx: pipeline_admin(s, actor=a),
    "programmes.manage": lambda s, a, ctx: programmes_admin(s, as_of=TODAY, actor=a),
    "training.manage": lambda s, a, ctx: create_module(
        s, ModuleCreate(name=f"Module for {a.role}"), actor=a
    ),
    "development.record": lambda s, a, ctx: development_view(s, actor=a),
    # Issue 15's last write paths: each called on a record that is not there, so a role that
    # passes the permission is told so (NotFound), never changes anything.
    "sessions.correct": lambda s, a, ctx: _missing(remove_session, s, a),
    "assessments.write": lambda s, a, ctx: _missing(remove_assessment, s, a),
    "readiness.write": lambda s, a, ctx: _missing(remove_rating, s, a),
    "transition.write": lambda s, a, ctx: _missing(withdraw_founder_role, s, a),
    "meetings.write": lambda s, a, ctx: removable_meetings(s, actor=a),
    "surveys.import": lambda s, a, ctx: _missing_round(s, a),
    "outcomes.manage": lambda s, a, ctx: record_outcome(
        s,
        OutcomeCreate(
            leader_id=s.scalar(select(EmergingLeader.id).limit(1)),
            role_title="Director",
            organisation="Elsewhere",
            started_on=TODAY,
        ),
        actor=a,
    ),
    "sharing.manage": lambda s, a, ctx: grant_sharing(
        s,
        ShareGrant(
            supporter_key="fellowship", supporter_name="A fellowship", figures=["readiness_index"]
        ),
        actor=a,
    ),
    "portfolio.read": lambda s, a, ctx: portfolio_figures(s, actor=a, today=TODAY),
}


def _missing(service, s, a) -> None:
    with contextlib.suppress(NotFound):
        service(s, record_id=10**9, expected_version=1, actor=a)


def _missing_round(s, a) -> None:
    data = RoundCorrection(expected_version=1, label="Round", opened_on=TODAY, closed_on=TODAY)
    with contextlib.suppress(NotFound):
        correct_survey_round(s, round_id=10**9, data=data, actor=a, today=TODAY)


def _take_backup(a, ctx) -> None:
    # NotSqlite is raised only past the permission check: PostgreSQL is backed up with pg_dump.
    with contextlib.suppress(NotSqlite):
        take_backup(ctx["engine"], ctx["dir"] / f"{a.role}.db", actor=a)


@pytest.mark.parametrize("permission", list(SERVICE_CALLS))
def test_each_role_is_refused_a_service_exactly_when_the_table_says(permission, demo_db, tmp_path):
    from sqlalchemy import select

    from gfj_core.models import Milestone, Person, UserAccount

    with session_scope(demo_db) as s:
        ctx = {
            "engine": demo_db,
            "dir": tmp_path,
            "milestone": s.scalar(select(Milestone.id).limit(1)),
            # Someone still active without an account: the one a new account may be for.
            "person": s.scalar(
                select(Person.full_name)
                .where(
                    Person.active.is_(True),
                    Person.id.not_in(select(UserAccount.person_id)),
                )
                .limit(1)
            ),
        }
    wrong = {}
    for role in ROLES:
        actor = bare_actor(Role(role), person_id=1, user_id=1)
        try:
            with session_scope(demo_db, write=True, actor=actor) as s:
                SERVICE_CALLS[permission](s, actor, ctx)
                s.rollback()
            allowed = True
        except PermissionDenied:
            allowed = False
        if allowed != (role in EXPECTED_PERMISSIONS[permission]):
            wrong[role] = allowed
    assert wrong == {}
