"""A supporter's view of one organisation (issue 20): the shared vital few, read from the
scorecard snapshots the organisation keeps at each recorded board meeting, never recomputed.

Snapshots hold the board's privacy-mode tiles (aggregates, no names) plus, since issue 20, the
three vital-few figures that are not tiles of their own (`vital_rows`, written beside the tiles by
`board_meetings.snapshot_scorecard`). The supporter sees a figure only while the organisation
shares it; a revoke moves `portfolio_share`'s version, so the next click reads "not shared"."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.areas import reads
from gfj_core.errors import PermissionDenied
from gfj_core.metrics.lights import WORDS, Level, Light
from gfj_core.models import BoardMeeting, ScorecardSnapshot
from gfj_core.schemas.portfolio import PortfolioEntry, PortfolioFigures, SharedFigure
from gfj_core.services.sharing import SHAREABLE_FIGURES, open_share

# "The change since the last quarter": against the newest meeting at least this long before.
QUARTER_DAYS = 91


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


@reads("portfolio_share", "board_meeting", "scorecard_snapshot")
def portfolio_figures(session: Session, *, actor, today: date) -> PortfolioFigures | None:
    """The figures this organisation shares with the actor's supporter, as recorded with its
    latest held board meeting, with the change since the one a quarter earlier; None when it
    shares nothing with them."""
    require(actor, "portfolio.read")
    share = open_share(session, actor.supporter or "")
    if share is None:
        return None
    keys = share.figures
    meetings = session.execute(
        select(BoardMeeting.id, BoardMeeting.held_on)
        .where(BoardMeeting.status == "held", BoardMeeting.held_on <= today)
        .order_by(BoardMeeting.held_on)
    ).all()
    held = {m.id: m.held_on for m in meetings}
    snaps: dict[str, list[tuple[date, ScorecardSnapshot]]] = {k: [] for k in keys}
    if held:
        for s in session.scalars(
            select(ScorecardSnapshot).where(
                ScorecardSnapshot.meeting_id.in_(held), ScorecardSnapshot.tile_key.in_(keys)
            )
        ):
            snaps[s.tile_key].append((held[s.meeting_id], s))
    figures = []
    for key in keys:
        # Each figure as last recorded (a committee meeting may record only some), against its
        # own record at the newest meeting at least a quarter before that.
        rows = sorted(snaps[key], key=lambda r: r[0])
        latest, now = rows[-1] if rows else (None, None)
        before, then = next(
            ((d, s) for d, s in reversed(rows) if d <= latest - timedelta(days=QUARTER_DAYS)),
            (None, None),
        )
        value, change = (now.value if now else None), None
        text = now.value_text if now else "—"
        if key == "days_to_handover":
            # Counted down from the meeting to today; the change is how far the date moved.
            if value is not None:
                value = value - (today - latest).days
                text = f"{value:,.0f}"
            if now and then and now.value is not None and then.value is not None:
                change = (now.value + (latest - before).days) - then.value
        elif now and then and now.value is not None and then.value is not None:
            change = round(now.value - then.value, 2)
        figures.append(
            SharedFigure(
                key=key,
                label=SHAREABLE_FIGURES[key],
                value=value,
                value_text=text,
                light=_light(now.light if now else "none"),
                change=change,
                change_text=_change_text(key, change),
                recorded_on=latest,
                compared_on=before,
                trend=[(d, float(s.value)) for d, s in rows if s.value is not None],
            )
        )
    as_of = max((f.recorded_on for f in figures if f.recorded_on), default=None)
    compared = [f.compared_on for f in figures if f.recorded_on == as_of and f.compared_on]
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
