"""The board scorecard as a registry of tile providers, one module per area.

An area module declares the service it reads (`REQUIRES = "gfj_core.services.finance_measures"`) and
registers its tiles with @tile and its readiness-index components with @component. When the
required service cannot be imported, or a provider raises, the board sees an error tile in its
place ("this figure could not be computed"; the cause is in the server log) and the index
leaves the component out, naming why: a fault is never a silent gap or a faked figure.

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


def service_failure(spec: str) -> str | None:
    """Why `package.module[:attribute, ...]` cannot serve the scorecard, or None when it can.
    Every area is built: a module that does not import, or lacks what the tiles call, is a
    fault to show on the board's screen and in the server log, never a silent gap."""
    module, _, attr = spec.partition(":")
    try:
        mod = importlib.import_module(module)
    except Exception as exc:
        log.exception("scorecard: %s failed to import", module)
        return f"{module} failed to import ({type(exc).__name__})"
    missing = [n.strip() for n in attr.split(",") if attr and not hasattr(mod, n.strip())]
    if missing:
        log.error("scorecard: %s has no %s", module, ", ".join(missing))
        return f"{module} has no {', '.join(missing)}()"
    return None


def load_area(area: str, module: str) -> AreaModule:
    mod = importlib.import_module(module)
    requires: str | None = getattr(mod, "REQUIRES", None)
    reason = service_failure(requires) if requires else None
    available = reason is None
    tiles = [v for v in vars(mod).values() if getattr(v, "__scorecard_tile__", False)]
    components = {
        v.__scorecard_component__: v
        for v in vars(mod).values()
        if getattr(v, "__scorecard_component__", None)
    }
    return AreaModule(area, module, tiles, components, available, reason)


def areas() -> list[AreaModule]:
    return [load_area(area, module) for area, module in AREA_MODULES]


def band_words(band, show: Callable[[float], str] = lambda v: f"{v:g}") -> str:
    """How a light is read from its band, in words, matching gfj_core.metrics.lights.light_for:
    the threshold beside the figure in every drill-down."""
    a, r = show(band.amber), show(band.red)
    if band.higher_is_better:
        if band.inclusive:
            return f"Threshold: Healthy above {a}; Watch at {a} or below; Act at {r} or below."
        return f"Threshold: Healthy at {a} or more; Watch below {a}; Act below {r}."
    if band.inclusive:
        return f"Threshold: Healthy below {a}; Watch at {a} or more; Act at {r} or more."
    return f"Threshold: Healthy at {a} or less; Watch above {a}; Act above {r}."


def who(ctx: ScorecardContext, name: str | None, *, none: str = "none named") -> str:
    """A person's name in a drill-down; in privacy mode (the shared screen, the packet) only
    whether someone is named, since the people may include emerging leaders."""
    if not name:
        return none
    return "named" if ctx.privacy else name
