"""The timeline service against small plans worked out by hand."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.metrics.lights import Level
from gfj_core.metrics.plan import handover_light
from gfj_core.models import Milestone, MilestoneDependency
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.transition import (
    MilestoneCreate,
    MilestoneRebaseline,
    MilestoneRowEdit,
    MilestoneUpdate,
    PhaseCreate,
    PhaseUpdate,
)
from gfj_core.services.org_settings import set_org_setting
from gfj_core.services.timeline import (
    create_milestone,
    create_phase,
    delete_milestone,
    delete_phase,
    milestone_date_changes,
    rebaseline_milestone,
    save_milestone_table,
    timeline_view,
    update_milestone,
    update_phase,
)
from tests import factories as f
from tests.conftest import DEMO_TODAY, bare_actor

TODAY = date(2026, 11, 22)
BOARD = bare_actor(Role.board)
STAFF = bare_actor(Role.staff)
CEO = bare_actor(Role.ceo, user_id=None)


def link(s, milestone, depends_on):
    s.add(MilestoneDependency(milestone_id=milestone.id, depends_on_id=depends_on.id))
    s.flush()


@pytest.fixture
def plan(empty_db):
    """Two phases, six milestones, handover on 31 Aug 2027.

    A  done, baseline finish 30 Jun, actually finished 10 Jul      -> slipped 10 days
    B  on track, baseline and forecast 15 Nov (before today)      -> late, not slipped
    C  at risk, baseline 31 Oct, forecast 12 Dec                   -> slipped 42, due in 30 days
    D  not started, 1 Jan - 31 Mar 2027, waits for B and C         -> C (12 Dec) drives D
    E  hidden from the board, 1 Feb - 30 Apr 2027, waits for C
    H  handover 31 Aug 2027, waits for D and E                     -> E (30 Apr) drives H
    So the chain is C -> E -> H, with E hidden from the board.
    """
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "transition_start_date", "2026-06-01", actor=SYSTEM)
        set_org_setting(s, "planned_handover_date", "2027-08-31", actor=SYSTEM)
        owner = f.person(s, "Olu Owner")
        p1 = f.phase(s, "Prepare", date(2026, 6, 1), date(2026, 12, 31), position=1)
        p2 = f.phase(s, "Hand over", date(2027, 1, 1), date(2027, 8, 31), position=2)
        a = f.milestone(
            s,
            p1,
            title="A",
            baseline_finish=date(2026, 6, 30),
            forecast_finish=date(2026, 7, 10),
            status="done",
            completed_on=date(2026, 7, 10),
            owner_person_id=owner.id,
        )
        b = f.milestone(s, p1, title="B", baseline_finish=date(2026, 11, 15), status="on_track")
        c = f.milestone(
            s,
            p1,
            title="C",
            start=date(2026, 8, 1),
            baseline_finish=date(2026, 10, 31),
            forecast_finish=date(2026, 12, 12),
            status="at_risk",
        )
        d = f.milestone(s, p2, title="D", start=date(2027, 1, 1), baseline_finish=date(2027, 3, 31))
        e = f.milestone(
            s,
            p2,
            title="E",
            start=date(2027, 2, 1),
            baseline_finish=date(2027, 4, 30),
            visible_to_board=False,
        )
        h = f.milestone(
            s,
            p2,
            title="H",
            start=date(2027, 8, 31),
            baseline_finish=date(2027, 8, 31),
            is_handover=True,
        )
        link(s, d, b)
        link(s, d, c)
        link(s, e, c)
        link(s, h, d)
        link(s, h, e)
        ids = {m.title: m.id for m in (a, b, c, d, e, h)}
    return empty_db, ids


def view_as(engine, actor, today=TODAY):
    with session_scope(engine) as s:
        return timeline_view(s, today=today, actor=actor)


def test_late_is_derived_from_the_dates_and_slips_are_measured_in_days(plan):
    engine, ids = plan
    v = view_as(engine, CEO)
    by = {m.title: m for m in v.milestones}
    # B was typed "on track" but its forecast finish (15 Nov) has passed: late.
    assert by["B"].status == "on_track" and by["B"].state == "late"
    assert by["A"].state == "done" and by["C"].state == "at_risk"
    # 30 Jun -> 10 Jul is 10 days; 31 Oct -> 12 Dec is 1 + 30 + 11 = 42 days.
    assert (by["A"].slip_days, by["B"].slip_days, by["C"].slip_days) == (10, 0, 42)
    assert [m.title for m in v.slipped] == ["C", "A"]
    assert [m.title for m in v.overdue] == ["B"]
    # Due by 22 Dec: C (12 Dec). Not A (done), not B (already past).
    assert [m.title for m in v.due_next_30_days] == ["C"]
    c = v.counts
    assert (c.total, c.done, c.late, c.slipped, c.at_risk, c.due_next_30_days) == (6, 1, 1, 2, 1, 1)


def test_the_board_sees_only_milestones_marked_visible_but_the_same_driving_chain(plan):
    engine, ids = plan
    ceo = view_as(engine, CEO)
    board = view_as(engine, BOARD)
    assert len(ceo.milestones) == 6 and ceo.hidden_from_viewer == 0 and ceo.can_edit
    assert "E" not in {m.title for m in board.milestones}
    assert board.hidden_from_viewer == 1 and not board.can_edit
    assert board.counts.total == 5
    # H waits for D (31 Mar) and E (30 Apr): E finishes last and drives; E waits for C.
    assert ceo.driving_chain == [ids["C"], ids["E"], ids["H"]]
    # The board sees the same chain without the step it may not see.
    assert board.driving_chain == [ids["C"], ids["H"]]
    spare = {(link.from_id, link.to_id): link.slack_days for link in ceo.driving_links}
    # C finishes 12 Dec, E starts 1 Feb: 19 + 31 days spare; E 30 Apr -> H 31 Aug: May-Aug less 1.
    assert spare == {(ids["C"], ids["E"]): 50, (ids["E"], ids["H"]): 122}
    drives = {(d.milestone_id, d.depends_on_id) for d in ceo.dependencies if d.drives}
    assert drives == {(ids["E"], ids["C"]), (ids["H"], ids["E"])}


def test_the_handover_forecast_is_compared_with_the_planned_date(plan):
    engine, ids = plan
    assert view_as(engine, BOARD).handover_gap_days == 0
    with session_scope(engine, write=True, actor=CEO) as s:
        h = s.get(Milestone, ids["H"])
        update_milestone(
            s,
            ids["H"],
            MilestoneUpdate(
                forecast_start=date(2027, 9, 14),
                forecast_finish=date(2027, 9, 14),
                forecast_reason="The board asked for two more weeks of overlap",
            ),
            expected_version=h.version,
            today=TODAY,
            actor=CEO,
        )
    v = view_as(engine, BOARD)
    assert v.handover_gap_days == 14 and v.handover.slip_days == 14


def test_a_milestone_cannot_depend_on_itself(plan):
    engine, ids = plan
    with pytest.raises(ValidationFailed) as err, session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(
            s,
            ids["D"],
            MilestoneUpdate(depends_on=[ids["D"]]),
            expected_version=None,
            today=TODAY,
            actor=CEO,
        )
    assert "“D” cannot depend on itself" in str(err.value)
    assert err.value.problems[0][0] == "depends_on"


def test_a_dependency_that_would_form_a_loop_is_refused_naming_the_loop(plan):
    engine, ids = plan
    # H waits for E, E waits for C. Making C wait for H closes C -> H -> E -> C.
    with pytest.raises(ValidationFailed) as err, session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(
            s,
            ids["C"],
            MilestoneUpdate(depends_on=[ids["H"]]),
            expected_version=None,
            today=TODAY,
            actor=CEO,
        )
    assert "would form a loop: “C” → “H” → “E” → “C”" in str(err.value)
    with session_scope(engine) as s:
        assert (
            s.scalar(select(func.count()).where(MilestoneDependency.milestone_id == ids["C"])) == 0
        )


def test_marking_done_records_the_completion_date_as_the_actual_finish(plan):
    engine, ids = plan
    with session_scope(engine, write=True, actor=CEO) as s:
        b = s.get(Milestone, ids["B"])
        saved = update_milestone(
            s,
            ids["B"],
            MilestoneUpdate(status="done"),
            expected_version=b.version,
            today=TODAY,
            actor=CEO,
        )
        assert saved.version == 2
    by = {m.title: m for m in view_as(engine, BOARD).milestones}
    # Done today, 22 Nov: a week after the approved 15 Nov, so it slipped 7 days and is not late.
    assert by["B"].state == "done" and by["B"].completed_on == TODAY
    assert by["B"].forecast_finish == TODAY and by["B"].slip_days == 7


def test_a_completion_date_in_the_future_is_refused(plan):
    engine, ids = plan
    with (
        pytest.raises(ValidationFailed, match="completed in the future"),
        session_scope(engine, write=True, actor=CEO) as s,
    ):
        update_milestone(
            s,
            ids["C"],
            MilestoneUpdate(status="done", completed_on=TODAY + timedelta(days=1)),
            expected_version=None,
            today=TODAY,
            actor=CEO,
        )


def test_a_stale_edit_is_refused_and_says_what_changed(plan):
    engine, ids = plan
    with session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(
            s,
            ids["D"],
            MilestoneUpdate(title="D (renamed)"),
            expected_version=1,
            today=TODAY,
            actor=CEO,
        )
    with pytest.raises(StaleEdit) as err, session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(
            s,
            ids["D"],
            MilestoneUpdate(notes="mine"),
            expected_version=1,
            today=TODAY,
            actor=CEO,
        )
    assert "title from 'D' to 'D (renamed)'" in str(err.value)


def test_changing_only_dependencies_is_a_save_of_the_milestone(plan):
    engine, ids = plan
    with session_scope(engine, write=True, actor=CEO) as s:
        saved = update_milestone(
            s,
            ids["D"],
            MilestoneUpdate(depends_on=[ids["B"]]),
            expected_version=1,
            today=TODAY,
            actor=CEO,
        )
    assert saved.version == 2
    with pytest.raises(StaleEdit), session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(
            s,
            ids["D"],
            MilestoneUpdate(notes="x"),
            expected_version=1,
            today=TODAY,
            actor=CEO,
        )


def test_the_table_saves_every_row_or_none(plan):
    engine, ids = plan
    edits = [
        MilestoneRowEdit(
            id=ids["D"], expected_version=1, changes=MilestoneUpdate(notes="moved a week")
        ),
        # Finish before start: refused, so the first row is not saved either.
        MilestoneRowEdit(
            id=ids["E"],
            expected_version=1,
            changes=MilestoneUpdate(forecast_finish=date(2027, 1, 1)),
        ),
    ]
    with pytest.raises(ValidationFailed) as err, session_scope(engine, write=True, actor=CEO) as s:
        save_milestone_table(s, edits, today=TODAY, actor=CEO)
    assert err.value.problems[0][0] == "“E”: forecast_finish"
    with session_scope(engine) as s:
        assert s.get(Milestone, ids["D"]).notes is None
    with session_scope(engine, write=True, actor=CEO) as s:
        assert save_milestone_table(s, edits[:1], today=TODAY, actor=CEO) == 1
    with session_scope(engine) as s:
        assert s.get(Milestone, ids["D"]).notes == "moved a week"


def test_only_one_milestone_can_be_the_handover(plan):
    engine, ids = plan
    with (
        pytest.raises(ValidationFailed, match="“H” is already the handover"),
        session_scope(engine, write=True, actor=CEO) as s,
    ):
        update_milestone(
            s,
            ids["D"],
            MilestoneUpdate(is_handover=True),
            expected_version=None,
            today=TODAY,
            actor=CEO,
        )


def test_creating_a_milestone_defaults_the_forecast_to_the_baseline(plan):
    engine, ids = plan
    with session_scope(engine, write=True, actor=CEO) as s:
        phase_id = s.get(Milestone, ids["D"]).phase_id
        saved = create_milestone(
            s,
            MilestoneCreate(
                phase_id=phase_id,
                title="F",
                baseline_start=date(2027, 5, 1),
                baseline_finish=date(2027, 5, 31),
                depends_on=[ids["D"]],
            ),
            today=TODAY,
            actor=CEO,
        )
    by = {m.id: m for m in view_as(engine, CEO).milestones}
    assert by[saved.id].forecast_finish == date(2027, 5, 31)
    assert by[saved.id].depends_on == [ids["D"]]


def test_deleting_a_milestone_removes_its_dependency_links(plan):
    engine, ids = plan
    with session_scope(engine, write=True, actor=CEO) as s:
        delete_milestone(s, ids["E"], expected_version=1, actor=CEO)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(MilestoneDependency)) == 3
    # Without E, H waits only for D (31 Mar), which waits for C (12 Dec) and B (15 Nov).
    assert view_as(engine, CEO).driving_chain == [ids["C"], ids["D"], ids["H"]]


def test_phases_are_added_renamed_and_deleted_only_when_empty(plan):
    engine, ids = plan
    with session_scope(engine, write=True, actor=CEO) as s:
        new = create_phase(
            s,
            PhaseCreate(name="Settle in", start_date=date(2027, 9, 1), end_date=date(2027, 12, 15)),
            actor=CEO,
        )
        update_phase(s, new.id, PhaseUpdate(name="Settling in"), expected_version=1, actor=CEO)
    phases = view_as(engine, BOARD).phases
    assert [(p.name, p.position, p.milestones) for p in phases] == [
        ("Prepare", 1, 3),
        ("Hand over", 2, 3),
        ("Settling in", 3, 0),
    ]
    with (
        pytest.raises(ValidationFailed, match="still holds 3"),
        session_scope(engine, write=True, actor=CEO) as s,
    ):
        delete_phase(s, phases[0].id, expected_version=None, actor=CEO)
    with session_scope(engine, write=True, actor=CEO) as s:
        delete_phase(s, new.id, expected_version=2, actor=CEO)
    assert len(view_as(engine, BOARD).phases) == 2


@pytest.mark.parametrize("role", [Role.board, Role.staff, Role.treasurer, Role.mentor])
def test_only_the_ceo_and_admin_change_the_timeline(plan, role):
    engine, ids = plan
    with pytest.raises(PermissionDenied), session_scope(engine, write=True) as s:
        update_milestone(
            s,
            ids["D"],
            MilestoneUpdate(notes="x"),
            expected_version=None,
            today=TODAY,
            actor=bare_actor(role),
        )


def test_mentors_cannot_read_the_timeline(plan):
    engine, _ = plan
    with pytest.raises(PermissionDenied):
        view_as(engine, bare_actor(Role.mentor))
    assert view_as(engine, STAFF).counts.total == 5


def test_the_timeline_reads_in_a_fixed_number_of_queries(empty_db):
    """No query per milestone: the same statements for 6 milestones as for 60."""

    def count_queries(n: int) -> int:
        with session_scope(empty_db, write=True, actor=SYSTEM) as s:
            ph = f.phase(s, f"P{n}", date(2026, 1, 1), date(2027, 12, 31))
            previous = None
            for i in range(n):
                m = f.milestone(s, ph, title=f"M{n}-{i}", baseline_finish=date(2026, 3, 1))
                if previous is not None:
                    link(s, m, previous)
                previous = m
        seen = []
        listener = lambda *a, **k: seen.append(1)  # noqa: E731
        event.listen(empty_db, "before_cursor_execute", listener)
        try:
            view_as(empty_db, CEO)
        finally:
            event.remove(empty_db, "before_cursor_execute", listener)
        return len(seen)

    assert count_queries(6) == count_queries(60)


def test_the_demo_plan_tells_its_story(demo_db, actor_as):
    with session_scope(demo_db) as s:
        v = timeline_view(s, today=DEMO_TODAY, actor=actor_as("board"))
    # Two milestones slipped (listening sessions 42 days, knowledge inventory 15), one is late.
    assert [(m.slip_days, m.state) for m in v.slipped] == [(42, "at_risk"), (15, "late")]
    assert v.counts.late == 1
    titles = {m.id: m.title for m in v.milestones}
    chain = [titles[i] for i in v.driving_chain]
    assert chain[0] == "Board approves the departure-defined succession plan"
    assert chain[-1] == "Handover: successor holds full authority"
    assert "Key funder introductions completed" in chain
    assert v.handover_gap_days == 0 and v.conflicts == []


def test_a_limited_view_keeps_the_driving_chain_and_the_overdue_and_counts_everything(plan):
    engine, ids = plan
    with session_scope(engine) as s:
        v = timeline_view(s, today=TODAY, actor=CEO, limit=4)
    # The chain to the handover is C -> E -> H (3 milestones), then the overdue B: 4 kept; A and D
    # are left out of the lists but stay in the counts.
    assert {m.title for m in v.milestones} == {"C", "E", "H", "B"} and v.trimmed == 2
    assert [ids[t] for t in ("C", "E", "H")] == v.driving_chain
    names = {i: t for t, i in ids.items()}
    # D's links (D->B, D->C, H->D) go with it; E->C and H->E stay.
    kept = {(names[d.milestone_id], names[d.depends_on_id]) for d in v.dependencies}
    assert kept == {("E", "C"), ("H", "E")}
    assert [m.title for m in v.slipped] == ["C"] and [m.title for m in v.overdue] == ["B"]
    assert (v.counts.total, v.counts.slipped) == (6, 2)
    # Without a limit, or under it, nothing is trimmed.
    with session_scope(engine) as s:
        assert timeline_view(s, today=TODAY, actor=CEO, limit=6).trimmed == 0


# --- Issue 22: approved dates move only by re-baseline; a growing slip says why ----------------

ADMIN = bare_actor(Role.admin)


def test_the_ceo_cannot_move_a_baseline(plan):
    engine, ids = plan
    with pytest.raises(ValidationFailed) as err, session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(
            s,
            ids["C"],
            MilestoneUpdate(baseline_finish=date(2026, 12, 12)),
            expected_version=1,
            today=TODAY,
            actor=CEO,
        )
    assert err.value.problems[0][0] == "baseline_finish"
    assert "re-baseline" in err.value.problems[0][1]
    with pytest.raises(PermissionDenied), session_scope(engine, write=True, actor=CEO) as s:
        rebaseline_milestone(
            s,
            ids["C"],
            MilestoneRebaseline(
                baseline_start=date(2026, 8, 1),
                baseline_finish=date(2026, 12, 12),
                reason="Because I say so",
                resolution="none",
            ),
            expected_version=1,
            actor=CEO,
        )
    with session_scope(engine) as s:
        assert s.get(Milestone, ids["C"]).baseline_finish == date(2026, 10, 31)


@pytest.mark.parametrize("actor", [BOARD, ADMIN], ids=["board", "admin"])
def test_the_board_or_an_admin_rebaselines_with_a_reason_and_its_basis(plan, actor):
    engine, ids = plan
    new = MilestoneRebaseline(
        baseline_start=date(2026, 8, 1),
        baseline_finish=date(2026, 12, 12),
        reason="The search firm started a month late",
    )
    # Without the meeting or resolution it rests on: refused, next to that field.
    with (
        pytest.raises(ValidationFailed) as err,
        session_scope(engine, write=True, actor=actor) as s,
    ):
        rebaseline_milestone(s, ids["C"], new, expected_version=1, actor=actor)
    assert err.value.problems[0][0] == "board_meeting_id"
    with pytest.raises(ValueError):
        MilestoneRebaseline(
            baseline_start=date(2026, 8, 1), baseline_finish=date(2026, 12, 12), reason=""
        )
    new = new.model_copy(update={"resolution": "Resolution 2026-14, minutes of Nov 20"})
    with session_scope(engine, write=True, actor=actor) as s:
        rebaseline_milestone(s, ids["C"], new, expected_version=1, actor=actor)
    v = view_as(engine, CEO)
    c = next(m for m in v.milestones if m.title == "C")
    assert c.baseline_finish == date(2026, 12, 12) and c.slip_days == 0
    with session_scope(engine) as s:
        (change,) = milestone_date_changes(s, actor=BOARD)
    assert change.kind == "rebaseline" and change.reason == "The search firm started a month late"
    assert change.basis == "Resolution 2026-14, minutes of Nov 20"
    assert (change.old_finish, change.new_finish) == (date(2026, 10, 31), date(2026, 12, 12))


def test_a_forecast_that_grows_a_slip_asks_why_and_records_the_reason(plan):
    engine, ids = plan
    later = MilestoneUpdate(forecast_finish=date(2026, 12, 20))
    with pytest.raises(ValidationFailed) as err, session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(s, ids["C"], later, expected_version=1, today=TODAY, actor=CEO)
    field, message = err.value.problems[0]
    assert field == "forecast_reason" and "50 days" in message and "42 days" in message
    # Moving it earlier (a smaller slip) asks nothing.
    with session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(
            s,
            ids["C"],
            MilestoneUpdate(forecast_finish=date(2026, 12, 1)),
            expected_version=1,
            today=TODAY,
            actor=CEO,
        )
    with session_scope(engine, write=True, actor=CEO) as s:
        update_milestone(
            s,
            ids["C"],
            later.model_copy(update={"forecast_reason": "Two finalists asked for more time"}),
            expected_version=2,
            today=TODAY,
            actor=CEO,
        )
    with session_scope(engine) as s:
        (change,) = milestone_date_changes(s, actor=CEO)
    assert change.kind == "forecast" and change.reason == "Two finalists asked for more time"
    assert (change.old_finish, change.new_finish) == (date(2026, 12, 1), date(2026, 12, 20))


def test_counts_are_disjoint_and_add_up_to_the_milestones(plan):
    engine, ids = plan
    c = view_as(engine, CEO).counts
    # A slipped (done late), C slipped and not late, B late: on schedule D, E, H.
    assert (c.on_schedule, c.slipped_not_late, c.late) == (3, 2, 1)
    assert c.on_schedule + c.slipped_not_late + c.late == c.total


def test_the_handover_is_not_on_plan_while_its_driving_chain_has_a_late_milestone(plan):
    engine, ids = plan
    # C drives the handover; on 15 Dec its forecast (12 Dec) has passed and it is not done.
    v = view_as(engine, CEO, today=date(2026, 12, 15))
    assert v.chain_late == 1
    light = handover_light(v.handover_gap_days, v.chain_late)
    assert light.level != Level.green and light.word != "On plan"
    now = view_as(engine, CEO)
    assert handover_light(now.handover_gap_days, now.chain_late).word == "On plan"


def test_the_board_figures_handover_date_is_the_milestone_the_chain_ends_at(plan):
    """One query for the date (gfj_core.services.timeline.handover_forecast) picks what
    handover_chain picks: the latest-finishing handover milestone, the higher id on a tie."""
    from gfj_core.services.timeline import handover_chain, handover_forecast, schedule_rows

    engine, ids = plan

    def both():
        with session_scope(engine) as s:
            rows, edges = schedule_rows(s)
            target, _ = handover_chain(rows, edges)
            chosen = next(r.forecast_finish for r in rows if r.id == target)
            return handover_forecast(s), chosen

    quick, chain = both()
    assert quick == chain
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        h = s.get(Milestone, ids["H"])
        other = s.get(Milestone, ids["C"])
        # A second handover milestone finishing the same day (the tie) and one a day later.
        other.is_handover, other.forecast_finish = True, h.forecast_finish
    quick, chain = both()
    assert quick == chain
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        s.get(Milestone, ids["C"]).forecast_finish += timedelta(days=1)
    quick, chain = both()
    assert quick == chain
    with session_scope(engine) as s:
        assert quick == s.get(Milestone, ids["C"]).forecast_finish  # the later one now
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        for m in s.scalars(select(Milestone).where(Milestone.is_handover.is_(True))):
            m.is_handover = False
    with session_scope(engine) as s:
        assert handover_forecast(s) is None
