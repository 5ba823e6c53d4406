"""Synthetic board meetings: meetings (10 per demo unit), attendance, decisions, action items
that carry over, and scorecard snapshots. Shapes follow gfj_core/demo/board.py."""

from __future__ import annotations

from datetime import timedelta

from bench.synth import NOW, TODAY, Synth, register
from gfj_core.models import (
    ActionItem,
    BoardMeeting,
    MeetingAttendance,
    MeetingDecision,
    ScorecardSnapshot,
)

STAMP = {"created_at": NOW, "updated_at": NOW}
TILES = (
    ("readiness_index", "Succession readiness index"),
    ("milestones", "Milestones done"),
    ("exit_checklist", "Exit checklist done"),
    ("leaders_ready", "Leaders ready now"),
    ("months_of_luna", "Months of LUNA"),
    ("founder_dependent_gifts", "Founder-dependent share of gifts"),
    ("known_only_to_leader", "Functions only the departing leader can do"),
    ("community_engagement", "Community participants (12 months)"),
    # Issue 20: the vital few that are not tiles, written beside them for a supporter.
    ("days_to_handover", "Days to handover"),
    ("milestones_slipped", "Milestones slipped"),
    ("months_of_cash", "Months of cash"),
)


def _board(s: Synth) -> None:
    rng = s.rng
    board_people = list(range(3, 14))  # persons 3-13 hold board roles (bench.synth)
    n = s.n(10, minimum=3)
    meetings, attendance, decisions, actions, snaps = [], [], [], [], []
    # The newest meeting is scheduled three weeks ahead; the rest were held, one every
    # 10 days going back (alternating board / succession committee).
    for i in range(1, n + 1):
        held_on = TODAY + timedelta(days=21) - timedelta(days=10 * (n - i))
        kind = "board" if i % 2 else "succession_committee"
        scheduled = i == n
        meetings.append(
            {
                "id": i,
                "held_on": held_on,
                "kind": kind,
                "title": f"Meeting {i}",
                "status": "scheduled" if scheduled else "held",
                "agenda": "Reports\nSuccession plan\nFinances",
                "version": 1,
                **STAMP,
            }
        )
        if scheduled:
            continue
        for pid in board_people:
            attendance.append({"meeting_id": i, "person_id": pid, "attended": rng.random() < 0.85})
        attendance.append({"meeting_id": i, "person_id": 2, "attended": True})
        for pos in range(1, rng.randrange(1, 3) + 1):
            decisions.append(
                {
                    "meeting_id": i,
                    "position": pos,
                    "text": f"Decision {pos} of meeting {i}.",
                    "reference": f"Resolution {i}-{pos}" if rng.random() < 0.3 else None,
                }
            )
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            due = held_on + timedelta(days=rng.randrange(14, 90))
            # Most old actions are closed; a few stay open and carry over to every meeting.
            status = (
                "open"
                if rng.random() < 0.08 or due > TODAY
                else rng.choice(("done", "done", "dropped"))
            )
            actions.append(
                {
                    "raised_meeting_id": i,
                    "title": f"Action from meeting {i}",
                    "owner_person_id": rng.choice(board_people),
                    "due_date": due,
                    "status": status,
                    "closed_on": None if status == "open" else min(due, TODAY),
                    "version": 1,
                    **STAMP,
                }
            )
        for key, label in TILES:
            value = round(rng.uniform(0, 100), 1)
            snaps.append(
                {
                    "meeting_id": i,
                    "tile_key": key,
                    "label": label,
                    "value": value,
                    "value_text": f"{value:.0f}",
                    "light": rng.choice(("green", "amber", "red")),
                }
            )
    s.bulk(BoardMeeting, meetings)
    s.bulk(MeetingAttendance, attendance)
    s.bulk(MeetingDecision, decisions)
    s.bulk(ActionItem, actions)
    s.bulk(ScorecardSnapshot, snaps)


register("board", _board)
