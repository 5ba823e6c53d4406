"""Server-side sign-in sessions: what the browser's session cookie points at.

The cookie holds a random token; only its sha256 is stored, so a copy of the database (a backup,
a leaked file) cannot be replayed as anyone's session. A session starts "pending": it has a
short-lived, single-use handoff nonce and no token yet. The /auth/session route redeems the
nonce for the token and sets the cookie, so the long-lived token never passes through the
Streamlit script, its websocket or a URL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gfj_core.models.base import Base, utcnow
from gfj_core.models.org import UserAccount


class UserSession(Base):
    __tablename__ = "user_session"
    # Not audited: last_seen_at moves every minute someone is active, and every audit row bumps
    # the data version that invalidates every cached read (ui/data.py).
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True, nullable=False)
    # sha256 hex of the cookie's token; NULL until the handoff is redeemed.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    # sha256 hex of the single-use handoff nonce; cleared when redeemed.
    handoff_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    handoff_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    # The absolute end: created_at + the lifetime, however active the person is.
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Why it ended ("signed out", "signed out everywhere", ...), shown at the next click.
    end_reason: Mapped[str | None] = mapped_column(String(40))

    user: Mapped[UserAccount] = relationship()
