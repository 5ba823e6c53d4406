"""Who is acting. Every service that reads or writes takes one of these."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from gfj_core.access import Role


class Actor(BaseModel):
    """The signed-in viewer (or the system, for the CLI and the demo loader)."""

    model_config = ConfigDict(frozen=True)

    user_id: int | None
    username: str
    role: Role
    person_id: int | None
    display_name: str


SYSTEM = Actor(
    user_id=None, username="system", role=Role.admin, person_id=None, display_name="System"
)


class UserCreate(BaseModel):
    """A new sign-in account for a known person."""

    username: str
    role: Role
    person_name: str
    password: str
