"""`python -m bench.profile --page "Presenter mode" --scale 100 [--runs 5] [--cprofile]`:
profile warm AppTest reruns of one page on the bench database of that scale, as bench/pages.py
times them (the page opened once, then rerun), and print where the time goes.

The database is bench/.work/scale-N.db, built by `python -m bench` (or here with --build when it
is missing). pyinstrument is used when installed, cProfile otherwise (or with --cprofile)."""

from __future__ import annotations

import os

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from bench import pages
from gfj_core.access import PAGES
from gfj_core.settings import get_settings
from ui.data import clear_reads
from ui.state import ACTOR_KEY

WORK = Path(__file__).resolve().parent / ".work"


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.profile")
    ap.add_argument("--page", required=True, help="page title or key")
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cprofile", action="store_true")
    ap.add_argument("--build", action="store_true", help="build the database if missing")
    ap.add_argument("--limit", type=int, default=45, help="cProfile rows to print")
    ap.add_argument(
        "--reads", action="store_true", help="time each cached read (ui.data.read) instead"
    )
    ap.add_argument(
        "--time",
        action="store_true",
        help="only time the warm reruns, uninstrumented (median CPU ms, as bench/pages.py)",
    )
    args = ap.parse_args()
    path = WORK / f"scale-{args.scale}.db"
    if not path.exists():
        if not args.build:
            raise SystemExit(f"{path} is missing: run `python -m bench` or pass --build")
        from bench.__main__ import build_scale

        WORK.mkdir(parents=True, exist_ok=True)
        build_scale(args.scale)
    url = f"sqlite:///{path}"
    os.environ["GFJ_DATABASE_URL"] = url
    get_settings.cache_clear()
    from bench.__main__ import actors

    for want in [x.strip().lower() for x in args.page.split(",") if x.strip()]:
        spec = next(p for p in PAGES if want in (p.key.lower(), p.title.lower()))
        at = open_page(spec, actors(url)[pages.viewer_for(spec)])
        if args.time:
            time_runs(at, spec.title, args.scale, args.runs)
        elif args.reads:
            time_reads(at, spec.title, args.scale, args.runs)
        else:
            profile_runs(at, spec.title, args)


def open_page(spec, actor) -> AppTest:
    at = AppTest.from_file(str(pages.ROOT / "app.py"), default_timeout=300)
    at.session_state[ACTOR_KEY] = actor
    at.run()
    clear_reads()
    at.switch_page(spec.path)
    at.run()
    if at.exception:
        raise SystemExit(str(at.exception[0].value))
    at.run()  # one warm rerun before measuring
    return at


def profile_runs(at: AppTest, title: str, args) -> None:
    times = []
    use_pyi = not args.cprofile
    try:
        from pyinstrument import Profiler
    except ImportError:
        use_pyi = False
    sessions: list = []
    stats: list[cProfile.Profile] = []
    original = LocalScriptRunner._run_script_thread

    def profiled(self) -> None:  # the script runs in a thread of its own each run
        if use_pyi:
            prof = Profiler(interval=0.0005, async_mode="disabled")
            prof.start()
            try:
                original(self)
            finally:
                sessions.append(prof.stop())
        else:
            prof = cProfile.Profile(time.thread_time)
            prof.enable()
            try:
                original(self)
            finally:
                prof.disable()
                stats.append(prof)

    LocalScriptRunner._run_script_thread = profiled
    for _ in range(args.runs):
        c0 = time.process_time()
        at.run()
        times.append(time.process_time() - c0)
    LocalScriptRunner._run_script_thread = original
    if use_pyi:
        from pyinstrument.renderers import ConsoleRenderer
        from pyinstrument.session import Session

        combined = sessions[0]
        for s in sessions[1:]:
            combined = Session.combine(combined, s)
        print(ConsoleRenderer(unicode=True, color=False, show_all=False).render(combined))
    else:
        ps = pstats.Stats(stats[0])
        for p in stats[1:]:
            ps.add(p)
        ps.sort_stats("cumulative").print_stats(args.limit)
    print(
        f"{title} at {args.scale}x: warm CPU per run (profiled) "
        + ", ".join(f"{t * 1000:.0f}" for t in times)
        + " ms"
    )


def time_runs(at: AppTest, title: str, scale: int, runs: int) -> None:
    """Warm CPU per rerun with nothing instrumented: the figure bench/pages.py reports."""
    import statistics

    cpu = []
    for _ in range(runs):
        c0 = time.process_time()
        at.run()
        cpu.append(time.process_time() - c0)
    print(
        f"{title} at {scale}x: warm CPU median {statistics.median(cpu) * 1000:.0f} ms "
        f"({', '.join(f'{t * 1000:.0f}' for t in cpu)})",
        flush=True,
    )


def time_reads(at: AppTest, title: str, scale: int, runs: int) -> None:
    """CPU time of each cached read per warm rerun (a cache hit still unpickles the answer)."""
    import pickle
    from collections import defaultdict

    import ui.data

    spent: dict[str, float] = defaultdict(float)
    sizes: dict[str, int] = {}
    original = ui.data.read

    def timed(service, actor, **kwargs):
        c0 = time.thread_time()
        out = original(service, actor, **kwargs)
        name = getattr(service, "__name__", str(service))
        spent[name] += time.thread_time() - c0
        sizes[name] = len(pickle.dumps(out))
        return out

    ui.data.read = timed
    total = 0.0
    for _ in range(runs):
        c0 = time.process_time()
        at.run()
        total += time.process_time() - c0
    ui.data.read = original
    print(f"{title} at {scale}x: warm CPU {total / runs * 1000:.0f} ms per run; reads:")
    for name, t in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {t / runs * 1000:7.1f} ms  {sizes[name] / 1024:8.1f} KiB  {name}")


if __name__ == "__main__":
    main()
