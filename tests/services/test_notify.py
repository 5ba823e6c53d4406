"""Reminder emails: a week of `gfj notify` on the demo sends exactly the expected messages to
the expected people, once; nothing restricted is in them; dry runs touch nothing; an SMTP
failure is recorded and retried at the next run."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, update
from typer.testing import CliRunner

from gfj_core.cli import app as cli_app
from gfj_core.db import session_scope
from gfj_core.models import (
    CompetencyAssessment,
    EmergingLeader,
    LeaderOutcome,
    MentoringSession,
    Notification,
    NotificationRun,
    Person,
    ReadinessRating,
    UserAccount,
)
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.notify import run_notifications, send_test_email, set_my_preferences
from tests.conftest import demo_actor
from tests.smtp import body_text, free_port, point_email_at

MONDAY = date(2026, 11, 23)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
PRIVATE_MARKER = "PRIVATE-NOTE-MARKER-7781"
SCORE_MARKER = "SCORE-COMMENT-MARKER-4412"

# Worked out from the demo organisation (data/demo), Monday 23 to Sunday 29 November 2026:
# - Monday, the first run of the week: mentors with something to say get their weekly note
#   (Grace: Malik Hassan quiet since 24 Sep; Yvette: an action item due 27 Nov); owners hear of
#   what falls due by 30 Nov (the chair: two action items) and what is overdue (the admin: four
#   exit-checklist items).
# - Thursday 26, seven days before the December board meeting (3 Dec): the two accounts with a
#   board seat (the chair and the treasurer) get the reminder; Bernard's mentee's action item
#   comes within the week, so his weekly note goes then; the CEO's milestone is due on 3 Dec.
# - Nothing else, and nothing twice.
EXPECTED_WEEK = {
    (MONDAY, "mentor_weekly", "mentor3@gfj.example.org"),
    (MONDAY, "mentor_weekly", "mentor@gfj.example.org"),
    (MONDAY, "owner_due", "chair@gfj.example.org"),
    (MONDAY, "owner_due", "ops@gfj.example.org"),
    (date(2026, 11, 26), "board_meeting", "chair@gfj.example.org"),
    (date(2026, 11, 26), "board_meeting", "treasurer@gfj.example.org"),
    (date(2026, 11, 26), "mentor_weekly", "mentor2@gfj.example.org"),
    (date(2026, 11, 26), "owner_due", "ceo@gfj.example.org"),
}


def _run_week(engine, *, dry_run: bool = False) -> set[tuple]:
    out = set()
    for day in WEEK:
        result = run_notifications(engine, today=day, actor=SYSTEM, dry_run=dry_run)
        out |= {(day, m.kind, m.to_address, m.status) for m in result.messages}
    return out


def _restricted_texts(engine) -> list[str]:
    """Private session notes and every individual score's comment, as stored."""
    with session_scope(engine) as s:
        texts = [
            *s.scalars(
                select(MentoringSession.private_notes).where(
                    MentoringSession.private_notes.is_not(None)
                )
            ),
            *s.scalars(
                select(CompetencyAssessment.comment).where(
                    CompetencyAssessment.comment.is_not(None)
                )
            ),
            *s.scalars(select(ReadinessRating.note).where(ReadinessRating.note.is_not(None))),
            *s.scalars(
                select(LeaderOutcome.feedback_comment).where(
                    LeaderOutcome.feedback_comment.is_not(None)
                )
            ),
        ]
    return [t for t in texts if len(t.strip()) >= 12]


def _mark_restricted(engine) -> None:
    """A recognisable private note on every mentor's latest session, and a score comment."""
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        s.execute(update(MentoringSession).values(private_notes=PRIVATE_MARKER))
        s.execute(update(CompetencyAssessment).values(comment=SCORE_MARKER))


def test_a_week_sends_exactly_the_expected_messages_once_and_nothing_restricted(
    demo_db, smtp_server
):
    restricted = _restricted_texts(demo_db)
    assert restricted, "the demo should hold private notes to check against"
    _mark_restricted(demo_db)
    point_email_at(demo_db, smtp_server.host, smtp_server.port)

    sent = _run_week(demo_db)

    assert {(d, k, to) for d, k, to, _ in sent} == EXPECTED_WEEK
    assert {status for *_, status in sent} == {"sent"}
    inbox = smtp_server.inbox.messages
    assert sorted(m["To"].addresses[0].addr_spec for m in inbox) == sorted(
        to for _, _, to in EXPECTED_WEEK
    )
    with session_scope(demo_db) as s:
        leader_names = set(
            s.scalars(
                select(Person.full_name).join(EmergingLeader, EmergingLeader.person_id == Person.id)
            )
        )
    for message in inbox:
        text = body_text(message)
        for secret in [PRIVATE_MARKER, SCORE_MARKER, *restricted]:
            assert secret not in text, (message["Subject"], secret[:40])
        assert "turn it off on My account" in text
        assert message["From"].addresses[0].addr_spec == "reminders@gfj.example.org"
        if "Board meeting" in message["Subject"]:
            # The privacy-mode digest: counts, never a leader's name.
            assert "Since" not in message["Subject"]
            assert "mentoring sessions logged" in text
            assert not [n for n in leader_names if n in text]
            assert not [p for p in message.walk() if p.get_filename()], "no packet by default"

    # The same week again: everything was delivered, so nothing goes twice.
    smtp_server.inbox.clear()
    assert _run_week(demo_db) == set()
    assert smtp_server.inbox.messages == []


def test_a_dry_run_sends_and_records_nothing(demo_db, smtp_server):
    point_email_at(demo_db, smtp_server.host, smtp_server.port)
    would = _run_week(demo_db, dry_run=True)
    assert {status for *_, status in would} == {"would send"}
    # Without records, a dry run sees Monday's messages again later in the week.
    assert {(d, k, to) for d, k, to, _ in would} >= EXPECTED_WEEK
    assert smtp_server.inbox.messages == []
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.count()).select_from(NotificationRun)) == 0
        assert s.scalar(select(func.count()).select_from(Notification)) == 0


def test_an_smtp_failure_is_recorded_and_retried_at_the_next_run(demo_db, smtp_server):
    point_email_at(demo_db, "127.0.0.1", free_port())  # nothing listens there
    down = run_notifications(demo_db, today=MONDAY, actor=SYSTEM)
    assert down.failed == 4 and down.sent == 0
    assert "Could not reach the SMTP server" in down.problem
    with session_scope(demo_db) as s:
        rows = s.scalars(select(Notification)).all()
        assert {r.status for r in rows} == {"failed"} and len(rows) == 4
        assert all("Could not reach" in r.error for r in rows)

    point_email_at(demo_db, smtp_server.host, smtp_server.port)
    up = run_notifications(demo_db, today=MONDAY, actor=SYSTEM)
    assert up.sent == 4 and up.failed == 0
    assert {m.to_address for m in up.messages} == {to for d, _, to in EXPECTED_WEEK if d == MONDAY}
    assert len(smtp_server.inbox.messages) == 4
    assert run_notifications(demo_db, today=MONDAY, actor=SYSTEM).messages == []


def test_a_person_who_turned_a_kind_off_does_not_get_it(demo_db, smtp_server):
    point_email_at(demo_db, smtp_server.host, smtp_server.port)
    mentor = demo_actor(demo_db, "mentor")
    with session_scope(demo_db, write=True, actor=mentor) as s:
        set_my_preferences(s, {"mentor_weekly": False}, actor=mentor)
    result = run_notifications(demo_db, today=MONDAY, actor=SYSTEM)
    assert "mentor@gfj.example.org" not in {m.to_address for m in result.messages}
    assert len(result.messages) == 3


def test_a_deactivated_account_gets_no_email(demo_db, smtp_server):
    point_email_at(demo_db, smtp_server.host, smtp_server.port)
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        s.execute(update(UserAccount).where(UserAccount.username == "admin").values(active=False))
    result = run_notifications(demo_db, today=MONDAY, actor=SYSTEM)
    assert "ops@gfj.example.org" not in {m.to_address for m in result.messages}


def test_the_board_reminder_attaches_the_packet_only_when_the_setting_says_so(demo_db, smtp_server):
    from gfj_core.services.org_settings import set_org_setting

    point_email_at(demo_db, smtp_server.host, smtp_server.port)
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "email.attach_packet", "true", actor=SYSTEM)
    run_notifications(demo_db, today=date(2026, 11, 26), actor=SYSTEM)
    board = [m for m in smtp_server.inbox.messages if "Board meeting" in m["Subject"]]
    assert len(board) == 2
    for m in board:
        files = [p for p in m.walk() if p.get_filename()]
        assert [f.get_filename() for f in files] == ["board-packet-2026-11-26.pdf"]
        assert files[0].get_content()[:5] == b"%PDF-"


def test_the_admin_test_email_arrives(demo_db, smtp_server):
    point_email_at(demo_db, smtp_server.host, smtp_server.port)
    with session_scope(demo_db) as s:
        line = send_test_email(s, "it@gfj.example.org", actor=SYSTEM)
    assert "Sent a test email" in line
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.inbox.messages] == [
        "it@gfj.example.org"
    ]


def test_gfj_notify_dry_run_prints_what_it_would_send(demo_db, smtp_server):
    point_email_at(demo_db, smtp_server.host, smtp_server.port)
    result = CliRunner().invoke(
        cli_app, ["notify", "--dry-run", "--today", "2026-11-26"], standalone_mode=False
    )
    assert result.exception is None, result.output
    assert "would send  board_meeting chair@gfj.example.org" in result.output
    assert "Would send 7 message(s) for 2026-11-26 (dry run)." in result.output
    assert smtp_server.inbox.messages == []
