"""What removing a row of the transition plan takes with it, said before anyone confirms.

Nothing else points at a phase's milestones, a checklist item, an emergency-plan function, a
knowledge-register row or a relationship (the audit trail keeps their history by entity and id,
not by a foreign key), so they are deleted rather than archived. What belongs only to the row
goes with it (a milestone's dependency links and recorded date changes, who can do a function)
and the confirmation names it; what still points at the row (a phase's milestones) refuses the
removal with a message saying what to do first. The deletions themselves are the services'
`delete_*` functions (timeline, checklist, continuity), which check the same things again."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound
from gfj_core.models import (
    BackupFunction,
    ChecklistItem,
    KeyRelationship,
    KnowledgeCapability,
    KnowledgeFunction,
    Milestone,
    MilestoneDateChange,
    MilestoneDependency,
    Phase,
)


class Removal(BaseModel):
    """One row's removal as the confirmation says it."""

    entity: str
    id: int
    version: int
    name: str
    # What is deleted with the row, in words ("its 2 dependency links").
    goes_with: list[str] = []
    # Why it cannot be deleted now, and what to do first; None when it can.
    blocked_by: str | None = None


# entity -> (model, the attribute that names a row, what a row is called)
_MODELS = {
    "phase": (Phase, "name", "phase"),
    "milestone": (Milestone, "title", "milestone"),
    "checklist_item": (ChecklistItem, "title", "checklist item"),
    "backup_function": (BackupFunction, "name", "priority function"),
    "knowledge_function": (KnowledgeFunction, "name", "function"),
    "key_relationship": (KeyRelationship, "name", "relationship"),
}


def _count(session: Session, *conditions) -> int:
    return session.scalar(select(func.count()).where(*conditions)) or 0


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def removal_consequences(session: Session, entity: str, entity_id: int, *, actor) -> Removal:
    """What deleting `entity` row `entity_id` removes with it, or why it cannot be removed."""
    require(actor, "transition.write")
    model, name_attr, what = _MODELS[entity]
    row = session.get(model, entity_id)
    if row is None:
        raise NotFound(f"No {what} with id {entity_id}.")
    out = Removal(entity=entity, id=row.id, version=row.version, name=getattr(row, name_attr))
    if entity == "phase":
        held = _count(session, Milestone.phase_id == row.id)
        if held:
            out.blocked_by = (
                f"“{row.name}” still holds {_plural(held, 'milestone', 'milestones')}: move them "
                "to another phase or delete them first."
            )
    elif entity == "milestone":
        links = _count(
            session,
            or_(
                MilestoneDependency.milestone_id == row.id,
                MilestoneDependency.depends_on_id == row.id,
            ),
        )
        changes = _count(session, MilestoneDateChange.milestone_id == row.id)
        if links:
            out.goes_with.append(f"its {_plural(links, 'dependency link', 'dependency links')}")
        if changes:
            out.goes_with.append(
                f"its {_plural(changes, 'recorded date change', 'recorded date changes')}"
            )
    elif entity == "knowledge_function":
        people = _count(session, KnowledgeCapability.function_id == row.id)
        if people:
            out.goes_with.append(f"who can do it ({_plural(people, 'person', 'people')} recorded)")
    return out
