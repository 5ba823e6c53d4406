"""The benchmark's report: element counts of a floor spec and the targets verdict."""

from __future__ import annotations

from bench.__main__ import targets
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
    assert "- warm 100x <= 2 x warm 1x: 1 of 2 pages (not: B)" in lines
    assert "- warm <= 3 x floor: 1 of 2 pages (not: B)" in lines
    assert "- service <= 1.5 x SQL: 1 of 2 services" in lines
    assert "- overview idle <= 1.5 x bare page: True" in lines
    assert "- 100x build < 60 s: False (61.0 s wall, 0.0 s CPU)" in lines
