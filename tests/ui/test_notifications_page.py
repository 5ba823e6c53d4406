"""Notifications page (admin): the SMTP set-up, a test email that arrives, and the last runs
with what was sent and what failed."""

from datetime import date

from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.notify import run_notifications
from tests.conftest import demo_actor
from tests.smtp import free_port, point_email_at
from tests.ui.apptest import open_page, page_text


def test_the_page_lists_the_last_runs_with_what_failed(demo_db, smtp_server):
    point_email_at(demo_db, "127.0.0.1", free_port())  # down
    run_notifications(demo_db, today=date(2026, 11, 23), actor=SYSTEM)
    point_email_at(demo_db, smtp_server.host, smtp_server.port)  # up again: retried
    run_notifications(demo_db, today=date(2026, 11, 23), actor=SYSTEM)

    at = open_page(demo_actor(demo_db, "admin"), "pages/notifications.py")
    assert not at.exception
    text = page_text(at)
    assert "Notifications" in text
    assert f"127.0.0.1:{smtp_server.port} (none), from reminders@gfj.example.org" in text
    titles = [e.label for e in at.expander]
    assert len(titles) == 2
    assert "4 sent" in titles[0] and "failed" not in titles[0]
    assert "0 sent, **4 failed**" in titles[1]
    assert "Could not reach the SMTP server" in text
    assert "ops@gfj.example.org" in text


def test_the_admin_sends_a_test_email(demo_db, smtp_server):
    point_email_at(demo_db, smtp_server.host, smtp_server.port)
    at = open_page(demo_actor(demo_db, "admin"), "pages/notifications.py")
    assert "has not run yet" in page_text(at)
    at.text_input(key="test_email_to").input("it@gfj.example.org")
    at.button(key="FormSubmitter:test_email-Send a test email").click()
    at.run()
    assert not at.exception
    assert "Sent a test email to it@gfj.example.org" in page_text(at)
    assert len(smtp_server.inbox.messages) == 1


def test_the_test_email_button_waits_for_the_set_up(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), "pages/notifications.py")
    assert "SMTP server**: not set up" in "\n".join(m.value for m in at.markdown)
    assert at.button(key="FormSubmitter:test_email-Send a test email").disabled
