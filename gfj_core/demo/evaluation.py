"""Demo loader: the evaluation plan (programmes and events, survey rounds and themes, legacy
register, stories, campaigns, sector influence, the board's succession targets).

Events and survey rounds go through the same imports a staff member uses, so the demo proves
the import path as well as filling the pages.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.demo.source import read_yaml
from gfj_core.models import SuccessionTarget, SurveyAnswer, SurveyQuestion
from gfj_core.schemas.auth import SYSTEM
from gfj_core.schemas.evaluation import (
    CampaignCreate,
    InfluenceCreate,
    LegacyItemCreate,
    ProgrammeCreate,
    StoryCreate,
)
from gfj_core.services import community, impact, legacy, surveys, targets


def load(session: Session, demo_dir: Path) -> None:
    folder = demo_dir / "evaluation"
    data = read_yaml("evaluation/evaluation.yaml", demo_dir)

    for p in data["programmes"]:
        community.add_programme(session, data=ProgrammeCreate(**p), actor=SYSTEM)
    events = folder / "events.csv"
    community.import_events(
        session, filename=events.name, content=events.read_bytes(), actor=SYSTEM
    )

    for r in data["survey_rounds"]:
        path = folder / r["file"]
        content = path.read_bytes()
        suggestion = surveys.suggest_mapping(
            session, survey_key=r["survey"], filename=path.name, content=content, actor=SYSTEM
        )
        surveys.import_survey_responses(
            session,
            survey_key=r["survey"],
            filename=path.name,
            content=content,
            mapping={**suggestion.targets, **r.get("map", {})},
            default_group=r.get("group"),
            round_label=r["round"],
            actor=SYSTEM,
        )
    _tag_themes(session, data["themes"])

    for item in data["legacy"]:
        fields = {("value_name" if k == "value" else k): v for k, v in item.items()}
        legacy.add_legacy_item(session, data=LegacyItemCreate(**fields), actor=SYSTEM)
    for s in data["stories"]:
        legacy.add_story(session, data=StoryCreate(**s), actor=SYSTEM)
    for c in data["campaigns"]:
        impact.add_campaign(session, data=CampaignCreate(**c), actor=SYSTEM)
    for i in data["influence"]:
        impact.add_influence(session, data=InfluenceCreate(**i), actor=SYSTEM)
    session.flush()

    _set_targets(session, data["targets"])


def _tag_themes(session: Session, rules: list[dict]) -> None:
    """Tag every free-text answer that contains one of a theme's phrases."""
    rows = session.execute(
        select(SurveyAnswer.id, SurveyAnswer.text)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyQuestion.kind == "text", SurveyAnswer.text.is_not(None))
        .order_by(SurveyAnswer.id)
    ).all()
    for answer_id, text in rows:
        lowered = f" {text.lower()} "
        themes = [r["theme"] for r in rules if any(p in lowered for p in r["phrases"])]
        if themes:
            surveys.tag_answer(session, answer_id=answer_id, themes=themes, actor=SYSTEM)


def _set_targets(session: Session, spec: dict) -> None:
    """The board's targets as set on the day in the file; baselines measured then if not given."""
    set_on = spec["set_on"]
    providers = targets.registry()
    for t in spec["items"]:
        provider = providers.get(t["kpi"])
        if provider is None:  # that area is not built in this database: no target to show
            continue
        baseline = t.get("baseline")
        if baseline is None:
            baseline = targets.measure(session, provider, set_on)
        session.add(
            SuccessionTarget(
                kpi_key=t["kpi"],
                target_value=float(t["target"]),
                baseline_value=None if baseline is None else float(baseline),
                set_on=set_on,
                deadline=t["deadline"],
                note=t.get("note"),
            )
        )
