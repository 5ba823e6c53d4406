"""Whose answer a read is: one person's, or the same for everyone in a role.

Many reads answer differently for different people of one role (a mentor's own mentees, the
items due to the person signed in), so a read is computed and cached for the signed-in person
by default. A service whose answer depends on the viewer's role alone says so with
`@same_for_role`; it is then computed for, and cached under, the role alone (`viewer`), so the
ten board members in a meeting share one computation of the scorecard after each write instead
of making ten.

The role-alone viewer has no person and no account, so a declared service cannot hand one
person's view to another: at worst it answers as nobody in particular. The declarations are
checked: tests/services/test_viewers.py computes every declared service for people of each role
that may read it and for the role alone, and requires the same answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gfj_core.areas import service_name
from gfj_core.schemas.auth import Actor

F = TypeVar("F", bound=Callable)

_SAME_FOR_ROLE: set[str] = set()


def same_for_role(fn: F) -> F:
    """Declare that `fn`'s answer depends on the viewer's role only, never on who they are."""
    _SAME_FOR_ROLE.add(service_name(fn))
    return fn


def declared() -> frozenset[str]:
    """The services declared with @same_for_role (module:function)."""
    return frozenset(_SAME_FOR_ROLE)


def role_alone(actor: Actor) -> Actor:
    """The viewer `actor` is for a service declared the same for the whole role."""
    return Actor(
        user_id=None,
        username=f"any {actor.role.value}",
        role=actor.role,
        person_id=None,
        display_name=f"Any {actor.role.value}",
        supporter=actor.supporter,  # a portfolio account reads one supporter's organizations
    )


def viewer(service: Callable, actor: Actor) -> Actor:
    """Whom `service` is computed and cached for when `actor` reads it."""
    return role_alone(actor) if service_name(service) in _SAME_FOR_ROLE else actor
