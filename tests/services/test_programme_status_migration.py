"""Migration 0018: an active programme becomes maintained, an inactive one closed; the way
down gives the flag back from the status."""

from alembic import command
from sqlalchemy import create_engine, text

from gfj_core.db import alembic_config
from tests.conftest import sqlite_url

INSERT = (
    "INSERT INTO programme (id, name, annual_cost_cents, active, version, created_at, "
    "updated_at) VALUES (:id, :name, 100, :active, 1, '2026-01-01', '2026-01-01')"
)


def test_active_becomes_maintained_and_inactive_becomes_closed_and_back(tmp_path):
    url = sqlite_url(tmp_path / "m.db")
    command.upgrade(alembic_config(url), "0017")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(INSERT), [
                {"id": 1, "name": "Running", "active": True},
                {"id": 2, "name": "Stopped", "active": False},
            ])  # fmt: skip
        command.upgrade(alembic_config(url), "0018")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, status, status_on FROM programme ORDER BY id"))
            assert [tuple(r) for r in rows] == [(1, "maintained", None), (2, "closed", None)]
        command.downgrade(alembic_config(url), "0017")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, active FROM programme ORDER BY id"))
            assert [tuple(r) for r in rows] == [(1, 1), (2, 0)]
    finally:
        engine.dispose()
