"""The milestone timeline: phases, milestones and their dependencies, the chain that drives the
handover date, slips, overdue and due-soon lists; and the CEO's and admin's edits to them.

Reads fetch each table once as plain tuples and compute in Python (linear in milestones +
dependencies); counts are aggregated in SQL. Writes check the version the form was loaded at."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import Session

from gfj_core.access import can, require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.formatting import fmt_date
from gfj_core.metrics import transition as rules
from gfj_core.metrics.plan import milestone_state, slip_days
from gfj_core.models import (
    BoardMeeting,
    Milestone,
    MilestoneDateChange,
    MilestoneDependency,
    Person,
    Phase,
    UserAccount,
)
from gfj_core.models.base import utcnow
from gfj_core.schemas.transition import (
    DependencyRead,
    DrivingLink,
    MilestoneCounts,
    MilestoneCreate,
    MilestoneDateChangeRead,
    MilestoneRead,
    MilestoneRebaseline,
    MilestoneRowEdit,
    MilestoneUpdate,
    PersonOption,
    PhaseCreate,
    PhaseRead,
    PhaseRowEdit,
    PhaseUpdate,
    Saved,
    ScheduleConflict,
    TimelineView,
)
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.tables import save_rows
from gfj_core.services.versioning import check_version
from gfj_core.visibility import milestones_visible, sees_hidden_milestones

DUE_SOON_DAYS = 30
BASELINE_LOCKED = (
    "The approved (baseline) dates change only through a re-baseline by the board or an admin, "
    "with the reason and the board meeting or resolution it rests on."
)


# --- Shared helpers (also used by the checklist and continuity services) -----------------------


def departing_person_id(session: Session, settings=None) -> int | None:
    """The person named as the departing leader in the organisation settings (`settings`: the
    caller's, when it has read them already)."""
    name = (settings or load_org_settings(session)).departing_leader
    if not name:
        return None
    return session.scalar(select(Person.id).where(Person.full_name == name))


def people_options(session: Session, *, actor) -> list[PersonOption]:
    """Active people to pick as owners, backups and successors: the departing leader first."""
    require(actor, "transition.read")
    departing = departing_person_id(session)
    rows = session.execute(
        select(Person.id, Person.full_name, Person.board_role)
        .where(Person.active.is_(True))
        .order_by(Person.full_name)
    ).all()
    options = [
        PersonOption(id=i, name=n, is_departing=i == departing, board_role=r) for i, n, r in rows
    ]
    return sorted(options, key=lambda p: not p.is_departing)


def require_people_exist(
    session: Session, ids: Iterable[int | None], field: str, problems: list
) -> None:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return
    found = set(session.scalars(select(Person.id).where(Person.id.in_(wanted))))
    for missing in sorted(wanted - found):
        problems.append((field, f"No person with id {missing}."))


def refuse(problems: list[tuple[str, str]], what: str) -> None:
    if problems:
        raise ValidationFailed(f"The {what} was not saved: {problems[0][1]}", problems)


# --- Reading ------------------------------------------------------------------------------------


def _visible_filter(actor):
    """CEO and admin see every milestone; everyone else only those marked visible to the board
    (the rule is gfj_core.visibility.milestones_visible; None here means "no filter")."""
    return None if sees_hidden_milestones(actor) else milestones_visible(actor)


def milestone_counts(session: Session, today: date, actor=None):
    """The one definition of the milestone counts (issue 22), aggregated in SQL over the
    milestones this actor may see (gfj_core.visibility; without an actor, the board's view):
    the overview, the timeline, presenter mode and the packet all read these. Late is derived:
    not done, the forecast finish passed. Late, slipped-not-late and on schedule are disjoint
    and add up."""
    open_ = Milestone.status != "done"
    late = and_(open_, Milestone.forecast_finish < today)
    slipped = Milestone.forecast_finish > Milestone.baseline_finish
    stmt = select(
        func.count(),
        func.count().filter(Milestone.status == "done"),
        func.count().filter(late),
        func.count().filter(slipped),
        func.count().filter(
            and_(open_, Milestone.status == "at_risk", Milestone.forecast_finish >= today)
        ),
        func.count().filter(
            and_(
                open_,
                Milestone.forecast_finish >= today,
                Milestone.forecast_finish <= today + timedelta(days=DUE_SOON_DAYS),
            )
        ),
        func.count().filter(and_(slipped, not_(late))),
    )
    row = session.execute(stmt.where(milestones_visible(actor))).one()
    return MilestoneCounts(
        total=row[0],
        done=row[1],
        late=row[2],
        slipped=row[3],
        at_risk=row[4],
        due_next_30_days=row[5],
        slipped_not_late=row[6],
        on_schedule=row[0] - row[2] - row[6],
    )


def _fetch_milestones(session: Session, visible=None) -> list:
    stmt = (
        select(
            Milestone.id,
            Milestone.version,
            Milestone.phase_id,
            Phase.name,
            Phase.position,
            Milestone.title,
            Milestone.owner_person_id,
            Person.full_name,
            Milestone.baseline_start,
            Milestone.baseline_finish,
            Milestone.forecast_start,
            Milestone.forecast_finish,
            Milestone.completed_on,
            Milestone.status,
            Milestone.visible_to_board,
            Milestone.is_handover,
            Milestone.notes,
        )
        .join(Phase, Phase.id == Milestone.phase_id)
        .outerjoin(Person, Person.id == Milestone.owner_person_id)
        .order_by(Phase.position, Milestone.baseline_start, Milestone.baseline_finish, Milestone.id)
    )
    if visible is not None:
        stmt = stmt.where(visible)
    return session.execute(stmt).all()


def _all_dependencies(session: Session) -> list[tuple[int, int]]:
    return [
        (m, d)
        for m, d in session.execute(
            select(MilestoneDependency.milestone_id, MilestoneDependency.depends_on_id)
        )
    ]


def schedule_rows(session: Session):
    """Every milestone's forecast dates, status and title, and every dependency: two queries."""
    rows = session.execute(
        select(
            Milestone.id,
            Milestone.title,
            Milestone.forecast_start,
            Milestone.forecast_finish,
            Milestone.status,
            Milestone.is_handover,
        )
    ).all()
    return rows, _all_dependencies(session)


def handover_forecast(session: Session):
    """The forecast finish of the handover milestone handover_chain picks (the latest-finishing
    one flagged as handover, the higher id on a tie), in one query: the board's figures need the
    date, not the chain, and reading every milestone for it cost the scorecard 77 ms at 100x."""
    return session.scalar(
        select(Milestone.forecast_finish)
        .where(Milestone.is_handover.is_(True))
        .order_by(Milestone.forecast_finish.desc(), Milestone.id.desc())
        .limit(1)
    )


def handover_chain(rows, edges) -> tuple[int | None, list[rules.Link]]:
    """The handover milestone (the latest-finishing one flagged as handover) and its chain."""
    handovers = [r for r in rows if r.is_handover]
    if not handovers:
        return None, []
    target = max(handovers, key=lambda r: (r.forecast_finish, r.id)).id
    start = {r.id: r.forecast_start for r in rows}
    finish = {r.id: r.forecast_finish for r in rows}
    return target, rules.driving_chain(start, finish, rules.depends_on_map(edges), target)


def timeline_view(
    session: Session, *, today: date, actor, limit: int | None = None
) -> TimelineView:
    """The timeline as this viewer may see it, judged as of `today`. With `limit`, a plan of more
    milestones keeps only what the board acts on (see `_trim`); `counts` still cover them all."""
    require(actor, "transition.read")
    settings = load_org_settings(session)
    visible = _visible_filter(actor)
    rows = _fetch_milestones(session, visible)
    all_rows, edges = schedule_rows(session)

    # The chain is computed over every milestone, so a hidden step still moves the date.
    target, links = handover_chain(all_rows, edges)
    on_chain = set(rules.chain_ids(links, target)) if target is not None else set()
    shown = {r.id for r in rows}
    deps = rules.depends_on_map(edges)
    driving_pairs = {(link.to_id, link.from_id) for link in links}

    milestones = []
    for r in rows:
        milestones.append(
            MilestoneRead(
                id=r.id,
                version=r.version,
                phase_id=r.phase_id,
                phase_name=r.name,
                phase_position=r.position,
                title=r.title,
                owner_person_id=r.owner_person_id,
                owner_name=r.full_name,
                baseline_start=r.baseline_start,
                baseline_finish=r.baseline_finish,
                forecast_start=r.forecast_start,
                forecast_finish=r.forecast_finish,
                completed_on=r.completed_on,
                status=r.status,
                state=milestone_state(r.status, r.forecast_finish, today),
                slip_days=slip_days(r.baseline_finish, r.forecast_finish),
                visible_to_board=r.visible_to_board,
                is_handover=r.is_handover,
                notes=r.notes,
                depends_on=[d for d in deps.get(r.id, []) if d in shown],
                on_driving_chain=r.id in on_chain,
            )
        )
    by_id = {m.id: m for m in milestones}
    titles = {r.id: r.title for r in all_rows}
    start = {r.id: r.forecast_start for r in all_rows}
    finish = {r.id: r.forecast_finish for r in all_rows}
    done = [r.id for r in all_rows if r.status == "done"]
    conflict_list = [
        ScheduleConflict(
            milestone_id=m,
            milestone_title=titles[m],
            depends_on_id=d,
            depends_on_title=titles[d],
            overlap_days=days,
        )
        for m, d, days in rules.conflicts(start, finish, edges, done)
        if m in shown and d in shown
    ]
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    handover = by_id.get(target) if target is not None else None
    planned = settings.planned_handover_date
    handover_forecast = finish.get(target) if target is not None else None
    view = TimelineView(
        today=today,
        planned_handover_date=planned,
        transition_start_date=settings.transition_start_date,
        phases=_phases(session),
        milestones=milestones,
        dependencies=[
            DependencyRead(milestone_id=m, depends_on_id=d, drives=(m, d) in driving_pairs)
            for m, d in edges
            if m in shown and d in shown
        ],
        driving_chain=[i for i in rules.chain_ids(links, target) if i in shown]
        if target is not None
        else [],
        driving_links=[
            DrivingLink(from_id=link.from_id, to_id=link.to_id, slack_days=link.slack_days)
            for link in links
            if link.from_id in shown and link.to_id in shown
        ],
        handover=handover,
        handover_gap_days=(handover_forecast - planned).days
        if handover_forecast and planned
        else None,
        overdue=sorted(
            (m for m in milestones if m.state == "late"), key=lambda m: m.forecast_finish
        ),
        due_next_30_days=sorted(
            (m for m in milestones if m.status != "done" and today <= m.forecast_finish <= horizon),
            key=lambda m: m.forecast_finish,
        ),
        slipped=sorted(
            (m for m in milestones if m.slip_days > 0), key=lambda m: (-m.slip_days, m.id)
        ),
        conflicts=conflict_list,
        counts=milestone_counts(session, today, actor),
        hidden_from_viewer=len(all_rows) - len(rows),
        can_edit=can(actor.role, "transition.write"),
        can_rebaseline=can(actor.role, "transition.rebaseline"),
        chain_late=sum(
            1
            for r in all_rows
            if r.id in on_chain and milestone_state(r.status, r.forecast_finish, today) == "late"
        ),
        demo=settings.demo_loaded,
    )
    return view if limit is None or len(milestones) <= limit else _trim(view, limit)


def _trim(view: TimelineView, limit: int) -> TimelineView:
    """At most `limit` milestones, chosen in the order the board needs them: the chain that drives
    the handover date (and the handover), then the overdue, those due in the next 30 days and the
    largest slips, then the earliest of the rest; each list at most `limit` long. Dependencies,
    links and conflicts only between kept milestones; `counts` stay whole."""
    keep: dict[int, None] = {}
    by_id = {m.id: m for m in view.milestones}
    firsts = [
        view.driving_chain,
        [view.handover.id] if view.handover else [],
        [m.id for m in view.overdue],
        [m.id for m in view.due_next_30_days],
        [m.id for m in view.slipped],
        [m.id for m in sorted(view.milestones, key=lambda m: (m.forecast_start, m.id))],
    ]
    for ids in firsts:
        for i in ids:
            if len(keep) >= limit:
                break
            keep.setdefault(i, None)
    kept = set(keep)
    return view.model_copy(
        update={
            "milestones": [m for m in view.milestones if m.id in kept],
            "dependencies": [
                d for d in view.dependencies if d.milestone_id in kept and d.depends_on_id in kept
            ],
            "driving_chain": [i for i in view.driving_chain if i in kept],
            "driving_links": [
                x for x in view.driving_links if x.from_id in kept and x.to_id in kept
            ],
            "overdue": [m for m in view.overdue if m.id in kept],
            "due_next_30_days": [m for m in view.due_next_30_days if m.id in kept],
            "slipped": [m for m in view.slipped if m.id in kept],
            "conflicts": [
                c for c in view.conflicts if c.milestone_id in kept and c.depends_on_id in kept
            ][:limit],
            "trimmed": len(view.milestones) - len(kept),
            "handover": view.handover if view.handover and view.handover.id in by_id else None,
        }
    )


def _phases(session: Session) -> list[PhaseRead]:
    counts = (
        select(Milestone.phase_id, func.count().label("n")).group_by(Milestone.phase_id).subquery()
    )
    rows = session.execute(
        select(Phase, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.phase_id == Phase.id)
        .order_by(Phase.position)
    ).all()
    return [
        PhaseRead(
            id=p.id,
            version=p.version,
            name=p.name,
            position=p.position,
            start_date=p.start_date,
            end_date=p.end_date,
            milestones=n,
        )
        for p, n in rows
    ]


def list_phases(session: Session, *, actor) -> list[PhaseRead]:
    require(actor, "transition.read")
    return _phases(session)


# --- Dependencies -------------------------------------------------------------------------------


def describe_loop(loop: list[int], titles: dict[int, str]) -> str:
    if len(loop) == 2 and loop[0] == loop[1]:
        return f"“{titles.get(loop[0], loop[0])}” cannot depend on itself."
    chain = " → ".join(f"“{titles.get(i, i)}”" for i in loop)
    return (
        f"These dependencies would form a loop: {chain} (each waits for the next, so none could "
        "ever start). Remove one of them."
    )


def _check_dependencies(
    session: Session, milestone_id: int | None, depends_on: list[int], problems: list
) -> None:
    if not depends_on:
        return
    titles = dict(session.execute(select(Milestone.id, Milestone.title)).all())
    missing = [d for d in depends_on if d not in titles]
    if missing:
        problems.append(("depends_on", f"No milestone with id {missing[0]}."))
        return
    if milestone_id is None:
        return  # a new milestone has no dependants yet, so it cannot close a loop
    loop = rules.loop_if_set(
        rules.depends_on_map(_all_dependencies(session)), milestone_id, depends_on
    )
    if loop:
        problems.append(("depends_on", describe_loop(loop, titles)))


def _replace_dependencies(session: Session, milestone: Milestone, depends_on: list[int]) -> bool:
    """Make the stored dependencies equal `depends_on`; True when anything changed."""
    current = {
        d.depends_on_id: d
        for d in session.scalars(
            select(MilestoneDependency).where(MilestoneDependency.milestone_id == milestone.id)
        )
    }
    wanted = list(dict.fromkeys(depends_on))
    changed = False
    for dep_id, row in current.items():
        if dep_id not in wanted:
            session.delete(row)
            changed = True
    for dep_id in wanted:
        if dep_id not in current:
            session.add(MilestoneDependency(milestone_id=milestone.id, depends_on_id=dep_id))
            changed = True
    return changed


# --- Writing milestones ------------------------------------------------------------------------


_MILESTONE_FIELDS = (
    "phase_id",
    "title",
    "owner_person_id",
    "baseline_start",
    "baseline_finish",
    "forecast_start",
    "forecast_finish",
    "status",
    "completed_on",
    "visible_to_board",
    "is_handover",
    "notes",
)


def _validate_milestone(session: Session, m: Milestone, today: date, problems: list) -> None:
    if session.get(Phase, m.phase_id) is None:
        problems.append(("phase_id", "Choose a phase."))
    require_people_exist(session, [m.owner_person_id], "owner_person_id", problems)
    if m.baseline_finish < m.baseline_start:
        problems.append(("baseline_finish", "The baseline finish is before the baseline start."))
    if m.status == "done":
        # Once done, the forecast is the actual: it finished on the completion date.
        m.completed_on = m.completed_on or today
        if m.completed_on > today:
            problems.append(("completed_on", "A milestone cannot be completed in the future."))
        m.forecast_finish = m.completed_on
        m.forecast_start = min(m.forecast_start, m.completed_on)
    else:
        m.completed_on = None
    if m.forecast_finish < m.forecast_start:
        problems.append(("forecast_finish", "The forecast finish is before the forecast start."))
    if m.is_handover:
        others = select(Milestone.title).where(Milestone.is_handover.is_(True))
        if m.id is not None:
            others = others.where(Milestone.id != m.id)
        other = session.scalar(others.limit(1))
        if other:
            problems.append(
                ("is_handover", f"“{other}” is already the handover milestone; unmark it first.")
            )


def create_milestone(session: Session, data: MilestoneCreate, *, today: date, actor) -> Saved:
    require(actor, "transition.write")
    m = Milestone(
        phase_id=data.phase_id,
        title=data.title,
        owner_person_id=data.owner_person_id,
        baseline_start=data.baseline_start,
        baseline_finish=data.baseline_finish,
        forecast_start=data.forecast_start or data.baseline_start,
        forecast_finish=data.forecast_finish or data.baseline_finish,
        status=data.status,
        completed_on=data.completed_on,
        visible_to_board=data.visible_to_board,
        is_handover=data.is_handover,
        notes=data.notes,
    )
    problems: list[tuple[str, str]] = []
    _validate_milestone(session, m, today, problems)
    _check_dependencies(session, None, data.depends_on, problems)
    refuse(problems, "milestone")
    session.add(m)
    session.flush()
    _replace_dependencies(session, m, data.depends_on)
    session.flush()
    return Saved(id=m.id, version=m.version)


def _apply_milestone_update(
    session: Session,
    milestone_id: int,
    changes: MilestoneUpdate,
    expected_version: int | None,
    today: date,
    actor_user_id: int | None = None,
) -> tuple[Milestone, list[tuple[str, str]]]:
    m = session.get(Milestone, milestone_id)
    if m is None:
        raise NotFound(f"No milestone with id {milestone_id}.")
    check_version(session, m, expected_version, f"milestone “{m.title}”")
    fields = changes.model_fields_set
    problems: list[tuple[str, str]] = []
    for name in ("baseline_start", "baseline_finish"):
        if name in fields and getattr(changes, name) != getattr(m, name):
            problems.append((name, BASELINE_LOCKED))
    before = (m.forecast_start, m.forecast_finish, slip_days(m.baseline_finish, m.forecast_finish))
    with session.no_autoflush:
        for name in _MILESTONE_FIELDS:
            if name in ("baseline_start", "baseline_finish"):
                continue
            if name in fields:
                value = getattr(changes, name)
                if value is None and name in {
                    "phase_id",
                    "title",
                    "baseline_start",
                    "baseline_finish",
                    "forecast_start",
                    "forecast_finish",
                    "status",
                    "visible_to_board",
                    "is_handover",
                }:
                    problems.append((name, "This field cannot be empty."))
                    continue
                setattr(m, name, value)
        if "forecast_finish" in fields and m.status == "done" and "completed_on" not in fields:
            # Editing a done milestone's finish date corrects when it actually finished.
            m.completed_on = m.forecast_finish
        if not problems:
            _validate_milestone(session, m, today, problems)
        slip_now = slip_days(m.baseline_finish, m.forecast_finish)
        if not problems and m.status != "done" and slip_now > before[2]:
            # A forecast that creates or grows a slip says why (issue 22); the board reads it in
            # "since the last board meeting".
            if not changes.forecast_reason:
                was = f" (it was {before[2]} days)" if before[2] else ""
                problems.append(
                    (
                        "forecast_reason",
                        f"The forecast now finishes {slip_now} days after the approved date"
                        f"{was}: say why it moved.",
                    )
                )
            else:
                session.add(
                    MilestoneDateChange(
                        milestone_id=m.id,
                        kind="forecast",
                        old_start=before[0],
                        old_finish=before[1],
                        new_start=m.forecast_start,
                        new_finish=m.forecast_finish,
                        reason=changes.forecast_reason,
                        changed_at=utcnow(),
                        changed_by_user_id=actor_user_id,
                    )
                )
        if "depends_on" in fields and changes.depends_on is not None:
            _check_dependencies(session, m.id, changes.depends_on, problems)
    replace = not problems and "depends_on" in fields and changes.depends_on is not None
    if replace and _replace_dependencies(session, m, changes.depends_on):
        # Dependencies are the milestone's own data: changing them is a save of it.
        m.updated_at = utcnow()
    return m, problems


def update_milestone(
    session: Session,
    milestone_id: int,
    changes: MilestoneUpdate,
    *,
    expected_version: int | None,
    today: date,
    actor,
) -> Saved:
    """Change a milestone. Marking it done records the completion date (today unless given) as
    its actual finish. Refused with StaleEdit when someone saved it after `expected_version`."""
    require(actor, "transition.write")
    m, problems = _apply_milestone_update(
        session, milestone_id, changes, expected_version, today, actor.user_id
    )
    refuse(problems, "milestone")
    session.flush()
    return Saved(id=m.id, version=m.version)


def save_milestone_table(
    session: Session, edits: list[MilestoneRowEdit], *, today: date, actor
) -> int:
    """Save the edited rows of the milestones table: all of them, or none. Returns rows saved."""
    require(actor, "transition.write")
    return save_rows(
        session,
        edits,
        lambda e: _apply_milestone_update(
            session, e.id, e.changes, e.expected_version, today, actor.user_id
        ),
        name=lambda m: m.title,
    )


def delete_milestone(
    session: Session, milestone_id: int, *, expected_version: int | None, actor
) -> None:
    require(actor, "transition.write")
    m = session.get(Milestone, milestone_id)
    if m is None:
        raise NotFound(f"No milestone with id {milestone_id}.")
    check_version(session, m, expected_version, f"milestone “{m.title}”")
    links = session.scalars(
        select(MilestoneDependency).where(
            (MilestoneDependency.milestone_id == m.id) | (MilestoneDependency.depends_on_id == m.id)
        )
    ).all()
    for link in links:
        session.delete(link)
    session.flush()
    session.delete(m)
    session.flush()


def rebaseline_milestone(
    session: Session,
    milestone_id: int,
    data: MilestoneRebaseline,
    *,
    expected_version: int | None,
    actor,
) -> Saved:
    """Move a milestone's board-approved dates: the board or an admin only, with the reason and
    the board meeting or resolution the decision rests on. Recorded for the digest."""
    require(actor, "transition.rebaseline")
    m = session.get(Milestone, milestone_id)
    if m is None:
        raise NotFound(f"No milestone with id {milestone_id}.")
    check_version(session, m, expected_version, f"milestone “{m.title}”")
    problems: list[tuple[str, str]] = []
    if data.baseline_finish < data.baseline_start:
        problems.append(("baseline_finish", "The approved finish is before the approved start."))
    if data.board_meeting_id is None and not data.resolution:
        problems.append(
            ("board_meeting_id", "Name the board meeting or the resolution this rests on.")
        )
    if (
        data.board_meeting_id is not None
        and session.get(BoardMeeting, data.board_meeting_id) is None
    ):
        problems.append(("board_meeting_id", "That board meeting does not exist."))
    if (data.baseline_start, data.baseline_finish) == (m.baseline_start, m.baseline_finish):
        problems.append(("baseline_finish", "These are already the approved dates."))
    refuse(problems, "re-baseline")
    session.add(
        MilestoneDateChange(
            milestone_id=m.id,
            kind="rebaseline",
            old_start=m.baseline_start,
            old_finish=m.baseline_finish,
            new_start=data.baseline_start,
            new_finish=data.baseline_finish,
            reason=data.reason,
            board_meeting_id=data.board_meeting_id,
            resolution=data.resolution,
            changed_at=utcnow(),
            changed_by_user_id=actor.user_id,
        )
    )
    m.baseline_start = data.baseline_start
    m.baseline_finish = data.baseline_finish
    session.flush()
    return Saved(id=m.id, version=m.version)


def date_changes_between(
    session: Session, start=None, end=None, *, visible_only: bool = False
) -> list[MilestoneDateChangeRead]:
    """Re-baselines and slip-growing forecast changes recorded in (start, end], oldest first."""
    q = (
        select(
            MilestoneDateChange,
            Milestone.title,
            BoardMeeting.title.label("meeting_title"),
            BoardMeeting.held_on,
            UserAccount.username,
        )
        .join(Milestone, Milestone.id == MilestoneDateChange.milestone_id)
        .outerjoin(BoardMeeting, BoardMeeting.id == MilestoneDateChange.board_meeting_id)
        .outerjoin(UserAccount, UserAccount.id == MilestoneDateChange.changed_by_user_id)
        .order_by(MilestoneDateChange.changed_at, MilestoneDateChange.id)
    )
    if start is not None:
        q = q.where(MilestoneDateChange.changed_at > start)
    if end is not None:
        q = q.where(MilestoneDateChange.changed_at <= end)
    if visible_only:
        q = q.where(Milestone.visible_to_board.is_(True))
    out = []
    for c, title, meeting_title, held_on, username in session.execute(q).all():
        basis = " · ".join(
            x
            for x in (
                f"{meeting_title} ({fmt_date(held_on)})" if meeting_title else None,
                c.resolution,
            )
            if x
        )
        out.append(
            MilestoneDateChangeRead(
                id=c.id,
                milestone_id=c.milestone_id,
                milestone_title=title,
                kind=c.kind,
                old_start=c.old_start,
                old_finish=c.old_finish,
                new_start=c.new_start,
                new_finish=c.new_finish,
                reason=c.reason,
                basis=basis or None,
                changed_at=c.changed_at,
                changed_by=username,
            )
        )
    return out


def rebaseline_meetings(session: Session, *, actor) -> dict[int, str]:
    """Held board meetings a re-baseline can rest on, newest first: id -> "Title (Dec 1, 2026)"."""
    require(actor, "transition.rebaseline")
    rows = session.execute(
        select(BoardMeeting.id, BoardMeeting.title, BoardMeeting.held_on)
        .where(BoardMeeting.status == "held")
        .order_by(BoardMeeting.held_on.desc())
    ).all()
    return {i: f"{t} ({fmt_date(d)})" for i, t, d in rows}


def milestone_date_changes(
    session: Session, *, actor, limit: int = 50
) -> list[MilestoneDateChangeRead]:
    """The latest re-baselines and forecast reasons, newest first, as this viewer may see them."""
    require(actor, "transition.read")
    rows = date_changes_between(session, visible_only=_visible_filter(actor) is not None)
    return list(reversed(rows))[:limit]


# --- Writing phases -----------------------------------------------------------------------------


def create_phase(session: Session, data: PhaseCreate, *, actor) -> Saved:
    require(actor, "transition.write")
    problems: list[tuple[str, str]] = []
    if session.scalar(select(Phase.id).where(Phase.name == data.name)) is not None:
        problems.append(("name", f"There is already a phase called “{data.name}”."))
    refuse(problems, "phase")
    position = data.position or (session.scalar(select(func.max(Phase.position))) or 0) + 1
    phase = Phase(
        name=data.name, position=position, start_date=data.start_date, end_date=data.end_date
    )
    session.add(phase)
    session.flush()
    return Saved(id=phase.id, version=phase.version)


def update_phase(
    session: Session, phase_id: int, changes: PhaseUpdate, *, expected_version: int | None, actor
) -> Saved:
    require(actor, "transition.write")
    phase, problems = _apply_phase_update(session, phase_id, changes, expected_version)
    refuse(problems, "phase")
    session.flush()
    return Saved(id=phase.id, version=phase.version)


def save_phase_table(session: Session, edits: list[PhaseRowEdit], *, actor) -> int:
    """Save the edited rows of the phases table: all of them, or none."""
    require(actor, "transition.write")
    return save_rows(
        session,
        edits,
        lambda e: _apply_phase_update(session, e.id, e.changes, e.expected_version),
        name=lambda phase: phase.name,
    )


def _apply_phase_update(session, phase_id, changes, expected_version):
    phase = session.get(Phase, phase_id)
    if phase is None:
        raise NotFound(f"No phase with id {phase_id}.")
    check_version(session, phase, expected_version, f"phase “{phase.name}”")
    problems: list[tuple[str, str]] = []
    for name in changes.model_fields_set:
        value = getattr(changes, name)
        if value is None:
            problems.append((name, "This field cannot be empty."))
        else:
            setattr(phase, name, value)
    if phase.end_date < phase.start_date:
        problems.append(("end_date", "The phase must end on or after its start."))
    with session.no_autoflush:
        clash = session.scalar(
            select(Phase.id).where(Phase.name == phase.name, Phase.id != phase.id)
        )
    if clash is not None:
        problems.append(("name", f"There is already a phase called “{phase.name}”."))
    return phase, problems


def delete_phase(session: Session, phase_id: int, *, expected_version: int | None, actor) -> None:
    require(actor, "transition.write")
    phase = session.get(Phase, phase_id)
    if phase is None:
        raise NotFound(f"No phase with id {phase_id}.")
    check_version(session, phase, expected_version, f"phase “{phase.name}”")
    held = session.scalar(select(func.count()).where(Milestone.phase_id == phase_id))
    if held:
        raise ValidationFailed(
            f"“{phase.name}” still holds {held} milestone(s); move or delete them first.",
            [("phase", "The phase is not empty.")],
        )
    session.delete(phase)
    session.flush()


def listed_counts(view: TimelineView) -> tuple[int, int, int]:
    """Late, due in the next 30 days and slipped, as the page's headings count them: every
    milestone when the view is trimmed, the listed ones otherwise (the same numbers then)."""
    if view.trimmed:
        return view.counts.late, view.counts.due_next_30_days, view.counts.slipped
    return len(view.overdue), len(view.due_next_30_days), len(view.slipped)


def gantt_phase_choices(view: TimelineView, today: date) -> tuple[list[str], str]:
    """The Gantt's phase filter: "All phases" and each phase with milestones, and the one it
    starts on. Thousands of milestones make an unreadable chart: then the current phase."""
    phase_names = [p.name for p in view.phases if p.milestones]
    choices = ["All phases", *phase_names]
    current = next((p.name for p in view.phases if p.start_date <= today <= p.end_date), None)
    if len(view.milestones) <= 80 or current not in phase_names:
        return choices, choices[0]
    return choices, current
