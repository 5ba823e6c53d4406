"""Several people editing at once on one SQLite file: nothing lost, nobody told "database is
locked".

1. Eight threads, 200 read-modify-write operations each, through session_scope(write=True):
   the totals are exact.
2. Two real `streamlit run` processes on one database file, each saving through the pages'
   write path (ui.data.write) with the version check a form uses: every save lands once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.models import AuditLog, Person, UserAccount
from gfj_core.schemas.auth import SYSTEM
from tests import factories as f
from tests.conftest import bare_actor

pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parents[2]
THREADS, OPERATIONS = 8, 200


def _account(s, username: str) -> UserAccount:
    """A sign-in account used as a counter (no password: hashing is slow and beside the point)."""
    who = f.person(s)
    account = UserAccount(username=username, role="staff", person_id=who.id, password_hash=None)
    s.add(account)
    s.flush()
    return account


def test_eight_threads_of_read_modify_write_end_with_exact_totals(empty_db):
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        counter_id = _account(s, "counter").id
        per_thread_ids = [_account(s, f"own{i}").id for i in range(THREADS)]
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(i: int) -> None:
        actor = bare_actor(Role.admin, user_id=100 + i)
        try:
            start.wait()
            for n in range(OPERATIONS):
                with session_scope(empty_db, write=True, actor=actor) as s:
                    shared = s.get(UserAccount, counter_id)
                    seen = shared.failed_logins  # read ...
                    shared.failed_logins = seen + 1  # ... modify, write back
                    own = s.get(UserAccount, per_thread_ids[i])
                    own.failed_logins = own.failed_logins + 1
                    s.add(Person(full_name=f"thread {i} op {n}"))
        except BaseException as exc:  # noqa: BLE001 - every failure is reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert [repr(e) for e in errors] == []
    with session_scope(empty_db) as s:
        shared = s.get(UserAccount, counter_id)
        assert shared.failed_logins == THREADS * OPERATIONS
        assert shared.version == 1 + THREADS * OPERATIONS
        assert [s.get(UserAccount, i).failed_logins for i in per_thread_ids] == [OPERATIONS] * 8
        assert s.scalar(select(func.count()).select_from(Person)) == 9 + THREADS * OPERATIONS
        # Every save left its audit row, each recording the value it replaced.
        changes = s.execute(
            select(AuditLog.old_value, AuditLog.new_value).where(
                AuditLog.entity == "user_account",
                AuditLog.entity_id == str(counter_id),
                AuditLog.field == "failed_logins",
            )
        ).all()
    assert sorted(int(new) for _, new in changes) == list(range(1, THREADS * OPERATIONS + 1))
    assert all(int(new) == int(old) + 1 for old, new in changes)


# ---------------------------------------------------------------------------------------------
# Two streamlit processes

SAVES_PER_PROCESS = 25

# A tiny Streamlit script run with `streamlit run`: on load it makes SAVES_PER_PROCESS saves the
# way a page's form does (read the record in one session, save through ui.data.write with the
# version it read; on StaleEdit re-read and save again, as a person would), then says DONE.
WRITER_APP = textwrap.dedent(
    """
    import os
    import streamlit as st
    from gfj_core.errors import StaleEdit
    from gfj_core.db import session_scope
    from gfj_core.models import UserAccount
    from gfj_core.schemas.auth import SYSTEM
    from gfj_core.services.versioning import check_version
    from ui.data import write
    from ui.state import engine

    COUNTER = int(os.environ["GFJ_TEST_COUNTER_ID"])
    SAVES = int(os.environ["GFJ_TEST_SAVES"])
    NAME = os.environ["GFJ_TEST_WRITER"]


    def bump(session, *, expected_version, seen, actor):
        user = session.get(UserAccount, COUNTER)
        check_version(session, user, expected_version, "counter")
        user.failed_logins = seen + 1


    saved = refused = 0
    while saved < SAVES:
        with session_scope(engine()) as s:  # the form loads the record
            user = s.get(UserAccount, COUNTER)
            version, seen = user.version, user.failed_logins
        try:
            write(bump, SYSTEM, expected_version=version, seen=seen)
            saved += 1
        except StaleEdit:
            refused += 1
    st.write(f"DONE {NAME} saved={saved} refused={refused}")
    """
)


def _start(app: Path, db_url: str, port: int, env_extra: dict, log: Path) -> subprocess.Popen:
    env = {**os.environ, "GFJ_DATABASE_URL": db_url, "PYTHONPATH": str(ROOT), **env_extra}
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true"]
        + ["--server.address", "127.0.0.1", "--server.port", str(port)]
        + ["--global.developmentMode", "false", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def _wait_healthy(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")


def _drive_browsers(urls: list[str], results: dict) -> None:
    """Open every server's page at once in one Chromium (in its own thread: Playwright's sync
    API must not share a thread with pytest-playwright's event loop)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_FLAGS, chromium_path

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            pages = [browser.new_page() for _ in urls]
            for page, url in zip(pages, urls, strict=True):
                page.goto(url, wait_until="commit")
            for page, url in zip(pages, urls, strict=True):
                page.get_by_text("DONE").wait_for(timeout=90_000)
                results[url] = page.get_by_text("DONE").inner_text()
            browser.close()
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        results["error"] = exc


@pytest.mark.e2e
def test_two_streamlit_processes_saving_to_one_file_lose_nothing(empty_db, tmp_path):
    from tests.e2e.conftest import free_port

    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        counter_id = _account(s, "counter").id
    db_url = str(empty_db.url)
    app = tmp_path / "writer_app.py"
    app.write_text(WRITER_APP)
    ports = [free_port(), free_port()]
    procs, logs = [], []
    try:
        for i, port in enumerate(ports):
            log = tmp_path / f"server{i}.log"
            env = {
                "GFJ_TEST_COUNTER_ID": str(counter_id),
                "GFJ_TEST_SAVES": str(SAVES_PER_PROCESS),
                "GFJ_TEST_WRITER": f"writer{i}",
            }
            procs.append(_start(app, db_url, port, env, log))
            logs.append(log)
        for port, proc, log in zip(ports, procs, logs, strict=True):
            _wait_healthy(port, proc, log)
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        results: dict = {}
        driver = threading.Thread(target=_drive_browsers, args=(urls, results))
        driver.start()
        driver.join(180)
        assert "error" not in results, results.get("error")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    for url, log in zip(urls, logs, strict=True):
        assert f"saved={SAVES_PER_PROCESS}" in results[url], results
        text = log.read_text()
        assert "database is locked" not in text and "Traceback" not in text, text[-2000:]
    with session_scope(empty_db) as s:
        counter = s.get(UserAccount, counter_id)
        saves = s.scalar(
            select(func.count()).where(
                AuditLog.entity == "user_account",
                AuditLog.entity_id == str(counter_id),
                AuditLog.field == "failed_logins",
            )
        )
    assert counter.failed_logins == 2 * SAVES_PER_PROCESS
    assert saves == 2 * SAVES_PER_PROCESS
