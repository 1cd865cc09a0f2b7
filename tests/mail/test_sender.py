"""Delivering the outbox to a real SMTP server: once, with retries, and never twice."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.config import environment_overrides
from evaluator.core.clock import frozen_at
from evaluator.extensions import db
from evaluator.mail.models import MailState, OutboxMail
from evaluator.mail.outbox import queue_mail
from evaluator.mail.sender import CLAIM_LEASE, SendReport, SmtpSettings, claim, send_queued
from tests.mail.conftest import SENDER, SmtpServer, accept_only, free_port, outbox

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def queue(session, number: int, *, to: str | None = None, html: bool = False) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for i in range(1, number + 1):
        mail = queue_mail(
            session,
            kind="test",
            to=to or f"person{i}@example.org",
            subject=f"Message {i:02d}",
            body_text=f"Hello number {i}.\nA second line with ümlauts.",
            body_html=f"<p>Hello number <b>{i}</b>.</p>" if html else None,
        )
        assert mail is not None
        ids.append(mail.id)
    session.commit()
    return ids


@pytest.fixture(autouse=True)
def _still_clock():  # type: ignore[no-untyped-def]
    with frozen_at(NOW):
        yield


def test_due_mail_arrives_with_its_headers_and_is_marked_sent(session, smtp_server: SmtpServer) -> None:
    [plain_id] = queue(session, 1, to="mia@example.org")
    mail = queue_mail(
        session,
        kind="test",
        to="max@example.org",
        subject="With  HTML",
        body_text="Plain words.",
        body_html="<p>Rich <a href='https://example.org'>words</a>.</p>",
    )
    session.commit()

    report = send_queued(session, settings=smtp_server.settings())

    assert report == SendReport(sent=2, retrying=0, failed=0, taken=0, waiting=0)
    arrivals = {a.rcpt_tos[0]: a for a in smtp_server.mailbox.arrivals}
    assert set(arrivals) == {"mia@example.org", "max@example.org"}
    plain = arrivals["mia@example.org"]
    assert plain.mail_from == "lighthouses@example.org"
    assert plain.message["From"] == SENDER
    assert plain.message["To"] == "mia@example.org"
    assert plain.message["Subject"] == "Message 01"
    assert plain.message["Auto-Submitted"] == "auto-generated"
    assert plain.message["Message-ID"].startswith(f"<outbox-{plain_id}-")
    assert plain.message.get_content() == "Hello number 1.\nA second line with ümlauts.\n"
    rich = arrivals["max@example.org"].message
    assert rich["Subject"] == "With HTML"
    assert rich.get_content_type() == "multipart/alternative"
    assert rich.get_body(("plain",)).get_content() == "Plain words.\n"
    assert "Rich <a href='https://example.org'>words</a>" in rich.get_body(("html",)).get_content()

    rows = outbox(session)
    assert [(m.state, m.attempts, m.sent_at, m.last_error) for m in rows] == [
        (MailState.SENT, 1, NOW, ""),
        (MailState.SENT, 1, NOW, ""),
    ]
    assert mail is not None and rows[1].id == mail.id


def test_a_sent_mail_is_never_sent_again(session, smtp_server: SmtpServer) -> None:
    queue(session, 3)
    first = send_queued(session, settings=smtp_server.settings())
    with frozen_at(NOW + timedelta(days=2)):
        second = send_queued(session, settings=smtp_server.settings())
        third = send_queued(session, settings=smtp_server.settings())

    assert (first.sent, second.sent, third.sent) == (3, 0, 0)
    assert smtp_server.mailbox.subjects() == ["Message 01", "Message 02", "Message 03"]
    assert {m.attempts for m in outbox(session)} == {1}


def test_mail_waits_until_its_next_attempt_and_the_limit_is_kept(session, smtp_server: SmtpServer) -> None:
    ids = queue(session, 4)
    session.execute(
        sa.update(OutboxMail)
        .where(OutboxMail.id == ids[0])
        .values(next_attempt_at=NOW + timedelta(minutes=5))
    )
    session.commit()

    report = send_queued(session, settings=smtp_server.settings(), limit=2)

    assert (report.sent, report.waiting) == (2, 2)
    assert smtp_server.mailbox.subjects() == ["Message 02", "Message 03"]
    with frozen_at(NOW + timedelta(minutes=5)):
        assert send_queued(session, settings=smtp_server.settings()).sent == 2
    assert smtp_server.mailbox.subjects() == ["Message 01", "Message 02", "Message 03", "Message 04"]


def test_an_unreachable_server_means_retries_with_growing_delays_then_failure(session) -> None:
    settings = SmtpSettings(
        host="127.0.0.1", port=free_port(), sender=SENDER, retry_minutes=(1, 5, 15), max_attempts=4
    )
    [mail_id] = queue(session, 1)
    moment = NOW
    delays = []
    for attempt in (1, 2, 3):
        with frozen_at(moment):
            report = send_queued(session, settings=settings)
            assert (report.retrying, report.failed) == (1, 0)
            # Not due again at once: a second run at the same moment leaves it alone.
            assert send_queued(session, settings=settings) == SendReport(waiting=1)
        mail = outbox(session)[0]
        assert (mail.state, mail.attempts) == (MailState.QUEUED, attempt)
        assert "ConnectionRefusedError" in mail.last_error
        delays.append(mail.next_attempt_at - moment)
        moment = mail.next_attempt_at
    assert delays == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15)]

    with frozen_at(moment):
        report = send_queued(session, settings=settings)
    assert (report.retrying, report.failed) == (0, 1)
    mail = outbox(session)[0]
    assert (mail.id, mail.state, mail.attempts, mail.sent_at) == (mail_id, MailState.FAILED, 4, None)
    assert "ConnectionRefusedError" in mail.last_error
    with frozen_at(moment + timedelta(days=1)):
        assert send_queued(session, settings=settings) == SendReport()


def test_a_server_going_down_mid_run_loses_nothing_and_everything_arrives_once(
    session, smtp_server: SmtpServer
) -> None:
    queue(session, 5)
    smtp_server.mailbox.go_down_at = 3  # the third mail finds the server shutting down

    first = send_queued(session, settings=smtp_server.settings())

    assert (first.sent, first.retrying, first.failed) == (2, 3, 0)
    assert smtp_server.mailbox.subjects() == ["Message 01", "Message 02"]
    rows = outbox(session)
    assert [m.state for m in rows] == [MailState.SENT] * 2 + [MailState.QUEUED] * 3
    assert "421" in rows[2].last_error  # refused by the server going down
    assert all("ConnectionRefusedError" in m.last_error for m in rows[3:])  # then no server at all

    # Back up: nothing is tried before its delay, then the rest arrives, once.
    smtp_server.stop()
    smtp_server.start()
    assert send_queued(session, settings=smtp_server.settings()).sent == 0
    with frozen_at(NOW + timedelta(minutes=1)):
        second = send_queued(session, settings=smtp_server.settings())
        third = send_queued(session, settings=smtp_server.settings())

    assert (second.sent, second.retrying, third.sent) == (3, 0, 0)
    assert smtp_server.mailbox.subjects() == [f"Message {i:02d}" for i in range(1, 6)]
    assert len({m["Message-ID"] for m in smtp_server.mailbox.messages}) == 5
    rows = outbox(session)
    assert [(m.state, m.attempts) for m in rows] == [(MailState.SENT, 1)] * 2 + [(MailState.SENT, 2)] * 3


def test_a_mail_claimed_by_a_sender_that_died_waits_for_the_lease(session, smtp_server: SmtpServer) -> None:
    [mail_id] = queue(session, 1)
    settings = smtp_server.settings()
    assert claim(session, mail_id, seen_attempts=0, now=NOW, settings=settings) is not None
    assert claim(session, mail_id, seen_attempts=0, now=NOW, settings=settings) is None  # taken

    # The sender that claimed it is gone; the mail is not touched while it might still be sending.
    with frozen_at(NOW + timedelta(minutes=5)):
        assert send_queued(session, settings=settings).sent == 0
    with frozen_at(NOW + CLAIM_LEASE):
        assert send_queued(session, settings=settings).sent == 1
    assert smtp_server.mailbox.subjects() == ["Message 01"]
    assert [(m.state, m.attempts) for m in outbox(session)] == [(MailState.SENT, 2)]


def test_a_refused_recipient_fails_at_once_and_the_others_still_go(session, smtp_server: SmtpServer) -> None:
    smtp_server.mailbox.refuse = {
        "gone@example.org": "550 5.1.1 No such user",
        "full@example.org": "452 4.2.2 Mailbox full",
    }
    for to in ("gone@example.org", "full@example.org", "mia@example.org"):
        queue(session, 1, to=to)

    report = send_queued(session, settings=smtp_server.settings())

    assert (report.sent, report.retrying, report.failed) == (1, 1, 1)
    by_address = {m.to_address: m for m in outbox(session)}
    assert by_address["gone@example.org"].state is MailState.FAILED
    assert "550" in by_address["gone@example.org"].last_error
    assert by_address["full@example.org"].state is MailState.QUEUED  # a 4xx answer: tried again
    assert "452" in by_address["full@example.org"].last_error
    assert by_address["mia@example.org"].state is MailState.SENT
    assert [a.rcpt_tos for a in smtp_server.mailbox.arrivals] == [["mia@example.org"]]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_the_login_from_the_settings_is_used(session) -> None:
    server = SmtpServer(
        authenticator=accept_only("mailer", "s3cret"), auth_required=True, auth_require_tls=False
    )
    server.start()
    try:
        queue(session, 1)
        wrong = send_queued(session, settings=server.settings(username="mailer", password="wrong"))
        assert wrong.retrying == 1
        assert "SMTPAuthenticationError" in outbox(session)[0].last_error
        with frozen_at(NOW + timedelta(minutes=1)):
            right = send_queued(session, settings=server.settings(username="mailer", password="s3cret"))
        assert right.sent == 1
        assert server.mailbox.subjects() == ["Message 01"]
    finally:
        server.stop()


@pytest.mark.postgres_only
def test_two_senders_at_once_send_each_mail_once(app, session, smtp_server: SmtpServer) -> None:
    queue(session, 40)
    settings = smtp_server.settings()
    start = threading.Barrier(2)
    reports: list[SendReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context():
                start.wait(timeout=10)
                reports.append(send_queued(db.session, settings=settings, now=NOW))
                db.session.remove()
        except BaseException as error:  # noqa: BLE001  (reported by the test below)
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(r.sent for r in reports) == 40
    assert smtp_server.mailbox.subjects() == [f"Message {i:02d}" for i in range(1, 41)]
    assert [(m.state, m.attempts) for m in outbox(session)] == [(MailState.SENT, 1)] * 40


def test_settings_come_from_the_configuration_and_the_environment(app) -> None:
    overrides = environment_overrides(
        {
            "EVALUATOR_SMTP_HOST": "mail.tu-dresden.de",
            "EVALUATOR_SMTP_PORT": "587",
            "EVALUATOR_SMTP_STARTTLS": "true",
            "EVALUATOR_SMTP_USERNAME": "12345",
            "EVALUATOR_SMTP_PASSWORD": "007",
            "EVALUATOR_MAIL_RETRY_MINUTES": "[2, 10]",
        },
        dict(app.config),
    )
    settings = SmtpSettings.from_config({**app.config, **overrides})
    assert (settings.host, settings.port, settings.starttls, settings.use_ssl) == (
        "mail.tu-dresden.de",
        587,
        True,
        False,
    )
    assert (settings.username, settings.password) == ("12345", "007")
    assert settings.retry_delay(1) == timedelta(minutes=2)
    assert settings.retry_delay(2) == timedelta(minutes=10)
    assert settings.retry_delay(9) == timedelta(minutes=10)  # the last delay repeats
    defaults = SmtpSettings.from_config(app.config)
    assert (defaults.host, defaults.port, defaults.starttls, defaults.max_attempts) == (
        "localhost",
        25,
        False,
        7,
    )
    assert [defaults.retry_delay(n).total_seconds() / 60 for n in range(1, 8)] == [
        1,
        5,
        15,
        60,
        240,
        720,
        720,
    ]
