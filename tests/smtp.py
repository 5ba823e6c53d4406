"""A real SMTP server on 127.0.0.1 inside the test process (aiosmtpd), keeping what it got."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from gfj_core.db import session_scope
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.org_settings import set_org_setting


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def clear(self) -> None:
        self.messages.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(controller.hostname, controller.port, inbox)
    finally:
        controller.stop()


def point_email_at(engine, host: str, port: int) -> None:
    """Configure the organisation's email settings for a local, unencrypted server."""
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        for key, value in (
            ("email.smtp_host", host),
            ("email.smtp_port", str(port)),
            ("email.smtp_security", "none"),
            ("email.from_address", "reminders@gfj.example.org"),
            ("email.app_url", "https://oversight.gfj.example.org"),
        ):
            set_org_setting(s, key, value, actor=SYSTEM)


def body_text(message: EmailMessage) -> str:
    """Every text part (plain and HTML) and every attachment's name."""
    parts = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
        elif part.get_filename():
            parts.append(part.get_filename())
    return "\n".join(parts)
