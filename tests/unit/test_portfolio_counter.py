"""The portfolio's cache key on PostgreSQL trusts that every counted table carries migration
0027's trigger: the migration's frozen list and the code's list must be the same tables."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from gfj_core.tenancy.models import COUNTED_TABLES

MIGRATION = Path(__file__).parents[2] / "migrations/versions/0027_portfolio_version_trigger.py"


def test_every_counted_table_gets_the_counter_trigger():
    spec = importlib.util.spec_from_file_location("m0027", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(module.TABLES) == set(COUNTED_TABLES)
