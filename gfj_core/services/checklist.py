"""The exit-strategy checklist: items by category, progress, authority transfers backed by a board
resolution, who completed what and when; and the standard items a new plan starts from."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import TypeAdapter
from sqlalchemy import Integer, String, and_, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from gfj_core.access import can, require
from gfj_core.errors import NotFound, ValidationFailed
from gfj_core.metrics.lights import Light, light_for
from gfj_core.metrics.plan import checklist_light, elapsed_share, pace_gap
from gfj_core.models import ChecklistItem, Person, UserAccount
from gfj_core.schemas.transition import (
    CHECKLIST_CATEGORY_WORDS,
    CategoryProgress,
    ChecklistItemCreate,
    ChecklistItemRead,
    ChecklistItemUpdate,
    ChecklistMarkDone,
    ChecklistRowEdit,
    ChecklistTotals,
    ChecklistView,
    Saved,
    StartPlanResult,
    TemplateItem,
)
from gfj_core.services.org_settings import load_org_settings
from gfj_core.services.tables import save_rows
from gfj_core.services.timeline import refuse, require_people_exist
from gfj_core.services.versioning import check_version

OPEN_STATUSES = ("not_started", "in_progress")

# The standard exit checklist, from succession-planning practice (Annie E. Casey Foundation /
# CompassPoint, summarised in shared/organisation.md): authority transfers each backed by a board
# resolution; critical relationships; the annual calendar, leases, contracts and manuals; a
# transition budget; communications to staff, funders, partners and the public; the founder's
# legacy; and the departing CEO's next role.
STANDARD_ITEMS: tuple[TemplateItem, ...] = tuple(
    TemplateItem(category=c, title=t, is_authority_transfer=a)
    for c, t, a in (
        ("authority_legal", "Bank signature cards updated", True),
        ("authority_legal", "Bank transaction limits set for the new signers", True),
        ("authority_legal", "Form 990 signer designated", True),
        ("authority_legal", "IRS responsible party updated (Form 8822-B)", True),
        ("authority_legal", "Account and password custody transferred", True),
        ("authority_legal", "Domain names and website registrar access transferred", True),
        ("authority_legal", "Insurance policies and broker contact reassigned", False),
        ("authority_legal", "Contracts and leases reviewed for signatory clauses", False),
        ("key_relationships", "Critical relationships mapped with owner and successor", False),
        ("key_relationships", "Successor introduced to the major funders", False),
        ("key_relationships", "Successor introduced to partners and coalitions", False),
        (
            "key_relationships",
            "Successor introduced to the bank, lawyer, accountant and insurer",
            False,
        ),
        ("key_relationships", "Successor introduced to elected officials", False),
        ("knowledge", "Annual operating calendar documented", False),
        ("knowledge", "Operating manuals and procedures brought up to date", False),
        ("knowledge", "Critical functions documented, with who can do each", False),
        ("governance", "Board resolution adopting the succession plan", False),
        ("governance", "Transition budget approved", False),
        ("governance", "Board minutes record each authority transfer", False),
        ("communications", "Staff briefed on the transition", False),
        ("communications", "Funders told the transition timeline", False),
        ("communications", "Partners and the grassroots network briefed", False),
        ("communications", "Public announcement made", False),
        ("legacy", "The founder's legacy and the elders' contributions commemorated", False),
        ("legacy", "The departing CEO's accomplishments recorded", False),
        ("next_role", "The departing CEO's role after departure agreed by the board", False),
        ("next_role", "Conflict-of-interest terms for future consulting or advocacy", False),
    )
)


def _overdue(today: date):
    return and_(
        ChecklistItem.status.in_(OPEN_STATUSES),
        ChecklistItem.due_date.is_not(None),
        ChecklistItem.due_date < today,
    )


def checklist_totals(session: Session, today: date) -> ChecklistTotals:
    """Counts aggregated in SQL. Not-applicable items count nowhere."""
    applicable = ChecklistItem.status != "not_applicable"
    done = ChecklistItem.status == "done"
    authority = ChecklistItem.is_authority_transfer.is_(True)
    row = session.execute(
        select(
            func.count().filter(applicable),
            func.count().filter(done),
            func.count().filter(_overdue(today)),
            func.count().filter(and_(applicable, authority)),
            func.count().filter(and_(done, authority)),
            func.count().filter(and_(done, authority, ChecklistItem.resolution_date.is_(None))),
        )
    ).one()
    return ChecklistTotals(
        applicable=row[0],
        done=row[1],
        overdue=row[2],
        authority_total=row[3],
        authority_done=row[4],
        authority_done_without_resolution=row[5],
    )


def exit_checklist_light(settings, counts, today: date) -> tuple[Light, float | None]:
    """The exit checklist's one light (issue 22), for the overview's tile and the checklist page
    alike: its pace against the time elapsed, red while any item is overdue. With the gap."""
    elapsed = elapsed_share(settings.transition_start_date, settings.planned_handover_date, today)
    gap = pace_gap(counts.done_share, elapsed)
    pace = light_for(gap, settings.thresholds["checklist_pace_gap"])
    return checklist_light(pace, counts.overdue), gap


def _by_category(session: Session, today: date):
    """Every count the checklist page shows, per category, in one scan of the items: the
    categories' progress, and the totals and the matching counts summed from them."""
    c = ChecklistItem
    applicable = c.status != "not_applicable"
    done = c.status == "done"
    authority = c.is_authority_transfer.is_(True)
    return session.execute(
        select(
            c.category,
            func.count().label("total"),
            func.count().filter(applicable).label("applicable"),
            func.count().filter(done).label("done"),
            func.count().filter(c.status == "in_progress").label("in_progress"),
            func.count().filter(_overdue(today)).label("overdue"),
            func.count().filter(c.status.in_(OPEN_STATUSES)).label("open"),
            func.count().filter(authority).label("authority"),
            func.count().filter(and_(applicable, authority)).label("authority_applicable"),
            func.count().filter(and_(done, authority)).label("authority_done"),
            func.count()
            .filter(and_(done, authority, c.resolution_date.is_(None)))
            .label("authority_done_without_resolution"),
        ).group_by(c.category)
    ).all()


def _progress(rows) -> list[CategoryProgress]:
    """Progress per category, the standard categories first, in their order."""
    order = list(CHECKLIST_CATEGORY_WORDS)
    rows = sorted(
        rows,
        key=lambda r: (order.index(r.category) if r.category in order else len(order), r.category),
    )
    return [
        CategoryProgress(
            category=r.category,
            label=CHECKLIST_CATEGORY_WORDS.get(
                r.category, r.category.replace("_", " ").capitalize()
            ),
            total=r.total,
            applicable=r.applicable,
            done=r.done,
            in_progress=r.in_progress,
            overdue=r.overdue,
        )
        for r in rows
    ]


def category_progress(session: Session, today: date) -> list[CategoryProgress]:
    """Progress per category (the standard categories first, in their order), in one query."""
    return _progress(_by_category(session, today))


def _item_rows(session: Session, today: date, *conditions, limit: int | None = None):
    """Items as pydantic rows, in the page's order (standard categories, then due date, undated
    last), filtered and limited in SQL."""
    completer = aliased(Person)

    def page_order(c):
        category = case(
            {cat: i for i, cat in enumerate(CHECKLIST_CATEGORY_WORDS)},
            value=c.category,
            else_=len(CHECKLIST_CATEGORY_WORDS),
        )
        return category, c.due_date.is_(None), c.due_date, c.id

    if limit is None:
        c = ChecklistItem
    else:
        # The page's rows chosen first, from the items alone, then joined to the names: joining
        # every item before the sort made the query 3x slower at 20,000 items.
        c = aliased(
            ChecklistItem,
            select(ChecklistItem)
            .where(*conditions)
            .order_by(*page_order(ChecklistItem))
            .limit(limit)
            .subquery(),
        )
        conditions = ()
    # Columns, not entities, through Core: no identity map or ORM row making for thousands.
    rows = (
        session.connection()
        .execute(
            select(
                c.id,
                c.version,
                c.category,
                c.title,
                c.owner_person_id,
                # Dates as the driver gives them (ISO text on SQLite): pydantic-core parses them
                # below, faster than SQLAlchemy's per-row conversion of three columns.
                type_coerce(c.due_date, String),
                c.status,
                # Booleans as the driver gives them (0/1 on SQLite): pydantic makes them bool,
                # without SQLAlchemy's per-row conversion.
                type_coerce(c.is_authority_transfer, Integer),
                c.evidence,
                type_coerce(c.resolution_date, String),
                type_coerce(c.completed_at, String),
                Person.full_name.label("owner"),
                func.coalesce(completer.full_name, UserAccount.username).label("completed_by"),
                type_coerce(
                    func.coalesce(and_(c.status.in_(OPEN_STATUSES), c.due_date < today), False),
                    Integer,
                ).label("overdue"),
            )
            .outerjoin(Person, Person.id == c.owner_person_id)
            .outerjoin(UserAccount, UserAccount.id == c.completed_by_user_id)
            .outerjoin(completer, completer.id == UserAccount.person_id)
            .where(*conditions)
            .order_by(*page_order(c))
        )
        .all()
    )
    # Rows unpacked by position and checked in one pydantic-core pass over the list: a model
    # built per row (attribute access and __init__ for each) cost 3x the query at 20,000 items.
    return _ITEM_ROWS.validate_python([dict(zip(_ITEM_FIELDS, r, strict=True)) for r in rows])


# The order of the query's columns in _item_rows, named as ChecklistItemRead's fields.
_ITEM_FIELDS = (
    "id",
    "version",
    "category",
    "title",
    "owner_person_id",
    "due_date",
    "status",
    "is_authority_transfer",
    "evidence",
    "resolution_date",
    "completed_at",
    "owner_name",
    "completed_by",
    "overdue",
)
_ITEM_ROWS = TypeAdapter(list[ChecklistItemRead])


def checklist_view(
    session: Session,
    *,
    today: date,
    actor,
    categories: tuple[str, ...] | None = None,
    only_open: bool = False,
    limit: int | None = None,
) -> ChecklistView:
    """The checklist with its progress. `items` are those matching the filters (all by default),
    at most `limit` of them; `matching` counts every match. `authority` lists the authority
    transfers (whatever the filters), at most `limit`, with `authority_matching` their count."""
    require(actor, "transition.checklist.read")
    settings = load_org_settings(session)
    c = ChecklistItem
    where = []
    if categories:
        where.append(c.category.in_(categories))
    if only_open:
        where.append(c.status.in_(OPEN_STATUSES))
    # The totals and the matching counts are sums over the categories' counts: one scan.
    by_category = _by_category(session, today)
    totals = ChecklistTotals(
        applicable=sum(r.applicable for r in by_category),
        done=sum(r.done for r in by_category),
        overdue=sum(r.overdue for r in by_category),
        authority_total=sum(r.authority_applicable for r in by_category),
        authority_done=sum(r.authority_done for r in by_category),
        authority_done_without_resolution=sum(
            r.authority_done_without_resolution for r in by_category
        ),
    )
    matching = sum(
        r.open if only_open else r.total
        for r in by_category
        if not categories or r.category in categories
    )
    authority_matching = sum(r.authority for r in by_category)
    authority = c.is_authority_transfer.is_(True)
    items = _item_rows(session, today, *where, limit=limit)
    if not where and (limit is None or matching <= limit):
        # Every item is in hand, in the same order: the transfers are among them.
        transfers = [i for i in items if i.is_authority_transfer]
    else:
        transfers = _item_rows(session, today, authority, limit=limit)
    return ChecklistView(
        today=today,
        items=items,
        matching=matching,
        authority=transfers,
        authority_matching=authority_matching,
        categories=_progress(by_category),
        totals=totals,
        light=exit_checklist_light(settings, totals, today)[0],
        can_edit=can(actor.role, "transition.write"),
        demo=settings.demo_loaded,
    )


# --- Writing ------------------------------------------------------------------------------------


def _apply_status(item: ChecklistItem, old_status: str | None, *, now: datetime, actor) -> None:
    """Completion is recorded by the service, from the acting user and the time of the save."""
    if item.status == "done" and old_status != "done":
        item.completed_at = now
        item.completed_by_user_id = actor.user_id
    elif item.status != "done":
        item.completed_at = None
        item.completed_by_user_id = None


def _validate_item(session: Session, item: ChecklistItem, now: datetime, problems: list) -> None:
    require_people_exist(session, [item.owner_person_id], "owner_person_id", problems)
    if item.category not in CHECKLIST_CATEGORY_WORDS:
        problems.append(("category", f"Unknown category “{item.category}”."))
    if item.resolution_date and item.resolution_date > now.date():
        problems.append(
            ("resolution_date", "The board resolution or minutes date cannot be in the future.")
        )
    if item.is_authority_transfer and item.status == "done" and item.resolution_date is None:
        problems.append(
            (
                "resolution_date",
                "An authority transfer is done only when a board resolution or minutes back it: "
                "give the date of the resolution or minutes.",
            )
        )


def create_item(session: Session, data: ChecklistItemCreate, *, now: datetime, actor) -> Saved:
    require(actor, "transition.write")
    item = ChecklistItem(**data.model_dump())
    problems: list[tuple[str, str]] = []
    _validate_item(session, item, now, problems)
    refuse(problems, "checklist item")
    _apply_status(item, None, now=now, actor=actor)
    session.add(item)
    session.flush()
    return Saved(id=item.id, version=item.version)


_REQUIRED = {"category", "title", "status", "is_authority_transfer"}


def _apply_item_update(
    session: Session,
    item_id: int,
    changes: ChecklistItemUpdate,
    expected_version: int | None,
    now: datetime,
    actor,
) -> tuple[ChecklistItem, list[tuple[str, str]]]:
    item = session.get(ChecklistItem, item_id)
    if item is None:
        raise NotFound(f"No checklist item with id {item_id}.")
    check_version(session, item, expected_version, f"checklist item “{item.title}”")
    old_status = item.status
    problems: list[tuple[str, str]] = []
    with session.no_autoflush:
        for name in changes.model_fields_set:
            value = getattr(changes, name)
            if value is None and name in _REQUIRED:
                problems.append((name, "This field cannot be empty."))
                continue
            setattr(item, name, value)
        if not problems:
            _validate_item(session, item, now, problems)
    if not problems:
        _apply_status(item, old_status, now=now, actor=actor)
    return item, problems


def update_item(
    session: Session,
    item_id: int,
    changes: ChecklistItemUpdate,
    *,
    expected_version: int | None,
    now: datetime,
    actor,
) -> Saved:
    """Change an item. Marking it done records `now` and the acting user as completion."""
    require(actor, "transition.write")
    item, problems = _apply_item_update(session, item_id, changes, expected_version, now, actor)
    refuse(problems, "checklist item")
    session.flush()
    return Saved(id=item.id, version=item.version)


def mark_item_done(
    session: Session,
    item_id: int,
    data: ChecklistMarkDone,
    *,
    expected_version: int | None,
    now: datetime,
    actor,
) -> Saved:
    """Tick one item off: done now, by the acting user, with the evidence (a note or a link);
    an authority transfer also needs the board resolution or minutes date. Once done it is no
    longer open, so nothing shows it overdue."""
    require(actor, "transition.write")
    changes = {"status": "done", "evidence": data.evidence}
    if data.resolution_date is not None:
        changes["resolution_date"] = data.resolution_date
    item, problems = _apply_item_update(
        session, item_id, ChecklistItemUpdate(**changes), expected_version, now, actor
    )
    refuse(problems, "checklist item")
    session.flush()
    return Saved(id=item.id, version=item.version)


def save_checklist_table(
    session: Session, edits: list[ChecklistRowEdit], *, now: datetime, actor
) -> int:
    """Save the edited rows of the checklist table: all of them, or none."""
    require(actor, "transition.write")
    return save_rows(
        session,
        edits,
        lambda e: _apply_item_update(session, e.id, e.changes, e.expected_version, now, actor),
        name=lambda item: item.title,
    )


def delete_item(session: Session, item_id: int, *, expected_version: int | None, actor) -> None:
    require(actor, "transition.write")
    item = session.get(ChecklistItem, item_id)
    if item is None:
        raise NotFound(f"No checklist item with id {item_id}.")
    check_version(session, item, expected_version, f"checklist item “{item.title}”")
    session.delete(item)
    session.flush()


# --- Starting a plan from the standard items ---------------------------------------------------


def standard_items(session: Session, *, actor) -> list[TemplateItem]:
    """The standard items, each marked when an item with that title is already in the plan."""
    require(actor, "transition.checklist.read")
    existing = {t.casefold() for t in session.scalars(select(ChecklistItem.title))}
    return [
        item.model_copy(update={"in_plan": item.title.casefold() in existing})
        for item in STANDARD_ITEMS
    ]


def start_plan(
    session: Session,
    titles: list[str],
    *,
    due_date: date | None = None,
    owner_person_id: int | None = None,
    actor,
) -> StartPlanResult:
    """Add the chosen standard items (by title) to the checklist, skipping any already there."""
    require(actor, "transition.write")
    by_title = {item.title: item for item in STANDARD_ITEMS}
    unknown = [t for t in titles if t not in by_title]
    if unknown:
        raise ValidationFailed(
            f"“{unknown[0]}” is not a standard item.", [("titles", "Unknown standard item.")]
        )
    if not titles:
        raise ValidationFailed("Choose at least one item.", [("titles", "Nothing chosen.")])
    problems: list[tuple[str, str]] = []
    require_people_exist(session, [owner_person_id], "owner_person_id", problems)
    refuse(problems, "plan")
    existing = {t.casefold() for t in session.scalars(select(ChecklistItem.title))}
    added = skipped = 0
    for title in dict.fromkeys(titles):
        if title.casefold() in existing:
            skipped += 1
            continue
        template = by_title[title]
        session.add(
            ChecklistItem(
                category=template.category,
                title=template.title,
                is_authority_transfer=template.is_authority_transfer,
                status="not_started",
                due_date=due_date,
                owner_person_id=owner_person_id,
            )
        )
        added += 1
    session.flush()
    return StartPlanResult(added=added, skipped=skipped)


def furthest_behind(categories: list[CategoryProgress]) -> CategoryProgress | None:
    """The category with the smallest share done (None when no category has applicable items)."""
    return min(
        (c for c in categories if c.done_share is not None),
        key=lambda c: c.done_share,
        default=None,
    )
