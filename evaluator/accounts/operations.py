"""Account operations. Each takes the session and the acting person, flushes, never commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.accounts.models import Role, User, new_session_token
from evaluator.accounts.passwords import hash_password, needs_rehash, verify_password
from evaluator.audit.operations import changed_fields, record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.core.errors import DomainError, NotAllowed
from evaluator.i18n import _
from evaluator.orgunits.models import OrgUnit


class EmailTaken(DomainError):
    pass


class CoordinatorNeedsUnit(DomainError):
    pass


def _check_units_fit_roles(roles: set[Role], coordinated: list[OrgUnit]) -> list[OrgUnit]:
    """A coordinator coordinates at least one unit; anyone else coordinates none."""
    if Role.COORDINATOR not in roles:
        return []
    if not coordinated:
        raise CoordinatorNeedsUnit(_("Choose at least one unit for a coordinator."))
    return coordinated


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def _snapshot(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "active": user.active,
        "roles": sorted(str(r) for r in user.roles),
        "coordinated_units": sorted(u.id for u in user.coordinated_units),
        "affiliations": sorted(u.id for u in user.affiliations),
    }


def _ensure_email_free(session: Session, email: str, *, except_user: User | None = None) -> None:
    existing = find_by_email(session, email)
    if existing is not None and existing is not except_user:
        raise EmailTaken(_("Another account already uses this e-mail address."))


def create_user(
    session: Session,
    *,
    actor: User | None,
    email: str,
    display_name: str,
    password: str | None,
    roles: Iterable[Role] = (),
    coordinated_units: Iterable[OrgUnit] = (),
    affiliations: Iterable[OrgUnit] = (),
    active: bool = True,
) -> User:
    """Create an account, audit-logged. Raises EmailTaken for a used address (any case)."""
    _ensure_email_free(session, email)
    wanted_roles = set(roles)
    coordinated = _check_units_fit_roles(wanted_roles, list(coordinated_units))
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password) if password else None,
        active=active,
    )
    user.set_roles(wanted_roles)
    user.coordinated_units = coordinated
    user.affiliations = list(affiliations)
    session.add(user)
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.USER_CREATE,
        object_type="user",
        object_id=user.id,
        after=_snapshot(user),
    )
    _sync_conflicts(session, actor)
    return user


def update_user(
    session: Session,
    user: User,
    *,
    actor: User,
    email: str,
    display_name: str,
    roles: Iterable[Role],
    coordinated_units: Iterable[OrgUnit],
    affiliations: Iterable[OrgUnit],
) -> User:
    """Change an account's details, roles and units; the audit event lists what changed."""
    _ensure_email_free(session, email, except_user=user)
    before = _snapshot(user)
    wanted_roles = set(roles)
    coordinated = _check_units_fit_roles(wanted_roles, list(coordinated_units))
    if user.id == actor.id and Role.ADMIN not in wanted_roles and user.is_admin:
        raise NotAllowed(_("You cannot remove your own admin role."))
    user.email = normalise_email(email)
    user.display_name = display_name.strip()
    user.set_roles(wanted_roles)
    user.coordinated_units = coordinated
    user.affiliations = list(affiliations)
    session.flush()
    old, new = changed_fields(before, _snapshot(user))
    if new:
        record(
            session,
            actor=actor,
            action=AuditAction.USER_UPDATE,
            object_type="user",
            object_id=user.id,
            before=old,
            after=new,
        )
        _sync_conflicts(session, actor)
    return user


def _sync_conflicts(session: Session, actor: User | None) -> None:
    # A new member, or new units of a member, may conflict with nominations under review.
    from evaluator.reviewing.operations import sync_running_round

    sync_running_round(session, actor=actor)


def set_active(session: Session, user: User, *, actor: User, active: bool) -> User:
    """Deactivate (ending every session at once) or reactivate an account."""
    if user.id == actor.id:
        raise NotAllowed(_("You cannot deactivate your own account."))
    if user.active == active:
        return user
    user.active = active
    if not active:
        user.session_token = new_session_token()
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.USER_REACTIVATE if active else AuditAction.USER_DEACTIVATE,
        object_type="user",
        object_id=user.id,
        before={"active": not active},
        after={"active": active},
    )
    if active:
        _sync_conflicts(session, actor)
    return user


def set_password(session: Session, user: User, *, actor: User, new_password: str) -> None:
    """An admin sets a person's password; that person's sessions end."""
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    session.flush()
    record(session, actor=actor, action=AuditAction.USER_PASSWORD_SET, object_type="user", object_id=user.id)


def change_own_password(session: Session, user: User, *, current_password: str, new_password: str) -> None:
    """Change one's own password after checking the current one; other sessions end."""
    if not verify_password(user.password_hash, current_password):
        raise NotAllowed(_("The current password is not correct."))
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    session.flush()
    record(
        session, actor=user, action=AuditAction.USER_PASSWORD_CHANGE, object_type="user", object_id=user.id
    )


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active account with this e-mail and password, or None, whichever part was wrong."""
    user = find_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now_utc()
    return user


# Invitations and password-reset links ----------------------------------------------------------


def invite_user(
    session: Session,
    *,
    actor: User,
    email: str,
    display_name: str,
    roles: Iterable[Role],
    coordinated_units: Iterable[OrgUnit],
    affiliations: Iterable[OrgUnit],
) -> User:
    """Create an account without a password and queue the invitation with its link."""
    user = create_user(
        session,
        actor=actor,
        email=email,
        display_name=display_name,
        password=None,
        roles=roles,
        coordinated_units=coordinated_units,
        affiliations=affiliations,
    )
    _send_invitation(session, user, actor=actor, again=False)
    return user


def resend_invitation(session: Session, user: User, *, actor: User) -> None:
    """Queue a new invitation; the links sent before stop working."""
    if not user.active or not user.invitation_pending:
        raise NotAllowed(_("Only a person who has not yet chosen a password can be invited again."))
    user.session_token = new_session_token()  # part of the links' fingerprint
    session.flush()
    _send_invitation(session, user, actor=actor, again=True)


def _send_invitation(session: Session, user: User, *, actor: User, again: bool) -> None:
    from evaluator.accounts.emails import queue_invitation

    queue_invitation(session, user, inviter=actor)
    record(
        session,
        actor=actor,
        action=AuditAction.USER_INVITATION_SEND,
        object_type="user",
        object_id=user.id,
        after={"to": user.email, "again": again},
    )


def request_password_reset(session: Session, email: str, *, mails_per_hour: int) -> None:
    """Queue a reset link for an active account with this address; silently nothing otherwise.

    The caller answers the same whatever happened here. At most ``mails_per_hour`` links go to one
    account per hour, so the form cannot be used to flood someone's mailbox.
    """
    from evaluator.accounts.emails import RESET_MAIL_KIND, queue_password_reset
    from evaluator.mail.models import OutboxMail

    user = find_by_email(session, email)
    if user is None or not user.active:
        return
    recent = session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMail)
        .where(
            OutboxMail.kind == RESET_MAIL_KIND,
            OutboxMail.to_address == user.email,
            OutboxMail.created_at > now_utc() - timedelta(hours=1),
        )
    )
    if (recent or 0) >= mails_per_hour:
        return
    queue_password_reset(session, user)
    record(
        session,
        actor=None,
        action=AuditAction.USER_PASSWORD_RESET_REQUEST,
        object_type="user",
        object_id=user.id,
    )


def set_password_from_link(
    session: Session, user: User, *, accepting_invitation: bool, new_password: str
) -> None:
    """Set the password chosen on an invitation or reset page; every session and link of the
    person ends. The caller logs the person in afterwards."""
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    user.last_login_at = now_utc()
    session.flush()
    record(
        session,
        actor=user,
        action=AuditAction.USER_INVITATION_ACCEPT
        if accepting_invitation
        else AuditAction.USER_PASSWORD_RESET,
        object_type="user",
        object_id=user.id,
    )
