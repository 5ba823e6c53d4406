"""Who is acting. Every service that reads or writes takes one of these."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from gfj_core.access import ORG_ROLES, Role


class Actor(BaseModel):
    """The signed-in viewer (or the system, for the CLI and the demo loader)."""

    model_config = ConfigDict(frozen=True)

    user_id: int | None
    username: str
    role: Role
    person_id: int | None
    display_name: str
    # The account's session epoch when this actor signed in (None: not from a sign-in, e.g. the
    # CLI's SYSTEM). A different epoch in the database means the session must end.
    session_epoch: int | None = None
    # Signed in with a temporary password: only the change-password screen until it is replaced.
    must_change_password: bool = False
    # A portfolio (supporter) account: the registry's key of the supporter it works for.
    supporter: str | None = None


SYSTEM = Actor(
    user_id=None, username="system", role=Role.admin, person_id=None, display_name="System"
)


class UserCreate(BaseModel):
    """A new sign-in account for a known person."""

    username: str
    role: Role
    person_name: str
    password: str

    @field_validator("role")
    @classmethod
    def _an_organisation_role(cls, role: Role) -> Role:
        # A supporter's account lives in the registry, never in an organisation's database.
        if role not in ORG_ROLES:
            raise ValueError("choose an organization role")
        return role
