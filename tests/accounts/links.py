"""Reading the invitation and reset mails the accounts pages queue, and the links in them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa

from evaluator.mail.models import OutboxMail

LINK = re.compile(r"https?://\S+/(?:accept|reset)/\S+")


def queued(session, kind: str | None = None, to: str | None = None) -> list[OutboxMail]:  # type: ignore[no-untyped-def]
    """The outbox as the database has it now, oldest first."""
    session.expire_all()
    query = sa.select(OutboxMail).order_by(OutboxMail.id)
    if kind is not None:
        query = query.where(OutboxMail.kind == kind)
    if to is not None:
        query = query.where(OutboxMail.to_address == to)
    return list(session.scalars(query))


def link_in(mail: OutboxMail) -> str:
    """The one invitation or reset link in the mail's text."""
    links = LINK.findall(mail.body_text)
    assert len(links) == 1, f"expected one link in the mail, found {links}"
    return links[0]


def path_of(link: str) -> str:
    return urlsplit(link).path


def tampered(path: str) -> str:
    """The same path with the first character of the signature changed (all its bits count)."""
    head, signature = path.rsplit(".", 1)
    first = "A" if signature[0] != "A" else "B"
    return f"{head}.{first}{signature[1:]}"
