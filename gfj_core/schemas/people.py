"""People and their sign-in accounts at the boundary (pages, CLI, CSV import)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gfj_core.access import Role

BoardSeat = Literal["chair", "vice_chair", "treasurer", "secretary", "member"]
BOARD_SEATS: tuple[str, ...] = ("chair", "vice_chair", "treasurer", "secretary", "member")
BOARD_SEAT_LABELS = {
    "chair": "Chair",
    "vice_chair": "Vice chair",
    "treasurer": "Treasurer",
    "secretary": "Secretary",
    "member": "Member",
}
# Deliberately loose: one @, something before it, a dot after it. Real checking is a sent email.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,60}$")


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


class PersonFields(BaseModel):
    """What a person form and a row of the people import both hold."""

    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(min_length=1, max_length=120)
    email: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=160)
    board_role: BoardSeat | None = None
    board_term_start: date | None = None
    board_term_end: date | None = None
    is_staff: bool = False

    @field_validator("full_name", mode="before")
    @classmethod
    def _name(cls, v):
        return _clean(v) or "" if isinstance(v, str) else v

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v):
        return _clean(v) if isinstance(v, str) else v

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, v):
        if not isinstance(v, str):
            return v
        v = v.strip().lower()
        if not v:
            return None
        if not _EMAIL.match(v):
            raise ValueError("not an email address (e.g. name@example.org)")
        return v

    @field_validator("board_role", mode="before")
    @classmethod
    def _seat(cls, v):
        if isinstance(v, str):
            v = re.sub(r"[\s-]+", "_", v.strip().lower()) or None
        return v

    @model_validator(mode="after")
    def _terms(self):
        if (self.board_term_start or self.board_term_end) and self.board_role is None:
            raise ValueError("board_term_start: term dates need a board seat")
        if (
            self.board_term_start
            and self.board_term_end
            and self.board_term_end < self.board_term_start
        ):
            raise ValueError("board_term_end: the term cannot end before it starts")
        return self


class PersonCreate(PersonFields):
    """A new person in the directory."""


class PersonUpdate(PersonFields):
    """An edit of a person, carrying the version the form was loaded from."""

    version: int | None = None


class PersonRead(BaseModel):
    """A person as the directory shows them, with their account if any."""

    id: int
    full_name: str
    email: str | None
    title: str | None
    board_role: str | None
    board_term_start: date | None
    board_term_end: date | None
    is_staff: bool
    active: bool
    left_on: date | None
    is_fictional: bool
    version: int
    username: str | None = None
    account_role: str | None = None
    account_active: bool | None = None


class PeopleFilter(BaseModel):
    """The directory's search and filters."""

    search: str = ""
    group: Literal["everyone", "board", "staff", "other"] = "everyone"
    status: Literal["active", "left", "all"] = "active"


class AccountCreate(BaseModel):
    """A new account for a person. Without a password a temporary one is generated."""

    model_config = ConfigDict(extra="forbid")

    username: str
    role: Role
    person_id: int | None = None
    person_name: str | None = None
    password: str | None = None

    @field_validator("username", mode="before")
    @classmethod
    def _username(cls, v):
        if isinstance(v, str):
            v = v.strip()
            if not _USERNAME.match(v):
                raise ValueError("2 to 60 letters, digits, '.', '-' or '_'")
        return v


class AccountRead(BaseModel):
    """An account as the admin sees it: never its password hash."""

    id: int
    username: str
    role: Role
    person_id: int
    person_name: str
    active: bool
    locked_until: datetime | None
    must_change_password: bool
    last_login_at: datetime | None
    version: int

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


class AccountCreated(BaseModel):
    """The account, and the temporary password to show once (None when one was given)."""

    account: AccountRead
    temporary_password: str | None = None


class PeopleImportResult(BaseModel):
    added: int
    updated: int


class OrganisationSetup(BaseModel):
    """The first-run setup form: the organisation, its transition, and the first admin."""

    model_config = ConfigDict(extra="forbid")

    organisation_name: str = Field(min_length=1, max_length=120)
    founder_name: str | None = Field(None, max_length=120)
    departing_leader: str = Field(min_length=1, max_length=120)
    departing_leader_title: str = Field(min_length=1, max_length=160)
    transition_start_date: date
    planned_handover_date: date
    fiscal_year_start_month: int = Field(1, ge=1, le=12)
    admin_name: str = Field(min_length=1, max_length=120)
    admin_email: str | None = Field(None, max_length=200)
    admin_username: str
    admin_password: str = Field(min_length=8, max_length=200)

    @field_validator(
        "organisation_name",
        "founder_name",
        "departing_leader",
        "departing_leader_title",
        "admin_name",
        mode="before",
    )
    @classmethod
    def _text(cls, v):
        return (
            (_clean(v) or ("" if v is not None and v.strip() == "" else None))
            if isinstance(v, str)
            else v
        )

    @field_validator("founder_name", mode="after")
    @classmethod
    def _optional(cls, v):
        return v or None

    @field_validator("admin_email", mode="before")
    @classmethod
    def _email(cls, v):
        return PersonFields._email(v)

    @field_validator("admin_username", mode="before")
    @classmethod
    def _username(cls, v):
        return AccountCreate._username(v)

    @model_validator(mode="after")
    def _dates(self):
        if self.planned_handover_date < self.transition_start_date:
            raise ValueError("planned_handover_date: the handover cannot come before the start")
        return self
