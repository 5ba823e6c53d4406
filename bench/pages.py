"""Timing pages and their floors in AppTest."""

from __future__ import annotations

import json
import os
import statistics
import time
import tracemalloc
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.floor import capture, count_elements
from gfj_core.access import PAGES, PageSpec, Role
from gfj_core.schemas.auth import Actor
from ui.state import ACTOR_KEY

ROOT = Path(__file__).resolve().parents[1]
WARM_RUNS = 5
ROLE_PREFERENCE = (Role.board, Role.ceo, Role.treasurer, Role.admin, Role.mentor, Role.staff)


def viewer_for(spec: PageSpec) -> Role:
    return next(r for r in ROLE_PREFERENCE if r in spec.roles)


def _timed_run(at: AppTest) -> float:
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0


def time_page(spec: PageSpec, actor: Actor, work: Path) -> dict:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state[ACTOR_KEY] = actor
    at.run()
    st.cache_data.clear()  # the home page's run must not warm this page's reads
    at.switch_page(spec.path)
    first = _timed_run(at)
    if at.exception:
        return {"page": spec.title, "error": str(at.exception[0].value)[:300]}
    warm = [_timed_run(at) for _ in range(WARM_RUNS)]
    floor_spec = capture(at)
    spec_path = work / f"floor-{spec.key}.json"
    spec_path.write_text(json.dumps(floor_spec, default=str), encoding="utf-8")
    floor_first, floor_warm = time_floor(spec_path)
    st.cache_data.clear()
    tracemalloc.start()
    at.run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "page": spec.title,
        "viewer": actor.role.value,
        "first_s": first,
        "warm_median_s": statistics.median(warm),
        "floor_first_s": floor_first,
        "floor_warm_median_s": floor_warm,
        "elements": count_elements(floor_spec),
        "peak_mem_mb_cold_run": peak / 2**20,
    }


def time_floor(spec_path: Path) -> tuple[float, float]:
    os.environ["GFJ_FLOOR_SPEC"] = str(spec_path)
    at = AppTest.from_file(str(ROOT / "bench" / "floor_app.py"), default_timeout=300)
    first = _timed_run(at)
    warm = [_timed_run(at) for _ in range(WARM_RUNS)]
    return first, statistics.median(warm)


def time_all_pages(actors: dict[Role, Actor], work: Path) -> list[dict]:
    results = []
    for spec in PAGES:
        role = viewer_for(spec)
        results.append(time_page(spec, actors[role], work))
    return results
