"""Queueing e-mail in the caller's transaction. Sending is evaluator.mail.sender's business."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.mail.models import OutboxMail


def queue_mail(
    session: Session,
    *,
    kind: str,
    to: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    round_id: int | None = None,
    dedupe_key: str | None = None,
) -> OutboxMail | None:
    """Add a mail to the outbox (nothing is committed or sent here).

    With ``dedupe_key``, a mail already queued under that key is not queued again and None is
    returned, so that a job run every hour queues each reminder once.
    """
    if dedupe_key is not None:
        exists = session.scalar(sa.select(OutboxMail.id).where(OutboxMail.dedupe_key == dedupe_key))
        if exists is not None:
            return None
    mail = OutboxMail(
        kind=kind,
        to_address=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        round_id=round_id,
        dedupe_key=dedupe_key,
    )
    session.add(mail)
    session.flush()
    return mail
