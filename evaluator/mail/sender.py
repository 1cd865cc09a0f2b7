"""Delivering the outbox over SMTP (``evaluator send-mail``).

Each due mail is first claimed in a short transaction of its own: one UPDATE that counts the
attempt and moves its next attempt well into the future (a lease), and only succeeds while the
mail is still queued, due and at the attempt count this run saw. A second sender running at the
same time finds the row changed and leaves the mail alone, so no two senders deliver the same
mail. The mail is then handed to the SMTP server with no transaction open, and the outcome is
committed at once: a delivered mail is marked sent and never sent again; a failed attempt is
recorded and tried again after a growing delay, until the last attempt marks it failed.

A process that dies between the server accepting a mail and marking it sent leaves the mail
queued; it is delivered again once the lease is over (with the same Message-ID). That window is
a few milliseconds wide; everything else never repeats a mail.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.core.clock import now_utc
from evaluator.mail.models import MailState, OutboxMail

log = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000
# How long a claimed mail is held by its sender before another may try it (if the sender died).
CLAIM_LEASE = timedelta(minutes=15)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to deliver, and how patiently: read from the app's configuration."""

    host: str = "localhost"
    port: int = 25
    username: str = ""
    password: str = ""
    starttls: bool = False
    use_ssl: bool = False
    timeout: float = 30.0
    sender: str = "lighthouses@localhost"
    retry_minutes: tuple[int, ...] = (1, 5, 15, 60, 240, 720)
    max_attempts: int = 7

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings:
        return cls(
            host=str(config.get("SMTP_HOST") or "localhost"),
            port=int(config.get("SMTP_PORT") or 25),
            username=str(config.get("SMTP_USERNAME") or ""),
            password=str(config.get("SMTP_PASSWORD") or ""),
            starttls=_flag(config.get("SMTP_STARTTLS")),
            use_ssl=_flag(config.get("SMTP_SSL")),
            timeout=float(config.get("SMTP_TIMEOUT") or 30),
            sender=str(config.get("SMTP_SENDER") or "lighthouses@localhost"),
            retry_minutes=tuple(int(m) for m in (config.get("MAIL_RETRY_MINUTES") or (1,))),
            max_attempts=max(1, int(config.get("MAIL_MAX_ATTEMPTS") or 1)),
        )

    def retry_delay(self, failed_attempts: int) -> timedelta:
        """How long to wait after the ``failed_attempts``-th failure (1, 5, 15, 60… minutes)."""
        index = min(max(failed_attempts, 1), len(self.retry_minutes)) - 1
        return timedelta(minutes=self.retry_minutes[index])


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0  # failed this time, will be tried again
    failed: int = 0  # failed for good (last attempt, or refused outright by the server)
    taken: int = 0  # claimed by another sender in the meantime
    waiting: int = 0  # still queued after this run (not yet due, or beyond the limit)

    def summary(self) -> str:
        return (
            f"Sent {self.sent}, to retry {self.retrying}, failed {self.failed}, "
            f"left to another sender {self.taken}; {self.waiting} queued for later."
        )


@dataclass(frozen=True)
class _Letter:
    """What is needed to send one mail, read while it was claimed (no ORM object held)."""

    id: int
    to: str
    subject: str
    body_text: str
    body_html: str | None
    created_at: datetime
    attempts: int


class _PermanentFailure(Exception):
    """The server refused this mail for good (5xx): trying again would not help."""


def build_message(letter: _Letter, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = letter.to
    message["Subject"] = " ".join(letter.subject.split())
    message["Date"] = format_datetime(now_utc())
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    # Stable per outbox row: a repeated delivery (see the module notes) is recognisably the same.
    message["Message-ID"] = f"<outbox-{letter.id}-{int(letter.created_at.timestamp())}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(letter.body_text)
    if letter.body_html:
        message.add_alternative(letter.body_html, subtype="html")
    return message


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [f"{addr}: {code} {_text(reply)}" for addr, (code, reply) in error.recipients.items()]
        text = "recipient refused: " + "; ".join(parts)
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{type(error).__name__}: {error.smtp_code} {_text(error.smtp_error)}"
    else:
        text = f"{type(error).__name__}: {error}"
    return text[:MAX_ERROR_LENGTH]


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _is_permanent(error: BaseException) -> bool:
    """5xx answers about this mail (its recipient or content). Connection, authentication,
    sender and 4xx problems concern the server or its settings and are tried again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):  # the content itself was refused
        return error.smtp_code >= 500
    return isinstance(error, _PermanentFailure)


class _Connection:
    """One SMTP connection per run, opened at the first mail and reopened after a failure.

    When the server cannot be reached at all, the run stops trying to connect: the remaining
    mails of the run are counted as failed attempts with the same error instead of each
    waiting for its own timeout.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.unreachable: BaseException | None = None

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.use_ssl:
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            if s.starttls and not s.use_ssl:
                smtp.starttls(context=context)
            if s.username:
                smtp.login(s.username, s.password)
        except BaseException:
            self._close(smtp)
            raise
        return smtp

    def send(self, message: EmailMessage, envelope_from: str, to: str) -> None:
        if self.unreachable is not None:
            raise self.unreachable
        if self.smtp is None:
            try:
                self.smtp = self._open()
            except (OSError, smtplib.SMTPException) as error:
                self.unreachable = error
                raise
        try:
            self.smtp.send_message(message, from_addr=envelope_from, to_addrs=[to])
        except BaseException as error:
            # After a refused recipient the connection is still good; after anything else it
            # may not be, so the next mail starts on a fresh one.
            if not isinstance(error, smtplib.SMTPRecipientsRefused):
                self.close()
            raise

    @staticmethod
    def _close(smtp: smtplib.SMTP) -> None:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()

    def close(self) -> None:
        if self.smtp is not None:
            self._close(self.smtp)
            self.smtp = None


def due_mail_ids(session: Session, *, now: datetime, limit: int) -> list[tuple[int, int]]:
    """(id, attempts) of queued mail whose next attempt is due, oldest first."""
    rows = session.execute(
        sa.select(OutboxMail.id, OutboxMail.attempts)
        .where(OutboxMail.state == MailState.QUEUED, OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(limit)
    ).all()
    return [(row.id, row.attempts) for row in rows]


def claim(
    session: Session, mail_id: int, *, seen_attempts: int, now: datetime, settings: SmtpSettings
) -> _Letter | None:
    """Count an attempt on the mail and push its next attempt out, committed, if it is still
    queued, due and unchanged since it was listed; None when another sender got there first."""
    attempt = seen_attempts + 1
    result = session.execute(
        sa.update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.state == MailState.QUEUED,
            OutboxMail.attempts == seen_attempts,
            OutboxMail.next_attempt_at <= now,
        )
        # Held for longer than one delivery can take, so no one else picks it up meanwhile.
        .values(attempts=attempt, next_attempt_at=now + max(settings.retry_delay(attempt), CLAIM_LEASE))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        return None
    row = session.execute(
        sa.select(
            OutboxMail.to_address,
            OutboxMail.subject,
            OutboxMail.body_text,
            OutboxMail.body_html,
            OutboxMail.created_at,
        ).where(OutboxMail.id == mail_id)
    ).one()
    session.commit()
    return _Letter(
        id=mail_id,
        to=row.to_address,
        subject=row.subject,
        body_text=row.body_text,
        body_html=row.body_html,
        created_at=row.created_at,
        attempts=attempt,
    )


def _mark_sent(session: Session, letter: _Letter) -> None:
    session.execute(
        sa.update(OutboxMail)
        .where(OutboxMail.id == letter.id, OutboxMail.state == MailState.QUEUED)
        .values(state=MailState.SENT, sent_at=now_utc())
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _mark_failed(
    session: Session, letter: _Letter, error: str, *, for_good: bool, next_attempt_at: datetime
) -> None:
    values: dict[str, Any] = {"last_error": error, "next_attempt_at": next_attempt_at}
    if for_good:
        values["state"] = MailState.FAILED
    session.execute(
        sa.update(OutboxMail)
        .where(OutboxMail.id == letter.id, OutboxMail.state == MailState.QUEUED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def send_queued(
    session: Session, *, settings: SmtpSettings, now: datetime | None = None, limit: int = 100
) -> SendReport:
    """Deliver up to ``limit`` due mails, committing after each step (see the module notes).

    The session must not hold uncommitted work: this commits.
    """
    now = now or now_utc()
    report = SendReport()
    envelope_from = parseaddr(settings.sender)[1] or settings.sender
    candidates = due_mail_ids(session, now=now, limit=limit)
    session.commit()
    connection = _Connection(settings)
    try:
        for mail_id, seen_attempts in candidates:
            letter = claim(session, mail_id, seen_attempts=seen_attempts, now=now, settings=settings)
            if letter is None:
                report.taken += 1
                continue
            try:
                try:
                    message = build_message(letter, settings.sender)
                except (ValueError, TypeError) as error:  # an address or header that cannot be sent
                    raise _PermanentFailure(str(error)) from error
                connection.send(message, envelope_from, letter.to)
            except (OSError, smtplib.SMTPException, _PermanentFailure) as error:
                for_good = _is_permanent(error) or letter.attempts >= settings.max_attempts
                retry_at = max(now, now_utc()) + settings.retry_delay(letter.attempts)
                _mark_failed(session, letter, _describe(error), for_good=for_good, next_attempt_at=retry_at)
                log.warning(
                    "Mail %s to %s not delivered (attempt %s%s): %s",
                    letter.id,
                    letter.to,
                    letter.attempts,
                    ", giving up" if for_good else "",
                    _describe(error),
                )
                if for_good:
                    report.failed += 1
                else:
                    report.retrying += 1
                continue
            _mark_sent(session, letter)
            report.sent += 1
    finally:
        connection.close()
        session.rollback()
    report.waiting = (
        session.scalar(
            sa.select(sa.func.count()).select_from(OutboxMail).where(OutboxMail.state == MailState.QUEUED)
        )
        or 0
    )
    session.commit()
    return report
