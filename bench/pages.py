"""Timing pages and their floors in AppTest."""

from __future__ import annotations

import json
import os
import statistics
import time
import tracemalloc
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.floor import capture, count_elements
from gfj_core.access import PAGES, PageSpec, Role
from gfj_core.schemas.auth import Actor
from ui.data import clear_reads
from ui.state import ACTOR_KEY

ROOT = Path(__file__).resolve().parents[1]
WARM_RUNS = 5
ROLE_PREFERENCE = (Role.board, Role.ceo, Role.treasurer, Role.admin, Role.mentor, Role.staff)


def viewer_for(spec: PageSpec) -> Role:
    return next(r for r in ROLE_PREFERENCE if r in spec.roles)


def _timed_run(at: AppTest) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process). AppTest runs the script in a thread of this
    process, so the CPU time is the page's own cost, whatever else the machine is doing."""
    t0, c0 = time.perf_counter(), time.process_time()
    at.run()
    return time.perf_counter() - t0, time.process_time() - c0


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def time_page(spec: PageSpec, actor: Actor, work: Path, with_floor: bool = True) -> dict:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state[ACTOR_KEY] = actor
    at.run()
    clear_reads()  # the home page's run must not warm this page's reads
    at.switch_page(spec.path)
    first = _timed_run(at)
    if at.exception:
        exc = at.exception[0]
        return {
            "page": spec.title,
            "error": str(exc.value)[:300],
            "trace": list(exc.stack_trace)[-12:],
        }
    warm = [_timed_run(at) for _ in range(WARM_RUNS)]
    floor_spec = capture(at)
    floor_first = floor_warm = (None, None)
    if with_floor:  # the floor is compared at the largest scale only (see bench/__main__.py)
        spec_path = work / f"floor-{spec.key}.json"
        spec_path.write_text(json.dumps(floor_spec, default=str), encoding="utf-8")
        floor_first, floor_warm = time_floor(spec_path)
    peak = None
    if with_floor:  # tracemalloc slows a run several times: measured at the largest scale only
        clear_reads()
        tracemalloc.start()
        at.run()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    warm_wall, warm_cpu = _medians(warm)
    return {
        "page": spec.title,
        "viewer": actor.role.value,
        "first_s": first[0],
        "first_cpu_s": first[1],
        "warm_median_s": warm_wall,
        "warm_cpu_median_s": warm_cpu,
        "floor_first_s": floor_first[0],
        "floor_warm_median_s": floor_warm[0],
        "floor_warm_cpu_median_s": floor_warm[1],
        "elements": count_elements(floor_spec),
        "peak_mem_mb_cold_run": None if peak is None else peak / 2**20,
    }


def time_floor(spec_path: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """((wall, CPU) of the first run, (wall, CPU) medians of the warm reruns)."""
    os.environ["GFJ_FLOOR_SPEC"] = str(spec_path)
    at = AppTest.from_file(str(ROOT / "bench" / "floor_app.py"), default_timeout=300)
    first = _timed_run(at)
    warm = [_timed_run(at) for _ in range(WARM_RUNS)]
    return first, _medians(warm)


def time_all_pages(
    actors: dict[Role, Actor], work: Path, with_floor: bool = True, only: set[str] | None = None
) -> list[dict]:
    """Time every page, or only those whose key or title (lower-case) is in `only`."""
    results = []
    for spec in PAGES:
        if only and spec.key.lower() not in only and spec.title.lower() not in only:
            continue
        if not spec.roles & set(ROLE_PREFERENCE):
            continue  # the supporter's portfolio spans organisations: `--only portfolio`
        role = viewer_for(spec)
        results.append(time_page(spec, actors[role], work, with_floor))
        print(f"  {spec.title}: {_brief(results[-1])}", flush=True)
    return results


def _brief(r: dict) -> str:
    if "error" in r:
        return "error: " + r["error"][:120] + "\n    " + "\n    ".join(r.get("trace", []))
    floor = r["floor_warm_median_s"]
    return f"first {r['first_s'] * 1000:.0f} ms, warm {r['warm_median_s'] * 1000:.0f} ms" + (
        "" if floor is None else f", floor {floor * 1000:.0f} ms"
    )
