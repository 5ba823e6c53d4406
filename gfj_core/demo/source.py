"""Where the demo organisation's source data lives and how a file of it is read: the one module
every area's loader imports (the package's __init__ imports the loaders, so they do not import
it back)."""

from __future__ import annotations

from pathlib import Path

import yaml

from gfj_core.settings import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
DEMO_PASSWORD_PREFIX = "demo-"


def read_yaml(name: str, demo_dir: Path = DEMO_DIR):
    return yaml.safe_load((demo_dir / name).read_text(encoding="utf-8"))
