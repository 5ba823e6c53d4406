"""The isolation test (issue 20): markers in one organisation's restricted data (the leak test's
markers, tests/markers.py) never appear for any role of another organisation, through every
service view the marker test collects; on SQLite files and on PostgreSQL schemas (--postgres).

The marked organisation is the default one; the other is a second demo organisation added
beside it. The control (the marked organisation's own roles do find the markers) keeps the test
able to fail."""

from __future__ import annotations

from gfj_core import tenancy
from gfj_core.demo import load_demo
from tests.conftest import demo_actor
from tests.markers import ALLOWED, USERS
from tests.services.test_visibility_markers import service_views


def test_no_marker_of_one_organisation_reaches_any_role_of_another(marked):
    other = tenancy.add_organisation("Riverside Tenants Union")
    other_engine = tenancy.engine_for(other)
    load_demo(other_engine)

    leaks = []
    for role, username in USERS.items():
        views = service_views(other_engine, demo_actor(other_engine, username))
        assert views, f"{role} of the other organisation reached no view: nothing was checked"
        for name, text in views.items():
            leaks.extend(
                f"{m} reaches {role} of {other.slug} via {name}" for m in ALLOWED if m in text
            )
    assert leaks == []

    # Control: in the marked organisation, every marker is found by a role allowed to see it.
    found = {
        role: service_views(marked, demo_actor(marked, USERS[role]))
        for role in {r for allowed in ALLOWED.values() for r in allowed}
    }
    missing = [
        m
        for m, allowed in ALLOWED.items()
        if not any(m in t for r in allowed for t in found[r].values())
    ]
    assert missing == []
