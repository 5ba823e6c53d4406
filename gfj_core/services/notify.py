"""Reminder emails through the organisation's SMTP server, and the log that makes `gfj notify`
idempotent.

Each message is built for one person from services called with that person's own actor, so it
holds exactly what their role may see on the screens; nothing here reads private notes or
individual scores (the board's digest is the privacy-mode one). What a message told its person
about is recorded as item keys; a key already in a *sent* message is not sent to them again, so
a failed message is simply tried again by the next run.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.access import Role, can_open, require
from gfj_core.errors import GfjError, PermissionDenied, ValidationFailed
from gfj_core.formatting import days_away, fmt_date
from gfj_core.models import (
    BoardMeeting,
    Notification,
    NotificationItem,
    NotificationPreference,
    NotificationRun,
    Person,
    UserAccount,
)
from gfj_core.models.base import utcnow
from gfj_core.schemas.auth import Actor
from gfj_core.schemas.notify import (
    KIND_WORDS,
    Attachment,
    NotificationLog,
    NotificationRead,
    OutgoingMessage,
    PreferenceRead,
    RunRead,
    RunResult,
    SentMessage,
)
from gfj_core.schemas.settings import EmailSettings
from gfj_core.services import due_items as due
from gfj_core.services.org_settings import in_org_date_style, load_org_settings
from gfj_core.settings import get_settings

KINDS = tuple(KIND_WORDS)
MAX_DIGEST_LINES = 8
SMTP_TIMEOUT_S = 20


class EmailFailed(GfjError):
    """The SMTP server could not be reached or refused the message (the reason is in the text)."""


def fmt_day(d: date) -> str:
    """In the organisation's date style, as the app shows dates (gfj_core.formatting)."""
    return fmt_date(d)


# ---------------------------------------------------------------- who gets which kind


def kind_applies(kind: str, actor: Actor, board_role: str | None) -> bool:
    if kind == "mentor_weekly":
        return actor.role == Role.mentor
    if kind == "board_meeting":
        return due.may_read_meetings(actor) and (
            actor.role in (Role.board, Role.treasurer) or board_role is not None
        )
    return True


def _recipients(session: Session) -> list[tuple[UserAccount, Person]]:
    """Active accounts of active people with an email address."""
    return list(
        session.execute(
            select(UserAccount, Person)
            .join(Person, Person.id == UserAccount.person_id)
            .where(UserAccount.active, Person.active, Person.email.is_not(None))
            .order_by(Person.full_name, UserAccount.id)
        ).all()
    )


def _opted_out(session: Session) -> set[tuple[int, str]]:
    return set(
        session.execute(
            select(NotificationPreference.user_id, NotificationPreference.kind).where(
                NotificationPreference.enabled.is_(False)
            )
        ).all()
    )


def _delivered(session: Session) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for person_id, key in session.execute(
        select(Notification.person_id, NotificationItem.item_key)
        .join(Notification, Notification.id == NotificationItem.notification_id)
        .where(Notification.status == "sent")
    ):
        out.setdefault(person_id, set()).add(key)
    return out


# ---------------------------------------------------------------- rendering


Line = tuple[str, str | None]  # text, link


def _render(
    *, greeting: str, intro: str, sections: list[tuple[str, list[Line]]], kind: str, cfg, org: str
) -> tuple[str, str]:
    """The same message as plain text and as simple HTML (inline styles: mail programs ignore
    style sheets). Every message ends with how to change preferences."""
    account = f"{cfg.app_url.rstrip('/')}/account"
    footer = (
        f"You get this email because you have an account on {org}'s transition oversight app. "
        f'To stop this kind of email ("{KIND_WORDS[kind]}"), turn it off on My account: {account}'
    )
    text = [greeting, "", intro, ""]
    for title, lines in sections:
        text.append(title)
        text += [f"  - {t}" + (f" ({link})" if link else "") for t, link in lines]
        text.append("")
    text += [f"Open the app: {cfg.app_url}", "", "-- ", footer]
    e = html.escape
    parts = [
        '<div style="font-family:Arial,Helvetica,sans-serif;font-size:16px;color:#1a1a1a;'
        'max-width:640px;line-height:1.45">',
        f"<p>{e(greeting)}</p><p>{e(intro)}</p>",
    ]
    for title, lines in sections:
        parts.append(f'<h3 style="font-size:17px;margin:18px 0 6px">{e(title)}</h3><ul>')
        for t, link in lines:
            item = f'<a href="{e(link)}">{e(t)}</a>' if link else e(t)
            parts.append(f"<li>{item}</li>")
        parts.append("</ul>")
    parts.append(
        f'<p><a href="{e(cfg.app_url)}" style="background:#1f4e79;color:#fff;padding:8px 14px;'
        f'text-decoration:none;border-radius:4px">Open the app</a></p>'
        f'<hr style="border:none;border-top:1px solid #ccc;margin-top:24px">'
        f'<p style="font-size:13px;color:#555">{e(footer.split(": http")[0])}: '
        f'<a href="{e(account)}">My account</a>.</p></div>'
    )
    return "\n".join(text), "".join(parts)


def _link(cfg, page_key: str) -> str:
    return f"{cfg.app_url.rstrip('/')}/{page_key}"


# ---------------------------------------------------------------- the three kinds


def _mentor_message(session, *, today, actor, cfg, org, settings) -> tuple | None:
    from gfj_core.services.leader_pipeline import stale_mentorships

    stale = stale_mentorships(
        session, today=today, actor=actor, stale_days=settings.session_stale_days
    )
    items = [
        i
        for i in due.mentoring_actions(session, today=today, until=today + due.WEEK, actor=actor)
        if i.due_on >= today
    ]
    if not stale and not items:
        return None
    sections = []
    if stale:
        sections.append(
            (
                f"Mentees with no session for more than {settings.session_stale_days} days",
                [
                    (
                        f"{s.leader_name}: last session {fmt_day(s.last_session_on)} "
                        f"({s.days_since} days ago)"
                        if s.last_session_on
                        else f"{s.leader_name}: no session logged yet",
                        _link(cfg, "log_session"),
                    )
                    for s in stale
                ],
            )
        )
    if items:
        sections.append(
            (
                "Open action items due in the coming week",
                [(f"{i.title} ({i.context}), due {fmt_day(i.due_on)}", None) for i in items],
            )
        )
    iso = today.isocalendar()
    parts = []
    if stale:
        parts.append(f"{len(stale)} quiet mentee{'s' if len(stale) != 1 else ''}")
    if items:
        parts.append(f"{len(items)} action item{'s' if len(items) != 1 else ''} due")
    subject = "Your mentoring week: " + ", ".join(parts)
    intro = (
        "Your mentoring week: mentees who have gone quiet, and the action items from your "
        "sessions that fall due in the next seven days."
    )
    return subject, sections, [f"mentor_weekly:{iso.year}-W{iso.week:02d}"], intro


def _owner_message(session, *, today, actor, cfg, delivered: set[str]) -> tuple | None:
    owned = due.owned_items(
        session, today=today, until=today + timedelta(days=cfg.due_soon_days), actor=actor
    )
    new = []
    for i in owned:
        key = f"{i.kind}:{i.id}:{'overdue' if i.overdue else 'due'}:{i.due_on.isoformat()}"
        if key not in delivered:
            new.append((i, key))
    if not new:
        return None
    words = {"milestone": "Milestone", "checklist_item": "Checklist", "action_item": "Action item"}
    overdue = [(i, k) for i, k in new if i.overdue]
    soon = [(i, k) for i, k in new if not i.overdue]
    sections = []
    if overdue:
        sections.append(
            (
                "Now overdue",
                [
                    (
                        f"{words[i.kind]}: {i.title} (was due {fmt_day(i.due_on)})",
                        _link(cfg, i.page_key),
                    )
                    for i, _ in overdue
                ],
            )
        )
    if soon:
        sections.append(
            (
                f"Due in the next {cfg.due_soon_days} days",
                [
                    (
                        f"{words[i.kind]}: {i.title} (due {fmt_day(i.due_on)})",
                        _link(cfg, i.page_key),
                    )
                    for i, _ in soon
                ],
            )
        )
    parts = []
    if overdue:
        parts.append(f"{len(overdue)} overdue")
    if soon:
        parts.append(f"{len(soon)} due soon")
    subject = "What you own: " + ", ".join(parts)
    return subject, sections, [k for _, k in new], "Here is what you own that needs you."


def _board_message(session, *, today, actor, cfg, meeting, digest, packet) -> tuple:
    when = days_away((meeting.held_on - today).days)
    sections = []
    agenda = [a.strip() for a in (meeting.agenda or "").splitlines() if a.strip()]
    if agenda:
        sections.append(("Agenda", [(a, None) for a in agenda]))
    quiet: list[str] = []
    for part in digest.sections:
        # A count-only section repeats its summary as its one item: say it once.
        items = [i for i in part.items if i.text.lower() != part.summary.lower()]
        if not items:
            quiet.append(part.summary)
            continue
        lines: list[Line] = [(i.text, None) for i in items[:MAX_DIGEST_LINES]]
        more = len(items) - MAX_DIGEST_LINES
        # Link only to pages this person may open (the digest names a few it cannot).
        link = (
            _link(cfg, part.page_key)
            if part.page_key and can_open(actor.role, part.page_key)
            else None
        )
        if more > 0 or link:
            lines.append(((f"and {more} more: " if more > 0 else "") + "see the app", link))
        sections.append((part.summary[:1].upper() + part.summary[1:], lines))
    if quiet:
        sections.append(("Also", [(q[:1].upper() + q[1:], None) for q in quiet]))
    if packet:
        sections.append(("The board packet", [("Attached (PDF, aggregates only).", None)]))
    subject = f"{meeting.title}: {fmt_day(meeting.held_on)} ({when})"
    since = f"since {digest.since_title} ({fmt_day(digest.since)})" if digest.since else "so far"
    intro = (
        f"{meeting.title} is on {fmt_day(meeting.held_on)}, {when}. Here is its agenda and "
        f"what changed {since}; changes about people are given as counts, not names."
    )
    return subject, sections, [f"board_meeting:{meeting.id}:{meeting.held_on.isoformat()}"], intro


# ---------------------------------------------------------------- planning


@in_org_date_style
def plan_notifications(session: Session, *, today: date, actor) -> list[OutgoingMessage]:
    """Every message due today that has not been sent yet, one per person and kind."""
    require(actor, "notifications.manage")
    from gfj_core.services.auth import actor_for
    from gfj_core.services.digest import since_last_meeting

    settings = load_org_settings(session)
    cfg, org = settings.email, settings.organisation_name
    opted_out = _opted_out(session)
    delivered = _delivered(session)
    meetings = list(
        session.scalars(
            select(BoardMeeting)
            .where(
                BoardMeeting.kind == "board",
                BoardMeeting.status == "scheduled",
                BoardMeeting.held_on >= today,
                BoardMeeting.held_on <= today + timedelta(days=cfg.board_reminder_days),
            )
            .order_by(BoardMeeting.held_on)
        )
    )
    digests: dict[Role, object] = {}
    packets: dict[Role, bytes] = {}
    out: list[OutgoingMessage] = []
    for user, person in _recipients(session):
        who = actor_for(user)
        mine = delivered.get(person.id, set())

        def wants(kind: str, who=who, user=user, person=person) -> bool:
            return (user.id, kind) not in opted_out and kind_applies(kind, who, person.board_role)

        built: list[tuple[str, tuple]] = []
        if wants("mentor_weekly") and today.weekday() >= cfg.mentor_weekday:
            m = _mentor_message(
                session, today=today, actor=who, cfg=cfg, org=org, settings=settings
            )
            if m is not None and not set(m[2]) <= mine:
                built.append(("mentor_weekly", m))
        if wants("owner_due"):
            m = _owner_message(session, today=today, actor=who, cfg=cfg, delivered=mine)
            if m is not None:
                built.append(("owner_due", m))
        if wants("board_meeting"):
            for meeting in meetings:
                key = f"board_meeting:{meeting.id}:{meeting.held_on.isoformat()}"
                if key in mine:
                    continue
                if who.role not in digests:
                    digests[who.role] = since_last_meeting(
                        session, today=today, actor=who, privacy=True
                    )
                attachments = []
                if cfg.attach_packet:
                    if who.role not in packets:
                        from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf

                        packets[who.role] = render_packet_pdf(
                            board_packet(session, as_of=today, actor=who), charts=False
                        )
                    attachments.append(
                        Attachment(
                            filename=f"board-packet-{today.isoformat()}.pdf",
                            mime="application/pdf",
                            data=packets[who.role],
                        )
                    )
                m = _board_message(
                    session,
                    today=today,
                    actor=who,
                    cfg=cfg,
                    meeting=meeting,
                    digest=digests[who.role],
                    packet=bool(attachments),
                )
                built.append(("board_meeting", (*m, attachments)))
        for kind, parts in built:
            subject, sections, keys, intro = parts[:4]
            text, body = _render(
                greeting=f"Hello {person.full_name.split()[0]},",
                intro=intro,
                sections=sections,
                kind=kind,
                cfg=cfg,
                org=org,
            )
            out.append(
                OutgoingMessage(
                    kind=kind,
                    person_id=person.id,
                    user_id=user.id,
                    to_name=person.full_name,
                    to_address=person.email,
                    subject=subject,
                    text=text,
                    html=body,
                    item_keys=keys,
                    attachments=parts[4] if len(parts) > 4 else [],
                )
            )
    return out


# ---------------------------------------------------------------- sending


def _password() -> str | None:
    secret = get_settings().smtp_password
    return secret.get_secret_value() if secret else None


@contextmanager
def smtp_connection(cfg: EmailSettings, password: str | None) -> Iterator[smtplib.SMTP]:
    """One connection for a whole run, secured as the settings say."""
    if not cfg.configured:
        raise EmailFailed("Email is not set up: set email.smtp_host and email.from_address.")
    try:
        if cfg.smtp_security == "ssl":
            conn = smtplib.SMTP_SSL(
                cfg.smtp_host,
                cfg.smtp_port,
                timeout=SMTP_TIMEOUT_S,
                context=ssl.create_default_context(),
            )
        else:
            conn = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=SMTP_TIMEOUT_S)
            if cfg.smtp_security == "starttls":
                conn.starttls(context=ssl.create_default_context())
        if cfg.smtp_username:
            conn.login(cfg.smtp_username, password or "")
    except (OSError, smtplib.SMTPException) as exc:
        raise EmailFailed(
            f"Could not reach the SMTP server {cfg.smtp_host}:{cfg.smtp_port}: {exc}"
        ) from None
    try:
        yield conn
    finally:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()


def build_email(message: OutgoingMessage, cfg: EmailSettings, org: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = formataddr((org, cfg.from_address or ""))
    mail["To"] = formataddr((message.to_name, message.to_address))
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=(cfg.from_address or "gfj.local").split("@")[-1])
    mail.set_content(message.text)
    mail.add_alternative(message.html, subtype="html")
    for a in message.attachments:
        maintype, subtype = a.mime.split("/", 1)
        mail.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.filename)
    return mail


class PlannedRun(BaseModel):
    """What a run will send, with the settings it was planned under."""

    today: date
    email: EmailSettings
    organisation_name: str
    messages: list[OutgoingMessage]


def prepare_run(session: Session, *, today: date, actor) -> PlannedRun:
    """Read-only: what is due today and not yet sent."""
    require(actor, "notifications.manage")
    settings = load_org_settings(session)
    return PlannedRun(
        today=today,
        email=settings.email,
        organisation_name=settings.organisation_name,
        messages=plan_notifications(session, today=today, actor=actor),
    )


def deliver(plan: PlannedRun) -> tuple[list[tuple[OutgoingMessage, str | None]], str | None]:
    """Send every planned message over one connection; no database. Returns each message with
    its error (None when sent) and the connection problem, if there was one."""
    outcomes: list[tuple[OutgoingMessage, str | None]] = []
    if not plan.messages:
        return outcomes, None
    try:
        with smtp_connection(plan.email, _password()) as conn:
            for m in plan.messages:
                try:
                    conn.send_message(build_email(m, plan.email, plan.organisation_name))
                    outcomes.append((m, None))
                except (OSError, smtplib.SMTPException) as exc:
                    outcomes.append((m, f"{type(exc).__name__}: {exc}"))
    except EmailFailed as exc:
        done = len(outcomes)
        return outcomes + [(m, str(exc)) for m in plan.messages[done:]], str(exc)
    return outcomes, None


def record_run(
    session: Session,
    plan: PlannedRun,
    outcomes: list[tuple[OutgoingMessage, str | None]],
    *,
    started_at,
    actor,
) -> int:
    """The run and every message, sent or failed, with the item keys each one carried."""
    require(actor, "notifications.manage")
    run = NotificationRun(today=plan.today, started_at=started_at)
    session.add(run)
    session.flush()
    for m, error in outcomes:
        row = Notification(
            run_id=run.id,
            kind=m.kind,
            person_id=m.person_id,
            to_address=m.to_address,
            subject=m.subject,
            status="failed" if error else "sent",
            error=error,
        )
        row.items = [NotificationItem(item_key=k) for k in m.item_keys]
        session.add(row)
    run.sent = sum(1 for _, e in outcomes if e is None)
    run.failed = len(outcomes) - run.sent
    run.finished_at = utcnow()
    session.flush()
    return run.id


def run_notifications(engine, *, today: date, actor, dry_run: bool = False) -> RunResult:
    """`gfj notify`: plan in a read transaction, send with no transaction open (a slow SMTP
    server must not hold SQLite's write lock), then record in one short write transaction. A
    dry run sends and records nothing."""
    from gfj_core.db import session_scope

    started = utcnow()
    with session_scope(engine) as s:
        plan = prepare_run(s, today=today, actor=actor)
    if dry_run:
        return RunResult(
            today=today,
            dry_run=True,
            run_id=None,
            messages=[
                SentMessage(
                    kind=m.kind, to_address=m.to_address, subject=m.subject, status="would send"
                )
                for m in plan.messages
            ],
            problem=None
            if plan.email.configured
            else "Email is not set up yet: a real run would record these as failed.",
        )
    outcomes, problem = deliver(plan)
    with session_scope(engine, write=True, actor=actor) as s:
        run_id = record_run(s, plan, outcomes, started_at=started, actor=actor)
    return RunResult(
        today=today,
        dry_run=False,
        run_id=run_id,
        messages=[
            SentMessage(
                kind=m.kind,
                to_address=m.to_address,
                subject=m.subject,
                status="failed" if e else "sent",
                error=e,
            )
            for m, e in outcomes
        ],
        problem=problem,
    )


@in_org_date_style
def send_test_email(session: Session, to_address: str, *, actor) -> str:
    """Send one short message with the current settings; raises EmailFailed with the reason."""
    require(actor, "notifications.manage")
    to_address = (to_address or "").strip()
    if "@" not in to_address:
        raise ValidationFailed("Give an email address.", [("to_address", "Not an email address.")])
    settings = load_org_settings(session)
    cfg = settings.email
    message = OutgoingMessage(
        kind="owner_due",
        person_id=0,
        user_id=0,
        to_name=to_address,
        to_address=to_address,
        subject=f"Test email from {settings.organisation_name}'s transition oversight app",
        text="This is a test: the app can send email through your SMTP server.",
        html="<p>This is a test: the app can send email through your SMTP server.</p>",
        item_keys=[],
    )
    with smtp_connection(cfg, _password()) as conn:
        try:
            conn.send_message(build_email(message, cfg, settings.organisation_name))
        except (OSError, smtplib.SMTPException) as exc:
            raise EmailFailed(f"The SMTP server refused the message: {exc}") from None
    return f"Sent a test email to {to_address} through {cfg.smtp_host}:{cfg.smtp_port}."


# ---------------------------------------------------------------- the admin page


def notification_log(session: Session, *, actor, limit: int = 15) -> NotificationLog:
    """The last runs, newest first, with what each sent and what failed."""
    require(actor, "notifications.manage")
    cfg = load_org_settings(session).email
    runs = list(
        session.scalars(
            select(NotificationRun)
            .order_by(NotificationRun.started_at.desc(), NotificationRun.id.desc())
            .limit(limit)
        )
    )
    names = dict(session.execute(select(Person.id, Person.full_name)).all())
    notes: dict[int, list[NotificationRead]] = {}
    if runs:
        for n in session.scalars(
            select(Notification)
            .where(Notification.run_id.in_([r.id for r in runs]))
            .order_by(Notification.id)
        ):
            notes.setdefault(n.run_id, []).append(
                NotificationRead(
                    id=n.id,
                    kind=n.kind,
                    person_name=names.get(n.person_id, "?"),
                    to_address=n.to_address,
                    subject=n.subject,
                    status=n.status,
                    error=n.error,
                    created_at=n.created_at,
                )
            )
    summary = (
        f"{cfg.smtp_host}:{cfg.smtp_port} ({cfg.smtp_security}), from {cfg.from_address}"
        + (f", user {cfg.smtp_username}" if cfg.smtp_username else "")
        if cfg.configured
        else "not set up"
    )
    return NotificationLog(
        runs=[
            RunRead(
                id=r.id,
                started_at=r.started_at,
                finished_at=r.finished_at,
                today=r.today,
                sent=r.sent,
                failed=r.failed,
                notifications=notes.get(r.id, []),
            )
            for r in runs
        ],
        configured=cfg.configured,
        smtp_summary=summary,
        password_set=_password() is not None,
    )


# ---------------------------------------------------------------- My account: preferences


def my_preferences(session: Session, *, actor) -> list[PreferenceRead]:
    require(actor, "reminders.own")
    if actor.user_id is None:
        raise PermissionDenied("Only a signed-in person has email preferences.")
    off = {
        k
        for k, enabled in session.execute(
            select(NotificationPreference.kind, NotificationPreference.enabled).where(
                NotificationPreference.user_id == actor.user_id
            )
        )
        if not enabled
    }
    board_role = (
        session.scalar(select(Person.board_role).where(Person.id == actor.person_id))
        if actor.person_id
        else None
    )
    return [
        PreferenceRead(
            kind=k,
            label=KIND_WORDS[k],
            enabled=k not in off,
            applies=kind_applies(k, actor, board_role),
        )
        for k in KINDS
    ]


def set_my_preferences(session: Session, choices: dict[str, bool], *, actor) -> None:
    """Turn each kind of email on or off for the signed-in account only."""
    require(actor, "reminders.own")
    if actor.user_id is None:
        raise PermissionDenied("Only a signed-in person has email preferences.")
    unknown = set(choices) - set(KINDS)
    if unknown:
        raise ValidationFailed(f"Unknown kind of email: {', '.join(sorted(unknown))}.")
    rows = {
        p.kind: p
        for p in session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == actor.user_id)
        )
    }
    for kind, enabled in choices.items():
        if kind in rows:
            rows[kind].enabled = bool(enabled)
        else:
            session.add(
                NotificationPreference(user_id=actor.user_id, kind=kind, enabled=bool(enabled))
            )
    session.flush()
