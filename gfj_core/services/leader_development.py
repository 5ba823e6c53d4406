"""A leader's development records (issue 15): the training catalogue, completions, exposure to
strategic decisions and outcomes, created, corrected and retired or removed in the app.

Who: the CEO and admin keep the catalogue (`training.manage`) and the outcomes
(`outcomes.manage`); they and a leader's current mentors record completions and exposures
(`development.record`), a mentor only for their own mentees (the scope rule in
gfj_core.visibility, through leader_scope / visible_leader). A module is retired (completions
point at it); completions, exposures and outcomes point at nothing and are removed, the audit
trail keeping what they held. Every edit carries the version its form loaded."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import can, require
from gfj_core.areas import reads
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.models import (
    EmergingLeader,
    LeaderOutcome,
    Person,
    StrategicExposure,
    TrainingCompletion,
    TrainingModule,
)
from gfj_core.schemas.development import (
    Choice,
    CompletionCreate,
    CompletionRead,
    CompletionRowEdit,
    DevelopmentView,
    ExposureCreate,
    ExposureRecord,
    ExposureRowEdit,
    ModuleCreate,
    ModuleRead,
    ModuleRowEdit,
    OutcomeCreate,
    OutcomeRecord,
    OutcomeRowEdit,
    RecordRemoval,
)
from gfj_core.services.leader_scope import leader_scope, scoped, visible_leader
from gfj_core.services.tables import save_rows
from gfj_core.services.versioning import check_still_absent, check_version

Problems = list[tuple[str, str]]


def _refuse(problems: Problems, what: str) -> None:
    if problems:
        raise ValidationFailed(f"The {what} was not saved: {problems[0][1]}", problems)


def _apply(obj, changes, required: set[str]) -> Problems:
    """Copy the fields the form changed onto the row; a required field emptied is a problem."""
    problems: Problems = []
    for name in changes.model_fields_set:
        value = getattr(changes, name)
        if value is None and name in required:
            problems.append((name, "This is required."))
            continue
        setattr(obj, name, value)
    return problems


def _leader_names(session: Session, ids) -> dict[int, str]:
    if not ids:
        return {}
    return dict(
        session.execute(
            select(EmergingLeader.id, Person.full_name)
            .join(Person, Person.id == EmergingLeader.person_id)
            .where(EmergingLeader.id.in_(set(ids)))
        ).all()
    )


# ---------------------------------------------------------------- reading


@reads(
    "training_module",
    "training_completion",
    "strategic_exposure",
    "leader_outcome",
    "emerging_leader",
    "person",
    "mentorship",
)
def development_view(session: Session, *, actor) -> DevelopmentView:
    """Everything the Leader development page lists for this actor, in a fixed few queries."""
    require(actor, "development.record")
    scope = leader_scope(actor)
    manage_outcomes = can(actor.role, "outcomes.manage")
    n_done = (
        select(func.count())
        .where(TrainingCompletion.module_id == TrainingModule.id)
        .scalar_subquery()
    )
    modules = [
        _module_read(m, n)
        for m, n in session.execute(
            select(TrainingModule, n_done).order_by(
                TrainingModule.retired_on.is_not(None), TrainingModule.position, TrainingModule.name
            )
        )
    ]
    module_names = {m.id: m.name for m in modules}
    completions = list(
        session.scalars(
            scoped(
                select(TrainingCompletion).order_by(TrainingCompletion.completed_on.desc()),
                TrainingCompletion.leader_id,
                scope,
            )
        )
    )
    exposures = list(
        session.scalars(
            scoped(
                select(StrategicExposure).order_by(StrategicExposure.occurred_on.desc()),
                StrategicExposure.leader_id,
                scope,
            )
        )
    )
    outcomes = (
        list(session.scalars(select(LeaderOutcome).order_by(LeaderOutcome.started_on.desc())))
        if manage_outcomes
        else []
    )
    leader_stmt = (
        select(EmergingLeader.id, Person.full_name, EmergingLeader.status)
        .join(Person, Person.id == EmergingLeader.person_id)
        .order_by(Person.full_name)
    )
    all_leaders = session.execute(scoped(leader_stmt, EmergingLeader.id, scope)).all()
    names = {i: n for i, n, _ in all_leaders}
    return DevelopmentView(
        can_manage_catalogue=can(actor.role, "training.manage"),
        can_manage_outcomes=manage_outcomes,
        modules=modules,
        completions=[_completion_read(c, names, module_names) for c in completions],
        exposures=[_exposure_read(e, names[e.leader_id]) for e in exposures],
        outcomes=[_outcome_read(o, names[o.leader_id]) for o in outcomes],
        leaders=[Choice(id=i, name=n) for i, n, status in all_leaders if status == "active"],
        outcome_leaders=(
            [Choice(id=i, name=n) for i, n, _ in all_leaders] if manage_outcomes else []
        ),
    )


# ---------------------------------------------------------------- training modules


def create_module(session: Session, data: ModuleCreate, *, actor) -> ModuleRead:
    """Add a module to the catalogue, at the end of it."""
    require(actor, "training.manage")
    check_still_absent(
        session.scalar(select(TrainingModule).where(TrainingModule.name == data.name)),
        f"module ({data.name})",
    )
    last = session.scalar(select(func.max(TrainingModule.position))) or 0
    module = TrainingModule(**data.model_dump(), position=last + 1)
    session.add(module)
    session.flush()
    return _module_read(module, 0)


def _apply_module(session: Session, edit: ModuleRowEdit) -> tuple[TrainingModule, Problems]:
    module = session.get(TrainingModule, edit.id)
    if module is None:
        raise NotFound("That module no longer exists.")
    check_version(session, module, edit.expected_version, "module")
    with session.no_autoflush:
        problems = _apply(module, edit.changes, {"name", "is_core", "position"})
        if "name" in edit.changes.model_fields_set and edit.changes.name:
            same = session.scalar(
                select(TrainingModule.id).where(
                    TrainingModule.name == edit.changes.name, TrainingModule.id != module.id
                )
            )
            if same is not None:
                problems.append(("name", "Another module already has this name."))
    return module, problems


def update_module(session: Session, edit: ModuleRowEdit, *, actor) -> ModuleRead:
    """Correct a module, retire it (a retired_on date) or restore it (the date cleared)."""
    require(actor, "training.manage")
    module, problems = _apply_module(session, edit)
    _refuse(problems, "module")
    session.flush()
    return _module_read(module, _completions_of(session, module.id))


def save_module_table(session: Session, edits: list[ModuleRowEdit], *, actor) -> int:
    require(actor, "training.manage")
    return save_rows(session, edits, lambda e: _apply_module(session, e), name=lambda m: m.name)


def _completions_of(session: Session, module_id: int) -> int:
    return (
        session.scalar(select(func.count()).where(TrainingCompletion.module_id == module_id)) or 0
    )


def _module_read(m: TrainingModule, completions: int) -> ModuleRead:
    return ModuleRead(
        id=m.id,
        name=m.name,
        description=m.description,
        hours=m.hours,
        is_core=m.is_core,
        position=m.position,
        retired_on=m.retired_on,
        completions=completions or 0,
        version=m.version,
    )


# ---------------------------------------------------------------- completions


def record_completion(session: Session, data: CompletionCreate, *, actor) -> CompletionRead:
    """A leader completed a module. Once per leader and module; a retired module takes none."""
    require(actor, "development.record")
    visible_leader(session, data.leader_id, actor=actor)
    module = session.get(TrainingModule, data.module_id)
    if module is None or module.retired_on is not None:
        raise ValidationFailed(
            "Choose a module in the catalogue.",
            [("module_id", "Choose a module in the catalogue (this one is retired).")],
        )
    check_still_absent(
        session.scalar(
            select(TrainingCompletion).where(
                TrainingCompletion.leader_id == data.leader_id,
                TrainingCompletion.module_id == data.module_id,
            )
        ),
        f"completion of {module.name}",
    )
    done = TrainingCompletion(**data.model_dump())
    session.add(done)
    session.flush()
    return _completion_read(
        done, _leader_names(session, [done.leader_id]), {module.id: module.name}
    )


def _completion(session: Session, record_id: int, actor) -> TrainingCompletion:
    done = session.get(TrainingCompletion, record_id)
    if done is None:
        raise NotFound("That completion no longer exists.")
    visible_leader(session, done.leader_id, actor=actor)
    return done


def _apply_completion(session, edit: CompletionRowEdit, actor):
    done = _completion(session, edit.id, actor)
    check_version(session, done, edit.expected_version, "completion")
    return done, _apply(done, edit.changes, {"completed_on"})


def save_completion_table(session: Session, edits: list[CompletionRowEdit], *, actor) -> int:
    """Correct completions (date, evidence): all edited rows, or none."""
    require(actor, "development.record")
    return save_rows(
        session,
        edits,
        lambda e: _apply_completion(session, e, actor),
        name=lambda c: session.get(TrainingModule, c.module_id).name,
    )


def remove_completion(session: Session, data: RecordRemoval, *, actor) -> str:
    """Remove a completion recorded by mistake; returns what was removed, in words."""
    require(actor, "development.record")
    done = _completion(session, data.id, actor)
    check_version(session, done, data.expected_version, "completion")
    what = (
        f"{session.get(TrainingModule, done.module_id).name} for "
        f"{_leader_names(session, [done.leader_id])[done.leader_id]}"
    )
    session.delete(done)
    session.flush()
    return what


def _completion_read(c: TrainingCompletion, leaders, modules) -> CompletionRead:
    return CompletionRead(
        id=c.id,
        leader_id=c.leader_id,
        leader_name=leaders[c.leader_id],
        module_id=c.module_id,
        module_name=modules[c.module_id],
        completed_on=c.completed_on,
        evidence=c.evidence,
        version=c.version,
    )


# ---------------------------------------------------------------- strategic exposure


def record_exposure(session: Session, data: ExposureCreate, *, actor) -> ExposureRecord:
    """A strategic decision the leader took part in, and their part: observed, contributed, led."""
    require(actor, "development.record")
    visible_leader(session, data.leader_id, actor=actor)
    exposure = StrategicExposure(**data.model_dump())
    session.add(exposure)
    session.flush()
    return _exposure_read(exposure, _leader_names(session, [exposure.leader_id])[data.leader_id])


def _exposure(session: Session, record_id: int, actor) -> StrategicExposure:
    exposure = session.get(StrategicExposure, record_id)
    if exposure is None:
        raise NotFound("That exposure no longer exists.")
    visible_leader(session, exposure.leader_id, actor=actor)
    return exposure


def _apply_exposure(session, edit: ExposureRowEdit, actor):
    exposure = _exposure(session, edit.id, actor)
    check_version(session, exposure, edit.expected_version, "exposure")
    return exposure, _apply(exposure, edit.changes, {"occurred_on", "kind", "description"})


def save_exposure_table(session: Session, edits: list[ExposureRowEdit], *, actor) -> int:
    require(actor, "development.record")
    return save_rows(
        session, edits, lambda e: _apply_exposure(session, e, actor), name=lambda x: x.description
    )


def remove_exposure(session: Session, data: RecordRemoval, *, actor) -> str:
    require(actor, "development.record")
    exposure = _exposure(session, data.id, actor)
    check_version(session, exposure, data.expected_version, "exposure")
    what = exposure.description
    session.delete(exposure)
    session.flush()
    return what


def _exposure_read(e: StrategicExposure, leader_name: str) -> ExposureRecord:
    return ExposureRecord(
        id=e.id,
        leader_id=e.leader_id,
        leader_name=leader_name,
        occurred_on=e.occurred_on,
        kind=e.kind,
        description=e.description,
        part=e.part,
        reflection=e.reflection,
        version=e.version,
    )


# ---------------------------------------------------------------- outcomes


def record_outcome(session: Session, data: OutcomeCreate, *, actor) -> OutcomeRecord:
    """Where a leader went next (any leader: graduated and left ones are the usual case)."""
    require(actor, "outcomes.manage")
    leader = session.get(EmergingLeader, data.leader_id)
    if leader is None:
        raise ValidationFailed("No such leader.", [("leader_id", "No such leader.")])
    outcome = LeaderOutcome(**data.model_dump())
    session.add(outcome)
    session.flush()
    return _outcome_read(outcome, _leader_names(session, [leader.id])[leader.id])


def _outcome(session: Session, record_id: int) -> LeaderOutcome:
    outcome = session.get(LeaderOutcome, record_id)
    if outcome is None:
        raise NotFound("That outcome no longer exists.")
    return outcome


def _apply_outcome(session, edit: OutcomeRowEdit):
    outcome = _outcome(session, edit.id)
    check_version(session, outcome, edit.expected_version, "outcome")
    return outcome, _apply(outcome, edit.changes, {"role_title", "organisation", "started_on"})


def save_outcome_table(session: Session, edits: list[OutcomeRowEdit], *, actor) -> int:
    require(actor, "outcomes.manage")
    return save_rows(
        session, edits, lambda e: _apply_outcome(session, e), name=lambda o: o.role_title
    )


def remove_outcome(session: Session, data: RecordRemoval, *, actor) -> str:
    require(actor, "outcomes.manage")
    outcome = _outcome(session, data.id)
    check_version(session, outcome, data.expected_version, "outcome")
    what = f"{outcome.role_title} at {outcome.organisation}"
    session.delete(outcome)
    session.flush()
    return what


def _outcome_read(o: LeaderOutcome, leader_name: str) -> OutcomeRecord:
    return OutcomeRecord(
        id=o.id,
        leader_id=o.leader_id,
        leader_name=leader_name,
        role_title=o.role_title,
        organisation=o.organisation,
        started_on=o.started_on,
        preparedness_score=o.preparedness_score,
        effectiveness_score=o.effectiveness_score,
        feedback_comment=o.feedback_comment,
        feedback_from=o.feedback_from,
        version=o.version,
    )
