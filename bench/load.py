"""A board meeting's worth of load (issue 19): ten board members in Chromium on one database,
each signed in with their own account and opening the overview, presenter mode, meetings or
finances every few seconds, while a secretary records an action item every ten seconds. Bounded
in count and time, 127.0.0.1 only.

Per run: the time to idle of every page with one person (the baseline), then under the crowd
(p50 / p95), the errors (timeouts, a Streamlit exception on the page, a traceback in a server's
log), the lost writes (action items recorded against those found afterwards) and each server's
memory at the end. The same with two server processes behind one SQLite database (WAL), and on
PostgreSQL when its binaries are there.

The secretary records through `gfj_core` in this process, as the CLI would: every server sees
the write only through the database, which is the cross-process invalidation under test."""

from __future__ import annotations

import asyncio
import math
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bench.synth import BOARD_MEMBERS

ROOT = Path(__file__).resolve().parents[1]
IDLE = (
    '[data-testid="stApp"][data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]'
)
NOT_BUSY = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
TIMEOUT_MS = 60_000
MARK = "Load test action"

# (sidebar title, the heading that says the page is there)
PAGES = {
    "overview": ("Board overview", "leadership transition"),
    "presenter": ("Presenter mode", "Agenda"),  # its first topic
    "meetings": ("Board meetings", "Board meetings"),
    "finances": ("Finances", "Finances"),
}


# --- the report (pure: unit-tested) ---------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(samples: dict[str, list[float]]) -> dict[str, dict]:
    return {
        page: {
            "n": len(times),
            "p50_s": percentile(times, 50),
            "p95_s": percentile(times, 95),
        }
        for page, times in samples.items()
    }


def _ms(x) -> str:
    return "—" if x is None else f"{x * 1000:.0f}"


def _pages(run: dict) -> list[str]:
    """Every page timed alone or in the crowd: a page whose every crowd visit failed still has
    its row (crowd n 0)."""
    return list(dict.fromkeys([*run["alone"], *run["crowd"]]))


def load_table(runs: list[dict]) -> list[str]:
    """One row per (setup, page): one person's median, the crowd's p50 / p95 and their ratio;
    then per setup the errors, the writes and the servers' memory."""
    lines = [
        "| load setup | page | alone p50 (ms) | crowd n | crowd p50 (ms) | crowd p95 (ms) "
        "| p95 / alone | first visits p95 (ms) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        if run.get("skipped"):
            lines.append(f"| {run['setup']} | skipped: {run['skipped']} | | | | | | |")
            continue
        for page in _pages(run):
            crowd = run["crowd"].get(page, {"n": 0, "p50_s": None, "p95_s": None})
            alone = run["alone"].get(page, {}).get("p50_s")
            first = run.get("first", {}).get(page, {}).get("p95_s")
            ratio = crowd["p95_s"] / alone if alone and crowd["p95_s"] else None
            lines.append(
                f"| {run['setup']} | {page} | {_ms(alone)} | {crowd['n']} | "
                f"{_ms(crowd['p50_s'])} | {_ms(crowd['p95_s'])} | "
                f"{'—' if ratio is None else f'{ratio:.2f}'} | {_ms(first)} |"
            )
    lines.append("")
    lines.append(
        "| load setup | readers x seconds | errors | writes recorded | writes found "
        "| server RSS at end (MB) |"
    )
    lines.append("|---|---|---|---|---|---|")
    for run in runs:
        if run.get("skipped"):
            continue
        lines.append(
            f"| {run['setup']} | {run['readers']} x {run['seconds']:.0f} | {len(run['errors'])} | "
            f"{run['writes_recorded']} | {run['writes_found']} | "
            f"{' + '.join(f'{mb:.0f}' for mb in run['server_rss_mb'])} |"
        )
    return lines


def load_target_rows(runs: list[dict]) -> list[tuple[str, str, str]]:
    """Per load setup: (target, figure, met / not met / not measured), for bench's targets."""
    rows = []
    for run in runs:
        who = f"ten people at once, {run['setup']}"
        if run.get("skipped"):
            rows.append((f"{who}: p95, errors, lost writes", f"skipped: {run['skipped']}",
                         "not measured"))  # fmt: skip
            continue
        pages = _pages(run)
        ratios = {}
        for page in pages:
            crowd = run["crowd"].get(page, {}).get("p95_s")
            alone = run["alone"].get(page, {}).get("p50_s")
            ratios[page] = crowd / alone if crowd is not None and alone else None
        within = [p for p, x in ratios.items() if x is not None and x <= 2]
        measured = {p: x for p, x in ratios.items() if x is not None}
        figure = f"{len(within)} of {len(pages)} pages"
        if measured:
            worst = max(measured, key=measured.get)
            figure += f"; worst: {worst} {measured[worst]:.2f}x"
        unmeasured = [p for p, x in ratios.items() if x is None]
        if unmeasured:
            figure += f"; no crowd sample: {', '.join(unmeasured)}"
        rows.append(
            (
                f"{who}: p95 time to idle <= 2x one person, every page",
                figure,
                "met" if len(within) == len(pages) else "not met",
            )
        )
        errors = len(run["errors"])
        rows.append((f"{who}: 0 errors", str(errors), "met" if not errors else "not met"))
        rec, found = run["writes_recorded"], run["writes_found"]
        rows.append(
            (
                f"{who}: 0 lost writes",
                f"{rec} recorded, {found} found",
                "met" if rec == found else "not met",
            )
        )
    return rows


def load_targets(runs: list[dict]) -> list[str]:
    """The load rows of the targets, as bullet lines (for a load run printed on its own)."""
    return [f"- {t}: {v} ({f})" for t, f, v in load_target_rows(runs)]


# --- servers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(db_url: str, log: Path) -> Server:
    port = free_port()
    env = {**os.environ, "GFJ_DATABASE_URL": db_url}
    out = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "web/app.py"]
        + ["--server.headless", "true", "--server.address", "127.0.0.1"]
        + ["--server.port", str(port), "--server.fileWatcherType", "none"]
        + ["--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return Server(port, proc, log)
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"streamlit did not start; see {log}")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- the secretary --------------------------------------------------------------------------


def _held_meeting(engine) -> int:
    from sqlalchemy import select

    from gfj_core.db import session_scope
    from gfj_core.models import BoardMeeting

    with session_scope(engine) as s:
        return s.scalar(
            select(BoardMeeting.id)
            .where(BoardMeeting.status == "held")
            .order_by(BoardMeeting.held_on.desc())
        )


def count_marked_actions(engine) -> int:
    from sqlalchemy import func, select

    from gfj_core.db import session_scope
    from gfj_core.models import ActionItem

    with session_scope(engine) as s:
        return s.scalar(select(func.count()).where(ActionItem.title.like(f"{MARK} %")))


def _board_actor(engine):
    from sqlalchemy import select

    from gfj_core.db import session_scope
    from gfj_core.models import UserAccount
    from gfj_core.services.auth import actor_for

    with session_scope(engine) as s:
        return actor_for(s.scalar(select(UserAccount).where(UserAccount.role == "board")))


def secretary(engine, stop: threading.Event, every_s: float, today: date, errors: list) -> int:
    """Records an action item every `every_s` seconds until told to stop; returns how many
    were committed."""
    from gfj_core.db import session_scope
    from gfj_core.schemas.board import ActionItemCreate
    from gfj_core.services.board_meetings import add_action_item

    actor = _board_actor(engine)
    meeting = _held_meeting(engine)
    recorded = 0
    while not stop.wait(every_s):
        try:
            with session_scope(engine, write=True, actor=actor) as s:
                add_action_item(
                    s,
                    meeting,
                    ActionItemCreate(title=f"{MARK} {recorded + 1}", due_date=today),
                    actor=actor,
                    today=today,
                )
            recorded += 1
        except Exception as exc:  # reported, never raised: the run goes on
            errors.append(f"secretary: {type(exc).__name__}: {exc}")
    return recorded


# --- the board ------------------------------------------------------------------------------


@dataclass
class Reader:
    index: int
    base_url: str
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    in_presenter: bool = False
    visits: list[tuple[str, float, float]] = field(default_factory=list)  # page, start, seconds


async def _wait_idle(page) -> None:
    await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    await page.wait_for_function(NOT_BUSY, timeout=TIMEOUT_MS)


async def sign_in(page, base_url: str, username: str, password: str) -> None:
    """As tests/e2e/conftest.py: the form, then the cookie handoff, then the signed-in app."""
    await page.goto(base_url)
    await _wait_idle(page)
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password", exact=True).fill(password)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await page.get_by_test_id("stSidebarNav").wait_for(state="attached", timeout=TIMEOUT_MS)
    await _wait_idle(page)


async def open_page(reader: Reader, page, key: str) -> None:
    title, heading = PAGES[key]
    if reader.in_presenter:  # presenter mode hides the sidebar: leave by its operator's button
        await page.get_by_role("button", name="Operator").click()
        await page.get_by_test_id("stPopoverBody").last.wait_for(timeout=TIMEOUT_MS)
        await page.get_by_role("button", name="Leave presenter mode").click()
        await page.get_by_text("leadership transition").first.wait_for(timeout=TIMEOUT_MS)
        await _wait_idle(page)
        reader.in_presenter = False
    t0 = time.perf_counter()
    await page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
    await page.locator("h1").filter(has_text=heading).first.wait_for(timeout=TIMEOUT_MS)
    await _wait_idle(page)
    elapsed = time.perf_counter() - t0
    reader.in_presenter = key == "presenter"
    if await page.get_by_test_id("stException").count():
        reader.errors.append(f"reader {reader.index}: exception on {key}")
        return
    reader.samples.setdefault(key, []).append(elapsed)
    reader.visits.append((key, t0, elapsed))


async def signed_in_tab(browser, reader: Reader, user):
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    await sign_in(page, reader.base_url, *user)
    return context, page


async def first_visits(reader: Reader, page) -> None:
    """Each page once, starting where this member will start; a failure is counted."""
    keys = list(PAGES)
    for step in range(len(keys)):
        key = keys[(reader.index + step) % len(keys)]
        try:
            await open_page(reader, page, key)
        except Exception as exc:
            reader.errors.append(
                f"reader {reader.index} first visit of {key}: {type(exc).__name__}"
            )


async def board_member(
    reader: Reader, page, every_s: float, until: float, start_after_s: float = 0.0
) -> None:
    """Opens the next page every `every_s` seconds until `until`; each member starts on a
    different page, and a little after the one before (a room does not click in unison: the
    members' starts are spread over one period, so their clicks stay spread). A failure is
    counted, and the member starts again from a fresh tab."""
    keys = list(PAGES)
    step = reader.index
    await asyncio.sleep(start_after_s)
    while time.perf_counter() < until:
        started = time.perf_counter()
        key = keys[step % len(keys)]
        step += 1
        try:
            await open_page(reader, page, key)
        except Exception as exc:
            reader.errors.append(f"reader {reader.index} on {key}: {type(exc).__name__}")
            try:
                await page.goto(reader.base_url)  # the cookie signs the tab back in
                await _wait_idle(page)
            except Exception as again:
                reader.errors.append(f"reader {reader.index}: {type(again).__name__}")
                return
            reader.in_presenter = False
        await asyncio.sleep(max(0.0, every_s - (time.perf_counter() - started)))


async def _crowd(urls, readers, every_s, seconds, users, chromium, flags, on_crowd_start):
    """Returns (one person alone, the crowd, the crowd's seconds, the crowd's first visits)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=flags)
        # One person alone first: every page three times; the first round (cold) not counted.
        alone = Reader(-1, urls[0])
        context, page = await signed_in_tab(browser, alone, users[0])
        for _ in range(3):
            for key in PAGES:
                await open_page(alone, page, key)
        await context.close()
        alone.samples = {k: v[1:] for k, v in alone.samples.items()}
        # The crowd signs in first (one after another, as people arrive), then the clock starts.
        crowd = [Reader(i, urls[i % len(urls)]) for i in range(readers)]
        # Each member with their own account, as in a real meeting.
        tabs = [await signed_in_tab(browser, r, users[r.index % len(users)]) for r in crowd]
        # Then each tab opens every page once, one tab after another (people arriving), before
        # the clock starts, as the one person's first round is not counted either: a tab's
        # first visit of a page compiles that page's scripts (plotly, the data grid) in its own
        # renderer. Ten tabs doing it at once on two cores took over a minute for one visit.
        # Reported apart, as "first visits".
        for r, (_, page) in zip(crowd, tabs, strict=True):
            await first_visits(r, page)
        first: dict[str, list[float]] = {}
        for r in crowd:
            for key, times in r.samples.items():
                first.setdefault(key, []).extend(times)
            r.samples, r.visits = {}, []
        on_crowd_start()
        t0 = time.perf_counter()
        until = t0 + seconds
        await asyncio.gather(
            *(
                board_member(r, page, every_s, until, start_after_s=r.index * every_s / readers)
                for r, (_, page) in zip(crowd, tabs, strict=True)
            )
        )
        elapsed = time.perf_counter() - t0
        for context, _ in tabs:
            await context.close()
        await browser.close()
    return alone, crowd, elapsed, first


def run_load(
    setup: str,
    db_url: str,
    work: Path,
    *,
    servers: int = 1,
    readers: int = 10,
    seconds: float = 60,
    every_s: float = 5,
    write_every_s: float = 10,
    today: date,
    users=tuple((name, "bench-password") for name in BOARD_MEMBERS),
) -> dict:
    from bench.browser import FLAGS
    from gfj_core.db import get_engine

    chromium = os.environ.get("GFJ_CHROMIUM", "/usr/bin/chromium")
    engine = get_engine(db_url)
    found_before = count_marked_actions(engine)
    errors: list[str] = []
    stop = threading.Event()
    written: list[int] = []
    writer = threading.Thread(
        target=lambda: written.append(secretary(engine, stop, write_every_s, today, errors))
    )
    running = []
    try:
        running = [start_server(db_url, work / f"load-{setup}-{i}.log") for i in range(servers)]
        alone, crowd, crowd_seconds, first = asyncio.run(
            _crowd(
                [s.url for s in running],
                readers,
                every_s,
                seconds,
                users,
                chromium,
                FLAGS,
                writer.start,
            )
        )
        memory = [rss_mb(s.proc.pid) for s in running]
    finally:
        stop.set()
        if writer.is_alive():
            writer.join(timeout=30)
        for s in running:
            stop_server(s)
    for s in running:
        if "Traceback" in s.log.read_text(errors="replace"):
            errors.append(f"traceback in {s.log.name}")
    samples: dict[str, list[float]] = {}
    for r in crowd:
        errors.extend(r.errors)
        for page, times in r.samples.items():
            samples.setdefault(page, []).extend(times)
    errors.extend(alone.errors)
    return {
        "setup": setup,
        "servers": servers,
        "readers": readers,
        "seconds": crowd_seconds,
        "alone": summarise(alone.samples),
        "crowd": summarise(samples),
        "first": summarise(first),
        # Every crowd visit (reader, page, start in seconds from the first, time to idle), in
        # start order: the tail is what p95 reports, and these say whether it is one stall or a
        # queue (results-partial.json / results.json).
        "crowd_visits": _timeline(crowd),
        "errors": errors,
        "writes_recorded": written[0] if written else 0,
        "writes_found": count_marked_actions(engine) - found_before,
        "server_rss_mb": memory,
    }


def _timeline(crowd: list[Reader]) -> list[tuple[int, str, float, float]]:
    visits = [(r.index, page, t0, s) for r in crowd for page, t0, s in r.visits]
    first = min((v[2] for v in visits), default=0.0)
    return sorted(
        ((i, page, round(t0 - first, 2), round(s, 3)) for i, page, t0, s in visits),
        key=lambda v: v[2],
    )


def _advance_sequences(engine) -> None:
    """The synthetic rows carry their ids: move each serial sequence past them, or the first
    insert by the app would collide."""
    from sqlalchemy import text

    import gfj_core.models  # noqa: F401
    from gfj_core.models.base import Base

    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
                    )
                )


def on_postgresql(work: Path, *, scale: int, seconds: float, readers: int) -> dict:
    """The same load on a throwaway PostgreSQL cluster (tests/postgres/plugin.py), one server."""
    from bench import synth
    from gfj_core.db import get_engine, upgrade_database

    try:
        from tests.postgres.plugin import PgCluster

        cluster = PgCluster.start()
    except BaseException as exc:  # the plugin fails through pytest.fail: report, do not stop
        if isinstance(exc, KeyboardInterrupt):
            raise
        first = (str(exc).splitlines() or [""])[0][:100]
        return {"setup": "postgresql", "skipped": f"no cluster ({first})"}
    url = None
    try:
        url = cluster.url(cluster.new_database(prefix="bench"))
        upgrade_database(url)
        synth.build(get_engine(url), scale)
        _advance_sequences(get_engine(url))
        return run_load(
            "postgresql", url, work, servers=1, readers=readers, seconds=seconds, today=synth.TODAY
        )
    except Exception as exc:
        first = (str(exc).splitlines() or [""])[0][:100]  # one line: it goes into a table cell
        return {"setup": "postgresql", "skipped": f"{type(exc).__name__}: {first}"}
    finally:
        if url:
            get_engine(url).dispose()
        cluster.stop()
