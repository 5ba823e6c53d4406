"""Managing the leadership pipeline (issue 15): the CEO and admin add emerging leaders, retire
them (graduated or left, with a date and a reason) and restore them, assign and end
mentorships; they and a leader's current mentors create, edit and close development goals.

Nothing here deletes: sessions, assessments and the audit history point at leaders and
mentorships, so retiring is a status or an end date. Every change is audited by the session's
hooks (gfj_core.audit); every edit carries the version the form loaded (check_version), and a
create whose form saw no row is refused when someone else added it meanwhile."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from gfj_core.access import Role, can, require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.models import DevelopmentGoal, EmergingLeader, Mentorship, Person, UserAccount
from gfj_core.schemas.pipeline import (
    GoalCreate,
    GoalRowEdit,
    GoalUpdate,
    LeaderCreate,
    LeaderRowEdit,
    LeaderUpdate,
    MentorshipCreate,
    MentorshipRowEdit,
    MentorshipUpdate,
    PersonChoice,
    PipelineAdmin,
    PipelineGoal,
    PipelineLeader,
    PipelineMentorship,
)
from gfj_core.services.leader_scope import leader_scope, scoped, visible_leader
from gfj_core.services.tables import save_rows
from gfj_core.services.versioning import check_still_absent, check_version

Problems = list[tuple[str, str]]
OPEN_GOAL = ("not_started", "in_progress")


def _refuse(problems: Problems, what: str) -> None:
    if problems:
        raise ValidationFailed(f"The {what} was not saved: {problems[0][1]}", problems)


# ---------------------------------------------------------------- reading


def pipeline_admin(session: Session, *, actor) -> PipelineAdmin:
    """Everything the Manage the pipeline page lists for this actor, in a fixed few queries."""
    require(actor, "goals.manage")
    manage = can(actor.role, "pipeline.manage")
    scope = leader_scope(actor)
    mentor_ids = select(UserAccount.person_id).where(
        UserAccount.role == Role.mentor.value, UserAccount.active.is_(True)
    )
    leaders: list[PipelineLeader] = []
    mentorships: list[PipelineMentorship] = []
    people: list[PersonChoice] = []
    mentors: list[PersonChoice] = []
    if manage:
        n_mentors = (
            select(func.count())
            .where(Mentorship.leader_id == EmergingLeader.id, Mentorship.ended_on.is_(None))
            .scalar_subquery()
        )
        n_goals = (
            select(func.count())
            .where(
                DevelopmentGoal.leader_id == EmergingLeader.id,
                DevelopmentGoal.status.in_(OPEN_GOAL),
            )
            .scalar_subquery()
        )
        leaders = [
            PipelineLeader(
                id=el.id,
                person_id=el.person_id,
                name=name,
                target_role=el.target_role,
                cohort_start=el.cohort_start,
                status=el.status,
                status_on=el.status_on,
                status_reason=el.status_reason,
                mentors=m,
                open_goals=g,
                version=el.version,
            )
            for el, name, m, g in session.execute(
                select(EmergingLeader, Person.full_name, n_mentors, n_goals)
                .join(Person, Person.id == EmergingLeader.person_id)
                .order_by(EmergingLeader.status != "active", Person.full_name)
            )
        ]
        leader_person, mentor_person = aliased(Person), aliased(Person)
        mentorships = [
            PipelineMentorship(
                id=m.id,
                leader_id=m.leader_id,
                leader_name=ln,
                mentor_person_id=m.mentor_person_id,
                mentor_name=mn,
                started_on=m.started_on,
                ended_on=m.ended_on,
                version=m.version,
            )
            for m, ln, mn in session.execute(
                select(Mentorship, leader_person.full_name, mentor_person.full_name)
                .join(EmergingLeader, EmergingLeader.id == Mentorship.leader_id)
                .join(leader_person, leader_person.id == EmergingLeader.person_id)
                .join(mentor_person, mentor_person.id == Mentorship.mentor_person_id)
                .order_by(Mentorship.ended_on.is_not(None), leader_person.full_name)
            )
        ]
        people = [
            PersonChoice(id=i, name=n)
            for i, n in session.execute(
                select(Person.id, Person.full_name)
                .where(Person.id.not_in(select(EmergingLeader.person_id)))
                .order_by(Person.full_name)
            )
        ]
        mentors = [
            PersonChoice(id=i, name=n)
            for i, n in session.execute(
                select(Person.id, Person.full_name)
                .where(Person.id.in_(mentor_ids))
                .order_by(Person.full_name)
            )
        ]
    goal_stmt = (
        select(DevelopmentGoal, Person.full_name)
        .join(EmergingLeader, EmergingLeader.id == DevelopmentGoal.leader_id)
        .join(Person, Person.id == EmergingLeader.person_id)
        .order_by(
            DevelopmentGoal.status.not_in(OPEN_GOAL),
            Person.full_name,
            DevelopmentGoal.target_date,
        )
    )
    goals = [
        PipelineGoal(
            id=g.id,
            leader_id=g.leader_id,
            leader_name=name,
            title=g.title,
            kind=g.kind,
            target_date=g.target_date,
            progress_pct=g.progress_pct,
            status=g.status,
            version=g.version,
        )
        for g, name in session.execute(scoped(goal_stmt, DevelopmentGoal.leader_id, scope))
    ]
    goal_leaders_stmt = (
        select(EmergingLeader.id, Person.full_name)
        .join(Person, Person.id == EmergingLeader.person_id)
        .where(EmergingLeader.status == "active")
        .order_by(Person.full_name)
    )
    goal_leaders = [
        PersonChoice(id=i, name=n)
        for i, n in session.execute(scoped(goal_leaders_stmt, EmergingLeader.id, scope))
    ]
    return PipelineAdmin(
        can_manage_leaders=manage,
        leaders=leaders,
        mentorships=mentorships,
        goals=goals,
        people=people,
        mentors=mentors,
        goal_leaders=goal_leaders,
    )


# ---------------------------------------------------------------- emerging leaders


def add_leader(session: Session, data: LeaderCreate, *, actor) -> PipelineLeader:
    """Add an emerging leader: a person from the directory, or a new person by name."""
    require(actor, "pipeline.manage")
    if data.person_id is not None:
        person = session.get(Person, data.person_id)
        if person is None:
            raise ValidationFailed("No such person.", [("person_id", "No such person.")])
    else:
        same = session.scalar(select(Person).where(Person.full_name == data.new_person_name))
        if same is not None:
            raise ValidationFailed(
                "That name is already in the directory.",
                [("new_person_name", "This person is already in the directory: choose them.")],
            )
        person = Person(full_name=data.new_person_name)
        session.add(person)
        session.flush()
    check_still_absent(
        session.scalar(select(EmergingLeader).where(EmergingLeader.person_id == person.id)),
        f"leader ({person.full_name})",
    )
    leader = EmergingLeader(
        person_id=person.id,
        target_role=data.target_role,
        cohort_start=data.cohort_start,
        status="active",
    )
    session.add(leader)
    session.flush()
    return _leader_read(session, leader)


def _apply_leader(session: Session, edit: LeaderRowEdit) -> tuple[EmergingLeader, Problems]:
    leader = session.get(EmergingLeader, edit.id)
    if leader is None:
        raise NotFound("That leader no longer exists.")
    check_version(session, leader, edit.expected_version, "leader")
    problems: Problems = []
    changes = edit.changes
    with session.no_autoflush:
        for name in changes.model_fields_set:
            value = getattr(changes, name)
            if value is None and name in {"target_role", "cohort_start", "status"}:
                problems.append((name, "This is required."))
                continue
            setattr(leader, name, value)
        if leader.status == "active":
            # A restore: back in the active counts, the retirement's date and reason cleared
            # (the audit trail keeps them).
            leader.status_on = None
            leader.status_reason = None
        else:
            if leader.status_on is None:
                problems.append(("status_on", "Say when they graduated or left."))
            elif leader.status_on < leader.cohort_start:
                problems.append(("status_on", "This is before their cohort started."))
            if not leader.status_reason:
                problems.append(("status_reason", "Say why (a line is enough)."))
    return leader, problems


def update_leader(session: Session, edit: LeaderRowEdit, *, actor) -> PipelineLeader:
    """Correct a leader, retire them (graduated / left) or restore them (active)."""
    require(actor, "pipeline.manage")
    leader, problems = _apply_leader(session, edit)
    _refuse(problems, "leader")
    session.flush()
    return _leader_read(session, leader)


def save_leader_table(session: Session, edits: list[LeaderRowEdit], *, actor) -> int:
    """Save the edited rows of the leaders table: all of them, or none."""
    require(actor, "pipeline.manage")
    return save_rows(
        session,
        edits,
        lambda e: _apply_leader(session, e),
        name=lambda el: session.get(Person, el.person_id).full_name,
    )


def _leader_read(session: Session, leader: EmergingLeader) -> PipelineLeader:
    mentors = session.scalar(
        select(func.count()).where(Mentorship.leader_id == leader.id, Mentorship.ended_on.is_(None))
    )
    goals = session.scalar(
        select(func.count()).where(
            DevelopmentGoal.leader_id == leader.id, DevelopmentGoal.status.in_(OPEN_GOAL)
        )
    )
    return PipelineLeader(
        id=leader.id,
        person_id=leader.person_id,
        name=session.get(Person, leader.person_id).full_name,
        target_role=leader.target_role,
        cohort_start=leader.cohort_start,
        status=leader.status,
        status_on=leader.status_on,
        status_reason=leader.status_reason,
        mentors=mentors or 0,
        open_goals=goals or 0,
        version=leader.version,
    )


# ---------------------------------------------------------------- mentorships


def assign_mentor(session: Session, data: MentorshipCreate, *, actor) -> PipelineMentorship:
    """Assign a mentor to a leader. The mentor must hold an active mentor account. A pair whose
    mentorship ended is reopened from the new date (the audit trail keeps the earlier one)."""
    require(actor, "pipeline.manage")
    leader = session.get(EmergingLeader, data.leader_id)
    if leader is None:
        raise ValidationFailed("No such leader.", [("leader_id", "No such leader.")])
    problems: Problems = []
    if leader.status != "active":
        problems.append(("leader_id", "This leader has graduated or left: restore them first."))
    is_mentor = session.scalar(
        select(func.count()).where(
            UserAccount.person_id == data.mentor_person_id,
            UserAccount.role == Role.mentor.value,
            UserAccount.active.is_(True),
        )
    )
    if not is_mentor:
        problems.append(("mentor_person_id", "Choose a person with an active mentor account."))
    if data.mentor_person_id == leader.person_id:
        problems.append(("mentor_person_id", "A leader cannot mentor themselves."))
    if data.started_on < leader.cohort_start:
        problems.append(("started_on", "This is before the leader's cohort started."))
    _refuse(problems, "mentorship")
    pair = session.scalar(
        select(Mentorship).where(
            Mentorship.leader_id == data.leader_id,
            Mentorship.mentor_person_id == data.mentor_person_id,
        )
    )
    if pair is not None and pair.ended_on is None:
        check_still_absent(pair, "mentorship")
    if pair is None:
        pair = Mentorship(
            leader_id=data.leader_id,
            mentor_person_id=data.mentor_person_id,
            started_on=data.started_on,
        )
        session.add(pair)
    else:
        pair.started_on = data.started_on
        pair.ended_on = None
    session.flush()
    return _mentorship_read(session, pair)


def _apply_mentorship(session: Session, edit: MentorshipRowEdit) -> tuple[Mentorship, Problems]:
    m = session.get(Mentorship, edit.id)
    if m is None:
        raise NotFound("That mentorship no longer exists.")
    check_version(session, m, edit.expected_version, "mentorship")
    problems: Problems = []
    for name in edit.changes.model_fields_set:
        value = getattr(edit.changes, name)
        if name == "started_on" and value is None:
            problems.append((name, "This is required."))
            continue
        setattr(m, name, value)
    if m.ended_on is not None and m.ended_on < m.started_on:
        problems.append(("ended_on", "A mentorship cannot end before it started."))
    return m, problems


def update_mentorship(session: Session, edit: MentorshipRowEdit, *, actor) -> PipelineMentorship:
    """End a mentorship (a date), correct its start, or reopen it (no end date)."""
    require(actor, "pipeline.manage")
    m, problems = _apply_mentorship(session, edit)
    _refuse(problems, "mentorship")
    session.flush()
    return _mentorship_read(session, m)


def save_mentorship_table(session: Session, edits: list[MentorshipRowEdit], *, actor) -> int:
    require(actor, "pipeline.manage")
    return save_rows(
        session,
        edits,
        lambda e: _apply_mentorship(session, e),
        name=lambda m: _pair_name(session, m),
    )


def _pair_name(session: Session, m: Mentorship) -> str:
    leader = session.get(EmergingLeader, m.leader_id)
    return (
        f"{session.get(Person, leader.person_id).full_name} with "
        f"{session.get(Person, m.mentor_person_id).full_name}"
    )


def _mentorship_read(session: Session, m: Mentorship) -> PipelineMentorship:
    leader = session.get(EmergingLeader, m.leader_id)
    return PipelineMentorship(
        id=m.id,
        leader_id=m.leader_id,
        leader_name=session.get(Person, leader.person_id).full_name,
        mentor_person_id=m.mentor_person_id,
        mentor_name=session.get(Person, m.mentor_person_id).full_name,
        started_on=m.started_on,
        ended_on=m.ended_on,
        version=m.version,
    )


# ---------------------------------------------------------------- development goals


def create_goal(session: Session, data: GoalCreate, *, actor) -> PipelineGoal:
    """A new goal for a leader; a mentor may add goals only for their own current mentees."""
    require(actor, "goals.manage")
    leader = visible_leader(session, data.leader_id, actor=actor)
    if leader.status != "active":
        raise ValidationFailed(
            "This leader has graduated or left.",
            [("leader_id", "This leader has graduated or left: restore them first.")],
        )
    goal = DevelopmentGoal(
        leader_id=data.leader_id,
        title=data.title,
        kind=data.kind,
        target_date=data.target_date,
        progress_pct=data.progress_pct,
        status="in_progress" if data.progress_pct else "not_started",
    )
    session.add(goal)
    session.flush()
    return _goal_read(session, goal)


def _apply_goal(session: Session, edit: GoalRowEdit, actor) -> tuple[DevelopmentGoal, Problems]:
    goal = session.get(DevelopmentGoal, edit.id)
    if goal is None:
        raise NotFound("That goal no longer exists.")
    visible_leader(session, goal.leader_id, actor=actor)
    check_version(session, goal, edit.expected_version, "goal")
    problems: Problems = []
    for name in edit.changes.model_fields_set:
        value = getattr(edit.changes, name)
        if value is None and name in {"title", "kind", "progress_pct", "status"}:
            problems.append((name, "This is required."))
            continue
        setattr(goal, name, value)
    if goal.status == "done":
        goal.progress_pct = 100
    return goal, problems


def update_goal(session: Session, edit: GoalRowEdit, *, actor) -> PipelineGoal:
    """Edit a goal, close it (done or dropped) or reopen it."""
    require(actor, "goals.manage")
    goal, problems = _apply_goal(session, edit, actor)
    _refuse(problems, "goal")
    session.flush()
    return _goal_read(session, goal)


def save_goal_table(session: Session, edits: list[GoalRowEdit], *, actor) -> int:
    require(actor, "goals.manage")
    return save_rows(session, edits, lambda e: _apply_goal(session, e, actor), name=_goal_title)


def _goal_title(goal: DevelopmentGoal) -> str:
    return goal.title


def _goal_read(session: Session, goal: DevelopmentGoal) -> PipelineGoal:
    leader = session.get(EmergingLeader, goal.leader_id)
    return PipelineGoal(
        id=goal.id,
        leader_id=goal.leader_id,
        leader_name=session.get(Person, leader.person_id).full_name,
        title=goal.title,
        kind=goal.kind,
        target_date=goal.target_date,
        progress_pct=goal.progress_pct,
        status=goal.status,
        version=goal.version,
    )


__all__ = [
    "GoalUpdate",
    "LeaderUpdate",
    "MentorshipUpdate",
    "add_leader",
    "assign_mentor",
    "create_goal",
    "pipeline_admin",
    "save_goal_table",
    "save_leader_table",
    "save_mentorship_table",
    "update_goal",
    "update_leader",
    "update_mentorship",
]
