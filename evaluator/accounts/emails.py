"""The accounts' e-mails (invitation, password-reset link), written into the outbox.

They are rendered like every other mail of the application (evaluator.mail.notifications):
templates/email/<name>/, the person's language, links built on BASE_URL.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from evaluator.accounts.forms import ROLE_LABELS
from evaluator.accounts.models import User
from evaluator.accounts.tokens import LinkPurpose, expires_at, make_token
from evaluator.mail.models import OutboxMail
from evaluator.mail.notifications import absolute_url, queue_to

INVITATION_MAIL_KIND = "invitation"
RESET_MAIL_KIND = "password_reset"


def queue_invitation(session: Session, user: User, *, inviter: User | None) -> OutboxMail:
    token = make_token(user, LinkPurpose.INVITATION)
    mail = queue_to(
        session,
        user,
        "invitation",
        kind=INVITATION_MAIL_KIND,
        inviter=inviter,
        link=absolute_url("accounts.accept_invitation", token=token),
        expires_at=expires_at(LinkPurpose.INVITATION),
        roles=[label for role, label in ROLE_LABELS.items() if role in user.roles],
        forgot_link=absolute_url("accounts.forgot_password"),
    )
    assert mail is not None  # no dedupe key: always queued
    return mail


def queue_password_reset(session: Session, user: User) -> OutboxMail:
    token = make_token(user, LinkPurpose.RESET)
    mail = queue_to(
        session,
        user,
        "password_reset",
        kind=RESET_MAIL_KIND,
        link=absolute_url("accounts.reset_password", token=token),
        expires_at=expires_at(LinkPurpose.RESET),
        forgot_link=absolute_url("accounts.forgot_password"),
    )
    assert mail is not None
    return mail
