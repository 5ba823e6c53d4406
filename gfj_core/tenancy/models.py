"""The registry's own table and read model. Its own MetaData: never one of an organisation's
tables, never in an organisation's migrations, audit trail or the data-model walk."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import BigInteger, DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from gfj_core.models.base import NAMING_CONVENTION, utcnow

DEFAULT_SLUG = "default"


class RegistryBase(DeclarativeBase):
    """Base for every table of the registry (organisations; the portfolio work adds its own
    here). `create_registry` makes whichever of them are missing."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OrganisationRow(RegistryBase):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Where its data lives: "" the configured database (the default organisation); otherwise a
    # SQLite file's path relative to the registry's folder, or a PostgreSQL schema's name.
    location: Mapped[str] = mapped_column(String(200), nullable=False, default="")


class PortfolioVersionRow(RegistryBase):
    """PostgreSQL only: a counter per organisation schema, bumped by that schema's own triggers on
    the tables a supporter's portfolio reads (migration 0027, `COUNTED_TABLES`) in the transaction
    of the write, so a portfolio's cache key for 200 organisations is one indexed read here
    instead of a query into every schema."""

    __tablename__ = "portfolio_version"

    location: Mapped[str] = mapped_column(String(200), primary_key=True)  # the schema's name
    version: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


# The tables whose every write bumps `portfolio_version` (migration 0027 puts the trigger on
# exactly these; tests/unit/test_portfolio_counter.py checks it).
COUNTED_TABLES = frozenset({"portfolio_share", "vital_figure"})


class Organisation(BaseModel):
    """One organisation as the rest of the code sees it (hashable: usable in cache keys).
    Holds no URL, so no password: `gfj_core.tenancy.database_url_for` makes the URL."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    slug: str
    name: str
    created_at: datetime | None = None
    archived_at: datetime | None = None
    location: str = ""

    @property
    def is_default(self) -> bool:
        return self.slug == DEFAULT_SLUG

    @property
    def archived(self) -> bool:
        return self.archived_at is not None
