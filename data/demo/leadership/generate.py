"""Write the leadership demo's CSV files from the story below, with a fixed seed.

    .venv/bin/python data/demo/leadership/generate.py

The CSVs are committed; run this only to change the story. Everything here is fictional. The
story, as of 22 November 2026:
- Jamal Whitaker grew fastest: rated ready now in May 2026 and placed as Deputy Director.
- Elena Marquez, Darius Coleman and Sofia Benitez moved from 3+ years to 1-2 years; Darius
  became Co-Director of Justice League NYC.
- Kiara Thompson and Rosa Delgado (the 2025 cohort) are growing steadily, still 3+ years.
- Malik Hassan stalled: his scores are flat, his goals behind, and his sessions with Grace
  Nakamura-Ellis lapsed after September (the one stale mentoring relationship).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
AS_OF = date(2026, 11, 22)
SEED = 2026

COMPETENCIES = [
    "Kingian nonviolence practice",
    "Cultural organizing",
    "Fundraising and funder relations",
    "Financial stewardship",
    "Board and governance",
    "People leadership",
    "Policy and advocacy",
    "Public voice and media",
    "Strategic thinking",
]
CEO = "Carmen Perez-Jordan"
YVETTE, BERNARD, GRACE, THOMAS = (
    "Yvette Sandoval",
    "Bernard Ashby",
    "Grace Nakamura-Ellis",
    "Thomas Reyes-Quinn",
)

# leader: cohort start, baseline and latest competency scores (in COMPETENCIES order),
# readiness ratings (date, level, note).
LEADERS = {
    "Jamal Whitaker": dict(
        cohort=date(2024, 11, 1),
        base=[3, 3, 2, 2, 2, 3, 3, 3, 3],
        last=[5, 4, 4, 4, 4, 5, 4, 4, 5],
        readiness=[
            (
                date(2024, 11, 19),
                "ready_3_plus_years",
                "Strong programme lead; little exposure to funders or the board yet.",
            ),
            (
                date(2025, 5, 20),
                "ready_1_2_years",
                "Owns the programme budget now and presented to the board twice.",
            ),
            (
                date(2025, 11, 18),
                "ready_1_2_years",
                "On track; next step is holding two funder relationships himself.",
            ),
            (
                date(2026, 5, 19),
                "ready_now",
                "Could lead the organisation today with board and mentor support.",
            ),
            (date(2026, 11, 17), "ready_now", "Confirmed after three months as Deputy Director."),
        ],
    ),
    "Elena Marquez": dict(
        cohort=date(2024, 11, 1),
        base=[2, 3, 2, 2, 1, 2, 3, 2, 2],
        last=[4, 4, 4, 3, 3, 4, 4, 3, 4],
        readiness=[
            (
                date(2024, 11, 19),
                "ready_3_plus_years",
                "Excellent California programme manager; new to managing managers.",
            ),
            (date(2025, 5, 20), "ready_3_plus_years", "Growing quickly in people leadership."),
            (
                date(2025, 11, 18),
                "ready_1_2_years",
                "Runs the California portfolio end to end; needs board exposure.",
            ),
            (date(2026, 5, 19), "ready_1_2_years", "Steady; first funder renewals led on her own."),
            (
                date(2026, 11, 17),
                "ready_1_2_years",
                "Chief Program Officer material within the year.",
            ),
        ],
    ),
    "Darius Coleman": dict(
        cohort=date(2024, 11, 1),
        base=[3, 2, 1, 2, 2, 2, 3, 2, 2],
        last=[4, 3, 3, 3, 3, 4, 4, 4, 3],
        readiness=[
            (
                date(2024, 11, 19),
                "ready_3_plus_years",
                "Gifted organizer; management and money are new to him.",
            ),
            (date(2025, 5, 20), "ready_3_plus_years", "Took on the Justice League NYC budget."),
            (
                date(2025, 11, 18),
                "ready_1_2_years",
                "Ready to co-lead Justice League NYC with support.",
            ),
            (date(2026, 5, 19), "ready_1_2_years", "Co-director appointment agreed for July."),
            (
                date(2026, 11, 17),
                "ready_1_2_years",
                "Doing well as co-director; one more budget cycle.",
            ),
        ],
    ),
    "Sofia Benitez": dict(
        cohort=date(2025, 3, 1),
        base=[2, 3, 1, 1, 1, 2, 2, 2, 2],
        last=[4, 4, 3, 3, 3, 3, 4, 3, 3],
        readiness=[
            (
                date(2025, 3, 18),
                "ready_3_plus_years",
                "Strong Justice League CA organizer, new to leading staff.",
            ),
            (date(2025, 11, 18), "ready_3_plus_years", "Good first year; finance still a gap."),
            (date(2026, 5, 19), "ready_1_2_years", "Led the Sacramento campaign and its budget."),
            (
                date(2026, 11, 17),
                "ready_1_2_years",
                "On course for the Justice League CA directorship.",
            ),
        ],
    ),
    "Kiara Thompson": dict(
        cohort=date(2025, 3, 1),
        base=[2, 3, 1, 1, 1, 1, 2, 3, 2],
        last=[3, 4, 2, 2, 2, 3, 3, 4, 3],
        readiness=[
            (
                date(2025, 3, 18),
                "ready_3_plus_years",
                "Talented communicator; first time managing anyone.",
            ),
            (date(2025, 11, 18), "ready_3_plus_years", "Now supervises the digital associate."),
            (
                date(2026, 5, 19),
                "ready_3_plus_years",
                "Growing; needs budget and board experience.",
            ),
            (date(2026, 11, 17), "ready_3_plus_years", "Clear progress in people leadership."),
        ],
    ),
    "Malik Hassan": dict(
        cohort=date(2024, 11, 1),
        base=[2, 2, 3, 2, 1, 2, 2, 2, 2],
        last=[2, 2, 3, 2, 2, 2, 2, 3, 2],
        # Grew in his first nine months, then stopped.
        stalled_from=date(2025, 8, 15),
        readiness=[
            (
                date(2024, 11, 19),
                "ready_3_plus_years",
                "Reliable grant writer; wants to lead development.",
            ),
            (date(2025, 5, 20), "ready_3_plus_years", "Good first six months."),
            (date(2025, 11, 18), "ready_3_plus_years", "Progress has slowed; workload is heavy."),
            (
                date(2026, 5, 19),
                "ready_3_plus_years",
                "Stalled. Agreed a lighter grant load to make room to grow.",
            ),
            (
                date(2026, 11, 17),
                "ready_3_plus_years",
                "Still stalled; mentoring has lapsed. Plan a reset.",
            ),
        ],
    ),
    "Rosa Delgado": dict(
        cohort=date(2025, 3, 1),
        base=[2, 2, 1, 1, 1, 1, 3, 2, 2],
        last=[3, 3, 2, 3, 2, 3, 4, 3, 4],
        readiness=[
            (date(2025, 3, 18), "ready_3_plus_years", "Sharp policy mind; early in her career."),
            (
                date(2025, 11, 18),
                "ready_3_plus_years",
                "Drafted testimony for the Raise the Age hearings.",
            ),
            (date(2026, 5, 19), "ready_3_plus_years", "Growing fast in strategy."),
            (date(2026, 11, 17), "ready_3_plus_years", "Could be 1-2 years by the spring review."),
        ],
    ),
}

# (leader, mentor): days between sessions (mean), primary?, last session (None: recent).
PAIRS = [
    ("Jamal Whitaker", YVETTE, 17, True),
    ("Jamal Whitaker", GRACE, 30, False),
    ("Elena Marquez", YVETTE, 18, True),
    ("Darius Coleman", THOMAS, 17, True),
    ("Sofia Benitez", THOMAS, 18, True),
    ("Sofia Benitez", YVETTE, 32, False),
    ("Kiara Thompson", BERNARD, 18, True),
    ("Malik Hassan", GRACE, 21, True),
    ("Rosa Delgado", BERNARD, 19, True),
]
MALIK_LAST_SESSION = date(2026, 9, 24)

TOPICS = {
    "Jamal Whitaker": [
        "Board relations",
        "Strategy",
        "Funder relationships",
        "Managing people",
        "Budget and finance",
        "Transition planning",
        "Self-care and boundaries",
    ],
    "Elena Marquez": [
        "Managing people",
        "Budget and finance",
        "Funder relationships",
        "Cultural organizing",
        "Board relations",
        "Strategy",
    ],
    "Darius Coleman": [
        "Budget and finance",
        "Managing people",
        "Policy and advocacy",
        "Kingian nonviolence",
        "Public speaking and media",
        "Strategy",
    ],
    "Sofia Benitez": [
        "Budget and finance",
        "Policy and advocacy",
        "Managing people",
        "Kingian nonviolence",
        "Self-care and boundaries",
        "Fundraising",
    ],
    "Kiara Thompson": [
        "Public speaking and media",
        "Managing people",
        "Budget and finance",
        "Board relations",
        "Cultural organizing",
    ],
    "Malik Hassan": [
        "Fundraising",
        "Funder relationships",
        "Career path",
        "Budget and finance",
        "Self-care and boundaries",
    ],
    "Rosa Delgado": [
        "Policy and advocacy",
        "Strategy",
        "Public speaking and media",
        "Managing people",
        "Budget and finance",
    ],
}
NOTES = {
    "Board relations": [
        "Walked through the board calendar and who needs what before each meeting.",
        "Rehearsed the programme report for the next board meeting; tightened it to three points.",
        "Talked about building one-to-one relationships with each committee chair.",
    ],
    "Strategy": [
        "Mapped the next three years of the programme against the mission; chose two things to stop.",
        "Discussed how to say no to good opportunities that pull away from the core work.",
        "Worked on a one-page strategy for the coming year.",
    ],
    "Funder relationships": [
        "Planned the renewal conversation with the foundation's program officer.",
        "Reviewed the last funder report together; agreed how to tell the story with numbers.",
        "Role-played a difficult funder call about a delayed deliverable.",
    ],
    "Fundraising": [
        "Built a prospect list for the spring and ranked it by fit.",
        "Reviewed the draft proposal; the ask and the budget now match.",
        "Talked through asking an individual donor for a first gift.",
    ],
    "Managing people": [
        "Prepared for a hard feedback conversation with a team member.",
        "Set up a simple one-to-one rhythm for direct reports.",
        "Discussed delegating the weekly reporting so there is time for strategy.",
    ],
    "Budget and finance": [
        "Read the monthly accounts together line by line; spotted the restricted-fund overspend early.",
        "Built next year's programme budget from the activities up.",
        "Went through cash flow for the summer months and what to do if a gift is late.",
    ],
    "Kingian nonviolence": [
        "Prepared to co-facilitate a Level I training with young people in the Bronx.",
        "Used the six steps to plan the response to a conflict between partner groups.",
        "Reflected on leading with nonviolence inside the team, not only in campaigns.",
    ],
    "Cultural organizing": [
        "Planned how to bring two artists into the campaign as organizers, not performers.",
        "Talked about the concert partnership and what the community should get from it.",
    ],
    "Policy and advocacy": [
        "Drafted testimony for the committee hearing and practised the first two minutes.",
        "Mapped the coalition for the bill and who can move each undecided legislator.",
        "Debriefed the lobby day; agreed follow-ups with legislative staff.",
    ],
    "Public speaking and media": [
        "Practised three key messages for a press interview.",
        "Reviewed the recording of the panel; slowed down and used more stories.",
        "Prepared for a live radio segment on youth incarceration.",
    ],
    "Self-care and boundaries": [
        "Talked about workload and protecting one evening a week.",
        "Agreed what to hand off during the busy legislative season.",
    ],
    "Career path": [
        "Talked about what the Director of Development role needs that the current job does not give.",
        "Revisited the development plan and what has slipped.",
    ],
    "Transition planning": [
        "Discussed the first 90 days as a possible successor and what to learn from the CEO now.",
        "Talked about how to honour the founder's legacy while setting a new direction.",
    ],
}
PRIVATE = [
    "Seemed tired and distracted; ask about workload before anything else next time.",
    "Hinted at an outside job offer. Keep this to myself for now.",
    "Tension with a colleague is affecting the team; raise it carefully.",
    "Personal matters at home this month. Go gently on deadlines.",
    "Not yet confident enough to push back on the CEO; work on this.",
    "Ambition is clear but patience is short; watch for burnout.",
    "Asked me not to share their doubts about the directorship with anyone.",
]
ACTIONS = {
    "Board relations": [
        "Send the board report draft to the CEO",
        "Meet the finance committee chair",
    ],
    "Strategy": ["Write the one-page strategy draft", "List three things to stop doing"],
    "Funder relationships": [
        "Email the program officer with the update",
        "Draft the renewal outline",
    ],
    "Fundraising": ["Finish the prospect list", "Send the proposal draft for review"],
    "Managing people": ["Hold the feedback conversation", "Schedule one-to-ones for the quarter"],
    "Budget and finance": [
        "Reforecast the programme budget",
        "Review restricted funds with finance",
    ],
    "Kingian nonviolence": [
        "Prepare the Level I training agenda",
        "Debrief the training with the co-trainer",
    ],
    "Cultural organizing": ["Call the two artists about the campaign"],
    "Policy and advocacy": ["Finalise the hearing testimony", "Follow up with the committee staff"],
    "Public speaking and media": ["Write three key messages", "Watch the panel recording"],
    "Self-care and boundaries": ["Block one evening a week"],
    "Career path": ["Update the development plan"],
    "Transition planning": ["Shadow the CEO at the next funder meeting"],
}
EXPOSURES = {
    "Jamal Whitaker": [
        (
            "2025-01-22",
            "board_meeting",
            "Presented the programme report at the January board meeting",
        ),
        ("2025-03-12", "funder_call", "Led the renewal call with the youth-justice foundation"),
        ("2025-04-01", "budget", "Took ownership of the $420,000 programme budget"),
        ("2025-06-18", "board_meeting", "Joined the board's finance committee as staff lead"),
        ("2025-09-17", "press", "Quoted in a city newspaper on the Raise the Age anniversary"),
        ("2025-10-22", "board_meeting", "Presented next year's programme plan to the full board"),
        ("2026-02-04", "testimony", "Testified to the City Council on youth diversion"),
        ("2026-03-19", "funder_call", "Closed a two-year grant on his own"),
        ("2026-06-10", "partner", "Negotiated the partnership agreement with a Bronx youth centre"),
        ("2026-09-23", "board_meeting", "Ran the September board meeting as Deputy Director"),
        (
            "2026-10-15",
            "funder_call",
            "Introduced to the three largest funders as successor candidate",
        ),
    ],
    "Elena Marquez": [
        ("2025-02-19", "budget", "Owned the California programme budget"),
        ("2025-07-16", "funder_call", "Co-led a site visit with a California funder"),
        ("2025-10-22", "board_meeting", "Presented the California programme to the board"),
        ("2026-03-11", "funder_call", "Led two funder renewals on her own"),
        ("2026-06-24", "board_meeting", "Attended the board retreat"),
        ("2026-10-08", "partner", "Chaired the California partners' convening"),
    ],
    "Darius Coleman": [
        ("2025-02-26", "testimony", "Testified in Albany on Raise the Age implementation"),
        ("2025-05-07", "budget", "Took on the Justice League NYC budget"),
        ("2025-10-22", "board_meeting", "Presented the Justice League NYC report to the board"),
        ("2026-01-28", "press", "Interviewed on local television about police accountability"),
        ("2026-04-15", "funder_call", "Led the renewal call with a New York funder"),
        ("2026-08-12", "partner", "Negotiated the coalition agreement for the fall campaign"),
    ],
    "Sofia Benitez": [
        ("2025-06-04", "testimony", "Testified in Sacramento on youth diversion"),
        ("2025-11-19", "budget", "Built the Justice League CA campaign budget"),
        ("2026-04-22", "board_meeting", "Presented the Sacramento campaign results to the board"),
        ("2026-08-26", "funder_call", "Co-led a funder call with Elena Marquez"),
    ],
    "Kiara Thompson": [
        ("2025-09-10", "press", "Pitched and placed the anniversary op-ed"),
        ("2026-03-04", "board_meeting", "Presented the communications plan to the board"),
        ("2026-09-30", "press", "Spokesperson at the fall campaign launch"),
    ],
    "Malik Hassan": [
        ("2025-04-09", "funder_call", "Sat in on a renewal call with the CEO"),
        ("2025-12-03", "board_meeting", "Attended the development committee"),
    ],
    "Rosa Delgado": [
        ("2025-06-11", "testimony", "Drafted and delivered testimony on police accountability"),
        ("2025-12-10", "partner", "Represented the Gathering in the statewide coalition"),
        ("2026-05-13", "board_meeting", "Briefed the board on the legislative agenda"),
        ("2026-10-21", "testimony", "Testified at the Assembly committee on Raise the Age data"),
    ],
}
GOALS = {
    "Jamal Whitaker": [
        ("Hold three funder relationships personally", "experience", "2026-06-30", 100, "done"),
        ("Chair the finance committee's budget review", "experience", "2026-10-31", 100, "done"),
        (
            "Build a peer network of executive directors",
            "relationship",
            "2026-12-31",
            70,
            "in_progress",
        ),
        ("Complete the board governance course", "training", "2025-12-31", 100, "done"),
        ("Lead the 2027 strategic plan process", "experience", "2027-06-30", 25, "in_progress"),
    ],
    "Elena Marquez": [
        (
            "Manage the California program managers directly",
            "experience",
            "2025-12-31",
            100,
            "done",
        ),
        ("Present to the board twice a year", "experience", "2026-12-31", 75, "in_progress"),
        ("Shadow the CEO in funder meetings", "relationship", "2026-09-30", 80, "in_progress"),
        ("Finish the nonprofit finance course", "training", "2025-09-30", 100, "done"),
    ],
    "Darius Coleman": [
        (
            "Own the Justice League NYC budget for a full year",
            "experience",
            "2026-04-30",
            100,
            "done",
        ),
        ("Co-direct Justice League NYC", "experience", "2027-06-30", 40, "in_progress"),
        ("Meet each New York funder with the CEO", "relationship", "2026-03-31", 100, "done"),
        ("Complete Kingian Nonviolence Level II", "training", "2025-10-31", 100, "done"),
    ],
    "Sofia Benitez": [
        ("Lead the Sacramento campaign end to end", "experience", "2026-06-30", 100, "done"),
        (
            "Build a relationship with two California funders",
            "relationship",
            "2026-12-31",
            50,
            "in_progress",
        ),
        ("Complete the board governance course", "training", "2026-12-31", 0, "not_started"),
        (
            "Supervise the new Justice League CA organizer",
            "experience",
            "2027-03-31",
            30,
            "in_progress",
        ),
    ],
    "Kiara Thompson": [
        ("Supervise the digital associate", "experience", "2026-06-30", 100, "done"),
        ("Own the communications budget", "experience", "2026-12-31", 45, "in_progress"),
        (
            "Find a communications-director mentor outside the sector",
            "relationship",
            "2026-09-30",
            60,
            "in_progress",
        ),
        ("Complete the nonprofit finance course", "training", "2027-03-31", 0, "not_started"),
    ],
    "Malik Hassan": [
        (
            "Lead one foundation renewal from start to finish",
            "experience",
            "2026-03-31",
            30,
            "in_progress",
        ),
        (
            "Build a major-donor pipeline of 20 prospects",
            "experience",
            "2026-06-30",
            15,
            "in_progress",
        ),
        (
            "Meet the development director of a peer organisation monthly",
            "relationship",
            "2026-06-30",
            10,
            "in_progress",
        ),
        ("Complete the nonprofit finance course", "training", "2025-12-31", 0, "not_started"),
        ("Present the fundraising plan to the board", "experience", "2025-10-31", 0, "dropped"),
    ],
    "Rosa Delgado": [
        ("Draft the 2027 legislative agenda", "experience", "2026-12-31", 80, "in_progress"),
        (
            "Lead the statewide coalition's policy table",
            "relationship",
            "2027-03-31",
            40,
            "in_progress",
        ),
        ("Complete the supervising and coaching course", "training", "2026-09-30", 100, "done"),
        ("Manage the policy fellow", "experience", "2027-06-30", 10, "in_progress"),
    ],
}
TRAINING = {  # position in training_modules.yaml -> completion date
    "Jamal Whitaker": {
        0: "2025-01-25",
        1: "2025-06-14",
        2: "2025-04-30",
        3: "2025-11-20",
        4: "2025-09-18",
        5: "2025-03-28",
        6: "2026-02-12",
    },
    "Elena Marquez": {
        0: "2025-01-25",
        1: "2025-10-04",
        2: "2025-09-12",
        3: "2026-02-19",
        4: "2026-04-23",
        5: "2025-05-30",
    },
    "Darius Coleman": {
        0: "2024-12-07",
        1: "2025-10-18",
        2: "2025-06-26",
        3: "2026-02-19",
        4: "2025-11-13",
        5: "2025-08-29",
        7: "2025-02-08",
    },
    "Sofia Benitez": {
        0: "2025-04-12",
        1: "2026-03-21",
        2: "2025-12-11",
        4: "2026-05-14",
        5: "2026-01-30",
        7: "2025-05-17",
    },
    "Kiara Thompson": {
        0: "2025-04-12",
        2: "2026-06-18",
        5: "2025-11-21",
        4: "2026-09-24",
        6: "2025-06-07",
    },
    "Malik Hassan": {0: "2025-01-25", 4: "2025-03-20"},
    "Rosa Delgado": {
        0: "2025-04-12",
        1: "2026-06-13",
        5: "2026-09-25",
        3: "2026-02-19",
        7: "2025-05-17",
    },
}


def weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def quarterly_dates(cohort: date) -> list[date]:
    """A baseline two weeks into the cohort, then the 15th of Feb / May / Aug / Nov."""
    dates = [cohort + timedelta(days=14)]
    d = date(cohort.year, cohort.month, 15)
    while d <= AS_OF:
        if d.month in (2, 5, 8, 11) and d > dates[0] + timedelta(days=45):
            dates.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 15)
    return dates


def assessments(rng: random.Random) -> list[dict]:
    rows = []
    for name, story in LEADERS.items():
        mentor = next(m for leader, m, _, primary in PAIRS if leader == name and primary)
        dates = quarterly_dates(story["cohort"])
        growth_end = story.get("stalled_from", dates[-1])
        span = (growth_end - dates[0]).days
        previous = list(story["base"])
        for n, on in enumerate(dates):
            share = min(1.0, (on - dates[0]).days / span)
            noise = 0.55 if on > growth_end else 0.45
            assessor = CEO if on.month in (5, 11) and n else mentor
            for i, competency in enumerate(COMPETENCIES):
                base, last = story["base"][i], story["last"][i]
                if n == 0:
                    score = base
                elif n == len(dates) - 1:
                    score = last
                else:
                    target = base + (last - base) * share
                    score = round(target + rng.uniform(-noise, noise))
                    # Growth is uneven but rarely goes backwards by more than a point.
                    score = max(score, previous[i] - 1, 1)
                    score = min(score, 5, max(base, last) + 1)
                previous[i] = score
                comment = ""
                if n == len(dates) - 1 and score - base >= 2:
                    comment = "Big step up since the start of the programme."
                elif n == len(dates) - 1 and score == base and name == "Malik Hassan":
                    comment = "No change this year."
                rows.append(
                    dict(
                        leader=name,
                        competency=competency,
                        assessed_on=on.isoformat(),
                        score=score,
                        assessor=assessor,
                        comment=comment,
                    )
                )
    return rows


def sessions(rng: random.Random) -> list[dict]:
    rows = []
    for leader, mentor, cadence, primary in PAIRS:
        cohort = LEADERS[leader]["cohort"]
        topics = TOPICS[leader]
        held = weekday(cohort + timedelta(days=rng.randint(5, 12) + (0 if primary else 10)))
        dates = []
        while held <= AS_OF - timedelta(days=2):
            dates.append(held)
            gap = cadence + rng.randint(-4, 5)
            if leader == "Malik Hassan" and held >= date(2026, 2, 1):
                gap = 38 + rng.randint(-3, 6)  # sessions thin out as he stalls
            held = weekday(held + timedelta(days=gap))
        if leader == "Malik Hassan":
            dates = [d for d in dates if d <= MALIK_LAST_SESSION]
            if dates[-1] != MALIK_LAST_SESSION:
                dates.append(MALIK_LAST_SESSION)
        elif dates[-1] < AS_OF - timedelta(days=24):
            # Every other relationship is current: a session in the last few weeks.
            dates.append(weekday(AS_OF - timedelta(days=rng.randint(8, 16))))
        for n, on in enumerate(dates):
            chosen = rng.sample(topics, k=rng.choice((1, 2, 2, 3)))
            notes = " ".join(rng.choice(NOTES[t]) for t in chosen)
            private = rng.choice(PRIVATE) if rng.random() < 0.22 else ""
            items = []
            for t in chosen[: rng.choice((0, 1, 1, 2))]:
                due = on + timedelta(days=rng.choice((7, 14, 14, 21, 28)))
                # Past actions are done, bar a few slipping in the last two months.
                recent = due >= AS_OF - timedelta(days=60)
                done = due < AS_OF - timedelta(days=3) and (not recent or rng.random() > 0.3)
                if leader == "Malik Hassan" and on >= date(2026, 6, 1):
                    done = False
                items.append(
                    f"{'[x] ' if done else ''}{rng.choice(ACTIONS[t])} @ {due.isoformat()}"
                )
            following = dates[n + 1] if n + 1 < len(dates) else None
            if following is None and leader != "Malik Hassan":
                following = weekday(on + timedelta(days=cadence))
            rows.append(
                dict(
                    leader=leader,
                    mentor=mentor,
                    date=on.isoformat(),
                    minutes=rng.choice((45, 60, 60, 60, 75, 90)),
                    topics="; ".join(chosen),
                    shared_notes=notes,
                    private_notes=private,
                    action_items="; ".join(items),
                    next_session=following.isoformat() if following else "",
                )
            )
    rows.sort(key=lambda r: (r["date"], r["leader"], r["mentor"]))
    return rows


def write(name: str, rows: list[dict]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(SEED)
    write(
        "readiness.csv",
        [
            dict(leader=name, rated_on=on.isoformat(), level=level, rater=CEO, note=note)
            for name, story in LEADERS.items()
            for on, level, note in story["readiness"]
        ],
    )
    write("assessments.csv", assessments(rng))
    write("sessions.csv", sessions(rng))
    write(
        "goals.csv",
        [
            dict(leader=name, title=t, kind=k, target_date=d, progress_pct=p, status=s)
            for name, goals in GOALS.items()
            for t, k, d, p, s in goals
        ],
    )
    write(
        "exposures.csv",
        [
            dict(leader=name, occurred_on=on, kind=kind, description=text)
            for name, items in EXPOSURES.items()
            for on, kind, text in items
        ],
    )
    modules = [
        m["name"] for m in yaml.safe_load((HERE / "training_modules.yaml").read_text())["modules"]
    ]
    write(
        "training_completions.csv",
        [
            dict(leader=name, module=modules[i], completed_on=on)
            for name, done in TRAINING.items()
            for i, on in sorted(done.items())
        ],
    )


if __name__ == "__main__":
    main()
