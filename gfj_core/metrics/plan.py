"""Schedule rules for milestones and the exit checklist."""

from __future__ import annotations

from datetime import date

from gfj_core.metrics.lights import Level, Light


def milestone_state(status: str, forecast_finish: date, today: date) -> str:
    """The status to show: 'late' is derived, never typed: not done and its forecast finish passed."""
    if status == "done":
        return "done"
    if forecast_finish < today:
        return "late"
    return status


def slip_days(baseline_finish: date, forecast_finish: date) -> int:
    """Days the forecast finish lies after the board-approved baseline (0 when on or ahead)."""
    return max(0, (forecast_finish - baseline_finish).days)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def elapsed_share(start: date | None, end: date | None, today: date) -> float | None:
    """How far today lies through [start, end], clamped to 0..1."""
    if start is None or end is None or end <= start:
        return None
    return min(1.0, max(0.0, (today - start).days / (end - start).days))


def pace_gap(done_share: float | None, elapsed: float | None) -> float | None:
    """How far completion trails elapsed time (0.2 = twenty points behind; negative = ahead)."""
    if done_share is None or elapsed is None:
        return None
    return elapsed - done_share


# --- Lights of the plan (issue 22): decided here once, drawn by every page, presenter mode and
# the packet. Each says in words what it judges.


def late_light(late: int) -> Light:
    """Milestones not done whose forecast finish has passed."""
    return (
        Light(level=Level.red, word="Act") if late else Light(level=Level.green, word="None late")
    )


def slipped_light(slipped_not_late: int) -> Light | None:
    """Forecasts past the approved finish that are not (yet) late; late ones count as late."""
    return Light(level=Level.amber, word="Watch") if slipped_not_late else None


def overdue_light(overdue: int) -> Light:
    """Exit-checklist items not done and past their due date."""
    if overdue:
        return Light(level=Level.red, word="Act")
    return Light(level=Level.green, word="None overdue")


def handover_light(gap_days: int | None, chain_late: int) -> Light:
    """The handover forecast against the planned date. It never reads "On plan" while a
    milestone on the chain that drives it is late: that lateness has not reached the date yet."""
    if gap_days is not None and gap_days > 0:
        return Light(level=Level.red, word="Later than planned")
    if chain_late:
        return Light(
            level=Level.amber,
            word=f"At risk: {chain_late} late on the driving chain",
        )
    return Light(level=Level.green, word="On plan")


_RANK = {Level.none: 0, Level.green: 1, Level.amber: 2, Level.red: 3}


def checklist_light(pace: Light, overdue: int) -> Light:
    """The exit checklist's one light (the overview's tile and the checklist page): its pace
    against time elapsed, made red by any overdue item."""
    if overdue and _RANK[pace.level] < _RANK[Level.red]:
        # The scorecard's four words only; the tile's caption says how many are overdue.
        return Light(level=Level.red, word="Act")
    return pace


def schedule_counts(counts) -> str:
    """One wording of the disjoint schedule counts (they add up to the milestones), the same on
    the overview's tile, the timeline, presenter mode and the packet (issue 22)."""
    c = counts
    return (
        f"{c.on_schedule} on schedule · {c.slipped_not_late} slipped · {c.late} late (of {c.total})"
    )


def schedule_caption(counts) -> str:
    return f"{schedule_counts(counts)} · {counts.due_next_30_days} due in the next 30 days"


def authority_light(totals) -> Light | None:
    """Authority transfers marked done: each must rest on a board resolution or minutes."""
    if not totals.authority_done:
        return None
    if totals.authority_done_without_resolution == 0:
        return Light(level=Level.green, word="All backed by a resolution")
    return Light(level=Level.red, word="Missing resolutions")


def handover_caption(gap_days: int | None, planned: date | None, chain_late: int) -> str:
    """Under the handover forecast: how far it is from the planned date, and what drives it."""
    from gfj_core.formatting import fmt_date

    if gap_days is None:
        words = "No planned handover date is set."
    elif gap_days > 0:
        words = f"{gap_days} days after the planned {fmt_date(planned)}"
    elif gap_days < 0:
        words = f"{-gap_days} days before the planned {fmt_date(planned)}"
    else:
        words = "On the planned date"
    if not chain_late:
        return words
    return words + (
        f" · {chain_late} milestone"
        + (
            " on the chain that drives it is late"
            if chain_late == 1
            else "s on the chain that drive it are late"
        )
    )


def slip_caption(slipped: int, biggest: int) -> str:
    """Under the "Slipped, not late" tile."""
    if not slipped:
        return "Every forecast is on its approved date."
    return (
        f"Forecast past the approved date · largest slip {biggest} days · "
        f"{slipped} past it in all, late ones included"
    )
