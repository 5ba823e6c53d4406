"""Email over an encrypted, authenticated SMTP server, as a real organisation's is: STARTTLS on
the submission port and SSL on 465, each with a user name and the password from the environment
(never the database). A local aiosmtpd with a certificate made for the test; the client checks
it against that certificate only (SSL_CERT_FILE), so an unchecked certificate would fail here."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from gfj_core.db import session_scope
from gfj_core.errors import GfjError
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.notify import send_test_email
from gfj_core.services.org_settings import set_org_setting
from gfj_core.settings import get_settings
from tests.smtp import Inbox, free_port, point_email_at

USER, PASSWORD = "reminders@gfj.example.org", "correct horse battery staple"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("smtp-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def _server(certificate, *, implicit: bool) -> tuple[Controller, Inbox]:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    options = {"ssl_context": context} if implicit else {"tls_context": context}
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=_authenticator,
        auth_required=True,  # no mail without signing in: a client that skips AUTH fails
        # On 465 the whole connection is TLS, which aiosmtpd does not count as STARTTLS.
        auth_require_tls=not implicit,
        require_starttls=not implicit,
        server_hostname="127.0.0.1",
        **options,
    )
    controller.start()
    return controller, inbox


@pytest.fixture
def trusting_the_test_certificate(certificate, monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("GFJ_SMTP_PASSWORD", PASSWORD)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _configure(engine, port: int, security: str) -> None:
    point_email_at(engine, "127.0.0.1", port)
    with session_scope(engine, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "email.smtp_security", security, actor=SYSTEM)
        set_org_setting(s, "email.smtp_username", USER, actor=SYSTEM)


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_test_email_arrives_over_tls_with_the_password_from_the_environment(
    demo_db, certificate, trusting_the_test_certificate, security
):
    controller, inbox = _server(certificate, implicit=security == "ssl")
    try:
        _configure(demo_db, controller.port, security)
        with session_scope(demo_db) as s:
            line = send_test_email(s, "it@gfj.example.org", actor=SYSTEM)
    finally:
        controller.stop()
    assert "Sent a test email" in line
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["it@gfj.example.org"]


def test_a_wrong_password_is_a_clear_refusal_and_nothing_is_sent(
    demo_db, certificate, trusting_the_test_certificate, monkeypatch
):
    monkeypatch.setenv("GFJ_SMTP_PASSWORD", "not the password")
    get_settings.cache_clear()
    controller, inbox = _server(certificate, implicit=False)
    try:
        _configure(demo_db, controller.port, "starttls")
        with session_scope(demo_db) as s, pytest.raises(GfjError, match="127.0.0.1"):
            send_test_email(s, "it@gfj.example.org", actor=SYSTEM)
    finally:
        controller.stop()
    assert inbox.messages == []


def test_a_certificate_the_machine_does_not_trust_is_refused(demo_db, certificate, monkeypatch):
    """Without SSL_CERT_FILE the self-made certificate is unknown: the client must refuse it
    rather than send the password to whoever answers."""
    monkeypatch.setenv("GFJ_SMTP_PASSWORD", PASSWORD)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    get_settings.cache_clear()
    controller, inbox = _server(certificate, implicit=False)
    try:
        _configure(demo_db, controller.port, "starttls")
        with session_scope(demo_db) as s, pytest.raises(GfjError, match="(?i)certificate"):
            send_test_email(s, "it@gfj.example.org", actor=SYSTEM)
    finally:
        controller.stop()
        get_settings.cache_clear()
    assert inbox.messages == []
