"""Signed, expiring links for invitations and password resets.

A token names the account and carries a fingerprint of its e-mail address, password hash and
session token. Setting a password replaces both of the latter, so a link works once; changing the
address or re-sending an invitation makes older links stop working too. Each purpose signs with a
salt of its own, so a reset link never opens the invitation page and the other way round.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from evaluator.accounts.models import User
from evaluator.core.clock import now_utc


class LinkPurpose(enum.StrEnum):
    INVITATION = "invitation"
    RESET = "password-reset"


LIFETIMES = {
    LinkPurpose.INVITATION: timedelta(hours=48),
    LinkPurpose.RESET: timedelta(hours=1),
}


class LinkInvalid(Exception):
    """Not a link this application signed for this purpose (cut off, changed, or another kind)."""


class LinkExpired(Exception):
    """A genuine link that no longer works: too old, already used, or the account changed."""


class _ClockSigner(TimestampSigner):
    # Signing and checking the age read the application's clock, so tests can pin it.
    def get_timestamp(self) -> int:
        return int(now_utc().timestamp())


def _serializer(purpose: LinkPurpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"evaluator.accounts.{purpose}", signer=_ClockSigner
    )


def fingerprint(user: User) -> str:
    """Changes whenever the address, the password or the session token of the account changes."""
    material = "\x1f".join([str(user.id), user.email, user.password_hash or "", user.session_token])
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, material.encode(), hashlib.sha256).hexdigest()[:32]


def make_token(user: User, purpose: LinkPurpose) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": fingerprint(user)})


def expires_at(purpose: LinkPurpose) -> datetime:
    """When a link made now stops working."""
    return now_utc() + LIFETIMES[purpose]


def user_for_token(session: Session, token: str, purpose: LinkPurpose, *, lock: bool = False) -> User:
    """The account a link is for, if it still works; else LinkInvalid or LinkExpired.

    With ``lock`` the account row is locked (PostgreSQL) for the rest of the transaction, so two
    tabs submitting the same link at once cannot both use it.
    """
    max_age = int(LIFETIMES[purpose].total_seconds())
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkExpired from error
    except BadSignature as error:
        raise LinkInvalid from error
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise LinkInvalid
    query = sa.select(User).where(User.id == payload["u"])
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    user = session.scalar(query)
    if user is None or not user.active or not hmac.compare_digest(str(payload.get("f")), fingerprint(user)):
        raise LinkExpired
    return user
