"""Rules for the transition plan on plain data: loops among dependencies, the chain of milestones
that drives the handover date, who still covers a function after the departing leader goes, and
the gaps of the emergency backup plan. No database here; every function is linear in its input."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

# --- Dependencies -----------------------------------------------------------------------------


def depends_on_map(edges: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    """(milestone, depends_on) pairs -> milestone: the milestones it waits for."""
    out: dict[int, list[int]] = {}
    for milestone, depends_on in edges:
        out.setdefault(milestone, []).append(depends_on)
    return out


def find_loop(depends_on: Mapping[int, Sequence[int]]) -> list[int] | None:
    """A loop in the 'depends on' graph as [a, b, ..., a] (a depends on b ...), or None.

    Iterative depth-first search with three colours: linear in milestones + dependencies, and
    safe for chains far deeper than Python's recursion limit."""
    white, grey, black = 0, 1, 2
    colour: dict[int, int] = {}
    for root in depends_on:
        if colour.get(root, white) != white:
            continue
        colour[root] = grey
        path = [root]
        stack = [iter(depends_on.get(root, ()))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                stack.pop()
                continue
            state = colour.get(nxt, white)
            if state == grey:
                return path[path.index(nxt) :] + [nxt]
            if state == white:
                colour[nxt] = grey
                path.append(nxt)
                stack.append(iter(depends_on.get(nxt, ())))
    return None


def loop_if_set(
    depends_on: Mapping[int, Sequence[int]], milestone: int, new_depends_on: Iterable[int]
) -> list[int] | None:
    """The loop that giving `milestone` these dependencies would create, or None.

    A self-reference is the loop [m, m]. Only loops through `milestone` can be new, so the search
    starts there; the rest of the graph is assumed loop-free (the service never stores one)."""
    new = list(dict.fromkeys(new_depends_on))
    if milestone in new:
        return [milestone, milestone]
    graph = dict(depends_on)
    graph[milestone] = new
    # Walk from each new prerequisite; reaching `milestone` again closes a loop.
    parent: dict[int, int] = {}
    seen = {milestone}
    stack: list[int] = []
    for d in new:
        if d not in seen:
            seen.add(d)
            parent[d] = milestone
            stack.append(d)
    while stack:
        node = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == milestone:
                chain = [node]
                while chain[-1] != milestone:
                    chain.append(parent[chain[-1]])
                return [*reversed(chain), milestone]
            if nxt not in seen:
                seen.add(nxt)
                parent[nxt] = node
                stack.append(nxt)
    return None


def spare_days(finish: date, start: date) -> int:
    """Whole days between a prerequisite's finish and its dependant's start, neither counted:
    finishing on 31 Mar and starting on 1 Apr leaves 0 spare; overlapping leaves 0 too."""
    return max(0, (start - finish).days - 1)


@dataclass(frozen=True)
class Link:
    """`to_id` waits for `from_id`, with `slack_days` spare (see spare_days)."""

    from_id: int
    to_id: int
    slack_days: int


def driving_chain(
    start: Mapping[int, date],
    finish: Mapping[int, date],
    depends_on: Mapping[int, Sequence[int]],
    target: int,
) -> list[Link]:
    """The chain of milestones that drives `target`: from the target, step back each time to the
    prerequisite that finishes last (ties: the one that started last, then the lowest id), until
    a milestone with no prerequisites. A slip anywhere on it moves the target's start.

    Returns the links from the earliest milestone to the target. Each milestone's prerequisite
    list is read at most once, so it is linear in milestones + dependencies (and a stored loop,
    which the service refuses, cannot make it spin)."""
    links: list[Link] = []
    visited = {target}
    current = target
    while True:
        candidates = [d for d in depends_on.get(current, ()) if d not in visited and d in finish]
        if not candidates:
            break
        driver = max(candidates, key=lambda d: (finish[d], start.get(d, finish[d]), -d))
        slack = spare_days(finish[driver], start[current])
        links.append(Link(from_id=driver, to_id=current, slack_days=slack))
        visited.add(driver)
        current = driver
    links.reverse()
    return links


def chain_ids(links: Sequence[Link], target: int) -> list[int]:
    """The milestones of a driving chain in order, ending with the target."""
    if not links:
        return [target]
    return [links[0].from_id, *(link.to_id for link in links)]


def conflicts(
    start: Mapping[int, date],
    finish: Mapping[int, date],
    edges: Iterable[tuple[int, int]],
    done: Iterable[int] = (),
) -> list[tuple[int, int, int]]:
    """(milestone, depends_on, overlap days) where a milestone is forecast to start before a
    milestone it waits for finishes. Finished pairs are history, not a conflict."""
    finished = set(done)
    out = []
    for m, d in edges:
        if m in finished or m not in start or d not in finish:
            continue
        overlap = (finish[d] - start[m]).days
        if overlap > 0:
            out.append((m, d, overlap))
    return out


# --- Key-person risk --------------------------------------------------------------------------

CAPABLE_LEVELS = frozenset({"can_do", "expert"})


def capable_counts(levels: Mapping[int, str], departing: int | None) -> tuple[int, int]:
    """The inputs of function_risk from one function's levels (person id -> level): people who
    can do it, and those of them who are not the departing leader. The same counts as
    services.continuity._capability_counts_query, which works them out in SQL without the
    levels."""
    capable = [person for person, level in levels.items() if level in CAPABLE_LEVELS]
    return len(capable), sum(1 for person in capable if person != departing)


def function_risk(capable_count: int, capable_others: int) -> str:
    """Who covers a function once the departing leader leaves.

    capable_count: people who can do it (can do or expert), the departing leader included.
    capable_others: the same, without the departing leader.
    only_departing (red): she alone can do it. nobody (red): no one can. single (amber): one
    person will be left. covered: two or more."""
    if capable_others == 0:
        return "only_departing" if capable_count > 0 else "nobody"
    if capable_others == 1:
        return "single"
    return "covered"


def key_person_counts(risks: Iterable[str]) -> dict[str, int]:
    counts = {"only_departing": 0, "nobody": 0, "single": 0, "covered": 0}
    for risk in risks:
        counts[risk] += 1
    counts["total"] = sum(counts.values())
    return counts


# --- Emergency backup plan --------------------------------------------------------------------

GAP_NO_BACKUP = "No backup"
GAP_NEVER_REHEARSED = "Never rehearsed"
GAP_STALE_REHEARSAL = "Rehearsed over a year ago"


def one_year_before(day: date) -> date:
    """The same calendar day a year earlier (29 Feb falls back to 28 Feb)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def backup_gaps(has_backup: bool, last_rehearsed: date | None, today: date) -> list[str]:
    """The gaps of one priority function, as words. A rehearsal exactly a year ago still counts;
    the day before that is over a year old."""
    gaps = []
    if not has_backup:
        gaps.append(GAP_NO_BACKUP)
    if last_rehearsed is None:
        gaps.append(GAP_NEVER_REHEARSED)
    elif last_rehearsed < one_year_before(today):
        gaps.append(GAP_STALE_REHEARSAL)
    return gaps


# --- Lights of continuity (issue 22): decided here, drawn by the continuity page.


def _either(bad: bool, red_word: str, green_word: str):
    from gfj_core.metrics.lights import Level, Light

    return (
        Light(level=Level.red, word=red_word) if bad else Light(level=Level.green, word=green_word)
    )


def key_person_light(only_departing: int):
    """Critical functions nobody but the departing leader can do."""
    return _either(bool(only_departing), "Key-person risk", "None only hers")


def relationships_light(held_only_by_departing: int):
    """Funders, partners, officials and vendors nobody else knows yet."""
    return _either(bool(held_only_by_departing), "Not yet shared", "All shared")


def emergency_plan_light(functions_with_gaps: int):
    """Priority functions without a backup or a rehearsal in the last year."""
    return _either(bool(functions_with_gaps), "Gaps", "No gaps")


def condition_light(value: str):
    """One of the three conditions of the founder's continuing role: met, not met or unknown."""
    from gfj_core.metrics.lights import Level, Light
    from gfj_core.schemas.transition import CONDITION_WORDS

    level = {"met": Level.green, "not_met": Level.red, "unknown": Level.amber}[value]
    return Light(level=level, word=CONDITION_WORDS[value])
