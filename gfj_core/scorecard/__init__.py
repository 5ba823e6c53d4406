"""The board scorecard as a registry of tile providers, one module per area.

An area module declares the service it reads (`REQUIRES = "gfj_core.services.finance"`) and
registers its tiles with @tile and its readiness-index components with @component. When the
required service is not importable (the area is not built yet) the whole module is skipped:
its tiles are absent and its index components are left out, never faked.

A provider is `fn(ctx) -> Tile | None`; `ctx` carries the session, the as-of date, the actor,
the organisation settings, the foundation overview and a per-build memo so a tile and an index
component share one service call.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from gfj_core.schemas.board import Tile
from gfj_core.schemas.overview import BoardOverview
from gfj_core.schemas.settings import OrgSettings
from gfj_core.scorecard.index import ComponentScore

log = logging.getLogger(__name__)

# The index, seven area figures and the backups light.
MAX_TILES = 9

# Area modules in scorecard order. Adding an area = adding its module here.
AREA_MODULES: tuple[tuple[str, str], ...] = (
    ("transition", "gfj_core.scorecard.transition"),
    ("leadership", "gfj_core.scorecard.leadership"),
    ("finance", "gfj_core.scorecard.finance"),
    ("continuity", "gfj_core.scorecard.continuity"),
    ("engagement", "gfj_core.scorecard.engagement"),
    ("operations", "gfj_core.scorecard.operations"),
)

AREA_TITLES = {
    "transition": "Transition plan",
    "leadership": "Leadership pipeline",
    "finance": "Financial health",
    "continuity": "Continuity and knowledge",
    "engagement": "Community engagement",
    "operations": "Backups",
}


@dataclass
class ScorecardContext:
    session: Session
    as_of: date
    actor: Any
    settings: OrgSettings
    overview: BoardOverview
    privacy: bool = False
    _memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, fn: Callable[[], Any]) -> Any:
        """Call an area service once per scorecard build."""
        if key not in self._memo:
            self._memo[key] = fn()
        return self._memo[key]


TileFn = Callable[[ScorecardContext], Tile | None]
ComponentFn = Callable[[ScorecardContext], ComponentScore | None]


@dataclass
class AreaModule:
    area: str
    module: str
    tiles: list[TileFn]
    components: dict[str, ComponentFn]
    available: bool
    reason: str | None = None


def tile(fn: TileFn) -> TileFn:
    """Mark a function as a tile provider of its module."""
    fn.__scorecard_tile__ = True
    return fn


def component(key: str) -> Callable[[ComponentFn], ComponentFn]:
    """Mark a function as the provider of one readiness-index component."""

    def mark(fn: ComponentFn) -> ComponentFn:
        fn.__scorecard_component__ = key
        return fn

    return mark


def service_available(spec: str) -> tuple[bool, str | None]:
    """Is `package.module[:attribute]` importable? A missing module is 'not built yet'; a module
    that exists but fails to import is reported (and skipped, so the board's home still opens)."""
    module, _, attr = spec.partition(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return False, "not built yet"
        log.warning("scorecard: %s failed to import: %s", module, exc)
        return False, f"could not be loaded ({exc})"
    except Exception as exc:  # a half-written area must not take the board's home page down
        log.warning("scorecard: %s failed to import: %s", module, exc)
        return False, f"could not be loaded ({type(exc).__name__})"
    if attr:
        for name in attr.split(","):
            if not hasattr(mod, name.strip()):
                return False, f"its service has no {name.strip()}()"
    return True, None


def load_area(area: str, module: str) -> AreaModule:
    mod = importlib.import_module(module)
    requires: str | None = getattr(mod, "REQUIRES", None)
    available, reason = service_available(requires) if requires else (True, None)
    tiles = [v for v in vars(mod).values() if getattr(v, "__scorecard_tile__", False)]
    components = {
        v.__scorecard_component__: v
        for v in vars(mod).values()
        if getattr(v, "__scorecard_component__", None)
    }
    return AreaModule(area, module, tiles, components, available, reason)


def areas() -> list[AreaModule]:
    return [load_area(area, module) for area, module in AREA_MODULES]
