"""Synthetic evaluation plan: survey rounds, responses (50,000 at 100x) and their answers for
the built-in surveys the migration seeded, themes, community programmes and events, the legacy
register, stories, campaigns, sector influence and succession targets.
Shapes follow gfj_core/demo/evaluation.py."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta

from sqlalchemy import select

from bench.synth import NOW, TODAY, Synth, register
from gfj_core.models import (
    Campaign,
    CommunityEvent,
    CommunityProgramme,
    InfluenceItem,
    LegacyItem,
    Story,
    StoryValue,
    SuccessionTarget,
    SurveyAnswer,
    SurveyAnswerTheme,
    SurveyColumnMapping,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)

STAMP = {"created_at": NOW, "updated_at": NOW}
GROUPS = ("board", "staff", "leader", "community", "partner")
VALUES = (
    "Collaboration",
    "Competency",
    "Culture",
    "Non-violence",
    "Innovation",
    "Integrity",
    "Performance",
    "Professionalism",
    "Responsibility",
)
EVENT_KINDS = (
    "court_watch",
    "cultural",
    "listening_session",
    "meeting",
    "rally",
    "training",
    "workshop",
)
THEMES = ("Money and accountability", "Transparency", "Community voice", "Founder's legacy")
# The board's targets as the demo sets them (kpi keys must be ones the targets service knows).
TARGETS = (
    ("transition.checklist_done_share", 1.0, 0.05, date(2027, 8, 31)),
    ("transition.authority_transfers_done_share", 1.0, 0.0, date(2027, 7, 15)),
    ("transition.milestones_late", 0.0, 0.0, date(2027, 8, 31)),
    ("leadership.ready_now", 2.0, 1.0, date(2027, 4, 30)),
    ("surveys.board_self_assessment", 4.0, 3.0, date(2027, 3, 31)),
    ("surveys.future_leadership_voices", 200.0, 0.0, date(2026, 12, 31)),
    ("surveys.values_alignment", 4.2, 3.9, date(2027, 6, 30)),
    ("community.participants_12m", 5000.0, 3747.0, date(2027, 8, 31)),
    ("community.returning_share_12m", 0.6, 0.55, date(2027, 8, 31)),
    ("influence.adoptions", 5.0, 1.0, date(2027, 8, 31)),
    ("legacy.consented_stories", 12.0, 4.0, date(2027, 6, 30)),
)


def _surveys(s: Synth) -> None:
    rng = s.rng
    with s.engine.connect() as conn:
        questions = conn.execute(
            select(
                SurveyQuestion.survey_id,
                SurveyQuestion.id,
                SurveyQuestion.key,
                SurveyQuestion.kind,
                SurveyQuestion.options_json,
            ).order_by(SurveyQuestion.survey_id, SurveyQuestion.position)
        ).all()
    by_survey: dict[int, list] = {}
    for q in questions:
        by_survey.setdefault(q.survey_id, []).append(q)
    surveys = sorted(by_survey)
    if not surveys:  # a schema built without migration 0005's seeded surveys
        return

    # Rounds grow with the square root of the scale (2 per survey at 1x, 15 at 100x); the
    # responses (500 per demo unit) are shared evenly, so each round also grows.
    per_survey = max(2, round(1.5 * math.sqrt(s.scale)))
    n_rounds = per_survey * len(surveys)
    per_round = max(5, s.n(500) // n_rounds)
    rounds, responses, answers, tagged = [], [], [], []
    theme_ids: dict[int, list[int]] = {}
    themes, mappings = [], []
    for sid in surveys:
        for name in THEMES:
            themes.append({"id": len(themes) + 1, "survey_id": sid, "name": name})
            theme_ids.setdefault(sid, []).append(len(themes))
        mappings.append({"survey_id": sid, "source_column": "Timestamp", "target": "timestamp"})
        mappings.append({"survey_id": sid, "source_column": "I am a...", "target": "group"})
        for q in by_survey[sid]:
            mappings.append(
                {"survey_id": sid, "source_column": f"Q {q.key}", "target": f"question:{q.key}"}
            )
    rid, resp_id, ans_id = 0, 0, 0
    for k in range(per_survey):
        for sid in surveys:
            rid += 1
            closed = TODAY - timedelta(days=14 + 30 * (per_survey - 1 - k) + sid)
            opened = closed - timedelta(days=14)
            rounds.append(
                {
                    "id": rid,
                    "survey_id": sid,
                    "label": f"Round {k + 1}",
                    "opened_on": opened,
                    "closed_on": closed,
                    "response_count": per_round,
                    "source_filename": f"survey-{sid}-round-{k + 1}.csv",
                    "imported_at": datetime.combine(closed, datetime.min.time()),
                    "imported_by_user_id": 1,
                }
            )
            for row in range(per_round):
                resp_id += 1
                group = GROUPS[rng.randrange(len(GROUPS))]
                responses.append(
                    {
                        "id": resp_id,
                        "round_id": rid,
                        "submitted_at": datetime.combine(opened, datetime.min.time())
                        + timedelta(minutes=rng.randrange(0, 14 * 24 * 60)),
                        "stakeholder_group": group,
                        "source_row": row + 2,
                    }
                )
                base = {
                    "response_id": resp_id,
                    "round_id": rid,
                    "stakeholder_group": group,
                    "score": None,
                    "choice": None,
                    "text": None,
                }
                for q in by_survey[sid]:
                    if q.kind == "scale":
                        ans_id += 1
                        answers.append(
                            {**base, "id": ans_id, "question_id": q.id, "score": rng.randint(1, 5)}
                        )
                    elif q.kind in ("single", "multi"):
                        options = json.loads(q.options_json or "[]") or ["Yes"]
                        picks = 1 if q.kind == "single" else rng.randrange(1, 4)
                        for choice in rng.sample(options, min(picks, len(options))):
                            ans_id += 1
                            answers.append(
                                {**base, "id": ans_id, "question_id": q.id, "choice": choice}
                            )
                    elif rng.random() < 0.4:
                        ans_id += 1
                        answers.append(
                            {**base, "id": ans_id, "question_id": q.id, "text": "A comment."}
                        )
                        if rng.random() < 0.5:
                            tagged.append(
                                {"answer_id": ans_id, "theme_id": rng.choice(theme_ids[sid])}
                            )
    s.bulk(SurveyTheme, themes)
    s.bulk(SurveyColumnMapping, mappings)
    s.bulk(SurveyRound, rounds)
    s.bulk(SurveyResponse, responses)
    s.bulk(SurveyAnswer, answers, chunk=20000)
    s.bulk(SurveyAnswerTheme, tagged)


def _community_and_legacy(s: Synth) -> None:
    rng = s.rng
    n_prog = s.n(6)
    s.bulk(
        CommunityProgramme,
        [
            {
                "id": i,
                "name": f"Community programme {i}",
                "state": ("NY", "CA", "other")[i % 3],
                "description": "A community programme.",
                "active": True,
                "version": 1,
                **STAMP,
            }
            for i in range(1, n_prog + 1)
        ],
    )
    events = []
    span = 700
    for i in range(1, s.n(150) + 1):
        participants = rng.randrange(5, 80)
        forms = rng.randrange(0, participants)
        events.append(
            {
                "programme_id": rng.randrange(1, n_prog + 1) if rng.random() < 0.9 else None,
                "name": f"Event {i}",
                "held_on": TODAY - timedelta(days=rng.randrange(0, span)),
                "kind": rng.choice(EVENT_KINDS),
                "state": rng.choice(("NY", "CA")),
                "participants": participants,
                "new_participants": rng.randrange(0, participants + 1),
                "feedback_count": forms,
                "feedback_score": round(rng.uniform(3.0, 5.0), 1) if forms else None,
                "notes": None,
                "version": 1,
                **STAMP,
            }
        )
    s.bulk(CommunityEvent, events)
    s.bulk(
        LegacyItem,
        [
            {
                "kind": ("commemoration", "archive", "principle")[i % 3],
                "title": f"Legacy item {i}",
                "description": "Part of the founder's legacy.",
                "occurred_on": TODAY - timedelta(days=rng.randrange(0, 5000)) if i % 3 else None,
                "value_name": rng.choice(VALUES),
                "reference": None,
                "version": 1,
                **STAMP,
            }
            for i in range(1, s.n(16) + 1)
        ],
    )
    stories, story_values = [], []
    for i in range(1, s.n(10) + 1):
        consent = rng.random() < 0.7
        collected = TODAY - timedelta(days=rng.randrange(0, 900))
        stories.append(
            {
                "id": i,
                "title": f"Story {i}",
                "body": "What the programme changed for me.",
                "kind": rng.choice(("story", "testimonial")),
                "storyteller": f"Storyteller {i}",
                "collected_on": collected,
                "programme_id": rng.randrange(1, n_prog + 1),
                "consent": consent,
                "consent_on": collected if consent else None,
                "consent_note": None,
                "created_by_user_id": 6,
                "version": 1,
                **STAMP,
            }
        )
        for value in rng.sample(VALUES, rng.randrange(1, 3)):
            story_values.append({"story_id": i, "value_name": value})
    s.bulk(Story, stories)
    s.bulk(StoryValue, story_values)
    campaigns = []
    for i in range(1, s.n(14) + 1):
        stage = rng.choice(("introduced", "committee", "passed_one", "passed_both", "won", "lost"))
        started = date(2012, 1, 1) + timedelta(days=rng.randrange(0, 5000))
        campaigns.append(
            {
                "name": f"Campaign {i}",
                "kind": rng.choice(("bill", "campaign")),
                "jurisdiction": rng.choice(
                    ("New York State", "California", "New York City", "Los Angeles County")
                ),
                "bill_number": None,
                "issue": rng.choice(
                    (
                        "child_incarceration",
                        "police_accountability",
                        "racial_profiling",
                        "youth_justice",
                        "other",
                    )
                ),
                "stage": stage,
                "org_role": rng.choice(("led", "coalition", "supported", "testified")),
                "started_on": started,
                "decided_on": (
                    min(TODAY, started + timedelta(days=rng.randrange(100, 1500)))
                    if stage in ("won", "lost")
                    else None
                ),
                "outcome": None,
                "version": 1,
                **STAMP,
            }
        )
    s.bulk(Campaign, campaigns)
    s.bulk(
        InfluenceItem,
        [
            {
                "kind": ("speaking", "publication", "citation", "adoption")[i % 4],
                "title": f"Influence {i}",
                "organisation": f"Organisation {i % 37}",
                "occurred_on": TODAY - timedelta(days=rng.randrange(0, 1200)),
                "detail": None,
                "link": None,
                "version": 1,
                **STAMP,
            }
            for i in range(1, s.n(18) + 1)
        ],
    )
    s.bulk(
        SuccessionTarget,
        [
            {
                "kpi_key": key,
                "target_value": target,
                "baseline_value": baseline,
                "set_on": date(2026, 6, 15),
                "deadline": deadline,
                "note": None,
                "set_by_user_id": 2,
                "version": 1,
                **STAMP,
            }
            for key, target, baseline, deadline in TARGETS
        ],
    )


register("surveys", _surveys)
register("community", _community_and_legacy)
