"""Regenerate the demo's survey exports and events file (deterministic: seeded).

    .venv/bin/python data/demo/evaluation/make_demo_files.py

Every respondent, answer and event is invented. The CSVs imitate the exports of three common
form tools so the demo exercises the real import: Google Forms (Timestamp, grid questions as
"Question [Row]"), Typeform (Submitted At at the end) and SurveyMonkey (Start Date / End Date
and a second header row).
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALUES = ("Collaboration", "Competency", "Culture", "Non-violence", "Innovation", "Integrity",
          "Performance", "Professionalism", "Responsibility")  # fmt: skip
GROUP_WORDS = {
    "board": "Board member",
    "staff": "Staff",
    "leader": "Emerging leader",
    "community": "Community member",
    "partner": "Partner organization",
}


def score(rng: random.Random, mean: float, spread: float = 0.75) -> int:
    return max(1, min(5, round(rng.gauss(mean, spread))))


def when(rng: random.Random, start: date, end: date) -> datetime:
    days = (end - start).days
    d = start + timedelta(days=rng.randint(0, days))
    return datetime(
        d.year, d.month, d.day, rng.randint(8, 21), rng.randint(0, 59), rng.randint(0, 59)
    )


def groups(rng: random.Random, counts: dict[str, int]) -> list[str]:
    out = [g for g, n in counts.items() for _ in range(n)]
    rng.shuffle(out)
    return out


def write(name: str, header: list[str], rows: list[list], extra_rows: list[list] = ()) -> None:
    with open(HERE / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in extra_rows:
            w.writerow(r)
        w.writerows(rows)


# --------------------------------------------------------------------------- values alignment

VALUES_COMMENTS = [
    "More training in Kingian nonviolence for new staff and volunteers.",
    "Bring young people from the Justice Leagues into planning, not just events.",
    "Try new ways of organizing online without losing the in-person work.",
    "Keep the founder's spirit: artists and culture at the centre of the movement.",
    "Report back to the community on what happened after each campaign.",
    "Clearer roles and follow-through between New York and California teams.",
    "Pay and support organizers so people can stay in the work.",
    "Share decisions about the transition openly with partners.",
    "More mentoring for emerging leaders by the elders.",
    "Measure results, not just activity: what changed for families?",
    "Partner with more grassroots groups in the Central Valley.",
    "Stay accountable to directly impacted young people.",
    "",
    "",
]
GRID = "How well do our activities live up to each of our values? [{v}]"
MEANS = {
    1: dict(zip(VALUES, (3.9, 3.6, 4.4, 4.7, 3.2, 4.5, 3.4, 3.7, 4.1), strict=True)),
    2: dict(zip(VALUES, (4.1, 3.8, 4.5, 4.7, 3.5, 4.4, 3.6, 3.9, 4.2), strict=True)),
}


def values_round(n: int, start: date, end: date, counts: dict[str, int]) -> None:
    rng = random.Random(7000 + n)
    header = ["Timestamp", "Which best describes you?", *[GRID.format(v=v) for v in VALUES],
              "What would bring our work closer to our values?"]  # fmt: skip
    rows = []
    for g in groups(rng, counts):
        t = when(rng, start, end)
        # Google Forms (US locale) writes M/D/YYYY H:MM:SS.
        stamp = f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}:{t.second:02d}"
        scores = [score(rng, MEANS[n][v]) for v in VALUES]
        rows.append([stamp, GROUP_WORDS[g], *scores, rng.choice(VALUES_COMMENTS)])
    rows.sort(key=lambda r: datetime.strptime(r[0], "%m/%d/%Y %H:%M:%S"))
    write(f"values_alignment_round{n}.csv", header, rows)


# --------------------------------------------------------------------------- future leadership

QUALITIES = [
    "Rooted in Kingian nonviolence",
    "Trusted by directly impacted communities",
    "Strategic and financial skill",
    "Coalition builder",
    "Cultural organizer (artists and culture)",
    "Policy and legislative experience",
    "Mentors and develops young leaders",
    "Keeps the founder's legacy alive",
]
QUALITY_WEIGHTS = [14, 22, 9, 12, 8, 6, 15, 10]
ORIGINS = ["From inside the organisation", "From the movement or a partner organisation",
           "An open outside search", "No preference"]  # fmt: skip
CARRY = [
    "The commitment to young people who have been locked up.",
    "Mr. Belafonte's belief that artists belong in the movement.",
    "Nonviolence as a discipline, not a slogan.",
    "Showing up in our neighborhoods, not only in Albany and Sacramento.",
    "Listening to families before deciding.",
    "Mentoring the next generation the way Carmen mentored us.",
    "The Justice Leagues' independence and energy.",
    "Honesty about money and about mistakes.",
    "Courage to take on the hard fights like Raise the Age.",
    "Joy and culture in the work.",
    "",
    "",
    "",
]


def future_leadership() -> None:
    rng = random.Random(7100)
    counts = {"community": 82, "partner": 24, "leader": 7, "staff": 10, "board": 9}
    header = ["#", "I am a...",
              "Which qualities matter most in the next leader of The Gathering? (choose up to three)",
              "How important is it that the next leader keeps our current programmes?",
              "How important is it that the community has a voice in choosing the next leader?",
              "Where should the next leader come from?",
              "In your own words: what must the next leader carry forward?",
              "Submitted At", "Network ID"]  # fmt: skip
    rows = []
    for i, g in enumerate(groups(rng, counts), start=1):
        t = when(rng, date(2026, 8, 6), date(2026, 11, 14))
        picks = []
        while len(picks) < rng.choice((2, 3, 3)):
            q = rng.choices(QUALITIES, QUALITY_WEIGHTS)[0]
            if q not in picks:
                picks.append(q)
        origin = rng.choices(ORIGINS, (44, 27, 12, 17) if g != "board" else (40, 20, 30, 10))[0]
        rows.append([
            f"r{i:04d}", GROUP_WORDS[g], ", ".join(picks),
            score(rng, 4.2, 0.7), score(rng, 4.5 if g == "community" else 3.9, 0.7),
            origin, rng.choice(CARRY), t.strftime("%Y-%m-%d %H:%M:%S"), f"n{rng.randint(10**6, 10**7)}",
        ])  # fmt: skip
    rows.sort(key=lambda r: r[7])
    write("future_leadership_qualities.csv", header, rows)


# --------------------------------------------------------------------------- leader preparedness

NEEDS = ["Fundraising and finance", "Public voice and media", "Policy and advocacy",
         "Managing people", "Working with the board"]  # fmt: skip
HELP = [
    "Shadowing the CEO in funder meetings.",
    "Leading a board committee presentation each quarter.",
    "A budget-building workshop with the finance manager.",
    "Media training before the commemoration events.",
    "More time with peers at other organisations.",
    "Clear authority over a programme budget.",
    "",
]


def leader_preparedness() -> None:
    rng = random.Random(7200)
    counts = {"staff": 9, "board": 8, "partner": 9, "leader": 0, "community": 0}
    relation = {"staff": "Staff", "board": "Board member", "partner": "Partner organization"}
    header = ["Respondent ID", "Start Date", "End Date", "Your relationship to the emerging leaders",
              "The emerging leaders are ready to take on more responsibility",
              "They understand the organisation's finances and fundraising",
              "They are trusted by community members and partners",
              "They practise Kingian nonviolence in how they lead",
              "They are prepared to represent the organisation in public",
              "Which area needs the most development?", "What would best help them prepare?"]  # fmt: skip
    sub = ["", "", "", "Response", "Response", "Response", "Response", "Response", "Response",
           "Response", "Open-Ended Response"]  # fmt: skip
    rows = []
    means = (3.8, 2.9, 4.3, 4.4, 3.3)
    for i, g in enumerate(groups(rng, {k: v for k, v in counts.items() if v}), start=1):
        end = when(rng, date(2026, 10, 5), date(2026, 10, 23))
        start = end - timedelta(minutes=rng.randint(4, 15))
        fmt = "%m/%d/%Y %I:%M:%S %p"
        rows.append([
            str(11400000 + i), start.strftime(fmt), end.strftime(fmt), relation[g],
            *[score(rng, m, 0.7) for m in means],
            rng.choices(NEEDS, (38, 22, 10, 18, 12))[0], rng.choice(HELP),
        ])  # fmt: skip
    rows.sort(key=lambda r: datetime.strptime(r[2], "%m/%d/%Y %I:%M:%S %p"))
    write("leader_preparedness.csv", header, rows, extra_rows=[sub])


# --------------------------------------------------------------------------- board self-assessment

BOARD_Q = ["The board understands the succession plan and its timeline",
           "The board has agreed the qualities it seeks in the next leader",
           "The board is confident in its role in selecting the successor",
           "Board members know the internal candidates' work first-hand",
           "The board monitors the transition with clear metrics",
           "The board has agreed the departing CEO's role after the handover",
           "Is the board ready to select a successor on the planned timeline?",
           "What does the board most need to do next?"]  # fmt: skip
BOARD_NEXT = [
    "Agree the position profile.",
    "Meet the internal candidates outside board meetings.",
    "Decide the founder-CEO's emeritus role in writing.",
    "Review the transition budget quarterly.",
    "Hear directly from the community listening sessions.",
    "",
]


def board_round(n: int, start: date, end: date, k: int) -> None:
    rng = random.Random(7300 + n)
    means = {1: (3.6, 2.8, 3.2, 2.6, 2.9, 2.7), 2: (4.3, 3.6, 3.7, 3.1, 3.9, 3.0)}[n]
    ready = {1: (1, 6, 3), 2: (4, 4, 2)}[n]
    rows = []
    for _ in range(k):
        t = when(rng, start, end)
        rows.append([
            f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}:{t.second:02d}",
            *[score(rng, m, 0.6) for m in means],
            rng.choices(["Yes", "Not yet", "Unsure"], ready)[0], rng.choice(BOARD_NEXT),
        ])  # fmt: skip
    rows.sort(key=lambda r: datetime.strptime(r[0], "%m/%d/%Y %H:%M:%S"))
    write(f"board_self_assessment_round{n}.csv", ["Timestamp", *BOARD_Q], rows)


# --------------------------------------------------------------------------- events

PROGRAMMES = {
    "Kingian Nonviolence Training": ("training", (18, 34), (0.55, 0.75), (4.3, 4.8)),
    "Justice League NYC": ("meeting", (28, 60), (0.15, 0.35), (4.0, 4.6)),
    "Justice League CA": ("meeting", (22, 50), (0.2, 0.4), (3.9, 4.5)),
    "Artists for Justice (cultural organizing)": ("cultural", (90, 260), (0.45, 0.7), (4.2, 4.8)),
    "Youth leadership circles": ("workshop", (12, 28), (0.25, 0.5), (4.2, 4.7)),
    "Community listening sessions": ("listening_session", (24, 58), (0.4, 0.65), (4.0, 4.6)),
}
PLACES_NY = ["Harlem", "the Bronx", "Brooklyn", "Queens", "Albany", "Buffalo"]
PLACES_CA = ["Oakland", "Los Angeles", "Fresno", "Sacramento", "San Diego", "Stockton"]


def events() -> None:
    rng = random.Random(7400)
    rows = []
    d = date(2025, 1, 1)
    end = date(2026, 11, 21)
    seen = set()

    def add(day, name, kind, state, programme, participants, new_share, feedback):
        if (day, name) in seen:
            return
        seen.add((day, name))
        new = round(participants * new_share)
        if feedback:
            forms = round(participants * rng.uniform(0.55, 0.85))
            score_ = round(rng.uniform(*feedback), 1)
        else:
            forms, score_ = 0, ""
        rows.append([day.isoformat(), name, kind, state, programme, participants, new,
                     participants - new, score_, forms or "", ""])  # fmt: skip

    while d <= end:
        growth = 1.0 + 0.18 * ((d - date(2025, 1, 1)).days / 700)
        for programme, (kind, (lo, hi), share, feedback) in PROGRAMMES.items():
            if programme == "Community listening sessions":
                if not (date(2026, 8, 1) <= d <= end):
                    continue
                per_month = 3
            elif programme == "Artists for Justice (cultural organizing)":
                per_month = 1 if d.month % 2 == 0 else 0
            else:
                per_month = 1 if programme != "Kingian Nonviolence Training" else 2
            for k in range(per_month):
                day = d + timedelta(days=rng.randint(2, 26))
                if day > end:
                    continue
                if programme.endswith("NYC"):
                    state = "NY"
                elif programme.endswith("CA"):
                    state = "CA"
                else:
                    state = "NY" if (k + d.month) % 2 else "CA"
                place = rng.choice(PLACES_NY if state == "NY" else PLACES_CA)
                label = {
                    "training": f"Kingian nonviolence Level I training ({place})",
                    "meeting": f"{programme} monthly community meeting ({place})",
                    "cultural": f"Artists for Justice showcase ({place})",
                    "workshop": f"Youth leadership circle ({place})",
                    "listening_session": f"Listening session on future leadership ({place})",
                }[kind]
                participants = round(rng.randint(lo, hi) * growth)
                add(day, label, kind, state, programme, participants, rng.uniform(*share), feedback)
        # Rallies and court watch: campaign moments, no feedback forms.
        if d.month in (3, 6, 10):
            day = d + timedelta(days=rng.randint(5, 20))
            if day <= end:
                state = "NY" if d.month != 6 else "CA"
                city = "Albany" if state == "NY" else "Sacramento"
                prog = "Justice League NYC" if state == "NY" else "Justice League CA"
                add(
                    day,
                    f"Rally for youth justice at the Capitol ({city})",
                    "rally",
                    state,
                    prog,
                    round(rng.randint(180, 520) * growth),
                    rng.uniform(0.35, 0.55),
                    None,
                )
        if d.month % 3 == 1:
            day = d + timedelta(days=rng.randint(3, 24))
            if day <= end:
                add(
                    day,
                    "Family court watch (Bronx)",
                    "court_watch",
                    "NY",
                    "Justice League NYC",
                    rng.randint(8, 18),
                    rng.uniform(0.1, 0.3),
                    None,
                )
        d = (d + timedelta(days=32)).replace(day=1)
    rows.sort(key=lambda r: (r[0], r[1]))
    header = ["date", "event", "kind", "state", "programme", "participants", "new_participants",
              "returning_participants", "feedback_score", "feedback_forms", "notes"]  # fmt: skip
    write("events.csv", header, rows)


if __name__ == "__main__":
    values_round(
        1,
        date(2026, 7, 6),
        date(2026, 7, 24),
        {"board": 8, "staff": 9, "leader": 7, "community": 30, "partner": 10},
    )
    values_round(
        2,
        date(2026, 10, 12),
        date(2026, 10, 30),
        {"board": 10, "staff": 9, "leader": 7, "community": 40, "partner": 12},
    )
    future_leadership()
    leader_preparedness()
    board_round(1, date(2026, 7, 13), date(2026, 7, 22), 9)
    board_round(2, date(2026, 11, 2), date(2026, 11, 13), 10)
    events()
