"""Admins' view of a round's nominations, and the eligibility check after nominating closes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from evaluator.core.access import load_or_404, permission_required
from evaluator.core.errors import DomainError
from evaluator.extensions import db
from evaluator.i18n import _
from evaluator.nominations import operations, permissions, queries
from evaluator.nominations.forms import EligibilityForm
from evaluator.nominations.models import Nomination
from evaluator.rounds.models import Round, RoundPhase

bp = Blueprint("admin_nominations", __name__, url_prefix="/admin/rounds/<int:round_id>/nominations")


@bp.route("/")
@permission_required(permissions.can_judge_eligibility)
def index(round_id: int):  # type: ignore[no-untyped-def]
    round_ = load_or_404(Round, round_id)
    nominations = queries.submitted_in_round(db.session, round_)
    forms = {}
    for nomination in nominations:
        form = EligibilityForm(prefix=f"n{nomination.id}")
        form.eligible.data = "no" if nomination.eligibility == "ineligible" else "yes"
        form.reason.data = nomination.eligibility_reason or ""
        forms[nomination.id] = form
    return render_template(
        "admin/rounds/nominations.html",
        round=round_,
        nominations=nominations,
        verdict_forms=forms,
        can_judge=round_.phase is RoundPhase.REVIEWING,
    )


@bp.route("/<int:nomination_id>/eligibility", methods=["POST"])
@permission_required(permissions.can_judge_eligibility)
def eligibility(round_id: int, nomination_id: int):  # type: ignore[no-untyped-def]
    nomination = load_or_404(Nomination, nomination_id)
    if nomination.round_id != round_id:
        abort(404)
    form = EligibilityForm(prefix=f"n{nomination.id}")
    if not form.validate_on_submit():
        flash(_("The verdict could not be read; please try again."), "danger")
        return redirect(url_for(".index", round_id=round_id))
    try:
        operations.set_eligibility(
            db.session,
            nomination,
            actor=current_user,
            eligible=form.eligible.data == "yes",
            reason=form.reason.data or "",
        )
    except DomainError as error:
        db.session.rollback()
        flash(_("%(title)s: %(message)s", title=nomination.title, message=error.message), "danger")
    else:
        db.session.commit()
        flash(
            _(
                "Saved: %(title)s is %(verdict)s.",
                title=nomination.title,
                verdict=_("eligible") if form.eligible.data == "yes" else _("not eligible"),
            ),
            "success",
        )
    return redirect(url_for(".index", round_id=round_id) + f"#nomination-{nomination.id}")
