"""All tables. Import every model module here so Alembic and create_all see the whole schema."""

from gfj_core.models.audit import AuditLog
from gfj_core.models.base import Base
from gfj_core.models.finance import Funder
from gfj_core.models.leadership import EmergingLeader, Mentorship
from gfj_core.models.org import Person, Setting, UserAccount
from gfj_core.models.transition import ChecklistItem, Milestone, Phase

__all__ = [
    "AuditLog",
    "Base",
    "ChecklistItem",
    "EmergingLeader",
    "Funder",
    "Mentorship",
    "Milestone",
    "Person",
    "Phase",
    "Setting",
    "UserAccount",
]
