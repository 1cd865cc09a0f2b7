"""Admin pages of publication: publishing a round, and every initiative's timeline."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import DBAPIError

from evaluator.core.access import load_or_404, permission_required
from evaluator.core.errors import DomainError
from evaluator.core.forms import EmptyForm
from evaluator.core.urls import search_text
from evaluator.extensions import db
from evaluator.i18n import _, ngettext
from evaluator.nominations.models import Initiative
from evaluator.publication import operations
from evaluator.publication.timeline import initiative_timeline, initiatives_overview
from evaluator.rounds.models import Round, RoundPhase
from evaluator.rounds.operations import preview_transition
from evaluator.rounds.permissions import can_manage_rounds

bp = Blueprint("admin_publication", __name__, url_prefix="/admin")


@bp.route("/rounds/<int:round_id>/publish", methods=["GET", "POST"])
@permission_required(can_manage_rounds)
def publish(round_id: int):  # type: ignore[no-untyped-def]
    """What publishing will do, then the publication itself (behind one confirmation)."""
    round_ = load_or_404(Round, round_id)
    if round_.phase not in (RoundPhase.DECIDING, RoundPhase.PUBLISHED, RoundPhase.ARCHIVED):
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            plan = operations.publish_round(db.session, round_, actor=current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        except DBAPIError:
            # Another admin published at the same moment; their publication stands.
            db.session.rollback()
            flash(_("The round was being published by someone else at the same moment."), "info")
            return redirect(url_for(".publish", round_id=round_id))
        else:
            if plan.already_published:
                flash(_("The round had already been published; nothing has changed."), "info")
            else:
                flash(
                    ngettext(
                        "The %(name)s has been published: %(num)d lighthouse.",
                        "The %(name)s has been published: %(num)d lighthouses.",
                        len(plan.awarded),
                        name=round_.name,
                    ),
                    "success",
                )
            return redirect(url_for("public.round_results", year=round_.year))
    plan = operations.plan_publication(db.session, round_)
    changes = plan.changes
    return render_template(
        "admin/rounds/publish.html",
        round=round_,
        plan=plan,
        check=preview_transition(db.session, round_) if round_.phase is RoundPhase.DECIDING else None,
        form=form,
        titles=_titles(sorted(changes.new | changes.renewed | changes.lapsed)),
    )


def _titles(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Initiative.id, Initiative.title).where(Initiative.id.in_(ids)))
    return {initiative_id: title for initiative_id, title in rows}


@bp.route("/initiatives/")
@permission_required(can_manage_rounds)
def initiatives():  # type: ignore[no-untyped-def]
    search = search_text(request.args.get("q"), limit=200).strip()
    return render_template(
        "admin/initiatives/index.html", rows=initiatives_overview(db.session, search), search=search
    )


@bp.route("/initiatives/<int:initiative_id>")
@permission_required(can_manage_rounds)
def timeline(initiative_id: int):  # type: ignore[no-untyped-def]
    initiative = load_or_404(Initiative, initiative_id)
    return render_template(
        "admin/initiatives/timeline.html",
        initiative=initiative,
        timeline=initiative_timeline(db.session, initiative),
    )
