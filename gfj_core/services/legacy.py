"""Legacy and values: how well the organisation lives its nine values (from the Values alignment
survey's rounds), the legacy register, and stories and testimonials.

A story without the storyteller's consent is never shown outside its editors (the roles holding
"stories.edit"): the filter is applied here, in every query, never in a page.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from gfj_core import formatting as fmt
from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.metrics.evaluation import change, ratio
from gfj_core.models import CommunityProgramme, LegacyItem, Story, StoryValue
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.evaluation import (
    LEGACY_KIND_LABELS,
    NINE_VALUES,
    STAKEHOLDER_GROUPS,
    Figure,
    LegacyItemCreate,
    LegacyItemRead,
    LegacyRegister,
    StoriesView,
    StoryCreate,
    StoryRead,
    ValuesAlignment,
    ValueTrend,
)
from gfj_core.services.corrections import delete_row, save_corrections
from gfj_core.services.surveys import VALUES_ALIGNMENT, rounds_of, scale_trend_of, survey_row
from gfj_core.services.versioning import check_version
from gfj_core.visibility import sees_unconsented_stories


def can_edit_stories(actor) -> bool:
    # Story editors also see stories without consent: the rule is in gfj_core.visibility.
    return sees_unconsented_stories(actor)


# --------------------------------------------------------------------------- values


def values_alignment(session: Session, *, group: str | None = None, actor) -> ValuesAlignment:
    """Each value's average rating in every round of the Values alignment survey, the latest
    beside the one before; and the mean of every value rating per round."""
    require(actor, "evaluation.read")
    if group is not None and group not in STAKEHOLDER_GROUPS:
        raise ValidationFailed(f"'{group}' is not a stakeholder group.")
    survey = survey_row(session, VALUES_ALIGNMENT)
    rounds = rounds_of(session, survey.id)
    points = [p for p in scale_trend_of(session, survey.id, group) if p.value_name]
    values = []
    for value in NINE_VALUES:
        mine = [p for p in points if p.value_name == value]
        latest = mine[-1].average if mine else None
        previous = mine[-2].average if len(mine) > 1 else None
        values.append(
            ValueTrend(
                value_name=value,
                points=mine,
                latest=latest,
                previous=previous,
                change=change(latest, previous),
            )
        )
    overall = []
    for r in rounds:
        in_round = [p for p in points if p.round_id == r.id]
        total = sum((p.average or 0) * p.answered for p in in_round)
        n = sum(p.answered for p in in_round)
        overall.append((r.label, ratio(total, n)))
    rated = [v for v in values if v.latest is not None]
    moved = [v for v in rated if v.change is not None]
    return ValuesAlignment(
        rounds=rounds,
        group=group,
        values=values,
        overall=overall,
        strongest=max(rated, key=lambda v: v.latest) if rated else None,
        weakest=min(rated, key=lambda v: v.latest) if rated else None,
        biggest_gain=max(moved, key=lambda v: v.change) if moved else None,
    )


# --------------------------------------------------------------------------- legacy register


def _item_read(i: LegacyItem, as_of: date | None = None) -> LegacyItemRead:
    status = ""
    if i.kind == "commemoration":
        status = "Planned" if i.occurred_on and as_of and i.occurred_on > as_of else "Held"
    return LegacyItemRead(
        id=i.id,
        kind=i.kind,
        title=i.title,
        description=i.description,
        occurred_on=i.occurred_on,
        value_name=i.value_name,
        reference=i.reference,
        version=i.version,
        status=status,
    )


def legacy_register(
    session: Session, *, kind: str | None = None, as_of: date | None = None, actor
) -> LegacyRegister:
    """The register (principles, commemorations, archive items), oldest first within a kind;
    a commemoration dated after `as_of` is Planned, one on or before it Held."""
    require(actor, "evaluation.read")
    if kind is not None and kind not in LEGACY_KIND_LABELS:
        raise ValidationFailed(f"'{kind}' is not a kind of legacy item.")
    stmt = select(LegacyItem).order_by(
        LegacyItem.kind, LegacyItem.occurred_on.is_(None), LegacyItem.occurred_on, LegacyItem.id
    )
    if kind is not None:
        stmt = stmt.where(LegacyItem.kind == kind)
    counts = dict(
        session.execute(select(LegacyItem.kind, func.count()).group_by(LegacyItem.kind)).all()
    )
    return LegacyRegister(
        items=[_item_read(i, as_of or date.today()) for i in session.scalars(stmt)],
        counts={k: counts.get(k, 0) for k in LEGACY_KIND_LABELS},
    )


def add_legacy_item(session: Session, *, data: LegacyItemCreate, actor) -> LegacyItemRead:
    require(actor, "evaluation.write")
    item = LegacyItem(**data.model_dump())
    session.add(item)
    session.flush()
    return _item_read(item)


def save_legacy_table(session: Session, edits: list[RowEdit], *, actor) -> int:
    """Correct entries of the legacy register (every field of the add form): all or none."""
    return save_corrections(session, LegacyItem, edits, actor=actor)


def delete_legacy_item(session: Session, *, record_id: int, expected_version: int, actor) -> str:
    """Delete a register entry added by mistake (nothing else points at one)."""
    require(actor, "evaluation.write")
    item = delete_row(
        session,
        LegacyItem,
        record_id=record_id,
        expected_version=expected_version,
        what="register entry",
    )
    return item.title


# --------------------------------------------------------------------------- stories


def _story_read(s: Story, programme: str | None) -> StoryRead:
    return StoryRead(
        id=s.id,
        title=s.title,
        body=s.body,
        kind=s.kind,
        storyteller=s.storyteller,
        collected_on=s.collected_on,
        programme=programme,
        values=[v.value_name for v in s.values],
        consent=s.consent,
        consent_on=s.consent_on,
        consent_note=s.consent_note,
        version=s.version,
    )


def _visible(stmt, actor):
    """The one place the consent rule is applied to a query of stories."""
    if can_edit_stories(actor):
        return stmt
    return stmt.where(Story.consent.is_(True))


def list_stories(
    session: Session,
    *,
    value: str | None = None,
    programme: str | None = None,
    actor,
) -> StoriesView:
    """Stories and testimonials this viewer may see, newest first, and how many per value."""
    require(actor, "evaluation.read")
    stmt = (
        select(Story, CommunityProgramme.name)
        .outerjoin(CommunityProgramme, CommunityProgramme.id == Story.programme_id)
        .options(selectinload(Story.values))
        .order_by(Story.collected_on.desc(), Story.id.desc())
    )
    if value is not None:
        stmt = stmt.where(
            Story.id.in_(select(StoryValue.story_id).where(StoryValue.value_name == value))
        )
    if programme is not None:
        stmt = stmt.where(CommunityProgramme.name == programme)
    stories = [_story_read(s, name) for s, name in session.execute(_visible(stmt, actor))]
    counts_stmt = _visible(
        select(StoryValue.value_name, func.count())
        .join(Story, Story.id == StoryValue.story_id)
        .group_by(StoryValue.value_name),
        actor,
    )
    counts = dict(session.execute(counts_stmt).all())
    return StoriesView(
        stories=stories,
        can_edit=can_edit_stories(actor),
        by_value={v: counts.get(v, 0) for v in NINE_VALUES},
        withheld=sum(1 for s in stories if not s.consent),
    )


def get_story(session: Session, *, story_id: int, actor) -> StoryRead:
    """One story. One without consent is 'not found' to anyone but an editor: its existence
    is not disclosed either."""
    require(actor, "evaluation.read")
    row = session.execute(
        _visible(
            select(Story, CommunityProgramme.name)
            .outerjoin(CommunityProgramme, CommunityProgramme.id == Story.programme_id)
            .where(Story.id == story_id),
            actor,
        )
    ).first()
    if row is None:
        raise NotFound("No such story.")
    return _story_read(*row)


def _programme_id(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    pid = session.scalar(
        select(CommunityProgramme.id).where(
            func.lower(CommunityProgramme.name) == name.strip().lower()
        )
    )
    if pid is None:
        raise ValidationFailed("Unknown program.", [("programme", f"no program named '{name}'")])
    return pid


def add_story(session: Session, *, data: StoryCreate, actor) -> StoryRead:
    require(actor, "stories.edit")
    story = Story(
        title=data.title,
        body=data.body,
        kind=data.kind,
        storyteller=data.storyteller,
        collected_on=data.collected_on,
        programme_id=_programme_id(session, data.programme),
        consent=data.consent,
        consent_on=data.consent_on if data.consent else None,
        consent_note=data.consent_note,
        created_by_user_id=getattr(actor, "user_id", None),
        values=[StoryValue(value_name=v) for v in data.values],
    )
    session.add(story)
    session.flush()
    return get_story(session, story_id=story.id, actor=actor)


def set_story_consent(
    session: Session,
    *,
    story_id: int,
    consent: bool,
    consent_on: date | None,
    note: str | None = None,
    expected_version: int | None = None,
    actor,
) -> StoryRead:
    """Record that the storyteller gave (or withdrew) consent to share the story."""
    require(actor, "stories.edit")
    story = session.get(Story, story_id)
    if story is None:
        raise NotFound("No such story.")
    check_version(session, story, expected_version, "story")
    if consent and consent_on is None:
        raise ValidationFailed(
            "Record when consent was given.", [("consent_on", "the date consent was given")]
        )
    story.consent = consent
    story.consent_on = consent_on if consent else None
    if note is not None:
        story.consent_note = note.strip()[:300] or None
    session.flush()
    return get_story(session, story_id=story.id, actor=actor)


def save_story_table(session: Session, edits: list[RowEdit], *, actor) -> int:
    """Correct stories, give or withdraw consent (every field of the add form): all or none."""
    return save_corrections(session, Story, edits, actor=actor)


def delete_story(session: Session, *, record_id: int, expected_version: int, actor) -> str:
    """Delete a story (its value tags go with it; nothing else points at a story)."""
    require(actor, "stories.edit")
    story = delete_row(
        session, Story, record_id=record_id, expected_version=expected_version, what="story"
    )
    return story.title


def consented_story_count(session: Session, as_of: date) -> int:
    """Stories and testimonials cleared for sharing, collected by `as_of` (a KPI)."""
    return session.scalar(
        select(func.count())
        .select_from(Story)
        .where(Story.consent.is_(True), Story.collected_on <= as_of)
    )


def values_figures(va: ValuesAlignment) -> list[Figure]:
    """The Values alignment tab's four tiles: all nine values, strongest, weakest, biggest gain."""
    if not va.rounds:
        return []
    latest = va.rounds[-1]
    previous = va.rounds[-2] if len(va.rounds) > 1 else None
    now = va.overall[-1][1]
    before = va.overall[-2][1] if len(va.overall) > 1 else None
    s, w, g = va.strongest, va.weakest, va.biggest_gain
    return [
        Figure(
            label="All nine values (1-5)",
            value=fmt.score(now),
            caption=f"{latest.label}, {latest.response_count:,} responses",
            delta=None
            if now is None or before is None
            else f"{now - before:+.2f} on {previous.label}",
            help="Mean of every value rating in the latest round.",
        ),
        Figure(
            label="Lived most strongly",
            value=s.value_name if s else fmt.NO_DATA,
            caption=f"Average {fmt.score(s.latest)}" if s else "",
        ),
        Figure(
            label="Most room to grow",
            value=w.value_name if w else fmt.NO_DATA,
            caption=f"Average {fmt.score(w.latest)}" if w else "",
        ),
        Figure(
            label="Biggest gain",
            value=g.value_name if g else fmt.NO_DATA,
            caption=f"{g.change:+.2f} since {previous.label}"
            if g and previous
            else "Needs two rounds",
        ),
    ]
