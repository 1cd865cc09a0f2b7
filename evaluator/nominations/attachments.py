"""Attachment operations: add and remove PDFs of a nomination, audited, never committing."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evaluator.accounts.models import User
from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.nominations.models import Attachment, Nomination
from evaluator.nominations.operations import require_writable
from evaluator.nominations.storage import AttachmentStore, check_attachment_count, check_pdf


def add_attachment(
    session: Session,
    nomination: Nomination,
    *,
    actor: User,
    filename: str,
    data: bytes,
    store: AttachmentStore,
) -> Attachment:
    """Check the file by content and size, store its bytes, and record it on the nomination."""
    require_writable(nomination)
    check_attachment_count(len(nomination.attachments))
    name = check_pdf(data, filename)
    key, digest = store.save(data)
    attachment = Attachment(
        nomination=nomination,
        filename=name,
        size_bytes=len(data),
        sha256=digest,
        storage_key=key,
        uploaded_by_id=actor.id,
        uploaded_at=now_utc(),
    )
    session.add(attachment)
    try:
        session.flush()
    except Exception:
        store.delete(key)  # no orphaned bytes when the row cannot be written
        raise
    record(
        session,
        actor=actor,
        action=AuditAction.ATTACHMENT_ADD,
        object_type="nomination",
        object_id=nomination.id,
        round_id=nomination.round_id,
        after={"attachment": name, "size": len(data), "sha256": digest},
    )
    return attachment


def remove_attachment(session: Session, attachment: Attachment, *, actor: User) -> str:
    """Remove the record; the caller deletes the bytes after the commit (returns the storage key)."""
    nomination = attachment.nomination
    require_writable(nomination)
    key = attachment.storage_key
    record(
        session,
        actor=actor,
        action=AuditAction.ATTACHMENT_REMOVE,
        object_type="nomination",
        object_id=nomination.id,
        round_id=nomination.round_id,
        before={"attachment": attachment.filename},
    )
    session.delete(attachment)
    session.flush()
    return key
