"""Production settings in .streamlit/config.toml (see the comments there for why)."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit/config.toml").read_text())


def test_xsrf_and_cors_protection_are_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True


def test_users_never_see_tracebacks_or_developer_tools():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_no_reload_on_save_and_no_telemetry():
    assert CONFIG["server"]["runOnSave"] is False
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_no_full_garbage_collection_after_every_click():
    """gc.collect(2) after each run walked every cached answer: a quarter second per click at
    100x, and a queue for everyone when ten people click at once."""
    assert CONFIG["runner"]["postScriptGC"] is False
