"""The demo portfolio (issue 20): the demo organisation and two more fictional ones, each in its
own database, all sharing their figures with one fictional fellowship, whose staff member signs
in with a demo account. Deterministic: the same files and parameters give the same figures."""

from __future__ import annotations

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.demo import DEMO_PASSWORD_PREFIX, database_is_empty, load_demo
from gfj_core.demo.variants import VARIANTS
from gfj_core.models import UserAccount
from gfj_core.schemas.portfolio import ShareGrant
from gfj_core.services.auth import actor_for
from gfj_core.services.sharing import DEFAULT_FIGURES, grant_sharing, open_share
from gfj_core.supporters import (
    DEMO_ACCOUNT,
    DEMO_SUPPORTER,
    SupporterRow,
    add_supporter,
    add_supporter_account,
)
from gfj_core.tenancy import (
    DEFAULT_SLUG,
    add_organisation,
    engine_for,
    list_organisations,
    registry_engine,
)


def _share_with_demo_supporter(engine) -> None:
    key, name = DEMO_SUPPORTER
    with session_scope(engine, write=True) as s:
        if open_share(s, key) is not None:
            return
        admin = s.scalar(select(UserAccount).where(UserAccount.username == "admin"))
        actor = actor_for(admin)
    with session_scope(engine, write=True, actor=actor) as s:
        grant_sharing(
            s,
            ShareGrant(supporter_key=key, supporter_name=name, figures=list(DEFAULT_FIGURES)),
            actor=actor,
        )


def load_demo_portfolio() -> list[str]:
    """Add what is missing of the demo portfolio (after the demo organisation is loaded in the
    default database): the two variant organisations, the fellowship and its account, and each
    organisation's share. Returns what it added, for the CLI to say."""
    from gfj_core.services.org_settings import load_org_settings
    from gfj_core.tenancy import get_organisation

    with session_scope(engine_for(get_organisation(DEFAULT_SLUG))) as s:
        if not load_org_settings(s).demo_loaded:
            return []  # a real organisation: never share its figures with a demo fellowship
    said = []
    with session_scope(registry_engine(), write=True) as s:
        key, name = DEMO_SUPPORTER
        if s.scalar(select(SupporterRow.id).where(SupporterRow.key == key)) is None:
            add_supporter(s, key=key, name=name)
            add_supporter_account(
                s, supporter_key=key, username=DEMO_ACCOUNT[0], display_name=DEMO_ACCOUNT[1],
                password=DEMO_PASSWORD_PREFIX + DEMO_ACCOUNT[0],
            )  # fmt: skip
            said.append(f"supporter {name}")
    orgs = {o.slug: o for o in list_organisations()}
    for v in VARIANTS:
        org = orgs.get(v.key) or add_organisation(v.names["The Gathering for Justice"], slug=v.key)
        engine = engine_for(org)
        with session_scope(engine) as s:
            empty = database_is_empty(s)
        if empty:
            load_demo(engine, variant=v.key)
            said.append(f"organization {org.name}")
        orgs[v.key] = org
    for slug in (DEFAULT_SLUG, *(v.key for v in VARIANTS)):
        if slug in orgs:
            _share_with_demo_supporter(engine_for(orgs[slug]))
    return said
