"""Admin operations on the outbox. Each takes the session and the acting admin, writes an audit
event, flushes and never commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evaluator.accounts.models import User
from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.core.errors import NotAllowed
from evaluator.i18n import _
from evaluator.mail.models import MailState, OutboxMail


def requeue(session: Session, mail: OutboxMail, *, actor: User) -> OutboxMail:
    """failed → queued, due now, with a fresh series of attempts; the last error is kept until
    the next attempt replaces it."""
    if mail.state is not MailState.FAILED:
        raise NotAllowed(_("Only a mail that failed can be queued again."))
    before = {"state": str(mail.state), "attempts": mail.attempts}
    mail.state = MailState.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = now_utc()
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.MAIL_REQUEUE,
        object_type="mail",
        object_id=mail.id,
        round_id=mail.round_id,
        before=before,
        after={"state": str(mail.state), "attempts": 0, "to": mail.to_address, "kind": mail.kind},
    )
    return mail
