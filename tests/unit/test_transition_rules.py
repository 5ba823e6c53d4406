"""Transition rules on plain data, each against a small example worked out by hand."""

from datetime import date

import pytest

from gfj_core.metrics.transition import (
    GAP_NEVER_REHEARSED,
    GAP_NO_BACKUP,
    GAP_STALE_REHEARSAL,
    Link,
    backup_gaps,
    capable_counts,
    chain_ids,
    conflicts,
    depends_on_map,
    driving_chain,
    find_loop,
    function_risk,
    key_person_counts,
    loop_if_set,
    one_year_before,
    spare_days,
)

D = date


# --- Loops ------------------------------------------------------------------------------------------


def test_a_chain_without_a_loop_has_none():
    # 3 waits for 2, 2 waits for 1; 4 waits for 1 and 3.
    assert find_loop(depends_on_map([(3, 2), (2, 1), (4, 1), (4, 3)])) is None


def test_a_three_step_loop_is_found_and_returned_closed():
    loop = find_loop({1: [2], 2: [3], 3: [1]})
    # Whichever node the search starts from, the loop is those three, closed on its first node.
    assert loop[0] == loop[-1]
    assert sorted(loop[:-1]) == [1, 2, 3]


def test_a_loop_deeper_than_the_recursion_limit_is_found():
    n = 5000
    graph = {i: [i + 1] for i in range(n)}
    graph[n] = [0]
    loop = find_loop(graph)
    assert loop is not None and len(loop) == n + 2


def test_pointing_a_milestone_at_itself_is_the_loop_of_itself():
    assert loop_if_set({}, 7, [7]) == [7, 7]


def test_a_new_dependency_that_closes_a_loop_names_every_step():
    # Today: C waits for B, B waits for A. Making A wait for C closes A -> C -> B -> A.
    a, b, c = 1, 2, 3
    existing = {c: [b], b: [a]}
    assert loop_if_set(existing, a, [c]) == [a, c, b, a]


def test_a_new_dependency_elsewhere_in_the_graph_is_not_a_loop():
    existing = {3: [2], 2: [1]}
    assert loop_if_set(existing, 4, [3, 1]) is None
    # Replacing a milestone's dependencies drops its old ones: 2 -> 1 becomes 2 -> 5.
    assert loop_if_set({1: [2]}, 2, [5]) is None


# --- Driving chain ------------------------------------------------------------------------------


def test_spare_days_counts_whole_days_between_finish_and_start():
    assert spare_days(D(2027, 3, 31), D(2027, 4, 1)) == 0  # the next day: nothing spare
    assert spare_days(D(2027, 3, 31), D(2027, 4, 11)) == 10  # 1..10 April are spare
    assert spare_days(D(2027, 3, 31), D(2027, 3, 15)) == 0  # overlap is not negative slack


def test_the_driving_chain_steps_back_through_the_latest_finishing_prerequisite():
    # Handover H (starts 1 Sep) waits for X (finishes 31 Jul) and Y (finishes 15 Jul): X drives.
    # X (starts 1 May) waits for S (finishes 30 Apr); Y waits for T (finishes 1 Mar).
    # S (starts 1 Feb) waits for nothing.
    start = {
        "H": D(2027, 9, 1),
        "X": D(2027, 5, 1),
        "Y": D(2027, 5, 15),
        "S": D(2027, 2, 1),
        "T": D(2027, 1, 1),
    }
    finish = {
        "H": D(2027, 9, 1),
        "X": D(2027, 7, 31),
        "Y": D(2027, 7, 15),
        "S": D(2027, 4, 30),
        "T": D(2027, 3, 1),
    }
    ids = {name: i for i, name in enumerate(start, start=1)}
    s = {ids[k]: v for k, v in start.items()}
    f = {ids[k]: v for k, v in finish.items()}
    deps = {ids["H"]: [ids["Y"], ids["X"]], ids["X"]: [ids["S"]], ids["Y"]: [ids["T"]]}
    links = driving_chain(s, f, deps, ids["H"])
    # S -> X: 30 Apr to 1 May, 0 spare; X -> H: 31 Jul to 1 Sep, August's 31 days spare.
    assert links == [
        Link(from_id=ids["S"], to_id=ids["X"], slack_days=0),
        Link(from_id=ids["X"], to_id=ids["H"], slack_days=31),
    ]
    assert chain_ids(links, ids["H"]) == [ids["S"], ids["X"], ids["H"]]


def test_a_slip_elsewhere_can_take_over_the_chain():
    # Two prerequisites of the target; the second slips past the first and now drives.
    s = {1: D(2027, 1, 1), 2: D(2027, 1, 1), 3: D(2027, 6, 1)}
    f = {1: D(2027, 3, 1), 2: D(2027, 2, 1), 3: D(2027, 6, 1)}
    deps = {3: [1, 2]}
    assert chain_ids(driving_chain(s, f, deps, 3), 3) == [1, 3]
    f[2] = D(2027, 4, 1)
    assert chain_ids(driving_chain(s, f, deps, 3), 3) == [2, 3]


def test_equal_finishes_prefer_the_later_start_then_the_lower_id():
    s = {1: D(2027, 1, 1), 2: D(2027, 2, 1), 3: D(2027, 2, 1), 9: D(2027, 6, 1)}
    f = {1: D(2027, 3, 1), 2: D(2027, 3, 1), 3: D(2027, 3, 1), 9: D(2027, 6, 1)}
    assert chain_ids(driving_chain(s, f, {9: [1, 3, 2]}, 9), 9) == [2, 9]


def test_a_target_without_prerequisites_is_a_chain_of_one():
    assert driving_chain({1: D(2027, 1, 1)}, {1: D(2027, 1, 1)}, {}, 1) == []
    assert chain_ids([], 1) == [1]


def test_a_stored_loop_cannot_make_the_chain_spin():
    s = {1: D(2027, 1, 1), 2: D(2027, 1, 1)}
    f = {1: D(2027, 2, 1), 2: D(2027, 2, 1)}
    assert chain_ids(driving_chain(s, f, {1: [2], 2: [1]}, 1), 1) == [2, 1]


def test_starting_before_a_prerequisite_finishes_is_a_conflict_unless_done():
    start = {1: D(2027, 1, 1), 2: D(2027, 1, 20)}
    finish = {1: D(2027, 1, 31), 2: D(2027, 2, 28)}
    # 2 starts 20 Jan, 11 days before 1 finishes on 31 Jan.
    assert conflicts(start, finish, [(2, 1)]) == [(2, 1, 11)]
    assert conflicts(start, finish, [(2, 1)], done=[2]) == []
    start[2] = D(2027, 1, 31)  # the same day is allowed
    assert conflicts(start, finish, [(2, 1)]) == []


# --- Key-person risk ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capable", "others", "risk"),
    [
        (1, 0, "only_departing"),  # only she can do it
        (0, 0, "nobody"),
        (2, 1, "single"),  # she and one other: one person left after she goes
        (1, 1, "single"),
        (3, 2, "covered"),
    ],
)
def test_function_risk_is_who_is_left_after_the_departing_leader(capable, others, risk):
    assert function_risk(capable, others) == risk


def test_key_person_counts_add_up():
    counts = key_person_counts(["only_departing", "single", "only_departing", "covered"])
    assert counts == {"only_departing": 2, "nobody": 0, "single": 1, "covered": 1, "total": 4}


# --- Emergency plan gaps ------------------------------------------------------------------------

TODAY = D(2026, 11, 22)


def test_a_function_without_a_backup_never_rehearsed_has_two_gaps():
    assert backup_gaps(False, None, TODAY) == [GAP_NO_BACKUP, GAP_NEVER_REHEARSED]


def test_a_rehearsal_exactly_a_year_ago_still_counts_but_the_day_before_does_not():
    assert backup_gaps(True, D(2025, 11, 22), TODAY) == []
    assert backup_gaps(True, D(2025, 11, 21), TODAY) == [GAP_STALE_REHEARSAL]


def test_a_recent_rehearsal_with_a_backup_has_no_gap():
    assert backup_gaps(True, D(2026, 9, 10), TODAY) == []


def test_a_year_before_the_29th_of_february_is_the_28th():
    assert one_year_before(D(2028, 2, 29)) == D(2027, 2, 28)


def test_capable_counts_count_can_do_and_expert_and_leave_out_the_departing_leader():
    levels = {1: "expert", 2: "can_do", 3: "learning", 4: "can_do"}
    assert capable_counts(levels, departing=2) == (3, 2)  # 1, 2 and 4 can; 1 and 4 stay
    assert capable_counts(levels, departing=None) == (3, 3)
    assert capable_counts({2: "expert"}, departing=2) == (1, 0)  # only_departing
    assert capable_counts({3: "learning"}, departing=2) == (0, 0)  # nobody
    assert capable_counts({}, departing=2) == (0, 0)
