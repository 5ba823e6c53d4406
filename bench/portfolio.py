"""A supporter's portfolio at scale (issue 20): `python -m bench --only portfolio
[--portfolio-setups sqlite:20,postgresql:200] [--no-browser]`.

Each setup builds N organisations at demo size (synthetic, scale 1), every one sharing the vital
few with the bench supporter: on SQLite the default organisation's file copied to N-1 more files
in the registry; on PostgreSQL (a throwaway cluster on 127.0.0.1:PORT) the default organisation's
tables copied into N-1 schemas `org_bench_NNN` of the same database. Against one organisation's
Board overview it reports
- AppTest: the page's first run and the median of its warm reruns (wall and CPU);
- Chromium: time to idle. The overview: a click in the navigation to it (as bench/browser.py);
  the portfolio (the supporter has one page): choosing an organization in "Open an
  organization's scorecard", a rerun of the whole page.
The target is the portfolio's warm rerun at most 3x the overview's (issue 20)."""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from pathlib import Path

import streamlit as st
from sqlalchemy import select, text
from streamlit.testing.v1 import AppTest

from bench import synth
from bench.browser import FLAGS, _serve, _wait_idle, overview_times, sign_in_board
from gfj_core.db import get_engine, session_scope, upgrade_database
from gfj_core.models import UserAccount
from gfj_core.schemas.portfolio import ShareGrant
from gfj_core.services.auth import actor_for
from gfj_core.services.sharing import DEFAULT_FIGURES, grant_sharing
from gfj_core.settings import get_settings
from gfj_core.supporters import add_supporter, add_supporter_account
from gfj_core.tenancy import DEFAULT_SLUG, list_organisations, registry_engine
from gfj_core.tenancy.models import OrganisationRow
from ui.data import clear_reads
from ui.state import ACTOR_KEY

ROOT = Path(__file__).resolve().parents[1]
WARM_RUNS = 5
REPEATS = 5
SUPPORTER = ("bench-fellowship", "Bench fellowship")
FELLOW = ("bench-fellow", "bench-password-1")
DEFAULT_SETUPS = "sqlite:20,postgresql:200"
# Ports of this bench (the others use 8701-8702): the app, and the PostgreSQL cluster.
APP_PORT, PG_PORT = 8611, 8615

# Copies every table of the default organisation (schema public) into a new schema: its
# columns, defaults, indexes and rows (no foreign keys: nothing is written there).
CLONE_SCHEMA = """
CREATE OR REPLACE FUNCTION pg_temp.clone_public(dst text) RETURNS void AS $$
DECLARE t record;
BEGIN
  EXECUTE format('CREATE SCHEMA %I', dst);
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('CREATE TABLE %I.%I (LIKE public.%I INCLUDING ALL)', dst, t.tablename,
                   t.tablename);
    EXECUTE format('INSERT INTO %I.%I SELECT * FROM public.%I', dst, t.tablename, t.tablename);
    EXECUTE format('ANALYZE %I.%I', dst, t.tablename);
  END LOOP;
END $$ LANGUAGE plpgsql
"""


def _timed(at: AppTest) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - t0, time.process_time() - c0


def _page(actor, path: str, rows: int | None = None) -> dict:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state[ACTOR_KEY] = actor
    at.run()
    clear_reads()
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


def _default_organisation(url: str):
    """The default organisation at demo size, sharing with the bench supporter: its board."""
    upgrade_database(url)
    synth.build(get_engine(url), 1)
    engine = get_engine(url)
    with session_scope(engine) as s:
        admin = actor_for(s.scalar(select(UserAccount).where(UserAccount.role == "admin")))
        board = actor_for(s.scalar(select(UserAccount).where(UserAccount.role == "board")))
    with session_scope(engine, write=True, actor=admin) as s:  # refreshes its vital few
        grant_sharing(
            s,
            ShareGrant(supporter_key=SUPPORTER[0], supporter_name=SUPPORTER[1],
                       figures=list(DEFAULT_FIGURES)),
            actor=admin,
        )  # fmt: skip
    return board


def _configure(url: str) -> None:
    os.environ["GFJ_DATABASE_URL"] = url
    get_settings.cache_clear()


def _register(n_orgs: int, location) -> object:
    """The N-1 copies in the registry, the supporter and its account."""
    with session_scope(registry_engine(), write=True) as s:
        for i in range(1, n_orgs):
            slug = f"bench-{i:03d}"
            s.add(OrganisationRow(slug=slug, name=f"Bench organization {i:03d}",
                                  location=location(slug)))  # fmt: skip
        add_supporter(s, key=SUPPORTER[0], name=SUPPORTER[1])
        return add_supporter_account(
            s, supporter_key=SUPPORTER[0], username=FELLOW[0], display_name="Bench",
            password=FELLOW[1],
        )  # fmt: skip


def build_sqlite(work: Path, n_orgs: int) -> tuple[str, object, object]:
    work.mkdir(parents=True, exist_ok=True)
    for old in [*work.glob("*.db*"), *(work / "orgs").glob("*.db*")]:
        old.unlink()
    base = work / "gfj.db"
    url = f"sqlite:///{base}"
    board = _default_organisation(url)
    get_engine(url).dispose()
    _configure(url)
    (work / "orgs").mkdir(exist_ok=True)
    for i in range(1, n_orgs):
        with (
            sqlite3.connect(base) as src,
            sqlite3.connect(work / "orgs" / f"bench-{i:03d}.db") as dst,
        ):
            src.backup(dst)
    fellow = _register(n_orgs, lambda slug: f"orgs/{slug}.db")
    return url, board, fellow


def build_postgresql(cluster, n_orgs: int) -> tuple[str, object, object]:
    url = cluster.url(cluster.new_database(prefix="portfolio"))
    board = _default_organisation(url)
    _configure(url)
    with get_engine(url).connect() as conn:  # one transaction a schema (the locks add up)
        conn.execute(text(CLONE_SCHEMA))  # (text(): the driver's % placeholders escaped)
        conn.commit()
        for i in range(1, n_orgs):
            conn.execute(text("SELECT pg_temp.clone_public(:s)"), {"s": f"org_bench_{i:03d}"})
            conn.commit()
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        for (table,) in tables.all():
            conn.exec_driver_sql(f'ANALYZE public."{table}"')
            conn.commit()
    fellow = _register(n_orgs, lambda slug: "org_" + slug.replace("-", "_"))
    return url, board, fellow


def time_to_idle(db_url: str, *, other_org: str) -> dict:
    """Chromium, against the app as `make run` serves it: the board's overview, then the
    supporter's portfolio (median of REPEATS each)."""
    from playwright.sync_api import expect, sync_playwright

    chromium = os.environ.get("GFJ_CHROMIUM", "/usr/bin/chromium")
    app = _serve("web/app.py", APP_PORT, db_url)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            sign_in_board(page, f"http://127.0.0.1:{APP_PORT}/?org=default")
            overview = overview_times(page, REPEATS)
            page.close()
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(f"http://127.0.0.1:{APP_PORT}/")
            _wait_idle(page)
            page.get_by_role("button", name="Sign in for a supporter (portfolio)").click()
            page.get_by_role("button", name="Back to an organization's sign-in").wait_for()
            _wait_idle(page)
            expect(page.get_by_label("Username")).to_have_count(1, timeout=60000)
            page.get_by_label("Username").fill(FELLOW[0])
            page.get_by_label("Password", exact=True).fill(FELLOW[1])
            page.get_by_role("button", name="Sign in", exact=True).click()
            page.get_by_text("Open an organization's scorecard").wait_for(timeout=120000)
            _wait_idle(page)
            portfolio = []
            for i in range(2 * REPEATS):
                name = other_org if i % 2 else "Bench organization 001"
                page.get_by_label("Open an organization's scorecard").click()
                page.keyboard.type(name)  # the list of 200 is virtual: filter it to the one
                option = page.get_by_role("option", name=name, exact=True)
                option.wait_for(timeout=60000)
                t0 = time.perf_counter()
                option.click()
                page.get_by_role("heading", name=name).wait_for(timeout=120000)
                _wait_idle(page)
                if i % 2:
                    portfolio.append(time.perf_counter() - t0)
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=30)
    a, b = statistics.median(portfolio), statistics.median(overview)
    return {"portfolio_idle_s": a, "overview_idle_s": b, "idle_ratio": a / b, "repeats": REPEATS}


def _measure(setup: str, n_orgs: int, url: str, board, fellow, built: float, browser: bool):
    clear_reads()
    st.cache_resource.clear()
    overview = _page(board, "pages/overview.py")
    portfolio = _page(fellow, "pages/portfolio.py", rows=n_orgs)
    result = {
        "setup": setup,
        "organisations": n_orgs,
        "build_seconds": built,
        "overview": overview,
        "portfolio": portfolio,
        "warm_ratio": portfolio["warm_median_s"] / overview["warm_median_s"],
        "warm_cpu_ratio": portfolio["warm_cpu_median_s"] / overview["warm_cpu_median_s"],
        "target_ratio": 3.0,
    }
    if browser:
        default = next(o for o in list_organisations() if o.slug == DEFAULT_SLUG)
        result["browser"] = time_to_idle(url, other_org=default.name)
    print(line(result), flush=True)
    return result


def line(r: dict) -> str:
    p, o = r["portfolio"], r["overview"]
    text_ = (
        f"portfolio of {r['organisations']} {r['setup']} organisations: warm rerun "
        f"{p['warm_median_s'] * 1000:.0f} ms (CPU {p['warm_cpu_median_s'] * 1000:.0f}) vs one "
        f"organisation's overview {o['warm_median_s'] * 1000:.0f} ms (CPU "
        f"{o['warm_cpu_median_s'] * 1000:.0f}) = {r['warm_ratio']:.2f}x wall, "
        f"{r['warm_cpu_ratio']:.2f}x CPU (target at most 3x); first run "
        f"{p['first_s'] * 1000:.0f} ms vs {o['first_s'] * 1000:.0f} ms"
    )
    b = r.get("browser")
    if b:
        text_ += (
            f"; Chromium time to idle {b['portfolio_idle_s'] * 1000:.0f} ms vs "
            f"{b['overview_idle_s'] * 1000:.0f} ms = {b['idle_ratio']:.2f}x"
        )
    return text_


def run(setups: str = DEFAULT_SETUPS, *, browser: bool = True) -> list[dict]:
    """Every setup "engine:N" in turn; a PostgreSQL setup without a cluster is reported skipped."""
    work = ROOT / "bench" / ".work" / "portfolio"
    before = os.environ.get("GFJ_DATABASE_URL")
    results = []
    try:
        for item in [x.strip() for x in setups.split(",") if x.strip()]:
            engine, _, count = item.partition(":")
            n_orgs = int(count or 20)
            t0 = time.perf_counter()
            if engine == "sqlite":
                url, board, fellow = build_sqlite(work, n_orgs)
                results.append(
                    _measure(engine, n_orgs, url, board, fellow, time.perf_counter() - t0, browser)
                )
            elif engine == "postgresql":
                results.append(_on_postgresql(n_orgs, browser))
            else:
                raise SystemExit(f"unknown portfolio setup {item!r} (sqlite:N or postgresql:N)")
    finally:
        if before is None:
            os.environ.pop("GFJ_DATABASE_URL", None)
        else:
            os.environ["GFJ_DATABASE_URL"] = before
        get_settings.cache_clear()
    return results


def _on_postgresql(n_orgs: int, browser: bool) -> dict:
    try:
        from tests.postgres.plugin import PgCluster

        cluster = PgCluster.start(port=PG_PORT)
    except BaseException as exc:  # the plugin fails through pytest.fail: report, do not stop
        if isinstance(exc, KeyboardInterrupt):
            raise
        first = (str(exc).splitlines() or [""])[0][:100]
        print(f"portfolio on postgresql: skipped (no cluster: {first})", flush=True)
        return {"setup": "postgresql", "organisations": n_orgs, "skipped": first}
    try:
        t0 = time.perf_counter()
        url, board, fellow = build_postgresql(cluster, n_orgs)
        return _measure("postgresql", n_orgs, url, board, fellow, time.perf_counter() - t0, browser)
    finally:
        get_engine.cache_clear()  # every engine on the cluster, before it stops
        cluster.stop()
