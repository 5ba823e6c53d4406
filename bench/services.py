"""Each board-level service against the equivalent single hand-written SQL query.

Areas register pairs with `pair(name, service_call, sql)`: service_call(session, actor) runs the
service; `sql` is one SQL statement (text) computing the same figures."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, text

from gfj_core.db import session_scope
from gfj_core.schemas.auth import Actor

REPEATS = 7


@dataclass
class Pair:
    name: str
    service_call: Callable
    sql: str
    params: dict


PAIRS: list[Pair] = []


def pair(name: str, service_call: Callable, sql: str, **params) -> None:
    PAIRS.append(Pair(name, service_call, sql, params))


def _median_time(fn) -> float:
    """Median CPU seconds of this process: SQLite runs in-process, so this is the service's and
    the query's own cost, steady on a machine shared with other work."""
    times = []
    for _ in range(REPEATS):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def time_services(engine: Engine, actor: Actor, only: set[str] | None = None) -> list[dict]:
    """`only`: names (or parts of names) of the pairs to time; all by default."""
    import bench.service_pairs  # noqa: F401  (registers the pairs)

    out = []
    for p in PAIRS:
        if only and not any(o in p.name for o in only):
            continue

        def run_service(p=p):
            with session_scope(engine) as s:
                p.service_call(s, actor)

        def run_sql(p=p):
            with engine.connect() as conn:
                conn.execute(text(p.sql), p.params).all()

        run_service(), run_sql()  # warm the connection pool and SQLite's page cache
        service_s, sql_s = _median_time(run_service), _median_time(run_sql)
        out.append(
            {
                "service": p.name,
                "service_s": service_s,
                "sql_s": sql_s,
                "ratio": service_s / sql_s if sql_s else None,
            }
        )
    return out
