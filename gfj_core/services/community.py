"""Community engagement: programmes and events, participation (new and returning) and feedback,
aggregated in SQL by month, state, kind and programme."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core import formatting as fmt
from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.imports.common import read_table
from gfj_core.imports.events import parse_events
from gfj_core.metrics.evaluation import previous_period, ratio
from gfj_core.models import CommunityEvent, CommunityProgramme, Story
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.evaluation import (
    EVENT_KIND_LABELS,
    STATE_LABELS,
    STATES,
    BreakdownRow,
    EngagementSummary,
    EventCreate,
    EventImportResult,
    EventRead,
    Figure,
    MonthPoint,
    PeriodTotals,
    ProgrammeCreate,
    ProgrammeRead,
)
from gfj_core.services.corrections import delete_row, save_corrections
from gfj_core.visibility import sees_unconsented_stories

NO_PROGRAMME = "(no program)"


def month_of(session: Session, column):
    """'YYYY-MM' of a date column, in the database's own dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def year_of(session: Session, column):
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY")
    return func.strftime("%Y", column)


# --------------------------------------------------------------------------- programmes


def _programme_read(p: CommunityProgramme, events: int = 0, stories: int = 0) -> ProgrammeRead:
    return ProgrammeRead(
        id=p.id,
        name=p.name,
        state=p.state,
        description=p.description,
        active=p.active,
        version=p.version,
        events=events,
        stories=stories,
    )


def list_programmes(
    session: Session, *, include_archived: bool = False, actor
) -> list[ProgrammeRead]:
    """Programmes by name with how many events and stories point at each; archived ones only
    when asked for (they stay on the events and stories already recorded)."""
    require(actor, "evaluation.read")
    n_events = (
        select(func.count())
        .where(CommunityEvent.programme_id == CommunityProgramme.id)
        .scalar_subquery()
    )
    story_filter = [Story.programme_id == CommunityProgramme.id]
    if not sees_unconsented_stories(actor):
        story_filter.append(Story.consent.is_(True))
    n_stories = select(func.count()).where(*story_filter).scalar_subquery()
    stmt = select(CommunityProgramme, n_events, n_stories).order_by(CommunityProgramme.name)
    if not include_archived:
        stmt = stmt.where(CommunityProgramme.active.is_(True))
    return [_programme_read(p, e, n) for p, e, n in session.execute(stmt)]


def programmes_by_name(session: Session) -> dict[str, CommunityProgramme]:
    """casefolded name -> programme."""
    return {p.name.casefold(): p for p in session.scalars(select(CommunityProgramme))}


def add_programme(session: Session, *, data: ProgrammeCreate, actor) -> ProgrammeRead:
    require(actor, "evaluation.write")
    if data.name.casefold() in programmes_by_name(session):
        raise ValidationFailed(
            "That program already exists.", [("name", f"'{data.name}' is already recorded")]
        )
    p = CommunityProgramme(name=data.name, state=data.state, description=data.description)
    session.add(p)
    session.flush()
    return _programme_read(p)


def save_programme_table(session: Session, edits: list[RowEdit], *, actor) -> int:
    """Correct programmes, archive them (tick Archived) or restore them: all rows or none."""
    return save_corrections(session, CommunityProgramme, edits, actor=actor)


def delete_programme(session: Session, *, record_id: int, expected_version: int, actor) -> str:
    """Delete a programme nothing points at; one with events or stories is archived instead."""
    require(actor, "evaluation.write")

    def blockers(p: CommunityProgramme) -> str | None:
        events = session.scalar(select(func.count()).where(CommunityEvent.programme_id == p.id))
        stories = session.scalar(select(func.count()).where(Story.programme_id == p.id))
        if events or stories:
            return (
                f"“{p.name}” has {events} event(s) and {stories} story(ies) recorded against it: "
                "archive it instead (tick Archived in the table), so they keep their program."
            )
        return None

    p = delete_row(
        session,
        CommunityProgramme,
        record_id=record_id,
        expected_version=expected_version,
        what="programme",
        blockers=blockers,
    )
    return p.name


def find_programme(session: Session, name: str | None) -> CommunityProgramme | None:
    if not name:
        return None
    p = programmes_by_name(session).get(name.casefold())
    if p is None:
        raise NotFound(f"No program named '{name}'.")
    return p


# --------------------------------------------------------------------------- events


def _event_read(e: CommunityEvent, programme: str | None) -> EventRead:
    return EventRead(
        id=e.id,
        name=e.name,
        held_on=e.held_on,
        kind=e.kind,
        state=e.state,
        programme=programme,
        participants=e.participants,
        new_participants=e.new_participants,
        returning_participants=e.participants - e.new_participants,
        feedback_score=e.feedback_score,
        feedback_count=e.feedback_count,
        notes=e.notes,
        version=e.version,
    )


def _already_recorded(session: Session, keys: list[tuple[date, str]]) -> set[tuple[date, str]]:
    if not keys:
        return set()
    days = {d for d, _ in keys}
    rows = session.execute(
        select(CommunityEvent.held_on, CommunityEvent.name).where(CommunityEvent.held_on.in_(days))
    )
    on_file = {(d, n.casefold()) for d, n in rows}
    return {k for k in keys if (k[0], k[1].casefold()) in on_file}


def _add_event(session: Session, data: EventCreate, programmes: dict) -> CommunityEvent:
    programme = programmes.get(data.programme.casefold()) if data.programme else None
    event = CommunityEvent(
        programme_id=programme.id if programme else None,
        name=data.name,
        held_on=data.held_on,
        kind=data.kind,
        state=data.state,
        participants=data.participants,
        new_participants=data.new_participants,
        feedback_score=data.feedback_score,
        feedback_count=data.feedback_count,
        notes=data.notes,
    )
    session.add(event)
    return event


def record_event(session: Session, *, data: EventCreate, actor) -> EventRead:
    """Record one event. Its programme must exist (add it first)."""
    require(actor, "evaluation.write")
    programmes = programmes_by_name(session)
    if data.programme and data.programme.casefold() not in programmes:
        raise ValidationFailed(
            "Unknown program.", [("programme", f"no program named '{data.programme}'")]
        )
    if _already_recorded(session, [(data.held_on, data.name)]):
        raise ValidationFailed(
            "This event is already recorded.",
            [("name", f"'{data.name}' on {fmt_date(data.held_on)} is already recorded")],
        )
    event = _add_event(session, data, programmes)
    session.flush()
    return _event_read(
        event, programmes[data.programme.casefold()].name if data.programme else None
    )


def save_event_table(session: Session, edits: list[RowEdit], *, actor) -> int:
    """Correct events (every field of the add form): all rows or none."""
    return save_corrections(session, CommunityEvent, edits, actor=actor)


def delete_event(session: Session, *, record_id: int, expected_version: int, actor) -> str:
    """Delete an event recorded by mistake (nothing else points at an event)."""
    require(actor, "evaluation.write")
    e = delete_row(
        session,
        CommunityEvent,
        record_id=record_id,
        expected_version=expected_version,
        what="event",
    )
    return f"{e.name} ({fmt_date(e.held_on)})"


def import_events(session: Session, *, filename: str, content: bytes, actor) -> EventImportResult:
    """Import events from a CSV or XLSX file, all or nothing (see gfj_core.imports.events)."""
    require(actor, "evaluation.write")
    table = read_table(filename, content)
    events, problems = parse_events(table)
    if not problems:
        recorded = _already_recorded(session, [(e.held_on, e.name) for _, e in events])
        for number, e in events:
            if (e.held_on, e.name) in recorded:
                problems.add(
                    number, "event", f"'{e.name}' on {fmt_date(e.held_on)} is already recorded"
                )
    problems.raise_if_any("Events")
    programmes = programmes_by_name(session)
    created: list[str] = []
    for _, e in events:
        if e.programme and e.programme.casefold() not in programmes:
            p = CommunityProgramme(name=e.programme, state=e.state)
            session.add(p)
            session.flush()
            programmes[e.programme.casefold()] = p
            created.append(e.programme)
    for _, e in events:
        _add_event(session, e, programmes)
    session.flush()
    return EventImportResult(
        events=len(events),
        participants=sum(e.participants for _, e in events),
        programmes_created=created,
    )


def list_events(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    state: str | None = None,
    limit: int = 200,
    actor,
) -> list[EventRead]:
    """Events, newest first."""
    require(actor, "evaluation.read")
    stmt = select(CommunityEvent, CommunityProgramme.name).outerjoin(
        CommunityProgramme, CommunityProgramme.id == CommunityEvent.programme_id
    )
    stmt = stmt.where(*_filters(start, end, state))
    stmt = stmt.order_by(CommunityEvent.held_on.desc(), CommunityEvent.id.desc()).limit(limit)
    return [_event_read(e, name) for e, name in session.execute(stmt)]


# --------------------------------------------------------------------------- aggregates


def _filters(start: date | None, end: date | None, state: str | None) -> list:
    out = []
    if start is not None:
        out.append(CommunityEvent.held_on >= start)
    if end is not None:
        out.append(CommunityEvent.held_on <= end)
    if state is not None:
        out.append(CommunityEvent.state == state)
    return out


def _sums():
    """Columns that add up events: count, participants, new, forms, score x forms."""
    return (
        func.count(CommunityEvent.id),
        func.coalesce(func.sum(CommunityEvent.participants), 0),
        func.coalesce(func.sum(CommunityEvent.new_participants), 0),
        func.coalesce(func.sum(CommunityEvent.feedback_count), 0),
        func.sum(CommunityEvent.feedback_score * CommunityEvent.feedback_count),
    )


def _totals(row) -> PeriodTotals:
    events, participants, new, forms, weighted = row
    returning = participants - new
    return PeriodTotals(
        events=events,
        participants=participants,
        new_participants=new,
        returning_participants=returning,
        returning_share=ratio(returning, participants),
        feedback_forms=forms,
        feedback_average=ratio(weighted or 0, forms),
    )


def period_totals(
    session: Session, start: date | None, end: date | None, state: str | None = None
) -> PeriodTotals:
    return _totals(session.execute(select(*_sums()).where(*_filters(start, end, state))).one())


def _breakdown(session: Session, key_col, start, end, state, labels) -> list[BreakdownRow]:
    rows = session.execute(
        select(key_col, *_sums()).where(*_filters(start, end, state)).group_by(key_col)
    ).all()
    out = []
    for key, *sums in rows:
        t = _totals(sums)
        key = str(key) if key is not None else NO_PROGRAMME
        out.append(
            BreakdownRow(
                key=key,
                label=labels.get(key, key),
                events=t.events,
                participants=t.participants,
                returning_share=t.returning_share,
                feedback_average=t.feedback_average,
            )
        )
    return sorted(out, key=lambda r: (-r.participants, r.label))


def _months(start: date, end: date) -> list[date]:
    months, d = [], date(start.year, start.month, 1)
    while d <= end:
        months.append(d)
        d = (d + timedelta(days=32)).replace(day=1)
    return months


def engagement_summary(
    session: Session, *, start: date, end: date, state: str | None = None, actor
) -> EngagementSummary:
    """Events, participants (new and returning) and feedback from `start` to `end` inclusive,
    beside the same length of time just before; by month, state, kind and programme."""
    require(actor, "evaluation.read")
    if end < start:
        raise ValidationFailed("The period ends before it starts.")
    if state is not None and state not in STATES:
        raise ValidationFailed(f"'{state}' is not NY, CA or other.")
    prev_start, prev_end = previous_period(start, end)
    month = month_of(session, CommunityEvent.held_on)
    by_month = {
        m: _totals(sums)
        for m, *sums in session.execute(
            select(month, *_sums()).where(*_filters(start, end, state)).group_by(month)
        )
    }
    trend = []
    for m in _months(start, end):
        t = by_month.get(f"{m:%Y-%m}")
        trend.append(
            MonthPoint(
                month=m,
                events=t.events if t else 0,
                participants=t.participants if t else 0,
                new_participants=t.new_participants if t else 0,
                returning_participants=t.returning_participants if t else 0,
                feedback_average=t.feedback_average if t else None,
            )
        )
    names = {
        str(pid): name
        for pid, name in session.execute(select(CommunityProgramme.id, CommunityProgramme.name))
    }
    return EngagementSummary(
        start=start,
        end=end,
        state=state,
        totals=period_totals(session, start, end, state),
        previous_start=prev_start,
        previous_end=prev_end,
        previous=period_totals(session, prev_start, prev_end, state),
        trend=trend,
        by_state=_breakdown(session, CommunityEvent.state, start, end, state, STATE_LABELS),
        by_kind=_breakdown(session, CommunityEvent.kind, start, end, state, EVENT_KIND_LABELS),
        by_programme=_breakdown(session, CommunityEvent.programme_id, start, end, state, names),
    )


def years_to(as_of: date, years: int = 1) -> tuple[date, date]:
    """The `years` whole years ending on `as_of` inclusive (one year to 22 Nov 2026 starts on
    23 Nov 2025)."""
    try:
        start = as_of.replace(year=as_of.year - years) + timedelta(days=1)
    except ValueError:  # 29 February
        start = date(as_of.year - years, 3, 1)
    return start, as_of


def twelve_months_to(as_of: date) -> tuple[date, date]:
    """The 12 months ending on `as_of` (inclusive)."""
    return years_to(as_of, 1)


# --------------------------------------------------------------------------- the page's figures

PERIODS = {
    "12m": "Last 12 months",
    "transition": "Since the transition began",
    "24m": "Last 24 months",
}


def period_bounds(period: str, today: date, transition_start: date | None) -> tuple[date, date]:
    """The dates a period choice of the Community page covers."""
    if period == "transition" and transition_start:
        return transition_start, today
    if period == "24m":
        return years_to(today, 2)
    return twelve_months_to(today)


def change_words(now: float | None, before: float | None, *, points: bool = False) -> str | None:
    """A tile's change on the period before: '+12% on the period before', or '+5 points' for a
    share; None when there is nothing to compare."""
    if now is None or before is None:
        return None
    if points:
        return f"{(now - before) * 100:+.0f} points"
    if not before:
        return None
    return f"{(now - before) / before:+.0%} on the period before"


def engagement_figures(s: EngagementSummary) -> list[Figure]:
    """The Community page's four tiles for one summary, beside the period before."""
    t, p = s.totals, s.previous
    feedback_change = (
        None
        if t.feedback_average is None or p.feedback_average is None
        else f"{t.feedback_average - p.feedback_average:+.2f}"
    )
    return [
        Figure(
            label="Participants",
            value=f"{t.participants:,}",
            caption=f"{t.new_participants:,} new · {t.returning_participants:,} returning",
            delta=change_words(t.participants, p.participants),
        ),
        Figure(
            label="Events",
            value=f"{t.events:,}",
            caption=f"{p.events:,} in the period before",
            delta=change_words(t.events, p.events),
        ),
        Figure(
            label="Returning participants",
            value=fmt.pct(t.returning_share),
            caption="Came back after an earlier event",
            delta=change_words(t.returning_share, p.returning_share, points=True),
            help="Share of participants who had taken part in an earlier event.",
        ),
        Figure(
            label="Feedback (1-5)",
            value=fmt.score(t.feedback_average),
            caption=f"From {t.feedback_forms:,} feedback forms",
            delta=feedback_change,
            help="Average of the feedback forms, weighting each event by how many forms it had.",
        ),
    ]
