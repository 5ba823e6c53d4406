"""Who may see which page and call which service. The single source for both matrices.

Pages are drawn by Streamlit, but which pages a role may open is a business rule, so it lives
here; app.py builds st.navigation from PAGES and every page script checks it again at its top.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gfj_core.errors import PermissionDenied


class Role(StrEnum):
    admin = "admin"
    board = "board"
    treasurer = "treasurer"
    ceo = "ceo"
    mentor = "mentor"
    staff = "staff"
    # A supporter's staff (issue 20): accounts in the registry, never in an organisation's
    # database; they see only the aggregate figures organisations chose to share with them.
    portfolio = "portfolio"


ROLE_LABELS = {
    Role.admin: "Administrator",
    Role.board: "Board member",
    Role.treasurer: "Treasurer",
    Role.ceo: "President & CEO",
    Role.mentor: "Mentor",
    Role.staff: "Staff",
    Role.portfolio: "Portfolio supporter",
}

# The roles of an organisation's own accounts. The portfolio role is not one of them: it holds
# nothing in an organisation but what that organisation shares (portfolio.read).
ORG_ROLES = frozenset(Role) - {Role.portfolio}
ALL_ROLES = ORG_ROLES
R = Role


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str  # relative to the project root
    title: str
    icon: str
    section: str
    roles: frozenset[Role]


# Order matters: a role's first page is its home.
PAGES: tuple[PageSpec, ...] = (
    # A supporter's home (issue 20): the organisations that share with it, side by side.
    PageSpec(
        "portfolio",
        "pages/portfolio.py",
        "Portfolio",
        ":material/view_comfy:",
        "Portfolio",
        frozenset({R.portfolio}),
    ),
    # A mentor's home (issue 22): their mentees and "Log a session", not programme analytics.
    PageSpec(
        "my_mentees",
        "pages/my_mentees.py",
        "My mentees",
        ":material/supervisor_account:",
        "Leadership",
        frozenset({R.mentor}),
    ),
    PageSpec(
        "overview",
        "pages/overview.py",
        "Board overview",
        ":material/dashboard:",
        "Board",
        frozenset({R.admin, R.board, R.treasurer, R.ceo, R.staff}),
    ),
    PageSpec(
        "meetings",
        "pages/meetings.py",
        "Board meetings",
        ":material/groups:",
        "Board",
        frozenset({R.admin, R.board, R.ceo}),
    ),
    PageSpec(
        "presenter",
        "pages/presenter.py",
        "Presenter mode",
        ":material/co_present:",
        "Board",
        frozenset({R.admin, R.board, R.ceo}),
    ),
    PageSpec(
        "timeline",
        "pages/timeline.py",
        "Timeline",
        ":material/timeline:",
        "Transition",
        frozenset({R.admin, R.board, R.ceo, R.staff}),
    ),
    PageSpec(
        "checklist",
        "pages/checklist.py",
        "Exit checklist",
        ":material/checklist:",
        "Transition",
        frozenset({R.admin, R.board, R.ceo}),
    ),
    PageSpec(
        "continuity",
        "pages/continuity.py",
        "Continuity & handover",
        ":material/handshake:",
        "Transition",
        frozenset({R.admin, R.board, R.ceo}),
    ),
    # Leadership pipeline: a mentor sees only their own mentees (enforced in
    # gfj_core.services.leader_scope); their home is My mentees, above.
    PageSpec(
        "leaders",
        "pages/leaders.py",
        "Leaders",
        ":material/diversity_3:",
        "Leadership",
        frozenset({R.admin, R.board, R.ceo, R.mentor}),
    ),
    PageSpec(
        "leader_profile",
        "pages/leader_profile.py",
        "Leader profile",
        ":material/person_search:",
        "Leadership",
        frozenset({R.admin, R.board, R.ceo, R.mentor}),
    ),
    PageSpec(
        "log_session",
        "pages/log_session.py",
        "Log a session",
        ":material/edit_note:",
        "Leadership",
        frozenset({R.mentor, R.ceo}),
    ),
    PageSpec(
        "assessments",
        "pages/assessments.py",
        "Assessments",
        ":material/fact_check:",
        "Leadership",
        frozenset({R.mentor, R.ceo}),
    ),
    PageSpec(
        "pipeline",
        "pages/pipeline.py",
        "Manage the pipeline",
        ":material/manage_accounts:",
        "Leadership",
        frozenset({R.admin, R.ceo, R.mentor}),
    ),
    PageSpec(
        "leader_development",
        "pages/leader_development.py",
        "Leader development",
        ":material/school:",
        "Leadership",
        frozenset({R.admin, R.ceo, R.mentor}),
    ),
    # Trust: the audit trail and backups are admin tools.
    PageSpec(
        "audit",
        "pages/audit.py",
        "Audit trail",
        ":material/history:",
        "Admin",
        frozenset({R.admin}),
    ),
    PageSpec(
        "backup",
        "pages/backup.py",
        "Backups",
        ":material/backup:",
        "Admin",
        frozenset({R.admin}),
    ),
    # A real organisation (issue 14): the CEO manages people (not accounts or roles) and the
    # transition settings (not the rest); the admin manages everything.
    PageSpec(
        "people",
        "pages/people.py",
        "People & accounts",
        ":material/badge:",
        "Admin",
        frozenset({R.admin, R.ceo}),
    ),
    PageSpec(
        "settings",
        "pages/settings.py",
        "Organization settings",
        ":material/settings:",
        "Admin",
        frozenset({R.admin, R.ceo}),
    ),
    PageSpec(
        "notifications",
        "pages/notifications.py",
        "Notifications",
        ":material/mail:",
        "Admin",
        frozenset({R.admin}),
    ),
    PageSpec(
        "finances",
        "pages/finances.py",
        "Finances",
        ":material/account_balance:",
        "Finances",
        frozenset({R.admin, R.board, R.treasurer, R.ceo}),
    ),
    # Programmes and their funding (issue 15): the CEO, the treasurer and admins manage them;
    # the board reads the figures on Finances and Succession targets.
    PageSpec(
        "programmes",
        "pages/programmes.py",
        "Programs",
        ":material/volunteer_activism:",
        "Finances",
        frozenset({R.admin, R.treasurer, R.ceo}),
    ),
    PageSpec(
        "import_data",
        "pages/import_data.py",
        "Import data",
        ":material/upload_file:",
        "Finances",
        frozenset({R.admin, R.treasurer, R.ceo}),
    ),
    # Evaluation plan: staff, CEO and admin import and edit; the board reads (and sets targets).
    PageSpec(
        "surveys",
        "pages/surveys.py",
        "Surveys",
        ":material/poll:",
        "Evaluation",
        frozenset({R.admin, R.board, R.ceo, R.staff}),
    ),
    PageSpec(
        "community",
        "pages/community.py",
        "Community engagement",
        ":material/groups_3:",
        "Evaluation",
        frozenset({R.admin, R.board, R.ceo, R.staff}),
    ),
    PageSpec(
        "legacy",
        "pages/legacy.py",
        "Legacy & values",
        ":material/auto_stories:",
        "Evaluation",
        frozenset({R.admin, R.board, R.ceo, R.staff}),
    ),
    PageSpec(
        "impact",
        "pages/impact.py",
        "Advocacy & influence",
        ":material/campaign:",
        "Evaluation",
        frozenset({R.admin, R.board, R.ceo, R.staff}),
    ),
    PageSpec(
        "targets",
        "pages/targets.py",
        "Succession targets",
        ":material/flag:",
        "Evaluation",
        frozenset({R.admin, R.board, R.ceo}),
    ),
    PageSpec(
        "account",
        "pages/account.py",
        "My account",
        ":material/account_circle:",
        "Account",
        ALL_ROLES,
    ),
)

PAGE_BY_KEY = {p.key: p for p in PAGES}

# Service permissions. Services call require(actor, "...") with the acting user.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "overview.read": frozenset({R.admin, R.board, R.treasurer, R.ceo, R.staff}),
    "settings.read": ALL_ROLES,
    # The CEO may change the transition settings (dates, departing leader); the admin all.
    "settings.write": frozenset({R.admin, R.ceo}),
    "settings.manage": frozenset({R.admin}),
    "users.manage": frozenset({R.admin}),
    "people.read": ALL_ROLES,
    "people.write": frozenset({R.admin, R.ceo}),
    # Leadership pipeline. A mentor's reads are limited to their own mentees in the services;
    # private session notes go only to their author, whatever the role.
    "leadership.read": frozenset({R.admin, R.board, R.ceo, R.mentor}),
    "leadership.kpis": frozenset({R.admin, R.board, R.treasurer, R.ceo, R.staff, R.mentor}),
    "sessions.write": frozenset({R.mentor, R.ceo}),
    "sessions.import": frozenset({R.admin, R.ceo}),
    # Correcting and deleting a logged session (issue 15): its mentor, for their own current
    # mentees within the correction window; the CEO and an administrator any session (never
    # seeing or changing the private notes, which stay their author's).
    "sessions.correct": frozenset({R.admin, R.ceo, R.mentor}),
    "sessions.correct_any": frozenset({R.admin, R.ceo}),
    "assessments.write": frozenset({R.mentor, R.ceo}),
    "goals.write": frozenset({R.mentor, R.ceo}),
    "readiness.write": frozenset({R.ceo}),
    "competencies.write": frozenset({R.ceo}),
    # Managing the pipeline (issue 15): the CEO and admin add, retire and restore leaders and
    # assign and end mentorships; a mentor manages goals only for their current mentees.
    "pipeline.manage": frozenset({R.admin, R.ceo}),
    "goals.manage": frozenset({R.admin, R.ceo, R.mentor}),
    # A leader's development records (issue 15): the CEO and admin keep the training catalogue
    # and the outcomes (where a leader went next); they and a mentor, for their own current
    # mentees only, record training completions and exposure to strategic decisions.
    "training.manage": frozenset({R.admin, R.ceo}),
    "development.record": frozenset({R.admin, R.ceo, R.mentor}),
    "outcomes.manage": frozenset({R.admin, R.ceo}),
    "transition.read": frozenset({R.admin, R.board, R.treasurer, R.ceo, R.staff}),
    "transition.write": frozenset({R.admin, R.ceo}),
    # Board-approved (baseline) dates move only by the board's decision (issue 22): the board or
    # an admin records the re-baseline; the CEO, who owns the forecast, cannot.
    "transition.rebaseline": frozenset({R.admin, R.board}),
    # Financial health: the board reads; the treasurer, CEO and admin bring the books in.
    "finance.read": frozenset({R.admin, R.board, R.treasurer, R.ceo}),
    "finance.import": frozenset({R.admin, R.treasurer, R.ceo}),
    # Programmes and their funding lines (issue 15): created, corrected and closed by the CEO,
    # the treasurer and admins.
    "programmes.manage": frozenset({R.admin, R.treasurer, R.ceo}),
    # Financial history from the Form 990s (issue 17): read like the monthly figures; the
    # returns are imported by the treasurer or an admin; the departing leader's reported pay is
    # for the board and the treasurer (the transition budget's baseline).
    "history.read": frozenset({R.admin, R.board, R.treasurer, R.ceo}),
    "history.import": frozenset({R.admin, R.treasurer}),
    "history.compensation": frozenset({R.board, R.treasurer}),
    # The exit checklist and continuity registers name people and gaps: board, CEO, admin only.
    "transition.checklist.read": frozenset({R.admin, R.board, R.ceo}),
    "transition.continuity.read": frozenset({R.admin, R.board, R.ceo}),
    "meetings.read": frozenset({R.admin, R.board, R.treasurer, R.ceo}),
    "meetings.write": frozenset({R.admin, R.board, R.ceo}),
    "packet.export": frozenset({R.admin, R.board, R.treasurer, R.ceo}),
    # Evaluation plan: staff, CEO and admin bring data in and edit; the board reads results.
    # Stories without the storyteller's consent are visible only to story editors.
    "evaluation.read": frozenset({R.admin, R.board, R.ceo, R.staff}),
    "evaluation.write": frozenset({R.admin, R.ceo, R.staff}),
    "surveys.import": frozenset({R.admin, R.ceo, R.staff}),
    "stories.edit": frozenset({R.admin, R.ceo, R.staff}),
    # Succession targets: the board sets them (admin too); the CEO reads them.
    "targets.read": frozenset({R.admin, R.board, R.ceo}),
    "targets.write": frozenset({R.admin, R.board}),
    # Trust: the whole audit trail and whole-database copies are for admins only.
    "audit.read": frozenset({R.admin}),
    "backup.manage": frozenset({R.admin}),
    # Reminders and calendars (issue 18): the SMTP set-up, test email and send log are the
    # admin's; everyone manages their own feed address and email preferences and sees their week.
    "notifications.manage": frozenset({R.admin}),
    "reminders.own": ALL_ROLES,
    # How old the last good backup is (no file names): the board's overview shows its light.
    "backup.status": frozenset({R.admin, R.board, R.treasurer, R.ceo, R.staff}),
    # Sharing with an outside supporter (issue 20) is the organisation's admin's decision; the
    # supporter reads only the aggregate figures shared with it.
    "sharing.manage": frozenset({R.admin}),
    "portfolio.read": frozenset({R.portfolio}),
}


def pages_for(role: Role | str) -> list[PageSpec]:
    role = Role(role)
    return [p for p in PAGES if role in p.roles]


def can_open(role: Role | str, page_key: str) -> bool:
    spec = PAGE_BY_KEY.get(page_key)
    return spec is not None and Role(role) in spec.roles


def can(role: Role | str, permission: str) -> bool:
    return Role(role) in PERMISSIONS[permission]


def require(actor, permission: str) -> None:
    """Raise PermissionDenied unless the actor's role holds the permission."""
    if actor is None or not can(actor.role, permission):
        who = getattr(actor, "role", "anonymous")
        raise PermissionDenied(f"Your role ({who}) may not do this ({permission}).")
