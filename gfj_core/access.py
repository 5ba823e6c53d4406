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


ALL_ROLES = frozenset(Role)
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
    PageSpec(
        "overview",
        "pages/overview.py",
        "Board overview",
        ":material/dashboard:",
        "Board",
        frozenset({R.admin, R.board, R.treasurer, R.ceo, R.staff}),
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
    "settings.write": frozenset({R.admin, R.ceo}),
    "users.manage": frozenset({R.admin}),
    "people.read": ALL_ROLES,
    "people.write": frozenset({R.admin, R.ceo}),
    "transition.read": frozenset({R.admin, R.board, R.treasurer, R.ceo, R.staff}),
    "transition.write": frozenset({R.admin, R.ceo}),
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
