"""Admin page: the outbox with each mail's state, attempts and last error; failed mail can be
queued again."""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from evaluator.accounts.permissions import can_manage_users
from evaluator.audit.views import page_number, page_window
from evaluator.core.access import load_or_404, permission_required
from evaluator.core.errors import DomainError
from evaluator.core.forms import EmptyForm
from evaluator.extensions import db
from evaluator.i18n import _, _l
from evaluator.mail import operations
from evaluator.mail.models import MailState, OutboxMail
from evaluator.rounds.models import Round

bp = Blueprint("admin_outbox", __name__, url_prefix="/admin/outbox")

PER_PAGE = 50

STATE_LABELS = {
    MailState.QUEUED: _l("Queued"),
    MailState.SENT: _l("Sent"),
    MailState.FAILED: _l("Failed"),
}
KIND_LABELS = {
    "round_opened": _l("Round opened"),
    "nomination_received": _l("Nomination received"),
    "reviewing_opened": _l("Reviewing opened"),
    "voting_opened": _l("Voting opened"),
    "results_published": _l("Results published"),
    "reminder_nominations": _l("Reminder: nomination deadline"),
    "reminder_reviewing": _l("Reminder: review deadline"),
    "reminder_voting": _l("Reminder: voting deadline"),
    "reminder_late": _l("Reminder from an admin"),
    "invitation": _l("Invitation"),
    "password_reset": _l("Password reset"),
}


@dataclass(frozen=True)
class OutboxPage:
    rows: list[tuple[OutboxMail, str | None]]  # each mail with its round's name
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def state_counts(session: Session) -> dict[MailState, int]:
    counts = dict.fromkeys(MailState, 0)
    for state, number in session.execute(
        sa.select(OutboxMail.state, sa.func.count()).group_by(OutboxMail.state)
    ):
        counts[MailState(state)] = number
    return counts


def outbox_page(
    session: Session, state: MailState | None, *, page: int, per_page: int = PER_PAGE
) -> OutboxPage:
    """One page of the outbox, newest first, in two queries whatever the page size."""
    conditions = [OutboxMail.state == state] if state is not None else []
    total = session.scalar(sa.select(sa.func.count()).select_from(OutboxMail).where(*conditions)) or 0
    page = min(max(page, 1), max(1, math.ceil(total / per_page)))
    rows = session.execute(
        sa.select(OutboxMail, Round.name)
        .outerjoin(Round, Round.id == OutboxMail.round_id)
        .where(*conditions)
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return OutboxPage([(mail, name) for mail, name in rows], page, per_page, total)


def _state_filter(raw: str | None) -> MailState | None:
    try:
        return MailState(raw) if raw else None
    except ValueError:
        return None


@bp.route("/")
@permission_required(can_manage_users)
def index():  # type: ignore[no-untyped-def]
    state = _state_filter(request.args.get("state"))
    page = outbox_page(db.session, state, page=page_number(request.args.get("page")))
    return render_template(
        "admin/outbox/index.html",
        page=page,
        window=page_window(page.page, page.pages),
        state=state,
        counts=state_counts(db.session),
        STATE_LABELS=STATE_LABELS,
        KIND_LABELS=KIND_LABELS,
        requeue_form=EmptyForm(),
    )


@bp.route("/<int:mail_id>/requeue", methods=["POST"])
@permission_required(can_manage_users)
def requeue(mail_id: int):  # type: ignore[no-untyped-def]
    if not EmptyForm().validate_on_submit():
        abort(400)
    mail = load_or_404(OutboxMail, mail_id)
    try:
        operations.requeue(db.session, mail, actor=current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
    else:
        flash(_("The mail to %(address)s is queued again.", address=mail.to_address), "success")
    state = _state_filter(request.args.get("state"))
    return redirect(url_for(".index", state=str(state) if state else None))
