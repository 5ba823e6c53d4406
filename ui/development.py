"""A piece the Manage the pipeline and Leader development pages share: removing a record
recorded by mistake (through the one removal panel)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.schemas.development import RecordRemoval
from ui.removal import Removal, removal_panel


def record_removal(
    key: str,
    records: Mapping[int, tuple[str, int]],
    service: Callable,
    actor,
    *,
    what: str,
    entity: str,
    finder: str | None = None,
) -> None:
    """Remove one record (id -> (label, version)) recorded by mistake, or see its History.
    Nothing points at these records, so they are deleted; the confirmation names the record and
    says that nothing else goes with it, and the record's History keeps what it held."""
    if not records:
        return
    article = "an" if what[0] in "aeiou" else "a"
    with st.expander(f"Remove {article} {what} recorded by mistake, or see its history"):
        removal_panel(
            key,
            options={i: label for i, (label, _) in records.items()},
            removal=lambda i: Removal(
                said=f"Remove **{md(records[i][0])}**? Nothing else goes with it; its history "
                "keeps what it held.",
                args={"data": RecordRemoval(id=i, expected_version=records[i][1])},
                done=lambda removed: f"Removed the {what} “{md(removed)}”.",
            ),
            service=service,
            actor=actor,
            what=what,
            verb="Remove",
            history=entity,
            finder=finder,
        )
