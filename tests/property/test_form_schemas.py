"""Every form and import schema, fed hypothesis-generated input: each input is either accepted and
reads back the same, or refused with a message that names the field; never another exception.

The schemas are discovered: every pydantic model in gfj_core.schemas.* whose name says it is
input (…Create, …Update, …In, …Edit, …Save, …Set, …Batch, …Done, …Changes, …Score) and the
organisation settings. A new area's form schema is covered the moment it lands.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import gfj_core.schemas
from tests.property.strategies import model_input

INPUT_SUFFIXES = (
    "Create",
    "Update",
    "In",
    "Edit",
    "Save",
    "Set",
    "Batch",
    "Done",
    "Changes",
    "Score",
)
SETTINGS_MODELS = ("OrgSettings", "Band", "ReadinessIndexSettings")


def _input_models() -> list[type[BaseModel]]:
    found = {}
    for info in pkgutil.iter_modules(gfj_core.schemas.__path__):
        module = importlib.import_module(f"gfj_core.schemas.{info.name}")
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseModel)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
                and (name.endswith(INPUT_SUFFIXES) or name in SETTINGS_MODELS)
            ):
                found[f"{info.name}.{name}"] = obj
    return [found[k] for k in sorted(found)]


INPUT_MODELS = _input_models()


def test_the_foundation_schemas_are_among_those_checked():
    names = {m.__name__ for m in INPUT_MODELS}
    assert {"OrgSettings", "Band", "UserCreate"} <= names


def _field_words(model: type[BaseModel]) -> set[str]:
    """How a message may name a field: its name, alias, or the name in words."""
    words = set()
    for name, info in model.model_fields.items():
        words |= {name.lower(), name.replace("_", " ").lower()}
        if info.alias:
            words.add(info.alias.lower())
    return words


def _names_a_field(model: type[BaseModel], error: dict) -> bool:
    loc = [part for part in error["loc"] if isinstance(part, str)]
    if loc:
        return True  # pydantic's own location: the field (or a nested field) by name
    message = error["msg"].lower()
    return any(word in message for word in _field_words(model))


def _same(a, b) -> bool:
    """Equality that treats NaN as equal to itself (so only real changes count)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _has_non_finite(value) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_non_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_non_finite(v) for v in value)
    return False


@pytest.mark.parametrize("model", INPUT_MODELS, ids=lambda m: f"{m.__module__[17:]}.{m.__name__}")
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_input_is_accepted_and_reads_back_the_same_or_refused_naming_the_field(model, data):
    raw = data.draw(model_input(model), label="input")
    try:
        accepted = model.model_validate(raw)
    except ValidationError as exc:
        unnamed = [e for e in exc.errors() if not _names_a_field(model, e)]
        assert unnamed == [], f"refusal names no field: {unnamed}"
        return
    dumped = accepted.model_dump(mode="python", exclude_computed_fields=True)
    # A form's value never becomes NaN or infinity: those cannot be shown, summed or compared.
    assert not _has_non_finite(dumped), f"accepted a non-finite number: {dumped}"
    # Reads back the same: through JSON (what a cache, the database or an export holds) ...
    again = model.model_validate_json(accepted.model_dump_json(exclude_computed_fields=True))
    assert _same(again.model_dump(exclude_computed_fields=True), dumped)
    # ... and through its own dump, as a page's form round-trips it.
    assert _same(model.model_validate(dumped).model_dump(exclude_computed_fields=True), dumped)
