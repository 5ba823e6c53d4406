"""`python -m bench [--scales 1,10,100] [--no-browser]`: build synthetic organisations, time every
page against its floor, every board-level service against hand-written SQL, and the board
overview in Chromium; write bench/results.json and print a markdown table."""

from __future__ import annotations

import os

# AppTest outside a server logs a line per cache; keep the report readable.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

import argparse
import json
import platform
import time
from importlib.metadata import version
from pathlib import Path

import streamlit as st
from sqlalchemy import select

from bench import browser, pages, services, synth
from gfj_core.access import Role
from gfj_core.db import get_engine, session_scope, upgrade_database
from gfj_core.models import UserAccount
from gfj_core.services.auth import actor_for
from gfj_core.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results.json"


def build_scale(scale: int) -> tuple[str, float, dict]:
    path = WORK / f"scale-{scale}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    t0 = time.perf_counter()
    upgrade_database(url)
    s = synth.build(get_engine(url), scale)
    with get_engine(url).begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return url, time.perf_counter() - t0, s.counts


def actors(url: str) -> dict[Role, object]:
    with session_scope(get_engine(url)) as s:
        return {Role(u.role): actor_for(u) for u in s.scalars(select(UserAccount))}


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "streamlit": version("streamlit"),
        "sqlalchemy": version("sqlalchemy"),
        "plotly": version("plotly"),
    }


def table(results: dict) -> str:
    lines = []
    scales = results["scales"]
    lines.append("| scale | build (s) | rows |")
    lines.append("|---|---|---|")
    for sc in scales:
        rows = sum(results["builds"][sc]["counts"].values())
        lines.append(f"| {sc}x | {results['builds'][sc]['seconds']:.1f} | {rows:,} |")
    lines.append("")
    head = "| page | " + " | ".join(f"warm {sc}x (ms)" for sc in scales)
    head += f" | first {scales[-1]}x (ms) | floor {scales[-1]}x (ms) | warm {scales[-1]}x / 1x | warm / floor | peak MB |"
    lines.append(head)
    lines.append("|" + "---|" * (len(scales) + 6))
    by_page: dict[str, dict] = {}
    for sc in scales:
        for r in results["pages"][sc]:
            by_page.setdefault(r["page"], {})[sc] = r
    for name, per in by_page.items():
        last = per.get(scales[-1], {})
        if "error" in last:
            lines.append(f"| {name} | error: {last['error'][:80]} |")
            continue
        warms = [per.get(sc, {}).get("warm_median_s") for sc in scales]
        cells = " | ".join("—" if w is None else f"{w * 1000:.0f}" for w in warms)
        growth = (warms[-1] / warms[0]) if warms[0] and warms[-1] else None
        over_floor = last["warm_median_s"] / last["floor_warm_median_s"]
        lines.append(
            f"| {name} | {cells} | {last['first_s'] * 1000:.0f} | "
            f"{last['floor_warm_median_s'] * 1000:.0f} | "
            f"{'—' if growth is None else f'{growth:.2f}'} | {over_floor:.2f} | "
            f"{last['peak_mem_mb_cold_run']:.1f} |"
        )
    lines.append("")
    lines.append(f"| service at {scales[-1]}x | service (ms) | hand-written SQL (ms) | ratio |")
    lines.append("|---|---|---|---|")
    for r in results["services"]:
        lines.append(
            f"| {r['service']} | {r['service_s'] * 1000:.1f} | {r['sql_s'] * 1000:.1f} | "
            f"{r['ratio']:.2f} |"
        )
    if results.get("browser"):
        b = results["browser"]
        lines.append("")
        lines.append(
            f"Chromium time to idle at {scales[-1]}x: board overview "
            f"{b['overview_idle_s'] * 1000:.0f} ms, bare page {b['bare_idle_s'] * 1000:.0f} ms, "
            f"ratio {b['ratio']:.2f}"
        )
    m = results["machine"]
    lines.append("")
    lines.append(
        f"Machine: {m['platform']}, {m['cpus']} CPUs, Python {m['python']}, "
        f"Streamlit {m['streamlit']}, SQLAlchemy {m['sqlalchemy']}"
    )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    scales = [int(x) for x in args.scales.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "machine": machine(),
        "scales": [str(s) for s in scales],
        "builds": {},
        "pages": {},
        "services": [],
        "browser": None,
    }
    url = ""
    for scale in scales:
        url, seconds, counts = build_scale(scale)
        print(f"built {scale}x in {seconds:.1f}s", flush=True)
        results["builds"][str(scale)] = {"seconds": seconds, "counts": counts}
        os.environ["GFJ_DATABASE_URL"] = url
        get_settings.cache_clear()
        st.cache_data.clear()
        st.cache_resource.clear()
        results["pages"][str(scale)] = pages.time_all_pages(actors(url), WORK)
        print(f"timed pages at {scale}x", flush=True)
    results["services"] = services.time_services(get_engine(url), actors(url)[Role.admin])
    if not args.no_browser:
        results["browser"] = browser.time_to_idle(url)
    RESULTS.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
