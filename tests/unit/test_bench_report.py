"""The benchmark's report: element counts of a floor spec and the targets verdict."""

from __future__ import annotations

from bench.__main__ import target_rows, targets
from bench.floor import count_elements


def test_element_counts_walk_blocks_in_the_main_area_and_the_sidebar():
    spec = {
        "main": {
            "kind": "block",
            "type": "main",
            "children": [
                {"kind": "title", "value": "T"},
                {
                    "kind": "block",
                    "type": "horizontal",
                    "children": [
                        {"kind": "block", "type": "column", "children": [{"kind": "metric"}]},
                        {"kind": "block", "type": "column", "children": [{"kind": "metric"}]},
                    ],
                },
                {"kind": "plotly_chart", "spec": {}},
            ],
        },
        "sidebar": {"kind": "block", "type": "sidebar", "children": [{"kind": "markdown"}]},
    }
    assert count_elements(spec) == {"title": 1, "metric": 2, "plotly_chart": 1, "markdown": 1}


def _page(name, warm, floor=None):
    return {"page": name, "warm_cpu_median_s": warm, "floor_warm_cpu_median_s": floor}


def test_the_verdict_names_the_pages_that_miss_each_target():
    results = {
        "scales": ["1", "100"],
        "builds": {"1": {"seconds": 3.0}, "100": {"seconds": 61.0}},
        "pages": {
            "1": [_page("A", 0.100), _page("B", 0.100)],
            # A: 150 ms <= 2 x 100 and <= 3 x 60 (180): meets both.
            # B: 300 ms > 2 x 100 (200) and > 3 x 50 (150): misses both.
            "100": [_page("A", 0.150, 0.060), _page("B", 0.300, 0.050)],
        },
        "services": [{"service": "x", "ratio": 1.4}, {"service": "y", "ratio": 1.6}],
        "browser": {"ratio": 1.2},
    }
    lines = targets(results)
    assert (
        "| every paired service <= 1.5x its hand-written SQL at 100x | 1 of 2 pairs; worst: y "
        "1.60x | not met |" in lines
    )
    assert "| board overview idle <= 1.5x a bare page (Chromium, 100x) | 1.20x | met |" in lines
    assert (
        "| page warm rerun at 100x <= 2x at 1x (no worse than today) | 1 of 2 pages; worst: B "
        "3.00x | not met |" in lines
    )
    assert (
        "| page warm rerun <= 3x Streamlit's floor at 100x | 1 of 2 pages; worst: B 6.00x "
        "| not met |" in lines
    )
    assert "| 100x build < 60 s (no worse than today) | 61.0 s wall, 0.0 s CPU | not met |" in lines
    assert (
        "| ten people at once: p95 <= 2x one person, 0 errors, 0 lost writes | — "
        "| not measured |" in lines
    )
    assert lines[0].endswith("1 of 5 measured targets met")


def test_a_partial_run_says_what_it_did_not_measure():
    results = {
        "scales": ["100"],
        "builds": {},
        "pages": {"100": []},
        "services": [{"service": "x", "ratio": 1.4}],
        "browser": None,
        "load": [],
    }
    verdicts = {t: v for t, _, v in target_rows(results)}
    assert verdicts["every paired service <= 1.5x its hand-written SQL at 100x"] == "met"
    assert [v for v in verdicts.values() if v != "not measured"] == ["met"]


def test_percentiles_are_nearest_rank_and_none_without_samples():
    from bench.load import percentile

    times = [0.1 * i for i in range(1, 21)]  # 0.1 .. 2.0
    assert percentile(times, 50) == times[9]
    assert percentile(times, 95) == times[18]
    assert percentile([0.3], 95) == 0.3
    assert percentile([], 50) is None


def _load_run(setup="sqlite", crowd_p95=0.9, errors=(), recorded=6, found=6):
    from bench.load import summarise

    return {
        "setup": setup,
        "readers": 10,
        "seconds": 60.0,
        "alone": summarise({"overview": [0.5, 0.5], "finances": [0.4, 0.4], "meetings": [0.3]}),
        "crowd": {
            "overview": {"n": 40, "p50_s": 0.6, "p95_s": crowd_p95},
            "finances": {"n": 30, "p50_s": 0.5, "p95_s": 1.2},
        },
        "first": summarise({"overview": [2.5, 1.5]}),
        "errors": list(errors),
        "writes_recorded": recorded,
        "writes_found": found,
        "server_rss_mb": [250.0, 240.4],
    }


def test_the_load_table_shows_each_page_against_one_person_and_the_writes():
    from bench.load import load_table

    lines = load_table([_load_run(), {"setup": "postgresql", "skipped": "no cluster"}])
    assert "| sqlite | overview | 500 | 40 | 600 | 900 | 1.80 | 2500 |" in lines
    assert "| sqlite | finances | 400 | 30 | 500 | 1200 | 3.00 | — |" in lines
    assert "| sqlite | meetings | 300 | 0 | — | — | — | — |" in lines  # every crowd visit failed
    assert "| postgresql | skipped: no cluster | | | | | | |" in lines
    assert "| sqlite | 10 x 60 | 0 | 6 | 6 | 250 + 240 |" in lines


def test_the_load_verdict_names_slow_pages_errors_and_lost_writes():
    from bench.load import load_targets

    lines = load_targets([_load_run(errors=["reader 3 on finances: TimeoutError"], found=5)])
    assert (
        "- ten people at once, sqlite: p95 time to idle <= 2x one person, every page: not met "
        "(1 of 3 pages; worst: finances 3.00x; no crowd sample: meetings)" in lines
    )
    assert "- ten people at once, sqlite: 0 errors: not met (1)" in lines
    assert "- ten people at once, sqlite: 0 lost writes: not met (6 recorded, 5 found)" in lines


def test_a_quiet_load_run_meets_its_targets():
    from bench.load import load_target_rows

    run = _load_run()
    run["crowd"]["meetings"] = {"n": 20, "p50_s": 0.3, "p95_s": 0.5}
    run["crowd"]["finances"] = {"n": 30, "p50_s": 0.5, "p95_s": 0.7}
    assert [v for _, _, v in load_target_rows([run])] == ["met", "met", "met"]
