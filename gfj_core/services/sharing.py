"""Sharing aggregate figures with an outside supporter (issue 20): each organisation's decision.

The admin grants "share with this supporter" with a choice of the vital few figures (all of
them, aggregates only, by default) and revokes it; both are rows of `portfolio_share`, audited in
the same flush. A revoke takes effect at the supporter's next click: the supporter's cached
read is keyed on this table's version (`areas`), which the revoke's audit row moves."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.areas import reads
from gfj_core.errors import ValidationFailed
from gfj_core.models import PortfolioShare
from gfj_core.models.base import utcnow
from gfj_core.schemas.portfolio import (
    SHAREABLE_FIGURES,
    ShareGrant,
    ShareRead,
    ShareRevoke,
    SharingState,
)
from gfj_core.services.versioning import check_version

DEFAULT_FIGURES = tuple(SHAREABLE_FIGURES)


def _read(row) -> ShareRead:  # a PortfolioShare, or a row of its columns
    return ShareRead(
        id=row.id,
        supporter_key=row.supporter_key,
        supporter_name=row.supporter_name,
        figures=[k for k in row.figures.split(",") if k in SHAREABLE_FIGURES],
        granted_by=row.granted_by,
        granted_at=row.granted_at,
        revoked_by=row.revoked_by,
        revoked_at=row.revoked_at,
        version=row.version,
    )


def _open_share(session: Session, supporter_key: str) -> PortfolioShare | None:
    return session.scalars(
        select(PortfolioShare).where(
            PortfolioShare.supporter_key == supporter_key, PortfolioShare.revoked_at.is_(None)
        )
    ).first()


def open_share(session: Session, supporter_key: str) -> ShareRead | None:
    """The share in force for a supporter, if any (for the portfolio read, which checks the
    supporter's own permission). One indexed row, read without the ORM's identity map: a
    portfolio reads it from every organisation at every rerun."""
    row = session.execute(_OPEN_SHARE, {"key": supporter_key}).first()
    return _read(row) if row is not None else None


# Built once: a portfolio runs it for every organisation at every rerun.
_OPEN_SHARE = select(*PortfolioShare.__table__.columns).where(
    PortfolioShare.supporter_key == bindparam("key"), PortfolioShare.revoked_at.is_(None)
)


def shares_with_anyone(session: Session) -> bool:
    """Whether any share is in force (so the organisation's vital few are kept current)."""
    return (
        session.scalar(
            select(PortfolioShare.id).where(PortfolioShare.revoked_at.is_(None)).limit(1)
        )
        is not None
    )


def grant_sharing(
    session: Session, data: ShareGrant, *, actor, expected_version: int | None = None
) -> ShareRead:
    """Share the chosen figures with a supporter; a share already in force gets the new choice
    (refused when someone changed it since the form was drawn)."""
    require(actor, "sharing.manage")
    row = _open_share(session, data.supporter_key)
    figures = ",".join(data.figures)
    if row is None:
        row = PortfolioShare(
            supporter_key=data.supporter_key,
            supporter_name=data.supporter_name,
            figures=figures,
            granted_by=actor.username,
            granted_at=utcnow(),
        )
        session.add(row)
    else:
        check_version(session, row, expected_version, "share")
        row.figures = figures
        row.supporter_name = data.supporter_name
    session.flush()
    return _read(row)


def revoke_sharing(session: Session, data: ShareRevoke, *, actor) -> ShareRead:
    """Stop sharing with a supporter, from its next click on."""
    require(actor, "sharing.manage")
    row = _open_share(session, data.supporter_key)
    if row is None:
        raise ValidationFailed(
            "Nothing is shared with this supporter.", [("supporter", "not shared with")]
        )
    check_version(session, row, data.expected_version, "share")
    row.revoked_by = actor.username
    row.revoked_at = utcnow()
    session.flush()
    return _read(row)


@reads("portfolio_share")
def current_sharing(session: Session, *, actor) -> SharingState:
    """The shares in force, and the revoked ones (newest first), for the settings panel."""
    require(actor, "sharing.manage")
    rows = [
        _read(r)
        for r in session.scalars(
            select(PortfolioShare).order_by(PortfolioShare.granted_at.desc(), PortfolioShare.id)
        )
    ]
    return SharingState(
        current=[r for r in rows if r.revoked_at is None],
        past=[r for r in rows if r.revoked_at is not None],
    )
