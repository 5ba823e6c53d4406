"""A supporter's view of one organisation (issue 20): the shared vital few as they stand now,
with the change since the board meeting a quarter before.

Each organisation keeps its vital few in `vital_figure`, one row per figure, refreshed by
`gfj_core.derived` in the transaction of every write that changes what they are computed from
(an imported month, a milestone, a rating, a recorded meeting): `current_vital_figures` is the
computation (the board's privacy-mode scorecard, so aggregates only), `refresh_vital_figures`
writes it, and `portfolio_figures` is the supporter's read: the share in force (the sharing
decision, `services.sharing`) and the rows of the figures it shares, nothing else. So a bad month
is red at the supporter's next click, and a portfolio of 200 organisations reads 200 x 6 rows,
never a scorecard. The board meetings' scorecard snapshots are the history: the change and the
trend are counted against them."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from gfj_core.access import Role, require
from gfj_core.areas import reads, versioned_by
from gfj_core.errors import PermissionDenied
from gfj_core.metrics.lights import WORDS, Level, Light
from gfj_core.models import BoardMeeting, ScorecardSnapshot, VitalFigure
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import Actor
from gfj_core.schemas.portfolio import PortfolioEntry, PortfolioFigures, SharedFigure
from gfj_core.services.sharing import SHAREABLE_FIGURES, open_share, shares_with_anyone

# "The change since the last quarter": against the newest meeting at least this long before.
QUARTER_DAYS = 91

# Whose view the figures are: the board's own, in privacy mode (what a supporter may see is
# never more than a board member in privacy mode would).
BOARD_VIEW = Actor(
    user_id=None, username="system", role=Role.board, person_id=None,
    display_name="The board's privacy-mode view",
)  # fmt: skip


def vital_rows(session: Session, card, *, actor) -> list[tuple[str, str, float | None, str, str]]:
    """(tile key, label, value, text, light) of the vital few that are not scorecard tiles, as of
    the card's day, for the meeting's snapshot: days to handover, milestones slipped (forecast
    past the board-approved date, late or not, with the schedule's light) and months of cash."""
    o = card.overview
    rows: list[tuple[str, str, float | None, str, str]] = []
    days = o.days_to_handover
    rows.append(
        (
            "days_to_handover",
            SHAREABLE_FIGURES["days_to_handover"],
            None if days is None else float(days),
            "—" if days is None else f"{days:,}",
            Level.none.value,
        )
    )
    rows.append(
        (
            "milestones_slipped",
            SHAREABLE_FIGURES["milestones_slipped"],
            float(o.milestones.slipped),
            f"{o.milestones.slipped} of {o.milestones.total}",
            o.lights["milestones"].level.value,
        )
    )
    from gfj_core.services.finance_measures import finance_board_figures

    try:
        f = finance_board_figures(session, today=o.today, actor=actor)
    except PermissionDenied:
        f = None
    fig = f.figures.get("months_of_cash") if f is not None and f.as_of is not None else None
    if fig is not None and fig.value is not None:
        rows.append(
            (
                "months_of_cash",
                SHAREABLE_FIGURES["months_of_cash"],
                round(fig.value, 2),
                f"{fig.value:.1f}",
                fig.light.level.value,
            )
        )
    return rows


def _light(level: str) -> Light:
    lv = Level(level) if level in Level.__members__ else Level.none
    return Light(level=lv, word=WORDS[lv])


def _change_text(key: str, change: float | None) -> str:
    if change is None:
        return "—"
    if key == "days_to_handover":
        if round(change) == 0:
            return "date unchanged"
        return f"date {abs(change):,.0f} d {'later' if change > 0 else 'earlier'}"
    shown = {"months_of_cash": f"{change:+.1f}", "founder_dependent_gifts": f"{change:+.0f} pts"}
    text = shown.get(key, f"{change:+.0f}")
    return "no change" if text.lstrip("+-").split(" ")[0].strip("0.") == "" else text


def with_history(
    key: str, value: float | None, as_of: date, records: list[tuple[date, float | None]]
) -> tuple[float | None, date | None, list[tuple[date, float]]]:
    """(change, compared on, trend) of a figure standing at `value` on `as_of`, given its records
    at the held board meetings (date, value), oldest first: the change is against its record at
    the newest meeting at least a quarter before `as_of` (days to handover: how far the date
    moved); the trend is its value at each meeting before `as_of`, then now."""
    before = [(d, v) for d, v in records if d < as_of]
    then_on, then = next(
        ((d, v) for d, v in reversed(before) if d <= as_of - timedelta(days=QUARTER_DAYS)),
        (None, None),
    )
    change = None
    if value is not None and then is not None:
        if key == "days_to_handover":
            change = (value + (as_of - then_on).days) - then
        else:
            change = round(value - then, 2)
    trend = [(d, float(v)) for d, v in before if v is not None]
    if value is not None:
        trend.append((as_of, float(value)))
    return change, then_on, trend


def _figures_now(session: Session, *, actor, today: date) -> dict[str, tuple]:
    """key -> (label, value, text, light) of the vital few today, from the privacy-mode
    scorecard (three are its tiles) and `vital_rows` (the other three)."""
    from gfj_core.services.overview import board_scorecard

    card = board_scorecard(session, today=today, actor=actor, privacy=True)
    now = {
        t.key: (t.label, t.value, t.value_text, t.light.level.value)
        for t in card.tiles
        if t.key in SHAREABLE_FIGURES
    }
    for key, label, value, text, light in vital_rows(session, card, actor=actor):
        now[key] = (label, value, text, light)
    return now


@reads(
    "setting", "phase", "milestone", "milestone_dependency", "checklist_item", "person",
    "emerging_leader", "monthly_account", "gift", "funder", "knowledge_function",
    "knowledge_capability", "backup_function", "key_relationship", "community_programme",
    "community_event", "board_meeting", "scorecard_snapshot", "audit_log",
)  # fmt: skip
def current_vital_figures(session: Session, *, actor, today: date) -> list[SharedFigure]:
    """Every one of the vital few as it stands `today` in `actor`'s view (the refresh uses
    BOARD_VIEW), with its change and trend against the board meetings' snapshots. Its declared
    tables are also the writes that refresh it (`gfj_core.derived`)."""
    now = _figures_now(session, actor=actor, today=today)
    held = dict(
        session.execute(
            select(BoardMeeting.id, BoardMeeting.held_on).where(
                BoardMeeting.status == "held", BoardMeeting.held_on <= today
            )
        ).all()
    )
    records: dict[str, list[tuple[date, float | None]]] = {k: [] for k in SHAREABLE_FIGURES}
    if held:
        for meeting_id, key, value in session.execute(
            select(ScorecardSnapshot.meeting_id, ScorecardSnapshot.tile_key, ScorecardSnapshot.value)
            .where(
                ScorecardSnapshot.meeting_id.in_(list(held)),
                ScorecardSnapshot.tile_key.in_(list(SHAREABLE_FIGURES)),
            )
        ):  # fmt: skip
            records[key].append((held[meeting_id], value))
    out = []
    for key, label in SHAREABLE_FIGURES.items():
        label, value, text, light = now.get(key, (label, None, "—", Level.none.value))
        change, compared_on, trend = with_history(
            key, value, today, sorted(records[key], key=lambda r: r[0])
        )
        out.append(
            SharedFigure(
                key=key, label=label, value=value, value_text=text, light=_light(light),
                change=change, change_text=_change_text(key, change), recorded_on=today,
                compared_on=compared_on, trend=trend,
            )
        )  # fmt: skip
    return out


def refresh_vital_figures(session: Session, *, today: date | None = None) -> None:
    """Write the vital few as they stand today (called by `gfj_core.derived` before a write
    commits, and by `gfj init`); nothing is kept for an organisation that shares with no one."""
    if not shares_with_anyone(session):
        session.execute(delete(VitalFigure))
        return
    figures = current_vital_figures(session, actor=BOARD_VIEW, today=today or date.today())
    rows = {r.key: r for r in session.scalars(select(VitalFigure))}
    for f in figures:
        row = rows.pop(f.key, None) or VitalFigure(key=f.key)
        row.label, row.value, row.value_text, row.light = (
            f.label, f.value, f.value_text, f.light.level.value,
        )  # fmt: skip
        row.as_of, row.change, row.compared_on = f.recorded_on, f.change, f.compared_on
        row.trend = json.dumps([[d.isoformat(), v] for d, v in f.trend])
        row.refreshed_at = utcnow()
        session.add(row)
    for stale in rows.values():  # a figure no longer in the catalogue
        session.delete(stale)
    session.flush()


def _shared(key: str, row, today: date) -> SharedFigure:  # row: vital_figure's columns
    if row is None:  # shared, but not computed yet (an upgrade before any write)
        return SharedFigure(
            key=key, label=SHAREABLE_FIGURES[key], value=None, value_text="—",
            light=_light("none"), change=None, change_text="—", trend=[],
        )  # fmt: skip
    value, text = row.value, row.value_text
    if key == "days_to_handover" and value is not None:
        # Counted down from the day it was computed to today.
        value = value - (today - row.as_of).days
        text = f"{value:,.0f}"
    return SharedFigure(
        key=key, label=row.label, value=value, value_text=text, light=_light(row.light),
        change=row.change, change_text=_change_text(key, row.change), recorded_on=row.as_of,
        compared_on=row.compared_on,
        trend=[(date.fromisoformat(d), v) for d, v in json.loads(row.trend)],
    )  # fmt: skip


# Built once: the portfolio runs it for every organisation at every rerun.
_SHARED_ROWS = select(*VitalFigure.__table__.columns).where(
    VitalFigure.key.in_(bindparam("keys", expanding=True))
)


# What portfolio_figures' answer is made of, cheap to read for 200 organisations at once (two
# tiny tables a schema; the audit trail's index cost twice as much): every grant adds a share
# row and every change bumps its version, so the first sum grows at each (a revoke is seen at the
# next click even if the refresh after it failed); every refresh rewrites each figure's
# refreshed_at, or deletes them all.
PORTFOLIO_VERSION = (
    "SELECT (SELECT count(*) + coalesce(sum(version), 0) FROM {schema}portfolio_share) AS shares,"
    " (SELECT max(refreshed_at) FROM {schema}vital_figure) AS refreshed"
)


@reads("portfolio_share", "vital_figure")
@versioned_by(PORTFOLIO_VERSION)
def portfolio_figures(session: Session, *, actor, today: date) -> PortfolioFigures | None:
    """The figures this organisation shares with the actor's supporter, as they stand now, with
    the change since the board meeting a quarter before; None when it shares nothing with them.
    Two indexed reads: the share in force, and the rows of the figures it names."""
    require(actor, "portfolio.read")
    share = open_share(session, actor.supporter or "")
    if share is None:
        return None
    rows = {r.key: r for r in session.execute(_SHARED_ROWS, {"keys": share.figures})}
    figures = [_shared(key, rows.get(key), today) for key in share.figures]
    as_of = max((f.recorded_on for f in figures if f.recorded_on), default=None)
    compared = [f.compared_on for f in figures if f.compared_on]
    return PortfolioFigures(as_of=as_of, compared_with=max(compared, default=None), figures=figures)


def sort_portfolio(entries: list[PortfolioEntry]) -> list[PortfolioEntry]:
    """Who needs help first: most red lights, then most amber, then by name."""

    def amber(e: PortfolioEntry) -> int:
        return sum(1 for f in e.figures.figures if f.light.level == Level.amber)

    return sorted(entries, key=lambda e: (-e.figures.red_lights, -amber(e), e.name.lower()))


def portfolio_columns(entries: list[PortfolioEntry]) -> list[str]:
    """The figure keys shown side by side: every figure some organisation shares, in catalogue
    order (an organisation that does not share one shows "not shared")."""
    shared = {f.key for e in entries for f in e.figures.figures}
    return [k for k in SHAREABLE_FIGURES if k in shared]
