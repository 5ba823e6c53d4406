"""Advocacy and programmatic impact (campaigns and bills, how far each got, wins over time) and
sector influence (speaking invitations, publications, citations, adoptions of our practices)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.access import require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.models import Campaign, InfluenceItem
from gfj_core.schemas.corrections import RowEdit
from gfj_core.schemas.evaluation import (
    INFLUENCE_KINDS,
    OPEN_STAGES,
    STAGE_LABELS,
    STAGES,
    AdvocacySummary,
    CampaignCreate,
    CampaignRead,
    Figure,
    InfluenceCreate,
    InfluenceKindCount,
    InfluenceRead,
    InfluenceSummary,
    YearCount,
)
from gfj_core.services.community import twelve_months_to, year_of
from gfj_core.services.corrections import delete_row, save_corrections
from gfj_core.services.versioning import check_version

# --------------------------------------------------------------------------- campaigns


def _campaign_read(c: Campaign) -> CampaignRead:
    return CampaignRead(
        id=c.id,
        name=c.name,
        kind=c.kind,
        jurisdiction=c.jurisdiction,
        bill_number=c.bill_number,
        issue=c.issue,
        stage=c.stage,
        org_role=c.org_role,
        started_on=c.started_on,
        decided_on=c.decided_on,
        outcome=c.outcome,
        version=c.version,
    )


def add_campaign(session: Session, *, data: CampaignCreate, actor) -> CampaignRead:
    require(actor, "evaluation.write")
    clash = session.scalar(
        select(Campaign.id).where(func.lower(Campaign.name) == data.name.lower())
    )
    if clash is not None:
        raise ValidationFailed(
            "That campaign is already recorded.", [("name", f"'{data.name}' already exists")]
        )
    c = Campaign(**data.model_dump())
    session.add(c)
    session.flush()
    return _campaign_read(c)


def update_campaign_stage(
    session: Session,
    *,
    campaign_id: int,
    stage: str,
    decided_on: date | None = None,
    outcome: str | None = None,
    expected_version: int | None = None,
    actor,
) -> CampaignRead:
    """Move a campaign along (introduced ... passed both chambers) or close it (won or lost)."""
    require(actor, "evaluation.write")
    c = session.get(Campaign, campaign_id)
    if c is None:
        raise NotFound("No such campaign.")
    check_version(session, c, expected_version, "campaign")
    problems = []
    if stage not in STAGES:
        problems.append(("stage", f"'{stage}' is not a stage"))
    closed = stage in ("won", "lost")
    if closed and decided_on is None:
        problems.append(("decided_on", "a signed or lost campaign needs the date it was decided"))
    if decided_on is not None and decided_on < c.started_on:
        problems.append(("decided_on", "decided before the campaign started"))
    if problems:
        raise ValidationFailed("The campaign was not updated.", problems)
    c.stage = stage
    c.decided_on = decided_on if closed else None
    if outcome is not None:
        c.outcome = outcome.strip() or None
    session.flush()
    return _campaign_read(c)


def save_campaign_table(session: Session, edits: list[RowEdit], *, actor) -> int:
    """Correct campaigns (every field of the add form, the stage too): all rows or none."""
    return save_corrections(session, Campaign, edits, actor=actor)


def delete_campaign(session: Session, *, record_id: int, expected_version: int, actor) -> str:
    """Delete a campaign recorded by mistake (nothing else points at one)."""
    require(actor, "evaluation.write")
    c = delete_row(
        session, Campaign, record_id=record_id, expected_version=expected_version, what="campaign"
    )
    return c.name


def list_campaigns(session: Session, *, actor) -> list[CampaignRead]:
    require(actor, "evaluation.read")
    return [
        _campaign_read(c)
        for c in session.scalars(
            select(Campaign).order_by(
                Campaign.decided_on.is_not(None),
                Campaign.decided_on.desc(),
                Campaign.started_on.desc(),
            )
        )
    ]


def wins_between(session: Session, start: date | None, end: date) -> int:
    """Campaigns won (bills signed) with a decision date in [start, end] (a KPI)."""
    stmt = (
        select(func.count())
        .select_from(Campaign)
        .where(Campaign.stage == "won", Campaign.decided_on <= end)
    )
    if start is not None:
        stmt = stmt.where(Campaign.decided_on >= start)
    return session.scalar(stmt)


def advocacy_summary(session: Session, *, as_of: date, actor) -> AdvocacySummary:
    """Campaigns by stage, wins and losses, wins per year with the running total."""
    require(actor, "evaluation.read")
    by_stage = dict(
        session.execute(select(Campaign.stage, func.count()).group_by(Campaign.stage)).all()
    )
    year = year_of(session, Campaign.decided_on)
    per_year = dict(
        session.execute(
            select(year, func.count())
            .where(Campaign.stage == "won", Campaign.decided_on <= as_of)
            .group_by(year)
        ).all()
    )
    wins_by_year, running = [], 0
    if per_year:
        years = [int(y) for y in per_year]
        for y in range(min(years), max(max(years), as_of.year) + 1):
            n = per_year.get(str(y), 0)
            running += n
            wins_by_year.append(YearCount(year=y, count=n, cumulative=running))
    start, end = twelve_months_to(as_of)
    return AdvocacySummary(
        as_of=as_of,
        total=sum(by_stage.values()),
        open=sum(by_stage.get(s, 0) for s in OPEN_STAGES),
        won=by_stage.get("won", 0),
        lost=by_stage.get("lost", 0),
        won_last_12_months=wins_between(session, start, end),
        by_stage={s: by_stage.get(s, 0) for s in STAGES},
        wins_by_year=wins_by_year,
        campaigns=list_campaigns(session, actor=actor),
    )


# --------------------------------------------------------------------------- sector influence


def _influence_read(i: InfluenceItem) -> InfluenceRead:
    return InfluenceRead(
        id=i.id,
        kind=i.kind,
        title=i.title,
        organisation=i.organisation,
        occurred_on=i.occurred_on,
        detail=i.detail,
        link=i.link,
        version=i.version,
    )


def add_influence(session: Session, *, data: InfluenceCreate, actor) -> InfluenceRead:
    require(actor, "evaluation.write")
    item = InfluenceItem(**data.model_dump())
    session.add(item)
    session.flush()
    return _influence_read(item)


def save_influence_table(session: Session, edits: list[RowEdit], *, actor) -> int:
    """Correct invitations, publications, citations and adoptions: all rows or none."""
    return save_corrections(session, InfluenceItem, edits, actor=actor)


def delete_influence(session: Session, *, record_id: int, expected_version: int, actor) -> str:
    """Delete an influence item recorded by mistake (nothing else points at one)."""
    require(actor, "evaluation.write")
    i = delete_row(
        session,
        InfluenceItem,
        record_id=record_id,
        expected_version=expected_version,
        what="influence item",
    )
    return i.title


def influence_count(session: Session, kinds: tuple[str, ...], start: date | None, end: date) -> int:
    """Influence items of these kinds dated in [start, end] (a KPI)."""
    stmt = (
        select(func.count())
        .select_from(InfluenceItem)
        .where(InfluenceItem.kind.in_(kinds), InfluenceItem.occurred_on <= end)
    )
    if start is not None:
        stmt = stmt.where(InfluenceItem.occurred_on >= start)
    return session.scalar(stmt)


def influence_summary(
    session: Session, *, as_of: date, kind: str | None = None, actor
) -> InfluenceSummary:
    """Per kind: all time, the last 12 months and the 12 before; per year; and the items."""
    require(actor, "evaluation.read")
    if kind is not None and kind not in INFLUENCE_KINDS:
        raise ValidationFailed(f"'{kind}' is not a kind of sector influence.")
    start, end = twelve_months_to(as_of)
    prev_end = start - timedelta(days=1)
    prev_start, _ = twelve_months_to(prev_end)
    d = InfluenceItem.occurred_on
    rows = session.execute(
        select(
            InfluenceItem.kind,
            func.count().filter(d <= as_of),
            func.count().filter(d >= start, d <= end),
            func.count().filter(d >= prev_start, d <= prev_end),
        ).group_by(InfluenceItem.kind)
    ).all()
    by_kind = {k: (total, last, prev) for k, total, last, prev in rows}
    year = year_of(session, d)
    by_year: dict[int, dict[str, int]] = {}
    for y, k, n in session.execute(
        select(year, InfluenceItem.kind, func.count())
        .where(d <= as_of)
        .group_by(year, InfluenceItem.kind)
    ):
        by_year.setdefault(int(y), {k2: 0 for k2 in INFLUENCE_KINDS})[k] = n
    items_stmt = select(InfluenceItem).order_by(d.desc(), InfluenceItem.id.desc())
    if kind is not None:
        items_stmt = items_stmt.where(InfluenceItem.kind == kind)
    return InfluenceSummary(
        as_of=as_of,
        kinds=[
            InfluenceKindCount(
                kind=k,
                total=by_kind.get(k, (0, 0, 0))[0],
                last_12_months=by_kind.get(k, (0, 0, 0))[1],
                previous_12_months=by_kind.get(k, (0, 0, 0))[2],
            )
            for k in INFLUENCE_KINDS
        ],
        by_year=dict(sorted(by_year.items())),
        items=[_influence_read(i) for i in session.scalars(items_stmt)],
    )


def impact_figures(adv: AdvocacySummary, inf: InfluenceSummary) -> list[Figure]:
    """The Advocacy page's five tiles: wins, open campaigns, and the sector's uptake."""
    kinds = {k.kind: k for k in inf.kinds}
    speaking, adoption = kinds["speaking"], kinds["adoption"]
    pub, cit = kinds["publication"], kinds["citation"]
    written = pub.last_12_months + cit.last_12_months
    written_before = pub.previous_12_months + cit.previous_12_months
    return [
        Figure(
            label="Campaigns won",
            value=str(adv.won),
            caption=f"{adv.won_last_12_months} in the last 12 months · {adv.lost} lost",
            help="Bills signed or campaigns won, all time.",
        ),
        Figure(
            label="Open campaigns",
            value=str(adv.open),
            caption=" · ".join(
                f"{STAGE_LABELS[s]} {adv.by_stage[s]}" for s in OPEN_STAGES if adv.by_stage[s]
            )
            or "None open",
        ),
        Figure(
            label="Speaking invitations",
            value=str(speaking.last_12_months),
            caption=f"Last 12 months · {speaking.total} in all",
            delta=f"{speaking.last_12_months - speaking.previous_12_months:+d} on the 12 months before",
        ),
        Figure(
            label="Publications & citations",
            value=str(written),
            caption=f"Last 12 months · {pub.last_12_months} publications, "
            f"{cit.last_12_months} citations",
            delta=f"{written - written_before:+d} on the 12 months before",
        ),
        Figure(
            label="Adopting our practices",
            value=str(adoption.total),
            caption=f"Organizations, all time · {adoption.last_12_months} in the last 12 months",
            help="Organizations recorded as adopting the organization's succession practices.",
        ),
    ]
