"""Correcting a record that was added with a create schema (issue 15): one row edit carries the
fields that changed and the version the form loaded; the service lays the changes over the
record as it stands and validates the result with the record's own create schema, so a
correction obeys every rule an addition does (and no second copy of those rules exists)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, create_model


def changes_of(create: type[BaseModel], name: str, **extra: Any) -> type[BaseModel]:
    """The changes model of a create schema: each of its fields, optional and unchecked here
    (the merged record is checked by `create` itself), plus `extra` fields that only an edit
    has (e.g. `archived=(bool | None, None)`). `model_fields_set` says what was changed."""
    fields: dict[str, Any] = {field: (Any, None) for field in create.model_fields}
    fields.update(extra)
    return create_model(
        name,
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=True),
        **fields,
    )


class RowEdit(BaseModel):
    """One edited row of a table: its id, the version it was loaded at, and what changed (an
    instance of the entity's changes model)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    id: int
    expected_version: int
    changes: BaseModel
