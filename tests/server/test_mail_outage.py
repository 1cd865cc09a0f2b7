"""The SMTP server goes away and comes back: no queued mail is lost, none arrives twice.

Through the real command line (`evaluator send-mail`, as the scheduler runs it, in a process of
its own on the production settings) against a real SMTP server (aiosmtpd) on PostgreSQL. The retry
delay is set to zero, so that each run of the command tries every undelivered mail again.
"""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from evaluator.mail.models import MailState, OutboxMail
from evaluator.mail.outbox import queue_mail
from tests.mail.conftest import SENDER, SmtpServer
from tests.server.conftest import run_command

pytestmark = pytest.mark.postgres_only

MAILS = 5


def queue(session) -> list[str]:  # type: ignore[no-untyped-def]
    """Five mails to five people, committed; their recipients."""
    recipients = [f"person{i}@example.org" for i in range(1, MAILS + 1)]
    for i, to in enumerate(recipients, start=1):
        queue_mail(session, kind="test", to=to, subject=f"Message {i}", body_text=f"Hello number {i}.")
    session.commit()
    return recipients


def send_mail(database, smtp: SmtpServer) -> str:  # type: ignore[no-untyped-def]
    """One run of `evaluator send-mail`; its report."""
    result = run_command(
        "send-mail",
        database_url=database.url,
        settings={
            "EVALUATOR_SMTP_HOST": "127.0.0.1",
            "EVALUATOR_SMTP_PORT": str(smtp.port),
            "EVALUATOR_SMTP_SENDER": SENDER,
            "EVALUATOR_SMTP_TIMEOUT": "5",
            "EVALUATOR_MAIL_RETRY_MINUTES": "[0]",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def outbox(session) -> list[tuple[str, MailState, int]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    session.rollback()
    rows = session.execute(sa.select(OutboxMail.to_address, OutboxMail.state, OutboxMail.attempts))
    return sorted((to, state, attempts) for to, state, attempts in rows)


def arrived(smtp: SmtpServer) -> Counter[str]:
    return Counter(to for arrival in smtp.mailbox.arrivals for to in arrival.rcpt_tos)


@pytest.fixture()
def smtp():  # type: ignore[no-untyped-def]
    """An SMTP server on a port of its own, not started: the test starts and stops it."""
    server = SmtpServer()
    yield server
    server.stop()


def test_no_queued_mail_is_lost_or_sent_twice_while_the_smtp_server_is_down_or_goes_away_midway(
    database, session, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    recipients = queue(session)

    # Nobody listens on the port: every mail waits for the next run.
    assert send_mail(database, smtp) == (
        f"Sent 0, to retry {MAILS}, failed 0, left to another sender 0; {MAILS} queued for later."
    )
    assert outbox(session) == [(to, MailState.QUEUED, 1) for to in recipients]
    session.expire_all()
    assert all("Connection refused" in mail.last_error for mail in session.scalars(sa.select(OutboxMail)))

    # The server is back, takes two mails, refuses the third and stops listening.
    smtp.start()
    smtp.mailbox.go_down_at = 3
    assert send_mail(database, smtp) == (
        f"Sent 2, to retry {MAILS - 2}, failed 0, left to another sender 0; {MAILS - 2} queued for later."
    )
    assert sum(arrived(smtp).values()) == 2

    # Back for good, on the same port: the rest arrives, and nothing is left to send again.
    smtp.stop()
    smtp.start()
    assert send_mail(database, smtp) == (
        f"Sent {MAILS - 2}, to retry 0, failed 0, left to another sender 0; 0 queued for later."
    )

    assert arrived(smtp) == Counter(recipients)
    assert {state for _to, state, _attempts in outbox(session)} == {MailState.SENT}
    subjects = sorted(str(message["Subject"]) for message in smtp.mailbox.messages)
    assert subjects == [f"Message {i}" for i in range(1, MAILS + 1)]
