""" "Since last meeting": what changed between the previous board meeting and today, read from
the audit trail (one indexed range of audit_log), plus the scorecard lights that changed since
the figures recorded with that meeting.

Privacy mode (presenter mode, the packet) reports readiness changes as counts, never by name;
no note of any kind is ever part of the digest.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.formatting import fmt_date
from gfj_core.metrics.lights import WORDS, Level
from gfj_core.models import (
    ActionItem,
    AuditLog,
    BoardMeeting,
    ChecklistItem,
    EmergingLeader,
    Milestone,
    Person,
    ScorecardSnapshot,
)
from gfj_core.schemas.board import Digest, DigestItem, DigestSection
from gfj_core.services.board_meetings import last_held_meeting
from gfj_core.visibility import (
    milestones_visible,
    sees_checklist_items,
    sees_hidden_milestones,
    sees_leaders_by_name,
)

# The mentoring area's table of sessions (issue 3); counted from audit inserts, never read.
SESSION_ENTITY = "mentoring_session"
RATING_ENTITY = "readiness_rating"
READINESS_WORDS = {
    "ready_now": "ready now",
    "ready_1_2_years": "ready in 1-2 years",
    "ready_3_plus_years": "ready in 3+ years",
    None: "not rated",
}
READINESS_RANK = {"ready_3_plus_years": 1, "ready_1_2_years": 2, "ready_now": 3}

# The (entity, field) pairs the digest reads row by row; everything else is counted or ignored.
WATCHED = (
    ("milestone", "status"),
    ("milestone", "forecast_finish"),
    ("checklist_item", "status"),
    ("emerging_leader", "readiness"),
)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _fmt(d: date | None) -> str:
    return fmt_date(d)


def _window(since: date | None, until: date) -> tuple[datetime | None, datetime]:
    # Changes made on the meeting day were known at the meeting: start the next day.
    start = datetime.combine(since, time.max) if since else None
    return start, datetime.combine(until, time.max)


def _changes(session: Session, start: datetime | None, end: datetime):
    """The watched audit rows in the window, oldest first (uses ix_audit_at)."""
    watched = or_(*(and_(AuditLog.entity == e, AuditLog.field == f) for e, f in WATCHED))
    q = select(
        AuditLog.at,
        AuditLog.entity,
        AuditLog.entity_id,
        AuditLog.field,
        AuditLog.old_value,
        AuditLog.new_value,
    ).where(AuditLog.at <= end, AuditLog.action == "update", watched)
    if start is not None:
        q = q.where(AuditLog.at > start)
    return session.execute(q.order_by(AuditLog.at, AuditLog.id)).all()


def _visible_milestone_titles(session: Session, ids: set[str], actor) -> dict[str, str]:
    """Titles of the milestones among `ids` this actor may see; the others are left out of the
    digest altogether (rows and counts), as on the timeline."""
    if not ids:
        return {}
    rows = session.execute(
        select(Milestone.id, Milestone.title).where(
            Milestone.id.in_([int(i) for i in ids]), milestones_visible(actor)
        )
    ).all()
    return {str(i): t for i, t in rows}


def _milestone_sections(session, rows, until: date, actor) -> tuple[DigestSection, DigestSection]:
    done_rows = [r for r in rows if r.entity == "milestone" and r.field == "status"]
    moved = [r for r in rows if r.entity == "milestone" and r.field == "forecast_finish"]
    titles = _visible_milestone_titles(session, {r.entity_id for r in done_rows + moved}, actor)
    # A milestone deleted since is no longer anyone's to see: it is left out too.
    done_rows = [r for r in done_rows if r.entity_id in titles]
    moved = [r for r in moved if r.entity_id in titles]
    completed = [
        DigestItem(text=f"{titles[r.entity_id]}", when=r.at.date())
        for r in done_rows
        if r.new_value == "done"
    ]
    # First forecast seen in the window against the last: one line per milestone.
    span: dict[str, list] = {}
    for r in moved:
        first_last = span.setdefault(r.entity_id, [r.old_value, r.new_value, r.at.date()])
        first_last[1], first_last[2] = r.new_value, r.at.date()
    slipped = []
    for entity_id, (old, new, when) in span.items():
        before, after = _day(old), _day(new)
        if before and after and after > before:
            slipped.append(
                DigestItem(
                    text=f"{titles[entity_id]}: forecast finish "
                    f"{_fmt(before)} → {_fmt(after)} (+{(after - before).days} days)",
                    when=when,
                )
            )
    done_section = DigestSection(
        key="milestones_done",
        title="Milestones completed",
        page_key="timeline",
        items=completed,
        summary=f"{len(completed)} milestone{'s' if len(completed) != 1 else ''} completed",
    )
    slip_section = DigestSection(
        key="milestones_slipped",
        title="Milestones slipped",
        page_key="timeline",
        items=slipped,
        summary=f"{len(slipped)} milestone{'s' if len(slipped) != 1 else ''} slipped",
    )
    return done_section, slip_section


def _date_changes_section(session, start, end, *, visible_only: bool) -> DigestSection:
    """Re-baselines (with the reason and the meeting or resolution) and forecast changes that
    created or grew a slip (with their reason), since the last board meeting (issue 22)."""
    from gfj_core.services.timeline import date_changes_between

    items = []
    changes = date_changes_between(session, start, end, visible_only=visible_only)
    for c in changes:
        moved = c.days_moved
        days = f"{moved:+d} days" if moved else "same finish"
        if c.kind == "rebaseline":
            basis = f"; rests on {c.basis}" if c.basis else ""
            text = (
                f"{c.milestone_title}: approved finish re-baselined {fmt_date(c.old_finish)} → "
                f"{fmt_date(c.new_finish)} ({days}). Why: {c.reason}{basis}"
            )
        else:
            text = (
                f"{c.milestone_title}: forecast finish {fmt_date(c.old_finish)} → "
                f"{fmt_date(c.new_finish)} ({days}), past the approved date. Why: {c.reason}"
            )
        items.append(DigestItem(text=text, when=c.changed_at.date()))
    n_base = sum(1 for c in changes if c.kind == "rebaseline")
    n_fc = len(changes) - n_base
    return DigestSection(
        key="date_changes",
        title="Approved dates re-baselined and forecasts moved later",
        page_key="timeline",
        items=items,
        summary=f"{n_base} re-baseline{'s' if n_base != 1 else ''} · {n_fc} later "
        f"forecast{'s' if n_fc != 1 else ''} with a reason",
    )


def _newly_late(session: Session, since: date | None, until: date, actor) -> list[DigestItem]:
    """Milestones this actor may see whose forecast finish passed in the window, not done."""
    if since is None:
        return []
    rows = session.execute(
        select(Milestone.title, Milestone.forecast_finish)
        .where(
            Milestone.status != "done",
            Milestone.forecast_finish > since,
            Milestone.forecast_finish < until,
            milestones_visible(actor),
        )
        .order_by(Milestone.forecast_finish)
    ).all()
    return [
        DigestItem(text=f"{t}: now late (forecast finish {_fmt(f)} has passed)", when=f)
        for t, f in rows
    ]


def _checklist_section(session, rows, actor) -> DigestSection:
    """Items by title for the roles that open the exit checklist; a count for the others."""
    done_rows = [
        r
        for r in rows
        if r.entity == "checklist_item" and r.field == "status" and r.new_value == "done"
    ]
    ids = {int(r.entity_id) for r in done_rows}
    info = {
        str(i): (t, a)
        for i, t, a in session.execute(
            select(
                ChecklistItem.id, ChecklistItem.title, ChecklistItem.is_authority_transfer
            ).where(ChecklistItem.id.in_(ids))
        ).all()
    }
    items = []
    for r in done_rows:
        title, authority = info.get(r.entity_id, (f"Item {r.entity_id}", False))
        items.append(
            DigestItem(
                text=f"{title}" + (" (authority transfer)" if authority else ""), when=r.at.date()
            )
        )
    authority = sum(1 for r in done_rows if info.get(r.entity_id, ("", False))[1])
    summary = f"{len(items)} exit-checklist item{'s' if len(items) != 1 else ''} done"
    if not sees_checklist_items(actor):
        items = []
    if authority:
        summary += f", {authority} of them authority transfer{'s' if authority != 1 else ''}"
    return DigestSection(
        key="checklist_done",
        title="Exit checklist items done",
        page_key="checklist",
        items=items,
        summary=summary,
    )


def _inserted(session: Session, entity: str, start, end) -> int:
    """How many rows of `entity` were created in the window (one indexed range, counted)."""
    q = select(func.count(func.distinct(AuditLog.entity_id))).where(
        AuditLog.entity == entity, AuditLog.action == "insert", AuditLog.at <= end
    )
    if start is not None:
        q = q.where(AuditLog.at > start)
    return session.scalar(q) or 0


def _readiness_section(
    session, rows, *, privacy: bool, index_change: DigestItem | None, ratings: int
):
    changes = [r for r in rows if r.entity == "emerging_leader" and r.field == "readiness"]
    # Net change per leader over the window.
    net: dict[str, list] = {}
    for r in changes:
        entry = net.setdefault(r.entity_id, [r.old_value, r.new_value, r.at.date()])
        entry[1], entry[2] = r.new_value, r.at.date()
    net = {k: v for k, v in net.items() if v[0] != v[1]}
    items: list[DigestItem] = []
    if privacy:
        moves: dict[tuple[str | None, str | None], int] = defaultdict(int)
        for old, new, _ in net.values():
            moves[(old, new)] += 1
        for (old, new), n in sorted(moves.items(), key=lambda kv: str(kv[0])):
            direction = (
                "up"
                if READINESS_RANK.get(new, 0) > READINESS_RANK.get(old, 0)
                else "down"
                if READINESS_RANK.get(new, 0) < READINESS_RANK.get(old, 0)
                else "across"
            )
            items.append(
                DigestItem(
                    text=f"{n} leader{'s' if n != 1 else ''} moved {direction}: "
                    f"{READINESS_WORDS.get(old, old)} → {READINESS_WORDS.get(new, new)}"
                )
            )
    else:
        names = dict(
            session.execute(
                select(EmergingLeader.id, Person.full_name)
                .join(Person, Person.id == EmergingLeader.person_id)
                .where(EmergingLeader.id.in_([int(k) for k in net]))
            ).all()
        )
        for leader_id, (old, new, when) in net.items():
            name = names.get(int(leader_id), f"Leader {leader_id}")
            items.append(
                DigestItem(
                    text=f"{name}: {READINESS_WORDS.get(old, old)} → "
                    f"{READINESS_WORDS.get(new, new)}",
                    when=when,
                )
            )
    n = len(net)
    # The level changes are the news, so they come first: a screen that has room for one item
    # per section (presenter mode) shows who moved, then the index, then the rating count.
    if index_change is not None:
        items.append(index_change)
    if ratings:
        items.append(
            DigestItem(
                text=f"{ratings} readiness rating{'s' if ratings != 1 else ''} recorded; "
                f"{n} changed a leader's level"
            )
        )
    return DigestSection(
        key="readiness",
        title="Readiness changes",
        page_key="leaders",
        items=items,
        summary=f"{n} leader{'s' if n != 1 else ''} changed readiness level"
        + (f" ({ratings} rating{'s' if ratings != 1 else ''} recorded)" if ratings else ""),
    )


def _sessions_section(session, start, end) -> DigestSection:
    n = _inserted(session, SESSION_ENTITY, start, end)
    items = [DigestItem(text=f"{n} mentoring session{'s' if n != 1 else ''} logged")] if n else []
    return DigestSection(
        key="sessions",
        title="Mentoring sessions logged",
        page_key="sessions",
        items=items,
        summary=f"{n} mentoring session{'s' if n != 1 else ''} logged",
    )


def _actions_section(session, since: date | None, until: date) -> DigestSection:
    q = select(ActionItem.title, ActionItem.status, ActionItem.closed_on).where(
        ActionItem.status != "open", ActionItem.closed_on <= until
    )
    if since is not None:
        q = q.where(ActionItem.closed_on > since)
    rows = session.execute(q.order_by(ActionItem.closed_on)).all()
    items = [
        DigestItem(text=f"{t}" + (" (dropped)" if s == "dropped" else ""), when=c)
        for t, s, c in rows
    ]
    return DigestSection(
        key="actions_closed",
        title="Action items closed",
        page_key="meetings",
        items=items,
        summary=f"{len(items)} action item{'s' if len(items) != 1 else ''} closed",
    )


_RANK = {Level.none: 0, Level.green: 1, Level.amber: 2, Level.red: 3}


def light_change_text(tile, old_light: str, old_text: str | None) -> str:
    """What moved and whether that is good: the light's change named better or worse first, then
    what the light follows (which need not be the tile's headline figure), then the figure."""
    old_level = Level(old_light) if old_light in Level.__members__ else Level.none
    new_level = tile.light.level
    if Level.none in (old_level, new_level):
        verdict = "changed"
    else:
        verdict = "worse" if _RANK[new_level] > _RANK[old_level] else "better"
    words = f"{WORDS.get(old_level, old_light)} → {tile.light.word}"
    basis = LIGHT_BASIS.get(tile.key)
    figure = "" if old_text == tile.value_text else f"; {old_text} → {tile.value_text}"
    because = f", because {basis}" if basis else ""
    return f"{tile.label}: {verdict} ({words}){because}{figure}"


# What a tile's light follows, when it is not the tile's headline figure.
LIGHT_BASIS = {
    "milestones": "the share of open milestones that are late changed",
    "exit_checklist": "the pace against time elapsed or the overdue items changed",
}


def _threshold_section(session, meeting: BoardMeeting | None, card) -> DigestSection:
    """Tiles whose light changed since the figures recorded with the previous meeting."""
    items: list[DigestItem] = []
    if meeting is not None and card is not None:
        before = {
            key: (light, text)
            for key, light, text in session.execute(
                select(
                    ScorecardSnapshot.tile_key,
                    ScorecardSnapshot.light,
                    ScorecardSnapshot.value_text,
                ).where(ScorecardSnapshot.meeting_id == meeting.id)
            ).all()
        }
        for t in card.tiles:
            if t.key not in before:
                continue
            old_light, old_text = before[t.key]
            if old_light != t.light.level.value:
                items.append(DigestItem(text=light_change_text(t, old_light, old_text)))
    return DigestSection(
        key="thresholds",
        title="Measures that crossed a threshold",
        items=items,
        summary=f"{len(items)} measure{'s' if len(items) != 1 else ''} crossed a threshold",
    )


def _index_change(session, meeting: BoardMeeting | None, card) -> DigestItem | None:
    if meeting is None or card is None or card.index.value is None:
        return None
    before = session.scalar(
        select(ScorecardSnapshot.value).where(
            ScorecardSnapshot.meeting_id == meeting.id,
            ScorecardSnapshot.tile_key == "readiness_index",
        )
    )
    if before is None:
        return None
    now = card.index.value
    return DigestItem(
        text=f"Succession readiness index {before:.0f} → {now:.0f} "
        f"({now - before:+.0f} point{'' if round(abs(now - before)) == 1 else 's'})"
    )


def since_last_meeting(
    session: Session, *, today: date, actor, privacy: bool = False, scorecard=None
) -> Digest:
    """What changed since the previous full board meeting held before `today`."""
    require(actor, "meetings.read")
    meeting = last_held_meeting(session, before=today, kind="board")
    since = meeting.held_on if meeting else None
    start, end = _window(since, today)
    rows = _changes(session, start, end)
    if scorecard is None:
        from gfj_core.services.overview import board_scorecard

        scorecard = board_scorecard(session, today=today, actor=actor, privacy=privacy)
    # Leaders by name only for roles with leadership access (gfj_core.visibility).
    privacy = privacy or not sees_leaders_by_name(actor)
    done, slipped = _milestone_sections(session, rows, today, actor)
    by_title = {i.text.split(":")[0]: i for i in slipped.items}
    for item in _newly_late(session, since, today, actor):
        title = item.text.split(":")[0]
        if title in by_title:
            by_title[title].text += "; now late"
        else:
            slipped.items.append(item)
    n = len(slipped.items)
    slipped.summary = f"{n} milestone{'s' if n != 1 else ''} slipped or fell late"
    sections = [
        done,
        slipped,
        _date_changes_section(session, start, end, visible_only=not sees_hidden_milestones(actor)),
        _checklist_section(session, rows, actor),
        _readiness_section(
            session,
            rows,
            privacy=privacy,
            index_change=_index_change(session, meeting, scorecard),
            ratings=_inserted(session, RATING_ENTITY, start, end),
        ),
        _sessions_section(session, start, end),
        _threshold_section(session, meeting, scorecard),
        _actions_section(session, since, today),
    ]
    return Digest(
        since=since,
        since_title=meeting.title if meeting else None,
        until=today,
        privacy=privacy,
        sections=sections,
    )
