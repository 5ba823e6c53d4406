"""Two more fictional organisations for the portfolio demo (issue 20), made from the one demo.

Each variant is the demo's own source files with different parameters: every real name replaced
by an invented one (nothing real is left), settings overridden, the plan moved later or its
early milestones left undone, month-end cash scaled. The same loaders read the result, and the
scorecard snapshots of every recorded meeting are then computed from the variant's own data
(the demo's hand-written ones describe the real organisation's story, so they are dropped)."""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml

from gfj_core.demo.source import DEMO_DIR

TODAY = date(2026, 11, 22)  # the demo's story is dated as of this day

# Every real name in the demo's files, and what the variants call them instead.
REAL_NAMES = ("The Gathering for Justice", "Harry Belafonte", "Carmen Perez-Jordan",
              "Justice League NYC", "Justice League CA", "gfj.example.org")  # fmt: skip


@dataclass(frozen=True)
class DemoVariant:
    key: str  # the organisation's name in the registry
    names: dict[str, str]  # REAL_NAMES -> invented
    settings: dict[str, object] = field(default_factory=dict)
    plan_shift_days: int = 0  # every phase and milestone date moved later
    undone: tuple[str, ...] = ()  # milestone keys not finished after all (so now late)
    cash_factor: Decimal = Decimal(1)  # month-end cash and investments scaled


VARIANTS: tuple[DemoVariant, ...] = (
    # Early in its transition: the plan was approved last month, the handover is two years away.
    DemoVariant(
        key="harbor-lights",
        names={
            "The Gathering for Justice": "Harbor Lights Youth Arts Collective (fictional)",
            "Harry Belafonte": "Odessa Lyle",
            "Carmen Perez-Jordan": "Renata Solís-Baker",
            "Justice League NYC": "Harbor Lights Boston",
            "Justice League CA": "Harbor Lights Providence",
            "gfj.example.org": "harborlights.example.org",
        },
        settings={
            "transition_start_date": date(2026, 10, 1),
            "planned_handover_date": date(2028, 9, 30),
        },  # fmt: skip
        plan_shift_days=122,
        cash_factor=Decimal("1.4"),
    ),
    # In trouble: early milestones never finished, cash down to a few weeks.
    DemoVariant(
        key="riverbend-commons",
        names={
            "The Gathering for Justice": "Riverbend Commons Legal Aid (fictional)",
            "Harry Belafonte": "Walter Amesbury",
            "Carmen Perez-Jordan": "Delphine Okonkwo-Reyes",
            "Justice League NYC": "Riverbend Tenant Clinic",
            "Justice League CA": "Riverbend Youth Court",
            "gfj.example.org": "riverbend.example.org",
        },
        settings={"planned_handover_date": date(2027, 3, 31)},
        undone=("emergency", "budget", "capacities", "inventory"),
        cash_factor=Decimal("0.12"),
    ),
)
VARIANT_BY_KEY = {v.key: v for v in VARIANTS}


def _replace_names(folder: Path, names: dict[str, str]) -> None:
    for path in folder.rglob("*"):
        if path.suffix not in {".yaml", ".csv", ".xml", ".md"}:
            continue
        text = path.read_text(encoding="utf-8")
        for real in REAL_NAMES:
            text = text.replace(real, names[real])
        path.write_text(text, encoding="utf-8")


def _shift(d, days: int):
    return d + timedelta(days=days) if isinstance(d, date) else d


def _plan(folder: Path, v: DemoVariant) -> None:
    path = folder / "plan.yaml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    for p in plan["phases"]:
        p["start"], p["end"] = (
            _shift(p["start"], v.plan_shift_days),
            _shift(p["end"], v.plan_shift_days),
        )
    for m in plan["milestones"]:
        m["baseline"] = [_shift(d, v.plan_shift_days) for d in m["baseline"]]
        m["forecast"] = [_shift(d, v.plan_shift_days) for d in m["forecast"]]
        if m["forecast"][0] > TODAY:
            m["status"] = "not_started"
        elif m["status"] == "done" and m["forecast"][1] > TODAY:
            m["status"] = "on_track"
        if m.get("key") in v.undone:
            m["status"] = "at_risk"  # its forecast finish has passed: late
    for c in plan.get("checklist", []):
        if v.plan_shift_days and c.get("due"):
            c["due"] = _shift(c["due"], v.plan_shift_days)
    path.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")


def _settings(folder: Path, v: DemoVariant) -> None:
    path = folder / "organisation.yaml"
    org = yaml.safe_load(path.read_text(encoding="utf-8"))
    org["settings"].update(v.settings)
    for p in org["people"]:
        p["fictional"] = True  # every person in a variant is invented
    path.write_text(yaml.safe_dump(org, sort_keys=False), encoding="utf-8")


def _cash(folder: Path, v: DemoVariant) -> None:
    path = folder / "finance" / "accounts.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for col in ("cash", "investments"):
            scaled = Decimal(r[col].replace(",", "")) * v.cash_factor
            r[col] = f"{scaled.quantize(Decimal('0.01'))}"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _meetings(folder: Path) -> None:
    path = folder / "board" / "meetings.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for m in doc["meetings"]:
        m.pop("snapshot", None)  # computed from the variant's own data after loading
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    # The audit history tells the real organisation's story (its dates, its people's edits).
    history = folder / "board" / "history.yaml"
    doc = yaml.safe_load(history.read_text(encoding="utf-8"))
    doc["changes"] = []
    history.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


@contextmanager
def variant_dir(v: DemoVariant) -> Iterator[Path]:
    """The demo's source files with the variant's parameters applied, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix=f"gfj-demo-{v.key}-") as tmp:
        folder = Path(tmp) / "demo"
        shutil.copytree(DEMO_DIR, folder)
        _replace_names(folder, v.names)
        _settings(folder, v)
        _plan(folder, v)
        _cash(folder, v)
        _meetings(folder)
        yield folder
