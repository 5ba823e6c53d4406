"""A small portfolio for the portfolio tests (issue 20): the demo organisation as the default,
two copies of it registered as more organisations (SQLite files beside it), a supporter with one
account. The default and "second" share with the supporter; "third" does not. Second's latest
recorded months of cash is made red, so it has the most red lights."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from gfj_core.db import get_engine, session_scope
from gfj_core.demo import DEMO_DIR
from gfj_core.models import VitalFigure
from gfj_core.schemas.auth import SYSTEM, Actor
from gfj_core.schemas.portfolio import ShareGrant, ShareRevoke
from gfj_core.services.finance_imports import run_import
from gfj_core.services.sharing import DEFAULT_FIGURES, grant_sharing, revoke_sharing
from gfj_core.supporters import add_supporter, add_supporter_account
from gfj_core.tenancy import registry_engine
from gfj_core.tenancy.models import OrganisationRow
from tests.conftest import copy_sqlite, demo_actor

SUPPORTER = ("fellowship", "The Test Fellowship")
# The monthly accounts' columns, as the demo's own file has them; and a November with the cash
# nearly gone (the demo's months of cash turn red).
ACCOUNTS_HEADER = (
    (DEMO_DIR / "finance" / "accounts.csv").read_text(encoding="utf-8").splitlines()[0]
)
BAD_NOVEMBER = (
    "2026-11,5000.00,0.00,1000.00,0.00,100000.00,17000.00,11000.00,1050.00,2000.00,0.00,"
    "60000.00,30000.00,9000.00,140000.00,150000.00,300000.00,50000.00,80000.00,"
    "150000.00,119166.66"
)
PASSWORD = "fellowship-password"


@dataclass
class Portfolio:
    engines: dict[str, Engine]  # slug -> engine
    names: dict[str, str]
    fellow: Actor


def share(engine: Engine, figures=DEFAULT_FIGURES) -> None:
    admin = demo_actor(engine, "admin")
    with session_scope(engine, write=True, actor=admin) as s:
        grant_sharing(
            s, ShareGrant(supporter_key=SUPPORTER[0], supporter_name=SUPPORTER[1],
                          figures=list(figures)), actor=admin,
        )  # fmt: skip


def revoke(engine: Engine) -> None:
    admin = demo_actor(engine, "admin")
    with session_scope(engine, write=True, actor=admin) as s:
        revoke_sharing(s, ShareRevoke(supporter_key=SUPPORTER[0]), actor=admin)


def import_bad_month(engine: Engine) -> None:
    """The organisation's treasurer imports a bad November, as the import page does."""
    treasurer = demo_actor(engine, "treasurer")
    with session_scope(engine, write=True, actor=treasurer) as s:
        run_import(
            s, kind="financials", filename="november.csv",
            content=f"{ACCOUNTS_HEADER}\n{BAD_NOVEMBER}\n".encode(), confirm_unusual=True,
            actor=treasurer,
        )  # fmt: skip


def make_red(engine: Engine, key: str = "months_of_cash") -> None:
    """The organisation's current figure turned red, as a bad month imported today would (the
    import itself is tests/services/test_portfolio_sharing.py's and the e2e journey's)."""
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        row = s.get(VitalFigure, key)
        row.value, row.value_text, row.light = 0.4, "0.4", "red"


@pytest.fixture
def portfolio(demo_db, demo_template, tmp_path) -> Portfolio:
    folder = tmp_path / "orgs"
    folder.mkdir()
    engines, names = {"default": demo_db}, {}
    with session_scope(registry_engine(), write=True) as s:
        for slug, name in (("second", "Second Test Organization"),
                           ("third", "Third Test Organization")):  # fmt: skip
            copy_sqlite(demo_template, folder / f"{slug}.db")
            s.add(OrganisationRow(slug=slug, name=name, location=f"orgs/{slug}.db"))
            engines[slug] = get_engine(f"sqlite:///{folder / f'{slug}.db'}")
            names[slug] = name
        add_supporter(s, key=SUPPORTER[0], name=SUPPORTER[1])
        fellow = add_supporter_account(
            s, supporter_key=SUPPORTER[0], username="fellow", display_name="Fran Fellow",
            password=PASSWORD,
        )  # fmt: skip
    with session_scope(registry_engine()) as s:
        names["default"] = s.scalar(
            select(OrganisationRow.name).where(OrganisationRow.slug == "default")
        )
    share(engines["default"])
    share(engines["second"])
    make_red(engines["second"])
    return Portfolio(engines=engines, names=names, fellow=fellow)
