"""Surveys: the built-in questionnaires, importing a round of responses from a form tool's export
(with the column mapping remembered for the next round), results per round, and free-text
answers tagged with themes.

Results are a handful of grouped aggregates over `survey_answer`, whatever the number of
responses: no query per response or per question.
"""

from __future__ import annotations

import json
import re
from datetime import date

from sqlalchemy import delete, distinct, func, insert, or_, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.imports.common import cell_text, read_table
from gfj_core.imports.survey_responses import (
    IGNORE,
    parse_responses,
    round_dates,
    suggest_targets,
    target_choices,
)
from gfj_core.metrics.evaluation import SCALE, change, mean_of_distribution, ratio
from gfj_core.models import (
    Survey,
    SurveyAnswer,
    SurveyAnswerTheme,
    SurveyColumnMapping,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)
from gfj_core.models.base import utcnow
from gfj_core.schemas.evaluation import (
    GROUP_LABELS,
    STAKEHOLDER_GROUPS,
    BulkTagIn,
    BulkTagResult,
    EvaluationContext,
    MappingSuggestion,
    OptionCount,
    QuestionRead,
    QuestionResult,
    RoundRead,
    SurveyImportResult,
    SurveyRead,
    SurveyResults,
    SurveySummary,
    TextAnswerPage,
    TextAnswerRead,
    ThemeCount,
    TrendPoint,
)
from gfj_core.services.org_settings import load_org_settings

VALUES_ALIGNMENT = "values_alignment"
FUTURE_LEADERSHIP = "future_leadership_qualities"
LEADER_PREPAREDNESS = "leader_preparedness"
BOARD_SELF_ASSESSMENT = "board_self_assessment"
MAX_THEME_LENGTH = 80
# Below this many responses in either round, a change between them is easily chance.
MIN_RESPONSES_TO_COMPARE = 30
# A stakeholder group's share of the responses moving this much (0.15 = 15 points) between
# rounds makes "everyone" a different crowd: the change may be who answered, not what they think.
MIX_SHIFT = 0.15


# --------------------------------------------------------------------------- reading surveys


def evaluation_context(session: Session, *, actor) -> EvaluationContext:
    """The organisation's name, whether the demo is loaded, and when the transition began."""
    require(actor, "evaluation.read")
    settings = load_org_settings(session)
    return EvaluationContext(
        organisation_name=settings.organisation_name,
        demo=settings.demo_loaded,
        transition_start_date=settings.transition_start_date,
    )


def survey_row(session: Session, survey_key: str) -> Survey:
    survey = session.scalar(select(Survey).where(Survey.key == survey_key))
    if survey is None:
        raise NotFound(f"No survey '{survey_key}'.")
    return survey


def resolve_survey_key(session: Session, key_or_name: str) -> str:
    """A survey's key from its key or its name, any case ("Values alignment")."""
    wanted = key_or_name.strip().casefold()
    for key, name in session.execute(select(Survey.key, Survey.name)):
        if wanted in (key.casefold(), name.casefold()):
            return key
    known = "; ".join(f"{n} ({k})" for k, n in session.execute(select(Survey.key, Survey.name)))
    raise NotFound(f"No survey '{key_or_name}'. Surveys: {known}.")


def questions_of(session: Session, survey_id: int) -> list[QuestionRead]:
    rows = session.scalars(
        select(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey_id)
        .order_by(SurveyQuestion.position)
    )
    return [
        QuestionRead(
            id=q.id,
            key=q.key,
            position=q.position,
            text=q.text,
            kind=q.kind,
            options=json.loads(q.options_json) if q.options_json else [],
            value_name=q.value_name,
        )
        for q in rows
    ]


def rounds_of(session: Session, survey_id: int) -> list[RoundRead]:
    """The survey's rounds, oldest first (by the date the round closed)."""
    rows = session.scalars(
        select(SurveyRound)
        .where(SurveyRound.survey_id == survey_id)
        .order_by(SurveyRound.closed_on, SurveyRound.id)
    )
    return [
        RoundRead(
            id=r.id,
            label=r.label,
            opened_on=r.opened_on,
            closed_on=r.closed_on,
            response_count=r.response_count,
            source_filename=r.source_filename,
            imported_at=r.imported_at,
            version=r.version,
        )
        for r in rows
    ]


def _read(session: Session, survey: Survey) -> SurveyRead:
    return SurveyRead(
        id=survey.id,
        key=survey.key,
        name=survey.name,
        purpose=survey.purpose,
        audience=survey.audience,
        is_builtin=survey.is_builtin,
        questions=questions_of(session, survey.id),
        rounds=rounds_of(session, survey.id),
    )


def list_surveys(session: Session, *, actor) -> list[SurveySummary]:
    require(actor, "evaluation.read")
    surveys = session.scalars(select(Survey).order_by(Survey.id)).all()
    q_counts = dict(
        session.execute(
            select(SurveyQuestion.survey_id, func.count()).group_by(SurveyQuestion.survey_id)
        ).all()
    )
    rounds: dict[int, list] = {}
    for r in session.execute(
        select(
            SurveyRound.survey_id,
            SurveyRound.label,
            SurveyRound.closed_on,
            SurveyRound.response_count,
        ).order_by(SurveyRound.closed_on, SurveyRound.id)
    ):
        rounds.setdefault(r.survey_id, []).append(r)
    out = []
    for s in surveys:
        rs = rounds.get(s.id, [])
        out.append(
            SurveySummary(
                id=s.id,
                key=s.key,
                name=s.name,
                audience=s.audience,
                question_count=q_counts.get(s.id, 0),
                round_count=len(rs),
                total_responses=sum(r.response_count for r in rs),
                latest_round=rs[-1].label if rs else None,
                latest_closed_on=rs[-1].closed_on if rs else None,
            )
        )
    return out


def get_survey(session: Session, *, survey_key: str, actor) -> SurveyRead:
    require(actor, "evaluation.read")
    return _read(session, survey_row(session, survey_key))


# --------------------------------------------------------------------------- importing


def remembered_mapping(session: Session, survey_id: int) -> dict[str, str]:
    return dict(
        session.execute(
            select(SurveyColumnMapping.source_column, SurveyColumnMapping.target).where(
                SurveyColumnMapping.survey_id == survey_id
            )
        ).all()
    )


def suggest_mapping(
    session: Session, *, survey_key: str, filename: str, content: bytes, actor
) -> MappingSuggestion:
    """What each column of the file probably is: the mapping remembered from the last round
    first, then a guess from the header (question text, "Timestamp", "Which best describes
    you?")."""
    require(actor, "surveys.import")
    survey = survey_row(session, survey_key)
    table = read_table(filename, content)
    questions = questions_of(session, survey.id)
    headers = [h for h in table.header if h]
    targets, remembered = suggest_targets(
        headers, questions, remembered_mapping(session, survey.id)
    )
    samples = {}
    for i, h in enumerate(table.header):
        if not h:
            continue
        cells = (cell_text(cells[i]).strip() for _, cells in table.rows[:200] if i < len(cells))
        sample = next((c for c in cells if c), "")
        samples[h] = sample if len(sample) <= 60 else sample[:57] + "…"
    return MappingSuggestion(
        columns=headers,
        targets=targets,
        remembered=remembered,
        samples=samples,
        choices=target_choices(questions),
        rows=len(table),
        undecided=[h for h in headers if targets[h] == IGNORE and h not in remembered],
    )


def import_survey_responses(
    session: Session,
    *,
    survey_key: str,
    filename: str,
    content: bytes,
    mapping: dict[str, str | None],  # None: a column nobody decided (refused at row 1)
    default_group: str | None = None,
    round_label: str | None = None,
    actor,
) -> SurveyImportResult:
    """Import one round of responses, all or nothing, and remember the mapping for the next
    round. Every problem is reported by row (header = row 1) and column; nothing is written
    unless there are none."""
    require(actor, "surveys.import")
    survey = survey_row(session, survey_key)
    table = read_table(filename, content)
    questions = questions_of(session, survey.id)
    responses, problems = parse_responses(table, mapping, questions, default_group or None)
    existing = set(
        session.scalars(select(SurveyRound.label).where(SurveyRound.survey_id == survey.id))
    )
    label = re.sub(r"\s+", " ", (round_label or "").strip())
    if label and label in existing:
        problems.add(None, None, f"this survey already has a round called '{label}'")
    if len(label) > 80:
        problems.add(None, None, "the round's name is longer than 80 characters")
    problems.raise_if_any(f"{survey.name} responses")
    opened, closed = round_dates(responses)
    if not label:
        label = f"Round {len(existing) + 1} ({closed:%b %Y})"
        n = len(existing) + 1
        while label in existing:
            n += 1
            label = f"Round {n} ({closed:%b %Y})"

    rnd = SurveyRound(
        survey_id=survey.id,
        label=label,
        opened_on=opened,
        closed_on=closed,
        response_count=len(responses),
        source_filename=(filename or "")[:200] or None,
        imported_at=utcnow(),
        imported_by_user_id=getattr(actor, "user_id", None),
    )
    session.add(rnd)
    session.flush()

    response_ids = session.scalars(
        insert(SurveyResponse).returning(SurveyResponse.id, sort_by_parameter_order=True),
        [
            {
                "round_id": rnd.id,
                "submitted_at": r.submitted_at,
                "stakeholder_group": r.group,
                "source_row": r.row,
            }
            for r in responses
        ],
    ).all()
    question_ids = {q.key: q.id for q in questions}
    answers = [
        {
            "response_id": response_id,
            "round_id": rnd.id,
            "question_id": question_ids[a.question_key],
            "stakeholder_group": r.group,
            "score": a.score,
            "choice": a.choice,
            "text": a.text,
        }
        for r, response_id in zip(responses, response_ids, strict=True)
        for a in r.answers
    ]
    if answers:
        session.execute(insert(SurveyAnswer), answers)

    session.execute(delete(SurveyColumnMapping).where(SurveyColumnMapping.survey_id == survey.id))
    for header in table.header:
        if header:
            session.add(
                SurveyColumnMapping(
                    survey_id=survey.id, source_column=header[:300], target=mapping[header]
                )
            )
    session.flush()

    by_group: dict[str, int] = {}
    for r in responses:
        by_group[r.group] = by_group.get(r.group, 0) + 1
    return SurveyImportResult(
        survey_key=survey.key,
        survey_name=survey.name,
        round_id=rnd.id,
        round_label=label,
        responses=len(responses),
        answers=len(answers),
        by_group=by_group,
        mapping={h: mapping[h] for h in table.header if h},
    )


# --------------------------------------------------------------------------- results


def _pick_round(rounds: list[RoundRead], round_id: int | None):
    if not rounds and round_id is None:
        return None, None
    if round_id is None:
        i = len(rounds) - 1
    else:
        i = next((k for k, r in enumerate(rounds) if r.id == round_id), None)
        if i is None:
            raise NotFound("That round does not belong to this survey.")
    return rounds[i], (rounds[i - 1] if i > 0 else None)


def survey_results(
    session: Session,
    *,
    survey_key: str,
    round_id: int | None = None,
    group: str | None = None,
    actor,
) -> SurveyResults:
    """Counts, averages and distributions of one round (the latest by default), each beside
    the round before it; optionally for one stakeholder group."""
    require(actor, "evaluation.read")
    if group is not None and group not in STAKEHOLDER_GROUPS:
        raise ValidationFailed(f"'{group}' is not a stakeholder group.")
    survey = _read(session, survey_row(session, survey_key))
    current, previous = _pick_round(survey.rounds, round_id)
    if current is None:
        return SurveyResults(
            survey=survey,
            round=None,
            previous_round=None,
            group=group,
            responses=0,
            previous_responses=None,
            by_group={},
            overall_average=None,
            previous_overall_average=None,
            questions=[
                QuestionResult(question=q, answered=0, distribution=_empty_distribution(q))
                for q in survey.questions
            ],
        )
    round_ids = [current.id] + ([previous.id] if previous else [])
    answer_filter = [SurveyAnswer.round_id.in_(round_ids)]
    response_filter = [SurveyResponse.round_id.in_(round_ids)]
    if group is not None:
        answer_filter.append(SurveyAnswer.stakeholder_group == group)
        response_filter.append(SurveyResponse.stakeholder_group == group)

    # Scores and choices counted in one scan of the rounds' answers (two scans before): each
    # (score, choice) group adds its count to the score's and to the choice's tally, as the
    # two separate counts did.
    scores: dict[tuple[int, int], dict[int, int]] = {}
    choices: dict[tuple[int, int], dict[str, int]] = {}
    A = SurveyAnswer
    for rid, qid, score, choice, n in session.execute(
        select(A.round_id, A.question_id, A.score, A.choice, func.count())
        .where(*answer_filter, or_(A.score.is_not(None), A.choice.is_not(None)))
        .group_by(A.round_id, A.question_id, A.score, A.choice)
    ):
        if score is not None:
            tally = scores.setdefault((rid, qid), {})
            tally[score] = tally.get(score, 0) + n
        if choice is not None:
            tally = choices.setdefault((rid, qid), {})
            tally[choice] = tally.get(choice, 0) + n
    answered = {
        (rid, qid): n
        for rid, qid, n in session.execute(
            select(
                SurveyAnswer.round_id,
                SurveyAnswer.question_id,
                func.count(distinct(SurveyAnswer.response_id)),
            )
            .where(*answer_filter)
            .group_by(SurveyAnswer.round_id, SurveyAnswer.question_id)
        )
    }
    counts: dict[int, dict[str, int]] = {}
    for rid, grp, n in session.execute(
        select(SurveyResponse.round_id, SurveyResponse.stakeholder_group, func.count())
        .where(*response_filter)
        .group_by(SurveyResponse.round_id, SurveyResponse.stakeholder_group)
    ):
        counts.setdefault(rid, {})[grp] = n

    results = []
    all_now: dict[int, int] = {}
    all_before: dict[int, int] = {}
    for q in survey.questions:
        key_now, key_before = (current.id, q.id), (previous.id if previous else -1, q.id)
        n_now = answered.get(key_now, 0)
        result = QuestionResult(
            question=q, answered=n_now, previous_answered=answered.get(key_before, 0)
        )
        if q.kind == "scale":
            dist_now, dist_before = scores.get(key_now, {}), scores.get(key_before, {})
            for k, v in dist_now.items():
                all_now[k] = all_now.get(k, 0) + v
            for k, v in dist_before.items():
                all_before[k] = all_before.get(k, 0) + v
            result.average = mean_of_distribution(dist_now)
            result.previous_average = mean_of_distribution(dist_before) if previous else None
            result.change = change(result.average, result.previous_average)
            result.distribution = [
                OptionCount(
                    label=str(s), count=dist_now.get(s, 0), share=ratio(dist_now.get(s, 0), n_now)
                )
                for s in SCALE
            ]
        elif q.kind in ("single", "multi"):
            dist_now = choices.get(key_now, {})
            labels = list(q.options) + sorted(set(dist_now) - set(q.options))
            result.distribution = [
                OptionCount(
                    label=o, count=dist_now.get(o, 0), share=ratio(dist_now.get(o, 0), n_now)
                )
                for o in labels
            ]
        results.append(result)
    by_group = {g: counts.get(current.id, {}).get(g, 0) for g in STAKEHOLDER_GROUPS}
    before_by_group = (
        {g: counts.get(previous.id, {}).get(g, 0) for g in STAKEHOLDER_GROUPS} if previous else {}
    )
    return SurveyResults(
        survey=survey,
        round=current,
        previous_round=previous,
        group=group,
        responses=sum(by_group.values()),
        previous_responses=sum(before_by_group.values()) if previous else None,
        by_group=by_group,
        previous_by_group=before_by_group,
        overall_average=mean_of_distribution(all_now),
        previous_overall_average=mean_of_distribution(all_before) if previous else None,
        questions=results,
        cautions=comparison_cautions(
            current.label,
            by_group,
            previous.label if previous else None,
            before_by_group,
            one_group=group is not None,
        ),
    )


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def comparison_cautions(
    label: str,
    now: dict[str, int],
    previous_label: str | None,
    before: dict[str, int],
    *,
    one_group: bool = False,
) -> list[str]:
    """Why comparing a round with the one before may mislead: fewer than
    MIN_RESPONSES_TO_COMPARE responses in either, or a stakeholder group's share moved by
    MIX_SHIFT or more (not asked when one group is shown: its mix cannot change)."""
    if previous_label is None:
        return []
    n_now, n_before = sum(now.values()), sum(before.values())
    out = []
    small = [
        (lbl, n)
        for lbl, n in ((label, n_now), (previous_label, n_before))
        if n < MIN_RESPONSES_TO_COMPARE
    ]
    if small:
        out.append(
            f"Small samples: {label} has {n_now:,} response{'s' if n_now != 1 else ''} and "
            f"{previous_label} {n_before:,}. With fewer than {MIN_RESPONSES_TO_COMPARE} "
            "responses a change between rounds can be chance: read the differences as a hint, "
            "not a finding."
        )
    if not one_group and n_now and n_before:
        moved = []
        for g in STAKEHOLDER_GROUPS:
            a, b = now.get(g, 0) / n_now, before.get(g, 0) / n_before
            if abs(a - b) >= MIX_SHIFT:
                moved.append(f"{GROUP_LABELS[g].lower()} {_pct(a)} (was {_pct(b)})")
        if moved:
            out.append(
                "A different mix answered: " + ", ".join(moved) + ". A change for everyone "
                "may come from who answered rather than what people think; compare one "
                "stakeholder group at a time."
            )
    return out


def _empty_distribution(q: QuestionRead) -> list[OptionCount]:
    if q.kind == "scale":
        return [OptionCount(label=str(s), count=0, share=None) for s in SCALE]
    return [OptionCount(label=o, count=0, share=None) for o in q.options]


def scale_trend_of(session: Session, survey_id: int, group: str | None = None) -> list[TrendPoint]:
    """The average of every 1-5 question in every round, oldest round first (one query)."""
    rounds = rounds_of(session, survey_id)
    questions = [q for q in questions_of(session, survey_id) if q.kind == "scale"]
    if not rounds or not questions:
        return []
    filters = [SurveyAnswer.round_id.in_([r.id for r in rounds]), SurveyAnswer.score.is_not(None)]
    if group is not None:
        filters.append(SurveyAnswer.stakeholder_group == group)
    stats = {
        (rid, qid): (total, n)
        for rid, qid, total, n in session.execute(
            select(
                SurveyAnswer.round_id,
                SurveyAnswer.question_id,
                func.sum(SurveyAnswer.score),
                func.count(SurveyAnswer.score),
            )
            .where(*filters)
            .group_by(SurveyAnswer.round_id, SurveyAnswer.question_id)
        )
    }
    points = []
    for r in rounds:
        for q in questions:
            total, n = stats.get((r.id, q.id), (0, 0))
            points.append(
                TrendPoint(
                    round_id=r.id,
                    round_label=r.label,
                    closed_on=r.closed_on,
                    question_key=q.key,
                    question_text=q.text,
                    value_name=q.value_name,
                    average=ratio(total, n),
                    answered=n,
                )
            )
    return points


def scale_trend(
    session: Session, *, survey_key: str, group: str | None = None, actor
) -> list[TrendPoint]:
    require(actor, "evaluation.read")
    return scale_trend_of(session, survey_row(session, survey_key).id, group)


def latest_round_average(session: Session, survey_key: str, as_of: date) -> float | None:
    """Mean of every 1-5 rating in the survey's latest round closed by `as_of` (a KPI)."""
    latest = session.scalar(
        select(SurveyRound.id)
        .join(Survey, Survey.id == SurveyRound.survey_id)
        .where(Survey.key == survey_key, SurveyRound.closed_on <= as_of)
        .order_by(SurveyRound.closed_on.desc(), SurveyRound.id.desc())
        .limit(1)
    )
    if latest is None:
        return None
    return session.scalar(
        select(func.avg(SurveyAnswer.score)).where(
            SurveyAnswer.round_id == latest, SurveyAnswer.score.is_not(None)
        )
    )


# --------------------------------------------------------------------------- free text and themes


def _themes_for(session: Session, answer_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not answer_ids:
        return out
    for aid, name in session.execute(
        select(SurveyAnswerTheme.answer_id, SurveyTheme.name)
        .join(SurveyTheme, SurveyTheme.id == SurveyAnswerTheme.theme_id)
        .where(SurveyAnswerTheme.answer_id.in_(answer_ids))
        .order_by(SurveyTheme.name)
    ):
        out.setdefault(aid, []).append(name)
    return out


def text_answers(
    session: Session,
    *,
    survey_key: str,
    round_id: int | None = None,
    question_key: str | None = None,
    theme: str | None = None,
    group: str | None = None,
    limit: int = 50,
    offset: int = 0,
    actor,
) -> TextAnswerPage:
    """Free-text answers, newest first, a page at a time, each with its themes."""
    require(actor, "evaluation.read")
    survey = survey_row(session, survey_key)
    text_qs = [q for q in questions_of(session, survey.id) if q.kind == "text"]
    if question_key is not None:
        text_qs = [q for q in text_qs if q.key == question_key]
    if not text_qs:
        return TextAnswerPage(total=0, answers=[])
    filters = [
        SurveyAnswer.question_id.in_([q.id for q in text_qs]),
        SurveyAnswer.text.is_not(None),
    ]
    if round_id is not None:
        filters.append(SurveyAnswer.round_id == round_id)
    if group is not None:
        filters.append(SurveyAnswer.stakeholder_group == group)
    if theme is not None:
        filters.append(
            SurveyAnswer.id.in_(
                select(SurveyAnswerTheme.answer_id)
                .join(SurveyTheme, SurveyTheme.id == SurveyAnswerTheme.theme_id)
                .where(SurveyTheme.survey_id == survey.id, SurveyTheme.name == theme)
            )
        )
    total = session.scalar(select(func.count()).select_from(SurveyAnswer).where(*filters))
    rows = session.execute(
        select(
            SurveyAnswer.id,
            SurveyQuestion.key,
            SurveyQuestion.text,
            SurveyRound.label,
            SurveyAnswer.stakeholder_group,
            SurveyResponse.submitted_at,
            SurveyAnswer.text,
        )
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(SurveyRound, SurveyRound.id == SurveyAnswer.round_id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(*filters)
        .order_by(SurveyResponse.submitted_at.desc(), SurveyAnswer.id.desc())
        .limit(max(1, min(limit, 500)))
        .offset(max(0, offset))
    ).all()
    themes = _themes_for(session, [r[0] for r in rows])
    return TextAnswerPage(
        total=total,
        answers=[
            TextAnswerRead(
                answer_id=r[0],
                question_key=r[1],
                question_text=r[2],
                round_label=r[3],
                stakeholder_group=r[4],
                submitted_at=r[5],
                text=r[6],
                themes=themes.get(r[0], []),
            )
            for r in rows
        ],
    )


def theme_counts(
    session: Session, *, survey_key: str, round_id: int | None = None, actor
) -> list[ThemeCount]:
    """How many answers carry each theme (every theme of the survey, most used first)."""
    require(actor, "evaluation.read")
    survey = survey_row(session, survey_key)
    stmt = (
        select(SurveyTheme.name, func.count())
        .join(SurveyAnswerTheme, SurveyAnswerTheme.theme_id == SurveyTheme.id)
        .where(SurveyTheme.survey_id == survey.id)
        .group_by(SurveyTheme.name)
    )
    if round_id is not None:
        stmt = stmt.join(SurveyAnswer, SurveyAnswer.id == SurveyAnswerTheme.answer_id).where(
            SurveyAnswer.round_id == round_id
        )
    counts = dict(session.execute(stmt).all())
    names = session.scalars(select(SurveyTheme.name).where(SurveyTheme.survey_id == survey.id))
    out = [ThemeCount(name=n, count=counts.get(n, 0)) for n in names]
    return sorted(out, key=lambda t: (-t.count, t.name.casefold()))


def _clean_theme(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def tag_answer(session: Session, *, answer_id: int, themes: list[str], actor) -> TextAnswerRead:
    """Set the themes of one free-text answer (replacing its earlier themes). A theme named for
    the first time is created for the survey; names match existing ones whatever their case."""
    require(actor, "evaluation.write")
    row = session.execute(
        select(SurveyAnswer, SurveyQuestion)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyAnswer.id == answer_id)
    ).first()
    if row is None:
        raise NotFound("No such answer.")
    answer, question = row
    if question.kind != "text":
        raise ValidationFailed("Only free-text answers can be tagged with themes.")
    cleaned = [_clean_theme(t) for t in themes if _clean_theme(t)]
    too_long = [t for t in cleaned if len(t) > MAX_THEME_LENGTH]
    if too_long:
        raise ValidationFailed(
            "A theme's name is too long.",
            [
                ("themes", f"'{t[:40]}…' is longer than {MAX_THEME_LENGTH} characters")
                for t in too_long
            ],
        )
    existing = {
        t.name.casefold(): t
        for t in session.scalars(
            select(SurveyTheme).where(SurveyTheme.survey_id == question.survey_id)
        )
    }
    wanted = {}
    for name in cleaned:
        theme = existing.get(name.casefold())
        if theme is None:
            theme = SurveyTheme(survey_id=question.survey_id, name=name)
            session.add(theme)
            session.flush()
            existing[name.casefold()] = theme
        wanted[theme.id] = theme
    current = set(
        session.scalars(
            select(SurveyAnswerTheme.theme_id).where(SurveyAnswerTheme.answer_id == answer_id)
        )
    )
    for theme_id in current - set(wanted):
        session.delete(session.get(SurveyAnswerTheme, (answer_id, theme_id)))
    for theme_id in set(wanted) - current:
        session.add(SurveyAnswerTheme(answer_id=answer_id, theme_id=theme_id))
    session.flush()
    response = session.get(SurveyResponse, answer.response_id)
    rnd = session.get(SurveyRound, answer.round_id)
    return TextAnswerRead(
        answer_id=answer.id,
        question_key=question.key,
        question_text=question.text,
        round_label=rnd.label,
        stakeholder_group=answer.stakeholder_group,
        submitted_at=response.submitted_at,
        text=answer.text or "",
        themes=sorted((t.name for t in wanted.values()), key=str.casefold),
    )


def tag_answers(session: Session, *, data: BulkTagIn, actor) -> BulkTagResult:
    """Add the same themes to many free-text answers at once (each answer keeps the themes it
    had). Every answer must be a free-text answer of one survey; nothing is written otherwise."""
    require(actor, "evaluation.write")
    ids = list(dict.fromkeys(data.answer_ids))
    cleaned = [_clean_theme(t) for t in data.themes if _clean_theme(t)]
    rows = session.execute(
        select(SurveyAnswer.id, SurveyQuestion.kind, SurveyQuestion.survey_id)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyAnswer.id.in_(ids))
    ).all()
    found = {r[0]: r for r in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"No such answer: {', '.join(map(str, missing[:5]))}.")
    if any(r[1] != "text" for r in rows):
        raise ValidationFailed("Only free-text answers can be tagged with themes.")
    surveys = {r[2] for r in rows}
    if len(surveys) > 1:
        raise ValidationFailed("The answers chosen belong to more than one survey.")
    survey_id = surveys.pop()
    # Each answer through tag_answer: the same names, case rules and length limit as one.
    current = _themes_for(session, ids)
    before = sum(len(v) for v in current.values())
    for aid in ids:
        have = current.get(aid, [])
        known = {n.casefold() for n in have}
        tag_answer(
            session,
            answer_id=aid,
            themes=have + [t for t in cleaned if t.casefold() not in known],
            actor=actor,
        )
    after = sum(len(v) for v in _themes_for(session, ids).values())
    names = {
        t.name.casefold(): t.name
        for t in session.scalars(select(SurveyTheme).where(SurveyTheme.survey_id == survey_id))
    }
    return BulkTagResult(
        answers=len(ids),
        themes=[names.get(t.casefold(), t) for t in cleaned],
        newly_tagged=after - before,
    )
