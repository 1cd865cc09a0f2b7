"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the mail tests, and what arrived at it."""

from __future__ import annotations

import email
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from evaluator.mail.models import OutboxMail
from evaluator.mail.sender import SmtpSettings

SENDER = "TUD Lighthouses <lighthouses@example.org>"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Arrival:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    """The handler of the test server: keeps every accepted message.

    ``refuse`` maps recipient addresses to the reply their RCPT gets (e.g. "550 …"); with
    ``go_down_at`` the server stops listening when that MAIL command arrives (counting from 1)
    and answers it with 421, as a server shutting down mid-run does.
    """

    arrivals: list[Arrival] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    go_down_at: int | None = None
    mail_commands: int = 0
    server: SmtpServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # type: ignore[no-untyped-def]
        self.mail_commands += 1
        if self.go_down_at is not None and self.mail_commands >= self.go_down_at:
            assert self.server is not None and self.server.controller is not None
            self.server.controller.server.close()  # no new connections from now on
            return "421 4.3.2 Service shutting down"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        # As a mail client stores it: line ends as in Python, not as on the wire.
        raw = envelope.original_content.replace(b"\r\n", b"\n")
        message = email.message_from_bytes(raw, policy=policy.default)
        with self.lock:
            self.arrivals.append(Arrival(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        with self.lock:
            return [a.message for a in self.arrivals]

    def subjects(self) -> list[str]:
        return sorted(str(m["Subject"]) for m in self.messages)


class SmtpServer:
    """aiosmtpd on a fixed free port, that can be stopped and started again on the same port."""

    def __init__(self, **controller_options: Any) -> None:
        self.port = free_port()
        self.mailbox = Mailbox(server=self)
        self.controller: Controller | None = None
        self.controller_options = controller_options

    def start(self) -> None:
        self.mailbox.go_down_at = None
        self.controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port, **self.controller_options
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def settings(self, **changes: Any) -> SmtpSettings:
        values: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "sender": SENDER,
            "timeout": 5.0,
            "retry_minutes": (1, 5, 15),
            "max_attempts": 4,
        }
        values.update(changes)
        return SmtpSettings(**values)


@pytest.fixture()
def smtp_server() -> Iterator[SmtpServer]:
    """A running SMTP server; the test may stop and start it."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def smtp_config(app, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:  # type: ignore[no-untyped-def]
    """The app's SMTP settings pointed at the test server (for the commands)."""
    for key, value in {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_server.port,
        "SMTP_SENDER": SENDER,
        "SMTP_TIMEOUT": 5,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return smtp_server


def accept_only(username: str, password: str):  # type: ignore[no-untyped-def]
    """An aiosmtpd authenticator that accepts one login."""

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            username.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False)

    return authenticator


def outbox(session) -> list[OutboxMail]:  # type: ignore[no-untyped-def]
    """Every mail in the outbox, oldest first, freshly read."""
    session.expire_all()
    return list(session.scalars(sa.select(OutboxMail).order_by(OutboxMail.id)))
