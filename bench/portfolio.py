"""`python -m bench --only portfolio [--portfolio-orgs 20]`: a supporter's portfolio of N
organisations at demo size (synthetic, scale 1), each its own SQLite file in the registry and
each sharing the vital few, against one organisation's Board overview. Both pages are timed in
AppTest (first run, then the median of the warm reruns); the target is the portfolio's warm
rerun at most 3x the overview's (issue 20)."""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from pathlib import Path

import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from bench import synth
from gfj_core.db import get_engine, session_scope, upgrade_database
from gfj_core.models import UserAccount
from gfj_core.schemas.portfolio import ShareGrant
from gfj_core.services.auth import actor_for
from gfj_core.services.sharing import DEFAULT_FIGURES, grant_sharing
from gfj_core.settings import get_settings
from gfj_core.supporters import add_supporter, add_supporter_account
from gfj_core.tenancy import registry_engine
from gfj_core.tenancy.models import OrganisationRow
from ui.state import ACTOR_KEY

ROOT = Path(__file__).resolve().parents[1]
WARM_RUNS = 5
SUPPORTER = ("bench-fellowship", "Bench fellowship")


def _timed(at: AppTest) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - t0, time.process_time() - c0


def _page(actor, path: str, rows: int | None = None) -> dict:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state[ACTOR_KEY] = actor
    at.run()
    st.cache_data.clear()
    at.switch_page(path)
    first = _timed(at)
    if rows is not None:  # every organisation is on the page (not, say, only the first)
        shown = len(at.dataframe[0].value)
        assert shown == rows, f"the portfolio shows {shown} organisations, not {rows}"
    warm = [_timed(at) for _ in range(WARM_RUNS)]
    return {
        "first_s": first[0],
        "first_cpu_s": first[1],
        "warm_median_s": statistics.median(w[0] for w in warm),
        "warm_cpu_median_s": statistics.median(w[1] for w in warm),
    }


def build(work: Path, n_orgs: int) -> tuple[str, object, object]:
    """The default organisation (synthetic, scale 1, sharing with the bench supporter), copied
    to N-1 more files registered as organisations; the supporter and its account."""
    work.mkdir(parents=True, exist_ok=True)
    for old in [*work.glob("*.db*"), *(work / "orgs").glob("*.db*")]:
        old.unlink()
    base = work / "gfj.db"
    url = f"sqlite:///{base}"
    upgrade_database(url)
    synth.build(get_engine(url), 1)
    engine = get_engine(url)
    with session_scope(engine) as s:
        admin = actor_for(s.scalar(select(UserAccount).where(UserAccount.role == "admin")))
        board = actor_for(s.scalar(select(UserAccount).where(UserAccount.role == "board")))
    with session_scope(engine, write=True, actor=admin) as s:
        grant_sharing(
            s,
            ShareGrant(supporter_key=SUPPORTER[0], supporter_name=SUPPORTER[1],
                       figures=list(DEFAULT_FIGURES)),
            actor=admin,
        )  # fmt: skip
    engine.dispose()
    os.environ["GFJ_DATABASE_URL"] = url
    get_settings.cache_clear()
    (work / "orgs").mkdir(exist_ok=True)
    with session_scope(registry_engine(), write=True) as s:
        for i in range(1, n_orgs):
            slug = f"bench-{i:03d}"
            with sqlite3.connect(base) as src, sqlite3.connect(work / "orgs" / f"{slug}.db") as dst:
                src.backup(dst)
            s.add(OrganisationRow(slug=slug, name=f"Bench organization {i:03d}",
                                  location=f"orgs/{slug}.db"))  # fmt: skip
        add_supporter(s, key=SUPPORTER[0], name=SUPPORTER[1])
        fellow = add_supporter_account(
            s, supporter_key=SUPPORTER[0], username="bench-fellow", display_name="Bench",
            password="bench-password-1",
        )  # fmt: skip
    return url, board, fellow


def run(n_orgs: int = 20) -> dict:
    work = ROOT / "bench" / ".work" / "portfolio"
    t0 = time.perf_counter()
    _, board, fellow = build(work, n_orgs)
    built = time.perf_counter() - t0
    st.cache_data.clear()
    st.cache_resource.clear()
    overview = _page(board, "pages/overview.py")
    portfolio = _page(fellow, "pages/portfolio.py", rows=n_orgs)
    ratio = portfolio["warm_median_s"] / overview["warm_median_s"]
    result = {
        "organisations": n_orgs,
        "engine": "sqlite",
        "build_seconds": built,
        "overview": overview,
        "portfolio": portfolio,
        "warm_ratio": ratio,
        "target_ratio": 3.0,
    }
    print(
        f"portfolio of {n_orgs} SQLite organisations: warm rerun "
        f"{portfolio['warm_median_s'] * 1000:.0f} ms vs one organisation's overview "
        f"{overview['warm_median_s'] * 1000:.0f} ms = {ratio:.2f}x (target at most 3x); first "
        f"run {portfolio['first_s'] * 1000:.0f} ms vs {overview['first_s'] * 1000:.0f} ms",
        flush=True,
    )
    return result
