"""The headless interface: `gfj ...`. User errors print one line on stderr and exit 2.

Each area adds its commands in a module of this package, imported at the bottom.
"""

from __future__ import annotations

# Command modules register themselves on the apps above.
from gfj_core.cli import (  # noqa: F401
    board,
    core,
    evaluation,
    finance,
    leadership,
    notify,
    orgs,
    people,
    portfolio,
    trust,
)
from gfj_core.cli.base import UserError, app, fail, main  # noqa: F401  (the `gfj` entry point)
